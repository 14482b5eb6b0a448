// A generic fn names the instantiation to patch. rustc's hint, `patch!(parse<T>)`, is
// taken as written once `T` is a type: `patch!(parse<u32>)`, as `patch!(parse::<u32>)`.
use patchable::{patch, patchable};

#[patchable]
pub fn parse<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.parse().ok()
}

fn main() {
    let _fine = patch!(parse<u32>).returns(Some(1u32));
    let _guard = patch!(parse).returns(Some(1u32));
}
