use std::sync::{Arc, Mutex};

use patchable::{patch, patchable};

// An alias named like std's `Result` that holds the call's lifetime invariantly: a
// `'static` value is no value of every call's output, so `.returns` must not take one
// (a clone handed out as `Result<'a, u8>` could be given a shorter borrow and be read
// after it ends). The macro cannot see through the alias; rustc refuses the glue.
pub type Result<'a, T> = std::result::Result<T, Arc<Mutex<&'a str>>>;

#[patchable]
fn check<'a>(text: &'a str) -> Result<'a, u8> {
    Err(Arc::new(Mutex::new(text)))
}

fn main() {
    let _guard = patch!(check).returns(Err(Arc::new(Mutex::new("static"))));
}
