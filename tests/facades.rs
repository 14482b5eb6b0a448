//! `patchable::std`: the clock, the environment and the filesystem faked per thread, and
//! the real ones read through where nothing fakes them. (Global fakes, which every test
//! of a binary would see, are in `facades_global.rs`.)

mod support;

use std::ffi::OsString;
use std::io::ErrorKind;
use std::path::Path;
use std::sync::{Barrier, Condvar, Mutex};
use std::time::Duration as StdDuration;

use patchable::patch;
use patchable::std::time::{Duration, FakeClock, Instant, SystemTime, UNIX_EPOCH};
use patchable::std::{env, fs, thread};

const MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

/// Waits until `2 * round` arrivals, so that the two `parallel_*` tests below have their
/// fakes live at the same time; whether the other test came. `cargo nextest` runs each
/// test in a process of its own, where the other never comes; with one test thread
/// neither does it, and the wait gives up after 5 seconds.
fn meet(round: u32) -> bool {
    static ARRIVED: Mutex<u32> = Mutex::new(0);
    static CHANGED: Condvar = Condvar::new();
    if std::env::var_os("NEXTEST_RUN_ID").is_some() {
        return false;
    }
    let mut arrived = ARRIVED.lock().unwrap();
    *arrived += 1;
    CHANGED.notify_all();
    let (arrived, waited) = CHANGED
        .wait_timeout_while(arrived, StdDuration::from_secs(5), |arrived| {
            *arrived < 2 * round
        })
        .unwrap();
    drop(arrived);
    !waited.timed_out()
}

/// One of two tests that `cargo test` runs at the same time: each has its own clock and
/// its own value of `SERVICE_NAME`, and reads only its own, again and again while the
/// other's are live.
fn sees_only_its_own_time_and_variable(start: u64, name: &str) {
    let clock = FakeClock::at(at(start));
    let _name = env::set("SERVICE_NAME", name);
    let together = meet(1);
    for step in 0..500 {
        assert_eq!(SystemTime::now(), at(start + step));
        assert_eq!(env::var("SERVICE_NAME").as_deref(), Ok(name));
        thread::sleep(Duration::from_secs(1));
        std::thread::yield_now();
    }
    assert_eq!(clock.elapsed(), Duration::from_secs(500));
    if together {
        meet(2); // the other test's fakes stay live until this one is done reading
    }
}

#[test]
fn parallel_test_one_has_its_own_clock_and_variable() {
    sees_only_its_own_time_and_variable(1_000_000, "one");
}

#[test]
fn parallel_test_two_has_its_own_clock_and_variable() {
    sees_only_its_own_time_and_variable(2_000_000, "two");
}

#[test]
fn two_threads_with_their_own_clocks_and_variables_never_see_each_others() {
    // A fake that blocked another thread (a global one takes turns) would fail, not hang.
    support::within(60, || {
        let barrier = Barrier::new(2);
        std::thread::scope(|scope| {
            for (start, name) in [(10_u64, "ten"), (20, "twenty")] {
                let barrier = &barrier;
                scope.spawn(move || {
                    let _clock = FakeClock::at(at(start));
                    let _name = env::set("THREAD_NAME", name);
                    let started = Instant::now();
                    barrier.wait(); // both fakes are live from here on
                    for step in 0..1_000 {
                        assert_eq!(SystemTime::now(), at(start + step));
                        assert_eq!(started.elapsed(), Duration::from_secs(step));
                        assert_eq!(env::var("THREAD_NAME").as_deref(), Ok(name));
                        thread::sleep(Duration::from_secs(1));
                    }
                    barrier.wait();
                });
            }
        });
        assert_eq!(env::var_os("THREAD_NAME"), None);
    });
}

#[test]
fn a_fake_sleep_returns_at_once_and_moves_the_clock() {
    let clock = FakeClock::at(at(0));
    let started = Instant::now();
    let real = std::time::Instant::now();
    thread::sleep(Duration::from_secs(3600));
    assert!(
        real.elapsed() < StdDuration::from_secs(1),
        "{:?}",
        real.elapsed()
    );
    assert_eq!(SystemTime::now(), at(3600));
    assert_eq!(started.elapsed(), Duration::from_secs(3600));
    clock.advance(Duration::from_secs(5));
    assert_eq!(clock.now(), at(3605));
    assert_eq!(UNIX_EPOCH.elapsed().ok(), Some(Duration::from_secs(3605)));
    assert_eq!(clock.elapsed(), Duration::from_secs(3605));
}

