// The guard's readers called on `patch!(…)` before a verb made the patch: each error
// says to keep the guard a verb returns and read that.
use patchable::{patch, patchable};

#[patchable]
pub fn get(path: &str) -> String {
    path.to_string()
}

fn calls() {
    let patched = patch!(get).times(1);
    assert_eq!(patched.calls(), 1);
}

fn records() {
    let patched = patch!(get).record(|path| path.len());
    let _ = patched.records();
}

fn verify() {
    let _ = patch!(get).global().verify();
}

fn main() {
    calls();
    records();
    verify();
}
