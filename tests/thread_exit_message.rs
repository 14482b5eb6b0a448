//! The message for a thread that ends while its global patch is still installed.

use std::cell::RefCell;
use std::process::{Command, Output};

use patchable::{Guard, patch, patchable};

#[patchable]
fn kept() -> u32 {
    0
}

/// Runs only as the child process of the test below.
#[test]
fn leaking_child() {
    if std::env::var_os("PATCHABLE_LEAKING_CHILD").is_none() {
        return;
    }
    std::thread::Builder::new()
        .name("leaker".into())
        .spawn(|| std::mem::forget(patch!(kept).global().returns(1)))
        .expect("spawn")
        .join()
        .expect("join");
    assert_eq!(kept(), 1, "the leaked patch stays installed");
}

/// Runs the test `child` of this binary alone, in a process of its own.
fn run_child(child: &str) -> Output {
    Command::new(std::env::current_exe().expect("test binary"))
        .args([child, "--exact", "--nocapture", "--test-threads=1"])
        .env("PATCHABLE_LEAKING_CHILD", "1")
        .output()
        .expect("run the test binary")
}

#[test]
fn a_thread_ending_with_a_global_patch_says_so_on_stderr() {
    let output = run_child("leaking_child");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "patchable: thread `leaker` ended while holding global patches of \
             `thread_exit_message::kept`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("A guard leaked with `mem::forget` keeps its patch installed for the rest of the process"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Drop global guards before their thread ends"),
        "{stderr}"
    );
}

#[patchable]
fn kept_in_a_thread_local() -> u32 {
    0
}

thread_local! {
    static KEPT: RefCell<Option<Guard>> = const { RefCell::new(None) };
}

/// Runs only as the child process of the test below.
#[test]
fn keeping_child() {
    if std::env::var_os("PATCHABLE_LEAKING_CHILD").is_none() {
        return;
    }
    std::thread::Builder::new()
        .name("keeper".into())
        // First used before the patch, so destroyed after patchable's per-thread state.
        .spawn(|| {
            KEPT.with(|kept| {
                *kept.borrow_mut() = Some(patch!(kept_in_a_thread_local).global().returns(1))
            })
        })
        .expect("spawn")
        .join()
        .expect("join");
    assert_eq!(
        kept_in_a_thread_local(),
        0,
        "the patch went with its thread-local"
    );
}

#[test]
fn a_thread_ending_with_a_global_guard_in_a_thread_local_says_what_happens() {
    let output = run_child("keeping_child");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "patchable: thread `keeper` ended while holding global patches of \
             `thread_exit_message::kept_in_a_thread_local`"
        ),
        "{stderr}"
    );
    // Not that the patch stays: it is removed right after, with the thread-local.
    assert!(
        !stderr.contains("they stay installed for the rest of the process"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("one kept in a thread-local is removed when that thread-local is destroyed"),
        "{stderr}"
    );
}
