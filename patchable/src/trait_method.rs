//! Where `patch!(<T as Trait>::m)` finds a method of a trait impl: two traits that the
//! impl's expansion implements for `T` itself, one impl each per method.
//!
//! A hidden item on `T` would need an inherent impl, which only a type of the same crate
//! may have, and which would copy the trait impl's generics into a context that cannot
//! hold them (parameters only the trait's arguments constrain, `Self::Item`). An impl of
//! a patchable trait for `T`, with the trait's arguments among its own in the same order,
//! is accepted exactly where the user's impl is: the orphan rule finds the same local
//! type in the same place, and every parameter the user's header constrains, ours does.
//!
//! `ID` tells the methods apart: a hash of the trait's name and the method's. `Impl` is a
//! unit struct the expansion defines beside the impl: a local type right after `Self`,
//! so that the orphan rule takes the impl whenever `Self` is not a bare type parameter
//! (`impl<T: Copy> LocalTrait<T> for RangeFrom<T>` too), and two traits of one name
//! (`fmt::Write`, `io::Write`) with a method of one name do not collide; `patch!` leaves it
//! to inference. `A0`…`A3` are the trait's type arguments (`Nil` where it has fewer);
//! `Own` the method's own type parameters, as `(*const B, *const F)`.

use crate::slot::Slot;

/// No argument: fills the trait-argument places a trait does not use.
#[doc(hidden)]
pub struct Nil;

/// The patch slot of one method of a trait impl. The accessor's type, a fn item of this
/// impl, is also the key of the instantiation.
#[doc(hidden)]
pub trait TraitMethod<
    const ID: u64,
    Impl,
    A0: ?Sized = Nil,
    A1: ?Sized = Nil,
    A2: ?Sized = Nil,
    A3: ?Sized = Nil,
    Own: ?Sized = Nil,
>
{
    /// The method's slot.
    fn slot() -> &'static Slot;
}

/// The glue of one method of a trait impl, generic over what the builder takes: the
/// bounds on `C`, `A`, `F` and those in `L` (`.when`'s and `.record`'s, as a tuple) in
/// each impl give `.with(|x| …)` (and `.with_async`, `.when`, `.record`) its signature.
///
/// `Shown` is a tuple of `*const T` for the types of the crate that the method's
/// signature names (`()` for none): the impl is then no more visible than they are, so
/// that `Glue`, which names them too, may name a private one (a private trait's method
/// returning a private enum, quick-xml's `XmlSource`), which in an associated type of an
/// impl as visible as `Self` is an error (E0446). Only types that stand for themselves
/// go there: a projection in an impl's header is normalized when impls are checked for
/// overlap (typenum's `Quot<A, B>`, an alias of `<A as Div<B>>::Output`, overflows).
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "this method of `{Self}` is not `#[patchable]` for the trait `patch!` names",
    label = "mark the `impl` of the trait for `{Self}`, or the trait, with `#[patchable]`",
    note = "an impl for another crate's type, and a default method that the impl does not override, are patched through the trait: `#[patchable] trait …`"
)]
pub trait TraitGlue<
    const ID: u64,
    Impl,
    A0: ?Sized,
    A1: ?Sized,
    A2: ?Sized,
    A3: ?Sized,
    Own: ?Sized,
    C,
    A,
    F,
    L,
    Shown,
>
{
    /// The method's [`Glue`](crate::builder::Glue).
    type Glue;

    /// `patch!(<T as Trait>::m)`: what it makes the builder of.
    fn glue() -> Self::Glue;
}
