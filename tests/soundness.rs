//! No borrow outlives its referent through a patch: where a type parameter, a generic
//! impl's type or an implementing type carries a lifetime, the patch is refused: at
//! compile time where the path shows it (`tests/ui/borrowing-*.rs`), when the patch is
//! made where it hides (a type alias, a marked trait's implementing type). Patches are
//! keyed by type with lifetimes erased, so a replacement for `&'static str` would also be
//! handed every shorter `&str`, and could keep it.

mod support;

use std::fmt::Debug;

use patchable::{patch, patchable};
use support::panic_message;

#[patchable]
pub fn len_of<T: Debug>(x: T) -> usize {
    format!("{x:?}").len()
}

pub struct Stack<T>(Vec<T>);

#[patchable]
impl<T: Debug> Stack<T> {
    pub fn push(&mut self, x: T) {
        self.0.push(x);
    }
}

#[derive(Debug)]
pub struct Parser<'a>(pub &'a str);

#[patchable]
pub trait Describe {
    fn describe(&self) -> String {
        "something".into()
    }
}

#[patchable]
impl<'a> Describe for Parser<'a> {}

#[patchable]
impl<T: Debug> Describe for Option<T> {}

type StaticStr = &'static str;
type StaticParser = Parser<'static>;
type Nested = Option<(u8, &'static str)>;

fn refused(patch: impl FnOnce()) -> String {
    let message = panic_message(patch);
    assert!(
        message.contains("carries a borrow"),
        "not refused: {message}"
    );
    message
}

#[test]
fn a_borrow_behind_a_type_alias_is_refused_when_patched() {
    let message = refused(|| drop(patch!(len_of::<StaticStr>).with(|_| 0)));
    assert!(message.contains("len_of"), "{message}");
    assert!(message.contains("&str"), "{message}");
    refused(|| drop(patch!(len_of::<Nested>).returns(1)));
    refused(|| drop(patch!(len_of::<StaticParser>).spy()));
    refused(|| drop(patch!(Stack::<StaticStr>::push).with(|_, _| ())));
    refused(|| drop(patch!(len_of::<StaticStr>).global().with(|_| 0)));
    // Nothing was installed.
    let owned = String::from("freed soon");
    assert_eq!(len_of(owned.as_str()), 12);
}

#[test]
fn an_inferred_borrow_is_refused() {
    refused(|| drop(patch!(len_of::<_>).with(|s: &'static str| s.len())));
}

#[test]
fn implementing_types_with_lifetimes_of_a_marked_trait_are_refused() {
    refused(|| drop(patch!(<Parser<'_> as Describe>::describe).returns(String::from("x"))));
    refused(|| drop(patch!(<Option<StaticStr> as Describe>::describe).returns(String::from("x"))));
    assert_eq!(Parser("p").describe(), "something");
}

#[test]
fn instantiations_without_borrows_patch_as_before() {
    let guard = patch!(len_of::<u32>).with(|x| x as usize);
    assert_eq!(len_of(7u32), 7);
    assert_eq!(len_of("ab"), 4, "another instantiation");
    drop(guard);
    assert_eq!(len_of(7u32), 1);

    let _push = patch!(Stack::<u8>::push).with(|stack, x| stack.0.push(x * 2));
    let mut stack = Stack(Vec::new());
    stack.push(3u8);
    assert_eq!(stack.0, [6]);

    let _describe = patch!(<Option<String> as Describe>::describe).with(|o| format!("{o:?}"));
    assert_eq!(Some(String::from("a")).describe(), "Some(\"a\")");
    assert_eq!(Some(1u8).describe(), "something");
}

/// An impl's own lifetime is the replacement's `for<'a>`: it must work for every `'a`,
/// so it cannot keep a borrow, and the compiler holds it to that.
pub struct Holder<'a>(pub &'a str);

#[patchable]
impl<'a> Holder<'a> {
    pub fn get(&self) -> &'a str {
        self.0
    }
}

#[test]
fn an_impls_lifetime_is_the_replacements_own() {
    let _guard = patch!(Holder::get).with(|holder| &holder.0[1..]);
    let text = String::from("abc");
    assert_eq!(Holder(&text).get(), "bc");
}

/// Counts the bytes of two borrowed strings: an output that holds no lifetime, whose
/// `.returns` replacement the runtime makes for the arguments' `'static` forms.
#[patchable]
fn total_len(a: &str, b: &[u8]) -> usize {
    a.len() + b.len()
}

#[test]
fn returns_of_an_owned_output_answers_calls_with_short_lived_arguments() {
    let guard = patch!(total_len).times(3).returns(7);
    for round in 0..3 {
        // Arguments that live for one iteration only, freed before the next call.
        let text = "x".repeat(round + 1);
        let bytes = vec![0u8; round];
        assert_eq!(total_len(&text, &bytes), 7);
    }
    drop(guard);
    let _seq = patch!(total_len).returns_seq([1, 2]);
    let text = String::from("abc");
    assert_eq!((total_len(&text, b"d"), total_len(&text, b"d")), (1, 2));
    assert_eq!(total_len(&text, b"d"), 4);
    let _global = patch!(total_len).global().returns(9);
    let from_thread = std::thread::spawn(|| total_len(&String::from("ab"), &[1])).join();
    assert_eq!(from_thread.ok(), Some(9));
}
