//! What a `#[patchable]` fn runs before its body: find the layer that applies, call it.

use core::any::TypeId;
use core::marker::PhantomData;

use crate::answer::Answer;
use crate::node::ErasedNode;
use crate::slot::Slot;
use crate::thread_scope;

/// The layer that a call reached, holding a replacement of type `F`; [`Hit::call`] runs it.
#[doc(hidden)]
pub struct Hit<F: ?Sized> {
    node: ErasedNode,
    _replacement: PhantomData<fn() -> Box<F>>,
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
    let node = thread_scope::enter(slot, key)?;
    Some(Hit {
        node,
        _replacement: PhantomData,
    })
}

impl<F: ?Sized> Hit<F> {
    /// Runs the replacement: `call` receives it and passes the function's arguments.
    ///
    /// The layer counts as running until `call` returns or unwinds, so calls of the
    /// same function made meanwhile on this thread reach the next layer down.
    #[inline]
    pub fn call<R>(self, call: impl FnOnce(&mut F) -> R) -> R {
        struct Leave(ErasedNode);
        impl Drop for Leave {
            fn drop(&mut self) {
                // SAFETY: `self.0` came from `enter`, and this is its one `leave`.
                unsafe { thread_scope::leave(self.0) }
            }
        }
        let leave = Leave(self.node);
        // SAFETY: the node is busy, so it is alive and no other call on this thread
        // touches its replacement; `F` is the type it was installed with, since the
        // slot and key belong to one function instantiation, whose expansion names
        // the same `F` in its hook and in its builder.
        let replacement = unsafe { &mut *leave.0.replacement::<F>() };
        call(replacement)
    }

    /// [`Hit::call`] for an async fn: a future the replacement answers with keeps the
    /// layer running whenever it is polled on this thread.
    #[inline]
    pub fn answer<R>(self, call: impl FnOnce(&mut F) -> Answer<R>) -> Answer<R> {
        let header = self.node.header_ptr();
        let mut answer = self.call(call);
        if let Answer::Pending(pending) = &mut answer {
            pending.answered_by(header);
        }
        answer
    }
}
