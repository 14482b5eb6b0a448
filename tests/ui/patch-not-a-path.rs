// `patch!` given no path, a call, or more than a path: errors that say what it takes.
use patchable::{patch, patchable};

#[patchable]
pub fn fetch(url: &str) -> String {
    url.to_string()
}

fn main() {
    let _none = patch!().returns(String::new());
    let _call = patch!(fetch("x")).returns(String::new());
    let _two = patch!(fetch, fetch).returns(String::new());
}
