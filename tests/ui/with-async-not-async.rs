// `.with_async` for a fn that is not async: the error says to use `.with`.
use patchable::{patch, patchable};

#[patchable]
pub fn fetch(url: &str) -> String {
    url.to_string()
}

fn main() {
    let _guard = patch!(fetch).with_async(|_url: &str| async { String::new() });
}
