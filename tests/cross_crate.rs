//! Patching a function of another crate (`fixtures/netlib`), seen by that crate's callers.

use std::fmt::Display;
use std::thread;

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

#[test]
fn a_marked_trait_of_another_crate_for_a_type_of_a_third() {
    use netlib::Describe;
    let _guard = patch!(<Vec<u8> as Describe>::describe).returns("blob".to_string());
    assert_eq!(vec![1u8, 2].log_line(), "[blob]");
    let shop = netlib::Shop {
        name: "corner".into(),
    };
    assert_eq!(shop.log_line(), "[shop corner]");
    let _log = patch!(<netlib::Shop as netlib::Describe>::log_line).with(|shop| shop.name.clone());
    assert_eq!(shop.log_line(), "corner");
    assert_eq!(vec![1u8].log_line(), "[blob]");
}

/// A trait of this crate, marked, implemented for a type of another crate.
#[patchable::patchable]
trait Greet {
    fn greet(&self) -> String;
}

#[patchable::patchable]
impl Greet for netlib::Shop {
    fn greet(&self) -> String {
        format!("welcome to {}", self.name)
    }
}

#[test]
fn a_marked_trait_impl_for_a_type_of_another_crate() {
    let shop = netlib::Shop {
        name: "corner".into(),
    };
    let _guard = patch!(<netlib::Shop as Greet>::greet).with(|shop| shop.name.to_uppercase());
    assert_eq!(shop.greet(), "CORNER");
}

#[test]
fn a_marked_trait_of_a_no_std_crate() {
    use nostd::Sound;
    let _str = patch!(<str as Sound>::sound).returns("hiss");
    let _bell = patch!(<nostd::Bell as Sound>::loud).returns(("dong", "dong"));
    assert_eq!("leaves".loud(), ("hiss", "hiss"));
    assert_eq!(nostd::Bell.loud(), ("dong", "dong"));
    assert_eq!([1, 2].as_slice().loud(), ("clatter", "clatter"));
}

#[test]
fn an_output_that_borrows_the_argument_is_replaced_and_answered() {
    // The argument lives shorter than the test: the replacement is handed a short borrow
    // and returns a part of it, `.returns` a `'static` value for it.
    let url = String::from("https://shop.example/chair");
    assert_eq!(netlib::host_of(&url), Some("shop.example"));
    {
        let _tail = patch!(netlib::host_of).with(|url| url.rsplit('/').next());
        assert_eq!(netlib::host_of(&url), Some("chair"));
        let other = thread::spawn(|| netlib::host_of("http://a.example/b").map(str::len));
        assert_eq!(
            other.join().unwrap(),
            Some(9),
            "other threads reach the original"
        );
        let _none = patch!(netlib::host_of).returns(None);
        assert_eq!(netlib::host_of(&url), None);
    }
    let unwound = std::panic::catch_unwind(|| {
        let _guard = patch!(netlib::host_of).with(|_| panic!("no host"));
        netlib::host_of("https://x.example/")
    });
    assert!(unwound.is_err());
    assert_eq!(
        netlib::host_of(&url),
        Some("shop.example"),
        "the original is back"
    );
}
