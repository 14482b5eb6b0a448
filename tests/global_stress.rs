//! Races between threads that install and drop global and thread-scoped patches of two
//! functions and threads that call them.
//!
//! Every replacement answers with the chain of layers the call went through, so each
//! call can be checked: every layer in the chain was live at some point during the
//! call, belongs to the function called, appears once (a replacement never reaches
//! itself), and, on a thread with a thread-scoped patch of its own, that patch comes
//! first. A replacement also checks the data it captured (a freed closure would not
//! hold it any more) and that no other thread is inside it. A watchdog turns a deadlock
//! into a failure. Sizes are small enough for CI: about a second in a debug build;
//! `PATCHABLE_STRESS_ROUNDS` changes the rounds per patcher.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::thread;

use patchable::{Guard, patch, patchable};
use support::within;

mod support;

/// The chain the original answers with.
const ORIGINAL: u64 = u64::MAX;

#[patchable]
fn alpha(_n: u64) -> Vec<u64> {
    vec![ORIGINAL]
}

#[patchable]
fn beta(_n: u64) -> Vec<u64> {
    vec![ORIGINAL]
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Function {
    Alpha,
    Beta,
}

impl Function {
    fn call(self, n: u64) -> Vec<u64> {
        match self {
            Function::Alpha => alpha(n),
            Function::Beta => beta(n),
        }
    }
}

const MAX_PATCHES: usize = 60_000;

/// A logical clock, and when each patch was installed and dropped by it.
struct History {
    clock: AtomicU64,
    patches: AtomicUsize,
    installed: Vec<AtomicU64>,
    dropped: Vec<AtomicU64>,
    function: Vec<AtomicU64>,
}

impl History {
    fn new() -> Self {
        let column = || (0..MAX_PATCHES).map(|_| AtomicU64::new(0)).collect();
        History {
            clock: AtomicU64::new(1),
            patches: AtomicUsize::new(0),
            installed: column(),
            dropped: column(),
            function: column(),
        }
    }

    fn tick(&self) -> u64 {
        self.clock.fetch_add(1, SeqCst)
    }

    /// Starts a patch of `function`: an id, marked installed from now on.
    fn start(&self, function: Function) -> u64 {
        let id = self.patches.fetch_add(1, SeqCst);
        assert!(id < MAX_PATCHES, "raise MAX_PATCHES");
        self.function[id].store(function as u64, SeqCst);
        self.installed[id].store(self.tick(), SeqCst);
        id as u64
    }

    /// Marks `id` dropped, after its guard dropped.
    fn end(&self, id: u64, guard: Guard) {
        drop(guard);
        self.dropped[id as usize].store(self.tick(), SeqCst);
    }

    /// Calls `function` and checks the chain it answers with.
    fn check_call(&self, function: Function, own: Option<u64>) -> Vec<u64> {
        let start = self.tick();
        let chain = function.call(start);
        let end = self.tick();
        assert!(!chain.is_empty());
        if let Some(own) = own {
            assert_eq!(
                chain[0], own,
                "this thread's own patch comes first: {chain:?}"
            );
        }
        for (position, &id) in chain.iter().enumerate() {
            if id == ORIGINAL {
                assert_eq!(
                    position,
                    chain.len() - 1,
                    "the original answers last: {chain:?}"
                );
                continue;
            }
            let index = id as usize;
            assert!(index < MAX_PATCHES, "not a patch: {id} in {chain:?}");
            assert_eq!(
                self.function[index].load(SeqCst),
                function as u64,
                "patch {id} of another function answered: {chain:?}"
            );
            let installed = self.installed[index].load(SeqCst);
            assert!(
                installed != 0 && installed < end,
                "{id} was not installed yet"
            );
            let dropped = self.dropped[index].load(SeqCst);
            assert!(
                dropped == 0 || dropped > start,
                "{id} answered a call that started after its guard dropped"
            );
            assert!(
                !chain[..position].contains(&id),
                "{id} reached itself: {chain:?}"
            );
        }
        chain
    }
}

/// What a replacement captures: its id, many times over, and whether a thread is inside.
struct Witness {
    copies: Box<[u64; 16]>,
    inside: AtomicBool,
}

impl Witness {
    fn new(id: u64) -> Self {
        Witness {
            copies: Box::new([id; 16]),
            inside: AtomicBool::new(false),
        }
    }

    /// Runs `answer` as patch `id`, checking the capture is intact and not shared.
    fn answer(&self, id: u64, answer: impl FnOnce() -> Vec<u64>) -> Vec<u64> {
        assert!(
            self.copies.iter().all(|&copy| copy == id),
            "capture of {id} corrupted"
        );
        assert!(
            !self.inside.swap(true, SeqCst),
            "two threads inside patch {id}"
        );
        let chain = answer();
        self.inside.store(false, SeqCst);
        chain
    }
}

/// A replacement for patch `id` of `function`: answers alone, or wraps the next layer.
fn replacement(
    id: u64,
    function: Function,
    wraps: bool,
) -> impl FnMut(u64) -> Vec<u64> + Send + 'static {
    let witness = Witness::new(id);
    move |n| {
        witness.answer(id, || match wraps {
            true => [vec![id], function.call(n)].concat(),
            false => vec![id],
        })
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

    fn function(&mut self) -> Function {
        match self.roll(2) {
            0 => Function::Alpha,
            _ => Function::Beta,
        }
    }
}

fn install(function: Function, id: u64, wraps: bool, global: bool) -> Guard {
    let replacement = replacement(id, function, wraps);
    match (function, global) {
        (Function::Alpha, true) => patch!(alpha).global().with(replacement),
        (Function::Beta, true) => patch!(beta).global().with(replacement),
        (Function::Alpha, false) => patch!(alpha).with(replacement),
        (Function::Beta, false) => patch!(beta).with(replacement),
    }
}

fn spy(function: Function) -> Guard {
    match function {
        Function::Alpha => patch!(alpha).global().spy(),
        Function::Beta => patch!(beta).global().spy(),
    }
}

/// Installs one to three global patches of a function (sometimes a spy among them),
/// calls it, and drops them in a random order.
fn global_patcher(history: &History, seed: u64, rounds: u32) {
    let mut dice = Dice(seed);
    for _ in 0..rounds {
        let function = dice.function();
        let mut guards = Vec::new();
        for _ in 0..=dice.roll(3) {
            if dice.roll(4) == 0 {
                guards.push((None, spy(function)));
                continue;
            }
            let id = history.start(function);
            let guard = install(function, id, dice.roll(2) == 0, true);
            guards.push((Some(id), guard));
            // This thread holds the function's turn, so its newest patch answers first.
            let chain = history.check_call(function, None);
            assert_eq!(chain[0], id, "the newest global patch answers: {chain:?}");
        }
        while !guards.is_empty() {
            let (id, guard) = guards.swap_remove(dice.roll(guards.len() as u64) as usize);
            match id {
                Some(id) => history.end(id, guard),
                None => drop(guard),
            }
            history.check_call(function, None);
        }
    }
}

/// Installs thread-scoped patches and checks they win on this thread.
fn thread_patcher(history: &History, seed: u64, rounds: u32) {
    let mut dice = Dice(seed);
    for _ in 0..rounds {
        let function = dice.function();
        let id = history.start(function);
        let guard = install(function, id, dice.roll(2) == 0, false);
        for _ in 0..3 {
            history.check_call(function, Some(id));
            history.check_call(function.other(), None);
        }
        history.end(id, guard);
    }
}

impl Function {
    fn other(self) -> Function {
        match self {
            Function::Alpha => Function::Beta,
            Function::Beta => Function::Alpha,
        }
    }
}

/// Calls both functions until told to stop.
fn caller(history: &History, seed: u64, stop: &AtomicBool) -> usize {
    let mut dice = Dice(seed);
    let mut calls = 0;
    while !stop.load(SeqCst) {
        history.check_call(dice.function(), None);
        calls += 1;
    }
    calls
}

/// Stops the callers when a patcher ends, also by panicking.
struct StopOnExit<'a>(&'a AtomicBool);

