//! Global scope: `patch!(f).global()` is seen by every thread.
//!
//! Tests in this file run in parallel and a global patch is seen by all of them, so
//! each test patches functions of its own.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::Duration;

use patchable::{patch, patchable};
use support::within;

mod support;

fn on_another_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    thread::spawn(f).join().unwrap()
}

#[patchable]
fn seen_by_workers(n: u32) -> u32 {
    n
}

#[test]
fn worker_threads_see_a_global_patch_and_the_original_after_it_drops() {
    let guard = patch!(seen_by_workers).global().returns(7);
    assert_eq!(seen_by_workers(1), 7);
    let from_workers: Vec<u32> = (0..4)
        .map(|n| thread::spawn(move || seen_by_workers(n)))
        .map(|worker| worker.join().unwrap())
        .collect();
    assert_eq!(from_workers, [7, 7, 7, 7]);
    assert_eq!(guard.calls(), 5);
    drop(guard);
    assert_eq!(on_another_thread(|| seen_by_workers(3)), 3);
    assert_eq!(seen_by_workers(3), 3);
}

#[patchable]
fn scoped_twice(n: u32) -> u32 {
    n
}

#[test]
fn on_one_thread_a_thread_scoped_patch_wins_over_a_global_one() {
    let global = patch!(scoped_twice).global().returns(100);
    let local = patch!(scoped_twice).returns(1);
    assert_eq!(scoped_twice(0), 1);
    assert_eq!(on_another_thread(|| scoped_twice(0)), 100);
    drop(local);
    assert_eq!(scoped_twice(0), 100);
    assert_eq!(global.calls(), 2);
}

#[patchable]
fn wrapped(n: u32) -> String {
    format!("n={n}")
}

#[test]
fn global_replacements_wrap_the_layers_below_them_on_every_thread() {
    let _outer = patch!(wrapped)
        .global()
        .with(|n| format!("[{}]", wrapped(n)));
    let _inner = patch!(wrapped)
        .global()
        .with(|n| format!("<{}>", wrapped(n)));
    assert_eq!(wrapped(1), "<[n=1]>");
    assert_eq!(on_another_thread(|| wrapped(2)), "<[n=2]>");
    let _local = patch!(wrapped).with(|n| format!("local {}", wrapped(n)));
    assert_eq!(wrapped(3), "local <[n=3]>");
    assert_eq!(on_another_thread(|| wrapped(4)), "<[n=4]>");
}

#[patchable]
fn recurse(n: u64) -> u64 {
    if n == 0 { 0 } else { 1 + recurse(n - 1) }
}

#[test]
fn a_recursive_original_below_a_global_wrapper_recurses_into_itself() {
    within(10, || {
        let guard = patch!(recurse).global().with(|n| recurse(n) * 1000);
        assert_eq!(recurse(5), 5000);
        assert_eq!(on_another_thread(|| recurse(3)), 3000);
        assert_eq!(guard.calls(), 2);
    });
}

#[patchable]
fn below_thread_layer(n: u32) -> u32 {
    n
}

#[test]
fn a_global_replacement_never_reaches_the_thread_scoped_layer_above_it() {
    within(10, || {
        let _global = patch!(below_thread_layer)
            .global()
            .with(|n| below_thread_layer(n) + 10);
        let local = patch!(below_thread_layer).with(|n| below_thread_layer(n) * 2);
        // local(global(original)): the global layer's call goes below it, not back up.
        assert_eq!(below_thread_layer(1), 22);
        drop(local);
        // A thread-scoped spy passes calls on to the global layer; the global layer's own
        // call does not come back up through the spy.
        let spy = patch!(below_thread_layer).spy();
        assert_eq!(below_thread_layer(1), 11);
        assert_eq!(spy.calls(), 1);
    });
}

#[patchable]
fn counter_step() -> u64 {
    0
}

