//! Helpers shared by the tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Runs `test` on a thread of its own and fails if it does not finish within `seconds`,
/// so a deadlock fails the test instead of hanging the run.
#[allow(dead_code)] // Not every test file that includes `support` waits on threads.
pub fn within(seconds: u64, test: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    let runner = thread::spawn(move || {
        test();
        let _ = done.send(());
    });
    match finished.recv_timeout(Duration::from_secs(seconds)) {
        Ok(()) => runner.join().unwrap(),
        // The runner panicked: its panic is the failure to report.
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            std::panic::resume_unwind(runner.join().unwrap_err())
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("deadlock: not done after {seconds}s")
        }
    }
}

/// The message of the panic that `run` raises, or an empty string if it raises none.
#[allow(dead_code)] // Not every test file that includes `support` checks messages.
pub fn panic_message(run: impl FnOnce()) -> String {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(()) => String::new(),
        Err(payload) => payload_message(payload),
    }
}

/// The message a panic's payload carries: `panic!("…")` gives a `&str` or a `String`.
#[allow(dead_code)] // Not every test file that includes `support` checks messages.
pub fn payload_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload
            .downcast::<&str>()
            .map(|message| message.to_string())
            .unwrap_or_default(),
    }
}

/// `cargo SUBCOMMAND` in `fixture`, a workspace of its own (`fixtures/compiled-out`,
/// `fixtures/lint-once`), offline: the fixture resolves to the versions this workspace
/// locked, so every crate it needs is downloaded already. It builds into
/// `<target>/<fixture's name>`, beside this workspace's own builds.
#[allow(dead_code)] // Not every test file that includes `support` builds a fixture.
pub fn cargo_in_fixture(fixture: &Path, subcommand: &str) -> Command {
    let workspace_lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    std::fs::copy(workspace_lock, fixture.join("Cargo.lock"))
        .expect("copy Cargo.lock into the fixture");
    let name = fixture.file_name().expect("a fixture's folder");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args([subcommand, "--offline", "--target-dir"])
        .arg(target_dir().join(name))
        .current_dir(fixture)
        .env_remove("CARGO_TARGET_DIR");
    command
}

/// The workspace's target directory, found from the test's own executable
/// (`<target>/<profile>/deps/…`), so that `CARGO_TARGET_DIR` is respected.
#[allow(dead_code)] // Not every test file that includes `support` builds a fixture.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("path of the test executable");
    exe.ancestors()
        .nth(3)
        .expect("the test executable lives in <target>/<profile>/deps")
        .to_path_buf()
}
