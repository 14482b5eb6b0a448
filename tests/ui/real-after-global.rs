// `.real()` is thread-scoped: after `.global()` it is an error that says so.
use patchable::{patch, patchable};

#[patchable]
pub fn fetch(url: &str) -> String {
    url.to_string()
}

fn main() {
    let _guard = patch!(fetch).global().real();
}
