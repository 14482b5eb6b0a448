use patchable::patchable;

#[patchable]
pub trait Convert<T = u8> {
    fn convert(&self) -> T;
}

fn main() {}
