//! [`FakeClock`]: `now` and `sleep` patched onto one hand-moved time.

use ::core::time::Duration;
use ::std::sync::Arc;
use ::std::time as std_time;

use parking_lot::Mutex;

use super::{Instant, SystemTime};
use crate::std::{Reach, thread};
use crate::{Guard, patch};

/// A clock that stands still until the test moves it: [`SystemTime::now`] and
/// [`Instant::now`] read it, and [`thread::sleep`](crate::std::thread::sleep) returns at
/// once and moves it forward, for as long as the `FakeClock` lives.
///
/// [`FakeClock::at`] is seen by the thread that made it, so tests that `cargo test` runs
/// in parallel each have their own time; [`FakeClock::global_at`] by every thread.
/// Dropping it gives back the real clock (or the fake one it was made over).
///
/// ```
/// use patchable::std::thread;
/// use patchable::std::time::{Duration, FakeClock, Instant, SystemTime, UNIX_EPOCH};
///
/// let start = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// let clock = FakeClock::at(start);
/// let started = Instant::now();
/// assert_eq!(SystemTime::now(), start);
///
/// clock.advance(Duration::from_secs(60));
/// thread::sleep(Duration::from_secs(3600)); // returns at once
/// assert_eq!(SystemTime::now(), start + Duration::from_secs(3660));
/// assert_eq!(started.elapsed(), Duration::from_secs(3660));
/// assert_eq!(clock.now(), SystemTime::now());
/// ```
#[must_use = "the clock is real again as soon as the `FakeClock` drops; bind it: `let clock = …`"]
pub struct FakeClock {
    time: Arc<Mutex<FakeTime>>,
    _guards: [Guard; 3],
}

/// Where the fake clock started, and how far it has been moved since.
#[derive(Clone, Copy)]
struct FakeTime {
    system_start: SystemTime,
    instant_start: Instant,
    moved: Duration,
}

impl FakeTime {
    fn system_now(&self) -> SystemTime {
        self.system_start + self.moved
    }

    fn instant_now(&self) -> Instant {
        self.instant_start + self.moved
    }
}

impl FakeClock {
    /// A fake clock that reads `now` until moved, seen by this thread alone.
    ///
    /// [`Instant::now`] starts where the real monotonic clock is when the fake one is
    /// made, and moves with it.
    ///
    /// ```
    /// use patchable::std::time::{Duration, FakeClock, SystemTime, UNIX_EPOCH};
    ///
    /// let _clock = FakeClock::at(UNIX_EPOCH + Duration::from_secs(7));
    /// assert_eq!(SystemTime::now(), UNIX_EPOCH + Duration::from_secs(7));
    /// let other = std::thread::spawn(SystemTime::now).join().unwrap();
    /// assert!(other > UNIX_EPOCH + Duration::from_secs(1_000_000_000)); // the real clock
    /// ```
    pub fn at(now: SystemTime) -> FakeClock {
        FakeClock::install(now, Reach::Thread)
    }

    /// A fake clock that reads `now` until moved, seen by every thread: for code under
    /// test that reads the clock or sleeps on threads of its own.
    ///
    /// Like any global patch, it makes other tests that fake the clock globally at the
    /// same time wait until it drops (see [global patches](crate#global-patches)).
    ///
    /// ```
    /// use patchable::std::thread;
    /// use patchable::std::time::{Duration, FakeClock, SystemTime, UNIX_EPOCH};
    ///
    /// let clock = FakeClock::global_at(UNIX_EPOCH);
    /// let worker = std::thread::spawn(|| {
    ///     thread::sleep(Duration::from_secs(30)); // at once, and moves the clock
    ///     SystemTime::now()
    /// });
    /// assert_eq!(worker.join().unwrap(), UNIX_EPOCH + Duration::from_secs(30));
    /// assert_eq!(clock.now(), UNIX_EPOCH + Duration::from_secs(30));
    /// ```
    pub fn global_at(now: SystemTime) -> FakeClock {
        FakeClock::install(now, Reach::Global)
    }

