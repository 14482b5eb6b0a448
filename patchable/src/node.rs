//! One installed replacement on the heap, and the type-erased handle the layers keep.

use core::any::TypeId;
use core::cell::UnsafeCell;
use core::marker::PhantomData;
use core::mem::{MaybeUninit, size_of};
use core::num::NonZeroU64;
use core::ptr::{self, NonNull};

use core::sync::atomic::{
    AtomicPtr, AtomicU64, AtomicUsize, Ordering::Acquire, Ordering::Relaxed, Ordering::Release,
};
use parking_lot::lock_api::RawMutex as _;
use std::sync::Arc;

use crate::global_layers::Layer;
use crate::inspect::{Inspector, Inspectors};
use crate::records::Listed;
use crate::sequence::Member;
use crate::slot::Slot;

/// A replacement closure behind the bookkeeping every layer shares.
///
/// `repr(C)` puts the header first, so a thin pointer to the node is a pointer to its header.
#[doc(hidden)]
#[repr(C)]
pub struct Node<F: ?Sized> {
    header: Header,
    replacement: F,
}

/// What every layer keeps beside its replacement.
///
/// A call on its way to a thread-scoped replacement reads the header through a shared
/// reference, and what changes with `relaxed_load!`/`relaxed_store!`: in unoptimized
/// builds (what `cargo test` runs) every method of an atomic or a `Cell` is a call, and
/// every dereference of a raw pointer is checked.
pub(crate) struct Header {
    /// The node's replacement as the `*mut F` it was installed as, in raw words: what a
    /// thin pointer to the header needs to call it.
    replacement: [MaybeUninit<usize>; 2],
    /// Drops the replacement and frees the node.
    free: unsafe fn(*mut Header),
    /// The calls that reached the layer. A thread layer's own thread counts them alone,
    /// without a read-modify-write.
    pub(crate) calls: AtomicUsize,
    /// Thread layers: the function instantiation the layer replaces, and whether it is a
    /// spy (it counts the call and lets it through to the next layer).
    pub(crate) slot: *const Slot,
    pub(crate) key: TypeId,
    /// [`SPY`], [`INSPECTED`], [`SEQUENCED`], [`LIMITED`], [`ORIGINAL`]: 0 for a layer
    /// that just answers, which a call tells with one test.
    pub(crate) flags: u8,
    /// What few layers have (see [`Extras`]): a `Box<Extras>` from `Box::into_raw`, or
    /// null. Raw, so that freeing a node without them tests a pointer and calls nothing.
    extras: *mut Extras,
    /// Thread layers, touched by their own thread only: the next older layer of the
    /// thread, and [`BUSY`] and [`ORPHANED`].
    pub(crate) next: AtomicPtr<Header>,
    pub(crate) state: AtomicUsize,
    /// Thread layers whose replacement answered with a future: a number no other node
    /// of the process has, by which the future finds its layer again (an address can be
    /// reused by a newer node once this one is freed). 0 until asked for.
    identity: AtomicU64,
    /// Global layers only: the thread that installed the layer (as `entry::me` names it),
    /// whose own panics go their way; panics on other threads are kept for its guard.
    pub(crate) installer: usize,
    /// Global layers only: lets one thread at a time into an `FnMut` replacement, and
    /// the thread inside, as `entry.rs` names it (0: none). See `entry.rs`.
    pub(crate) entry: parking_lot::RawMutex,
    pub(crate) entry_holder: AtomicUsize,
    /// Global layers only: one for the layer list, one per call in flight. The last
    /// one to let go frees the node.
    holders: AtomicUsize,
    /// Global layers only: the slot's list while this is its only layer (see
    /// `global_layers.rs`).
    own_list: UnsafeCell<MaybeUninit<Layer>>,
}

/// A spy: counts the calls that reach it and lets them through to the next layer.
pub(crate) const SPY: u8 = 1;
/// Looks at the arguments first ([`Extras::inspectors`]): a lookup that reaches it counts
/// the call only once they let it in.
pub(crate) const INSPECTED: u8 = 2;
/// Joined a sequence ([`Extras::member`]), which it tells of each call it counts.
pub(crate) const SEQUENCED: u8 = 4;
/// Answers a limited number of calls ([`Extras::answers`]), then lets calls past it.
pub(crate) const LIMITED: u8 = 8;
/// A thread layer that runs the original, past every other layer (`.real()`).
pub(crate) const ORIGINAL: u8 = 16;

