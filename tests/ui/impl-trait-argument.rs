// A fn with an `impl Trait` argument is hooked as the generic fn it means: a patch names
// the instantiation, `patch!(total::<std::ops::Range<u32>>)`. Without it, rustc asks for
// the type argument.
use patchable::{patch, patchable};

#[patchable]
fn total(numbers: impl Iterator<Item = u32>) -> u32 {
    numbers.sum()
}

fn main() {
    let _ = total(0..3);
    let _fine = patch!(total::<std::ops::Range<u32>>).returns(0);
    let _guard = patch!(total).returns(0);
}
