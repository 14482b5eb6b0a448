//! One slot's global layers: an immutable list behind an atomic pointer, read without a lock.
//!
//! Writers (serialized by the caller) build a new list, publish it, wait for the readers
//! that may still look at the old list, and free it. A reader therefore never sees a
//! list being changed or freed; the nodes the lists point to are kept alive by their
//! own holder counts (see `node.rs`), since a call runs a replacement after it stopped
//! reading.

use core::any::TypeId;
use core::num::NonZeroU64;
use core::ptr::{self, NonNull};
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
}

/// The global layers of one slot, newest first; no list while there are none.
pub(crate) struct GlobalLayers {
    list: AtomicPtr<Vec<Layer>>,
    readers: Readers,
}

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
        relaxed_load!(&raw const self.list, *mut Vec<Layer>) as usize != 0
    }

    /// Runs `read` on the current layers as a registered reader: the list cannot be
    /// freed before `read` returns, and the borrow cannot outlive it.
    #[inline]
    pub(crate) fn read<R>(&self, read: impl FnOnce(&[Layer]) -> R) -> R {
        let _reading = self.readers.read();
        // SeqCst: ordered after the registration, for `Readers::wait_for_readers`.
        let list = self.list.load(SeqCst);
        // SAFETY: a published list is freed only after every reader that may have
        // loaded it has left, and this one is registered until `_reading` drops.
        let layers = unsafe { list.as_ref() }.map_or(&[][..], |list| &list[..]);
        read(layers)
    }

    /// Adds `layer` as the newest. Writers must be serialized.
    pub(crate) fn push(&self, layer: Layer) {
        let mut layers = Vec::with_capacity(self.current().len() + 1);
        layers.push(layer);
        layers.extend_from_slice(self.current());
        self.replace(layers);
    }

    /// Takes out the layer of the node with `header`, if it is there. Writers must be
    /// serialized.
    pub(crate) fn remove(&self, header: NonNull<Header>) -> Option<Layer> {
        let current = self.current();
        let index = current
            .iter()
            .position(|layer| layer.node.header_ptr() == header)?;
        let layer = current[index];
        let rest: Vec<Layer> = current[..index]
            .iter()
            .chain(&current[index + 1..])
            .copied()
            .collect();
        self.replace(rest);
        Some(layer)
    }

    /// The list as the (serialized) writer last left it.
    fn current(&self) -> &[Layer] {
        // SAFETY: only writers free lists, and the caller is the only writer now.
        unsafe { self.list.load(Acquire).as_ref() }.map_or(&[], |list| &list[..])
    }

    fn replace(&self, layers: Vec<Layer>) {
        let new = match layers.is_empty() {
            true => ptr::null_mut(),
            false => Box::into_raw(Box::new(layers)),
        };
        let old = self.list.swap(new, SeqCst);
        if !old.is_null() {
            self.readers.wait_for_readers();
            // SAFETY: unpublished, and every reader that may have loaded it has left.
            drop(unsafe { Box::from_raw(old) });
        }
    }
}
