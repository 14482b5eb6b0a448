//! What the runtime makes for a function from its arguments' types alone, so that each
//! function's glue does not: `.when`'s and `.record`'s inspectors, and `.returns`' and
//! `.with`'s replacements where the output holds no lifetime or has a `'static` form
//! (plainly covariant, which for `.returns` the glue has rustc check). A body of the
//! glue's own per function is checked by rustc on every build, used or not; these are
//! instantiated where a patch is made.

use std::sync::Arc;

use core::mem::{ManuallyDrop, size_of};

use crate::builder::Returning;
use crate::call::{NoInspector, Uninspected};
use crate::node::Node;
use crate::records::Records;

/// A function's argument types as a tuple, every lifetime in them `'static`: what the
/// glue names for the builder to make `.when`'s and `.record`'s inspectors with, and
/// `.returns`' replacement (see [`Arguments::answering`]).
/// Implemented for tuples of up to 12, and for [`Uninspected`] (more arguments, which
/// no patch looks at).
///
/// The inspectors are made for these `'static` forms, and the lookup runs them on the
/// arguments of each call, whose lifetimes are shorter: the same machine code, and
/// sound because the closures are general over those lifetimes — the glue bounds them
/// `for<'v, 'a> FnMut(&'v &'a str, …)`, which rustc checks where the patch is made —
/// and keep nothing of the arguments but what they return, which is `'static`.
#[doc(hidden)]
pub trait Arguments: Sized + 'static {
    /// A borrow of each argument.
    type Refs<'v>;
    /// `dyn for<'v> FnMut(&'v A0, …) -> bool`: the function's `Call::Inspector`, but
    /// for the lifetimes of its arguments.
    type Inspector: ?Sized;
    /// `dyn FnMut(A0, …) -> R`: the replacement `.returns` installs, see
    /// [`Arguments::answering`].
    type Answering<R: 'static>: ?Sized;
    /// Whether a call shows its arguments: not with more than 12.
    const SHOWN: bool;
    /// `.returns`' replacement of a function whose glue leaves it to the runtime: it
    /// answers every call with what `make` makes. `R` is the output, or its `'static`
    /// form where the output holds lifetimes.
    ///
    /// Installed as the function's replacement type, `dyn for<'a> FnMut(&'a str, …) -> R`,
    /// which is this one but for the lifetimes (see [`Arguments`]): it never reads its
    /// arguments, and where the output holds lifetimes, the glue has rustc check that a
    /// `'static` value is one of every call's output: the function's pointer type with
    /// `R` as its output is made its own (`for<'a> fn(&'a str) -> &'a str`), a subtype
    /// only where `R` is one of the output for every lifetime.
    fn answering<R: 'static>(make: Returning<R>) -> Box<Node<Self::Answering<R>>>;

    /// `.when`'s inspector: the layer answers the calls `condition` accepts.
    fn condition<W: Shows<Self, bool>>(condition: W) -> Box<Self::Inspector>;
    /// `.record`'s inspector: keeps what `mapper` makes of each call, answers them all.
    fn recorder<M: Shows<Self, T>, T: 'static>(
        mapper: M,
        records: Arc<Records<T>>,
    ) -> Box<Self::Inspector>;

    /// Shows `inspector` the arguments of a call, which `views` points to: the hook's
    /// tuple of a borrow of each, typed only there, so that the hook proves no bounds.
    ///
    /// # Safety
    /// `views` points to a live `Self::Refs` but for the arguments' lifetimes: the hook of
    /// the function whose glue named `Self`, which made the inspector (see [`Arguments`]).
    unsafe fn show_views(inspector: &mut Self::Inspector, views: *const ()) -> bool;
}

/// A closure of `.when` or `.record` for the arguments `Args`, which makes an `O` of a
/// borrow of each: a `for<'v> FnMut(&'v A0, …) -> O`.
#[doc(hidden)]
#[cfg_attr(not(feature = "inspect"), allow(dead_code))]
pub trait Shows<Args: Arguments, O>: 'static {
    /// Runs the closure.
    fn show(&mut self, refs: Args::Refs<'_>) -> O;
}

macro_rules! arguments_of_tuples {
    ($(($($arg:ident)*))*) => {$(
        #[allow(non_snake_case)]
        impl<$($arg: 'static),*> Arguments for ($($arg,)*) {
            type Refs<'v> = ($(&'v $arg,)*);
            type Inspector = dyn for<'v> FnMut($(&'v $arg),*) -> bool;
            type Answering<R: 'static> = dyn FnMut($($arg),*) -> R;
            const SHOWN: bool = true;

            fn answering<R: 'static>(mut make: Returning<R>) -> Box<Node<Self::Answering<R>>> {
                Node::boxed(move |$(_: $arg),*| make())
            }

            fn condition<W: Shows<Self, bool>>(mut condition: W) -> Box<Self::Inspector> {
                Box::new(move |$($arg: &$arg),*| condition.show(($($arg,)*)))
            }

            fn recorder<M: Shows<Self, T>, T: 'static>(
                mut mapper: M,
                records: Arc<Records<T>>,
            ) -> Box<Self::Inspector> {
                Box::new(move |$($arg: &$arg),*| {
                    records.push(mapper.show(($($arg,)*)));
                    true
                })
            }

            #[inline]
            unsafe fn show_views(inspector: &mut Self::Inspector, views: *const ()) -> bool {
                // SAFETY: the caller's contract; a tuple of borrows is read as a copy.
                let ($($arg,)*) = unsafe { views.cast::<Self::Refs<'_>>().read() };
                inspector($($arg),*)
            }
        }

        #[allow(non_snake_case)]
        impl<C: 'static + for<'v> FnMut($(&'v $arg),*) -> O, $($arg: 'static,)* O>
            Shows<($($arg,)*), O> for C
        {
            #[inline]
            fn show(&mut self, ($($arg,)*): ($(&$arg,)*)) -> O {
                self($($arg),*)
            }
        }
    )*};
}

