//! One slot's global layers: an immutable list behind an atomic pointer, read without a lock.
//!
//! Writers (serialized by the caller) build a new list, publish it, wait for the readers
//! that may still look at the old list, and free it. A reader therefore never sees a
//! list being changed or freed; the nodes the lists point to are kept alive by their
//! own holder counts (see `node.rs`), since a call runs a replacement after it stopped
//! reading.
//!
//! A list of one layer, the common case, needs no allocation of its own: it is kept in
//! the header of that layer's node (`Header::own_list`), which outlives it (the list
//! holds the node, and lets go of it only after the readers of the list have left).

use core::any::TypeId;
use core::num::NonZeroU64;
use core::ptr::{self, NonNull};
use core::slice;
use core::sync::atomic::{AtomicPtr, Ordering::Acquire, Ordering::SeqCst};

use crate::node::{ErasedNode, Header};
use crate::readers::Readers;
use crate::relaxed::relaxed_load;

#[derive(Clone, Copy)]
pub(crate) struct Layer {
    pub(crate) key: TypeId,
    /// Install order across the process: a call from inside a layer goes to lower ones.
    pub(crate) seq: NonZeroU64,
    pub(crate) node: ErasedNode,
    pub(crate) spy: bool,
    /// The test context whose threads alone see the layer (`.in_context()`); 0: every
    /// thread.
    pub(crate) context: u64,
}

/// The global layers of one slot, newest first.
pub(crate) struct GlobalLayers {
    /// Null while there are none; the one layer in its node's header, tagged with
    /// [`OWN_LIST`]; or a `Box<Vec<Layer>>` of two or more.
    list: AtomicPtr<()>,
    readers: Readers,
}

/// The low bit of a published list that is one layer in its node's header (a `Layer`
/// and a `Vec` are both aligned to more than one byte).
const OWN_LIST: usize = 1;

impl GlobalLayers {
    pub(crate) const fn new() -> Self {
        GlobalLayers {
            list: AtomicPtr::new(ptr::null_mut()),
            readers: Readers::new(),
        }
    }

    /// Whether any global layer is installed: one relaxed load.
    #[inline(always)]
    pub(crate) fn any(&self) -> bool {
        relaxed_load!(&raw const self.list, *mut ()) as usize != 0
    }

    /// Runs `read` on the current layers as a registered reader: the list cannot be
    /// freed before `read` returns, and the borrow cannot outlive it. Inlined: a call
    /// of a global layer goes through it, and out of line it costs that call ≈ 50
    /// instructions more (`benches/callgrind.sh`, global patch live).
    #[inline(always)]
    pub(crate) fn read<R>(&self, read: impl FnOnce(&[Layer]) -> R) -> R {
        let _reading = self.readers.read();
        // SeqCst: ordered after the registration, for `Readers::wait_for_readers`.
        let list = self.list.load(SeqCst);
        // SAFETY: a published list is freed (or its node's header reused) only after
        // every reader that may have loaded it has left, and this one is registered
        // until `_reading` drops.
        read(unsafe { layers(list) })
    }

    /// Adds `layer` as the newest. Writers must be serialized.
    pub(crate) fn push(&self, layer: Layer) {
        let current = self.current();
        let layers = core::iter::once(layer).chain(current.iter().copied());
        self.replace(current.len() + 1, layers);
    }

    /// Takes out the layer of the node with `header`, if it is there. Writers must be
    /// serialized.
    pub(crate) fn remove(&self, header: NonNull<Header>) -> Option<Layer> {
        let current = self.current();
        let index = current
            .iter()
            .position(|layer| layer.node.header_ptr() == header)?;
        let layer = current[index];
        let rest = current[..index]
            .iter()
            .chain(&current[index + 1..])
            .copied();
        self.replace(current.len() - 1, rest);
        Some(layer)
    }

    /// The list as the (serialized) writer last left it.
    fn current(&self) -> &[Layer] {
        // SAFETY: only writers free lists, and the caller is the only writer now.
        unsafe { layers(self.list.load(Acquire)) }
    }

    /// Publishes the `len` layers of `layers` as the list, then frees the old one once
    /// its readers have left.
    fn replace(&self, len: usize, mut layers: impl Iterator<Item = Layer>) {
        let new = match (len, layers.next()) {
            (_, None) => ptr::null_mut(),
            (1, Some(layer)) => {
                let own = layer.node.own_list();
                // SAFETY: the node is alive (the list holds it), and its own list is not
                // published: this one is new, so the current list is not the same single
                // layer, and an earlier publication of it was replaced and waited for.
                unsafe { own.write(layer) };
                own.cast::<()>().map_addr(|address| address | OWN_LIST)
            }
            (_, Some(first)) => {
                let list: Vec<Layer> = core::iter::once(first).chain(layers).collect();
                Box::into_raw(Box::new(list)).cast::<()>()
            }
        };
        let old = self.list.swap(new, SeqCst);
        if !old.is_null() {
            self.readers.wait_for_readers();
            if old.addr() & OWN_LIST == 0 {
                // SAFETY: a heap list, unpublished, and every reader that may have
                // loaded it has left.
                drop(unsafe { Box::from_raw(old.cast::<Vec<Layer>>()) });
            }
        }
    }
}

/// The layers of a published list.
///
/// # Safety
/// `list` was published by `replace` and is not freed (nor its node's header reused)
/// while the returned borrow lives.
unsafe fn layers<'a>(list: *mut ()) -> &'a [Layer] {
    if list.is_null() {
        return &[];
    }
    match list.addr() & OWN_LIST {
        // SAFETY: the caller's contract; `replace` wrote the layer before publishing.
        0 => unsafe { &*list.cast::<Vec<Layer>>() },
        // SAFETY: as above.
        _ => slice::from_ref(unsafe {
            &*list.map_addr(|address| address & !OWN_LIST).cast::<Layer>()
        }),
    }
}
