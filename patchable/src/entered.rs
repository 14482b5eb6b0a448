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

/// A global layer as the calls that reach it know it: its function instantiation
/// (slot and key) and its install order. Plain values: the future of an awaiting
/// replacement keeps one, and stays `Send`.
#[derive(Clone, Copy)]
pub(crate) struct GlobalLayer {
    pub(crate) slot: &'static Slot,
    pub(crate) key: TypeId,
    pub(crate) seq: NonZeroU64,
}

impl GlobalLayer {
    fn is_of(&self, slot: &'static Slot, key: TypeId) -> bool {
        ptr::eq(self.slot, slot) && self.key == key
    }
}

/// One running global layer: lives in the frame of the call that runs it.
pub(crate) struct Entered {
    layer: GlobalLayer,
    outer: Cell<*const Entered>,
}

thread_local! {
    // `const` and no `Drop`: reading it is a plain thread-local load, also during thread exit.
    static INNERMOST: Cell<*const Entered> = const { Cell::new(ptr::null()) };
}

/// The install order of the innermost layer of `slot`/`key` this thread is running.
/// Calls made now go to layers installed before it.
///
/// Layers are entered newest to oldest (a call only goes lower, and
/// [`Entered::link_if_lower`] keeps it so), so the innermost entry is also the oldest.
pub(crate) fn innermost(slot: &'static Slot, key: TypeId) -> Option<NonZeroU64> {
    let mut entry = INNERMOST.with(Cell::get);
    // SAFETY: entries are unlinked (`Linked::drop`) before their frames end.
    while let Some(running) = unsafe { entry.as_ref() } {
        if running.layer.is_of(slot, key) {
            return Some(running.layer.seq);
        }
        entry = running.outer.get();
    }
    None
}

impl Entered {
    pub(crate) fn new(layer: GlobalLayer) -> Self {
        Entered {
            layer,
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

    /// [`link`](Self::link), for the future of an awaiting replacement, unless this
    /// thread already runs an older layer of the same function. A future can be polled
    /// anywhere, also inside a call of an older layer (a replacement that blocks on it);
    /// its calls then go below that older layer already, and linking the newer one
    /// would break the order [`innermost`] relies on, letting a call re-enter a layer
    /// that this thread runs.
    pub(crate) fn link_if_lower(&self) -> Option<Linked<'_>> {
        let layer = self.layer;
        match innermost(layer.slot, layer.key) {
            Some(running) if running <= layer.seq => None,
            _ => Some(self.link()),
        }
    }
}

/// Unlinks its entry when dropped.
pub(crate) struct Linked<'a>(&'a Entered);

impl Drop for Linked<'_> {
    fn drop(&mut self) {
        INNERMOST.with(|innermost| innermost.set(self.0.outer.get()));
    }
}