#[test]
fn an_fn_mut_global_replacement_is_entered_by_one_thread_at_a_time() {
    const THREADS: u64 = 8;
    const CALLS: u64 = 500;
    within(30, || {
        let mut count = 0u64;
        let guard = patch!(counter_step).global().with(move || {
            // A read-modify-write with a pause in the middle: lost updates show if two
            // threads were ever inside at once.
            let seen = count;
            thread::yield_now();
            count = seen + 1;
            count
        });
        thread::scope(|scope| {
            for _ in 0..THREADS {
                scope.spawn(|| {
                    for _ in 0..CALLS {
                        counter_step();
                    }
                });
            }
        });
        assert_eq!(counter_step(), THREADS * CALLS + 1);
        assert_eq!(guard.calls() as u64, THREADS * CALLS + 1);
    });
}

#[patchable]
fn taking_turns() -> &'static str {
    "original"
}

#[test]
fn a_global_patch_from_another_thread_waits_until_the_first_guard_drops() {
    within(20, || {
        let first = patch!(taking_turns).global().returns("first");
        let second_installed = Arc::new(AtomicBool::new(false));
        let (started, has_started) = mpsc::channel();
        let second = thread::spawn({
            let second_installed = Arc::clone(&second_installed);
            move || {
                started.send(()).unwrap();
                let guard = patch!(taking_turns).global().returns("second");
                second_installed.store(true, SeqCst);
                assert_eq!(taking_turns(), "second");
                drop(guard);
            }
        });
        has_started.recv().unwrap();
        thread::sleep(Duration::from_millis(200));
        assert!(
            !second_installed.load(SeqCst),
            "the second patch did not wait"
        );
        assert_eq!(taking_turns(), "first");
        drop(first);
        second.join().unwrap();
        assert!(second_installed.load(SeqCst));
        assert_eq!(taking_turns(), "original");
    });
}

#[patchable]
fn first_of_two() -> u32 {
    1
}

#[patchable]
fn second_of_two() -> u32 {
    2
}

#[patchable]
fn parse<T: std::str::FromStr>(s: &str) -> Option<T> {
    s.parse().ok()
}

#[test]
fn global_patches_of_different_functions_and_instantiations_do_not_wait() {
    within(10, || {
        let _first = patch!(first_of_two).global().returns(10);
        let _u32 = patch!(parse::<u32>).global().returns(Some(5));
        let (second, parsed) = on_another_thread(|| {
            let _second = patch!(second_of_two).global().returns(20);
            let _i64 = patch!(parse::<i64>).global().returns(Some(-5));
            (second_of_two() + first_of_two(), parse::<i64>("1"))
        });
        assert_eq!(second, 30);
        assert_eq!(parsed, Some(-5));
        assert_eq!(parse::<u32>("1"), Some(5));
        assert_eq!(parse::<i64>("1"), Some(1));
    });
}

#[patchable]
fn nested(n: u32) -> u32 {
    n
}

#[test]
fn global_patches_of_one_function_nest_on_one_thread() {
    within(10, || {
        let a = patch!(nested).global().returns(1);
        let b = patch!(nested).global().returns(2);
        let c = patch!(nested).global().spy();
        assert_eq!(on_another_thread(|| nested(0)), 2);
        drop(b);
        assert_eq!(on_another_thread(|| nested(0)), 1);
        assert_eq!(c.calls(), 2);
        drop(a);
        assert_eq!(on_another_thread(|| nested(0)), 0);
        drop(c);
        assert_eq!(nested(0), 0);
    });
}

#[patchable]
fn panicky() -> u32 {
    0
}

#[test]
fn a_test_that_panics_holding_a_global_patch_lets_the_next_one_in() {
    within(10, || {
        let failed = on_another_thread(|| {
            catch_unwind(|| {
                let _guard = patch!(panicky).global().returns(1);
                assert_eq!(panicky(), 1);
                panic!("the test failed");
            })
            .is_err()
        });
        assert!(failed);
        assert_eq!(panicky(), 0);
        let _next = patch!(panicky).global().returns(2);
        assert_eq!(on_another_thread(panicky), 2);
    });
}

