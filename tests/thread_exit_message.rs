//! The message for a thread that ends while its global patch is still installed.

use std::process::Command;

use patchable::{patch, patchable};

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

#[test]
fn a_thread_ending_with_a_global_patch_says_so_on_stderr() {
    let output = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "leaking_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("PATCHABLE_LEAKING_CHILD", "1")
        .output()
        .expect("run the test binary");
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
        stderr.contains("Drop global guards before their thread ends"),
        "{stderr}"
    );
}
