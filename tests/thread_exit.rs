//! A thread that ends holding global patches gives its turns back, whatever its own
//! thread-locals do with global guards while it ends.
//!
//! Thread-locals are destroyed in the reverse order of their first use on the thread, so
//! one first used before the thread's first global patch is destroyed after patchable's
//! own per-thread state. Each test runs on a watchdog: a turn that never comes back
//! would hang the next global patch of the function.

use std::cell::RefCell;
use std::thread;

use patchable::{Guard, patch, patchable};
use support::within;

mod support;

#[patchable]
fn kept_late() -> u32 {
    0
}

thread_local! {
    static KEPT: RefCell<Option<Guard>> = const { RefCell::new(None) };
}

#[test]
fn a_global_guard_kept_in_a_thread_local_is_removed_and_its_turn_comes_back() {
    within(20, || {
        thread::spawn(|| {
            // First used here, before the patch: destroyed after patchable's state.
            KEPT.with(|kept| *kept.borrow_mut() = Some(patch!(kept_late).global().returns(1)));
            assert_eq!(kept_late(), 1);
        })
        .join()
        .unwrap();
        assert_eq!(kept_late(), 0, "the guard dropped with its thread-local");
        let patched = thread::spawn(|| {
            let _guard = patch!(kept_late).global().returns(2);
            kept_late()
        })
        .join()
        .unwrap();
        assert_eq!(patched, 2);
    });
}

#[patchable]
fn patched_while_ending() -> u32 {
    0
}

/// Patches `patched_while_ending` globally when destroyed, and leaks the guard.
struct PatchesWhenDestroyed;

impl Drop for PatchesWhenDestroyed {
    fn drop(&mut self) {
        std::mem::forget(patch!(patched_while_ending).global().returns(1));
    }
}

thread_local! {
    static PATCHES_WHEN_DESTROYED: PatchesWhenDestroyed = const { PatchesWhenDestroyed };
}

#[test]
fn a_global_guard_leaked_by_a_thread_local_destroyed_late_keeps_no_turn() {
    within(20, || {
        thread::spawn(|| {
            // First used before the thread's first global patch: destroyed after
            // patchable's per-thread state, and it patches then.
            PATCHES_WHEN_DESTROYED.with(|_| {});
            let _guard = patch!(patched_while_ending).global().returns(5);
            assert_eq!(patched_while_ending(), 5);
        })
        .join()
        .unwrap();
        // The leaked patch stays installed, but holds no turn: another thread patches
        // over it without waiting.
        assert_eq!(patched_while_ending(), 1);
        let patched = thread::spawn(|| {
            let _guard = patch!(patched_while_ending).global().returns(2);
            patched_while_ending()
        })
        .join()
        .unwrap();
        assert_eq!(patched, 2);
    });
}
