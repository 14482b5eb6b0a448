//! A replacement called with the function's arguments as one tuple, so that the hook
//! passes the tuple it has instead of a closure that spreads it (a closure is one more
//! body per function for the compiler to check).

/// Calls `self` with the elements of `Args`: implemented for every `FnMut` of up to 12
/// arguments, `dyn FnMut` replacements included. (The hook of a function with more
/// calls its replacement through a closure; the macro knows this limit.)
#[doc(hidden)]
pub trait Call<Args> {
    /// What the replacement returns.
    type Output;
    /// Calls the replacement.
    fn call_with(&mut self, args: Args) -> Self::Output;
}

macro_rules! call_with_tuples {
    ($(($($arg:ident)*))*) => {$(
        impl<F: ?Sized + FnMut($($arg),*) -> R, $($arg,)* R> Call<($($arg,)*)> for F {
            type Output = R;
            #[inline(always)]
            #[allow(non_snake_case)]
            fn call_with(&mut self, ($($arg,)*): ($($arg,)*)) -> R {
                self($($arg),*)
            }
        }
    )*};
}

call_with_tuples! {
    ()
    (A0)
    (A0 A1)
    (A0 A1 A2)
    (A0 A1 A2 A3)
    (A0 A1 A2 A3 A4)
    (A0 A1 A2 A3 A4 A5)
    (A0 A1 A2 A3 A4 A5 A6)
    (A0 A1 A2 A3 A4 A5 A6 A7)
    (A0 A1 A2 A3 A4 A5 A6 A7 A8)
    (A0 A1 A2 A3 A4 A5 A6 A7 A8 A9)
    (A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10)
    (A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11)
}

/// A closure that receives the replacement and passes it the arguments: how the hook of
/// a function with too many arguments for one tuple calls it.
pub(crate) struct Spread<C>(pub(crate) C);

impl<F: ?Sized, C: FnOnce(&mut F) -> R, R> Call<Spread<C>> for F {
    type Output = R;
    #[inline(always)]
    fn call_with(&mut self, Spread(call): Spread<C>) -> R {
        call(self)
    }
}
