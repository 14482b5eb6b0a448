//! Thread-scoped layers: each thread keeps its own stack of the patches it installed.

use core::any::TypeId;
use core::cell::RefCell;
use core::ptr::{self, NonNull};

use crate::node::{ErasedNode, Header};
use crate::slot::Slot;

struct Layer {
    slot: *const Slot,
    key: TypeId,
    node: ErasedNode,
    /// A spy counts the call and lets it through to the next layer.
    spy: bool,
}

thread_local! {
    // Newest last. No `Drop` on `Layer`: a guard leaked with `mem::forget` leaks its node
    // at thread exit instead of leaving the guard pointing at freed memory.
    static LAYERS: RefCell<Vec<Layer>> = const { RefCell::new(Vec::new()) };
}

pub(crate) fn push(slot: &'static Slot, key: TypeId, node: ErasedNode, spy: bool) {
    LAYERS.with_borrow_mut(|layers| {
        layers.push(Layer {
            slot,
            key,
            node,
            spy,
        })
    });
}

/// Takes the layer of `header` off this thread's stack and frees its node, unless the
/// replacement is running right now; then the running call frees it when it returns.
/// Returns the calls that reached the layer.
pub(crate) fn remove(slot: &'static Slot, header: NonNull<Header>) -> usize {
    // SAFETY: the guard calling this keeps the node alive until now.
    let calls = unsafe { header.as_ref() }.calls();
    remove_layer(header);
    slot.release();
    calls
}

fn remove_layer(header: NonNull<Header>) {
    let removed = LAYERS
        .try_with(|layers| {
            let mut layers = layers.borrow_mut();
            let index = layers
                .iter()
                .rposition(|layer| layer.node.header_ptr() == header)?;
            // Guards mostly drop newest first: `pop` spares `remove`'s call to memmove.
            match index + 1 == layers.len() {
                true => layers.pop(),
                false => Some(layers.remove(index)),
            }
        })
        .ok()
        .flatten();
    let Some(layer) = removed else { return };
    // SAFETY: the layer was on the stack, so its node is alive; it is freed once, here
    // or by the running call that sees `orphaned`.
    unsafe {
        if layer.node.header().is_busy() {
            layer.node.header().orphan();
        } else {
            // Freed outside the borrow: dropping the closure may run user code that patches.
            layer.node.free();
        }
    }
}

/// The newest layer of `slot`/`key` on this thread whose replacement is not running,
/// counting every layer the call reaches. The returned node is marked busy.
pub(crate) fn enter(slot: &'static Slot, key: TypeId) -> Option<ErasedNode> {
    LAYERS
        .try_with(|layers| {
            let layers = layers.try_borrow().ok()?;
            for layer in layers.iter().rev() {
                if !ptr::eq(layer.slot, slot) || layer.key != key {
                    continue;
                }
                // SAFETY: nodes on the stack are alive.
                let header = unsafe { layer.node.header() };
                if header.is_busy() {
                    continue;
                }
                header.count_call();
                if !layer.spy {
                    header.set_busy(true);
                    return Some(layer.node);
                }
            }
            None
        })
        .ok()
        .flatten()
}

/// Ends a call that `enter` began: the layer is available again, or freed if its guard is gone.
///
/// # Safety
/// `node` must have been returned by `enter` and this must be its only `leave`.
pub(crate) unsafe fn leave(node: ErasedNode) {
    // SAFETY: a busy node is freed only here, so it is still alive.
    unsafe {
        let header = node.header();
        header.set_busy(false);
        if header.is_orphaned() {
            node.free();
        }
    }
}
