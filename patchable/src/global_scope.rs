//! Global layers: every thread sees them. Installing one takes the function's turn
//! (`turns.rs`); a call finds its layer without a lock (`global_layers.rs`), then enters
//! the replacement, one thread at a time, for as long as it runs.

use core::any::TypeId;
use core::mem::ManuallyDrop;
use core::num::NonZeroU64;
use core::ptr::NonNull;

use crate::context;
use crate::entered::{Entered, GlobalLayer, Linked};
use crate::entry;
use crate::global_layers::Layer;
use crate::inspect::Inspector;
use crate::node::{ErasedNode, Header};
use crate::slot::Slot;
use crate::target::Name;
use crate::turns::{self, Turns};

/// Installs `node` as the newest global layer of `slot`/`key`, once this thread has the
/// function's turn; a layer of a test `context` (0: none) takes no turn. Returns the
/// layer's install order, unique in the process.
///
/// # Panics
/// When the turn would never come (see [`Turns::take`]); `node` is freed first.
///
/// # Safety
/// `node` is fresh from [`ErasedNode::new`]: this call takes it over.
pub(crate) unsafe fn install(
    slot: &'static Slot,
    key: TypeId,
    name: Name,
    node: ErasedNode,
    spy: bool,
    context: u64,
) -> NonZeroU64 {
    let mut turns = turns::lock();
    // A layer of a test context is seen by that test alone: no turn to take.
    if context == 0
        && let Err(deadlock) = Turns::take(&mut turns, slot, key, name)
    {
        // Dropping the replacement runs user code, which may patch: not under the lock.
        drop(turns);
        // SAFETY: fresh, so unshared and not freed; never published.
        unsafe { node.free() };
        deadlock.panic();
    }
    let seq = turns.next_install();
    slot.retain();
    slot.global().push(Layer {
        key,
        seq,
        node,
        spy,
        context,
    });
    seq
}

/// Takes out the global layer of `header` and gives back the turn. Returns the calls
/// that reached the layer; calls still running it keep it alive until they return.
pub(crate) fn remove(
    slot: &'static Slot,
    key: TypeId,
    header: NonNull<Header>,
    context: u64,
) -> usize {
    let mut turns = turns::lock();
    let removed = slot.global().remove(header);
    if context == 0 {
        turns.give_back(slot, key);
    }
    drop(turns);
    let Some(layer) = removed else { return 0 };
    slot.release();
    // SAFETY: the layer list's hold keeps the node alive until `let_go` below. No call can
    // count it any more: every reader that could see it has left.
    let calls = unsafe { layer.node.header() }.calls();
    // Outside the writers' lock: dropping the replacement runs user code, which may patch.
    // SAFETY: this is the layer list's hold, given up once.
    unsafe { let_go(layer.node) };
    calls
}

/// The newest global layer of `slot`/`key` installed before `below` (if given) that
/// answers this call, counting the spies the call passes; used-up layers are passed. A
/// layer that looks at the arguments first is returned uncounted (see
/// [`GlobalHit::settle`]). The returned layer is held until the call ends.
#[inline]
pub(crate) fn enter(
    slot: &'static Slot,
    key: TypeId,
    below: Option<NonZeroU64>,
) -> Option<GlobalHit> {
    let here = context::current_id();
    slot.global().read(|layers| {
        for layer in layers {
            if layer.key != key
                || below.is_some_and(|below| layer.seq >= below)
                || (layer.context != 0 && layer.context != here)
            {
                continue;
            }
            // SAFETY: listed layers hold their nodes.
            let header = unsafe { layer.node.header() };
            // Counted once its inspectors let the call in: see `GlobalHit::settle`. A
            // used-up layer is passed before they look (the count decides in the end).
            let inspected = header.is_inspected();
            if (inspected && header.used_up()) || (!inspected && !header.count_shared_call()) {
                continue;
            }
            if inspected || !layer.spy {
                // While the list holds it: this hold outlives the list's (`remove` waits
                // for readers before it lets go).
                header.hold();
                return Some(GlobalHit {
                    node: layer.node,
                    layer: GlobalLayer {
                        slot,
                        key,
                        seq: layer.seq,
                    },
                });
            }
        }
        None
    })
}

/// A call that reached a global layer and holds its node.
pub(crate) struct GlobalHit {
    node: ErasedNode,
    layer: GlobalLayer,
}

impl GlobalHit {
    /// The held node and the layer's install order: the hit as two words, for the hook.
    pub(crate) fn into_parts(self) -> (ErasedNode, NonZeroU64) {
        (self.node, self.layer.seq)
    }

