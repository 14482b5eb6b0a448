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
//! Both take the function's slot, the key of its instantiation (see [`key_of`]), and
//! `KEYED`: whether the slot is shared by several instantiations, so that a thread
//! layer's key must be compared too. Neither is generic in anything particular to the
//! function but its signature: every function of one signature shares their machine code.

use core::any::TypeId;
use core::marker::PhantomData;
use core::num::NonZeroU64;
use core::ops::ControlFlow;
use core::ptr::NonNull;
use std::panic::{self, AssertUnwindSafe};

use crate::answer::{Answer, AnsweredBy};
use crate::call::{Call, Spread, Uninspected};
use crate::entered;
use crate::entry;
use crate::failures;
use crate::global_scope::{self, GlobalHit};
use crate::inspect::Inspector;
use crate::node::{ErasedNode, Header};
use crate::slot::{Slot, live_patches};
use crate::thread_scope::{self, KeyIf, Settled};

/// The key of the instantiation whose slot accessor is `accessor`: its type, a fn item,
/// is distinct for every instantiation of a generic function or impl (see
/// [`Target::new`](crate::target::Target::new)). The hook passes the key as a value, so
/// that nothing the runtime instantiates for the call is particular to one function; as
/// the fn that computes it, so that a call that needs no key does not compute it.
#[doc(hidden)]
#[inline(always)]
pub fn key_of<K: Fn() -> &'static Slot>(_: K) -> Key {
    typeid::of::<K>
}

/// The key of a function that is not generic, whose slot is its own: no other
/// instantiation shares it, so its layers need no key to tell them apart. One for every
/// such function, so that none instantiates a key of its own; its glue gives its patches
/// the same ([`Target::unkeyed`](crate::target::Target::unkeyed)).
#[doc(hidden)]
pub const UNKEYED: Key = unkeyed;

fn unkeyed() -> TypeId {
    enum Unkeyed {}
    TypeId::of::<Unkeyed>()
}

/// What [`key_of`] returns.
#[doc(hidden)]
pub type Key = fn() -> TypeId;

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

/// Calls the layer that applies to this call with `args`, or gives the arguments back
/// when none does. `layers` is what [`layers`] found.
#[doc(hidden)]
#[cold]
#[inline(never)]
pub fn dispatch<F: ?Sized + Call<A>, const KEYED: bool, A>(
    slot: &'static Slot,
    key: Key,
    layers: Layers,
    args: A,
) -> ControlFlow<F::Output, A> {
    if layers == Layers::GLOBAL {
        return dispatch_global::<F, A>(slot, key, args);
    }
    // Only thread-scoped patches live: the lookup stays on this thread's own layers.
    let node = thread_scope::enter(layers.0.as_ptr(), slot, KeyIf::<KEYED>(key));
    if node.is_end() {
        return ControlFlow::Continue(args);
    }
    // SAFETY: `enter` returned it busy, so alive.
    if unsafe { node.header() }.settles_out_of_line() {
        return dispatch_settling::<F, A>(node, slot, key, args);
    }
    // SAFETY: `enter` marked the node busy, and this call leaves it.
    ControlFlow::Break(unsafe { run_thread_layer::<F, A>(node, args) })
}

/// [`dispatch`] once it reached a thread layer that settles out of line (see
/// [`thread_scope::settle`]). Out of line, and taking the arguments along: were they
/// borrowed in `dispatch`, every call would keep them in memory.
#[inline(never)]
fn dispatch_settling<F: ?Sized + Call<A>, A>(
    node: ErasedNode,
    slot: &'static Slot,
    key: Key,
    args: A,
) -> ControlFlow<F::Output, A> {
    let settled = thread_scope::settle(node, slot, key(), &mut |inspector| {
        // SAFETY: the glue made it as `F`'s inspector (see `Inspector::get`), and the
        // layer is this thread's, busy: no other call uses it.
        F::inspect(unsafe { &mut *inspector.get::<F::Inspector>() }, &args)
    });
    match settled {
        // SAFETY: `settle` marked the node busy, and this call leaves it.
        Settled::Layer(node) => ControlFlow::Break(unsafe { run_thread_layer::<F, A>(node, args) }),
        Settled::Below | Settled::Original => ControlFlow::Continue(args),
    }
}

/// [`dispatch`] while the function has global layers. Out of line, so that the common
/// path of `dispatch` keeps few registers.
#[inline(never)]
fn dispatch_global<F: ?Sized + Call<A>, A>(
    slot: &'static Slot,
    key: Key,
    args: A,
) -> ControlFlow<F::Output, A> {
    // SAFETY: the glue made it as `F`'s inspector (see `Inspector::get`); a layer shows
    // it the arguments while busy (thread) or entered (global): one call at a time.
    let mut show =
        |inspector: &Inspector| F::inspect(unsafe { &mut *inspector.get::<F::Inspector>() }, &args);
    let reached = reach_global(slot, key(), &mut show);
    match reached {
        None => ControlFlow::Continue(args),
        Some((node, global)) => {
            ControlFlow::Break(Hit::<F>::new(node, global, slot, key).call_with(args))
        }
    }
}