impl Drop for StopOnExit<'_> {
    fn drop(&mut self) {
        if thread::panicking() {
            self.0.store(true, SeqCst);
        }
    }
}

#[test]
fn patchers_and_callers_racing_only_ever_see_live_layers() {
    const GLOBAL_PATCHERS: u64 = 3;
    const THREAD_PATCHERS: u64 = 2;
    const CALLERS: u64 = 3;
    // `PATCHABLE_STRESS_ROUNDS`: smaller for the runs under valgrind (benches/sanitizers.sh).
    let rounds: u32 = std::env::var("PATCHABLE_STRESS_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(4000);
    within(300, move || {
        let history = History::new();
        let stop = AtomicBool::new(false);
        let calls = AtomicUsize::new(0);
        thread::scope(|scope| {
            let patchers: Vec<_> = (0..GLOBAL_PATCHERS + THREAD_PATCHERS)
                .map(|n| {
                    let (history, stop) = (&history, &stop);
                    scope.spawn(move || {
                        let _stop = StopOnExit(stop);
                        let seed = 0x9E37_79B9_7F4A_7C15 ^ (n + 1);
                        match n < GLOBAL_PATCHERS {
                            true => global_patcher(history, seed, rounds),
                            false => thread_patcher(history, seed, rounds),
                        }
                    })
                })
                .collect();
            for n in 0..CALLERS {
                let (history, stop, calls) = (&history, &stop, &calls);
                scope.spawn(move || {
                    let seed = 0xD1B5_4A32_D192_ED03 ^ (n + 1);
                    calls.fetch_add(caller(history, seed, stop), SeqCst);
                });
            }
            let ended: Vec<_> = patchers.into_iter().map(|patcher| patcher.join()).collect();
            stop.store(true, SeqCst);
            if let Some(panic) = ended.into_iter().find_map(Result::err) {
                std::panic::resume_unwind(panic);
            }
        });
        assert!(calls.load(SeqCst) > 0);
        eprintln!(
            "global_stress: {} calls checked, {} patches installed",
            calls.load(SeqCst),
            history.patches.load(SeqCst)
        );
        // Everything was dropped: both functions are the originals again.
        assert_eq!(alpha(0), [ORIGINAL]);
        assert_eq!(beta(0), [ORIGINAL]);
    });
}