#[patchable]
fn panics_inside(n: u32) -> u32 {
    n
}

#[test]
fn a_panicking_global_replacement_leaves_it_usable_on_every_thread() {
    within(10, || {
        let guard = patch!(panics_inside).global().with(|n| {
            assert_ne!(n, 13, "unlucky");
            n + 1
        });
        let result = on_another_thread(|| catch_unwind(|| panics_inside(13)).is_err());
        assert!(result);
        assert_eq!(panics_inside(1), 2);
        assert_eq!(on_another_thread(|| panics_inside(2)), 3);
        assert_eq!(guard.calls(), 3);
        // The panic on the other thread, caught there, still fails the test.
        let message = support::panic_message(move || drop(guard));
        assert!(
            message.ends_with(": unlucky\n  left: 13\n right: 13"),
            "{message}"
        );
    });
}

#[patchable]
fn expected_calls() -> u32 {
    0
}

#[test]
fn times_counts_calls_from_every_thread() {
    let guard = patch!(expected_calls).times(3).global().returns(1);
    expected_calls();
    on_another_thread(expected_calls);
    on_another_thread(expected_calls);
    drop(guard);

    let result = catch_unwind(AssertUnwindSafe(|| {
        let _guard = patch!(expected_calls).global().times(2).returns(1);
        on_another_thread(expected_calls);
    }));
    let message = *result.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.contains("`global_scope::expected_calls` was expected to be called 2 times"),
        "{message}"
    );
}

#[patchable]
fn spied(n: u32) -> u32 {
    n * 2
}

#[test]
fn a_global_spy_counts_calls_from_every_thread() {
    let spy = patch!(spied).global().spy();
    let sum: u32 = (1..=3)
        .map(|n| thread::spawn(move || spied(n)))
        .map(|worker| worker.join().unwrap())
        .sum();
    assert_eq!(sum, 12);
    assert_eq!(spy.calls(), 3);
}

#[patchable]
fn leaked() -> u32 {
    0
}

#[test]
fn a_thread_that_ends_with_a_leaked_global_guard_gives_back_its_turn() {
    within(10, || {
        on_another_thread(|| std::mem::forget(patch!(leaked).global().returns(1)));
        // The leaked patch stays installed, but this thread may patch over it.
        assert_eq!(leaked(), 1);
        let guard = patch!(leaked).global().returns(2);
        assert_eq!(on_another_thread(leaked), 2);
        drop(guard);
        assert_eq!(leaked(), 1);
    });
}

#[patchable]
fn dropped_while_running(n: u32) -> u32 {
    n
}

#[test]
fn a_global_guard_dropped_while_a_worker_runs_its_replacement_lets_the_call_finish() {
    use std::sync::Mutex;
    within(10, || {
        let (entered, has_entered) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let released = Mutex::new(released);
        let guard = patch!(dropped_while_running).global().with(move |n| {
            entered.send(()).unwrap();
            released.lock().unwrap().recv().unwrap();
            n + 100
        });
        let worker = thread::spawn(|| dropped_while_running(1));
        has_entered.recv().unwrap();
        drop(guard);
        assert_eq!(
            dropped_while_running(1),
            1,
            "new calls see the original at once"
        );
        release.send(()).unwrap();
        assert_eq!(worker.join().unwrap(), 101, "the call in flight finishes");
    });
}

#[patchable]
fn coming_and_going(n: u32) -> u32 {
    n
}

