//! The builder `patch!(f)` returns: `.with`, `.returns`, `.returns_seq`, `.spy`,
//! `.real`, `.with_async` install; `.times`, `.once`, `.in_sequence`, `.global`,
//! `.in_context`, `.when` and `.record` set how.
//!
//! One generic type serves every `#[patchable]` function. What is particular to a
//! function lives in the hidden generic fn its expansion emits (its *glue*), which
//! `patch!` calls and hands to [`Builder::from_glue`]:
//!
//! ```text
//! fn get__patch<C, A, F, W, M, T>()
//!     -> Glue<D, R, (P, R, PA, PF, PW, PM, V), C, A, F, (W, M, T), NotAsync>
//! where C: for<'a> FnMut(&'a Client, &str) -> R + 'static,              // .with
//!       W: for<'v, 'a> FnMut(&'v &'a Client, &'v &str) -> bool + 'static, // .when
//! ```
//!
//! The glue's bounds are what let `|c, url| …` go without annotations: rustc deduces a
//! closure's signature from the bounds pending on its type variable, here `C`. The
//! builder keeps them all in one parameter, `Builder<Types<D, Pins, C, A, F, L, K, N>, S>`,
//! and each verb fixes the parameters it does not use to the matching *pin* through a
//! trait that only the pinned shape of [`Types`] implements ([`Replacing`],
//! [`Answering`], [`AwaitingWith`]; `P` is a fn pointer with the function's signature,
//! which meets `C`'s bound; `PA`, `PF` the awaiting ones, `PW`, `PM` those of `.when`
//! and `.record`), so all of them are inferred. `R` is the function's return type in its `'static` form. A value needs
//! no help from pending bounds, so `.returns` takes an `R` itself: a wrong value is a
//! type mismatch at the value, with rustc's conversion hints, and the glue only turns a
//! maker of `R` into a node. (`R` comes in as `.returns`' own parameter, equated to
//! `F::Value`: a bound on it that fails, `Clone` or `Send`, is then blamed on the value,
//! not on `patch!(f)`.) `D` is the replacement's `dyn FnMut` type, `V` the
//! arguments' types in their `'static` forms, which `.when` and `.record` make their
//! inspectors for (see `inspect.rs`); `K` says whether the function is async. Without
//! the `inspect` feature the glue has no `W`, `M`, `T`: the builder's `(W, M, T)` are
//! types no closure is. `N` is the verb mark: an integer type that the installing verbs
//! fix to [`Installed`], so that a builder with no such verb is an error that says to
//! add one, not rustc's "type annotations needed" over `C`.

use core::marker::PhantomData;
use std::collections::VecDeque;
use std::sync::Arc;

mod looking;

#[cfg(not(feature = "inspect"))]
use looking::InspectFeature;
#[cfg(feature = "inspect")]
pub use looking::Looking;
#[cfg(feature = "inspect")]
use looking::cannot_look;

use crate::arguments::Arguments;
#[cfg(feature = "inspect")]
use crate::arguments::Shows;
use crate::guard::Expected;
use crate::guard::Guard;
#[cfg(feature = "inspect")]
use crate::inspect::Inspector;
use crate::mismatch::Mismatch;
use crate::misplaced::OnTheGuard;
use crate::node::{Extras, Node, Terms};
use crate::records::Records;
use crate::scope::{Global, InContext, Scope, Shared, Thread};
use crate::sequence::Sequence;
use crate::slot::Slot;
use crate::target::{Name, Target};
use crate::value::Reusable;

/// What `.returns(v)` hands the glue: a maker of the function's return type (in its
/// `'static` form) that clones `v`.
#[doc(hidden)]
pub type Returning<R> = Box<dyn FnMut() -> R>;

/// The glue's maker of `.returns`' replacement: a node of the function's `dyn FnMut` `D`
/// that answers with what a [`Returning`] makes.
type AnswerMaker<R, D> = fn(Returning<R>) -> Box<Node<D>>;

