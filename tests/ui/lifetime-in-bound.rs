use patchable::patchable;

pub trait Decode<'de>: Sized {
    fn decode(input: &'de str) -> Self;
}

#[patchable]
fn decode<'de, T: Decode<'de>>(input: &'de str) -> T {
    T::decode(input)
}

fn main() {}
