//! Entering a global replacement: one thread at a time, and a panic instead of a silent
//! deadlock when threads inside replacements wait for each other's.
//!
//! A global replacement may be an `FnMut`, so each global layer has an entry lock, held
//! while a call runs its replacement. Two replacements that call each other's functions
//! from two threads at once would each hold one lock and wait for the other forever.
//! So the holder of a lock is written beside it, and a thread that finds a lock taken
//! writes what it waits for in [`WAITERS`] before it blocks, after following the chain
//! of holders and waiters from that lock: if the chain comes back to this thread, the
//! wait would never end, and it panics instead, naming the functions and the threads.
//! The last thread to join a cycle always sees it whole. A wait that lasts longer than
//! [`PATIENCE`] for some other reason (a replacement that blocks on something else)
//! says what it waits for on stderr.
//!
//! Entering a free lock costs a compare-and-swap and two stores; only a thread that finds
//! the lock taken goes to [`WAITERS`].

use core::any::TypeId;
use core::sync::atomic::Ordering::Relaxed;
use std::io::Write;
use std::thread::{self, Thread};
use std::time::Duration;

use parking_lot::Mutex;
use parking_lot::lock_api::{RawMutex as _, RawMutexTimed as _};

use crate::node::Header;
use crate::slot::Slot;
use crate::turns;

/// How long a thread waits to enter a replacement before it says on stderr what it
/// waits for; the same as for a turn.
const PATIENCE: Duration = Duration::from_secs(5);

/// A thread blocked on an entry lock.
struct Waiter {
    /// The thread, as [`me`] gives it.
    me: usize,
    thread: Thread,
    /// The header whose entry it waits for, as an address: the waiter holds the node
    /// (see `global_scope.rs`) until it has left this list.
    header: usize,
}

static WAITERS: Mutex<Vec<Waiter>> = Mutex::new(Vec::new());

thread_local! {
    // Only its address is used: a number no other living thread has. `const` and no
    // `Drop`: there also while the thread's other thread-locals are destroyed.
    static ME: u8 = const { 0 };
}

/// This thread, as the holder of an entry lock; never 0.
#[inline]
pub(crate) fn me() -> usize {
    ME.with(|me| me as *const u8 as usize)
}

/// Waits until no other thread runs the replacement of `header`, then claims it.
///
/// Refuses, with the message to panic with, when the wait would never end: the thread
/// running it waits, directly or through other threads, for a replacement this thread
/// runs. The caller panics once it has let go of the node.
#[inline]
pub(crate) fn enter(header: &Header) -> Result<(), Deadlock> {
    let me = me();
    if !header.entry.try_lock() {
        wait(header, me)?;
    }
    // Relaxed: read only by waiters under `WAITERS`' lock, which orders it (see `cycle`).
    header.entry_holder.store(me, Relaxed);
    Ok(())
}

/// Lets the next thread into the replacement of `header`.
///
/// # Safety
/// This thread entered it with [`enter`] and has not left it since.
#[inline]
pub(crate) unsafe fn leave(header: &Header) {
    header.entry_holder.store(0, Relaxed);
    // SAFETY: the caller's contract: this thread holds the lock.
    unsafe { header.entry.unlock() }
}

#[cold]
#[inline(never)]
fn wait(header: &Header, me: usize) -> Result<(), Deadlock> {
    let address = header as *const Header as usize;
    {
        let mut waiters = WAITERS.lock();
        // SAFETY: this call holds the node of `header`.
        if let Some(chain) = unsafe { cycle(&waiters, address, me) } {
            return Err(Deadlock(chain));
        }
        waiters.push(Waiter {
            me,
            thread: thread::current(),
            header: address,
        });
    }
    if !header.entry.try_lock_for(PATIENCE) {
        tell_still_waiting(header);
        header.entry.lock();
    }
    WAITERS.lock().retain(|waiter| waiter.me != me);
    Ok(())
}

/// A link of a chain of waits: a thread (`None` for this one) and the function whose
/// global replacement it runs.
struct Link {
    thread: Option<Thread>,
    slot: *const Slot,
    key: TypeId,
}

/// The chain of waits from `header` back to `me`, if there is one: the first link runs
/// `header`, and each waits for the replacement the next one runs; the last link is this
/// thread, which waits for the first.
///
/// Sound: every thread on the chain but this one is blocked. Its entry in `waiters`
/// was written after it wrote itself as the holder of the lock it runs, and it takes
/// itself out (under this lock) before it leaves any replacement; a holder writes
/// itself out of a lock before it lets go of it. So, under this lock, a thread named
/// as the holder of a header runs it, and the waits seen are real waits, up to the
/// link back to this thread, which does not move.
///
/// # Safety
/// `header` is the address of a header this thread holds, and `waiters` is
/// [`WAITERS`], locked.
unsafe fn cycle(waiters: &[Waiter], header: usize, me: usize) -> Option<Vec<Link>> {
    let mut chain = Vec::new();
    let mut waited = header;
    while chain.len() <= waiters.len() {
        // SAFETY: `header` is held by this thread; every other header waited for is held
        // by its waiter, which stays on the locked list until it has entered.
        let header = unsafe { &*(waited as *const Header) };
        let holder = header.entry_holder.load(Relaxed);
        let link = |thread| Link {
            thread,
            slot: header.slot,
            key: header.key,
        };
        if holder == me {
            chain.push(link(None));
            return Some(chain);
        }
        let waiter = waiters.iter().find(|waiter| waiter.me == holder)?;
        chain.push(link(Some(waiter.thread.clone())));
        waited = waiter.header;
    }
    None
}

/// A wait that would never end: the chain that [`cycle`] found.
pub(crate) struct Deadlock(Vec<Link>);

impl Deadlock {
    /// Panics with a message that names the functions and the threads.
    #[cold]
    pub(crate) fn panic(self) -> ! {
        deadlock(self.0)
    }
}

#[cold]
fn deadlock(chain: Vec<Link>) -> ! {
    let name = |link: &Link| turns::name_of(link.slot, link.key);
    let mut message = format!(
        "entering the global replacement of `{}` would deadlock: ",
        name(&chain[0])
    );
    for (link, next) in chain.iter().zip(&chain[1..]) {
        if let Some(thread) = &link.thread {
            message += &format!(
                "thread `{}` runs it and waits to enter the one of `{}`, which ",
                turns::thread_name(thread),
                name(next),
            );
        }
    }
    message += &format!(
        "this thread (`{}`) runs.\n\
         A global replacement runs on one thread at a time, so global replacements that \
         call each other's functions from several threads at once wait for each other \
         forever. Let one of them not call the other's function, or patch one of them \
         in thread scope.",
        turns::thread_name(&thread::current()),
    );
    panic!("{message}")
}

/// A hang is the worst way for a test to fail: say what this thread waits for.
#[cold]
fn tell_still_waiting(header: &Header) {
    let holder = header.entry_holder.load(Relaxed);
    let holder = WAITERS
        .lock()
        .iter()
        .find(|waiter| waiter.me == holder)
        .map_or_else(
            || "another thread".to_owned(),
            |waiter| format!("thread `{}`", turns::thread_name(&waiter.thread)),
        );
    let _ = writeln!(
        std::io::stderr(),
        "patchable: thread `{me}` has waited {PATIENCE:?} to enter the global replacement \
         of `{name}`: {holder} runs it, and a global replacement runs on one thread at a \
         time. It goes on waiting until that call returns.",
        me = turns::thread_name(&thread::current()),
        name = turns::name_of(header.slot, header.key),
    );
}