/// A patch of one function, ready to install. See the [crate docs](crate#patching).
///
/// `F` bundles every type of the patch but its scope `S` ([`Types`]): rustc's notes name
/// a verb by its impl's header ("required by a bound in `Patch::<F, S>::with`"), so the
/// headers stay `Builder<F, S>`, and each verb that needs the bundle's parts related
/// (`.returns` pins the `.with` closure to the function's pointer) asks it of `F`
/// through a trait that only the related shape implements.
#[doc(hidden)]
#[must_use = "a patch is installed by `.with(…)`, `.returns(…)` or `.spy()`"]
pub struct Builder<F: Patched, S = Thread> {
    target: Target,
    with: fn(F::Replacing) -> Box<Node<F::Replacement>>,
    /// `None`: the runtime makes `.returns`' replacement (see `Arguments::answering`).
    returning: Option<AnswerMaker<F::Value, F::Replacement>>,
    /// What `.record` keeps, shared with the inspector that keeps it.
    records: Option<Arc<Records<F::Recorded>>>,
    kind: F::Kind,
    state: State<S>,
    // Invariant: were it variant, rustc would relate the builder's `.with` closure type
    // to the glue's by subtyping instead of unifying them, and the closure passed to
    // `.with` would no longer see the bounds that give it its signature.
    _invariant: Invariant<F>,
}

/// A builder's types but its scope, as the glue returns them: the function's
/// replacement `D`, its pins and kind `K`, and the closures' types `C`, `A`, `F`, `L`,
/// which the verbs fix.
#[doc(hidden)]
#[allow(clippy::type_complexity)]
pub struct Types<D: ?Sized, Pins, C, A, F, L, K, N>(Invariant<(Box<D>, Pins, C, A, F, L, K, N)>);

/// A builder's verb mark once a verb installs it: [`Replacing`], [`Answering`] and
/// [`AwaitingWith`] are implemented for this mark alone. `patch!` passes an integer
/// literal as the mark; a builder that gets no installing verb keeps an integer of no
/// known type, which rustc falls back to `i32`, and then [`NeedsAVerb`] fails with an
/// answer that says the fix. (rustc reports "type annotations needed" over the glue's
/// closure parameters, still unknown then, only in a body without other errors.)
#[doc(hidden)]
pub type Installed = u8;

/// What a builder's verb mark must be: an integer type that a verb can still fix to
/// [`Installed`].
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`patch!(…)` installs nothing without `.with(…)`, `.returns(…)` or `.spy()`",
    label = "this patch gets no replacement",
    note = "add a verb and keep the guard it returns: `let _guard = patch!(f).returns(…);`"
)]
pub trait NeedsAVerb {}

/// The integer types a verb mark can be before a verb fixes it: more than one, so that
/// rustc does not pick [`Installed`] for a builder without a verb.
#[doc(hidden)]
pub trait Mark {}

impl Mark for Installed {}
impl Mark for u16 {}

#[diagnostic::do_not_recommend]
impl<N: Mark> NeedsAVerb for N {}

/// The verb mark `patch!` hands [`Builder::from_glue`]: the integer literal it is given,
/// whose type a verb fixes (see [`Installed`]).
#[doc(hidden)]
#[inline(always)]
pub fn patch_needs_a_verb<N: NeedsAVerb>(mark: N) -> N {
    mark
}

/// The parts of a builder's [`Types`], by name.
#[doc(hidden)]
pub trait Patched {
    /// `D`, the replacement's `dyn FnMut`.
    type Replacement: ?Sized;
    /// `R`, what `.returns` takes.
    type Value;
    /// `V`, the arguments' types in their `'static` forms.
    type Arguments: Arguments;
    /// `C`, the `.with` closure.
    type Replacing;
    /// `K`: [`NotAsync`], or [`Awaitable`] for an async fn.
    type Kind;
    /// `T`, what `.record` keeps.
    type Recorded;
    /// `N`, the verb mark.
    type Mark;
}

