//! What the benchmarks call: one trivial body, made replaceable in each way compared.

use std::sync::mpsc;
use std::thread::{self, JoinHandle};

use patchable::{patch, patchable};

/// The yardstick: the trivial body, with no way to replace it.
#[inline(never)]
pub fn plain(x: u64) -> u64 {
    x.wrapping_add(1)
}

/// The same body, `#[patchable]`.
#[patchable]
#[inline(never)]
pub fn patched(x: u64) -> u64 {
    x.wrapping_add(1)
}

/// The replacement the patched cases install: as trivial as the body.
pub fn replacement(x: u64) -> u64 {
    x.wrapping_add(2)
}

/// Keeps a thread-scoped patch of [`patched`] live on another thread until dropped, so
/// that calls from the benchmark's thread see a patched slot but no layer of their own.
pub struct PatchOnOtherThread {
    stop: mpsc::Sender<()>,
    thread: Option<JoinHandle<()>>,
}

impl PatchOnOtherThread {
    pub fn new() -> Self {
        let (installed_tx, installed) = mpsc::channel();
        let (stop, stop_rx) = mpsc::channel::<()>();
        let thread = thread::spawn(move || {
            let _guard = patch!(patched).with(replacement);
            installed_tx.send(()).expect("benchmark thread waits");
            // Parked in a blocking receive: costs the measured thread nothing.
            let _ = stop_rx.recv();
        });
        installed.recv().expect("patching thread started");
        PatchOnOtherThread {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for PatchOnOtherThread {
    fn drop(&mut self) {
        let _ = self.stop.send(());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
