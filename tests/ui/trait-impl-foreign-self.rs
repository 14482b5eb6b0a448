// Impls of an unmarked local trait for types of another crate compile marked, as rustc
// accepts them, but their methods cannot be patched: the glue would hang off the type.
// `patch!` of one says to mark the trait.
use std::fmt::Debug;

use patchable::{patch, patchable};

pub trait Shout {
    fn word(&self) -> String;
}

pub trait Describe {
    fn describe(&self) -> String;
}

#[patchable]
impl Shout for str {
    fn word(&self) -> String {
        self.to_owned()
    }
}

#[patchable]
impl Shout for Vec<u8> {
    fn word(&self) -> String {
        format!("{} bytes", self.len())
    }
}

#[patchable]
impl<T: Debug> Describe for T {
    fn describe(&self) -> String {
        format!("{self:?}")
    }
}

fn main() {
    assert_eq!(vec![1u8].word(), "1 bytes");
    let _guard = patch!(<Vec<u8> as Shout>::word).returns(String::new());
}
