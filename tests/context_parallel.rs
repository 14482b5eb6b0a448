//! Sixteen tests at once, each patching one function differently in its context, each
//! with a multi-threaded tokio runtime whose tasks call it: no test ever sees another's
//! value. The tests are threads of one test here, so that sixteen run at the same time
//! whatever `--test-threads` (or `cargo nextest`) says.

use std::sync::{Arc, Barrier};
use std::thread;

use patchable::{Context, patch, patchable};

mod support;

#[patchable]
fn shared_quote(item: &str) -> u32 {
    item.len() as u32
}

const TESTS: u32 = 16;
const ROUNDS: u32 = 100;

fn one_test(value: u32, all_patched: &Barrier) {
    let guard = patch!(shared_quote).in_context().returns(value);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .on_thread_start(Context::current().joiner())
        .build()
        .unwrap();
    all_patched.wait();
    for _ in 0..ROUNDS {
        let seen = runtime.block_on(async {
            let tasks: Vec<_> = (0..4)
                .map(|_| tokio::spawn(async { shared_quote("tea") }))
                .collect();
            let mut seen = Vec::new();
            for task in tasks {
                seen.push(task.await.unwrap());
            }
            seen
        });
        assert_eq!(seen, [value; 4], "test {value} saw another test's patch");
    }
    assert_eq!(guard.calls() as u32, 4 * ROUNDS);
}

#[test]
fn sixteen_tests_patch_one_fn_in_their_contexts_without_cross_talk() {
    support::within(120, || {
        // The tests, and one more that never patches and calls the function meanwhile.
        let all_patched = Arc::new(Barrier::new(TESTS as usize + 1));
        let outsider = {
            let all_patched = Arc::clone(&all_patched);
            thread::spawn(move || {
                all_patched.wait();
                (0..ROUNDS * 10).all(|_| shared_quote("tea") == 3)
            })
        };
        let tests: Vec<_> = (0..TESTS)
            .map(|n| {
                let all_patched = Arc::clone(&all_patched);
                thread::spawn(move || one_test(1000 + n, &all_patched))
            })
            .collect();
        for test in tests {
            test.join().unwrap();
        }
        assert!(
            outsider.join().unwrap(),
            "a test outside every context saw a patch"
        );
        // And no patch is left: a thread of no context sees the original.
        assert_eq!(shared_quote("tea"), 3);
    });
}
