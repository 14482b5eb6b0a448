// A marked fn named like a primitive type is left as it is (its patch handle, a type of
// its name, would shadow `f32` in its module): `patch!` of it says so in its note.
#![allow(non_snake_case)]
use patchable::{patch, patchable};

#[patchable]
pub fn f32(x: u64) -> u64 {
    x
}

fn main() {
    let _guard = patch!(f32).returns(2);
}