/// What few layers have, kept apart so that the others pay a null pointer for it.
pub(crate) struct Extras {
    /// The calls the layer answers before later ones go past it, uncounted (`.once()`,
    /// `.returns_seq(…)`); `usize::MAX`: every call.
    pub(crate) answers: usize,
    /// The sequence the layer joined (`.in_sequence(…)`).
    pub(crate) member: Option<Member>,
    /// What looks at the arguments first (`.when(…)`, `.record(…)`).
    pub(crate) inspectors: Inspectors,
    /// What `.record(…)` keeps, for the sequence to show with each call.
    pub(crate) records: Option<Arc<dyn Listed + Send + Sync>>,
}

impl Default for Extras {
    fn default() -> Self {
        Extras {
            answers: usize::MAX,
            member: None,
            inspectors: Inspectors::default(),
            records: None,
        }
    }
}

/// A thread layer's replacement runs now: calls made meanwhile go one layer down.
pub(crate) const BUSY: usize = 1;
/// A thread layer's guard dropped while its replacement ran: the running call frees it.
pub(crate) const ORPHANED: usize = 2;

impl<C> Node<C> {
    /// A fresh node; the expansion unsizes it to the function's `dyn FnMut`.
    pub fn boxed(replacement: C) -> Box<Self> {
        Box::new(Node {
            header: Header {
                replacement: [MaybeUninit::uninit(); 2],
                free: free::<C>,
                calls: AtomicUsize::new(0),
                slot: ptr::null(),
                key: TypeId::of::<()>(),
                flags: 0,
                extras: ptr::null_mut(),
                next: AtomicPtr::new(ptr::null_mut()),
                state: AtomicUsize::new(0),
                identity: AtomicU64::new(0),
                installer: 0,
                entry: parking_lot::RawMutex::INIT,
                entry_holder: AtomicUsize::new(0),
                holders: AtomicUsize::new(1),
                own_list: UnsafeCell::new(MaybeUninit::uninit()),
            },
            replacement,
        })
    }
}

/// Drops a `Node<C>` made by [`Node::boxed`]: its thin pointer is all that takes.
unsafe fn free<C>(header: *mut Header) {
    // SAFETY: `free::<C>` is only stored in the header of a live boxed `Node<C>`.
    let extras = unsafe { (*header).extras };
    if !extras.is_null() {
        // SAFETY: set once by `ErasedNode::new` from `Box::into_raw`; freed once, here.
        unsafe { free_extras(extras) };
    }
    // SAFETY: as above; freed once. Last, so that it is a tail call.
    drop(unsafe { Box::from_raw(header.cast::<Node<C>>()) });
}

/// # Safety
/// `extras` comes from `Box::into_raw`, and is freed once.
#[cold]
unsafe fn free_extras(extras: *mut Extras) {
    // SAFETY: the caller's contract.
    drop(unsafe { Box::from_raw(extras) });
}

impl Header {
    pub(crate) fn calls(&self) -> usize {
        self.calls.load(Relaxed)
    }

    /// The layer's extras, if it has any.
    fn extras(&self) -> Option<&Extras> {
        // SAFETY: null, or a box the node owns until it is freed.
        unsafe { self.extras.as_ref() }
    }

    /// Counts a call that may race with calls on other threads (global layers); `false`
    /// when the layer answered all the calls it answers, and this one goes past it.
    #[inline(always)]
    pub(crate) fn count_shared_call(&self) -> bool {
        if self.flags & (LIMITED | SEQUENCED) == 0 {
            self.calls.fetch_add(1, Relaxed);
            return true;
        }
        self.count_limited_shared_call()
    }

    /// [`count_shared_call`](Self::count_shared_call) of a layer with a limit or a
    /// sequence.
    #[cold]
    #[inline(never)]
    fn count_limited_shared_call(&self) -> bool {
        let counted = match self.extras().filter(|_| self.flags & LIMITED != 0) {
            None => {
                self.calls.fetch_add(1, Relaxed);
                true
            }
            Some(extras) => self
                .calls
                .fetch_update(Relaxed, Relaxed, |calls| {
                    (calls < extras.answers).then_some(calls + 1)
                })
                .is_ok(),
        };
        if counted {
            self.tell_sequence();
        }
        counted
    }

