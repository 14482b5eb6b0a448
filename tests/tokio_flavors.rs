//! patchable under `#[tokio::test]`, in both runtime flavors.

use patchable::{patch, patchable};

#[patchable]
async fn lookup_user(id: u64) -> String {
    panic!("no database in tests (user {id})")
}

async fn greeting(id: u64) -> String {
    format!("hello {}", lookup_user(id).await)
}

#[tokio::test]
async fn current_thread_tasks_see_a_thread_scoped_patch() {
    // A current-thread runtime polls every task on the test's own thread.
    let guard = patch!(lookup_user).with(|id| format!("user{id}"));
    let spawned = tokio::spawn(greeting(2));
    assert_eq!(greeting(1).await, "hello user1");
    assert_eq!(spawned.await.unwrap(), "hello user2");
    assert_eq!(guard.calls(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_thread_workers_see_a_global_patch() {
    let guard = patch!(lookup_user)
        .global()
        .with(|id| format!("worker-user{id}"));
    let tasks: Vec<_> = (0..4).map(|id| tokio::spawn(greeting(id))).collect();
    for (id, task) in tasks.into_iter().enumerate() {
        assert_eq!(task.await.unwrap(), format!("hello worker-user{id}"));
    }
    assert_eq!(guard.calls(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_test_body_itself_sees_a_thread_scoped_patch() {
    // The test's own future is driven by the test thread, also in this flavor.
    let _guard = patch!(lookup_user).returns("body".to_string());
    assert_eq!(greeting(9).await, "hello body");
}
