//! `#[patchable]` on a trait definition: default methods patched per implementing type,
//! impls for other crates' types and blanket impls, all as `patch!(<Type as Trait>::m)`.

use std::fmt::Debug;

use patchable::{patch, patchable};

mod support;

/// The trait lives in a module of its own; its impls and the tests below are elsewhere.
mod traits {
    use patchable::patchable;

    #[patchable]
    pub trait Shout {
        fn word(&self) -> String;

        fn shout(&self) -> String {
            format!("{}!", self.word().to_uppercase())
        }

        fn first_letter(&self) -> &str {
            "?"
        }
    }

    #[patchable]
    pub trait Describe {
        fn describe(&self) -> String;
    }
}

use traits::{Describe, Shout};

pub struct Dog;
pub struct Cat;

// Unmarked impls of a marked trait: their default methods are patchable all the same.
impl Shout for Dog {
    fn word(&self) -> String {
        "woof".into()
    }
}

impl Shout for Cat {
    fn word(&self) -> String {
        "meow".into()
    }
}

// Another crate's types, unsized ones included.
#[patchable]
impl Shout for str {
    fn word(&self) -> String {
        self.to_owned()
    }

    fn first_letter(&self) -> &str {
        &self[..1]
    }
}

#[patchable]
impl<T: Debug> Shout for [T] {
    fn word(&self) -> String {
        format!("{} items", self.len())
    }
}

// A blanket impl.
#[patchable]
impl<T: Debug> Describe for T {
    fn describe(&self) -> String {
        format!("{self:?}")
    }
}

/// The crate's own type, with a marked impl in another module that overrides a default.
mod zoo {
    use patchable::patchable;

    use crate::traits::Shout;

    pub struct Lion;

    #[patchable]
    impl Shout for Lion {
        fn word(&self) -> String {
            "roar".into()
        }

        fn shout(&self) -> String {
            "ROAR!!".into()
        }
    }
}

use zoo::Lion;

#[test]
fn a_default_method_is_patched_for_one_type() {
    let guard = patch!(<Dog as Shout>::shout).with(|_| "quiet".into());
    assert_eq!(Dog.shout(), "quiet");
    assert_eq!(Cat.shout(), "MEOW!");
    assert_eq!("hey".shout(), "HEY!");
    assert_eq!(guard.calls(), 1);
    drop(guard);
    assert_eq!(Dog.shout(), "WOOF!");
}

#[test]
fn calls_through_dyn_see_the_patch() {
    let _guard = patch!(<Cat as Shout>::shout).returns("purr".to_string());
    let animals: Vec<Box<dyn Shout>> = vec![Box::new(Dog), Box::new(Cat), Box::new(Lion)];
    let shouts: Vec<String> = animals.iter().map(|animal| animal.shout()).collect();
    assert_eq!(shouts, ["WOOF!", "purr", "ROAR!!"]);
    let cat: &dyn Shout = &Cat;
    assert_eq!(cat.shout(), "purr");
}

#[test]
fn impls_for_unsized_types_of_another_crate() {
    let _word = patch!(<str as Shout>::word).with(|s| format!("{s}{s}"));
    let _letter = patch!(<str as Shout>::first_letter).with(|s| &s[1..2]);
    // The default `shout` calls the patched `word`.
    assert_eq!("ho".shout(), "HOHO!");
    assert_eq!("ho".first_letter(), "o");
    let _items = patch!(<[u8] as Shout>::word).returns("bytes".to_string());
    assert_eq!([1u8, 2].as_slice().word(), "bytes");
    assert_eq!([1u16, 2].as_slice().word(), "2 items");
}

#[test]
fn a_blanket_impl_is_patched_for_one_type() {
    let guard = patch!(<Vec<u8> as Describe>::describe).returns("bytes".to_string());
    assert_eq!(vec![1u8, 2].describe(), "bytes");
    assert_eq!(vec![1u16, 2].describe(), "[1, 2]");
    assert_eq!(5u32.describe(), "5");
    assert_eq!(guard.calls(), 1);
}

#[test]
fn the_crates_own_types_keep_the_same_syntax() {
    let _shout = patch!(<Lion as Shout>::shout).with(|lion| lion.word());
    let _word = patch!(<zoo::Lion as traits::Shout>::word).returns("purr".to_string());
    assert_eq!(Lion.shout(), "purr");
}

#[test]
fn a_replacement_can_wrap_the_default_method() {
    let _guard = patch!(<Dog as Shout>::shout).with(|dog| format!("{}?", dog.shout()));
    assert_eq!(Dog.shout(), "WOOF!?");
}

