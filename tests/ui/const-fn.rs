use patchable::patchable;

#[patchable]
const fn answer() -> u32 {
    42
}

fn main() {
    let _ = answer();
}
