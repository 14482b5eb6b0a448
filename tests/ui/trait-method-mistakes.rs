// Two mistakes with a trait method: naming it without its trait, and patching a default
// method of an unmarked trait, which only marking the trait makes patchable.
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
    let _charge = patch!(Stripe::charge).returns(false);
    let _refund = patch!(<Stripe as Gateway>::refund).returns(false);
}
