//! Thread-scoped layers: each thread keeps a list of the patches it installed, linked
//! through the nodes' headers, newest first.

use core::any::TypeId;
use core::cell::Cell;
use core::mem::ManuallyDrop;
use core::num::NonZeroU64;
use core::ptr::{self, NonNull};

use crate::inspect::Inspector;
use crate::node::{BUSY, ErasedNode, Header, NO_NODE, ORPHANED, header_ref};
use crate::relaxed::{relaxed_load, relaxed_store};
use crate::slot::Slot;

thread_local! {
    // The newest layer of this thread. `const` and no `Drop`: reading it is a plain
    // thread-local load, also while the thread exits, so a guard dropped then never
    // sees a dangling list, and one leaked with `mem::forget` leaks its node.
    static NEWEST: Cell<*mut Header> = const { Cell::new(ptr::null_mut()) };
    // Orphaned nodes whose replacement unwound, linked through `next`: freed by the next
    // removal on this thread (see `Running`).
    static UNWOUND: Cell<*mut Header> = const { Cell::new(ptr::null_mut()) };
}

/// The end of a thread's list. A constant, so that comparing with it is no call in
/// unoptimized builds (`is_null` is one).
const END: *mut Header = ptr::null_mut();

/// This thread's newest layer; null when it has none.
#[inline(always)]
pub(crate) fn newest() -> *mut Header {
    NEWEST.get()
}

/// Makes `node` the newest layer of this thread.
pub(crate) fn push(node: ErasedNode) {
    // SAFETY: the node is fresh, so alive, and becomes this thread's.
    let header = unsafe { node.header() };
    relaxed_store!(&raw const header.next, NEWEST.get());
    NEWEST.set(node.as_raw());
}

/// Takes the layer of `header` off this thread's list and frees its node, unless the
/// replacement is running right now; then the running call frees it when it returns.
/// Returns the calls that reached the layer.
pub(crate) fn remove(slot: &'static Slot, header: NonNull<Header>) -> usize {
    free_unwound();
    let node = ErasedNode::from_header(header);
    // SAFETY: the guard calling this keeps the node alive until now.
    let calls = unsafe { node.header() }.calls();
    if unlink(node.as_raw()) {
        // SAFETY: it was on the list, so alive; it is freed once, here or by the running
        // call that sees `ORPHANED`.
        let header = unsafe { node.header() };
        match relaxed_load!(&raw const header.state, usize) & BUSY {
            0 => {
                // Dropping the closure may run user code that patches: the list is whole.
                // SAFETY: as above.
                unsafe { node.free() }
            }
            _ => relaxed_store!(&raw const header.state, BUSY | ORPHANED),
        }
    }
    slot.release();
    calls
}

/// Takes `node` off this thread's list; `false` if it is not on it.
fn unlink(node: *mut Header) -> bool {
    let mut newer = NEWEST.get();
    // Guards mostly drop newest first.
    if newer == node {
        // SAFETY: the layers on the list are alive, and they are this thread's.
        let header = unsafe { &*node };
        NEWEST.set(relaxed_load!(&raw const header.next, *mut Header));
        return true;
    }
    while newer != END {
        // SAFETY: as above.
        let header = unsafe { &*newer };
        let next = relaxed_load!(&raw const header.next, *mut Header);
        if next == node {
            // SAFETY: as above.
            let removed = unsafe { &*node };
            let after = relaxed_load!(&raw const removed.next, *mut Header);
            relaxed_store!(&raw const header.next, after);
            return true;
        }
        newer = next;
    }
    false
}

/// Which layers of a slot apply to a call, by their key.
pub(crate) trait Key {
    fn matches(&self, key: &TypeId) -> bool;
}

/// The layers of the instantiation with this key; with `KEYED` false, every layer of the
/// slot, which belongs to one instantiation alone (see [`dispatch`](crate::dispatch)).
pub(crate) struct KeyIf<const KEYED: bool>(pub(crate) crate::dispatch::Key);

impl<const KEYED: bool> Key for KeyIf<KEYED> {
    #[inline(always)]
    fn matches(&self, key: &TypeId) -> bool {
        !KEYED || *key == (self.0)()
    }
}

