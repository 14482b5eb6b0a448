//! What `.returns(value)` needs of its value, and the type standing in for an unused one.

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

/// A type with no values, standing in for a builder's type parameter that the chosen
/// method does not use (the value of `.returns` when `.with` was called, say), so that
/// every parameter is inferred.
#[doc(hidden)]
pub struct Unused<T>(Infallible, PhantomData<fn() -> T>);

impl<T> Unused<T> {
    /// Anything: there is no value to call this on. The `.returns` glue of a function
    /// whose output has no `'static` form returns it.
    pub fn never<R>(self) -> R {
        match self.0 {}
    }
}

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
