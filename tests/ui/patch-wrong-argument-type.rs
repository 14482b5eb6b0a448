// A closure whose argument types differ from the fn's: the error shows the fn's
// signature with readable lifetimes, and names the fn.
use patchable::{patch, patchable};

#[patchable]
pub fn get(path: &str, attempts: u32) -> String {
    format!("{path}{attempts}")
}

fn main() {
    let _guard = patch!(get).with(|path: &str, attempts: u64| format!("{path}{attempts}"));
}
