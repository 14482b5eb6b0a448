//! Layers that look at the arguments before they answer: `.when(…)` decides whether the
//! layer answers a call, `.record(…)` keeps a value made from the arguments.
//!
//! Each is a boxed `Call::Inspector` of the function, a `dyn FnMut` of a borrow of each
//! argument that returns whether the layer answers. The lookup of a call shows the
//! arguments to them before it settles on a layer: a layer that declines lets the call
//! past it, uncounted, to the next layer down.
//!
//! The builder makes them here, for every function alike ([`Arguments`]), from the
//! closures `.when` and `.record` are given: a function's glue only states the bounds
//! that give those closures their signatures (a body of its own per function, checked
//! on every build, cost more than the rest of the glue).

use core::marker::PhantomData;
use core::mem::{MaybeUninit, size_of};
use std::sync::Arc;

use crate::call::{NoInspector, Uninspected};
use crate::records::Records;

/// A function's argument types as a tuple, every lifetime in them `'static`: what the
/// glue names for the builder to make `.when`'s and `.record`'s inspectors with.
/// Implemented for tuples of up to 12, and for [`Uninspected`] (more arguments, which
/// no patch looks at).
///
/// The inspectors are made for these `'static` forms, and the lookup runs them on the
/// arguments of each call, whose lifetimes are shorter: the same machine code, and
/// sound because the closures are general over those lifetimes — the glue bounds them
/// `for<'v, 'a> FnMut(&'v &'a str, …)`, which rustc checks where the patch is made —
/// and keep nothing of the arguments but what they return, which is `'static`.
#[doc(hidden)]
#[cfg_attr(not(feature = "inspect"), allow(dead_code))]
pub trait Arguments: 'static {
    /// A borrow of each argument.
    type Refs<'v>;
    /// `dyn for<'v> FnMut(&'v A0, …) -> bool`: the function's `Call::Inspector`, but
    /// for the lifetimes of its arguments.
    type Inspector: ?Sized;
    /// Whether a call shows its arguments: not with more than 12.
    const SHOWN: bool;
    /// `.when`'s inspector: the layer answers the calls `condition` accepts.
    fn condition<W: Shows<Self, bool>>(condition: W) -> Box<Self::Inspector>;
    /// `.record`'s inspector: keeps what `mapper` makes of each call, answers them all.
    fn recorder<M: Shows<Self, T>, T: 'static>(
        mapper: M,
        records: Arc<Records<T>>,
    ) -> Box<Self::Inspector>;
}

/// A closure of `.when` or `.record` for the arguments `Args`, which makes an `O` of a
/// borrow of each: a `for<'v> FnMut(&'v A0, …) -> O`.
#[doc(hidden)]
#[cfg_attr(not(feature = "inspect"), allow(dead_code))]
pub trait Shows<Args: Arguments + ?Sized, O>: 'static {
    /// Runs the closure.
    fn show(&mut self, refs: Args::Refs<'_>) -> O;
}

macro_rules! arguments_of_tuples {
    ($(($($arg:ident)*))*) => {$(
        #[allow(non_snake_case)]
        impl<$($arg: 'static),*> Arguments for ($($arg,)*) {
            type Refs<'v> = ($(&'v $arg,)*);
            type Inspector = dyn for<'v> FnMut($(&'v $arg),*) -> bool;
            const SHOWN: bool = true;

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

arguments_of_tuples! {
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

/// More than 12 arguments: no inspector is made (the builder checks
/// [`Arguments::SHOWN`] first), and no closure is ever shown a call.
impl Arguments for Uninspected {
    type Refs<'v> = NoInspector;
    type Inspector = NoInspector;
    const SHOWN: bool = false;

    fn condition<W: Shows<Self, bool>>(_: W) -> Box<NoInspector> {
        unreachable!("the builder makes no inspector for a function that shows no arguments")
    }

    fn recorder<M: Shows<Self, T>, T: 'static>(_: M, _: Arc<Records<T>>) -> Box<NoInspector> {
        unreachable!("the builder makes no inspector for a function that shows no arguments")
    }
}

impl<C: 'static, O> Shows<Uninspected, O> for C {
    fn show(&mut self, refs: NoInspector) -> O {
        match refs {}
    }
}

/// A boxed inspector with its type forgotten, as a layer keeps it.
#[doc(hidden)]
pub struct Inspector {
    /// The `*mut I` of the box, in raw words.
    words: [MaybeUninit<usize>; 2],
    /// Drops the box.
    drop: unsafe fn(&[MaybeUninit<usize>; 2]),
}

impl Inspector {
    /// Takes over `inspector`, a function's `Call::Inspector` as its glue spells it.
    #[cfg_attr(not(feature = "inspect"), allow(dead_code))]
    pub fn new<I: ?Sized>(inspector: Box<I>) -> Self {
        const { assert!(size_of::<*mut I>() <= size_of::<[usize; 2]>()) };
        let mut words = [MaybeUninit::uninit(); 2];
        // SAFETY: the words are large enough (asserted above) and aligned for a pointer.
        unsafe {
            words
                .as_mut_ptr()
                .cast::<*mut I>()
                .write(Box::into_raw(inspector))
        };
        Inspector {
            words,
            drop: drop_boxed::<I>,
        }
    }

    /// # Safety
    /// `I` is the type this was made from, but for the lifetimes of the arguments (made
    /// for their `'static` forms, see [`Arguments`]; read with the call's); one call at a
    /// time uses it.
    #[inline]
    pub(crate) unsafe fn get<I: ?Sized>(&self) -> *mut I {
        // SAFETY: the words hold a `*mut I` written by `new`.
        unsafe { *self.words.as_ptr().cast::<*mut I>() }
    }
}

/// # Safety
/// `words` hold a `*mut I` from `Box::into_raw`, dropped once.
#[cfg_attr(not(feature = "inspect"), allow(dead_code))]
unsafe fn drop_boxed<I: ?Sized>(words: &[MaybeUninit<usize>; 2]) {
    // SAFETY: the caller's contract.
    drop(unsafe { Box::from_raw(*words.as_ptr().cast::<*mut I>()) });
}

impl Drop for Inspector {
    fn drop(&mut self) {
        // SAFETY: made by `new`, dropped once, here.
        unsafe { (self.drop)(&self.words) }
    }
}

/// What a layer looks at the arguments with: `.when`'s predicate, then `.record`'s
/// mapper, which always lets the call in.
#[derive(Default)]
pub(crate) struct Inspectors {
    pub(crate) when: Option<Inspector>,
    pub(crate) record: Option<Inspector>,
}

impl Inspectors {
    pub(crate) fn any(&self) -> bool {
        self.when.is_some() || self.record.is_some()
    }

    /// Whether the layer answers the call whose arguments `show` shows an inspector.
    pub(crate) fn answer(&self, show: &mut dyn FnMut(&Inspector) -> bool) -> bool {
        self.when.as_ref().is_none_or(&mut *show) && self.record.as_ref().is_none_or(show)
    }
}

/// What the builder fixes the closures of `.when` and `.record` to in a build without
/// patchable-mock's `inspect` feature; `O` is what such a closure would return.
#[doc(hidden)]
pub struct Uninspectable<O>(PhantomData<O>);
