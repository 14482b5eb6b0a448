//! What a `#[patchable]` fn runs before its body: find the layer that applies, call it.

use core::marker::PhantomData;

use crate::companion::Patchable;
use crate::global_scope::{self, GlobalHit};
use crate::node::ErasedNode;
use crate::{entered, thread_scope};

/// The layer that a call of `K`'s function reached; [`Hit::call`] runs its replacement.
#[doc(hidden)]
pub struct Hit<K: ?Sized> {
    reached: Reached,
    _companion: PhantomData<fn() -> K>,
}

enum Reached {
    Thread(ErasedNode),
    Global(GlobalHit),
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
    let reached = match slot.global().any() {
        // Only thread-scoped patches live: the lookup stays on this thread's own layers.
        false => Reached::Thread(thread_scope::enter(slot, key)?),
        true => {
            // Thread-scoped layers come first, unless this call comes from a running
            // global layer: it goes below that one.
            let below = entered::innermost(slot, key);
            match below.is_none().then(|| thread_scope::enter(slot, key)) {
                Some(Some(node)) => Reached::Thread(node),
                _ => Reached::Global(global_scope::enter(slot, key, below)?),
            }
        }
    };
    Some(Hit {
        reached,
        _companion: PhantomData,
    })
}

impl<K: Patchable> Hit<K> {
    /// Runs the replacement: `call` receives it and passes the function's arguments.
    ///
    /// The layer counts as running until `call` returns or unwinds, so calls of the
    /// same function made meanwhile on this thread reach the next layer down.
    #[inline]
    pub fn call<R>(self, call: impl FnOnce(&mut K::Fn) -> R) -> R {
        match self.reached {
            Reached::Thread(node) => call_thread_layer::<K, R>(node, call),
            // SAFETY: `K::Fn` is the type the node was installed with, since the slot and
            // key belong to `K` alone.
            Reached::Global(hit) => unsafe { hit.run::<K::Fn, R>(call) },
        }
    }
}

#[inline]
fn call_thread_layer<K: Patchable, R>(node: ErasedNode, call: impl FnOnce(&mut K::Fn) -> R) -> R {
    struct Leave(ErasedNode);
    impl Drop for Leave {
        fn drop(&mut self) {
            // SAFETY: `self.0` came from `enter`, and this is its one `leave`.
            unsafe { thread_scope::leave(self.0) }
        }
    }
    let leave = Leave(node);
    // SAFETY: the node is busy, so it is alive and no other call on this thread
    // touches its replacement; `K::Fn` is the type it was installed with, since the
    // slot and key belong to `K` alone.
    let replacement = unsafe { &mut *leave.0.replacement::<K::Fn>() };
    call(replacement)
}