impl<D: ?Sized, P, R, PA, PF, PW, PM, V: Arguments, C, A, F, W, M, T, K, N> Patched
    for Types<D, (P, R, PA, PF, PW, PM, V), C, A, F, (W, M, T), K, N>
{
    type Replacement = D;
    type Value = R;
    type Arguments = V;
    type Replacing = C;
    type Kind = K;
    type Recorded = T;
    type Mark = N;
}

/// `.with`'s: the closures of the other verbs are fixed to their pins.
#[doc(hidden)]
pub trait Replacing: Patched {}

impl<D: ?Sized, P, R, PA, PF, PW, PM, V: Arguments, C, T, K> Replacing
    for Types<D, (P, R, PA, PF, PW, PM, V), C, PA, PF, (PW, PM, T), K, Installed>
{
}

/// `.returns`', `.spy`'s, `.real`'s: every closure is fixed to its pin.
#[doc(hidden)]
pub trait Answering: Replacing {}

impl<D: ?Sized, P, R, PA, PF, PW, PM, V: Arguments, T, K> Answering
    for Types<D, (P, R, PA, PF, PW, PM, V), P, PA, PF, (PW, PM, T), K, Installed>
{
}

/// `.with_async`'s: every closure but the awaiting one is fixed to its pin (the kind
/// says whether the function is async, see [`Awaits`]).
#[doc(hidden)]
pub trait AwaitingWith: Patched {
    /// `F`, the future of the awaiting closure; the same as the kind's.
    type Future;
}

impl<D: ?Sized, P, R, PA, PF, PW, PM, V: Arguments, A, F, T, K> AwaitingWith
    for Types<D, (P, R, PA, PF, PW, PM, V), P, A, F, (PW, PM, T), K, Installed>
{
    type Future = F;
}

/// What [`.with_async`](crate::verbs::with_async) needs of the patched fn: that it is
/// async. The fns that are not lack it, and `.with_async` on one is a compile error that
/// names this trait and says to use `.with`. (Its items are the runtime's.)
#[diagnostic::on_unimplemented(
    message = "`.with_async` patches an async fn, and this one is not async",
    label = "use `.with(…)`, whose closure returns what the fn returns"
)]
pub trait Awaits {
    /// The awaiting closure, `A`.
    #[doc(hidden)]
    type Awaiting;
    /// Its future, `F`.
    #[doc(hidden)]
    type Future;
    /// The function's replacement, `D`: `.with_async` asks that it be the builder's, which
    /// the hook reads the node as.
    #[doc(hidden)]
    type Replacement: ?Sized;
    /// Boxes an awaiting closure as the function's replacement.
    #[doc(hidden)]
    fn boxing(&self) -> fn(Self::Awaiting) -> Box<Node<Self::Replacement>>;
}

impl<A, F, D: ?Sized> Awaits for Awaitable<A, F, D> {
    type Awaiting = A;
    type Future = F;
    type Replacement = D;
    fn boxing(&self) -> fn(A) -> Box<Node<D>> {
        self.boxed
    }
}

type Invariant<T> = PhantomData<fn(T) -> T>;

/// The kind of a function that is not async: `.with_async` is refused.
#[doc(hidden)]
pub struct NotAsync;

/// The function is async: `.with_async` boxes a replacement `A` that returns a future `F`.
#[doc(hidden)]
pub struct Awaitable<A, F, D: ?Sized> {
    boxed: fn(A) -> Box<Node<D>>,
    _future: PhantomData<fn(F) -> F>,
}

impl<A, F, D: ?Sized> Awaitable<A, F, D> {
    /// `boxed` wraps an awaiting replacement into the function's `dyn FnMut`.
    pub fn new(boxed: fn(A) -> Box<Node<D>>) -> Self {
        Awaitable {
            boxed,
            _future: PhantomData,
        }
    }
}