    /// Whether the layer answered all the calls it answers. Exact for a thread layer; for a
    /// global one, a hint that the count's read-modify-write confirms.
    pub(crate) fn used_up(&self) -> bool {
        self.flags & LIMITED != 0
            && self
                .extras()
                .is_some_and(|extras| self.calls.load(Relaxed) >= extras.answers)
    }

    /// Tells the layer's sequence, if it joined one, of a call it counted.
    #[inline(always)]
    pub(crate) fn tell_sequence(&self) {
        if self.flags & SEQUENCED != 0 {
            self.tell_sequence_now();
        }
    }

    #[cold]
    fn tell_sequence_now(&self) {
        if let Some(member) = self.extras().and_then(|extras| extras.member.as_ref()) {
            member.called();
        }
    }

    pub(crate) fn is_spy(&self) -> bool {
        self.flags & SPY != 0
    }

    pub(crate) fn is_inspected(&self) -> bool {
        self.flags & INSPECTED != 0
    }

    /// Whether a thread layer's call is settled by `thread_scope::settle`: it looks at
    /// the arguments first, tells a sequence, answers a limited number of calls, or runs
    /// the original.
    #[inline(always)]
    pub(crate) fn settles_out_of_line(&self) -> bool {
        self.flags & (INSPECTED | SEQUENCED | LIMITED | ORIGINAL) != 0
    }

    pub(crate) fn runs_original(&self) -> bool {
        self.flags & ORIGINAL != 0
    }

    /// Whether the layer answers the call whose arguments `show` shows an inspector.
    pub(crate) fn lets_in(&self, show: &mut dyn FnMut(&Inspector) -> bool) -> bool {
        match self.extras() {
            Some(extras) => extras.inspectors.answer(show),
            None => true,
        }
    }

    /// This node's number among all the nodes of the process, given on first request.
    /// Only the thread that owns the (thread) layer asks for it.
    pub(crate) fn identity(&self) -> NonZeroU64 {
        static LAST: AtomicU64 = AtomicU64::new(0);
        let identity = match self.identity.load(Relaxed) {
            0 => {
                // Relaxed: only uniqueness matters, which the read-modify-write gives.
                let identity = LAST.fetch_add(1, Relaxed) + 1;
                self.identity.store(identity, Relaxed);
                identity
            }
            identity => identity,
        };
        // 2^64 nodes cannot be made: the counter does not wrap.
        NonZeroU64::new(identity).unwrap_or(NonZeroU64::MAX)
    }

    /// Whether [`identity`](Self::identity) gave this node `identity`.
    pub(crate) fn has_identity(&self, identity: NonZeroU64) -> bool {
        self.identity.load(Relaxed) == identity.get()
    }

    /// Adds a holder; only valid while another holder keeps the node alive.
    pub(crate) fn hold(&self) {
        self.holders.fetch_add(1, Relaxed);
    }

    /// Drops a holder; `true` when it was the last, and the caller must free the node.
    pub(crate) fn let_go(&self) -> bool {
        // As in `Arc::drop`: every holder's use happens before the free. An acquire load
        // rather than `fence(Acquire)`: the same ordering, and one that ThreadSanitizer
        // models (it does not model fences, and would report every free as racing with
        // the holders' reads). Only the last holder pays it: a plain load on x86.
        if self.holders.fetch_sub(1, Release) != 1 {
            return false;
        }
        self.holders.load(Acquire);
        true
    }
}

/// How a layer treats the calls that reach it, beside its replacement.
pub(crate) struct Terms {
    /// The layer counts calls and lets them through (`.spy()`).
    pub(crate) spy: bool,
    /// The layer counts calls and runs the original (`.real()`).
    pub(crate) original: bool,
    /// See [`Extras`].
    pub(crate) extras: Option<Box<Extras>>,
}

impl Terms {
    fn flags(&self) -> u8 {
        let extras = self.extras.as_deref();
        let mut flags = match (self.original, self.spy) {
            (true, _) => ORIGINAL,
            (false, true) => SPY,
            (false, false) => 0,
        };
        if extras.is_some_and(|extras| extras.inspectors.any()) {
            flags |= INSPECTED;
        }
        if extras.is_some_and(|extras| extras.member.is_some()) {
            flags |= SEQUENCED;
        }
        if extras.is_some_and(|extras| extras.answers != usize::MAX) {
            flags |= LIMITED;
        }
        flags
    }
}

/// A `Box<Node<F>>` with `F` forgotten, so layers of every function fit in one list:
/// a thin pointer to the node's header.
///
/// The header keeps the fat pointer to the replacement as raw words, read back as the same
/// type: each slot and instantiation key has exactly one `F`, so the reader always names
/// the writer's type.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct ErasedNode(*mut Header);

