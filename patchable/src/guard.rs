//! The guard a patch lives as long as.

use core::any::TypeId;
use core::fmt;
use core::num::NonZeroU64;
use core::panic::Location;
use core::ptr::NonNull;
use std::sync::Arc;

use crate::failures;
use crate::mismatch::Mismatch;
use crate::misplaced::{GoesBeforeTheVerb, PatchMadeAlready};
use crate::node::{Header, NotSend};
use crate::records::{Listed, Records};
use crate::slot::Slot;
use crate::target::{Name, Target};
use crate::{global_scope, thread_scope};

/// Keeps a patch installed; dropping it restores the previous behaviour.
///
/// Returned by [`.with(…)`](crate::verbs::with), [`.returns(…)`](crate::verbs::returns),
/// [`.spy()`](crate::verbs::spy) and [`.with_async(…)`](crate::verbs::with_async) on
/// `patch!(f)` and on `patch!(f).global()`. Guards of one function may be dropped in any
/// order; each removes exactly its own layer.
///
/// The guard is `!Send`, in both scopes: it is dropped on the thread that installed
/// the patch. A thread-scoped patch lives on that thread's own layer stack; a global
/// patch holds that thread's turn at patching the function globally, which other
/// threads wait for (see [global patches](crate#global-patches)). A `#[tokio::test]`
/// body may hold a guard across `.await`: the runtime does not move the test's own
/// future to another thread.
///
/// A guard leaked with `mem::forget` never restores: a thread-scoped patch then lasts
/// as long as its thread, a global one for the rest of the process (its thread's turn
/// is given back when that thread ends, so other threads can patch over it).
///
/// ```
/// use patchable::{patch, patchable};
///
/// #[patchable]
/// fn answer() -> u32 {
///     42
/// }
///
/// let guard = patch!(answer).returns(7);
/// assert_eq!(answer(), 7);
/// assert_eq!(guard.calls(), 1);
/// drop(guard);
/// assert_eq!(answer(), 42);
/// ```
#[must_use = "the patch is removed as soon as the guard drops; bind it: `let _guard = …`"]
pub struct Guard<T = ()> {
    layer: InstalledLayer,
    /// What [`.record`](crate::verbs::record) kept, shared with the layer.
    records: Option<Arc<Records<T>>>,
    _not_send: NotSend,
}

/// An installed layer, as its guard removes it.
#[doc(hidden)]
pub struct InstalledLayer {
    header: NonNull<Header>,
    slot: &'static Slot,
    name: Name,
    expected: Option<Expected>,
    installed: Installed,
}

/// `.times(n)`: the count, and the test line that asked for it, which the panic at drop
/// names (the drop itself runs wherever the guard's scope ends).
#[derive(Clone, Copy)]
pub(crate) struct Expected {
    calls: usize,
    at: &'static Location<'static>,
}

impl Expected {
    #[track_caller]
    pub(crate) fn here(calls: usize) -> Self {
        Expected {
            calls,
            at: Location::caller(),
        }
    }
}

/// Where the guard's layer is.
#[derive(Clone, Copy)]
pub(crate) enum Installed {
    /// On the installing thread's stack.
    Thread,
    /// On the slot's global layers, for the instantiation with this key, seen by every
    /// thread (context 0) or by those of one test context; `seq` is its install order,
    /// by which panics of its replacement on other threads are kept.
    Global {
        key: TypeId,
        context: u64,
        seq: NonZeroU64,
    },
}

impl Installed {
    /// The install order of a global layer.
    fn seq(self) -> Option<NonZeroU64> {
        match self {
            Installed::Thread => None,
            Installed::Global { seq, .. } => Some(seq),
        }
    }
}

impl InstalledLayer {
    #[inline(always)]
    pub(crate) fn new(
        header: NonNull<Header>,
        target: &Target,
        expected: Option<Expected>,
        installed: Installed,
    ) -> Self {
        InstalledLayer {
            header,
            slot: target.slot(),
            name: target.name(),
            expected,
            installed,
        }
    }
}

impl<T> Guard<T> {
    /// The guard of `layer`, whose records (if it keeps any) are `records`.
    #[inline(always)]
    pub(crate) fn recording(layer: InstalledLayer, records: Option<Arc<Records<T>>>) -> Self {
        Guard {
            layer,
            records,
            _not_send: NotSend::default(),
        }
    }