/// What a builder has gathered before it installs: the expectation, how many calls the
/// patch answers, the sequence it joins, what looks at the arguments, and the scope `S`.
#[doc(hidden)]
pub struct State<S> {
    expected: Option<Expected>,
    extras: Option<Box<Extras>>,
    /// `.real()`: the layer runs the original.
    original: bool,
    _scope: PhantomData<S>,
}

impl<S> State<S> {
    fn new() -> Self {
        State {
            expected: None,
            extras: None,
            original: false,
            _scope: PhantomData,
        }
    }

    /// Expects exactly `n` calls to reach the patch before its guard drops.
    #[track_caller]
    pub fn times(self, n: usize) -> Self {
        State {
            expected: Some(Expected::here(n)),
            ..self
        }
    }

    /// The same settings, for another scope.
    pub fn rescoped<T>(self) -> State<T> {
        State {
            expected: self.expected,
            extras: self.extras,
            original: self.original,
            _scope: PhantomData,
        }
    }

    pub(crate) fn expected(&self) -> Option<Expected> {
        self.expected
    }

    /// The layer's extras, made on first use.
    fn extras(&mut self) -> &mut Extras {
        self.extras.get_or_insert_default()
    }

    /// How the layer treats the calls that reach it; `spy` for a spy (or a `.real()`).
    pub(crate) fn into_terms(mut self, spy: bool) -> Terms {
        if let Some(extras) = self.extras.as_deref_mut() {
            show_records(extras);
        }
        Terms {
            spy,
            original: self.original,
            extras: self.extras,
        }
    }
}

/// A sequence shows what the patch records with each call. Out of line: few patches
/// have extras, and an install should not carry this code.
#[cold]
#[inline(never)]
fn show_records(extras: &mut Extras) {
    if let (Some(member), Some(records)) = (&mut extras.member, &extras.records) {
        member.show_records(Arc::clone(records));
    }
}

/// What a function's glue returns, and `patch!` makes a [`Builder`] of
/// ([`Builder::from_glue`]).
///
/// A struct whose types the glue spells out in full (`R` is `Pins`'s value, `L` is
/// `(W, M, T)`). Each function's glue body is checked by rustc on every build, used or
/// not, so it is kept to what rustc checks cheaply: the glue of most functions calls
/// [`Glue::unkeyed`] or [`Glue::keyed`] with its slot accessor as it is and plain
/// values (no `Target` built in place: a quarter of the body's cost); the others, whose
/// closures the runtime cannot make, spell the struct out.
/// The builder is put together where `patch!` is written, once per patch.
/// Invariant in every parameter, so that the builder's are unified with the glue's (see
/// [`Builder`]).
#[doc(hidden)]
#[allow(clippy::type_complexity)]
pub struct Glue<D: ?Sized, R, Pins, C, A, F, L, K> {
    pub target: Target,
    /// Boxes a `.with` closure as the function's `dyn FnMut`.
    pub with: fn(C) -> Box<Node<D>>,
    /// Makes a node that answers with what `.returns` made; `None` where the runtime
    /// makes it (see `Arguments::answering`).
    pub returning: Option<AnswerMaker<R, D>>,
    pub kind: K,
    pub invariant: Invariant<(Box<D>, R, Pins, C, A, F, L, K)>,
}

impl<D: ?Sized, R, Pins, C, A, F, L> Glue<D, R, Pins, C, A, F, L, NotAsync> {
    /// The glue of a function that is not async and whose patches all share one slot,
    /// `slot`'s (its accessor, called here); `with` boxes a `.with` closure, and the
    /// runtime makes `.returns`' replacement (see [`Arguments::answering`]).
    #[inline(always)]
    pub fn unkeyed<S: Fn() -> &'static Slot>(
        slot: S,
        name: Name,
        enabled: bool,
        with: fn(C) -> Box<Node<D>>,
    ) -> Self {
        Glue {
            target: Target::unkeyed(slot(), name, enabled),
            with,
            returning: None,
            kind: NotAsync,
            invariant: PhantomData,
        }
    }

    /// [`Glue::unkeyed`] for a generic function, whose patches are keyed by `slot`'s type
    /// (see [`Target::new`]).
    #[inline(always)]
    pub fn keyed<S: Fn() -> &'static Slot>(
        slot: S,
        name: Name,
        enabled: bool,
        params: Option<fn() -> &'static str>,
        with: fn(C) -> Box<Node<D>>,
    ) -> Self {
        Glue {
            target: Target::new(slot, name, enabled, params),
            with,
            returning: None,
            kind: NotAsync,
            invariant: PhantomData,
        }
    }
}