    /// A fake clock that reads `now` until moved, seen by the threads and tasks of the
    /// test's [`Context`](crate::Context): for code under test that reads the clock or
    /// sleeps on threads of its own, without other tests seeing it or taking turns.
    ///
    /// ```
    /// use patchable::Context;
    /// use patchable::std::thread;
    /// use patchable::std::time::{Duration, FakeClock, SystemTime, UNIX_EPOCH};
    ///
    /// let clock = FakeClock::in_context_at(UNIX_EPOCH);
    /// let worker = std::thread::spawn(Context::current().wrap(|| {
    ///     thread::sleep(Duration::from_secs(30)); // at once, and moves the clock
    ///     SystemTime::now()
    /// }));
    /// assert_eq!(worker.join().unwrap(), UNIX_EPOCH + Duration::from_secs(30));
    /// assert_eq!(clock.now(), UNIX_EPOCH + Duration::from_secs(30));
    /// ```
    pub fn in_context_at(now: SystemTime) -> FakeClock {
        FakeClock::install(now, Reach::Context)
    }

    /// Moves the clock forward by `by`: [`SystemTime::now`] and [`Instant::now`] read
    /// `by` later than before.
    ///
    /// ```
    /// use patchable::std::time::{Duration, FakeClock, SystemTime, UNIX_EPOCH};
    ///
    /// let clock = FakeClock::at(UNIX_EPOCH);
    /// clock.advance(Duration::from_secs(90));
    /// assert_eq!(SystemTime::now(), UNIX_EPOCH + Duration::from_secs(90));
    /// ```
    pub fn advance(&self, by: Duration) {
        self.time.lock().moved += by;
    }

    /// What [`SystemTime::now`] reads under this clock.
    ///
    /// ```
    /// use patchable::std::time::{Duration, FakeClock, UNIX_EPOCH};
    ///
    /// let clock = FakeClock::at(UNIX_EPOCH);
    /// clock.advance(Duration::from_secs(1));
    /// assert_eq!(clock.now(), UNIX_EPOCH + Duration::from_secs(1));
    /// ```
    pub fn now(&self) -> SystemTime {
        self.time.lock().system_now()
    }

    /// How far the clock has moved since it was made: by [`advance`](FakeClock::advance)
    /// and by sleeps.
    ///
    /// ```
    /// use patchable::std::thread;
    /// use patchable::std::time::{Duration, FakeClock, UNIX_EPOCH};
    ///
    /// let clock = FakeClock::at(UNIX_EPOCH);
    /// thread::sleep(Duration::from_millis(1500));
    /// clock.advance(Duration::from_millis(500));
    /// assert_eq!(clock.elapsed(), Duration::from_secs(2));
    /// ```
    pub fn elapsed(&self) -> Duration {
        self.time.lock().moved
    }

    /// Patches `now` and `sleep` onto one fake time, for the threads `reach` says.
    fn install(now: SystemTime, reach: Reach) -> FakeClock {
        let time = Arc::new(Mutex::new(FakeTime {
            system_start: now,
            // The real monotonic clock, not one faked below this one: a fake `Instant` only
            // has to move with this clock, from wherever it starts.
            instant_start: Instant(std_time::Instant::now()),
            moved: Duration::ZERO,
        }));
        let (system, instant, sleep) = (time.clone(), time.clone(), time.clone());
        let system_now = move || system.lock().system_now();
        let instant_now = move || instant.lock().instant_now();
        let sleep = move |duration: Duration| sleep.lock().moved += duration;
        let _guards = match reach {
            Reach::Thread => [
                patch!(SystemTime::now).with(system_now),
                patch!(Instant::now).with(instant_now),
                patch!(thread::sleep).with(sleep),
            ],
            Reach::Context => [
                patch!(SystemTime::now).in_context().with(system_now),
                patch!(Instant::now).in_context().with(instant_now),
                patch!(thread::sleep).in_context().with(sleep),
            ],
            Reach::Global => [
                patch!(SystemTime::now).global().with(system_now),
                patch!(Instant::now).global().with(instant_now),
                patch!(thread::sleep).global().with(sleep),
            ],
        };
        FakeClock { time, _guards }
    }
}
