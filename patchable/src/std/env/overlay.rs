//! [`set`] and [`remove`]: one variable overlaid on the environment the facades read.

use ::std::ffi::{OsStr, OsString};
use ::std::vec::Vec;

use super::hooks;
use crate::std::Reach;
use crate::{Guard, patch};

/// Gives the environment variable `key` the value `value` for the reads of this thread
/// that go through [`var`](super::var), [`var_os`](super::var_os), [`vars`](super::vars)
/// and [`vars_os`](super::vars_os), while the returned guard lives.
///
/// Nothing in the process environment changes, so no `unsafe` is needed and other tests
/// never see the value: not even those that `cargo test` runs at the same time. Other
/// variables read through; overlays of several variables stack, and the newest overlay of
/// one variable wins until its guard drops. For code under test that reads the variable
/// on other threads, use [`set_global`]. Names compare exactly as written, also on
/// Windows, whose environment ignores their case.
///
/// ```
/// use patchable::std::env;
///
/// let _mode = env::set("APP_MODE", "test");
/// let _level = env::set("LOG_LEVEL", "debug");
/// assert_eq!(env::var("APP_MODE").as_deref(), Ok("test"));
/// assert_eq!(env::var("LOG_LEVEL").as_deref(), Ok("debug"));
///
/// let seen = std::thread::spawn(|| env::var("APP_MODE")).join().unwrap();
/// assert_eq!(seen, Err(env::VarError::NotPresent)); // another thread: the real environment
/// assert_eq!(std::env::var("APP_MODE"), Err(env::VarError::NotPresent)); // untouched
/// ```
pub fn set<K: AsRef<OsStr>, V: AsRef<OsStr>>(key: K, value: V) -> VarOverlay {
    VarOverlay::install(key.as_ref(), Some(value.as_ref()), Reach::Thread)
}

/// Makes the environment variable `key` unset for the reads of this thread that go
/// through [`var`](super::var), [`var_os`](super::var_os), [`vars`](super::vars) and
/// [`vars_os`](super::vars_os), while the returned guard lives. As [`set`], nothing in the
/// process changes.
///
/// ```
/// use patchable::std::env;
///
/// let _no_path = env::remove("PATH");
/// assert_eq!(env::var("PATH"), Err(env::VarError::NotPresent));
/// assert!(std::env::var_os("PATH").is_some()); // the process still has it
/// ```
pub fn remove<K: AsRef<OsStr>>(key: K) -> VarOverlay {
    VarOverlay::install(key.as_ref(), None, Reach::Thread)
}

/// As [`set`], for every thread: for code under test that reads the variable on threads
/// of its own.
///
/// Every test running at the same time sees the value through the facades; tests that
/// overlay variables globally take turns (see [global patches](crate#global-patches)).
///
/// ```
/// use patchable::std::env;
///
/// let _region = env::set_global("REGION", "eu-west");
/// let seen = std::thread::spawn(|| env::var("REGION")).join().unwrap();
/// assert_eq!(seen.as_deref(), Ok("eu-west"));
/// ```
pub fn set_global<K: AsRef<OsStr>, V: AsRef<OsStr>>(key: K, value: V) -> VarOverlay {
    VarOverlay::install(key.as_ref(), Some(value.as_ref()), Reach::Global)
}

/// As [`remove`], for every thread: for code under test that reads the variable on
/// threads of its own.
///
/// ```
/// use patchable::std::env;
///
/// let _no_home = env::remove_global("HOME");
/// let seen = std::thread::spawn(|| env::var_os("HOME")).join().unwrap();
/// assert_eq!(seen, None);
/// ```
pub fn remove_global<K: AsRef<OsStr>>(key: K) -> VarOverlay {
    VarOverlay::install(key.as_ref(), None, Reach::Global)
}

/// As [`set`], for the threads and tasks of the test's [`Context`](crate::Context): for
/// code under test that reads the variable on threads of its own, without other tests
/// seeing the value or taking turns with them.
///
/// ```
/// use patchable::Context;
/// use patchable::std::env;
///
/// let _region = env::set_in_context("REGION", "eu-west");
/// let cx = Context::current();
/// let inside = std::thread::spawn(cx.wrap(|| env::var("REGION"))).join().unwrap();
/// let outside = std::thread::spawn(|| env::var("REGION")).join().unwrap();
/// assert_eq!(inside.as_deref(), Ok("eu-west"));
/// assert!(outside.is_err());
/// ```
pub fn set_in_context<K: AsRef<OsStr>, V: AsRef<OsStr>>(key: K, value: V) -> VarOverlay {
    VarOverlay::install(key.as_ref(), Some(value.as_ref()), Reach::Context)
}

/// As [`remove`], for the threads and tasks of the test's [`Context`](crate::Context).
///
/// ```
/// use patchable::Context;
/// use patchable::std::env;
///
/// let _no_home = env::remove_in_context("HOME");
/// let cx = Context::current();
/// let seen = std::thread::spawn(cx.wrap(|| env::var_os("HOME"))).join().unwrap();
/// assert_eq!(seen, None);
/// ```
pub fn remove_in_context<K: AsRef<OsStr>>(key: K) -> VarOverlay {
    VarOverlay::install(key.as_ref(), None, Reach::Context)
}

/// One variable overlaid by [`set`], [`remove`], [`set_global`], [`remove_global`],
/// [`set_in_context`] or [`remove_in_context`];
/// dropping it takes the overlay away.
///
/// ```
/// use patchable::std::env;
///
/// let overlay = env::set("FEATURE_X", "on");
/// assert_eq!(env::var("FEATURE_X").as_deref(), Ok("on"));
/// drop(overlay);
/// assert!(env::var("FEATURE_X").is_err());
/// ```
#[must_use = "the variable is read through as soon as the overlay drops; bind it: `let _var = …`"]
pub struct VarOverlay {
    _var_os: Guard,
    _vars_os: Guard,
}

impl VarOverlay {
    fn install(key: &OsStr, value: Option<&OsStr>, reach: Reach) -> VarOverlay {
        let key: OsString = key.to_owned();
        let value: Option<OsString> = value.map(OsStr::to_owned);
        let (read_key, read_value) = (key.clone(), value.clone());
        let read = move |asked: &OsStr| match asked == read_key {
            true => read_value.clone(),
            false => hooks::var_os(asked),
        };
        let list = move || overlaid(hooks::vars_os(), &key, value.as_ref());
        match reach {
            Reach::Thread => VarOverlay {
                _var_os: patch!(hooks::var_os).with(read),
                _vars_os: patch!(hooks::vars_os).with(list),
            },
            Reach::Context => VarOverlay {
                _var_os: patch!(hooks::var_os).in_context().with(read),
                _vars_os: patch!(hooks::vars_os).in_context().with(list),
            },
            Reach::Global => VarOverlay {
                _var_os: patch!(hooks::var_os).global().with(read),
                _vars_os: patch!(hooks::vars_os).global().with(list),
            },
        }
    }
}

/// The variables of the next layer down with `key` set to `value`, in its place, or
/// removed.
fn overlaid(
    mut vars: Vec<(OsString, OsString)>,
    key: &OsStr,
    value: Option<&OsString>,
) -> Vec<(OsString, OsString)> {
    let at = vars.iter().position(|(name, _)| name == key);
    match (at, value) {
        (Some(at), Some(value)) => vars[at].1 = value.clone(),
        (Some(at), None) => {
            vars.remove(at);
        }
        (None, Some(value)) => vars.push((key.to_owned(), value.clone())),
        (None, None) => {}
    }
    vars
}