impl<D: ?Sized, P, R, PA, PF, PW, PM, V: Arguments, C, A, F, W, M, T, K, N>
    Builder<Types<D, (P, R, PA, PF, PW, PM, V), C, A, F, (W, M, T), K, N>>
{
    /// The builder of a function, from what its glue returned (see [`Glue`]).
    ///
    /// # Panics
    ///
    /// When patching is compiled out of the function's crate; the message names the
    /// function and the `Cargo.toml` line that turns it on.
    #[track_caller]
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn from_glue(
        glue: Glue<D, R, (P, R, PA, PF, PW, PM, V), C, A, F, (W, M, T), K>,
        _verb: N,
    ) -> Self {
        let Glue {
            target,
            with,
            returning,
            kind,
            invariant: _,
        } = glue;
        if !target.enabled() {
            compiled_out(target.name());
        }
        if let Some(params) = target.borrowing_params() {
            borrowing_params(target.name(), params);
        }
        Builder {
            target,
            with,
            returning,
            records: None,
            kind,
            state: State::new(),
            _invariant: PhantomData,
        }
    }
}

/// The guard's readers, called on a builder: a compile error that says to make the patch
/// first (see [`OnTheGuard`]); nothing here runs.
impl<F: Patched, S> Builder<F, S> {
    #[doc(hidden)]
    pub fn calls(&self) -> usize
    where
        F::Mark: OnTheGuard,
    {
        0
    }

    #[doc(hidden)]
    pub fn records(&self) -> Vec<F::Recorded>
    where
        F::Mark: OnTheGuard,
    {
        Vec::new()
    }

    #[doc(hidden)]
    pub fn verify(&self) -> Result<(), Mismatch>
    where
        F::Mark: OnTheGuard,
    {
        Ok(())
    }
}

impl<F: Patched, S: Scope> Builder<F, S> {
    /// Expects exactly `n` calls to reach the patch; checked when its guard drops.
    #[inline]
    #[track_caller]
    pub fn times(self, n: usize) -> Self {
        Builder {
            state: self.state.times(n),
            ..self
        }
    }

    /// Makes the patch answer one call: later calls go past it to the next layer down (an
    /// older patch, or the original), uncounted.
    #[inline]
    pub fn once(mut self) -> Self {
        self.state.extras().answers = 1;
        self
    }

    /// Joins `sequence`: calls that reach the patch are logged there, and must come after
    /// those of the patches that joined before it.
    #[inline]
    pub fn in_sequence(self, sequence: &Sequence) -> Self {
        let mut builder = self;
        builder.state.extras().member = Some(sequence.join(builder.target.name()));
        builder
    }

    /// Makes the patch global: every thread sees it, and the replacement (or the value
    /// of `.returns`) must be `Send`. See [global patches](crate#global-patches).
    #[inline]
    pub fn global(self) -> Builder<F, Global> {
        self.rescoped()
    }

    /// Makes the patch seen by the threads and tasks of the installing thread's test
    /// [`Context`](crate::Context), and by no other: the replacement (or the value of
    /// `.returns`) must be `Send`.
    #[inline]
    pub fn in_context(self) -> Builder<F, InContext> {
        self.rescoped()
    }

    #[inline]
    fn rescoped<T>(self) -> Builder<F, T> {
        Builder {
            target: self.target,
            with: self.with,
            returning: self.returning,
            records: self.records,
            kind: self.kind,
            state: self.state.rescoped(),
            _invariant: PhantomData,
        }
    }

