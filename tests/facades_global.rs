//! `patchable::std` faked for every thread: `FakeClock::global_at`, `env::set_global` and
//! `env::remove_global`. In a test binary of their own, since every test running beside
//! them would see them (`facades.rs` compares the unfaked facades with std).

mod support;

use patchable::std::time::{Duration, FakeClock, SystemTime, UNIX_EPOCH};
use patchable::std::{env, thread};

#[test]
fn a_global_clock_is_seen_and_moved_by_spawned_threads() {
    support::within(30, || {
        let clock = FakeClock::global_at(UNIX_EPOCH + Duration::from_secs(100));
        let seen = std::thread::spawn(|| {
            let before = SystemTime::now();
            thread::sleep(Duration::from_secs(50));
            (before, SystemTime::now())
        })
        .join()
        .unwrap();
        let at = |seconds| UNIX_EPOCH + Duration::from_secs(seconds);
        assert_eq!(seen, (at(100), at(150)));
        assert_eq!(clock.now(), at(150));
    });
    // Given back, for every thread.
    let real = std::thread::spawn(SystemTime::now).join().unwrap();
    assert!(
        real > UNIX_EPOCH + Duration::from_secs(1_000_000_000),
        "{real:?}"
    );
}

#[test]
fn a_global_overlay_is_seen_by_spawned_threads() {
    support::within(30, || {
        let overlay = env::set_global("PATCHABLE_TEST_GLOBAL", "everywhere");
        let removed = env::remove_global("PATH");
        let seen = std::thread::spawn(|| (env::var("PATCHABLE_TEST_GLOBAL"), env::var_os("PATH")))
            .join()
            .unwrap();
        assert_eq!(seen, (Ok("everywhere".to_string()), None));
        drop((overlay, removed));
        let seen = std::thread::spawn(|| env::var("PATCHABLE_TEST_GLOBAL"))
            .join()
            .unwrap();
        assert_eq!(seen, Err(env::VarError::NotPresent));
    });
}
