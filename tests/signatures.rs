//! Signatures `#[patchable]` keeps unchanged: generics, patterns, `unsafe`, attributes.

#![deny(warnings)]

use std::fmt::Display;
use std::str::FromStr;

use patchable::{patch, patchable};

#[patchable]
fn parse<T: FromStr>(s: &str) -> Option<T> {
    s.parse().ok()
}

#[patchable]
fn describe<T: Display + ?Sized>(value: &T) -> String {
    format!("<{value}>")
}

// Named lifetimes on purpose: they move into the replacement's `for<'a>`.
#[allow(clippy::needless_lifetimes)]
#[patchable]
fn first<'a, T>(items: &'a [T]) -> Option<&'a T>
where
    T: Clone,
{
    items.first()
}

#[patchable]
fn sum_array<const N: usize>(values: [u32; N]) -> u32 {
    values.iter().sum()
}

#[patchable]
fn swap((a, b): (u8, u8), mut count: u32, _: ()) -> (u8, u8, u32) {
    count += 1;
    (b, a, count)
}

#[patchable]
fn bump(ref mut value: u32, (ref mut low, high): (u8, u8)) -> (u32, u8, u8) {
    *value += 1;
    *low += 1;
    (*value, *low, high)
}

/// # Safety
/// `pointer` must be valid for reads.
#[patchable]
unsafe fn read(pointer: *const u32) -> u32 {
    // SAFETY: forwarded to the caller.
    unsafe { *pointer }
}

/// Documented, deprecated, `must_use` and `inline`: all kept.
#[patchable]
#[must_use]
#[inline]
#[deprecated = "use something else"]
fn old() -> u8 {
    1
}

// More arguments than the hook passes as one tuple: it calls the replacement through a closure.
#[allow(clippy::too_many_arguments)]
#[patchable]
fn thirteen(
    a: u8,
    b: u8,
    c: u8,
    d: u8,
    e: u8,
    f: u8,
    g: u8,
    h: u8,
    i: u8,
    j: u8,
    k: u8,
    l: u8,
    mut m: u8,
) -> u32 {
    m += 1;
    [a, b, c, d, e, f, g, h, i, j, k, l, m]
        .iter()
        .map(|&x| u32::from(x))
        .sum()
}

#[cfg(any())]
#[patchable]
fn compiled_away() -> u8 {
    this_does_not_exist()
}

#[patchable]
fn never_returns() -> ! {
    panic!("the original diverges")
}

#[test]
fn generic_functions_are_patched_per_instantiation() {
    let guard = patch!(parse::<u32>).returns(Some(7));
    assert_eq!(parse::<u32>("1"), Some(7));
    assert_eq!(parse::<i64>("1"), Some(1));
    assert_eq!(parse::<String>("x"), Some("x".to_string()));
    assert_eq!(guard.calls(), 1);
}

#[test]
fn type_arguments_written_as_in_a_type_as_rustcs_hint_writes_them() {
    let guard = patch!(parse<u32>).returns(Some(7));
    assert_eq!(parse::<u32>("1"), Some(7));
    drop(guard);
    let guard = patch!(Pair<u8>::first).returns(9);
    assert_eq!(Pair(1u8, 2).first(), 9);
    drop(guard);
    assert_eq!(Pair(1u8, 2).first(), 1);
}

#[test]
fn unsized_and_borrowed_type_parameters_work() {
    let _guard = patch!(describe::<str>).with(|value| value.to_uppercase());
    assert_eq!(describe("hi"), "HI");
    assert_eq!(describe(&5), "<5>");
}

#[test]
fn lifetime_parameters_move_into_the_replacement_signature() {
    let _guard = patch!(first::<u8>).with(|items| items.last());
    assert_eq!(first(&[1u8, 2, 3]), Some(&3));
    assert_eq!(first(&['a', 'b']), Some(&'a'));
}

#[test]
fn const_generic_functions_are_patched_per_value() {
    let _guard = patch!(sum_array::<2>).returns(99);
    assert_eq!(sum_array([1, 2]), 99);
    assert_eq!(sum_array([1, 2, 3]), 6);
}

#[test]
fn pattern_and_mut_arguments_are_forwarded() {
    assert_eq!(swap((1, 2), 0, ()), (2, 1, 1));
    let _guard = patch!(swap).with(|(a, b), count, ()| (a, b, count * 10));
    assert_eq!(swap((1, 2), 3, ()), (1, 2, 30));
}

#[test]
fn ref_mut_bindings_borrow_the_arguments_place() {
    assert_eq!(bump(1, (2, 3)), (2, 3, 3));
    let _guard = patch!(bump).with(|value, (low, high)| (value * 10, low, high));
    assert_eq!(bump(1, (2, 3)), (10, 2, 3));
}

#[test]
fn unsafe_functions_are_patched_with_safe_closures() {
    let value = 5;
    let _guard = patch!(read).with(|pointer| pointer.is_null() as u32);
    // SAFETY: `value` is a live u32.
    assert_eq!(unsafe { read(&value) }, 0);
}

#[test]
#[allow(deprecated)]
fn attributes_are_kept() {
    let _guard = patch!(old).returns(2);
    assert_eq!(old(), 2);
}

#[test]
fn diverging_functions_can_be_made_to_return() {
    let _guard = patch!(never_returns).with(|| panic!("replaced"));
    let message = std::panic::catch_unwind(|| never_returns()).unwrap_err();
    assert_eq!(message.downcast_ref::<&str>(), Some(&"replaced"));
}

#[test]
fn a_fn_with_thirteen_arguments_is_patched_with_all_of_them() {
    assert_eq!(thirteen(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), 14);
    let _guard = patch!(thirteen)
        .with(|a, _, _, _, _, _, _, _, _, _, _, _, m| u32::from(a) * 100 + u32::from(m));
    assert_eq!(thirteen(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3), 203);
}

pub struct Pair<T>(T, T);

#[patchable]
impl<T: Copy> Pair<T> {
    pub fn first(&self) -> T {
        self.0
    }
}
