//! Helpers shared by the tests of the global scope.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Runs `test` on a thread of its own and fails if it does not finish within `seconds`,
/// so a deadlock fails the test instead of hanging the run.
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
