//! A dependency patched globally for a service that runs on a multi-threaded tokio
//! runtime: the spawned tasks run on worker threads, which only a global patch reaches.
//!
//! Every test here patches `netlib::fetch` globally, so they take turns; none relies on
//! it being unpatched while another test runs.

use patchable::patch;

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
