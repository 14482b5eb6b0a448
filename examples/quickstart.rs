//! A checkout service that fetches a price and reads the clock, patched step by step.
//!
//! Run with `cargo run --example quickstart`.

use patchable::{patch, patchable};

mod shop {
    use patchable::patchable;

    /// Asks the price service; unreachable in this example, as it would be in a test.
    #[patchable]
    pub fn fetch_price(item: &str) -> Result<u32, String> {
        Err(format!("price service unreachable for {item:?}"))
    }
}

/// The hour of day, from the system clock.
#[patchable]
fn current_hour() -> u32 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0);
    ((seconds / 3600) % 24) as u32
}

/// The code under test: happy hour (17:00–18:59) halves every price.
fn quote(item: &str) -> String {
    match shop::fetch_price(item) {
        Ok(cents) if (17..19).contains(&current_hour()) => {
            format!("{item}: {} (happy hour)", cents / 2)
        }
        Ok(cents) => format!("{item}: {cents}"),
        Err(error) => format!("{item}: unavailable ({error})"),
    }
}

fn main() {
    println!("unpatched:      {}", quote("coffee"));

    let price = patch!(shop::fetch_price).with(|item| Ok(item.len() as u32 * 100));
    let _noon = patch!(current_hour).returns(12);
    println!("patched:        {}", quote("coffee"));

    {
        // A newer patch of the same function wins while it lives…
        let _evening = patch!(current_hour).returns(17);
        println!("stacked clock:  {}", quote("coffee"));
    }
    // …and dropping it uncovers the one below.
    println!("layer dropped:  {}", quote("coffee"));

    // A replacement can call the function it replaces: the call reaches the next layer.
    let _surcharge =
        patch!(shop::fetch_price).with(|item| shop::fetch_price(item).map(|cents| cents + 1));
    println!("wrapped price:  {}", quote("tea"));
    println!("price calls:    {} reached the first patch", price.calls());

    drop(_surcharge);
    drop(price);
    let spy = patch!(shop::fetch_price).spy();
    println!("spied:          {}", quote("cake"));
    println!("spy counted:    {} call(s)", spy.calls());
    drop(spy);

    drop(_noon);
    println!("all restored:   {}", quote("coffee"));
}
