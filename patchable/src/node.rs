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

use crate::global_layers::Layer;
use crate::inspect::Inspectors;
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
    pub(crate) spy: bool,
    /// The calls the layer answers before later ones go past it, uncounted (`.once()`,
    /// `.returns_seq(…)`); `usize::MAX`: every call.
    pub(crate) answers: usize,
    /// The sequence the layer joined (`.in_sequence(…)`), told of each call it counts.
    pub(crate) member: Option<Member>,
    /// Whether the layer looks at the arguments first, with `inspectors`: then a lookup
    /// that reaches it counts the call only once they let it in.
    pub(crate) inspected: bool,
    pub(crate) inspectors: Inspectors,
    /// Thread layers, touched by their own thread only: the next older layer of the
    /// thread, and [`BUSY`] and [`ORPHANED`].
    pub(crate) next: AtomicPtr<Header>,
    pub(crate) state: AtomicUsize,
    /// Thread layers whose replacement answered with a future: a number no other node
    /// of the process has, by which the future finds its layer again (an address can be
    /// reused by a newer node once this one is freed). 0 until asked for.
    identity: AtomicU64,
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
                spy: false,
                answers: usize::MAX,
                member: None,
                inspected: false,
                inspectors: Inspectors {
                    when: None,
                    record: None,
                },
                next: AtomicPtr::new(ptr::null_mut()),
                state: AtomicUsize::new(0),
                identity: AtomicU64::new(0),
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
    // SAFETY: `free::<C>` is only stored in the header of a boxed `Node<C>`, freed once.
    drop(unsafe { Box::from_raw(header.cast::<Node<C>>()) });
}

impl Header {
    pub(crate) fn calls(&self) -> usize {
        self.calls.load(Relaxed)
    }

    /// Counts a call that may race with calls on other threads (global layers); `false`
    /// when the layer answered all the calls it answers, and this one goes past it.
    pub(crate) fn count_shared_call(&self) -> bool {
        let counted = match self.answers {
            usize::MAX => {
                self.calls.fetch_add(1, Relaxed);
                true
            }
            answers => self
                .calls
                .fetch_update(Relaxed, Relaxed, |calls| {
                    (calls < answers).then_some(calls + 1)
                })
                .is_ok(),
        };
        if counted && let Some(member) = &self.member {
            member.called();
        }
        counted
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
    /// See [`Header::answers`].
    pub(crate) answers: usize,
    /// See [`Header::member`].
    pub(crate) member: Option<Member>,
    /// See [`Header::inspectors`].
    pub(crate) inspectors: Inspectors,
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
            (*header).spy = terms.spy;
            (*header).answers = terms.answers;
            (*header).member = terms.member;
            (*header).inspected = terms.inspectors.any();
            (*header).inspectors = terms.inspectors;
        }
        ErasedNode(header)
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
