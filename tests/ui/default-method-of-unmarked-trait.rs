use patchable::{patch, patchable};

pub trait Gateway {
    fn charge(&self, cents: u64) -> bool;
    fn refund(&self, _cents: u64) -> bool {
        true
    }
}

pub struct Stripe;

#[patchable]
impl Gateway for Stripe {
    fn charge(&self, _cents: u64) -> bool {
        true
    }
}

fn main() {
    let _guard = patch!(<Stripe as Gateway>::refund).returns(false);
}