    /// Installs a replacement that answers every call with what `make` makes.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn answering(self, make: Returning<F::Value>) -> Guard<F::Recorded>
    where
        F::Value: 'static,
    {
        match self.returning {
            Some(returning) => install(self.state, &self.target, self.records, returning(make)),
            None => install(
                self.state,
                &self.target,
                self.records,
                F::Arguments::answering(make),
            ),
        }
    }

    /// `.returns_seq`: installs a replacement that returns `values` one by one, a call
    /// each, then lets calls go past it to the next layer down.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn returning_each<Values>(mut self, values: Values) -> Guard<F::Recorded>
    where
        Values: IntoIterator<Item = F::Value>,
        F::Value: 'static,
    {
        let mut values: VecDeque<F::Value> = values.into_iter().collect();
        self.state.extras().answers = values.len();
        let name = self.target.name();
        self.answering(Box::new(move || match values.pop_front() {
            Some(value) => value,
            None => answered_all(name),
        }))
    }

    /// Keeps the original behaviour and counts the calls that pass through.
    #[inline]
    pub fn spy(self) -> Guard<F::Recorded>
    where
        F: Answering,
    {
        Guard::recording(S::spy(self.state, &self.target), self.records)
    }

    /// Makes this thread's calls run the original, past every other layer of the
    /// function — global patches and test contexts of other tests included — while the
    /// guard lives: for a test that needs the real `f` while others patch it globally.
    /// Newer patches of this thread still apply, and reach it when they call `f`.
    ///
    /// Thread-scoped only (the bound on `S`), but written for every scope, so that
    /// `.global().real()` is an error that says so rather than "no method named `real`".
    #[inline]
    pub fn real(mut self) -> Guard<F::Recorded>
    where
        F: Answering,
        S: ThisThread,
    {
        self.state.original = true;
        let state = self.state.rescoped::<Thread>();
        Guard::recording(Thread::spy(state, &self.target), self.records)
    }
}

/// The scope [`.real()`](crate::verbs::real) needs: this thread's. A patch made
/// `.global()` or `.in_context()` has not, and `.real()` after either is a compile error
/// that names this trait.
#[diagnostic::on_unimplemented(
    message = "`.real()` runs the original for this thread's calls: it does not go with `.global()` or `.in_context()`",
    label = "`.real()` after `.global()` or `.in_context()`",
    note = "remove `.global()` or `.in_context()`: the calls of this thread then go past every layer, other threads' global patches included"
)]
pub trait ThisThread {}

impl ThisThread for Thread {}

// The verbs that take a replacement: in thread scope any, in the scopes other threads
// see (`Shared`) `Send` ones only. The bound is on `Send` itself, so that a replacement
// that is not fails in rustc's own words ("`Rc<u32>` cannot be sent between threads
// safely") with no trait of ours in the notes. Documented in `crate::verbs`.
//
// In optimized builds `.with` is inlined into the `patch!` line and writes the install
// out rather than calling a helper: out of line the builder goes through memory and the
// install is a call more (release install + drop 348 → 273 instructions,
// `benches/callgrind.sh`). Unoptimized builds, which `cargo test` makes, keep the
// install out of line, shared by the patches of one signature: inlined, every `patch!`
// line carried a copy through code generation (a test of 100 patches, rustc
// instructions 2.71 G → 2.36 G), for 73 instructions an install + drop (2383 → 2456).

impl<F: Patched> Builder<F, Thread> {
    /// Installs `replacement`: it takes the function's arguments (the receiver first, for
    /// a method) and returns what the function returns.
    // Inlined where optimized, the install written out: see the note above.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn with(self, replacement: F::Replacing) -> Guard<F::Recorded>
    where
        F: Replacing,
    {
        let node = (self.with)(replacement);
        install(self.state, &self.target, self.records, node)
    }

    /// Installs a replacement that returns a clone of `value` on every call.
    #[inline]
    pub fn returns<Value>(self, value: Value) -> Guard<F::Recorded>
    where
        F: Answering + Patched<Value = Value>,
        Value: Reusable,
    {
        self.answering(Box::new(move || value.clone()))
    }