    /// The hit that [`into_parts`](Self::into_parts) took apart.
    ///
    /// # Safety
    /// The parts come from `into_parts` of a hit on `slot`/`key`, and are put together
    /// once.
    pub(crate) unsafe fn from_parts(
        node: ErasedNode,
        slot: &'static Slot,
        key: TypeId,
        seq: NonZeroU64,
    ) -> Self {
        GlobalHit {
            node,
            layer: GlobalLayer { slot, key, seq },
        }
    }

    /// Whether the layer looks at the arguments before it answers.
    pub(crate) fn inspected(&self) -> bool {
        // SAFETY: this hit holds the node.
        unsafe { self.node.header() }.is_inspected()
    }

    /// Shows a layer that looks at the arguments first the call's, through `show`, on
    /// this thread alone and as running (calls made meanwhile go lower): the hit if the
    /// layer answers, or else the layer's install order, to look below, once the node is
    /// let go. A spy that lets the call in counts it and lets it through.
    ///
    /// # Panics
    /// When the wait for the layer would never end (see `entry.rs`), once the node is
    /// let go.
    pub(crate) fn settle(
        self,
        show: &mut dyn FnMut(&Inspector) -> bool,
    ) -> Result<Self, NonZeroU64> {
        // SAFETY: this call holds the node.
        let header = unsafe { self.node.header() };
        if let Err(deadlock) = entry::enter(header) {
            // SAFETY: this call's hold, given up once: it never ran an inspector.
            unsafe { let_go(self.node) };
            deadlock.panic();
        }
        let entered = self.entered();
        // Dropped while an inspector unwinds: leaves, unlinks and lets go.
        let running = Running {
            node: self.node,
            linked: ManuallyDrop::new(entered.link()),
        };
        // Used up since `enter` looked: the inspectors must not see (or record) the call.
        let answers = !header.used_up() && header.lets_in(show);
        running.leave_held();
        let answers = answers && header.count_shared_call();
        match answers && !header.is_spy() {
            true => Ok(self),
            false => {
                let seq = self.layer.seq;
                // SAFETY: this call's hold, given up once: it runs no replacement.
                unsafe { let_go(self.node) };
                Err(seq)
            }
        }
    }

    /// The layer reached, for the future of an awaiting replacement.
    pub(crate) fn layer(&self) -> GlobalLayer {
        self.layer
    }

    /// The record that marks this layer as running on this thread; the caller keeps it
    /// in its frame and passes it to `enter`.
    pub(crate) fn entered(&self) -> Entered {
        Entered::new(self.layer)
    }

    /// Waits until no other thread runs the replacement, then runs it on this thread
    /// until the returned value drops: calls made meanwhile go to the layers below.
    ///
    /// # Panics
    /// When the wait would never end (see `entry.rs`), once the node is let go.
    pub(crate) fn enter(self, entered: &Entered) -> Running<'_> {
        // SAFETY: this call holds the node.
        if let Err(deadlock) = entry::enter(unsafe { self.node.header() }) {
            // SAFETY: this call's hold, given up once: it never ran the replacement.
            unsafe { let_go(self.node) };
            deadlock.panic();
        }
        Running {
            node: self.node,
            linked: ManuallyDrop::new(entered.link()),
        }
    }
}

/// A global replacement running on this thread; this thread alone may use it.
pub(crate) struct Running<'a> {
    node: ErasedNode,
    linked: ManuallyDrop<Linked<'a>>,
}

impl Running<'_> {
    /// The running node, alive and used by this thread alone until this drops.
    pub(crate) fn node(&self) -> ErasedNode {
        self.node
    }
}

impl Running<'_> {
    /// Leaves the entry and unlinks, but keeps this call's hold of the node.
    fn leave_held(self) {
        let mut running = ManuallyDrop::new(self);
        // SAFETY: dropped once, here, instead of in `drop`.
        unsafe { ManuallyDrop::drop(&mut running.linked) };
        // SAFETY: this call holds the entry lock, given up once here.
        unsafe { entry::leave(running.node.header()) };
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut self.linked) };
        // SAFETY: this call holds the node and its entry lock, given up once here.
        unsafe {
            entry::leave(self.node.header());
            let_go(self.node);
        }
    }
}

/// Gives up one hold of `node`, freeing it if that was the last.
///
/// # Safety
/// The caller owns one hold of `node` and uses the node no more.
unsafe fn let_go(node: ErasedNode) {
    // SAFETY: held, so alive; freed once, by the last holder.
    unsafe {
        if node.header().let_go() {
            node.free();
        }
    }
}
