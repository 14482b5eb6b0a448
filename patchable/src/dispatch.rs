//! What a `#[patchable]` fn runs before its body: find the layer that applies, call it.
//!
//! The hook checks inline whether some patch of the function is live anywhere: without
//! patches, one relaxed load and a branch. Then it goes on in one of two ways:
//!
//! - [`layers`], inlined, also reads where this call's layers would be; [`dispatch`]
//!   takes the arguments along to them and gives them back when no layer applies, so
//!   that nothing the function keeps across the out-of-line call makes the compiler save
//!   registers or set up a frame on the unpatched path. Optimized builds of functions
//!   whose arguments can be bound again go this way.
//! - [`lookup`] finds the layer, then [`Hit::call`] runs it with the arguments: for a
//!   receiver taken by value (which cannot be bound again), async fns, and unoptimized
//!   builds (where every value lives on the stack anyway).
//!
//! Both take the function's slot, its slot accessor as `key`, whose type tells generic
//! instantiations apart (see [`Target::new`](crate::target::Target::new)), and `KEYED`:
//! whether the slot is shared by several instantiations, so that a thread layer's key
//! must be compared too.

use core::any::TypeId;
use core::marker::PhantomData;
use core::num::NonZeroU64;
use core::ops::ControlFlow;
use core::ptr::NonNull;

use crate::answer::{Answer, AnsweredBy};
use crate::entered;
use crate::global_scope::{self, GlobalHit};
use crate::node::{ErasedNode, Header};
use crate::slot::{Slot, live_patches};
use crate::thread_scope::{self, KeyOf};

/// Where the layers of a call may be: the newest layer of this thread, or, while the
/// function has global layers, a mark that says so.
#[doc(hidden)]
#[derive(Clone, Copy, PartialEq)]
pub struct Layers(NonNull<Header>);

impl Layers {
    /// The function has global layers: not the address of any header.
    const GLOBAL: Layers = Layers(NonNull::dangling());
}

/// Where the layers that may apply to this call are; `None` when none may: no patch of
/// the function is live, or it has no global layers and this thread has no layers at
/// all. Inlined into the patched function: one relaxed load and a branch without
/// patches, and without a call on a thread without patches while another thread
/// patched the function.
#[doc(hidden)]
#[inline(always)]
pub fn layers(slot: &'static Slot) -> Option<Layers> {
    if live_patches(slot) == 0 {
        return None;
    }
    core::hint::cold_path();
    if slot.global().any() {
        return Some(Layers::GLOBAL);
    }
    NonNull::new(thread_scope::newest()).map(Layers)
}

/// Calls the layer that applies to this call with `args`, through `call`, or gives the
/// arguments back when none does. `layers` is what [`layers`] found.
#[doc(hidden)]
#[cold]
#[inline(never)]
pub fn dispatch<F: ?Sized, const KEYED: bool, K: Fn() -> &'static Slot, A, R>(
    slot: &'static Slot,
    key: K,
    layers: Layers,
    args: A,
    call: impl FnOnce(&mut F, A) -> R,
) -> ControlFlow<R, A> {
    if layers == Layers::GLOBAL {
        return dispatch_global(slot, key, args, call);
    }
    // Only thread-scoped patches live: the lookup stays on this thread's own layers.
    let node = thread_scope::enter(layers.0.as_ptr(), slot, KeyOf::<K, KEYED>(PhantomData));
    if node.is_end() {
        return ControlFlow::Continue(args);
    }
    // SAFETY: `enter` marked the node busy, and this call leaves it.
    ControlFlow::Break(unsafe { run_thread_layer(node, |replacement| call(replacement, args)) })
}

/// [`dispatch`] while the function has global layers. Out of line, so that the common
/// path of `dispatch` keeps few registers.
#[inline(never)]
fn dispatch_global<F: ?Sized, K: Fn() -> &'static Slot, A, R>(
    slot: &'static Slot,
    key: K,
    args: A,
    call: impl FnOnce(&mut F, A) -> R,
) -> ControlFlow<R, A> {
    match reach_global(slot, typeid::of::<K>()) {
        None => ControlFlow::Continue(args),
        Some((node, global)) => ControlFlow::Break(
            Hit::<F, K>::new(node, global, key).call(|replacement| call(replacement, args)),
        ),
    }
}

/// Finds the patch layer that applies to this call, if any; see [`dispatch`] for `slot`
/// and `key`.
#[doc(hidden)]
#[cold]
#[inline(never)]
pub fn lookup<F: ?Sized, const KEYED: bool, K: Fn() -> &'static Slot>(
    slot: &'static Slot,
    key: K,
) -> Option<Hit<F, K>> {
    if slot.global().any() {
        let (node, global) = reach_global(slot, typeid::of::<K>())?;
        return Some(Hit::new(node, global, key));
    }
    let node = thread_scope::enter(thread_scope::newest(), slot, KeyOf::<K, KEYED>(PhantomData));
    if node.is_end() {
        return None;
    }
    Some(Hit {
        node,
        global: None,
        key,
        _replacement: PhantomData,
    })
}

