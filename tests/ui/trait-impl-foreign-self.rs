use std::fmt::Debug;

use patchable::patchable;

pub trait Shout {
    fn word(&self) -> String;
}

pub trait Describe {
    fn describe(&self) -> String;
}

// Types of another crate: their impls can only be patched through a marked trait.
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

fn main() {}
