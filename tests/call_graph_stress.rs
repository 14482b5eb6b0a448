//! Races between threads that install and drop thread-scoped and global patches of three
//! functions whose replacements call one another, while every thread keeps calling them.
//!
//! `top` calls nothing, its replacements may call `middle`, whose replacements may call
//! `bottom` (global replacements that called each other both ways could deadlock, which
//! patchable refuses with a panic: see `global_scope.rs`). A replacement may also wrap
//! the next layer of its own function. Every call answers with the tree of layers it went
//! through, and every answer is checked: each layer belongs to the function called, was
//! live at some point during the call, has the children its replacement makes (a wrapped
//! call of its own function, a call of the next function), and a chain of wrapping
//! layers never reaches a layer twice; on a thread with a thread-scoped patch of its
//! own, that patch answers its own calls first. A replacement also checks the data it
//! captured (a freed closure would not hold it any more) and that no other thread is
//! inside it. A watchdog turns a deadlock into a failure.
//!
//! Sized for CI (about a second in a debug build); `PATCHABLE_STRESS_ROUNDS` changes the
//! rounds per thread, for the sanitizer runs of `benches/sanitizers.sh`.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::thread;

use patchable::{Guard, patch, patchable};
use support::within;

mod support;

/// Who answered a call, and the calls its replacement made.
#[derive(Debug)]
struct Reply {
    by: u64,
    below: Vec<Reply>,
}

/// `by` of an original.
const ORIGINAL: u64 = u64::MAX;

fn original() -> Reply {
    Reply {
        by: ORIGINAL,
        below: Vec::new(),
    }
}

#[patchable]
fn top(_n: u64) -> Reply {
    original()
}

#[patchable]
fn middle(_n: u64) -> Reply {
    original()
}

#[patchable]
fn bottom(_n: u64) -> Reply {
    original()
}

const LEVELS: usize = 3;

fn call(level: usize, n: u64) -> Reply {
    match level {
        0 => top(n),
        1 => middle(n),
        _ => bottom(n),
    }
}

const MAX_PATCHES: usize = 100_000;

/// A logical clock, and what each patch is and when it was installed and dropped by it.
struct History {
    clock: AtomicU64,
    patches: AtomicUsize,
    checked: AtomicUsize,
    installed: Vec<AtomicU64>,
    dropped: Vec<AtomicU64>,
    /// The level, and whether the replacement wraps and descends, in bits.
    shape: Vec<AtomicU64>,
}

const WRAPS: u64 = 1 << 8;
const DESCENDS: u64 = 1 << 9;

impl History {
    fn new() -> Self {
        let column = || (0..MAX_PATCHES).map(|_| AtomicU64::new(0)).collect();
        History {
            clock: AtomicU64::new(1),
            patches: AtomicUsize::new(0),
            checked: AtomicUsize::new(0),
            installed: column(),
            dropped: column(),
            shape: column(),
        }
    }

    fn tick(&self) -> u64 {
        self.clock.fetch_add(1, SeqCst)
    }

    /// Starts a patch: an id, marked installed from now on.
    fn start(&self, level: usize, wraps: bool, descends: bool) -> u64 {
        let id = self.patches.fetch_add(1, SeqCst);
        assert!(id < MAX_PATCHES, "raise MAX_PATCHES");
        let shape = level as u64 | (wraps as u64 * WRAPS) | (descends as u64 * DESCENDS);
        self.shape[id].store(shape, SeqCst);
        self.installed[id].store(self.tick(), SeqCst);
        id as u64
    }

    fn end(&self, id: u64, guard: Guard) {
        drop(guard);
        self.dropped[id as usize].store(self.tick(), SeqCst);
    }

    /// Calls the function of `level` and checks its answer.
    fn check_call(&self, level: usize, own: Option<u64>) {
        let start = self.tick();
        let reply = call(level, start);
        let end = self.tick();
        if let Some(own) = own {
            assert_eq!(reply.by, own, "this thread's own patch comes first");
        }
        let mut wrapping = Vec::new();
        self.check(&reply, level, start, end, &mut wrapping);
        self.checked.fetch_add(1, SeqCst);
    }

    /// Checks `reply`, an answer for the function of `level` within the call that ran
    /// from `start` to `end`; `wrapping` are the layers of the same call of this level
    /// above it.
    fn check(&self, reply: &Reply, level: usize, start: u64, end: u64, wrapping: &mut Vec<u64>) {
        if reply.by == ORIGINAL {
            assert!(reply.below.is_empty());
            return;
        }
        let index = reply.by as usize;
        assert!(index < MAX_PATCHES, "not a patch: {reply:?}");
        let shape = self.shape[index].load(SeqCst);
        assert_eq!(
            (shape & 0xff) as usize,
            level,
            "a patch of another function answered: {reply:?}"
        );
        let installed = self.installed[index].load(SeqCst);
        assert!(
            installed != 0 && installed < end,
            "{index} was not installed yet"
        );
        let dropped = self.dropped[index].load(SeqCst);
        assert!(
            dropped == 0 || dropped > start,
            "{index} answered a call that started after its guard dropped"
        );
        assert!(
            !wrapping.contains(&reply.by),
            "{index} reached itself: {wrapping:?}"
        );
        let (wraps, descends) = (shape & WRAPS != 0, shape & DESCENDS != 0);
        assert_eq!(
            reply.below.len(),
            wraps as usize + descends as usize,
            "{reply:?}"
        );
        let mut below = reply.below.iter();
        if wraps {
            wrapping.push(reply.by);
            self.check(below.next().unwrap(), level, start, end, wrapping);
            wrapping.pop();
        }
        if descends {
            self.check(
                below.next().unwrap(),
                level + 1,
                start,
                end,
                &mut Vec::new(),
            );
        }
    }
}

