//! Fault injection: make a file write fail once and check that the retry logic copes.
//!
//! Run with `cargo run --example fault_injection`.

use std::io;
use std::path::Path;

use patchable::{patch, patchable};

/// Every write of the program goes through here, so tests can make it fail.
#[patchable]
fn write_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    std::fs::write(path, contents)
}

/// The code under test: retries a failed write up to `attempts` times.
fn save(path: &Path, contents: &[u8], attempts: u32) -> io::Result<u32> {
    let mut tries = 0;
    loop {
        tries += 1;
        match write_file(path, contents) {
            Ok(()) => return Ok(tries),
            Err(error) if tries >= attempts => return Err(error),
            Err(error) => eprintln!("attempt {tries} failed: {error}; retrying"),
        }
    }
}

fn main() -> io::Result<()> {
    let path = std::env::temp_dir().join(format!("patchable-fault-{}.txt", std::process::id()));

    // Fail the first write, then let writes through to the real one.
    let mut failures_left = 1;
    let flaky = patch!(write_file).with(move |path, contents| {
        if failures_left > 0 {
            failures_left -= 1;
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "injected: disk full",
            ));
        }
        write_file(path, contents)
    });
    let tries = save(&path, b"report", 3)?;
    println!(
        "saved after {tries} attempts; the write was called {} times",
        flaky.calls()
    );
    assert_eq!(tries, 2);
    assert_eq!(std::fs::read(&path)?, b"report");
    drop(flaky);

    // A write that always fails: the retry logic gives up after three attempts.
    let broken = patch!(write_file).times(3).with(|_, _| {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "injected: read-only",
        ))
    });
    let error = save(&path, b"report", 3).expect_err("every attempt fails");
    println!("gave up with: {error}");
    drop(broken);

    std::fs::remove_file(&path)
}
