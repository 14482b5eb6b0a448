//! `std::time`, with a [`SystemTime`] and an [`Instant`] whose `now` tests can fake.
//!
//! `use patchable::std::time::{Instant, SystemTime};` replaces
//! `use std::time::{Instant, SystemTime};`; the rest of `std::time` (`Duration`,
//! `SystemTimeError`) is std's, re-exported.
//!
//! Why types of their own: `SystemTime::now()` is an inherent fn of std's type, and no
//! crate can put another `now` on it, or hook std's. So [`SystemTime`] and [`Instant`]
//! here wrap std's (`#[repr(transparent)]`), with the same methods, operators and traits,
//! and `From` both ways for code that hands them to other crates
//! (`std::time::SystemTime::from(now)`, `SystemTime::from(metadata.modified()?)`). Their
//! `elapsed` goes through the facade `now` too, so it agrees with a faked clock, where
//! std's would read the real one.
//!
//! A test fakes the clock with [`FakeClock`], or patches one fn:
//! `patch!(SystemTime::now).returns(t)`.
//!
//! ```
//! use patchable::std::time::{Duration, FakeClock, Instant, SystemTime, UNIX_EPOCH};
//!
//! /// Whether a token issued at `issued` is older than an hour.
//! fn expired(issued: SystemTime) -> bool {
//!     issued.elapsed().is_ok_and(|age| age > Duration::from_secs(3600))
//! }
//!
//! let clock = FakeClock::at(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
//! let issued = SystemTime::now();
//! let started = Instant::now();
//! assert!(!expired(issued));
//! clock.advance(Duration::from_secs(3601));
//! assert!(expired(issued));
//! assert_eq!(started.elapsed(), Duration::from_secs(3601));
//! ```

// The rest of `std::time`, as a re-export: the pages here are the facades'.
#[doc(no_inline)]
pub use ::std::time::*;

use ::core::fmt;
use ::core::ops::{Add, AddAssign, Sub, SubAssign};
use ::std::time as std_time;

use crate::patchable;

/// A point in wall-clock time: [`std::time::SystemTime`], with a [`now`](SystemTime::now)
/// that tests can fake.
///
/// ```
/// use patchable::std::time::{Duration, SystemTime, UNIX_EPOCH};
///
/// let start = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// let _now = patchable::patch!(SystemTime::now).returns(start);
/// assert_eq!(SystemTime::now(), start);
/// assert_eq!(start.elapsed().ok(), Some(Duration::ZERO)); // `elapsed` asks the same clock
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct SystemTime(std_time::SystemTime);

/// 1970-01-01 00:00:00 UTC, as a facade [`SystemTime`]: [`std::time::UNIX_EPOCH`].
///
/// ```
/// use patchable::std::time::{SystemTime, UNIX_EPOCH};
///
/// assert_eq!(UNIX_EPOCH, SystemTime::from(std::time::UNIX_EPOCH));
/// ```
pub const UNIX_EPOCH: SystemTime = SystemTime::UNIX_EPOCH;

impl SystemTime {
    /// 1970-01-01 00:00:00 UTC: [`std::time::SystemTime::UNIX_EPOCH`].
    ///
    /// ```
    /// use patchable::std::time::{SystemTime, UNIX_EPOCH};
    ///
    /// assert_eq!(SystemTime::UNIX_EPOCH, UNIX_EPOCH);
    /// ```
    pub const UNIX_EPOCH: SystemTime = SystemTime(std_time::UNIX_EPOCH);

    /// The current time: [`std::time::SystemTime::now`], unless a test fakes it.
    ///
    /// ```
    /// use patchable::std::time::{Duration, SystemTime, UNIX_EPOCH};
    ///
    /// let noon = UNIX_EPOCH + Duration::from_secs(12 * 3600);
    /// let _clock = patchable::patch!(SystemTime::now).returns(noon);
    /// assert_eq!(SystemTime::now(), noon);
    /// ```
    #[patchable]
    #[inline]
    pub fn now() -> SystemTime {
        SystemTime(std_time::SystemTime::now())
    }

