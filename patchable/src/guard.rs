//! The guard a patch lives as long as.

use core::fmt;
use core::ptr::NonNull;

use crate::node::{Header, NotSend};
use crate::slot::Slot;
use crate::target::Name;
use crate::thread_scope;

/// Keeps a thread-scoped patch installed; dropping it restores the previous behaviour.
///
/// Returned by `.with(…)`, `.returns(…)` and `.spy()` on `patch!(f)`. The guard is
/// `!Send`: the patch belongs to the thread that installed it. Guards of one function
/// may be dropped in any order; each removes exactly its own layer.
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
pub struct Guard {
    header: NonNull<Header>,
    slot: &'static Slot,
    name: Name,
    expected: Option<usize>,
    _not_send: NotSend,
}

impl Guard {
    pub(crate) fn new(
        header: NonNull<Header>,
        slot: &'static Slot,
        name: Name,
        expected: Option<usize>,
    ) -> Self {
        Guard {
            header,
            slot,
            name,
            expected,
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
        unsafe { self.header.as_ref() }.calls()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let calls = self.calls();
        thread_scope::remove(self.header);
        self.slot.release();
        if let Some(expected) = self.expected
            && calls != expected
            && !std::thread::panicking()
        {
            unmet_expectation(self.name, expected, calls);
        }
    }
}

#[cold]
fn unmet_expectation(name: Name, expected: usize, calls: usize) -> ! {
    panic!(
        "`{name}` was expected to be called {} while patched, but was called {}\n\
         (checked when the guard of `patch!(…).times({expected})` dropped)",
        Times(expected),
        Times(calls),
    )
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

impl fmt::Debug for Guard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Guard")
            .field("function", &self.name)
            .field("calls", &self.calls())
            .field("expected", &self.expected)
            .finish()
    }
}