/// No node: the end of a thread's list. A constant, so that comparing with it costs no
/// call in unoptimized builds (`is_null` would).
pub(crate) const NO_NODE: ErasedNode = ErasedNode(ptr::null_mut());

impl ErasedNode {
    /// Takes over `node` as a layer of `slot`/`key`, installed on `terms`.
    pub(crate) fn new<F: ?Sized>(
        node: Box<Node<F>>,
        slot: &'static Slot,
        key: TypeId,
        terms: Terms,
    ) -> Self {
        const { assert!(size_of::<*mut F>() <= size_of::<[usize; 2]>()) };
        let raw = Box::into_raw(node);
        let header = raw.cast::<Header>();
        // SAFETY: `raw` is a fresh, unshared node; the words are large enough (asserted
        // above) and aligned for a pointer.
        unsafe {
            let replacement = &raw mut (*raw).replacement;
            (*header)
                .replacement
                .as_mut_ptr()
                .cast::<*mut F>()
                .write(replacement);
            (*header).slot = slot;
            (*header).key = key;
            (*header).flags = terms.flags();
            (*header).extras = terms.extras.map_or(ptr::null_mut(), Box::into_raw);
        }
        ErasedNode(header)
    }

    /// Marks a fresh global layer as installed by this thread: panics of its
    /// replacement on other threads are kept for its guard.
    ///
    /// # Safety
    /// The node is fresh: alive, and not yet published.
    #[inline]
    pub(crate) unsafe fn install_on_this_thread(self) {
        // SAFETY: the caller's contract.
        unsafe { (*self.0).installer = crate::entry::me() };
    }

    pub(crate) fn header_ptr(self) -> NonNull<Header> {
        // SAFETY: only `NO_NODE` is null, and it is never asked for its header.
        unsafe { NonNull::new_unchecked(self.0) }
    }

    /// Whether this is `NO_NODE`, the end of a list.
    #[inline(always)]
    pub(crate) fn is_end(self) -> bool {
        // A primitive comparison, not a call, in unoptimized builds.
        self.0 == NO_NODE.0
    }

    #[inline(always)]
    pub(crate) fn from_raw(header: *mut Header) -> Self {
        ErasedNode(header)
    }

    #[inline(always)]
    pub(crate) fn as_raw(self) -> *mut Header {
        self.0
    }

    /// `header`, as the node it heads.
    pub(crate) fn from_header(header: NonNull<Header>) -> Self {
        ErasedNode(header.as_ptr())
    }

    /// # Safety
    /// The node must not have been freed.
    #[inline(always)]
    pub(crate) unsafe fn header<'a>(self) -> &'a Header {
        // SAFETY: the caller guarantees the node is alive.
        header_ref!(self.0)
    }

    /// Where the global layer list of this node alone can be kept.
    pub(crate) fn own_list(self) -> *mut Layer {
        // SAFETY: a place projection of the header, not a read.
        unsafe { (&raw const (*self.0).own_list).cast::<Layer>().cast_mut() }
    }

    /// # Safety
    /// `F` must be the type this handle was made from, and the node alive.
    #[inline(always)]
    pub(crate) unsafe fn replacement<F: ?Sized>(self) -> *mut F {
        // SAFETY: the words hold a `*mut F` written by `new`.
        unsafe { *(&raw const (*self.0).replacement as *const *mut F) }
    }

    /// # Safety
    /// The node must be alive and freed at most once.
    pub(crate) unsafe fn free(self) {
        // SAFETY: forwarded to the caller.
        unsafe { ((*self.0).free)(self.0) }
    }
}

/// `&*$header` for a `*mut Header` to a live header, without the alignment and null
/// checks that unoptimized builds put on every dereference of a raw pointer (a call
/// that reaches a thread layer makes a few).
macro_rules! header_ref {
    ($header:expr) => {{
        let header: *mut $crate::node::Header = $header;
        #[allow(clippy::transmute_ptr_to_ref)]
        // SAFETY: the caller's: `header` points to a live header.
        let header: &$crate::node::Header = unsafe { core::mem::transmute(header) };
        header
    }};
}

pub(crate) use header_ref;

/// Marks a type as not `Send`, for guards that must be dropped on their own thread.
pub(crate) type NotSend = PhantomData<*const ()>;
