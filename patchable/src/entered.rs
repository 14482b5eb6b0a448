//! Which global layers this thread is running, so a replacement that calls its own
//! function reaches the layers below it, never itself.
//!
//! A global layer is shared by all threads, so "running" cannot be a flag on the layer
//! (as `busy` is for thread-scoped layers): it is a list per thread, linked through the
//! stack frames of the running calls — no allocation, and unwinding unlinks each entry.

use core::any::TypeId;
use core::cell::Cell;
use core::num::NonZeroU64;
use core::ptr;

use crate::slot::Slot;

/// One running global layer: lives in the frame of the call that runs it.
pub(crate) struct Entered {
    slot: *const Slot,
    key: TypeId,
    seq: NonZeroU64,
    outer: Cell<*const Entered>,
}

thread_local! {
    // `const` and no `Drop`: reading it is a plain thread-local load, also during thread exit.
    static INNERMOST: Cell<*const Entered> = const { Cell::new(ptr::null()) };
}

/// The install order of the innermost layer of `slot`/`key` this thread is running.
/// Calls made now go to layers installed before it.
///
/// Layers are entered newest to oldest (a call only goes lower), so the innermost
/// entry is also the oldest.
pub(crate) fn innermost(slot: &'static Slot, key: TypeId) -> Option<NonZeroU64> {
    let mut entry = INNERMOST.with(Cell::get);
    // SAFETY: entries are unlinked (`Linked::drop`) before their frames end.
    while let Some(running) = unsafe { entry.as_ref() } {
        if ptr::eq(running.slot, slot) && running.key == key {
            return Some(running.seq);
        }
        entry = running.outer.get();
    }
    None
}

impl Entered {
    pub(crate) fn new(slot: &'static Slot, key: TypeId, seq: NonZeroU64) -> Self {
        Entered {
            slot,
            key,
            seq,
            outer: Cell::new(ptr::null()),
        }
    }

    /// Links this entry as the innermost until the returned value drops. The borrow
    /// keeps the entry in place while it is linked.
    pub(crate) fn link(&self) -> Linked<'_> {
        self.outer.set(INNERMOST.with(Cell::get));
        INNERMOST.with(|innermost| innermost.set(self));
        Linked(self)
    }
}

/// Unlinks its entry when dropped.
pub(crate) struct Linked<'a>(&'a Entered);

impl Drop for Linked<'_> {
    fn drop(&mut self) {
        INNERMOST.with(|innermost| innermost.set(self.0.outer.get()));
    }
}