    /// How long after `earlier` this time is, or an error holding how long before:
    /// [`std::time::SystemTime::duration_since`].
    ///
    /// ```
    /// use patchable::std::time::{Duration, UNIX_EPOCH};
    ///
    /// let later = UNIX_EPOCH + Duration::from_secs(5);
    /// assert_eq!(later.duration_since(UNIX_EPOCH).ok(), Some(Duration::from_secs(5)));
    /// assert!(UNIX_EPOCH.duration_since(later).is_err());
    /// ```
    #[inline]
    pub fn duration_since(&self, earlier: SystemTime) -> Result<Duration, SystemTimeError> {
        self.0.duration_since(earlier.0)
    }

    /// How long ago this time was, by [`SystemTime::now`] (faked where a test fakes it):
    /// [`std::time::SystemTime::elapsed`].
    ///
    /// ```
    /// use patchable::std::time::{Duration, FakeClock, UNIX_EPOCH};
    ///
    /// let clock = FakeClock::at(UNIX_EPOCH + Duration::from_secs(60));
    /// assert_eq!(UNIX_EPOCH.elapsed().ok(), Some(Duration::from_secs(60)));
    /// clock.advance(Duration::from_secs(1));
    /// assert_eq!(UNIX_EPOCH.elapsed().ok(), Some(Duration::from_secs(61)));
    /// ```
    #[inline]
    pub fn elapsed(&self) -> Result<Duration, SystemTimeError> {
        SystemTime::now().duration_since(*self)
    }
}

/// A reading of a monotonic clock: [`std::time::Instant`], with a
/// [`now`](Instant::now) that tests can fake.
///
/// ```
/// use patchable::std::time::{Duration, FakeClock, Instant, UNIX_EPOCH};
///
/// let clock = FakeClock::at(UNIX_EPOCH);
/// let start = Instant::now();
/// clock.advance(Duration::from_millis(250));
/// assert_eq!(start.elapsed(), Duration::from_millis(250));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Instant(std_time::Instant);

impl Instant {
    /// The monotonic clock's current reading: [`std::time::Instant::now`], unless a test
    /// fakes it.
    ///
    /// ```
    /// use patchable::std::time::{Duration, Instant};
    ///
    /// let start = Instant::now();
    /// let _later = patchable::patch!(Instant::now).returns(start + Duration::from_secs(9));
    /// assert_eq!(start.elapsed(), Duration::from_secs(9));
    /// ```
    #[patchable]
    #[inline]
    pub fn now() -> Instant {
        Instant(std_time::Instant::now())
    }

    /// How long after `earlier` this reading is, zero if it is not later:
    /// [`std::time::Instant::duration_since`].
    ///
    /// ```
    /// use patchable::std::time::{Duration, Instant};
    ///
    /// let start = Instant::now();
    /// let later = start + Duration::from_secs(3);
    /// assert_eq!(later.duration_since(start), Duration::from_secs(3));
    /// assert_eq!(start.duration_since(later), Duration::ZERO);
    /// ```
    #[inline]
    pub fn duration_since(&self, earlier: Instant) -> Duration {
        self.0.duration_since(earlier.0)
    }

    /// How long after `earlier` this reading is, `None` if it is not later:
    /// [`std::time::Instant::checked_duration_since`].
    ///
    /// ```
    /// use patchable::std::time::{Duration, Instant};
    ///
    /// let start = Instant::now();
    /// let later = start + Duration::from_secs(3);
    /// assert_eq!(later.checked_duration_since(start), Some(Duration::from_secs(3)));
    /// assert_eq!(start.checked_duration_since(later), None);
    /// ```
    #[inline]
    pub fn checked_duration_since(&self, earlier: Instant) -> Option<Duration> {
        self.0.checked_duration_since(earlier.0)
    }

    /// How long after `earlier` this reading is, zero if it is not later:
    /// [`std::time::Instant::saturating_duration_since`].
    ///
    /// ```
    /// use patchable::std::time::{Duration, Instant};
    ///
    /// let start = Instant::now();
    /// assert_eq!(start.saturating_duration_since(start + Duration::from_secs(1)), Duration::ZERO);
    /// ```
    #[inline]
    pub fn saturating_duration_since(&self, earlier: Instant) -> Duration {
        self.0.saturating_duration_since(earlier.0)
    }

