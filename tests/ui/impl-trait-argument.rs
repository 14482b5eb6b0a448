use patchable::patchable;

#[patchable]
fn total(numbers: impl Iterator<Item = u32>) -> u32 {
    numbers.sum()
}

fn main() {
    let _ = total(0..3);
}
