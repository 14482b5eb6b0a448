//! The per-function patch slot: the one static a `#[patchable]` fn consults on every call.

use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Counts the patches of one function that are live anywhere in the process.
///
/// A call of an unpatched function costs one relaxed load of this counter; only when
/// it is non-zero does the call look for a layer that applies to the calling thread.
#[doc(hidden)]
pub struct Slot {
    live: AtomicUsize,
}

impl Slot {
    /// A slot with no live patch, for the `static` the macro emits per function.
    pub const fn new() -> Self {
        Slot {
            live: AtomicUsize::new(0),
        }
    }

    #[inline(always)]
    pub(crate) fn is_patched(&self) -> bool {
        self.live.load(Relaxed) != 0
    }

    pub(crate) fn retain(&self) {
        self.live.fetch_add(1, Relaxed);
    }

    pub(crate) fn release(&self) {
        self.live.fetch_sub(1, Relaxed);
    }
}

impl Default for Slot {
    fn default() -> Self {
        Self::new()
    }
}
