//! A service that spawns a task per order on a multi-threaded tokio runtime. The tasks
//! run on the runtime's worker threads, so only a global patch reaches them.
//!
//! Run with `cargo run --example tokio_service`.

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use patchable::patch;

mod inventory {
    use patchable::patchable;

    /// Reserves `quantity` of `sku` at the warehouse; returns the reservation number.
    /// The warehouse is unreachable here, as it would be in a test.
    #[patchable]
    pub fn reserve(sku: &str, quantity: u32) -> Result<u64, String> {
        Err(format!(
            "warehouse unreachable, cannot reserve {quantity} × {sku}"
        ))
    }
}

/// The code under test: reserves every line of an order concurrently, one task each.
async fn place_order(lines: &[(&'static str, u32)]) -> Vec<String> {
    let tasks: Vec<_> = lines
        .iter()
        .map(|&(sku, quantity)| {
            tokio::spawn(async move {
                let worker = std::thread::current().name().unwrap_or("?").to_owned();
                match inventory::reserve(sku, quantity) {
                    Ok(number) => format!("{sku}: reservation #{number} (on {worker})"),
                    Err(error) => format!("{sku}: failed: {error}"),
                }
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(
            task.await
                .unwrap_or_else(|error| format!("task failed: {error}")),
        );
    }
    outcomes
}

fn print(title: &str, outcomes: &[String]) {
    println!("{title}");
    for outcome in outcomes {
        println!("    {outcome}");
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .thread_name_fn(|| {
            static WORKERS: AtomicUsize = AtomicUsize::new(0);
            format!("worker-{}", WORKERS.fetch_add(1, Relaxed) + 1)
        })
        .build()
        .expect("a tokio runtime");
    let order = [("kettle", 1), ("mug", 4), ("tea", 2)];

    print("unpatched:", &runtime.block_on(place_order(&order)));

    // A thread-scoped patch is seen by this thread only: the workers never see it.
    let local = patch!(inventory::reserve).returns(Ok(1));
    print(
        "thread-scoped patch (workers do not see it):",
        &runtime.block_on(place_order(&order)),
    );
    drop(local);

    // A global patch is seen by every thread, the runtime's workers included. Its
    // replacement must be `Send`; this one keeps a counter, entered by one thread at a time.
    let mut next_number = 1000;
    let global = patch!(inventory::reserve)
        .global()
        .with(move |_sku, quantity| {
            next_number += u64::from(quantity);
            Ok(next_number)
        });
    print("global patch:", &runtime.block_on(place_order(&order)));
    println!("the global patch answered {} calls", global.calls());

    drop(global);
    print("restored:", &runtime.block_on(place_order(&order)));
}
