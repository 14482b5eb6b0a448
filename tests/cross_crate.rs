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
