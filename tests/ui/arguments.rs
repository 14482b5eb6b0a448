use patchable::patchable;

#[patchable(global)]
fn fetch() -> u32 {
    1
}

fn main() {
    let _ = fetch();
}