#[test]
fn many_threads_calling_while_the_patch_comes_and_goes_see_one_of_the_two() {
    const THREADS: usize = 4;
    within(30, || {
        let stop = Arc::new(AtomicBool::new(false));
        let calls = Arc::new(AtomicUsize::new(0));
        let barrier = Arc::new(Barrier::new(THREADS + 1));
        let callers: Vec<_> = (0..THREADS)
            .map(|_| {
                let (stop, calls, barrier) = (stop.clone(), calls.clone(), barrier.clone());
                thread::spawn(move || {
                    barrier.wait();
                    while !stop.load(SeqCst) {
                        let seen = coming_and_going(1);
                        assert!(seen == 1 || seen == 1000, "saw {seen}");
                        calls.fetch_add(1, SeqCst);
                    }
                })
            })
            .collect();
        barrier.wait();
        for _ in 0..200 {
            let guard = patch!(coming_and_going).global().with(|n| n * 1000);
            thread::yield_now();
            drop(guard);
        }
        stop.store(true, SeqCst);
        for caller in callers {
            caller.join().unwrap();
        }
        assert!(calls.load(SeqCst) > 0);
    });
}

#[patchable]
fn first_here() -> u32 {
    0
}

#[patchable]
fn first_there() -> u32 {
    0
}

#[test]
fn patching_two_functions_globally_in_opposite_orders_panics_instead_of_deadlocking() {
    within(20, || {
        let barrier = Arc::new(Barrier::new(2));
        let patch_both = |here_first: bool| {
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                let here = || patch!(first_here).global().returns(1);
                let there = || patch!(first_there).global().returns(1);
                let _first = if here_first { here() } else { there() };
                barrier.wait();
                let _second = if here_first { there() } else { here() };
            })
        };
        let ended = [patch_both(true), patch_both(false)].map(|thread| thread.join());
        let panics: Vec<String> = ended
            .into_iter()
            .filter_map(Result::err)
            .map(|panic| *panic.downcast::<String>().unwrap())
            .collect();
        assert_eq!(panics.len(), 1, "one of the two gives up: {panics:?}");
        assert!(
            panics[0].contains("globally would deadlock")
                && panics[0].contains("must patch them in the same order"),
            "{}",
            panics[0]
        );
        assert_eq!(first_here() + first_there(), 0);
    });
}

#[patchable]
fn drop_here() -> u32 {
    0
}

#[patchable]
fn drop_there() -> u32 {
    0
}

/// Counts its drops: what a replacement captures.
struct CountsDrops(Arc<AtomicUsize>);

impl Drop for CountsDrops {
    fn drop(&mut self) {
        self.0.fetch_add(1, SeqCst);
    }
}

#[test]
fn the_replacement_refused_for_a_turn_deadlock_is_dropped() {
    within(20, || {
        let barrier = Arc::new(Barrier::new(2));
        let dropped = Arc::new(AtomicUsize::new(0));
        let patch_both = |here_first: bool| {
            let (barrier, dropped) = (Arc::clone(&barrier), Arc::clone(&dropped));
            thread::spawn(move || {
                let here = || {
                    let capture = CountsDrops(Arc::clone(&dropped));
                    patch!(drop_here).global().with(move || {
                        let _ = &capture;
                        1
                    })
                };
                let there = || {
                    let capture = CountsDrops(Arc::clone(&dropped));
                    patch!(drop_there).global().with(move || {
                        let _ = &capture;
                        1
                    })
                };
                let _first = if here_first { here() } else { there() };
                barrier.wait();
                let _second = if here_first { there() } else { here() };
            })
        };
        let ended = [patch_both(true), patch_both(false)].map(|thread| thread.join());
        assert_eq!(ended.iter().filter(|ended| ended.is_err()).count(), 1);
        // Four replacements were made: three installed and dropped with their guards,
        // and the one refused, dropped by the panic that refused it.
        assert_eq!(dropped.load(SeqCst), 4);
        assert_eq!(drop_here() + drop_there(), 0);
    });
}

#[patchable]
fn ping() -> u32 {
    0
}

#[patchable]
fn pong() -> u32 {
    0
}

