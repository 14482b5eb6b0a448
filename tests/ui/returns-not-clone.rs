use patchable::{patch, patchable};

pub struct Meters(pub u32);

#[patchable]
pub fn distance() -> Meters {
    Meters(1)
}

fn main() {
    let _guard = patch!(distance).returns(Meters(2));
}
