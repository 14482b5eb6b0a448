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
/// counting every layer the call reaches. The returned node is marked busy; the call
/// leaves it through [`Running::entered`].
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

/// Marks the layer of `header` running again, if it is on this thread's stack and not
/// running already: the future of an awaiting replacement does this each time it is
/// polled, so that calls it makes of the patched fn reach the next layer down. The
/// header is only compared, never read, unless a layer of this thread holds it (a freed
/// node's address taken by a newer layer would at worst mark that one running).
pub(crate) fn reenter(header: NonNull<Header>) -> Option<Running> {
    LAYERS
        .try_with(|layers| {
            let layers = layers.try_borrow().ok()?;
            let layer = layers
                .iter()
                .rev()
                .find(|layer| layer.node.header_ptr() == header)?;
            // SAFETY: nodes on the stack are alive.
            let header = unsafe { layer.node.header() };
            if header.is_busy() {
                return None;
            }
            header.set_busy(true);
            // SAFETY: marked busy just now, by this call alone.
            Some(unsafe { Running::entered(layer.node) })
        })
        .ok()
        .flatten()
}

/// A layer of this thread whose replacement runs (or whose future is polled): calls of
/// its function made meanwhile go one layer down. Dropping it, also while unwinding,
/// makes the layer available again, or frees the node if its guard is gone.
pub(crate) struct Running(ErasedNode);

impl Running {
    /// Takes over a node that `enter` marked busy, to leave it when dropped.
    ///
    /// # Safety
    /// `node` was marked busy by `enter` (or `reenter`), and only this value leaves it.
    pub(crate) unsafe fn entered(node: ErasedNode) -> Self {
        Running(node)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // SAFETY: a busy node is freed only here, so it is still alive.
        unsafe {
            let header = self.0.header();
            header.set_busy(false);
            if header.is_orphaned() {
                self.0.free();
            }
        }
    }
}
