// An impl's lifetime is the replacement's own `for<'a>`: a replacement that keeps the
// borrow does not compile.
use std::cell::Cell;

use patchable::{patch, patchable};

pub struct Holder<'a>(pub &'a str);

#[patchable]
impl<'a> Holder<'a> {
    pub fn get(&self) -> &'a str {
        self.0
    }
}

thread_local! {
    static STASH: Cell<Option<&'static str>> = const { Cell::new(None) };
}

fn main() {
    let _guard = patch!(Holder::get).with(|holder| {
        STASH.with(|stash| stash.set(Some(holder.0)));
        ""
    });
}
