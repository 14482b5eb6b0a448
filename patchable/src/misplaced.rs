//! The builder's verbs called on a guard, the patch already made (`patch!(f).spy()
//! .returns(1)`, `.returns(1).once()`): each is a compile error that says where the verb
//! goes, instead of rustc's "no method named `returns` found for `Guard`" and the
//! builder's whole type. Nothing here runs: every one is bounded by a trait nothing
//! implements.

use crate::guard::Guard;

/// What a verb that makes the patch (`.with`, `.returns`, `.returns_seq`, `.with_async`,
/// `.spy`, `.real`) needs of what it is called on: a patch not made yet. Nothing has it,
/// so such a verb called on a [`Guard`] is a compile error that names this trait and says
/// to call one of them, once, last.
#[diagnostic::on_unimplemented(
    message = "the patch is already made: `.with`, `.returns`, `.returns_seq`, `.with_async`, `.spy` and `.real` each make it and return its guard",
    label = "called on a guard",
    note = "call one of them, once, last: `patch!(f).times(2).returns(x)`; on the guard, `.times(n)`, `.calls()`, `.records()` and `.verify()` remain"
)]
pub trait PatchMadeAlready: sealed::Sealed {}

/// What a verb that shapes the patch (`.once`, `.global`, `.in_context`, `.in_sequence`,
/// `.when`, `.record`) needs of what it is called on: a patch not made yet. Nothing has
/// it, so such a verb called on a [`Guard`] is a compile error that names this trait and
/// says to write it before the verb that makes the patch.
#[diagnostic::on_unimplemented(
    message = "the patch is already made: `.once`, `.global`, `.in_context`, `.in_sequence`, `.when` and `.record` go before the verb that makes it",
    label = "called on a guard",
    note = "write it before `.with`, `.returns` or `.spy`: `patch!(f).global().returns(x)`, `patch!(f).when(|x| *x > 1).returns(0)`"
)]
pub trait GoesBeforeTheVerb: sealed::Sealed {}

/// Public since the errors name the traits above: sealed, so that no type of a user's
/// can have them and turn a misplaced verb into one that compiles and does nothing.
mod sealed {
    pub trait Sealed {}
}

// Each verb is bounded through `T`: a bound without a parameter would be checked here.
// Written out, not by a macro: rustc's note under the error shows the bound's line.
#[doc(hidden)]
impl<T> Guard<T> {
    #[doc(hidden)]
    pub fn with<X>(self, _: X) -> Self
    where
        T: PatchMadeAlready,
    {
        self
    }

    #[doc(hidden)]
    pub fn returns<X>(self, _: X) -> Self
    where
        T: PatchMadeAlready,
    {
        self
    }

    #[doc(hidden)]
    pub fn returns_seq<X>(self, _: X) -> Self
    where
        T: PatchMadeAlready,
    {
        self
    }

    #[doc(hidden)]
    pub fn with_async<X>(self, _: X) -> Self
    where
        T: PatchMadeAlready,
    {
        self
    }

    #[doc(hidden)]
    pub fn spy(self) -> Self
    where
        T: PatchMadeAlready,
    {
        self
    }

    #[doc(hidden)]
    pub fn real(self) -> Self
    where
        T: PatchMadeAlready,
    {
        self
    }

    #[doc(hidden)]
    pub fn once(self) -> Self
    where
        T: GoesBeforeTheVerb,
    {
        self
    }

    #[doc(hidden)]
    pub fn global(self) -> Self
    where
        T: GoesBeforeTheVerb,
    {
        self
    }

    #[doc(hidden)]
    pub fn in_context(self) -> Self
    where
        T: GoesBeforeTheVerb,
    {
        self
    }

    #[doc(hidden)]
    pub fn in_sequence<X>(self, _: X) -> Self
    where
        T: GoesBeforeTheVerb,
    {
        self
    }

    #[doc(hidden)]
    pub fn when<X>(self, _: X) -> Self
    where
        T: GoesBeforeTheVerb,
    {
        self
    }

    #[doc(hidden)]
    pub fn record<X>(self, _: X) -> Self
    where
        T: GoesBeforeTheVerb,
    {
        self
    }
}
