//! One installed replacement on the heap, and the type-erased handle the layer stacks keep.

use core::marker::PhantomData;
use core::mem::{MaybeUninit, size_of};
use core::ptr::NonNull;
use core::sync::atomic::{
    AtomicBool, AtomicUsize, Ordering::Acquire, Ordering::Relaxed, Ordering::Release, fence,
};

use parking_lot::lock_api::RawMutex as _;

/// A replacement closure behind the bookkeeping every layer shares.
///
/// `repr(C)` puts the header first, so a thin pointer to the node is a pointer to its header.
#[doc(hidden)]
#[repr(C)]
pub struct Node<F: ?Sized> {
    header: Header,
    replacement: F,
}

pub(crate) struct Header {
    calls: AtomicUsize,
    /// Set while the replacement runs on its thread: calls made meanwhile go one layer down.
    busy: AtomicBool,
    /// Set when the guard dropped while the replacement was running; the call frees the node.
    orphaned: AtomicBool,
    /// Global layers only: lets one thread at a time into an `FnMut` replacement.
    entry: parking_lot::RawMutex,
    /// Global layers only: one for the layer stack, one per call in flight. The last
    /// one to let go frees the node.
    holders: AtomicUsize,
}

impl<C> Node<C> {
    /// A fresh node; the expansion unsizes it to the function's `dyn FnMut`.
    pub fn boxed(replacement: C) -> Box<Self> {
        Box::new(Node {
            header: Header {
                calls: AtomicUsize::new(0),
                busy: AtomicBool::new(false),
                orphaned: AtomicBool::new(false),
                entry: parking_lot::RawMutex::INIT,
                holders: AtomicUsize::new(1),
            },
            replacement,
        })
    }
}

impl Header {
    pub(crate) fn calls(&self) -> usize {
        self.calls.load(Relaxed)
    }

    /// Counts a call; the node is only touched by its own thread, so no read-modify-write.
    pub(crate) fn count_call(&self) {
        self.calls.store(self.calls.load(Relaxed) + 1, Relaxed);
    }

    /// Counts a call that may race with calls on other threads (global layers).
    pub(crate) fn count_shared_call(&self) {
        self.calls.fetch_add(1, Relaxed);
    }

    /// Waits until no other thread runs this (global) replacement, then claims it.
    pub(crate) fn lock_entry(&self) {
        self.entry.lock();
    }

    /// # Safety
    /// This thread must hold the entry lock from `lock_entry`.
    pub(crate) unsafe fn unlock_entry(&self) {
        // SAFETY: forwarded to the caller.
        unsafe { self.entry.unlock() }
    }

    /// Adds a holder; only valid while another holder keeps the node alive.
    pub(crate) fn hold(&self) {
        self.holders.fetch_add(1, Relaxed);
    }

    /// Drops a holder; `true` when it was the last, and the caller must free the node.
    pub(crate) fn let_go(&self) -> bool {
        // As in `Arc::drop`: every holder's use happens before the free.
        if self.holders.fetch_sub(1, Release) != 1 {
            return false;
        }
        fence(Acquire);
        true
    }

    pub(crate) fn is_busy(&self) -> bool {
        self.busy.load(Relaxed)
    }

    pub(crate) fn set_busy(&self, busy: bool) {
        self.busy.store(busy, Relaxed);
    }

    pub(crate) fn is_orphaned(&self) -> bool {
        self.orphaned.load(Relaxed)
    }

    pub(crate) fn orphan(&self) {
        self.orphaned.store(true, Relaxed);
    }
}

/// A `Box<Node<F>>` with `F` forgotten, so layers of every function fit in one stack.
///
/// The fat pointer is kept as raw words and read back as the same type: each slot
/// and instantiation key has exactly one `F`, so the reader always names the writer's type.
#[derive(Clone, Copy)]
pub(crate) struct ErasedNode {
    header: NonNull<Header>,
    words: [MaybeUninit<usize>; 2],
    free: unsafe fn(ErasedNode),
}

impl ErasedNode {
    pub(crate) fn new<F: ?Sized>(node: Box<Node<F>>) -> Self {
        const { assert!(size_of::<*mut Node<F>>() <= size_of::<[usize; 2]>()) };
        let raw = Box::into_raw(node);
        let mut words = [MaybeUninit::uninit(); 2];
        // SAFETY: the buffer is large enough (asserted above) and aligned for a pointer.
        unsafe { words.as_mut_ptr().cast::<*mut Node<F>>().write(raw) };
        ErasedNode {
            // SAFETY: `Box::into_raw` never returns null.
            header: unsafe { NonNull::new_unchecked(raw.cast::<Header>()) },
            words,
            free: free::<F>,
        }
    }

    pub(crate) fn header_ptr(self) -> NonNull<Header> {
        self.header
    }

    /// # Safety
    /// The node must not have been freed.
    pub(crate) unsafe fn header<'a>(self) -> &'a Header {
        // SAFETY: the caller guarantees the node is alive.
        unsafe { self.header.as_ref() }
    }

    /// # Safety
    /// `F` must be the type this handle was made from.
    pub(crate) unsafe fn replacement<F: ?Sized>(self) -> *mut F {
        // SAFETY: the words hold a `*mut Node<F>` written by `new`.
        let node = unsafe { self.words.as_ptr().cast::<*mut Node<F>>().read() };
        // SAFETY: the node is alive while its handle is used; this is a place projection.
        unsafe { &raw mut (*node).replacement }
    }

    /// # Safety
    /// The node must be alive and freed at most once.
    pub(crate) unsafe fn free(self) {
        // SAFETY: forwarded to the caller.
        unsafe { (self.free)(self) }
    }
}

unsafe fn free<F: ?Sized>(node: ErasedNode) {
    // SAFETY: `free::<F>` is only stored next to words written as `*mut Node<F>`.
    let raw = unsafe { node.words.as_ptr().cast::<*mut Node<F>>().read() };
    // SAFETY: the pointer came from `Box::into_raw` and is freed once.
    drop(unsafe { Box::from_raw(raw) });
}

/// Marks a type as not `Send`, for guards that must be dropped on their own thread.
pub(crate) type NotSend = PhantomData<*const ()>;
