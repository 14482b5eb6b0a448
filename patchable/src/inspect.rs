//! Layers that look at the arguments before they answer: `.when(…)` decides whether the
//! layer answers a call, `.record(…)` keeps a value made from the arguments.
//!
//! Each is a boxed `Call::Inspector` of the function, a `dyn FnMut` of a borrow of each
//! argument that returns whether the layer answers. The lookup of a call shows the
//! arguments to them before it settles on a layer: a layer that declines lets the call
//! past it, uncounted, to the next layer down.
//!
//! The runtime makes them for every function alike, from its arguments' types (see
//! [`Arguments`](crate::arguments::Arguments)).

use core::marker::PhantomData;
use core::mem::{MaybeUninit, size_of};

use crate::arguments::Arguments;

/// A boxed inspector with its type forgotten, as a layer keeps it.
#[doc(hidden)]
pub struct Inspector {
    /// The `*mut I` of the box, in raw words.
    words: [MaybeUninit<usize>; 2],
    /// Drops the box.
    drop: unsafe fn(&[MaybeUninit<usize>; 2]),
    /// Shows it a call's arguments (see [`Inspector::show`]).
    show: unsafe fn(&Inspector, *const ()) -> bool,
    /// The size of the arguments' views it is shown.
    views_size: usize,
}

impl Inspector {
    /// Takes over `inspector`, made for the arguments `V` (the `'static` forms of the
    /// function's, which its glue names).
    #[cfg_attr(not(feature = "inspect"), allow(dead_code))]
    pub fn of<V: Arguments>(inspector: Box<V::Inspector>) -> Self {
        const { assert!(size_of::<*mut V::Inspector>() <= size_of::<[usize; 2]>()) };
        let mut words = [MaybeUninit::uninit(); 2];
        // SAFETY: the words are large enough (asserted above) and aligned for a pointer.
        unsafe {
            words
                .as_mut_ptr()
                .cast::<*mut V::Inspector>()
                .write(Box::into_raw(inspector))
        };
        Inspector {
            words,
            drop: drop_boxed::<V::Inspector>,
            show: show_views::<V>,
            views_size: size_of::<V::Refs<'_>>(),
        }
    }

    /// Shows the inspector the arguments of a call, which `views` points to: the hook's
    /// tuple of a borrow of each, of `size` bytes. The hook names no bound for it (rustc
    /// would prove them in every function): the inspector knows the arguments' types it
    /// was made for.
    ///
    /// # Panics
    ///
    /// When `size` is not that of a borrow of each argument: the hook of a function that
    /// shows no arguments to any inspector passes none.
    ///
    /// # Safety
    /// `views` points to the hook's views of a call of the function whose glue made this
    /// inspector (see [`Arguments::show_views`]); one call at a time uses it.
    #[inline]
    pub(crate) unsafe fn show(&self, views: *const (), size: usize) -> bool {
        assert_eq!(
            size, self.views_size,
            "a function's hook passed no arguments to its patch's inspector"
        );
        // SAFETY: the caller's contract.
        unsafe { (self.show)(self, views) }
    }

    /// # Safety
    /// `I` is the type this was made from, but for the lifetimes of the arguments (made
    /// for their `'static` forms, see [`Arguments`](crate::arguments::Arguments); read
    /// with the call's); one call at a time uses it.
    #[inline]
    pub(crate) unsafe fn get<I: ?Sized>(&self) -> *mut I {
        // SAFETY: the words hold a `*mut I` written by `new`.
        unsafe { *self.words.as_ptr().cast::<*mut I>() }
    }
}

/// # Safety
/// As [`Inspector::show`], for an inspector made for `V`.
#[cfg_attr(not(feature = "inspect"), allow(dead_code))]
unsafe fn show_views<V: Arguments>(inspector: &Inspector, views: *const ()) -> bool {
    // SAFETY: made by `Inspector::of::<V>` (the caller's contract), so the words hold a
    // `*mut V::Inspector`, used by one call at a time; `views` as `show_views` needs them.
    unsafe { V::show_views(&mut *inspector.get::<V::Inspector>(), views) }
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