for_each_arity!(arguments_of_tuples);

/// More than 12 arguments: no inspector is made (the builder checks
/// [`Arguments::SHOWN`] first), and no closure is ever shown a call.
impl Arguments for Uninspected {
    type Refs<'v> = NoInspector;
    type Inspector = NoInspector;
    type Answering<R: 'static> = NoInspector;
    const SHOWN: bool = false;

    fn answering<R: 'static>(_: Returning<R>) -> Box<Node<NoInspector>> {
        unreachable!(
            "the glue of a function of more than 12 arguments makes `.returns`' replacement"
        )
    }

    fn condition<W: Shows<Self, bool>>(_: W) -> Box<NoInspector> {
        unreachable!("the builder makes no inspector for a function that shows no arguments")
    }

    fn recorder<M: Shows<Self, T>, T: 'static>(_: M, _: Arc<Records<T>>) -> Box<NoInspector> {
        unreachable!("the builder makes no inspector for a function that shows no arguments")
    }

    unsafe fn show_views(inspector: &mut NoInspector, _: *const ()) -> bool {
        match *inspector {}
    }
}

impl<C: 'static, O> Shows<Uninspected, O> for C {
    fn show(&mut self, refs: NoInspector) -> O {
        match refs {}
    }
}

/// `.with`'s makers, one per number of arguments, which a function's glue names instead
/// of a closure of its own: `A0`, … are the arguments' `'static` forms, `R` the output's
/// (the output itself where it holds no lifetime), `D` the function's replacement type,
/// `dyn for<'a> FnMut(&'a str, …) -> &'a str`.
///
/// The node is made for `dyn FnMut(A0, …) -> R` and handed out as `D`'s: the type is `D`
/// but for the lifetimes, so the pointer's metadata is a vtable that serves `D` as well,
/// and `replacement` is general over those lifetimes — the glue bounds it
/// `for<'a> FnMut(&'a str, …) -> &'a str`, which rustc checks where the patch is made,
/// and `R` is its instance for `'static`. Only
/// the glue names them, with the function's own types: nothing but the expansion ties
/// `D` to `A0, …` and `R` (the pairing is not a bound stable Rust can state), so these
/// are hidden, and a `D` of other arguments named by hand would hand out a wrong vtable.
macro_rules! replacing {
    ($($name:ident($($arg:ident)*))*) => {$(
        #[doc(hidden)]
        pub fn $name<$($arg: 'static,)* C, R, D>(replacement: C) -> Box<Node<D>>
        where
            C: FnMut($($arg),*) -> R + 'static,
            R: 'static,
            D: ?Sized,
        {
            let node: Box<Node<dyn FnMut($($arg),*) -> R>> = Node::boxed(replacement);
            as_replacement_of(node)
        }
    )*};
}

replacing! {
    replacing0()
    replacing1(A0)
    replacing2(A0 A1)
    replacing3(A0 A1 A2)
    replacing4(A0 A1 A2 A3)
    replacing5(A0 A1 A2 A3 A4)
    replacing6(A0 A1 A2 A3 A4 A5)
    replacing7(A0 A1 A2 A3 A4 A5 A6)
    replacing8(A0 A1 A2 A3 A4 A5 A6 A7)
    replacing9(A0 A1 A2 A3 A4 A5 A6 A7 A8)
    replacing10(A0 A1 A2 A3 A4 A5 A6 A7 A8 A9)
    replacing11(A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10)
    replacing12(A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11)
}

/// The node of a replacement made for the arguments' `'static` forms, as the one of the
/// function's replacement type `D` (see [`replacing`]). Through a union rather than
/// through raw pointers: in unoptimized builds every call more makes every install dearer.
#[inline(always)]
fn as_replacement_of<F: ?Sized, D: ?Sized>(node: Box<Node<F>>) -> Box<Node<D>> {
    union Cast<F: ?Sized, D: ?Sized> {
        made: ManuallyDrop<Box<Node<F>>>,
        handed_out: ManuallyDrop<Box<Node<D>>>,
    }
    const { assert!(size_of::<Box<Node<F>>>() == size_of::<Box<Node<D>>>()) };
    let cast = Cast {
        made: ManuallyDrop::new(node),
    };
    // SAFETY: the same box, with the metadata of `D`, which the vtable serves (see
    // `replacing`); the sizes are equal (asserted), and the box is read back whole once.
    ManuallyDrop::into_inner(unsafe { cast.handed_out })
}