/// Finds the patch layer that applies to this call, if any; see [`dispatch`] for `slot`
/// and `key`. `views` borrow the arguments, for layers that look at them first. No
/// bound on them but `Copy` (without it an unoptimized build drops them on every path
/// out): rustc proves the bounds in every hook; the inspectors know the arguments'
/// types instead (see `Inspector::show`).
#[doc(hidden)]
#[cold]
#[inline(never)]
pub fn lookup<F: ?Sized, const KEYED: bool, V: Copy>(
    slot: &'static Slot,
    key: Key,
    views: V,
) -> Option<Hit<F>> {
    // SAFETY: `views` are this call's, as the hook of the function of `slot` and `key`
    // borrows its arguments (or `Uninspected`, of the size of no borrows, which `show`
    // refuses); every inspector there was made for them by the glue of that function
    // (the macro names both from one signature); a layer shows it the arguments while
    // busy (thread) or entered (global): one call at a time.
    let mut show = |inspector: &Inspector| unsafe {
        inspector.show((&raw const views).cast(), size_of::<V>())
    };
    if slot.global().any() {
        let (node, global) = reach_global(slot, key(), &mut show)?;
        return Some(Hit::new(node, global, slot, key));
    }
    let mut node = thread_scope::enter(thread_scope::newest(), slot, KeyIf::<KEYED>(key));
    if node.is_end() {
        return None;
    }
    // SAFETY: `enter` returned it busy, so alive.
    if unsafe { node.header() }.settles_out_of_line() {
        node = match thread_scope::settle(node, slot, key(), &mut show) {
            Settled::Layer(node) => node,
            Settled::Below | Settled::Original => return None,
        };
    }
    Some(Hit::new(node, None, slot, key))
}

/// [`lookup`] where no layer looks at the arguments (no `inspect` feature, or too many
/// arguments for a tuple): the hook passes no views.
#[doc(hidden)]
#[inline(always)]
pub fn lookup_uninspected<F: ?Sized, const KEYED: bool>(
    slot: &'static Slot,
    key: Key,
) -> Option<Hit<F>> {
    lookup::<F, KEYED, Uninspected>(slot, key, Uninspected)
}

/// The layer a call reaches while the function has global layers: a layer of this
/// thread (marked busy), or a global layer (held) and its install order.
/// `show` shows the call's arguments to a layer's inspector.
#[inline(never)]
fn reach_global(
    slot: &'static Slot,
    key: TypeId,
    show: &mut dyn FnMut(&Inspector) -> bool,
) -> Option<(ErasedNode, Option<NonZeroU64>)> {
    // Thread-scoped layers come first, unless this call comes from a running global
    // layer: it goes below that one.
    let below = entered::innermost(slot, key);
    if below.is_none() {
        let running = thread_scope::enter(thread_scope::newest(), slot, key);
        if !running.is_end() {
            // SAFETY: `enter` returned it busy, so alive.
            if !unsafe { running.header() }.settles_out_of_line() {
                return Some((running, None));
            }
            match thread_scope::settle(running, slot, key, show) {
                Settled::Layer(node) => return Some((node, None)),
                Settled::Original => return None,
                Settled::Below => {}
            }
        }
    }
    let mut hit = global_scope::enter(slot, key, below)?;
    if hit.inspected() {
        hit = settle_global(hit, slot, key, show)?;
    }
    let (node, seq) = hit.into_parts();
    Some((node, Some(seq)))
}

/// The global layer that answers a call, from `hit` on, a layer that looks at the
/// arguments first (see [`GlobalHit::settle`]). Out of line: few calls come here.
#[cold]
#[inline(never)]
fn settle_global(
    mut hit: GlobalHit,
    slot: &'static Slot,
    key: TypeId,
    show: &mut dyn FnMut(&Inspector) -> bool,
) -> Option<GlobalHit> {
    loop {
        match hit.settle(show) {
            Ok(hit) => return Some(hit),
            Err(seq) => hit = global_scope::enter(slot, key, Some(seq))?,
        }
        if !hit.inspected() {
            return Some(hit);
        }
    }
}