/// The layer a call reaches while the function has global layers: a layer of this
/// thread (marked busy), or a global layer (held) and its install order.
#[inline(never)]
fn reach_global(slot: &'static Slot, key: TypeId) -> Option<(ErasedNode, Option<NonZeroU64>)> {
    // Thread-scoped layers come first, unless this call comes from a running global
    // layer: it goes below that one.
    let below = entered::innermost(slot, key);
    if below.is_none() {
        let running = thread_scope::enter(thread_scope::newest(), slot, key);
        if !running.is_end() {
            return Some((running, None));
        }
    }
    let (node, seq) = global_scope::enter(slot, key, below)?.into_parts();
    Some((node, Some(seq)))
}

/// Runs the replacement of a thread layer that [`thread_scope::enter`] marked busy,
/// leaving the layer when `call` returns or unwinds.
///
/// # Safety
/// `node` was marked busy by `enter`, only this call leaves it, and `F` is the type it
/// was installed with.
#[inline(always)]
unsafe fn run_thread_layer<F: ?Sized, R>(node: ErasedNode, call: impl FnOnce(&mut F) -> R) -> R {
    // SAFETY: the caller's contract.
    let running = unsafe { thread_scope::Running::entered(node) };
    // SAFETY: the running node is alive and only this call uses its replacement; `F` is
    // the type it was installed with, since the slot and key belong to one function
    // instantiation, whose expansion names the same `F` in its hook and in its builder.
    let returned = call(unsafe { &mut *node.replacement::<F>() });
    running.leave();
    returned
}

/// The layer that a call reached, holding a replacement of type `F`; [`Hit::call`] runs
/// it. `K` is the function's slot accessor.
///
/// Two words and no drop glue: unoptimized builds move it without a call to `memcpy`,
/// and the hook of an async fn `.await`s while its `Option<Hit>` temporary is in scope
/// (a temporary that would be dropped there would make the patched fn's future `!Send`).
#[doc(hidden)]
pub struct Hit<F: ?Sized, K> {
    /// A layer of this thread, marked busy, or a global layer, held.
    node: ErasedNode,
    /// The global layer's install order; `None` for a layer of this thread.
    global: Option<NonZeroU64>,
    key: K,
    _replacement: PhantomData<fn() -> Box<F>>,
}

impl<F: ?Sized, K: Fn() -> &'static Slot> Hit<F, K> {
    #[inline(always)]
    fn new(node: ErasedNode, global: Option<NonZeroU64>, key: K) -> Self {
        Hit {
            node,
            global,
            key,
            _replacement: PhantomData,
        }
    }

    /// Runs the replacement: `call` receives it and passes the function's arguments.
    ///
    /// The layer counts as running until `call` returns or unwinds, so calls of the
    /// same function made meanwhile on this thread reach the next layer down.
    #[inline]
    pub fn call<R>(self, call: impl FnOnce(&mut F) -> R) -> R {
        let Some(seq) = self.global else {
            // SAFETY: `thread_scope::enter` marked it busy, and only this call leaves it.
            return unsafe { run_thread_layer(self.node, call) };
        };
        // SAFETY: `reach_global` took the hit apart on this slot and key.
        let hit = unsafe { self.global_hit(seq) };
        // Left when dropped, also while unwinding.
        let entered = hit.entered();
        let running = hit.enter(&entered);
        // SAFETY: the entered node is alive and only this thread uses its replacement;
        // `F` is the type it was installed with (see `run_thread_layer`).
        call(unsafe { &mut *running.node().replacement::<F>() })
    }

    /// [`Hit::call`] for an async fn: while the future a replacement answers with is
    /// polled, its layer counts as running as well (see [`Pending`](crate::answer::Pending)).
    #[inline]
    pub fn answer<R>(self, call: impl FnOnce(&mut F) -> Answer<R>) -> Answer<R> {
        let answered_by = match self.global {
            None => AnsweredBy::thread(self.node),
            // SAFETY: as in `call`; the hit is only looked at here, and put together
            // again, once, by `call`.
            Some(seq) => AnsweredBy::Global(unsafe { self.global_hit(seq) }.layer()),
        };
        let mut answer = self.call(call);
        if let Answer::Pending(pending) = &mut answer {
            pending.answered_by(answered_by);
        }
        answer
    }

    /// # Safety
    /// This is a global hit, put together once to be entered (or only looked at).
    unsafe fn global_hit(&self, seq: NonZeroU64) -> GlobalHit {
        // SAFETY: forwarded to the caller.
        unsafe { GlobalHit::from_parts(self.node, (self.key)(), typeid::of::<K>(), seq) }
    }
}
