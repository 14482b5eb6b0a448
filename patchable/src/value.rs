//! What `.returns(value)` needs of its value, what it takes where no value would do, and the
//! type standing in for an unused one.

use core::convert::Infallible;
use core::marker::PhantomData;

/// What [`.returns(value)`](crate::verbs::returns) needs of its value beyond its type: a
/// clone for every call, and no borrow, as the value lives as long as the patch. Every
/// `Clone + 'static` type has it; the error of a value that has not names it.
///
/// ```
/// use patchable::{patch, patchable};
///
/// #[derive(Clone, Debug, PartialEq)]
/// pub struct Meters(pub u32);
///
/// #[patchable]
/// fn distance() -> Meters {
///     Meters(1)
/// }
///
/// // `Meters` derives `Clone`: without it, this line would not compile.
/// let _guard = patch!(distance).returns(Meters(2));
/// assert_eq!(distance(), Meters(2));
/// ```
#[diagnostic::on_unimplemented(
    message = "`.returns` hands out a clone of its value on every call: `{Self}` must be `Clone` and own its data",
    label = "`{Self}` is not `Clone`, or borrows",
    note = "derive `Clone`, or use `.with(|…| …)` to build a fresh value on each call"
)]
pub trait Reusable: Clone + 'static {}

#[diagnostic::do_not_recommend]
impl<T: Clone + 'static> Reusable for T {}

/// What [`.returns`](crate::verbs::returns) takes for a fn whose output borrows from
/// the call in a way no one value could serve every call — `&mut dyn Trait`, a
/// `dyn Iterator<Item = &'a str>`, a type that may hold a borrow invariantly: nothing,
/// as the type has no values. Patch such a fn with [`.with`](crate::verbs::with), which
/// makes each call's output from its arguments; a `.returns(value)` of it is refused with
/// "expected `OutputBorrowsFromTheCall`".
///
/// ```
/// use patchable::{patch, patchable};
///
/// pub struct Shelf(Vec<String>);
///
/// #[patchable]
/// impl Shelf {
///     pub fn first_mut(&mut self) -> Option<&mut dyn std::fmt::Write> {
///         self.0.first_mut().map(|book| book as &mut dyn std::fmt::Write)
///     }
/// }
///
/// // `patch!(Shelf::first_mut).returns(None)` would not compile: the output borrows
/// // the shelf. `.with` answers each call from its own shelf:
/// let _guard = patch!(Shelf::first_mut).with(|shelf| {
///     shelf.0.last_mut().map(|book| book as &mut dyn std::fmt::Write)
/// });
/// let mut shelf = Shelf(vec!["a".into(), "b".into()]);
/// if let Some(book) = shelf.first_mut() {
///     book.write_str("!").unwrap();
/// }
/// assert_eq!(shelf.0, ["a", "b!"]);
/// ```
// `Clone`: `.returns`' only error is then the mismatch of the value with this type,
// whose name says why, rather than a demand for `Clone` that would mislead.
#[derive(Clone, Copy, Debug)]
pub enum OutputBorrowsFromTheCall {}

impl OutputBorrowsFromTheCall {
    /// Anything: there is no value to call this on. The `.returns` glue of a function
    /// whose output has no `'static` form returns it.
    #[doc(hidden)]
    pub fn never<R>(self) -> R {
        match self {}
    }
}

/// A type with no values, standing in for a builder's type parameter that the chosen
/// method does not use (the value of `.returns` when `.with` was called, say), so that
/// every parameter is inferred.
#[doc(hidden)]
pub struct Unused<T>(Infallible, PhantomData<fn() -> T>);

/// `<fn(&'a ()) -> R as ElidedOutput>::Output` is `R` with every elided lifetime, hidden
/// ones included (`Waiter` for `Waiter<'_>`), read as `'a`: a fn pointer with one input
/// lifetime elides its output's lifetimes to that one. The glue spells with it what
/// elision in `Fn` sugar cannot: the `'static` form of a function's output, and the
/// output of a method with more borrowed inputs than its receiver, whose elided
/// lifetimes are the receiver's (`fn get(&self, key: &str) -> Waiter`).
#[doc(hidden)]
pub trait ElidedOutput {
    /// `R`.
    type Output;
}

impl<'a, R> ElidedOutput for fn(&'a ()) -> R {
    type Output = R;
}
