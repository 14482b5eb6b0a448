//! What a `#[patchable]` fn runs before its body: find the layer that applies, call it.

use core::any::TypeId;
use core::marker::PhantomData;

use crate::answer::{Answer, AnsweredBy};
use crate::global_scope::{self, GlobalHit};
use crate::node::ErasedNode;
use crate::slot::Slot;
use crate::{entered, thread_scope};

/// The layer that a call reached, holding a replacement of type `F`; [`Hit::call`] runs it.
#[doc(hidden)]
pub struct Hit<F: ?Sized> {
    reached: Reached,
    _replacement: PhantomData<fn() -> Box<F>>,
}

/// A layer of this thread, marked busy, or a global layer, held. No drop glue: the hook
/// of an async fn `.await`s while its `Option<Hit>` temporary is in scope, and a
/// temporary that would be dropped there would make the patched fn's future `!Send`.
enum Reached {
    Thread(ErasedNode),
    Global(GlobalHit),
}

/// Finds the patch layer that applies to this call, if any: `slot` is the function's
/// slot, `key` its slot accessor, whose type tells generic instantiations apart (see
/// [`Target::new`](crate::target::Target::new)).
///
/// The check for "no patch anywhere" is inlined into the patched function: one
/// relaxed load and a branch. Everything else is out of line. The hook calls the
/// accessor itself (an `#[inline(always)]` fn) and passes `key` as a zero-sized value,
/// so that dev builds, too, inline the path to the load.
#[doc(hidden)]
#[inline(always)]
pub fn lookup<F: ?Sized, K>(slot: &'static Slot, _key: K) -> Option<Hit<F>> {
    if !slot.is_patched() {
        return None;
    }
    lookup_slow::<F>(slot, typeid::of::<K>())
}

#[cold]
#[inline(never)]
fn lookup_slow<F: ?Sized>(slot: &'static Slot, key: TypeId) -> Option<Hit<F>> {
    // Only thread-scoped patches live: the lookup stays on this thread's own layers.
    if !slot.global().any() {
        return Hit::new(Reached::Thread(thread_scope::enter(slot, key)?));
    }
    // Thread-scoped layers come first, unless this call comes from a running global
    // layer: it goes below that one.
    let below = entered::innermost(slot, key);
    if below.is_none()
        && let Some(running) = thread_scope::enter(slot, key)
    {
        return Hit::new(Reached::Thread(running));
    }
    Hit::new(Reached::Global(global_scope::enter(slot, key, below)?))
}

impl<F: ?Sized> Hit<F> {
    #[inline(always)]
    fn new(reached: Reached) -> Option<Self> {
        Some(Hit {
            reached,
            _replacement: PhantomData,
        })
    }

    /// Runs the replacement: `call` receives it and passes the function's arguments.
    ///
    /// The layer counts as running until `call` returns or unwinds, so calls of the
    /// same function made meanwhile on this thread reach the next layer down.
    #[inline]
    pub fn call<R>(self, call: impl FnOnce(&mut F) -> R) -> R {
        // Left when dropped, also while unwinding; only the one for this layer's scope is set.
        let entered;
        let _thread_layer;
        let _global_layer;
        let node = match self.reached {
            Reached::Thread(node) => {
                // SAFETY: `thread_scope::enter` marked it busy, and this call leaves it.
                _thread_layer = unsafe { thread_scope::Running::entered(node) };
                node
            }
            Reached::Global(hit) => {
                entered = hit.entered();
                _global_layer = hit.enter(&entered);
                _global_layer.node()
            }
        };
        // SAFETY: the running node is alive and only this call uses its replacement
        // (a thread layer is busy, a global one entered); `F` is the type it was
        // installed with, since the slot and key belong to one function instantiation,
        // whose expansion names the same `F` in its hook and in its builder.
        let replacement = unsafe { &mut *node.replacement::<F>() };
        call(replacement)
    }

    /// [`Hit::call`] for an async fn: while the future a replacement answers with is
    /// polled, its layer counts as running as well (see [`Pending`](crate::answer::Pending)).
    #[inline]
    pub fn answer<R>(self, call: impl FnOnce(&mut F) -> Answer<R>) -> Answer<R> {
        let answered_by = match &self.reached {
            Reached::Thread(node) => AnsweredBy::thread(*node),
            Reached::Global(hit) => AnsweredBy::Global(hit.layer()),
        };
        let mut answer = self.call(call);
        if let Answer::Pending(pending) = &mut answer {
            pending.answered_by(answered_by);
        }
        answer
    }
}
