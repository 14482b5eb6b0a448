//! The per-function patch slot: the one static a `#[patchable]` fn consults on every call.

use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use crate::global_layers::GlobalLayers;
use crate::relaxed::relaxed_load;

/// Counts the patches of one function that are live anywhere in the process, and holds
/// its global layers.
///
/// A call of an unpatched function costs one relaxed load of the counter; only when
/// it is non-zero does the call look for a layer that applies to the calling thread.
/// Whether any of them is global is a second load: with none, the lookup stays on the
/// calling thread's own layers.
#[doc(hidden)]
#[repr(C)] // `live` first: unoptimized builds then load it from the slot's own address.
pub struct Slot {
    live: AtomicUsize,
    global: GlobalLayers,
}

impl Slot {
    /// A slot with no live patch, for the `static` the macro emits per function.
    pub const fn new() -> Self {
        Slot {
            live: AtomicUsize::new(0),
            global: GlobalLayers::new(),
        }
    }

    /// [`Slot::new`] as a constant: a `static` initialized by it costs rustc no
    /// evaluation of its own.
    #[allow(clippy::declare_interior_mutable_const)] // Only ever copied into a `static`.
    pub const EMPTY: Slot = Slot::new();

    #[inline(always)]
    pub(crate) fn global(&self) -> &GlobalLayers {
        &self.global
    }

    pub(crate) fn retain(&self) {
        self.live.fetch_add(1, Relaxed);
    }

    pub(crate) fn release(&self) {
        self.live.fetch_sub(1, Relaxed);
    }
}

/// How many patches of the function with `slot` are live, on any thread: the hook's
/// first check, inlined into the patched function. One relaxed load, one instruction
/// also in unoptimized builds; the hook compares it with zero itself, so that those
/// branch on the load directly.
#[doc(hidden)]
#[inline(always)]
pub fn live_patches(slot: &'static Slot) -> usize {
    relaxed_load!(&raw const slot.live, usize)
}

impl Default for Slot {
    fn default() -> Self {
        Self::new()
    }
}