#[test]
fn global_replacements_calling_each_other_from_two_threads_panic_instead_of_deadlocking() {
    within(20, || {
        let barrier = Arc::new(Barrier::new(2));
        // Each replacement, the first time it runs, waits until the other one runs too,
        // then calls the other's function: each thread is inside one replacement and
        // waits to enter the other.
        let calls_the_other = |other: fn() -> u32| {
            let barrier = Arc::clone(&barrier);
            let first = AtomicBool::new(true);
            move || match first.swap(false, SeqCst) {
                true => {
                    barrier.wait();
                    other() + 1
                }
                false => 10,
            }
        };
        let ping_guard = patch!(ping).global().with(calls_the_other(pong));
        let pong_guard = patch!(pong).global().with(calls_the_other(ping));
        let call = |name: &str, function: fn() -> u32| {
            thread::Builder::new()
                .name(name.into())
                .spawn(function)
                .unwrap()
        };
        let ended = [call("pinger", ping), call("ponger", pong)].map(|thread| thread.join());
        let (panics, answers): (Vec<_>, Vec<_>) = ended.into_iter().partition(Result::is_err);
        let panics: Vec<String> = panics
            .into_iter()
            .map(|panic| *panic.unwrap_err().downcast::<String>().unwrap())
            .collect();
        assert_eq!(panics.len(), 1, "one of the two gives up: {panics:?}");
        // The other one enters the replacement the panicking thread left.
        assert_eq!(answers[0].as_ref().ok(), Some(&11));
        let message = &panics[0];
        assert!(message.contains("would deadlock"), "{message}");
        for name in [
            "global_scope::ping",
            "global_scope::pong",
            "pinger",
            "ponger",
        ] {
            assert!(message.contains(&format!("`{name}`")), "{name}: {message}");
        }
        // The panic passed through the other function's replacement on a thread that is
        // not the test's: its guard fails the test.
        let dropped = support::panic_message(move || drop((ping_guard, pong_guard)));
        assert!(
            dropped.contains("panicked on another thread than the test's"),
            "{dropped}"
        );
        assert!(dropped.contains("would deadlock"), "{dropped}");
    });
}

pub struct Till {
    cents: u32,
}

#[patchable]
impl Till {
    pub fn add(&mut self, cents: u32) -> u32 {
        self.cents += cents;
        self.cents
    }
}

pub struct Bag<T>(Vec<T>);

#[patchable]
impl<T: Clone> Bag<T> {
    pub fn first(&self) -> Option<T> {
        self.0.first().cloned()
    }
}

#[patchable]
impl std::fmt::Display for Till {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} cents", self.cents)
    }
}

#[test]
fn methods_trait_impls_and_generic_impls_patch_globally() {
    let add = patch!(Till::add).global().with(|till, cents| {
        till.cents += 2 * cents;
        till.cents
    });
    let fmt = patch!(<Till as std::fmt::Display>::fmt)
        .global()
        .with(|till, f| write!(f, "{}¢", till.cents));
    let first = patch!(Bag::<u8>::first).global().returns(Some(9));
    let (added, shown, bytes, words) = on_another_thread(|| {
        let mut till = Till { cents: 1 };
        let added = till.add(5);
        let bytes = Bag(vec![1u8]).first();
        let words = Bag(vec!["a"]).first();
        (added, till.to_string(), bytes, words)
    });
    assert_eq!((added, shown.as_str()), (11, "11¢"));
    // Another instantiation of the generic impl is left alone.
    assert_eq!((bytes, words), (Some(9), Some("a")));
    assert_eq!((add.calls(), fmt.calls(), first.calls()), (1, 1, 1));
}

#[test]
fn an_unmet_expectation_of_a_global_method_patch_names_the_method() {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let _guard = patch!(Bag::<u16>::first).global().times(1).returns(None);
    }));
    let message = *result.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.contains("`global_scope::Bag<u16>::first` was expected to be called once"),
        "{message}"
    );
}