    /// Installs a replacement that returns `values` one by one, a call each, then lets
    /// calls go past it to the next layer down.
    #[inline]
    pub fn returns_seq<Values>(self, values: Values) -> Guard<F::Recorded>
    where
        F: Answering,
        Values: IntoIterator<Item = F::Value>,
        F::Value: 'static,
    {
        self.returning_each(values)
    }

    /// Installs a replacement of an async fn that returns a future, for a replacement that
    /// needs to await: `.with_async(|id| async move { … })`. The future must be `Send`
    /// and `'static`, so it cannot borrow the arguments; clone what it needs first.
    #[inline]
    pub fn with_async(self, replacement: <F::Kind as Awaits>::Awaiting) -> Guard<F::Recorded>
    where
        F: AwaitingWith<Future = <<F as Patched>::Kind as Awaits>::Future>,
        F::Kind: Awaits<Replacement = F::Replacement>,
    {
        let node = self.kind.boxing()(replacement);
        install(self.state, &self.target, self.records, node)
    }
}

impl<F: Patched, S: Shared> Builder<F, S> {
    /// Installs `replacement`: it takes the function's arguments (the receiver first, for
    /// a method) and returns what the function returns.
    // Inlined where optimized, the install written out: see the note above.
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn with(self, replacement: F::Replacing) -> Guard<F::Recorded>
    where
        F: Replacing,
        F::Replacing: Send,
    {
        let node = (self.with)(replacement);
        install(self.state, &self.target, self.records, node)
    }

    /// Installs a replacement that returns a clone of `value` on every call.
    #[inline]
    pub fn returns<Value>(self, value: Value) -> Guard<F::Recorded>
    where
        F: Answering + Patched<Value = Value>,
        Value: Reusable + Send,
    {
        self.answering(Box::new(move || value.clone()))
    }

    /// Installs a replacement that returns `values` one by one, a call each, then lets
    /// calls go past it to the next layer down.
    #[inline]
    pub fn returns_seq<Values>(self, values: Values) -> Guard<F::Recorded>
    where
        F: Answering,
        Values: IntoIterator<Item = F::Value>,
        F::Value: Send + 'static,
    {
        self.returning_each(values)
    }

    /// Installs a replacement of an async fn that returns a future, for a replacement that
    /// needs to await: `.with_async(|id| async move { … })`. The future must be `Send`
    /// and `'static`, so it cannot borrow the arguments; clone what it needs first.
    #[inline]
    pub fn with_async(self, replacement: <F::Kind as Awaits>::Awaiting) -> Guard<F::Recorded>
    where
        F: AwaitingWith<Future = <<F as Patched>::Kind as Awaits>::Future>,
        F::Kind: Awaits<Replacement = F::Replacement>,
        <F::Kind as Awaits>::Awaiting: Send,
    {
        let node = self.kind.boxing()(replacement);
        install(self.state, &self.target, self.records, node)
    }
}

// `.when` and `.record` (see `looking.rs`), here rather than there: rustc names a method
// of an impl in another module than its type's `looking::<impl Patch<F, S>>::when`.

#[cfg(feature = "inspect")]
impl<F: Looking, S: Scope> Builder<F, S> {
    /// Makes the patch answer only the calls for which `condition`, shown a borrow of
    /// each argument, returns `true`; the others go past it to the next layer down.
    #[inline]
    #[track_caller]
    pub fn when(mut self, condition: F::When) -> Builder<F::Watched, S>
    where
        F::When: Send + Shows<F::Arguments, bool>,
    {
        let inspectors = &mut self.state.extras().inspectors;
        if !<F::Arguments as Arguments>::SHOWN || inspectors.when.is_some() {
            cannot_look(self.target.name(), "when")
        }
        inspectors.when = Some(Inspector::of::<F::Arguments>(
            <F::Arguments as Arguments>::condition(condition),
        ));
        F::watched(self)
    }