/// What a replacement captures: its id, many times over, and whether a thread is inside.
struct Witness {
    copies: Box<[u64; 16]>,
    inside: AtomicBool,
}

/// A replacement for patch `id` of the function of `level`.
fn replacement(
    id: u64,
    level: usize,
    wraps: bool,
    descends: bool,
) -> impl FnMut(u64) -> Reply + Send + 'static {
    let witness = Witness {
        copies: Box::new([id; 16]),
        inside: AtomicBool::new(false),
    };
    move |n| {
        assert!(
            witness.copies.iter().all(|&copy| copy == id),
            "capture of {id} corrupted"
        );
        assert!(
            !witness.inside.swap(true, SeqCst),
            "two threads inside patch {id}"
        );
        let mut below = Vec::new();
        if wraps {
            below.push(call(level, n));
        }
        if descends {
            below.push(call(level + 1, n));
        }
        witness.inside.store(false, SeqCst);
        Reply { by: id, below }
    }
}

fn install(level: usize, id: u64, wraps: bool, descends: bool, global: bool) -> Guard {
    let replacement = replacement(id, level, wraps, descends);
    match (level, global) {
        (0, true) => patch!(top).global().with(replacement),
        (1, true) => patch!(middle).global().with(replacement),
        (_, true) => patch!(bottom).global().with(replacement),
        (0, false) => patch!(top).with(replacement),
        (1, false) => patch!(middle).with(replacement),
        (_, false) => patch!(bottom).with(replacement),
    }
}

fn spy(level: usize, global: bool) -> Guard {
    match (level, global) {
        (0, true) => patch!(top).global().spy(),
        (1, true) => patch!(middle).global().spy(),
        (_, true) => patch!(bottom).global().spy(),
        (0, false) => patch!(top).spy(),
        (1, false) => patch!(middle).spy(),
        (_, false) => patch!(bottom).spy(),
    }
}

/// xorshift: enough randomness to vary the interleavings, reproducible per thread.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % sides
    }

    fn level(&mut self) -> usize {
        self.roll(LEVELS as u64) as usize
    }

    fn patch(&mut self, history: &History, level: usize, global: bool) -> (Option<u64>, Guard) {
        if self.roll(5) == 0 {
            return (None, spy(level, global));
        }
        let wraps = self.roll(2) == 0;
        // The last function calls no other.
        let descends = level + 1 < LEVELS && self.roll(2) == 0;
        let id = history.start(level, wraps, descends);
        (Some(id), install(level, id, wraps, descends, global))
    }
}

fn drop_patch(history: &History, (id, guard): (Option<u64>, Guard)) {
    match id {
        Some(id) => history.end(id, guard),
        None => drop(guard),
    }
}

/// Each round: patches one function globally (one to three layers, taking its turn) or
/// in thread scope, calls every function, and drops the patches in a random order.
fn worker(history: &History, seed: u64, rounds: u32) {
    let mut dice = Dice(seed);
    for _ in 0..rounds {
        let level = dice.level();
        match dice.roll(3) {
            0 => {
                let mut patches: Vec<_> = (0..=dice.roll(3))
                    .map(|_| dice.patch(history, level, true))
                    .collect();
                for level in 0..LEVELS {
                    history.check_call(level, None);
                }
                while !patches.is_empty() {
                    let index = dice.roll(patches.len() as u64) as usize;
                    drop_patch(history, patches.swap_remove(index));
                    history.check_call(dice.level(), None);
                }
            }
            1 => {
                let patch = dice.patch(history, level, false);
                for _ in 0..2 {
                    history.check_call(level, patch.0);
                    history.check_call(dice.level(), None);
                }
                drop_patch(history, patch);
            }
            _ => {
                for _ in 0..4 {
                    history.check_call(dice.level(), None);
                }
            }
        }
    }
}

#[test]
fn threads_patching_functions_whose_replacements_call_each_other_see_only_live_layers() {
    const THREADS: u64 = 6;
    let rounds: u32 = std::env::var("PATCHABLE_STRESS_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(10_000);
    within(300, move || {
        let history = History::new();
        thread::scope(|scope| {
            let workers: Vec<_> = (0..THREADS)
                .map(|n| {
                    let history = &history;
                    scope.spawn(move || worker(history, 0x9E37_79B9_7F4A_7C15 ^ (n + 1), rounds))
                })
                .collect();
            for worker in workers {
                if let Err(panic) = worker.join() {
                    std::panic::resume_unwind(panic);
                }
            }
        });
        for level in 0..LEVELS {
            assert_eq!(call(level, 0).by, ORIGINAL, "everything was dropped");
        }
        let (calls, installs) = (history.checked.load(SeqCst), history.patches.load(SeqCst));
        assert!(calls > 0 && installs > 0);
        eprintln!("call_graph_stress: {calls} calls checked, {installs} patches installed");
    });
}
