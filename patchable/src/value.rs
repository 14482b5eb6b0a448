//! `.returns(value)` takes any type equal to the function's return type.

use core::convert::Infallible;
use core::marker::PhantomData;

/// Implemented by `T` itself (and by [`Unused<T>`], which has no values). A
/// `returns<V: Is<Ret>>` method lets the compiler infer `V` from `Ret` (as in
/// `.returns(Ok(()))`) without a bound like `Ret: Clone` that would be an error on a
/// function whose return type is not `Clone`.
#[doc(hidden)]
pub trait Is<T> {
    /// The value as `T`.
    fn into_it(self) -> T;
}

impl<T> Is<T> for T {
    #[inline(always)]
    fn into_it(self) -> T {
        self
    }
}

/// A type with no values, standing in for a builder's type parameter that the chosen
/// method does not use (the value of `.returns` when `.with` was called, say), so that
/// every parameter is inferred. It meets the bounds the expansion puts on the parameter
/// it stands for.
#[doc(hidden)]
pub struct Unused<T>(Infallible, PhantomData<fn() -> T>);

impl<T> Unused<T> {
    /// Anything: there is no value to call this on. The `.returns` glue of a function
    /// whose output has no `'static` form returns it.
    pub fn never<R>(self) -> R {
        match self.0 {}
    }
}

impl<T> Is<T> for Unused<T> {
    fn into_it(self) -> T {
        match self.0 {}
    }
}

impl<T> Clone for Unused<T> {
    fn clone(&self) -> Self {
        match self.0 {}
    }
}
