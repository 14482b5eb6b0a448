//! Test contexts: `.in_context()` patches follow the test's own threads and tasks, and no
//! one else's; panics of replacements on other threads come home; `.real()` shields a
//! test from other tests' global patches.

use std::sync::{Arc, Barrier};
use std::thread;

use patchable::{Context, patch, patchable};

mod support;

use support::{panic_message, within};

#[patchable]
fn region() -> String {
    "eu".into()
}

#[patchable]
fn price(item: &str) -> u32 {
    item.len() as u32
}

/// Patched by `two_tests_patch_one_fn_in_their_contexts_side_by_side_*` alone.
#[patchable]
fn rate(currency: &str) -> f64 {
    currency.len() as f64
}

/// A test thread that patches `rate` in its own context while `both` other test thread
/// does too: with turns, as global patches take, the second would wait for the first,
/// which waits for it at the barrier.
fn patches_rate_in_its_context(value: f64, both: &Barrier) {
    let guard = patch!(rate).in_context().returns(value);
    both.wait(); // both patches are live now
    let cx = Context::current();
    let workers: Vec<_> = (0..3)
        .map(|_| thread::spawn(cx.wrap(|| rate("EUR"))))
        .collect();
    for worker in workers {
        assert_eq!(worker.join().unwrap(), value);
    }
    assert_eq!(rate("EUR"), value);
    // A thread in neither context sees the original.
    assert_eq!(thread::spawn(|| rate("EUR")).join().unwrap(), 3.0);
    both.wait(); // neither saw the other's
    assert_eq!(guard.calls(), 4);
}

#[test]
fn two_tests_patch_one_fn_in_their_contexts_side_by_side() {
    // Two threads stand for two tests (a thread that patches in context scope gets a
    // context of its own), so that they overlap under `cargo nextest` too.
    within(60, || {
        let both = Arc::new(Barrier::new(2));
        let tests: Vec<_> = [1.5, 2.5]
            .into_iter()
            .map(|value| {
                let both = Arc::clone(&both);
                thread::spawn(move || patches_rate_in_its_context(value, &both))
            })
            .collect();
        for test in tests {
            test.join().unwrap();
        }
    });
}

#[test]
fn threads_join_by_wrap_enter_and_scope() {
    let _region = patch!(region).in_context().returns("test".into());
    let cx = Context::current();
    assert_eq!(thread::spawn(cx.wrap(region)).join().unwrap(), "test");
    thread::scope(|scope| {
        scope.spawn(|| {
            assert_eq!(region(), "eu");
            {
                let _in = cx.enter();
                assert_eq!(region(), "test");
            }
            assert_eq!(region(), "eu");
        });
    });
}

#[test]
fn a_thread_scoped_patch_wins_over_the_context_and_wraps_it() {
    let _context = patch!(price).in_context().with(|item| price(item) * 10);
    let _thread = patch!(price).with(|item| price(item) + 1);
    assert_eq!(price("tea"), 31);
    let cx = Context::current();
    assert_eq!(thread::spawn(cx.wrap(|| price("tea"))).join().unwrap(), 30);
}

#[test]
fn the_workers_of_a_runtime_made_for_the_test_are_in_its_context() {
    let guard = patch!(region).in_context().returns("tokio".into());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .on_thread_start(Context::current().joiner())
        .build()
        .unwrap();
    let regions = runtime.block_on(async {
        let tasks: Vec<_> = (0..4).map(|_| tokio::spawn(async { region() })).collect();
        let mut regions = Vec::new();
        for task in tasks {
            regions.push(task.await.unwrap());
        }
        regions
    });
    assert_eq!(regions, ["tokio"; 4]);
    assert_eq!(guard.calls(), 4);
}

