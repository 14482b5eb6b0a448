//! Global layers: every thread sees them. Installing one takes the function's turn
//! (`turns.rs`); a call finds its layer without a lock (`global_layers.rs`), then enters
//! the replacement, one thread at a time, for as long as it runs.

use core::any::TypeId;
use core::ptr::NonNull;

use crate::entered::Entered;
use crate::global_layers::Layer;
use crate::node::{ErasedNode, Header};
use crate::slot::Slot;
use crate::turns::{self, Turns};

/// Installs `node` as the newest global layer of `slot`/`key`, once this thread has the
/// function's turn.
pub(crate) fn install(
    slot: &'static Slot,
    key: TypeId,
    name: &'static str,
    node: ErasedNode,
    spy: bool,
) {
    let mut turns = turns::lock();
    Turns::take(&mut turns, slot, key, name);
    let seq = turns.next_install();
    slot.retain();
    slot.global().push(Layer {
        key,
        seq,
        node,
        spy,
    });
}

/// Takes out the global layer of `header` and gives back the turn. Returns the calls
/// that reached the layer; calls still running it keep it alive until they return.
pub(crate) fn remove(slot: &'static Slot, key: TypeId, header: NonNull<Header>) -> usize {
    let mut turns = turns::lock();
    let removed = slot.global().remove(header);
    turns.give_back(slot, key);
    drop(turns);
    let Some(layer) = removed else { return 0 };
    slot.release();
    // SAFETY: the layer list's hold keeps the node alive until `let_go` below. No call can
    // count it any more: every reader that could see it has left.
    let calls = unsafe { layer.node.header() }.calls();
    // Outside the writers' lock: dropping the replacement runs user code, which may patch.
    // SAFETY: this is the layer list's hold, given up once.
    unsafe { let_go(layer.node) };
    calls
}

/// The newest global layer of `slot`/`key` installed before `below` (if given), counting
/// the spies the call passes. The returned layer is held until the call ends.
pub(crate) fn enter(slot: &'static Slot, key: TypeId, below: Option<u64>) -> Option<GlobalHit> {
    slot.global().read(|layers| {
        for layer in layers {
            if layer.key != key || below.is_some_and(|below| layer.seq >= below) {
                continue;
            }
            // SAFETY: listed layers hold their nodes.
            let header = unsafe { layer.node.header() };
            header.count_shared_call();
            if !layer.spy {
                // While the list holds it: this hold outlives the list's (`remove` waits
                // for readers before it lets go).
                header.hold();
                return Some(GlobalHit {
                    slot,
                    key,
                    seq: layer.seq,
                    node: layer.node,
                });
            }
        }
        None
    })
}

/// A call that reached a global layer and holds its node.
pub(crate) struct GlobalHit {
    slot: &'static Slot,
    key: TypeId,
    seq: u64,
    node: ErasedNode,
}

impl GlobalHit {
    /// Runs the replacement (of type `F`) with this thread as its only runner, and marks
    /// it as running on this thread, so calls it makes go to the layers below.
    ///
    /// # Safety
    /// `F` must be the type the node was installed with.
    pub(crate) unsafe fn run<F: ?Sized, R>(self, call: impl FnOnce(&mut F) -> R) -> R {
        struct Exit(ErasedNode);
        impl Drop for Exit {
            fn drop(&mut self) {
                // SAFETY: this call holds the node and its entry lock, given up once here.
                unsafe {
                    self.0.header().unlock_entry();
                    let_go(self.0);
                }
            }
        }
        // SAFETY: this call holds the node.
        unsafe { self.node.header() }.lock_entry();
        let _exit = Exit(self.node);
        let entered = Entered::new(self.slot, self.key, self.seq);
        let _linked = entered.link();
        // SAFETY: the node is held, and the entry lock makes this the only `&mut`; the
        // caller names the type it was installed with.
        let replacement = unsafe { &mut *self.node.replacement::<F>() };
        call(replacement)
    }
}

/// Gives up one hold of `node`, freeing it if that was the last.
///
/// # Safety
/// The caller owns one hold of `node` and uses the node no more.
unsafe fn let_go(node: ErasedNode) {
    // SAFETY: held, so alive; freed once, by the last holder.
    unsafe {
        if node.header().let_go() {
            node.free();
        }
    }
}
