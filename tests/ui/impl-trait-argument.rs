// A fn with an `impl Trait` argument compiles marked, left as it is: neither a
// replacement nor a patch could name that type parameter. Patching it is an error.
use patchable::{patch, patchable};

#[patchable]
fn total(numbers: impl Iterator<Item = u32>) -> u32 {
    numbers.sum()
}

fn main() {
    let _ = total(0..3);
    let _guard = patch!(total).returns(0);
}
