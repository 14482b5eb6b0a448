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
use core::num::NonZeroU64;
use std::io::Write;
use std::thread::{self, Thread, ThreadId};
use std::time::Duration;

use parking_lot::{Condvar, Mutex, MutexGuard};

use crate::slot::Slot;
use crate::target::Name;

/// The turns held, who waits for which, and the install order of global layers.
pub(crate) struct Turns {
    held: Vec<Turn>,
    waiting: Vec<(ThreadId, Function)>,
    installed: u64,
    /// Every function ever patched globally, for messages about their layers.
    names: Vec<(Function, Name)>,
}

/// One function instantiation: its slot's address and its key.
#[derive(Clone, Copy, PartialEq)]
struct Function {
    slot: usize,
    key: TypeId,
}

struct Turn {
    function: Function,
    name: Name,
    owner: Thread,
    /// How many of the owner's global guards of this function are alive.
    guards: usize,
}

// parking_lot: a test that panics while holding the lock leaves no poisoned state.
static WRITERS: Mutex<Turns> = Mutex::new(Turns {
    held: Vec::new(),
    waiting: Vec::new(),
    installed: 0,
    names: Vec::new(),
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
    ///
    /// A thread that is ending, past the destruction of its [`HELD`] (a thread-local
    /// destroyed after it patches), waits all the same but keeps no turn: nothing would
    /// give it back if that guard were leaked or outlived the thread's last destructor.
    ///
    /// Refuses, with the message to panic with, when waiting would never end: the
    /// holder waits, directly or through other threads, for a turn this thread holds.
    /// The caller panics once it has let go of the lock and of what it was installing.
    pub(crate) fn take(
        turns: &mut MutexGuard<'static, Turns>,
        slot: &'static Slot,
        key: TypeId,
        name: Name,
    ) -> Result<(), Deadlock> {
        let me = thread::current();
        let function = Function {
            slot: slot as *const Slot as usize,
            key,
        };
        // Checked before waiting: `HELD` is this thread's, and its state cannot change
        // while this thread waits.
        let ending = HELD.try_with(|_| ()).is_err();
        if !turns.names.iter().any(|(named, _)| *named == function) {
            turns.names.push((function, name));
        }
        let mut told = false;
        loop {
            let Some(turn) = turns.turn_of(function) else {
                if ending {
                    return Ok(());
                }
                turns.held.push(Turn {
                    function,
                    name,
                    owner: me,
                    guards: 1,
                });
                break;
            };
            if turns.held[turn].owner.id() == me.id() {
                turns.held[turn].guards += 1;
                break;
            }
            turns.refuse_deadlock(turn, &me)?;
            let owner = turns.held[turn].owner.clone();
            turns.waiting.push((me.id(), function));
            if told {
                TURN_GIVEN_BACK.wait(turns);
            } else if TURN_GIVEN_BACK.wait_for(turns, PATIENCE).timed_out() {
                tell_still_waiting(name, &owner);
                told = true;
            }
            turns.waiting.retain(|(waiter, _)| *waiter != me.id());
        }
        // Not `ending`, so `HELD` is there.
        let _ = HELD.try_with(|held| held.turns.set(held.turns.get() + 1));
        Ok(())
    }

    /// Gives back one guard's share of this thread's turn of `slot`/`key`.
    pub(crate) fn give_back(&mut self, slot: &'static Slot, key: TypeId) {
        let me = HELD
            .try_with(|held| {
                held.turns.set(held.turns.get().saturating_sub(1));
                held.thread.id()
            })
            // A guard dropped while the thread exits, after `HELD`: if its turn was given
            // back then, none matches below.
            .unwrap_or_else(|_| thread::current().id());
        let function = Function {
            slot: slot as *const Slot as usize,
            key,
        };
        let Some(turn) = self.turn_of(function) else {
            return;
        };
        if self.held[turn].owner.id() != me {
            return;
        }
        self.held[turn].guards -= 1;
        if self.held[turn].guards == 0 {
            self.held.swap_remove(turn);
            TURN_GIVEN_BACK.notify_all();
        }
    }

    /// A number that grows with every global install: the layers' order.
    pub(crate) fn next_install(&mut self) -> NonZeroU64 {
        self.installed += 1;
        NonZeroU64::MIN.saturating_add(self.installed - 1)
    }

    fn turn_of(&self, function: Function) -> Option<usize> {
        self.held.iter().position(|turn| turn.function == function)
    }

    /// Panics if the holder of `turn` waits, through a chain of holders, for a turn
    /// `me` holds: two tests that patch `f` and `g` globally in opposite orders.
    fn refuse_deadlock(&self, turn: usize, me: &Thread) -> Result<(), Deadlock> {
        let mut chain = vec![turn];
        while chain.len() <= self.held.len() {
            let holder = self.held[chain[chain.len() - 1]].owner.id();
            let Some(&(_, wanted)) = self.waiting.iter().find(|(waiter, _)| *waiter == holder)
            else {
                return Ok(());
            };
            let Some(next) = self.turn_of(wanted) else {
                return Ok(());
            };
            chain.push(next);
            if self.held[next].owner.id() == me.id() {
                return Err(self.deadlock(&chain, me));
            }
        }
        Ok(())
    }

    #[cold]
    fn deadlock(&self, chain: &[usize], me: &Thread) -> Deadlock {
        let holds = chain.windows(2).map(|link| {
            let (holder, wanted) = (&self.held[link[0]], &self.held[link[1]]);
            format!(
                "`{}` holds global patches of `{}` and waits to patch `{}`",
                thread_name(&holder.owner),
                holder.name,
                wanted.name,
            )
        });
        Deadlock(format!(
            "patching `{wanted}` globally would deadlock: {holds}, which this thread (`{me}`) \
             holds global patches of.\n\
             Threads take turns patching each function globally, so tests that patch \
             several functions globally must patch them in the same order (or run in a \
             process each, with `cargo nextest`).",
            wanted = self.held[chain[0]].name,
            holds = holds.collect::<Vec<_>>().join(", "),
            me = thread_name(me),
        ))
    }
}

/// A turn that would never come: what to panic with.
pub(crate) struct Deadlock(String);

impl Deadlock {
    #[cold]
    pub(crate) fn panic(self) -> ! {
        panic!("{}", self.0)
    }
}

/// The name of a function patched globally, for a message about one of its layers.
pub(crate) fn name_of(slot: *const Slot, key: TypeId) -> String {
    let function = Function {
        slot: slot as usize,
        key,
    };
    let turns = lock();
    match turns.names.iter().find(|(named, _)| *named == function) {
        Some((_, name)) => name.to_string(),
        None => "a function".to_owned(),
    }
}

/// The name the test harness gave the thread (the test's), or its id.
pub(crate) fn thread_name(thread: &Thread) -> String {
    match thread.name() {
        Some(name) => name.to_owned(),
        None => format!("{:?}", thread.id()),
    }
}

/// The turns a thread holds, given back when it exits, even if a guard was leaked
/// (`mem::forget`): its patch stays installed, but other threads may patch over it.
/// Once it is destroyed, the thread takes no more turns (see [`Turns::take`]).
struct Held {
    thread: Thread,
    turns: Cell<usize>,
}

impl Drop for Held {
    fn drop(&mut self) {
        if self.turns.get() == 0 {
            return;
        }
        let mut turns = WRITERS.lock();
        let mine = |turn: &Turn| turn.owner.id() == self.thread.id();
        let names: Vec<String> = turns
            .held
            .iter()
            .filter(|turn| mine(turn))
            .map(|turn| turn.name.to_string())
            .collect();
        turns.held.retain(|turn| !mine(turn));
        TURN_GIVEN_BACK.notify_all();
        drop(turns);
        tell_ended_holding(&self.thread, &names);
    }
}

thread_local! {
    static HELD: Held = Held {
        thread: thread::current(),
        turns: Cell::new(0),
    };
}

/// A thread ended with global guards alive: say so where it happened, and what follows.
/// Whether a guard was leaked or is kept in a thread-local destroyed after this one cannot
/// be told apart yet, so the message says what happens in either case.
#[cold]
fn tell_ended_holding(thread: &Thread, names: &[String]) {
    let _ = writeln!(
        std::io::stderr(),
        "patchable: thread `{}` ended while holding global patches of `{}`, so it gave back \
         its turn at them: other threads may now patch them globally. A guard leaked with \
         `mem::forget` keeps its patch installed for the rest of the process; one kept in a \
         thread-local is removed when that thread-local is destroyed. Drop global guards \
         before their thread ends.",
        thread_name(thread),
        names.join("`, `"),
    );
}

/// A hang is the worst way for a test to fail: say what this thread waits for. Written
/// to the process's stderr, past the test harness's capture, which would hide it.
#[cold]
fn tell_still_waiting(name: Name, owner: &Thread) {
    let owner = thread_name(owner);
    let _ = writeln!(
        std::io::stderr(),
        "patchable: thread `{me}` has waited {PATIENCE:?} to patch `{name}` globally: \
         `{owner}` holds global patches of it, and global patches of one function from \
         different threads take turns. It goes on waiting until `{owner}` drops its guards \
         (never, if it leaked one with `mem::forget` and keeps running, or waits for this thread).",
        me = thread_name(&thread::current()),
    );
}
