//! `#[patchable]` async fns, free and methods: `.returns` and `.with` give the output,
//! `.with_async` installs a replacement that awaits; patched futures stay `Send`.

use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use patchable::{patch, patchable};

#[derive(Clone, Debug, PartialEq)]
pub struct User {
    id: u64,
    name: String,
}

#[patchable]
pub async fn load(id: u64) -> User {
    tokio::time::sleep(Duration::from_millis(1)).await;
    User {
        id,
        name: format!("user {id}"),
    }
}

#[patchable]
pub async fn lookup(table: &str, key: &str) -> Option<String> {
    tokio::task::yield_now().await;
    Some(format!("{table}/{key}"))
}

/// The output is `!Send`, the future is `Send`: it holds no `Rc` across an await.
#[patchable]
pub async fn counted(n: usize) -> Rc<usize> {
    tokio::task::yield_now().await;
    Rc::new(n)
}

pub struct Client {
    base: String,
}

#[patchable]
impl Client {
    pub async fn get(&self, path: &str) -> Result<String, String> {
        tokio::task::yield_now().await;
        Err(format!("offline: {}{path}", self.base))
    }

    pub async fn base(&self) -> &str {
        &self.base
    }
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[tokio::test(flavor = "multi_thread")]
async fn returns_gives_the_output_directly() {
    let guard = patch!(load).returns(User {
        id: 0,
        name: "fake".into(),
    });
    assert_eq!(load(5).await.name, "fake");
    assert_eq!(guard.calls(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn with_computes_the_output_from_borrowed_arguments() {
    let _guard = patch!(lookup).with(|table, key| (table == "users").then(|| key.to_uppercase()));
    assert_eq!(lookup("users", "ann").await.as_deref(), Some("ANN"));
    assert_eq!(lookup("other", "ann").await, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn with_async_installs_a_replacement_that_awaits() {
    let _guard = patch!(load).with_async(|id| async move {
        tokio::time::sleep(Duration::from_millis(1)).await;
        User {
            id,
            name: "slow fake".into(),
        }
    });
    assert_eq!(
        load(3).await,
        User {
            id: 3,
            name: "slow fake".into()
        }
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn async_methods_take_the_receiver_first() {
    let client = Client {
        base: "https://a.example".into(),
    };
    let _get = patch!(Client::get).with(|client, path| Ok(format!("{}{path}: ok", client.base)));
    assert_eq!(
        client.get("/x").await.as_deref(),
        Ok("https://a.example/x: ok")
    );
    let _base = patch!(Client::base).with(|client| &client.base[8..]);
    assert_eq!(client.base().await, "a.example");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_async_on_a_method_clones_what_it_needs() {
    let client = Client { base: "b/".into() };
    let _guard = patch!(Client::get).with_async(|client, path| {
        let url = format!("{}{path}", client.base);
        async move {
            tokio::task::yield_now().await;
            Ok(url)
        }
    });
    assert_eq!(client.get("x").await, Ok("b/x".to_string()));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_awaiting_replacement_of_a_borrowed_output_returns_a_boxed_future() {
    let client = Client { base: "c".into() };
    let _guard = patch!(Client::base).with_async(|_| Box::pin(async { "static" }));
    assert_eq!(client.base().await, "static");
}

#[tokio::test(flavor = "multi_thread")]
async fn patched_futures_stay_send_and_run_on_other_worker_threads() {
    let client = Client { base: "d".into() };
    let _guard = patch!(Client::get).returns(Ok("patched".into()));
    // Polled here, on the test's thread, where the thread-scoped patch lives; `Send`
    // all the same, so it could move.
    let future = assert_send(async move { client.get("/").await });
    assert_eq!(future.await.as_deref(), Ok("patched"));
    let spawned = tokio::spawn(assert_send(load(9))).await.unwrap();
    assert_eq!(spawned.name, "user 9");
    let counted = assert_send(counted(2));
    assert_eq!(*counted.await, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_awaiting_replacement_can_await_the_original() {
    let guard = patch!(load).with_async(|id| async move {
        let mut user = load(id + 1).await;
        user.name.push('!');
        user
    });
    assert_eq!(load(1).await.name, "user 2!");
    assert_eq!(guard.calls(), 1);
}

trait Store {
    async fn read(&self, key: &str) -> Option<String>;
}

struct Memory;

#[patchable]
impl Store for Memory {
    async fn read(&self, key: &str) -> Option<String> {
        tokio::task::yield_now().await;
        (key == "known").then(|| "value".to_string())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn async_methods_of_trait_impls() {
    let _guard = patch!(<Memory as Store>::read).with(|_, key| Some(key.to_uppercase()));
    assert_eq!(Memory.read("other").await.as_deref(), Some("OTHER"));
}

#[patchable]
async fn awaits_then_asks(x: u32) -> u32 {
    asked(x)
}

#[patchable]
fn asked(x: u32) -> u32 {
    x
}

/// Pending once (waking itself), then ready.
struct YieldOnce(bool);

impl std::future::Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn poll_once<F: std::future::Future>(future: Pin<&mut F>) -> Poll<F::Output> {
    future.poll(&mut Context::from_waker(Waker::noop()))
}

/// Polls on this thread until ready: the futures here wake themselves at once.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = poll_once(future.as_mut()) {
            return output;
        }
    }
}

#[test]
fn a_pending_future_whose_guard_dropped_never_takes_a_newer_layer_for_its_own() {
    // Several rounds: the allocator hands the freed node's memory to the next node of
    // the same size on most rounds, and a future that knew its layer by its address
    // would then skip the newer layer, as if it were running it.
    for round in 0..64 {
        let guard = patch!(awaits_then_asks).with_async(|x| async move {
            YieldOnce(false).await;
            asked(x)
        });
        let mut future = Box::pin(awaits_then_asks(1));
        assert!(poll_once(future.as_mut()).is_pending());
        drop(guard);
        let newer = patch!(asked).with(move |_| 777 + round);
        assert_eq!(block_on(future), 777 + round, "round {round}");
        assert_eq!(newer.calls(), 1);
        drop(newer);
        // The same with a newer layer of the async fn itself, which its future's own
        // calls of the patched fn must reach.
        let guard = patch!(awaits_then_asks).with_async(|x| async move {
            YieldOnce(false).await;
            awaits_then_asks(x).await + 1
        });
        let mut future = Box::pin(awaits_then_asks(1));
        assert!(poll_once(future.as_mut()).is_pending());
        drop(guard);
        let newer = patch!(awaits_then_asks).with_async(|_| async { 500 });
        assert_eq!(block_on(future), 501, "round {round}");
        assert_eq!(newer.calls(), 1);
    }
}
