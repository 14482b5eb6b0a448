//! Which way a trait method's patch goes, decided while macros expand.
//!
//! A `#[patchable]` trait definition re-exports [`__patchable_marked_trait`] under the
//! trait's own name, in the macro namespace (traits live in the type namespace), so that
//! `use crate::Shout` brings it along with the trait. The expansion of `patch!(<T as
//! Tr>::m)`, and of a marked `impl Tr for T`, asks for `Tr` in the macro namespace,
//! with [`__patchable_unmarked_trait`] glob-imported in an outer block as the fallback:
//!
//! ```text
//! { use ::patchable::__private::fallback::*;          // __PatchableTrait! = unmarked
//!   { use Tr as __PatchableTrait;                      // = marked, if `Tr` is marked
//!     __PatchableTrait!({ via the trait } else { via the type } left { … }) } }
//! ```
//!
//! A name from an inner scope shadows the glob without ambiguity, and a derive macro
//! that shares a trait's name (`Debug`, `Default`) lives in another macro sub-namespace,
//! so it is not mistaken for a router.

/// Expands to the first of the token groups: the trait is `#[patchable]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __patchable_marked_trait {
    ({ $($marked:tt)* } else { $($unmarked:tt)* } left { $($left:tt)* }) => { $($marked)* };
}

/// Expands to the second: the trait is not `#[patchable]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __patchable_unmarked_trait {
    ({ $($marked:tt)* } else { $($unmarked:tt)* } left { $($left:tt)* }) => { $($unmarked)* };
}

/// Expands to the third: the trait is `#[patchable]` but was left as it is (its
/// parameters have defaults or lifetimes, see the macro crate's `check::trait_markable`):
/// its impls are patched through the type, as an unmarked trait's, but one for another
/// crate's type is left as it is, not refused with "mark the trait too".
#[doc(hidden)]
#[macro_export]
macro_rules! __patchable_unmarkable_trait {
    ({ $($marked:tt)* } else { $($unmarked:tt)* } left { $($left:tt)* }) => { $($left)* };
}
