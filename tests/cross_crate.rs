//! Patching a function of another crate (`fixtures/netlib`), seen by that crate's callers.

use patchable::patch;

#[test]
fn callers_in_the_defining_crate_see_the_patch() {
    assert!(netlib::price_of("chair").is_err());
    let guard = patch!(netlib::fetch).with(|url| {
        assert_eq!(url, "https://shop.example/chair");
        Ok(" 4200 ".into())
    });
    assert_eq!(netlib::price_of("chair"), Ok(4200));
    assert_eq!(guard.calls(), 1);
}

#[test]
fn a_use_import_reaches_the_function_of_another_crate() {
    use netlib::fetch;
    let _guard = patch!(fetch).returns(Ok("oops".into()));
    assert_eq!(
        netlib::price_of("desk"),
        Err("bad price for desk: invalid digit found in string".into())
    );
}

#[test]
fn methods_and_trait_impls_of_another_crate() {
    let shop = netlib::Shop {
        name: "corner".into(),
    };
    let _price =
        patch!(netlib::Shop::price).with(|shop, item| Ok((shop.name.len() + item.len()) as u32));
    let _open = patch!(netlib::Shop::is_open).returns(true);
    let _display =
        patch!(<netlib::Shop as Display>::fmt).with(|shop, f| write!(f, "[{}]", shop.name));
    assert_eq!(shop.price("tea"), Ok(9));
    assert!(shop.is_open());
    assert_eq!(shop.to_string(), "[corner]");
}