#[test]
fn patches_stack_per_type() {
    let outer = patch!(<Dog as Shout>::shout).returns("outer".to_string());
    let inner = patch!(<Dog as Shout>::shout).returns("inner".to_string());
    let cat = patch!(<Cat as Shout>::shout).returns("cat".to_string());
    assert_eq!(Dog.shout(), "inner");
    drop(inner);
    assert_eq!(Dog.shout(), "outer");
    assert_eq!(Cat.shout(), "cat");
    drop(outer);
    drop(cat);
    assert_eq!(Dog.shout(), "WOOF!");
}

#[test]
fn messages_name_the_type_and_the_trait() {
    let message = support::panic_message(|| {
        let _guard = patch!(<str as Shout>::word).times(2).spy();
        assert_eq!("a".word(), "a");
    });
    assert!(
        message.starts_with("`<str as Shout>::word` was expected to be called 2 times"),
        "{message}"
    );
}

/// A generic trait, with a generic method, an associated type and a borrowed argument.
#[patchable]
pub trait Convert<T> {
    type Unit: ?Sized;

    fn convert(&self, unit: &Self::Unit) -> T;

    fn pick<U: Default>(&self) -> U {
        U::default()
    }
}

#[patchable]
impl Convert<u8> for str {
    type Unit = str;

    fn convert(&self, unit: &str) -> u8 {
        self.trim_end_matches(unit).parse().unwrap_or(0)
    }
}

#[patchable]
impl Convert<u16> for str {
    type Unit = str;

    fn convert(&self, unit: &str) -> u16 {
        self.trim_end_matches(unit).parse().unwrap_or(0) * 10
    }
}

#[test]
fn impls_of_one_generic_trait_are_patched_apart() {
    let _guard = patch!(<str as Convert<u8>>::convert).with(|_, unit| unit.len() as u8);
    assert_eq!(Convert::<u8>::convert("5kg", "kg"), 2);
    assert_eq!(Convert::<u16>::convert("5kg", "kg"), 50);
}

#[test]
fn generic_default_methods_are_patched_per_instantiation() {
    let _guard = patch!(<str as Convert<u8>>::pick::<u32>).returns(7);
    assert_eq!(Convert::<u8>::pick::<u32>("x"), 7);
    assert_eq!(Convert::<u8>::pick::<u64>("x"), 0);
    assert_eq!(Convert::<u16>::pick::<u32>("x"), 0);
}

/// A type with a lifetime, implementing marked traits: the implementing type is a type
/// parameter of the trait's glue, keyed with lifetimes erased, so a patch for
/// `Borrowed<'static>` would also run for `Borrowed<'a>` and could keep its borrow.
pub struct Borrowed<'a>(&'a str);

impl Shout for Borrowed<'_> {
    fn word(&self) -> String {
        self.0.into()
    }
}

#[patchable]
impl<'a> Convert<u8> for Borrowed<'a> {
    type Unit = str;

    fn convert(&self, unit: &str) -> u8 {
        self.0.trim_end_matches(unit).len() as u8
    }
}

#[test]
fn types_with_lifetimes_are_refused() {
    let message = support::panic_message(|| {
        let _guard = patch!(<Borrowed<'_> as Shout>::shout).with(|b| b.0.len().to_string());
    });
    assert!(message.contains("carries a borrow"), "{message}");
    assert!(message.contains("Borrowed<'_>"), "{message}");
    let message = support::panic_message(|| {
        let _guard = patch!(<Borrowed<'_> as Convert<u8>>::convert).with(|b, _| b.0.len() as u8);
    });
    assert!(message.contains("carries a borrow"), "{message}");
    // Nothing was installed: both run as written.
    let text = String::from("abcd");
    assert_eq!(Borrowed(&text).shout(), "ABCD!");
    assert_eq!(Borrowed(&text[1..]).convert("d"), 2);
}

/// A default async method.
#[patchable]
trait Load {
    async fn load(&self, id: u32) -> String {
        format!("loaded {id}")
    }
}

impl Load for Dog {}

#[tokio::test(flavor = "multi_thread")]
async fn async_default_methods() {
    let guard = patch!(<Dog as Load>::load).with(|_, id| format!("stub {id}"));
    assert_eq!(Dog.load(1).await, "stub 1");
    drop(guard);
    let _guard = patch!(<Dog as Load>::load)
        .with_async(|_, id| Box::pin(async move { format!("later {id}") }));
    let handle = tokio::spawn(async { Dog.load(2).await });
    // Another thread: the thread-scoped patch is not seen there.
    assert_eq!(handle.await.unwrap(), "loaded 2");
    assert_eq!(Dog.load(3).await, "later 3");
}

#[test]
fn a_trait_defined_in_a_fn_body() {
    #[patchable]
    trait Local {
        fn value(&self) -> u32 {
            1
        }
    }

    #[patchable]
    impl Local for str {
        fn value(&self) -> u32 {
            2
        }
    }

    impl Local for Dog {}

    let _str = patch!(<str as Local>::value).returns(20);
    let _dog = patch!(<Dog as Local>::value).returns(10);
    assert_eq!(("".value(), Dog.value()), (20, 10));
}