#[test]
fn dropping_the_fake_clock_gives_back_the_real_one() {
    let clock = FakeClock::at(at(0));
    assert_eq!(SystemTime::now(), at(0));
    drop(clock);
    let real: std::time::SystemTime = SystemTime::now().into();
    let difference = real
        .duration_since(std::time::SystemTime::now())
        .unwrap_or_else(|late| late.duration());
    assert!(difference < StdDuration::from_secs(60), "{difference:?}");
}

#[test]
fn a_thread_scoped_clock_is_not_seen_by_other_threads() {
    let _clock = FakeClock::at(at(0));
    let (other, slept) = std::thread::spawn(|| {
        let real = std::time::Instant::now();
        thread::sleep(Duration::from_millis(20));
        (SystemTime::now(), real.elapsed())
    })
    .join()
    .unwrap();
    assert!(other > at(1_000_000_000), "{other:?}");
    assert!(slept >= StdDuration::from_millis(20), "{slept:?}");
}

#[test]
fn a_newer_fake_clock_wins_and_the_older_comes_back() {
    let outer = FakeClock::at(at(0));
    let inner = FakeClock::at(at(500));
    assert_eq!(SystemTime::now(), at(500));
    thread::sleep(Duration::from_secs(1)); // moves the newest clock only
    drop(inner);
    assert_eq!(SystemTime::now(), at(0));
    assert_eq!(outer.elapsed(), Duration::ZERO);
}

#[test]
fn overlays_of_several_variables_stack_and_read_the_rest_through() {
    let _a = env::set("PATCHABLE_TEST_A", "a");
    let b = env::set("PATCHABLE_TEST_B", "b");
    let _no_path = env::remove("PATH");
    assert_eq!(env::var("PATCHABLE_TEST_A").as_deref(), Ok("a"));
    assert_eq!(env::var("PATCHABLE_TEST_B").as_deref(), Ok("b"));
    assert_eq!(env::var("PATH"), Err(env::VarError::NotPresent));
    assert!(std::env::var_os("PATH").is_some(), "the process lost PATH");

    let vars: Vec<(String, String)> = env::vars().collect();
    assert!(vars.contains(&("PATCHABLE_TEST_A".into(), "a".into())));
    assert!(vars.contains(&("PATCHABLE_TEST_B".into(), "b".into())));
    assert!(vars.iter().all(|(key, _)| key != "PATH"));
    // Everything else is the process's.
    let real = std::env::vars_os().count();
    assert_eq!(env::vars_os().count(), real - 1 + 2);

    let shadow = env::set("PATCHABLE_TEST_A", "newer");
    assert_eq!(env::var("PATCHABLE_TEST_A").as_deref(), Ok("newer"));
    drop(b); // out of order
    assert_eq!(env::var_os("PATCHABLE_TEST_B"), None);
    drop(shadow);
    assert_eq!(env::var("PATCHABLE_TEST_A").as_deref(), Ok("a"));
    assert_eq!(
        env::vars()
            .filter(|(key, _)| key == "PATCHABLE_TEST_A")
            .count(),
        1
    );
}

#[test]
fn an_overlay_is_not_seen_by_other_threads_or_the_process() {
    let _secret = env::set("PATCHABLE_TEST_SECRET", "s3cret");
    let elsewhere = std::thread::spawn(|| env::var_os("PATCHABLE_TEST_SECRET"))
        .join()
        .unwrap();
    assert_eq!(elsewhere, None);
    assert_eq!(std::env::var_os("PATCHABLE_TEST_SECRET"), None);
}

#[test]
fn a_value_that_is_not_unicode_is_an_error_of_var_as_in_std() {
    use std::os::unix::ffi::OsStringExt;
    let bytes = OsString::from_vec(vec![0xff, b'x']);
    let _odd = env::set("PATCHABLE_TEST_ODD", &bytes);
    assert_eq!(
        env::var("PATCHABLE_TEST_ODD"),
        Err(env::VarError::NotUnicode(bytes.clone()))
    );
    assert_eq!(env::var_os("PATCHABLE_TEST_ODD"), Some(bytes));
    let message = support::panic_message(|| {
        env::vars().for_each(drop);
    });
    assert!(message.contains("PATCHABLE_TEST_ODD"), "{message}");
}