    /// Keeps a value of each call that reaches the patch, made by `mapper` from a borrow
    /// of each argument; the guard hands them out.
    #[inline]
    #[track_caller]
    pub fn record(mut self, mapper: F::Record) -> Builder<F::Recording, S>
    where
        F::Record: Send + Shows<F::Arguments, F::Recorded>,
        F::Recorded: core::fmt::Debug + Send + 'static,
    {
        if !<F::Arguments as Arguments>::SHOWN || self.records.is_some() {
            cannot_look(self.target.name(), "record")
        }
        let records = Arc::new(Records::new());
        let extras = self.state.extras();
        extras.records = Some(records.clone());
        extras.inspectors.record = Some(Inspector::of::<F::Arguments>(
            <F::Arguments as Arguments>::recorder(mapper, Arc::clone(&records)),
        ));
        F::recording(self, records)
    }
}

/// `.when` and `.record` in a build without the `inspect` feature: an error that says so.
#[cfg(not(feature = "inspect"))]
impl<F: Patched, S: Scope> Builder<F, S> {
    /// Needs the `inspect` feature; see [`.when`](crate::verbs::when).
    pub fn when<Condition: InspectFeature>(self, _condition: Condition) -> Self {
        self
    }

    /// Needs the `inspect` feature; see [`.record`](crate::verbs::record).
    pub fn record<Mapper: InspectFeature>(self, _mapper: Mapper) -> Self {
        self
    }
}

/// Installs `node` in the scope `S`, and gives its guard the records. Takes the
/// builder's parts, not the builder: moving all of it would copy it.
#[cfg_attr(not(debug_assertions), inline(always))]
fn install<S: Scope, N: ?Sized, T>(
    state: State<S>,
    target: &Target,
    records: Option<Arc<Records<T>>>,
    node: Box<Node<N>>,
) -> Guard<T> {
    Guard::recording(S::install(state, target, node), records)
}

/// A layer is not called after it answered as many calls as it has answers: the
/// runtime counts them first.
#[cold]
fn answered_all(name: Name) -> ! {
    unreachable!("the patch of `{name}` answered more calls than it had values for")
}

#[cold]
#[track_caller]
fn borrowing_params(name: Name, params: &str) -> ! {
    panic!(
        "cannot patch `{name}` for the type arguments `{params}`: one carries a borrow. \
         Patches tell instantiations apart by type with lifetimes erased, so a replacement \
         for a `'static` borrow would also be handed shorter ones and could keep them. \
         Patch an instantiation whose type arguments own their data (`String` for `&str`), \
         or patch a function that takes the borrow as an argument instead"
    )
}

#[cold]
#[track_caller]
fn compiled_out(name: Name) -> ! {
    panic!(
        "cannot patch `{name}`: patching is compiled out of the crate that defines it\n\
         #[patchable] fns are patchable in their own crate's unit tests, and in builds that \
         turn on {package}'s `enable` feature: a [dev-dependencies] line does so for tests, \
         examples and benches, never for `cargo build` or `cargo run` of a binary. \
         For a test, add to the Cargo.toml of the package whose tests patch:\n\n\
         [dev-dependencies]\n\
         {package} = {{ version = \"{version}\", features = [\"enable\"] }}\n\n\
         (If `cargo test --workspace` passes and `cargo test -p PACKAGE` stops here, the \
         workspace run turned the feature on through another package's line: PACKAGE \
         needs its own.)\n",
        package = env!("CARGO_PKG_NAME"),
        version = version_requirement(),
    )
}

/// The requirement the README writes, `"0.1"` for 0.1.x and `"1"` for 1.x: Cargo's
/// default caret requirement, compatible with every release that keeps the API.
fn version_requirement() -> String {
    match env!("CARGO_PKG_VERSION_MAJOR") {
        "0" => format!("0.{}", env!("CARGO_PKG_VERSION_MINOR")),
        major => major.to_owned(),
    }
}
