//! The builder's verbs called on a guard, the patch already made (`patch!(f).spy()
//! .returns(1)`, `.returns(1).once()`), and the guard's readers called on a builder
//! (`patch!(f).calls()`): each is a compile error that says where the verb goes, instead
//! of rustc's "no method named `returns` found for `Guard`" and the builder's whole type. Nothing here runs: every one is bounded by a trait nothing
//! implements. The verbs themselves are in `guard.rs`, the module of `Guard`, where
//! rustc's notes name them `Guard::<T>::returns`, not by this private module.

/// What a verb that makes the patch (`.with`, `.returns`, `.returns_seq`, `.with_async`,
/// `.spy`, `.real`) needs of what it is called on: a patch not made yet. Nothing has it,
/// so such a verb called on a [`Guard`](crate::Guard) is a compile error that names this trait and says
/// to call one of them, once, last.
#[diagnostic::on_unimplemented(
    message = "the patch is already made: `.with`, `.returns`, `.returns_seq`, `.with_async`, `.spy` and `.real` each make it and return its guard",
    label = "called on a guard",
    note = "call one of them, once, last: `patch!(f).times(2).returns(x)`; on the guard, `.times(n)`, `.calls()`, `.records()` and `.verify()` remain"
)]
pub trait PatchMadeAlready: sealed::Sealed {}

/// What a verb that shapes the patch (`.once`, `.global`, `.in_context`, `.in_sequence`,
/// `.when`, `.record`) needs of what it is called on: a patch not made yet. Nothing has
/// it, so such a verb called on a [`Guard`](crate::Guard) is a compile error that names this trait and
/// says to write it before the verb that makes the patch.
#[diagnostic::on_unimplemented(
    message = "the patch is already made: `.once`, `.global`, `.in_context`, `.in_sequence`, `.when` and `.record` go before the verb that makes it",
    label = "called on a guard",
    note = "write it before `.with`, `.returns` or `.spy`: `patch!(f).global().returns(x)`, `patch!(f).when(|x| *x > 1).returns(0)`"
)]
pub trait GoesBeforeTheVerb: sealed::Sealed {}

/// What the guard's readers (`.calls()`, `.records()`, `.verify()`) need of what they
/// are called on: a patch made. A builder's verb mark has it only once a verb made the
/// patch, and no verb can be on the builder then: nothing has it, so such a reader
/// called on `patch!(f)` is a compile error that says to make the patch first.
#[diagnostic::on_unimplemented(
    message = "the patch is not made yet: `.calls()`, `.records()` and `.verify()` read the guard that `.with`, `.returns` or `.spy` return",
    label = "called on `patch!(…)` before a verb made the patch",
    note = "keep the guard and read it: `let guard = patch!(f).returns(x);` … `assert_eq!(guard.calls(), 1);`"
)]
pub trait OnTheGuard: sealed::Sealed {}

/// Public since the errors name the traits above: sealed, so that no type of a user's
/// can have them and turn a misplaced verb into one that compiles and does nothing.
mod sealed {
    pub trait Sealed {}
}