#[test]
fn unfaked_facades_read_what_std_reads() {
    assert_eq!(env::var_os("PATH"), std::env::var_os("PATH"));
    assert_eq!(env::vars_os().count(), std::env::vars_os().count());
    assert_eq!(
        fs::read_to_string(MANIFEST).unwrap(),
        std::fs::read_to_string(MANIFEST).unwrap()
    );
    assert_eq!(
        fs::read(MANIFEST).unwrap(),
        std::fs::read(MANIFEST).unwrap()
    );
    assert_eq!(
        fs::metadata(MANIFEST).unwrap().len(),
        std::fs::metadata(MANIFEST).unwrap().len()
    );
    assert_eq!(
        fs::read_dir(env!("CARGO_MANIFEST_DIR")).unwrap().count(),
        std::fs::read_dir(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .count()
    );
    let ours: std::time::SystemTime = SystemTime::now().into();
    assert!(
        ours.duration_since(std::time::UNIX_EPOCH).unwrap() > StdDuration::from_secs(1_700_000_000)
    );
}

#[test]
fn injected_errors_reach_the_caller_and_other_paths_read_through() {
    let _denied =
        patch!(fs::hooks::read_to_string).with(|path| match path.ends_with("secret.toml") {
            true => Err(ErrorKind::PermissionDenied.into()),
            false => fs::hooks::read_to_string(path),
        });
    let full = patch!(fs::hooks::write).times(1).with(|_, _| {
        Err(std::io::Error::new(
            ErrorKind::StorageFull,
            "no space left on device",
        ))
    });

    let error = fs::read_to_string("/etc/app/secret.toml").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::PermissionDenied);
    assert!(fs::read_to_string(MANIFEST).unwrap().contains("[package]"));
    let error = fs::write(Path::new("/data/records.log"), b"record\n").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::StorageFull);
    assert_eq!(error.to_string(), "no space left on device");
    assert_eq!(full.calls(), 1);
}

#[test]
fn fixed_contents_need_no_files() {
    let _config = patch!(fs::hooks::read).with(|path| {
        assert_eq!(path, Path::new("/etc/app/config.bin"));
        Ok(b"\x01\x02".to_vec())
    });
    let made = patch!(fs::hooks::create_dir_all).with(|_| Ok(()));
    let removed = patch!(fs::hooks::remove_file).with(|_| Ok(()));
    assert_eq!(
        fs::read(String::from("/etc/app/config.bin")).unwrap(),
        [1, 2]
    );
    fs::create_dir_all("/surely/not/allowed/here").unwrap();
    fs::remove_file("/surely/not/here.pid").unwrap();
    assert_eq!((made.calls(), removed.calls()), (1, 1));
}

#[test]
fn a_patch_of_a_hook_is_seen_by_this_thread_only() {
    let _denied = patch!(fs::hooks::metadata).with(|_| Err(ErrorKind::PermissionDenied.into()));
    assert_eq!(
        fs::metadata(MANIFEST).unwrap_err().kind(),
        ErrorKind::PermissionDenied
    );
    let elsewhere = std::thread::spawn(|| fs::metadata(MANIFEST).map(|meta| meta.is_file()))
        .join()
        .unwrap();
    assert!(elsewhere.unwrap());
}

#[test]
fn the_wrappers_show_and_convert_as_std_types() {
    let std_time = std::time::UNIX_EPOCH + StdDuration::from_secs(3);
    let ours = SystemTime::from(std_time);
    assert_eq!(format!("{ours:?}"), format!("{std_time:?}"));
    assert_eq!(std::time::SystemTime::from(ours), std_time);
    let std_instant = std::time::Instant::now();
    let ours = Instant::from(std_instant);
    assert_eq!(format!("{ours:?}"), format!("{std_instant:?}"));
    assert_eq!(
        std::time::Instant::from(ours + Duration::from_secs(1)),
        std_instant + StdDuration::from_secs(1)
    );
}

#[test]
fn two_test_contexts_fake_clock_and_variable_for_their_own_threads_only() {
    // Two threads stand for two tests, each with a context of its own whose workers
    // read its fakes; a thread in neither reads the real clock and environment.
    let both = std::sync::Arc::new(Barrier::new(2));
    let tests: Vec<_> = [100, 200]
        .into_iter()
        .map(|start| {
            let both = std::sync::Arc::clone(&both);
            std::thread::spawn(move || {
                let clock = FakeClock::in_context_at(at(start));
                let _name = env::set_in_context("CONTEXT_TEST_NAME", start.to_string());
                both.wait(); // both contexts' fakes are live now
                let cx = patchable::Context::current();
                let worker = std::thread::spawn(cx.wrap(move || {
                    thread::sleep(Duration::from_secs(5));
                    (SystemTime::now(), env::var("CONTEXT_TEST_NAME"))
                }));
                let (now, name) = worker.join().unwrap();
                assert_eq!(now, at(start + 5));
                assert_eq!(name.as_deref(), Ok(start.to_string().as_str()));
                assert_eq!(clock.now(), at(start + 5));
                let outside = std::thread::spawn(|| env::var("CONTEXT_TEST_NAME"));
                assert!(outside.join().unwrap().is_err());
                both.wait();
            })
        })
        .collect();
    for test in tests {
        test.join().unwrap();
    }
}