#[test]
fn a_bound_future_is_in_the_context_on_a_runtime_the_test_does_not_own() {
    static SHARED: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    let shared = SHARED.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    });
    let _region = patch!(region).in_context().returns("bound".into());
    let cx = Context::current();
    let bound = shared.spawn(cx.bind(async {
        tokio::task::yield_now().await;
        region()
    }));
    let unbound = shared.spawn(async { region() });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    assert_eq!(runtime.block_on(bound).unwrap(), "bound");
    assert_eq!(runtime.block_on(unbound).unwrap(), "eu");
}

#[test]
fn a_replacement_that_panics_on_a_worker_fails_the_test_at_drop() {
    let message = panic_message(|| {
        let guard = patch!(price)
            .in_context()
            .with(|item| panic!("no price for {item}"));
        let cx = Context::current();
        let worker = thread::Builder::new()
            .name("pricer".into())
            .spawn(cx.wrap(|| price("tea")))
            .unwrap();
        assert!(worker.join().is_err()); // the code under test swallows it
        let mismatch = guard.verify().unwrap_err().to_string();
        assert!(
            mismatch.contains("on thread `pricer`: no price for tea"),
            "{mismatch}"
        );
    });
    assert_eq!(
        message,
        "the replacement of `context_scope::price` panicked on another thread than the \
         test's:\n  on thread `pricer`: no price for tea"
    );
}

/// Patched globally by one test alone: every thread sees a global patch.
#[patchable]
fn zone() -> String {
    "utc".into()
}

#[test]
fn a_global_replacement_that_panics_on_another_thread_fails_the_test_too() {
    let message = panic_message(|| {
        let _guard = patch!(zone).global().with(|| panic!("region unknown"));
        let worker = thread::spawn(zone);
        assert!(worker.join().is_err());
    });
    assert!(
        message.contains("`context_scope::zone` panicked on another thread"),
        "{message}"
    );
    assert!(message.ends_with(": region unknown"), "{message}");
}

#[test]
fn a_panic_on_the_test_s_own_thread_goes_its_way() {
    let guard = patch!(price).in_context().with(|_| panic!("here"));
    assert_eq!(
        panic_message(|| {
            price("tea");
        }),
        "here"
    );
    assert!(guard.verify().is_ok());
}

#[test]
fn counts_and_expectations_cover_every_thread_of_the_context() {
    let guard = patch!(price).in_context().times(4).spy();
    let cx = Context::current();
    let start = Arc::new(Barrier::new(4));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let start = Arc::clone(&start);
            thread::spawn(cx.wrap(move || {
                start.wait();
                price("jam")
            }))
        })
        .collect();
    for worker in workers {
        assert_eq!(worker.join().unwrap(), 3);
    }
    assert_eq!(guard.verify(), Ok(()));
}

/// Patched globally by `real_shields_a_test_from_global_patches` alone.
#[patchable]
fn shielded(n: u32) -> u32 {
    n
}

#[test]
fn real_shields_a_test_from_global_patches() {
    within(60, || {
        let (patched, patched_rx) = std::sync::mpsc::channel();
        let (done, done_rx) = std::sync::mpsc::channel::<()>();
        // Another "test" holds a global patch of `shielded` on its own thread.
        let other = thread::spawn(move || {
            let _global = patch!(shielded).global().returns(0);
            patched.send(()).unwrap();
            done_rx.recv().unwrap();
        });
        patched_rx.recv().unwrap();
        assert_eq!(shielded(7), 0);
        {
            let real = patch!(shielded).real();
            assert_eq!(shielded(7), 7);
            // A newer patch of this thread applies, and reaches the original below it.
            let _double = patch!(shielded).with(|n| shielded(n) * 2);
            assert_eq!(shielded(7), 14);
            assert_eq!(real.calls(), 2);
            // Another thread still sees the global patch.
            assert_eq!(thread::spawn(|| shielded(7)).join().unwrap(), 0);
        }
        assert_eq!(shielded(7), 0);
        done.send(()).unwrap();
        other.join().unwrap();
    });
}
