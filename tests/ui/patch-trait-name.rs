// A trait's name where the implementing type's goes: rustc alone would read the trait
// as a type and suggest `dyn`.
use patchable::{patch, patchable};

pub trait Gateway {
    fn charge(&self) -> u32;
}

pub struct Stripe;

#[patchable]
impl Gateway for Stripe {
    fn charge(&self) -> u32 {
        1
    }
}

fn main() {
    let _guard = patch!(Gateway::charge).returns(2);
    let _ = Stripe.charge();
}
