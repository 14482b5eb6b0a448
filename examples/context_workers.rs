//! Patches that follow a test's own threads and tasks: a price service that fans out
//! over a multi-threaded tokio runtime, tested with `.in_context()` — its workers see the
//! patch, other tests' threads do not, and a worker's panic fails the test.
//!
//! Run with `cargo run --example context_workers`; its tests with
//! `cargo test --example context_workers`.

use patchable::{Context, patch, patchable};

/// The remote call each task makes.
#[patchable]
fn quote(item: &str) -> Result<u32, String> {
    Err(format!("no warehouse in the example: {item}"))
}

/// The code under test: one task per item, on the runtime's workers.
async fn total(items: &[&str]) -> Result<u32, String> {
    let tasks: Vec<_> = items
        .iter()
        .map(|item| item.to_string())
        .map(|item| tokio::spawn(async move { quote(&item) }))
        .collect();
    let mut sum = 0;
    for task in tasks {
        sum += task.await.map_err(|error| error.to_string())??;
    }
    Ok(sum)
}

/// A runtime whose workers run in the calling test's context.
fn runtime_for_this_test() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .on_thread_start(Context::current().joiner())
        .build()
        .expect("a runtime")
}

fn main() {
    let quotes = patch!(quote)
        .in_context()
        .with(|item| Ok(item.len() as u32 * 100));
    let runtime = runtime_for_this_test();
    let sum = runtime.block_on(total(&["tea", "mug", "kettle"]));
    println!(
        "total: {sum:?}, from {} quotes on the workers",
        quotes.calls()
    );
    assert_eq!(sum, Ok(1200));

    // A thread outside the context — another test's, say — sees the original.
    let outside = std::thread::spawn(|| quote("tea"))
        .join()
        .expect("the thread");
    println!("outside the context: {outside:?}");
    assert!(outside.is_err());
}

#[cfg(test)]
mod tests {
    use super::*;

    // Two tests patch `quote` differently at the same time; each one's workers see its own.
    #[test]
    fn cheap_prices() {
        let _cheap = patch!(quote).in_context().returns(Ok(1));
        assert_eq!(runtime_for_this_test().block_on(total(&["a", "b"])), Ok(2));
    }

    #[test]
    fn dear_prices() {
        let _dear = patch!(quote).in_context().returns(Ok(1000));
        assert_eq!(
            runtime_for_this_test().block_on(total(&["a", "b"])),
            Ok(2000)
        );
    }

    #[test]
    fn a_panic_on_a_worker_fails_the_test() {
        let failed = std::panic::catch_unwind(|| {
            let _broken = patch!(quote)
                .in_context()
                .with(|item| panic!("no price for {item}"));
            // The runtime catches the worker's panic: `total` sees a failed task ...
            assert!(runtime_for_this_test().block_on(total(&["tea"])).is_err());
            // ... and the guard, dropping here, fails the test with it.
        });
        let message = *failed
            .expect_err("the guard panics")
            .downcast::<String>()
            .unwrap();
        assert!(message.contains("no price for tea"), "{message}");
    }
}