impl Key for TypeId {
    #[inline(always)]
    fn matches(&self, key: &TypeId) -> bool {
        key == self
    }
}

/// The newest layer of `slot` and `key` on this thread whose replacement is not running,
/// counting every layer the call reaches, or `NO_NODE`; a layer that settles out of line
/// is returned uncounted, for [`settle`] to tell whether it answers. The search starts
/// at `newest`, this thread's newest layer (see [`newest`]). The returned node is marked
/// busy; the call leaves it through [`Running::entered`].
///
/// Inlined, so that a key known from a type is compared as a constant, or not at all.
#[inline(always)]
pub(crate) fn enter(newest: *mut Header, slot: &'static Slot, key: impl Key) -> ErasedNode {
    let mut node = newest;
    while node != END {
        // SAFETY: the layers on the list are alive, and they are this thread's.
        let header = header_ref!(node);
        // Nodes on the list are not orphaned: their state is 0 or `BUSY`. `==` on the
        // pointers: `ptr::eq` is a call in unoptimized builds.
        #[allow(clippy::ptr_eq)]
        if header.slot == slot as *const Slot
            && relaxed_load!(&raw const header.state, usize) == 0
            && key.matches(&header.key)
        {
            // A layer that just answers has no flags: one test.
            if header.flags == 0 {
                relaxed_store!(
                    &raw const header.calls,
                    relaxed_load!(&raw const header.calls, usize) + 1
                );
                relaxed_store!(&raw const header.state, BUSY);
                return ErasedNode::from_raw(node);
            }
            // Counted out of line, once it is known to answer: see `settle`. (A call here
            // would make every call save registers.)
            if header.settles_out_of_line() {
                relaxed_store!(&raw const header.state, BUSY);
                return ErasedNode::from_raw(node);
            }
            // A spy.
            relaxed_store!(
                &raw const header.calls,
                relaxed_load!(&raw const header.calls, usize) + 1
            );
        }
        node = relaxed_load!(&raw const header.next, *mut Header);
    }
    NO_NODE
}

/// Where a call that reached a layer settling out of line goes.
pub(crate) enum Settled {
    /// To this layer, marked busy: the caller runs its replacement and leaves it.
    Layer(ErasedNode),
    /// Past this thread's layers: to the global ones, or the original.
    Below,
    /// To the original, past every other layer: a `.real()` layer answered.
    Original,
}

/// The layer of this thread that answers a call, from `node` on, which [`enter`] returned
/// marked busy and uncounted, since it settles out of line: it looks at the arguments
/// first (`show` shows them to an inspector), joined a sequence, answers a limited
/// number of calls, or runs the original. A layer that lets the call in counts it (a spy
/// then lets it through); one that declines lets it past to the older layers, as `enter`
/// goes on.
#[cold]
#[inline(never)]
pub(crate) fn settle(
    mut node: ErasedNode,
    slot: &'static Slot,
    key: TypeId,
    show: &mut dyn FnMut(&Inspector) -> bool,
) -> Settled {
    loop {
        // SAFETY: `enter` marked it busy: alive until it is left.
        let header = unsafe { node.header() };
        // Left when dropped, also if an inspector unwinds.
        // SAFETY: marked busy by `enter`, and left only through this value.
        let running = unsafe { Running::entered(node) };
        // A layer that answered all it answers lets the call past, uncounted.
        if !header.used_up() && header.lets_in(show) {
            relaxed_store!(
                &raw const header.calls,
                relaxed_load!(&raw const header.calls, usize) + 1
            );
            header.tell_sequence();
            if header.runs_original() {
                running.leave();
                return Settled::Original;
            }
            if !header.is_spy() {
                // Still busy: the caller runs the replacement and leaves it.
                core::mem::forget(running);
                return Settled::Layer(node);
            }
        }
        // An inspector that dropped the layer's guard (it is then orphaned, unlinked and
        // freed by `leave`) leaves no next layer to go on from: start over.
        let next = match relaxed_load!(&raw const header.state, usize) {
            BUSY => relaxed_load!(&raw const header.next, *mut Header),
            _ => NEWEST.get(),
        };
        running.leave();
        node = enter(next, slot, key);
        if node.is_end() {
            return Settled::Below;
        }
        // SAFETY: a node `enter` returned is alive.
        if !unsafe { node.header() }.settles_out_of_line() {
            return Settled::Layer(node);
        }
    }
}