    /// How many calls reached this patch so far.
    ///
    /// A call reaches a patch when the patch answers it, or, for a [spy], when it passes
    /// through. Calls that went to a newer layer of the same function are not counted.
    ///
    /// [spy]: crate#spying
    ///
    /// ```
    /// use patchable::{patch, patchable};
    ///
    /// #[patchable]
    /// fn double(x: u32) -> u32 {
    ///     x * 2
    /// }
    ///
    /// let spy = patch!(double).spy();
    /// assert_eq!(double(2) + double(3), 10);
    /// assert_eq!(spy.calls(), 2);
    /// ```
    pub fn calls(&self) -> usize {
        // SAFETY: the node outlives its guard: it is freed when the guard removes it.
        unsafe { self.layer.header.as_ref() }.calls()
    }

    /// Expects exactly `n` calls to reach this patch, counted from when it was
    /// installed; checked when the guard drops. The same as
    /// [`.times(n)`](crate::verbs::times) before the installing verb, for those who write
    /// it after.
    ///
    /// ```
    /// use patchable::{patch, patchable};
    ///
    /// #[patchable]
    /// fn answer() -> u32 {
    ///     42
    /// }
    ///
    /// let guard = patch!(answer).returns(7).times(2);
    /// assert_eq!(answer() + answer(), 14);
    /// drop(guard); // would panic had `answer` been called once or three times
    /// ```
    #[track_caller]
    pub fn times(mut self, n: usize) -> Self {
        self.layer.expected = Some(Expected::here(n));
        self
    }
}

impl<T: Clone> Guard<T> {
    /// What [`.record`](crate::verbs::record) kept of each call that reached the patch so
    /// far, in call order (empty for a patch that does not record).
    ///
    /// ```
    /// use patchable::{patch, patchable};
    ///
    /// #[patchable]
    /// fn send(to: &str, body: &[u8]) -> Result<(), String> {
    ///     Err(format!("no mail server for {to}"))
    /// }
    ///
    /// let mail = patch!(send).record(|to, body| (to.to_string(), body.len())).returns(Ok(()));
    /// send("ada@example.org", b"hello").unwrap();
    /// send("grace@example.org", b"hi").unwrap();
    /// assert_eq!(
    ///     mail.records(),
    ///     [("ada@example.org".to_string(), 5), ("grace@example.org".to_string(), 2)]
    /// );
    /// assert_eq!(mail.last(), Some(("grace@example.org".to_string(), 2)));
    /// ```
    pub fn records(&self) -> Vec<T> {
        self.read_records(|records| records.clone())
    }

    /// The record of the latest call that reached the patch; `None` before the first.
    pub fn last(&self) -> Option<T> {
        self.read_records(|records| records.last().cloned())
    }
}

impl<T> Guard<T> {
    /// Takes out what [`.record`](crate::verbs::record) kept so far, leaving none: for
    /// records that are not `Clone`, or to look at the calls since the last take.
    ///
    /// ```
    /// use patchable::{patch, patchable};
    ///
    /// #[patchable]
    /// fn log(line: &str) {}
    ///
    /// let logs = patch!(log).record(|line| line.to_uppercase()).spy();
    /// log("a");
    /// assert_eq!(logs.take_records(), ["A"]);
    /// log("b");
    /// assert_eq!(logs.take_records(), ["B"]);
    /// ```
    pub fn take_records(&self) -> Vec<T> {
        self.read_records(core::mem::take)
    }

    fn read_records<R: Default>(&self, read: impl FnOnce(&mut Vec<T>) -> R) -> R {
        match &self.records {
            Some(records) => records.read(read),
            None => R::default(),
        }
    }
}

impl<T> Drop for Guard<T> {
    fn drop(&mut self) {
        self.layer.remove(
            self.records
                .as_deref()
                .map(|records| records as &dyn Listed),
        );
    }
}

