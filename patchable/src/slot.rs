//! The per-function patch slot: the one static a `#[patchable]` fn consults on every call.

use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use crate::global_layers::GlobalLayers;

/// Counts the patches of one function that are live anywhere in the process, and holds
/// its global layers.
///
/// A call of an unpatched function costs one relaxed load of the counter; only when
/// it is non-zero does the call look for a layer that applies to the calling thread.
/// Whether any of them is global is a second load: with none, the lookup stays on the
/// calling thread's own layers.
#[doc(hidden)]
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

    #[inline(always)]
    pub(crate) fn is_patched(&self) -> bool {
        relaxed_load(&self.live) != 0
    }

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

/// `atomic.load(Relaxed)`, in one instruction also in unoptimized builds.
///
/// Every call of every `#[patchable]` fn in a `cargo test` build runs this. There,
/// `AtomicUsize::load` is two calls deep and costs 27 instructions; the plain aligned
/// load it compiles to when optimized costs one. Optimized builds keep `load`, which
/// the compiler can fold into the comparison.
#[inline(always)]
fn relaxed_load(atomic: &AtomicUsize) -> usize {
    #[cfg(all(debug_assertions, any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        let value: usize;
        let address: *const AtomicUsize = atomic;
        // SAFETY: `address` is a live, aligned `AtomicUsize`; an aligned word-sized load
        // is a relaxed atomic load on these targets (what `load(Relaxed)` compiles to).
        unsafe {
            #[cfg(target_arch = "x86_64")]
            core::arch::asm!(
                "mov {value}, qword ptr [{address}]",
                value = out(reg) value,
                address = in(reg) address,
                options(nostack, readonly, preserves_flags),
            );
            #[cfg(target_arch = "aarch64")]
            core::arch::asm!(
                "ldr {value}, [{address}]",
                value = out(reg) value,
                address = in(reg) address,
                options(nostack, readonly, preserves_flags),
            );
        }
        value
    }
    #[cfg(not(all(debug_assertions, any(target_arch = "x86_64", target_arch = "aarch64"))))]
    atomic.load(Relaxed)
}

impl Default for Slot {
    fn default() -> Self {
        Self::new()
    }
}
