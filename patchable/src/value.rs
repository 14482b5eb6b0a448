//! `.returns(value)` takes any type equal to the function's return type.

/// Implemented only by `T` itself. A `returns<V: Is<Ret>>` method lets the compiler infer
/// `V` from `Ret` (as in `.returns(Ok(()))`) without a bound like `Ret: Clone` that
/// would be an error on a function whose return type is not `Clone`.
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
