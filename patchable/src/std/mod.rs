//! Facades over the clock, the environment and the filesystem, which tests can fake.
//!
//! Only functions marked `#[patchable]` can be patched, and std's are not. So this module
//! mirrors the std functions tests most often need to control, as marked functions that
//! call std: code calls them instead of std's, and a test fakes them for its own thread
//! (or, with `.global()`, for every thread). Behind the `std-facades` feature, which adds
//! no dependency:
//!
//! ```toml
//! [dependencies]
//! patchable-mock = { version = "0.1", features = ["std-facades"] }
//!
//! [dev-dependencies]
//! patchable-mock = { version = "0.1", features = ["enable", "std-facades"] }
//! ```
//!
//! Each module mirrors std's paths and signatures, and re-exports the rest of its std
//! namesake, so switching is one `use` line:
//!
//! | before | after | faked with |
//! |---|---|---|
//! | `use std::time::{Instant, SystemTime};` | `use patchable::std::time::{Instant, SystemTime};` | [`FakeClock`](time::FakeClock), or `patch!(SystemTime::now)` |
//! | `use std::thread;` (`thread::sleep`) | `use patchable::std::thread;` | [`FakeClock`](time::FakeClock), or `patch!(thread::sleep)` |
//! | `use std::env;` (`env::var`, `var_os`, `vars`, `vars_os`) | `use patchable::std::env;` | [`env::set`], [`env::remove`], or `patch!(env::hooks::var_os)` |
//! | `use std::fs;` (`read`, `read_to_string`, `write`, `metadata`, `remove_file`, `create_dir_all`, `read_dir`) | `use patchable::std::fs;` | `patch!(fs::hooks::write)` and the other [`fs::hooks`] |
//!
//! In production — patching off, as `cargo build` has it — each facade compiles to the
//! std call it wraps: the same machine code (`tests/compiled_out.rs` compares them). With
//! patching on, a facade costs what any marked fn costs when nothing patches it.
//!
//! ```
//! use patchable::std::{env, fs, time::{Duration, FakeClock, SystemTime, UNIX_EPOCH}};
//! use std::io::ErrorKind;
//!
//! /// A record stamped with the time, under a prefix read from the environment.
//! fn stamp(message: &str) -> std::io::Result<()> {
//!     let prefix = env::var("LOG_PREFIX").unwrap_or_default();
//!     let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
//!     fs::write("records.log", format!("{prefix}{now} {message}\n"))
//! }
//!
//! let _clock = FakeClock::at(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
//! let _prefix = env::set("LOG_PREFIX", "test: "); // this thread only; no `unsafe`
//! let _full = patchable::patch!(fs::hooks::write).with(|path, contents| {
//!     assert_eq!(path.to_str(), Some("records.log"));
//!     assert_eq!(contents, b"test: 1700000000 hello\n");
//!     Err(ErrorKind::StorageFull.into())
//! });
//! assert_eq!(stamp("hello").unwrap_err().kind(), ErrorKind::StorageFull);
//! ```
//!
//! # Scopes
//!
//! The fakes follow the patches they are made of: [`FakeClock::at`](time::FakeClock::at),
//! [`env::set`] and [`env::remove`] are seen by the thread that made them, so tests that
//! `cargo test` runs in parallel each have their own clock and variables.
//! [`FakeClock::global_at`](time::FakeClock::global_at), [`env::set_global`] and
//! [`env::remove_global`] are seen by every thread, for code that runs on other threads;
//! like every global patch, they make parallel tests that fake the same thing globally
//! take turns (see [global patches](crate#global-patches)).
//!
//! # Limits
//!
//! - Only calls that go through the facades are faked: std's own functions, and other
//!   crates that call them, still see the real clock, environment and files.
//! - [`fs::metadata`] and [`fs::read_dir`] return std's `Metadata` and `ReadDir`, which
//!   only std can make: a patch of their hooks can return an error, or what std gives
//!   for another path, not made-up entries. `File` is std's (re-exported) and not faked.
//! - The helpers [`FakeClock`](time::FakeClock), [`env::set`] and [`env::remove`] exist
//!   only where patching is on (tests, with `enable`); the facades themselves always do.

pub mod env;
pub mod fs;
pub mod thread;
pub mod time;

/// Who sees the patches a fake makes: this thread, the threads and tasks of its test
/// [`Context`](crate::Context), or every thread.
#[cfg(any(test, feature = "enable"))]
#[derive(Clone, Copy)]
pub(crate) enum Reach {
    Thread,
    Context,
    Global,
}
