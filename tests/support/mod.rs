//! Helpers shared by the tests.

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