/// Marks the layer with `identity` (see [`Header::identity`]) running again, if it is
/// on this thread's list and not running already: the future of an awaiting replacement
/// does this each time it is polled, so that calls it makes of the patched fn reach the
/// next layer down. Once the layer's guard dropped, no layer has its identity any more.
pub(crate) fn reenter(identity: NonZeroU64) -> Option<Running> {
    let mut node = NEWEST.get();
    while node != END {
        // SAFETY: as in `enter`.
        let header = unsafe { &*node };
        if header.has_identity(identity) {
            if relaxed_load!(&raw const header.state, usize) != 0 {
                return None;
            }
            relaxed_store!(&raw const header.state, BUSY);
            // SAFETY: marked busy just now, by this call alone.
            return Some(unsafe { Running::entered(ErasedNode::from_raw(node)) });
        }
        node = relaxed_load!(&raw const header.next, *mut Header);
    }
    None
}

/// A layer of this thread whose replacement runs (or whose future is polled): calls of
/// its function made meanwhile go one layer down. [`Running::leave`] makes the layer
/// available again, or frees the node if its guard is gone.
///
/// Dropped instead, while unwinding, it leaves the layer too, but an orphaned node goes
/// to this thread's unwound nodes, freed when its next guard drops: then the
/// cleanup makes no call, and the call that reaches a layer keeps one register and no
/// stack frame of its own for it.
pub(crate) struct Running(ErasedNode);

impl Running {
    /// Takes over a node that `enter` marked busy, to leave it when dropped.
    ///
    /// # Safety
    /// `node` was marked busy by `enter` (or `reenter`), and only this value leaves it.
    #[inline(always)]
    pub(crate) unsafe fn entered(node: ErasedNode) -> Self {
        Running(node)
    }

    /// Leaves the layer: the replacement returned.
    #[inline(always)]
    pub(crate) fn leave(self) {
        // Not `mem::forget`, which is a call in unoptimized builds.
        let node = ManuallyDrop::new(self).0;
        // SAFETY: a busy node is freed only by the call that runs it, so it is alive.
        if unsafe { leave(node) } {
            // SAFETY: its guard is gone, and this was the last use.
            unsafe { node.free() };
        }
    }
}

impl Drop for Running {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: as in `leave`.
        if unsafe { leave(self.0) } {
            // The node is unlinked from the thread's list; this thread owns its `next`.
            // SAFETY: as in `leave`.
            let header = unsafe { self.0.header() };
            relaxed_store!(&raw const header.next, UNWOUND.get());
            UNWOUND.set(self.0.as_raw());
        }
    }
}

/// Marks a busy `node` not running; `true` if it is orphaned, to be freed now.
///
/// # Safety
/// `node` is alive and busy.
#[inline(always)]
unsafe fn leave(node: ErasedNode) -> bool {
    // SAFETY: the caller's contract.
    let header = unsafe { node.header() };
    let state = relaxed_load!(&raw const header.state, usize);
    relaxed_store!(&raw const header.state, 0_usize);
    state != BUSY
}

/// Frees this thread's orphaned nodes whose replacement unwound.
#[inline]
fn free_unwound() {
    if UNWOUND.get() != END {
        free_unwound_now();
    }
}

#[cold]
fn free_unwound_now() {
    let mut node = UNWOUND.replace(END);
    while node != END {
        // SAFETY: unwound nodes are alive, unlinked and not running: only this list has them.
        let header = unsafe { &*node };
        let next = relaxed_load!(&raw const header.next, *mut Header);
        // SAFETY: as above; freed once.
        unsafe { ErasedNode::from_raw(node).free() };
        node = next;
    }
}
