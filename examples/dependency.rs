//! Patching a function of a dependency: `netlib` (in `fixtures/netlib`) marks its `fetch`
//! `#[patchable]`; this crate patches it, and `netlib`'s own `price_of` sees the patch.
//! The same works from integration tests (`tests/cross_crate.rs`), where the
//! `[dev-dependencies]` line with `features = ["enable"]` turns patching on.
//!
//! Run with `cargo run --example dependency`.

use patchable::patch;

fn main() {
    println!("unpatched: {:?}", netlib::price_of("chair"));
    assert!(netlib::price_of("chair").is_err());

    let remote = patch!(netlib::fetch).with(|url| {
        println!("  netlib asked for {url}");
        Ok("4200".into())
    });
    println!("patched:   {:?}", netlib::price_of("chair"));
    assert_eq!(netlib::price_of("chair"), Ok(4200));
    assert_eq!(remote.calls(), 2);

    // Methods of the dependency's types, too.
    let shop = netlib::Shop {
        name: "corner".into(),
    };
    let _open = patch!(netlib::Shop::is_open).returns(true);
    println!("open:      {}", shop.is_open());
    assert!(shop.is_open());
}
