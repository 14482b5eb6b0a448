//! `std::thread`, with a [`sleep`] that tests can patch.
//!
//! Everything else is std's, re-exported: `use patchable::std::thread;` replaces
//! `use std::thread;`, and `thread::spawn` goes on working.
//!
//! Under a [`FakeClock`](super::time::FakeClock), `sleep` returns at once and moves the
//! fake clock forward by its duration.
//!
//! ```
//! use patchable::std::thread;
//! use patchable::std::time::{Duration, FakeClock, UNIX_EPOCH};
//!
//! let clock = FakeClock::at(UNIX_EPOCH);
//! let worker = thread::spawn(|| 6 * 7); // std's
//! thread::sleep(Duration::from_secs(86_400)); // a day, at once
//! assert_eq!(worker.join().unwrap(), 42);
//! assert_eq!(clock.elapsed(), Duration::from_secs(86_400));
//! ```

// The rest of `std::thread`, as a re-export: the pages here are the facades'.
#[doc(no_inline)]
pub use ::std::thread::*;

use ::core::time::Duration;

use crate::patchable;

/// Puts the current thread to sleep for at least `dur`: [`std::thread::sleep`], which a
/// test can patch (`patch!(thread::sleep)`), or fake with a
/// [`FakeClock`](super::time::FakeClock).
///
/// ```
/// use patchable::patch;
/// use patchable::std::thread;
/// use std::time::Duration;
///
/// let naps = patch!(thread::sleep).with(|_| ()); // returns at once
/// thread::sleep(Duration::from_secs(3600));
/// assert_eq!(naps.calls(), 1);
/// ```
#[patchable]
#[inline]
pub fn sleep(dur: Duration) {
    ::std::thread::sleep(dur)
}
