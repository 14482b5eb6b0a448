//! What `.when` and `.record`, the builder's verbs that look at a call's arguments,
//! need of its types (the verbs are in `builder.rs`). Only the `inspect` feature (on with
//! `enable`) compiles them in; without it they are an error that says so. Their
//! inspectors are made by the runtime, for every function alike, from the function's
//! arguments `V` (see `Arguments`).

#[cfg(feature = "inspect")]
use core::marker::PhantomData;
#[cfg(feature = "inspect")]
use std::sync::Arc;

#[cfg(feature = "inspect")]
use super::{Builder, Patched, Types};
#[cfg(feature = "inspect")]
use crate::arguments::Arguments;
#[cfg(feature = "inspect")]
use crate::records::Records;
#[cfg(feature = "inspect")]
use crate::target::Name;

/// The types `.when` and `.record` need of a builder's [`Types`](super::Types): their
/// closures', and the types once each has fixed its own.
#[cfg(feature = "inspect")]
#[doc(hidden)]
pub trait Looking: Patched + Sized {
    /// `W`, `.when`'s closure.
    type When;
    /// `M`, `.record`'s.
    type Record;
    /// The types once `.when` is given: `W` fixed to its pin.
    type Watched: Patched<Recorded = Self::Recorded>;
    /// The types once `.record` is given: `M` fixed to its pin.
    type Recording: Patched<Recorded = Self::Recorded>;

    /// The builder, for its [`Watched`](Self::Watched) types.
    fn watched<S>(builder: Builder<Self, S>) -> Builder<Self::Watched, S>;

    /// The builder, for its [`Recording`](Self::Recording) types, keeping `records`.
    fn recording<S>(
        builder: Builder<Self, S>,
        records: Arc<Records<Self::Recorded>>,
    ) -> Builder<Self::Recording, S>;
}

#[cfg(feature = "inspect")]
impl<D: ?Sized, P, R, PA, PF, PW, PM, V: Arguments, C, A, F, W, M, T, K, N> Looking
    for Types<D, (P, R, PA, PF, PW, PM, V), C, A, F, (W, M, T), K, N>
{
    type When = W;
    type Record = M;
    type Watched = Types<D, (P, R, PA, PF, PW, PM, V), C, A, F, (PW, M, T), K, N>;
    type Recording = Types<D, (P, R, PA, PF, PW, PM, V), C, A, F, (W, PM, T), K, N>;

    fn watched<S>(mut builder: Builder<Self, S>) -> Builder<Self::Watched, S> {
        let records = builder.records.take();
        relooked(builder, records)
    }

    fn recording<S>(
        builder: Builder<Self, S>,
        records: Arc<Records<T>>,
    ) -> Builder<Self::Recording, S> {
        relooked(builder, Some(records))
    }
}

/// The builder with its `.when`/`.record` closures fixed anew, and its records.
#[cfg(feature = "inspect")]
#[allow(clippy::type_complexity)]
fn relooked<D: ?Sized, Pins, C, A, F, W, M, W2, M2, T, K, N, S>(
    builder: Builder<Types<D, Pins, C, A, F, (W, M, T), K, N>, S>,
    records: Option<Arc<Records<T>>>,
) -> Builder<Types<D, Pins, C, A, F, (W2, M2, T), K, N>, S>
where
    Types<D, Pins, C, A, F, (W, M, T), K, N>:
        Patched<Replacement = D, Replacing = C, Kind = K, Recorded = T>,
    Types<D, Pins, C, A, F, (W2, M2, T), K, N>: Patched<
            Replacement = D,
            Value = <Types<D, Pins, C, A, F, (W, M, T), K, N> as Patched>::Value,
            Replacing = C,
            Kind = K,
            Recorded = T,
        >,
{
    Builder {
        target: builder.target,
        with: builder.with,
        returning: builder.returning,
        records,
        kind: builder.kind,
        state: builder.state,
        _invariant: PhantomData,
    }
}

/// No closure has it: what `.when` and `.record` ask of theirs without the `inspect`
/// feature, for an error that says what to turn on.
#[cfg(not(feature = "inspect"))]
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`.when` and `.record` need patchable-mock's `inspect` feature",
    label = "this closure looks at the arguments, which this build does not compile in",
    note = "`enable` turns it on: patchable-mock = {{ version = \"0.1\", features = [\"enable\"] }} in [dev-dependencies]"
)]
pub trait InspectFeature {}

/// `.when` or `.record` given twice, or for a function whose arguments the glue cannot
/// show.
#[cfg(feature = "inspect")]
#[cold]
#[track_caller]
pub(super) fn cannot_look(name: Name, verb: &str) -> ! {
    panic!(
        "cannot use `.{verb}` here for `{name}`: a patch takes one `.{verb}` (join conditions \
         with `&&`, record a tuple), and a function of more than 12 arguments takes none"
    )
}
