use patchable::{patch, patchable};

#[patchable]
fn fetch(url: &str) -> String {
    url.to_string()
}

fn main() {
    // Forgot the verb: a builder installs nothing until `.with`, `.returns` or `.spy`.
    // Known to be refused as `type annotations needed` over the glue's parameters
    // (README, "Semantics"), not yet with an answer that says the fix.
    let _guard = patch!(fetch);
    fetch("a");
}
