use patchable::patchable;

pub trait Shout {
    fn word(&self) -> String;
}

// A path type of another crate, which the macro cannot tell from one of this crate:
// rustc refuses the inherent impl that would hold the glue (mark the trait instead).
#[patchable]
impl Shout for netlib::Shop {
    fn word(&self) -> String {
        self.name.clone()
    }
}

fn main() {}
