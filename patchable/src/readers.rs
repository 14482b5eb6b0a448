//! Lock-free readers, and writers that wait until the readers of an old version have left.
//!
//! A call reads a slot's global layers without a lock: it registers as a reader for a
//! few instructions (no user code, no blocking), reads, and leaves. A writer that
//! replaced what readers may be looking at calls [`Readers::wait_for_readers`] before
//! freeing the old version. Readers register in one of two counters, picked by an epoch
//! the writer bumps, so a steady stream of new readers cannot keep a writer waiting:
//! only the readers that registered before the bump are waited for.

use core::sync::atomic::{AtomicUsize, Ordering::SeqCst};

/// The readers of one slot's global layers.
pub(crate) struct Readers {
    epoch: AtomicUsize,
    registered: [AtomicUsize; 2],
}

/// A registered reader; dropping it leaves.
pub(crate) struct Reading<'a> {
    registered: &'a AtomicUsize,
}

impl Readers {
    pub(crate) const fn new() -> Self {
        Readers {
            epoch: AtomicUsize::new(0),
            registered: [AtomicUsize::new(0), AtomicUsize::new(0)],
        }
    }

    /// Registers a reader. Everything it loads before the returned value drops stays
    /// allocated: writers free an old version only after `wait_for_readers`.
    #[inline]
    pub(crate) fn read(&self) -> Reading<'_> {
        loop {
            let epoch = self.epoch.load(SeqCst);
            let registered = &self.registered[epoch % 2];
            registered.fetch_add(1, SeqCst);
            // Registered in time: the epoch did not move, so a writer that bumps it from
            // here on waits for this counter. Otherwise a writer may already have checked
            // this counter: register again, under the new epoch.
            if self.epoch.load(SeqCst) == epoch {
                return Reading { registered };
            }
            registered.fetch_sub(1, SeqCst);
        }
    }

    /// Waits until every reader that may have loaded a value this writer replaced has
    /// left. Call it after publishing the replacement, with writers serialized.
    ///
    /// Why it suffices: a reader that loaded the old value registered, confirmed the
    /// epoch, then loaded — all before the writer's publish in the single order of
    /// `SeqCst` operations, so before the bump below. If it confirmed the epoch this
    /// writer bumps, it is counted in `registered[old % 2]` until it leaves. If it
    /// confirmed an older epoch, an earlier writer bumped that one and waited for it
    /// to leave before releasing the writers' lock that this writer then took.
    pub(crate) fn wait_for_readers(&self) {
        let old = self.epoch.fetch_add(1, SeqCst);
        let registered = &self.registered[old % 2];
        let mut spins = 0u32;
        // Readers stay registered for a few instructions, so this is short, unless a
        // reader's thread was preempted: then let it run.
        while registered.load(SeqCst) != 0 {
            spins += 1;
            match spins < 64 {
                true => core::hint::spin_loop(),
                false => std::thread::yield_now(),
            }
        }
    }
}

impl Drop for Reading<'_> {
    #[inline]
    fn drop(&mut self) {
        self.registered.fetch_sub(1, SeqCst);
    }
}
