//! `.when` and `.record`: the builder's verbs that look at a call's arguments. Only the
//! `inspect` feature (on with `enable`) compiles them in; without it they are an error
//! that says so. Their inspectors are made by the runtime, for every function alike,
//! from the function's arguments `V` (see [`Arguments`]).

#[cfg(feature = "inspect")]
use core::fmt;
#[cfg(feature = "inspect")]
use core::marker::PhantomData;
#[cfg(feature = "inspect")]
use std::sync::Arc;

use super::Builder;
#[cfg(not(feature = "inspect"))]
use super::Pinned;
#[cfg(feature = "inspect")]
use crate::arguments::{Arguments, Shows};
#[cfg(feature = "inspect")]
use crate::inspect::Inspector;
#[cfg(feature = "inspect")]
use crate::records::Records;
use crate::scope::Scope;
#[cfg(feature = "inspect")]
use crate::target::Name;

/// The closures that look at the arguments, `.when`'s and `.record`'s, as `(W, M, T)`:
/// `T` is what `.record` keeps of each call.
#[doc(hidden)]
pub trait Looks {
    /// `.when`'s predicate.
    type When;
    /// `.record`'s mapper.
    type Record;
    /// What the mapper makes.
    type Recorded;
}

impl<W, M, T> Looks for (W, M, T) {
    type When = W;
    type Record = M;
    type Recorded = T;
}

#[cfg(feature = "inspect")]
impl<D: ?Sized, P, R, PA, PF, PW, PM, V: Arguments, C, A, F, W, M, T, K, S: Scope>
    Builder<D, (P, R, PA, PF, PW, PM, V), C, A, F, (W, M, T), K, S>
{
    /// Makes the patch answer only the calls for which `condition`, shown a borrow of
    /// each argument, returns `true`; the others go past it to the next layer down.
    #[inline]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn when(
        mut self,
        condition: W,
    ) -> Builder<D, (P, R, PA, PF, PW, PM, V), C, A, F, (PW, M, T), K, S>
    where
        W: Send + Shows<V, bool>,
    {
        let inspectors = &mut self.state.extras().inspectors;
        if !V::SHOWN || inspectors.when.is_some() {
            cannot_look(self.target.name(), "when")
        }
        inspectors.when = Some(Inspector::new(V::condition(condition)));
        let records = self.records.take();
        self.relooked(records)
    }

    /// The builder with its `.when`/`.record` closures fixed anew, and its records.
    #[allow(clippy::type_complexity)]
    fn relooked<L: Looks<Recorded = T>>(
        self,
        records: Option<Arc<Records<T>>>,
    ) -> Builder<D, (P, R, PA, PF, PW, PM, V), C, A, F, L, K, S> {
        Builder {
            target: self.target,
            with: self.with,
            returning: self.returning,
            records,
            kind: self.kind,
            state: self.state,
            _invariant: PhantomData,
        }
    }

    /// Keeps a value of each call that reaches the patch, made by `mapper` from a borrow
    /// of each argument; the guard hands them out.
    #[inline]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn record(
        mut self,
        mapper: M,
    ) -> Builder<D, (P, R, PA, PF, PW, PM, V), C, A, F, (W, PM, T), K, S>
    where
        M: Send + Shows<V, T>,
        T: fmt::Debug + Send + 'static,
    {
        if !V::SHOWN || self.records.is_some() {
            cannot_look(self.target.name(), "record")
        }
        let records = Arc::new(Records::new());
        let extras = self.state.extras();
        extras.records = Some(records.clone());
        extras.inspectors.record = Some(Inspector::new(V::recorder(mapper, Arc::clone(&records))));
        self.relooked(Some(records))
    }
}

/// `.when` and `.record` in a build without the `inspect` feature: an error that says so.
#[cfg(not(feature = "inspect"))]
impl<D: ?Sized, Pins: Pinned, C, A, F, L: Looks, K, S: Scope> Builder<D, Pins, C, A, F, L, K, S> {
    /// Needs the `inspect` feature; see [`.when`](crate::verbs::when).
    pub fn when<Condition: InspectFeature>(self, _condition: Condition) -> Self {
        self
    }

    /// Needs the `inspect` feature; see [`.record`](crate::verbs::record).
    pub fn record<Mapper: InspectFeature>(self, _mapper: Mapper) -> Self {
        self
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
fn cannot_look(name: Name, verb: &str) -> ! {
    panic!(
        "cannot use `.{verb}` here for `{name}`: a patch takes one `.{verb}` (join conditions \
         with `&&`, record a tuple), and a function of more than 12 arguments takes none"
    )
}
