//! What a `#[patchable]` fn runs before its body: find the layer that applies, call it.

use core::marker::PhantomData;
use core::num::NonZeroU64;

use crate::companion::Patchable;
use crate::global_scope::{self, GlobalHit};
use crate::node::ErasedNode;
use crate::{entered, thread_scope};

/// The layer that a call of `K`'s function reached; [`Hit::call`] runs its replacement.
#[doc(hidden)]
pub struct Hit<K: ?Sized> {
    node: ErasedNode,
    /// A global layer's install order; `None` for a layer of this thread.
    global: Option<NonZeroU64>,
    _companion: PhantomData<fn() -> K>,
}

/// Finds the patch layer that applies to this call, if any.
///
/// The check for "no patch anywhere" is inlined into the patched function: one
/// relaxed load and a branch. Everything else is out of line.
#[doc(hidden)]
#[inline(always)]
pub fn lookup<K: Patchable>() -> Option<Hit<K>> {
    let slot = K::slot();
    if !slot.is_patched() {
        return None;
    }
    lookup_slow::<K>()
}

#[cold]
#[inline(never)]
fn lookup_slow<K: Patchable>() -> Option<Hit<K>> {
    let (slot, key) = (K::slot(), typeid::of::<K>());
    // Only thread-scoped patches live: the lookup stays on this thread's own layers.
    if !slot.global().any() {
        return Hit::new(thread_scope::enter(slot, key)?, None);
    }
    // Thread-scoped layers come first, unless this call comes from a running global
    // layer: it goes below that one.
    let below = entered::innermost(slot, key);
    if below.is_none()
        && let Some(node) = thread_scope::enter(slot, key)
    {
        return Hit::new(node, None);
    }
    let GlobalHit { node, seq } = global_scope::enter(slot, key, below)?;
    Hit::new(node, Some(seq))
}

impl<K: Patchable> Hit<K> {
    #[inline(always)]
    fn new(node: ErasedNode, global: Option<NonZeroU64>) -> Option<Self> {
        Some(Hit {
            node,
            global,
            _companion: PhantomData,
        })
    }

    /// Runs the replacement: `call` receives it and passes the function's arguments.
    ///
    /// The layer counts as running until `call` returns or unwinds, so calls of the
    /// same function made meanwhile on this thread reach the next layer down.
    #[inline]
    pub fn call<R>(self, call: impl FnOnce(&mut K::Fn) -> R) -> R {
        let node = self.node;
        // Left when dropped, also while unwinding; only the one for this layer's scope is set.
        let entered;
        let _thread_layer;
        let _global_layer;
        match self.global {
            None => _thread_layer = ThreadLayer(node),
            Some(seq) => {
                let hit = GlobalHit { node, seq };
                entered = hit.entered(K::slot(), typeid::of::<K>());
                _global_layer = hit.enter(&entered);
            }
        }
        // SAFETY: the running node is alive and only this call uses its replacement
        // (a thread layer is busy, a global one entered); `K::Fn` is the type it was
        // installed with, since the slot and key belong to `K` alone.
        let replacement = unsafe { &mut *node.replacement::<K::Fn>() };
        call(replacement)
    }
}

/// A running thread-scoped layer, left when dropped.
struct ThreadLayer(ErasedNode);

impl Drop for ThreadLayer {
    fn drop(&mut self) {
        // SAFETY: the node came from `thread_scope::enter`, and this is its one `leave`.
        unsafe { thread_scope::leave(self.0) }
    }
}
