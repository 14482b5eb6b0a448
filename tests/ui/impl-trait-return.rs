use patchable::patchable;

#[patchable]
fn numbers() -> impl Iterator<Item = u32> {
    0..3
}

fn main() {
    let _ = numbers().count();
}
