//! A dependency patched globally for a service that runs on a multi-threaded tokio
//! runtime: the spawned tasks run on worker threads, which only a global patch reaches.
//! Then async fns patched globally, with replacements that await.
//!
//! The tests of `netlib::fetch` all patch it globally, so they take turns; none relies
//! on it being unpatched while another test runs. Each test of an async fn patches a
//! function of its own.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use patchable::{patch, patchable};
use support::within;

mod support;

/// The code under test: the total price of `items`, fetched concurrently.
async fn total_price(items: &[&'static str]) -> Result<u32, String> {
    let tasks: Vec<_> = items
        .iter()
        .map(|&item| tokio::spawn(async move { netlib::price_of(item) }))
        .collect();
    let mut total = 0;
    for task in tasks {
        total += task.await.map_err(|error| error.to_string())??;
    }
    Ok(total)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn spawned_tasks_see_a_global_patch_of_a_dependency() {
    // Holds this test's turn to the end: once `guard` drops, the calls below reach the
    // original, not the patch of another test of this file that was waiting for the turn.
    let _turn = patch!(netlib::fetch).global().spy();
    let guard = patch!(netlib::fetch).global().with(|url| {
        let item = url.rsplit('/').next().unwrap_or_default();
        Ok(format!("{}\n", item.len() * 100))
    });
    let total = total_price(&["tea", "kettle", "mug"]).await;
    assert_eq!(total, Ok(300 + 600 + 300));
    assert_eq!(guard.calls(), 3);
    drop(guard);
    let unpatched = total_price(&["tea"]).await;
    assert_eq!(
        unpatched,
        Err("no network: cannot reach https://shop.example/tea".to_string())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_global_patch_can_fail_one_call_in_a_concurrent_batch() {
    let _guard = patch!(netlib::fetch)
        .global()
        .with(|url| match url.ends_with("/mug") {
            true => Err("timeout".to_string()),
            false => Ok("1".to_string()),
        });
    assert_eq!(total_price(&["tea", "kettle"]).await, Ok(2));
    assert_eq!(
        total_price(&["tea", "mug"]).await,
        Err("timeout".to_string())
    );
}

// The README's example.
#[tokio::test(flavor = "multi_thread")]
async fn spawned_tasks_see_the_patch() {
    let guard = patch!(netlib::fetch)
        .global()
        .returns(Ok("120".to_string()));
    assert_eq!(total_price(&["tea", "mug"]).await, Ok(240));
    assert_eq!(guard.calls(), 2);
}

#[patchable]
async fn quote(item: &'static str) -> usize {
    tokio::task::yield_now().await;
    item.len()
}

/// Quotes every item on a task of its own, which the runtime runs on its worker threads.
async fn quote_all(items: &[&'static str]) -> Vec<usize> {
    let tasks: Vec<_> = items
        .iter()
        .map(|&item| tokio::spawn(quote(item)))
        .collect();
    let mut quotes = Vec::new();
    for task in tasks {
        quotes.push(task.await.unwrap());
    }
    quotes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_global_awaiting_replacement_answers_every_spawned_task() {
    let guard = patch!(quote).global().with_async(|item| async move {
        tokio::task::yield_now().await;
        item.len() * 10
    });
    assert_eq!(quote_all(&["tea", "mug", "kettle"]).await, [30, 30, 60]);
    assert_eq!(guard.calls(), 3);
}

#[patchable]
async fn stock(item: &'static str) -> usize {
    tokio::task::yield_now().await;
    item.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_global_awaiting_replacement_awaits_the_original_on_whichever_worker_polls_it() {
    let guard = patch!(stock).global().with_async(|item| async move {
        // Each `yield_now` lets the runtime move the task to another worker; wherever
        // the future is polled, its own call of `stock` reaches the original.
        tokio::task::yield_now().await;
        let original = stock(item).await;
        tokio::task::yield_now().await;
        original + 1000
    });
    let tasks: Vec<_> = ["tea", "mug", "kettle", "cup"]
        .into_iter()
        .map(|item| tokio::spawn(stock(item)))
        .collect();
    let mut stocks = Vec::new();
    for task in tasks {
        stocks.push(task.await.unwrap());
    }
    assert_eq!(stocks, [1003, 1003, 1006, 1003]);
    assert_eq!(guard.calls(), 4);
}

#[patchable]
async fn rendezvous(n: usize) -> usize {
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn futures_of_a_global_awaiting_replacement_run_side_by_side() {
    // Only one thread at a time makes a future, but the futures run at once: each
    // waits here until the other has started.
    static ARRIVED: AtomicUsize = AtomicUsize::new(0);
    let _guard = patch!(rendezvous).global().with_async(|n| async move {
        ARRIVED.fetch_add(1, SeqCst);
        while ARRIVED.load(SeqCst) < 2 {
            tokio::task::yield_now().await;
        }
        n * 2
    });
    let first = tokio::spawn(rendezvous(1));
    let second = tokio::spawn(rendezvous(2));
    let both = async { (first.await.unwrap(), second.await.unwrap()) };
    let both = tokio::time::timeout(Duration::from_secs(30), both).await;
    assert_eq!(both.expect("the second future never started"), (2, 4));
}

#[patchable]
async fn layered(n: u64) -> u64 {
    n
}

type Parked = Pin<Box<dyn Future<Output = u64> + Send>>;

/// Polls `future` once, on this thread.
fn poll_once(future: &mut Parked) -> Poll<u64> {
    future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
}

/// Pending the first time it is polled, ready the next.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if std::mem::replace(&mut self.0, true) {
            return Poll::Ready(());
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

#[test]
fn a_future_polled_inside_an_older_global_replacement_goes_below_that_one() {
    // The future of the newer layer is polled while this thread runs the older one: its
    // call of `layered` goes below the older layer, instead of back into it (which this
    // thread could not enter a second time).
    static PARKED: Mutex<Option<Parked>> = Mutex::new(None);
    within(30, || {
        let older = patch!(layered).global().with(|n| {
            let parked = PARKED.lock().unwrap().take();
            match parked.map(|mut future| poll_once(&mut future)) {
                Some(Poll::Ready(answer)) => answer + 1000,
                Some(Poll::Pending) => panic!("the parked future did not finish"),
                None => n + 100,
            }
        });
        let newer = patch!(layered).global().with_async(|n| async move {
            YieldOnce(false).await;
            layered(n).await + 10
        });
        let mut parked: Parked = Box::pin(layered(1));
        assert_eq!(poll_once(&mut parked), Poll::Pending);
        *PARKED.lock().unwrap() = Some(parked);
        drop(newer);
        let mut call: Parked = Box::pin(layered(0));
        assert_eq!(poll_once(&mut call), Poll::Ready(1 + 10 + 1000));
        assert_eq!(older.calls(), 1);
    });
}
