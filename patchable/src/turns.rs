//! Threads take turns patching a function globally, so parallel tests do not interfere.
//!
//! While one thread has global patches of a function installed, it holds that function's
//! turn; another thread that wants to patch it globally waits until the turn is given
//! back. The turn is per function instantiation, so different functions never wait for
//! each other, and it counts nesting, so one thread can stack global patches.
//!
//! All global-scope writers (install and remove, any function) hold [`lock`]. Calls never
//! take it.

use core::any::TypeId;
use core::cell::Cell;
use std::io::Write;
use std::thread::{self, Thread, ThreadId};
use std::time::Duration;

use parking_lot::{Condvar, Mutex, MutexGuard};

use crate::slot::Slot;

/// The turns held, and the install order of global layers.
pub(crate) struct Turns {
    held: Vec<Turn>,
    installed: u64,
}

struct Turn {
    /// The slot's address: the function.
    slot: usize,
    /// The instantiation.
    key: TypeId,
    owner: Thread,
    /// How many of the owner's global guards of this function are alive.
    guards: usize,
}

// parking_lot: a test that panics while holding the lock leaves no poisoned state.
static WRITERS: Mutex<Turns> = Mutex::new(Turns {
    held: Vec::new(),
    installed: 0,
});
static TURN_GIVEN_BACK: Condvar = Condvar::new();

/// How long a thread waits for a turn before it says on stderr what it waits for.
const PATIENCE: Duration = Duration::from_secs(5);

/// Serializes global-scope writers; also guards the turns.
pub(crate) fn lock() -> MutexGuard<'static, Turns> {
    WRITERS.lock()
}

impl Turns {
    /// Waits until no other thread holds the turn of `slot`/`key`, then takes it (or,
    /// on the thread that holds it, counts one more guard).
    pub(crate) fn take(
        turns: &mut MutexGuard<'static, Turns>,
        slot: &'static Slot,
        key: TypeId,
        name: &str,
    ) {
        let me = thread::current();
        let slot = slot as *const Slot as usize;
        let mut told = false;
        loop {
            let turn = turns
                .held
                .iter_mut()
                .find(|turn| turn.slot == slot && turn.key == key);
            let owner = match turn {
                None => {
                    turns.held.push(Turn {
                        slot,
                        key,
                        owner: me,
                        guards: 1,
                    });
                    break;
                }
                Some(turn) if turn.owner.id() == me.id() => {
                    turn.guards += 1;
                    break;
                }
                Some(turn) => turn.owner.clone(),
            };
            if told {
                TURN_GIVEN_BACK.wait(turns);
            } else if TURN_GIVEN_BACK.wait_for(turns, PATIENCE).timed_out() {
                tell_still_waiting(name, &owner);
                told = true;
            }
        }
        HELD.with(|held| held.turns.set(held.turns.get() + 1));
    }

    /// Gives back one guard's share of this thread's turn of `slot`/`key`.
    pub(crate) fn give_back(&mut self, slot: &'static Slot, key: TypeId) {
        // At thread exit, `HELD` may be gone: then it has already given back every turn.
        let Ok(me) = HELD.try_with(|held| {
            held.turns.set(held.turns.get().saturating_sub(1));
            held.thread
        }) else {
            return;
        };
        let slot = slot as *const Slot as usize;
        let Some(index) = self
            .held
            .iter()
            .position(|turn| turn.slot == slot && turn.key == key && turn.owner.id() == me)
        else {
            return;
        };
        self.held[index].guards -= 1;
        if self.held[index].guards == 0 {
            self.held.swap_remove(index);
            TURN_GIVEN_BACK.notify_all();
        }
    }

    /// A number that grows with every global install: the layers' order.
    pub(crate) fn next_install(&mut self) -> u64 {
        self.installed += 1;
        self.installed
    }
}

/// The turns a thread holds, given back when it exits, even if a guard was leaked
/// (`mem::forget`): its patch stays installed, but other threads may patch over it.
struct Held {
    thread: ThreadId,
    turns: Cell<usize>,
}

impl Drop for Held {
    fn drop(&mut self) {
        if self.turns.get() == 0 {
            return;
        }
        let mut turns = WRITERS.lock();
        turns.held.retain(|turn| turn.owner.id() != self.thread);
        TURN_GIVEN_BACK.notify_all();
    }
}

thread_local! {
    static HELD: Held = Held {
        thread: thread::current().id(),
        turns: Cell::new(0),
    };
}

/// A hang is the worst way for a test to fail: say what this thread waits for. Written
/// to the process's stderr, past the test harness's capture, which would hide it.
#[cold]
fn tell_still_waiting(name: &str, owner: &Thread) {
    let owner = owner.name().unwrap_or("an unnamed thread");
    let _ = writeln!(
        std::io::stderr(),
        "patchable: thread `{me}` has waited {PATIENCE:?} to patch `{name}` globally: \
         `{owner}` holds global patches of it, and global patches of one function from \
         different threads take turns. It goes on waiting until `{owner}` drops its guards \
         (never, if it leaked one with `mem::forget` and keeps running, or waits for this thread).",
        me = thread::current().name().unwrap_or("an unnamed thread"),
    );
}