impl<T> Guard<T> {
    /// Checks the expectation of [`.times(n)`](crate::verbs::times) against the calls so
    /// far, as the drop does, but without panicking: for a test that reports rather than
    /// panics, or checks midway. The expectation stays, and is checked again at drop.
    ///
    /// ```
    /// use patchable::{patch, patchable};
    ///
    /// #[patchable]
    /// fn charge(cents: u64) -> bool {
    ///     cents > 0
    /// }
    ///
    /// let guard = patch!(charge).times(1).returns(true);
    /// assert!(guard.verify().is_err()); // not called yet
    /// charge(500);
    /// assert_eq!(guard.verify(), Ok(()));
    /// ```
    pub fn verify(&self) -> Result<(), Mismatch> {
        let records = self
            .records
            .as_deref()
            .map(|records| records as &dyn Listed);
        self.layer.panicked_elsewhere(false)?;
        self.layer.check(self.calls(), records)
    }
}

impl InstalledLayer {
    /// Removes the layer, then checks its expectation. Not generic, so that the removal
    /// is compiled, and inlined, here, whatever a guard records.
    fn remove(&self, records: Option<&dyn Listed>) {
        let calls = match self.installed {
            Installed::Thread => thread_scope::remove(self.slot, self.header),
            Installed::Global { key, context, .. } => {
                global_scope::remove(self.slot, key, self.header, context)
            }
        };
        if let Some(seq) = self.installed.seq()
            && let Some(lines) = failures::of(seq, true)
            && !std::thread::panicking()
        {
            self.replacement_panicked(&lines).raise();
        }
        if let Some(expected) = self.expected
            && calls != expected.calls
        {
            self.unmet(expected, calls, records);
        }
    }

    /// The panics of the replacement on threads other than the test's, kept so far.
    fn panicked_elsewhere(&self, take: bool) -> Result<(), Mismatch> {
        match self.installed.seq().and_then(|seq| failures::of(seq, take)) {
            Some(lines) => Err(self.replacement_panicked(&lines)),
            None => Ok(()),
        }
    }

    #[cold]
    fn replacement_panicked(&self, lines: &str) -> Mismatch {
        Mismatch::new(format!(
            "the replacement of `{}` panicked on another thread than the test's:{lines}",
            self.name
        ))
    }

    /// The drop's panic for an unmet expectation, unless the thread already panics.
    #[cold]
    #[inline(never)]
    fn unmet(&self, expected: Expected, calls: usize, records: Option<&dyn Listed>) {
        if !std::thread::panicking() {
            let recorded = records.map(Listed::listed);
            unmet_expectation(self.name, expected, calls, recorded).raise();
        }
    }

    fn check(&self, calls: usize, records: Option<&dyn Listed>) -> Result<(), Mismatch> {
        match self.expected {
            Some(expected) if calls != expected.calls => {
                let recorded = records.map(Listed::listed);
                Err(unmet_expectation(self.name, expected, calls, recorded))
            }
            _ => Ok(()),
        }
    }
}

#[cold]
fn unmet_expectation(
    name: Name,
    expected: Expected,
    calls: usize,
    recorded: Option<String>,
) -> Mismatch {
    let recorded = match recorded {
        Some(listed) if !listed.is_empty() => format!("\nthe calls, as recorded:{listed}"),
        _ => String::new(),
    };
    Mismatch::new(format!(
        "`{name}` was expected to be called {} while patched, but was called {}\n\
         (`.times({})` at {}){recorded}",
        Times(expected.calls),
        Times(calls),
        expected.calls,
        expected.at,
    ))
}

struct Times(usize);

impl fmt::Display for Times {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("once"),
            n => write!(f, "{n} times"),
        }
    }
}

impl<T> fmt::Debug for Guard<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let layer = &self.layer;
        f.debug_struct("Guard")
            .field("function", &layer.name)
            .field(
                "scope",
                &match layer.installed {
                    Installed::Thread => "thread",
                    Installed::Global { context: 0, .. } => "global",
                    Installed::Global { .. } => "context",
                },
            )
            .field("calls", &self.calls())
            .field("expected", &layer.expected.map(|expected| expected.calls))
            .finish()
    }
}

// The builder's verbs called on a guard: compile errors, see `misplaced.rs`. Here, in
// the module of `Guard`, so that rustc's notes name them `Guard::<T>::returns`.
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
