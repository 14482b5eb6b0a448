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
    /// What looks at the arguments before the replacement runs (`.when`, `.record`): a
    /// `dyn FnMut` of a borrow of each, which says whether the layer answers the call.
    type Inspector: ?Sized;
    /// Calls the replacement.
    fn call_with(&mut self, args: Args) -> Self::Output;
    /// Shows `inspector` the arguments.
    fn inspect(inspector: &mut Self::Inspector, args: &Args) -> bool;
}

macro_rules! call_with_tuples {
    ($(($($arg:ident)*))*) => {$(
        impl<F: ?Sized + FnMut($($arg),*) -> R, $($arg,)* R> Call<($($arg,)*)> for F {
            type Output = R;
            type Inspector = dyn for<'v> FnMut($(&'v $arg),*) -> bool;
            #[inline(always)]
            #[allow(non_snake_case)]
            fn call_with(&mut self, ($($arg,)*): ($($arg,)*)) -> R {
                self($($arg),*)
            }
            #[inline]
            #[allow(non_snake_case)]
            fn inspect(inspector: &mut Self::Inspector, ($($arg,)*): &($($arg,)*)) -> bool {
                inspector($($arg),*)
            }
        }
    )*};
}

for_each_arity!(call_with_tuples);

/// A closure that receives the replacement and passes it the arguments: how the hook of
/// a function with too many arguments for one tuple calls it.
pub(crate) struct Spread<C>(pub(crate) C);

impl<F: ?Sized, C: FnOnce(&mut F) -> R, R> Call<Spread<C>> for F {
    type Output = R;
    type Inspector = NoInspector;
    #[inline(always)]
    fn call_with(&mut self, Spread(call): Spread<C>) -> R {
        call(self)
    }
    fn inspect(inspector: &mut NoInspector, _: &Spread<C>) -> bool {
        match *inspector {}
    }
}

/// The arguments' types, as the glue of a function with too many arguments for one
/// tuple names them: no patch of it looks at them (its builder makes no inspector).
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Uninspected;

/// The inspector of a function whose arguments no patch looks at: there is none.
#[doc(hidden)]
pub enum NoInspector {}