/// Runs the replacement of a thread layer that [`thread_scope::enter`] marked busy with
/// `args`, leaving the layer when it returns or unwinds.
///
/// # Safety
/// `node` was marked busy by `enter`, only this call leaves it, and `F` is the type it
/// was installed with.
#[inline(always)]
unsafe fn run_thread_layer<F: ?Sized + Call<A>, A>(node: ErasedNode, args: A) -> F::Output {
    // SAFETY: the caller's contract.
    let running = unsafe { thread_scope::Running::entered(node) };
    // SAFETY: the running node is alive and only this call uses its replacement; `F` is
    // the type it was installed with, since the slot and key belong to one function
    // instantiation, whose expansion names the same `F` in its hook and in its builder.
    let returned = unsafe { &mut *node.replacement::<F>() }.call_with(args);
    running.leave();
    returned
}

/// The layer that a call reached, holding a replacement of type `F`; [`Hit::call`] runs
/// it.
///
/// No drop glue: the hook of an async fn `.await`s while its `Option<Hit>` temporary is
/// in scope (a temporary that would be dropped there would make the patched fn's future
/// `!Send`).
#[doc(hidden)]
pub struct Hit<F: ?Sized> {
    /// A layer of this thread, marked busy, or a global layer, held.
    node: ErasedNode,
    /// The global layer's install order; `None` for a layer of this thread.
    global: Option<NonZeroU64>,
    /// The function's slot and the key of its instantiation, to leave a global layer.
    slot: &'static Slot,
    key: Key,
    _replacement: PhantomData<fn() -> Box<F>>,
}

impl<F: ?Sized> Hit<F> {
    #[inline(always)]
    fn new(node: ErasedNode, global: Option<NonZeroU64>, slot: &'static Slot, key: Key) -> Self {
        Hit {
            node,
            global,
            slot,
            key,
            _replacement: PhantomData,
        }
    }

    /// Runs the replacement with the function's arguments, `args`.
    ///
    /// The layer counts as running until the replacement returns or unwinds, so calls of
    /// the same function made meanwhile on this thread reach the next layer down.
    #[inline]
    pub fn call_with<A>(self, args: A) -> F::Output
    where
        F: Call<A>,
    {
        let Some(seq) = self.global else {
            // SAFETY: `thread_scope::enter` marked it busy, and only this call leaves it.
            return unsafe { run_thread_layer::<F, A>(self.node, args) };
        };
        // SAFETY: `reach_global` took the hit apart on this slot and key.
        let hit = unsafe { self.global_hit(seq) };
        // Left when dropped, also while unwinding.
        let entered = hit.entered();
        let running = hit.enter(&entered);
        let node = running.node();
        // SAFETY: the entered node is alive and only this thread uses its replacement;
        // `F` is the type it was installed with (see `run_thread_layer`).
        let replacement = unsafe { &mut *node.replacement::<F>() };
        // SAFETY: alive, as above.
        let header = unsafe { node.header() };
        if header.installer == entry::me() {
            // The test's own thread: its panics fail the test as they go.
            return replacement.call_with(args);
        }
        match panic::catch_unwind(AssertUnwindSafe(|| replacement.call_with(args))) {
            Ok(returned) => returned,
            Err(payload) => {
                failures::keep(seq, &*payload);
                panic::resume_unwind(payload)
            }
        }
    }

    /// [`Hit::call_with`] for a function with too many arguments for one tuple: `call`
    /// receives the replacement and passes them.
    #[inline]
    pub fn call<R>(self, call: impl FnOnce(&mut F) -> R) -> R {
        self.call_with(Spread(call))
    }

    /// [`Hit::call_with`] for an async fn: while the future a replacement answers with
    /// is polled, its layer counts as running as well (see
    /// [`Pending`](crate::answer::Pending)).
    #[inline]
    pub fn answer_with<A, R>(self, args: A) -> Answer<R>
    where
        F: Call<A, Output = Answer<R>>,
    {
        let answered_by = match self.global {
            // SAFETY: a thread layer marked busy by this call: alive until it leaves.
            None => unsafe { AnsweredBy::thread(self.node) },
            // SAFETY: as in `call_with`; the hit is only looked at here, and put together
            // again, once, by `call_with`.
            Some(seq) => AnsweredBy::Global(unsafe { self.global_hit(seq) }.layer()),
        };
        let mut answer = self.call_with(args);
        if let Answer::Pending(pending) = &mut answer {
            pending.answered_by(answered_by);
        }
        answer
    }

    /// [`Hit::answer_with`] for a function with too many arguments for one tuple.
    #[inline]
    pub fn answer<R>(self, call: impl FnOnce(&mut F) -> Answer<R>) -> Answer<R> {
        self.answer_with(Spread(call))
    }

    /// # Safety
    /// This is a global hit, put together once to be entered (or only looked at).
    unsafe fn global_hit(&self, seq: NonZeroU64) -> GlobalHit {
        // SAFETY: forwarded to the caller.
        unsafe { GlobalHit::from_parts(self.node, self.slot, (self.key)(), seq) }
    }
}