    /// How long ago this reading was, by [`Instant::now`] (faked where a test fakes it):
    /// [`std::time::Instant::elapsed`].
    ///
    /// ```
    /// use patchable::std::time::{Duration, FakeClock, Instant, UNIX_EPOCH};
    ///
    /// let clock = FakeClock::at(UNIX_EPOCH);
    /// let start = Instant::now();
    /// assert_eq!(start.elapsed(), Duration::ZERO); // time stands still under a fake clock
    /// clock.advance(Duration::from_secs(2));
    /// assert_eq!(start.elapsed(), Duration::from_secs(2));
    /// ```
    #[inline]
    pub fn elapsed(&self) -> Duration {
        Instant::now().duration_since(*self)
    }
}

impl Sub<Instant> for Instant {
    type Output = Duration;

    /// [`Instant::duration_since`].
    #[inline]
    fn sub(self, earlier: Instant) -> Duration {
        self.duration_since(earlier)
    }
}

/// What both wrappers share: `checked_add` and `checked_sub`; `Debug` as std's; `From`
/// both ways; `+`, `-`, `+=` and `-=` with a `Duration`, which panic on overflow as std's
/// do. The doc examples start at `$start`, with `$imports` in scope.
macro_rules! wrapper {
    ($($time:ident: $imports:literal, $start:literal;)*) => {$(
        impl $time {
            #[doc = concat!(
                "`self` moved forward by `duration`, or `None` where that overflows: ",
                "[`std::time::", stringify!($time), "::checked_add`].",
            )]
            ///
            /// ```
            #[doc = concat!("use patchable::std::time::{", $imports, "};")]
            ///
            #[doc = concat!("let start = ", $start, ";")]
            /// let later = start.checked_add(Duration::from_secs(2));
            /// assert_eq!(later, Some(start + Duration::from_secs(2)));
            /// assert_eq!(start.checked_add(Duration::MAX), None);
            /// ```
            #[inline]
            pub fn checked_add(&self, duration: Duration) -> Option<$time> {
                self.0.checked_add(duration).map($time)
            }

            #[doc = concat!(
                "`self` moved back by `duration`, or `None` where that overflows: ",
                "[`std::time::", stringify!($time), "::checked_sub`].",
            )]
            ///
            /// ```
            #[doc = concat!("use patchable::std::time::{", $imports, "};")]
            ///
            #[doc = concat!("let start = ", $start, ";")]
            /// let later = start + Duration::from_secs(2);
            /// assert_eq!(later.checked_sub(Duration::from_secs(2)), Some(start));
            /// ```
            #[inline]
            pub fn checked_sub(&self, duration: Duration) -> Option<$time> {
                self.0.checked_sub(duration).map($time)
            }
        }

        /// As std's: the wrapper does not show.
        impl fmt::Debug for $time {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<std_time::$time> for $time {
            #[inline]
            fn from(time: std_time::$time) -> Self {
                $time(time)
            }
        }

        impl From<$time> for std_time::$time {
            #[inline]
            fn from(time: $time) -> Self {
                time.0
            }
        }

        impl Add<Duration> for $time {
            type Output = $time;

            #[inline]
            fn add(self, duration: Duration) -> $time {
                $time(self.0 + duration)
            }
        }

        impl AddAssign<Duration> for $time {
            #[inline]
            fn add_assign(&mut self, duration: Duration) {
                self.0 += duration;
            }
        }

        impl Sub<Duration> for $time {
            type Output = $time;

            #[inline]
            fn sub(self, duration: Duration) -> $time {
                $time(self.0 - duration)
            }
        }

        impl SubAssign<Duration> for $time {
            #[inline]
            fn sub_assign(&mut self, duration: Duration) {
                self.0 -= duration;
            }
        }
    )*};
}

wrapper! {
    SystemTime: "Duration, UNIX_EPOCH", "UNIX_EPOCH";
    Instant: "Duration, Instant", "Instant::now()";
}

#[cfg(any(test, feature = "enable"))]
mod fake;

#[cfg(any(test, feature = "enable"))]
pub use fake::FakeClock;
