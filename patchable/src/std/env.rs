//! `std::env`, with [`var`], [`var_os`], [`vars`] and [`vars_os`] that tests can fake,
//! and [`set`] and [`remove`] to give a variable another value for one test only.
//!
//! `use patchable::std::env;` replaces `use std::env;`; the rest of `std::env`
//! (`args`, `current_dir`, `VarError`, …) is std's, re-exported.
//!
//! Setting a variable for a test with `std::env::set_var` changes it for the whole
//! process, under every test running at the same time — which is why Rust 2024 made it
//! `unsafe`. [`set`] and [`remove`] change nothing in the process: they overlay one
//! variable for the reads that go through these facades, on this thread, while their
//! guard lives. Other variables read through, so overlays stack.
//!
//! ```
//! use patchable::std::env;
//!
//! let _mode = env::set("APP_MODE", "test");
//! let _home = env::remove("APP_HOME");
//! assert_eq!(env::var("APP_MODE").as_deref(), Ok("test"));
//! assert_eq!(env::var_os("APP_HOME"), None);
//! assert!(env::vars().any(|(key, value)| key == "APP_MODE" && value == "test"));
//! ```
//!
//! The reads all go through two hooks, [`hooks::var_os`] and [`hooks::vars_os`], which a
//! test can also patch itself.

// The rest of `std::env`, as a re-export: the pages here are the facades'.
#[doc(no_inline)]
pub use ::std::env::*;

use ::std::ffi::{OsStr, OsString};

/// The value of the environment variable `key`, as a `String`: [`std::env::var`], unless
/// a test fakes it ([`set`], [`remove`], or a patch of [`hooks::var_os`]).
///
/// # Errors
///
/// [`VarError::NotPresent`] when the variable is not set (or is removed by a test),
/// [`VarError::NotUnicode`] when its value is not valid unicode.
///
/// ```
/// use patchable::std::env;
///
/// let _port = env::set("PORT", "8080");
/// assert_eq!(env::var("PORT"), Ok("8080".to_string()));
/// assert_eq!(env::var("SURELY_NOT_SET_ANYWHERE"), Err(env::VarError::NotPresent));
/// ```
#[inline]
pub fn var<K: AsRef<OsStr>>(key: K) -> Result<String, VarError> {
    match hooks::var_os(key.as_ref()) {
        Some(value) => value.into_string().map_err(VarError::NotUnicode),
        None => Err(VarError::NotPresent),
    }
}

/// The value of the environment variable `key`, if it is set: [`std::env::var_os`],
/// unless a test fakes it ([`set`], [`remove`], or a patch of [`hooks::var_os`]).
///
/// ```
/// use patchable::std::env;
/// use std::ffi::OsString;
///
/// let _port = env::set("PORT", "8080");
/// assert_eq!(env::var_os("PORT"), Some(OsString::from("8080")));
/// ```
#[inline]
pub fn var_os<K: AsRef<OsStr>>(key: K) -> Option<OsString> {
    hooks::var_os(key.as_ref())
}

/// The environment variables, with what tests overlay: [`std::env::vars`].
///
/// # Panics
///
/// While iterating, as std's does, at a variable whose name or value is not valid
/// unicode: use [`vars_os`] where that may be.
///
/// ```
/// use patchable::std::env;
///
/// let _region = env::set("REGION", "eu-west");
/// let region = env::vars().find(|(key, _)| key == "REGION").map(|(_, value)| value);
/// assert_eq!(region.as_deref(), Some("eu-west"));
/// ```
#[inline]
pub fn vars() -> Vars {
    Vars { inner: vars_os() }
}

/// The environment variables, as `OsString`s, with what tests overlay:
/// [`std::env::vars_os`].
///
/// ```
/// use patchable::std::env;
///
/// let _gone = env::remove("PATH");
/// assert!(env::vars_os().all(|(key, _)| key != "PATH"));
/// ```
#[inline]
pub fn vars_os() -> VarsOs {
    VarsOs::new()
}

/// The iterator [`vars`] returns: `(name, value)` pairs of `String`s, as
/// [`std::env::Vars`].
///
/// ```
/// use patchable::std::env;
///
/// let _set = env::set("COLOR", "blue");
/// let vars: env::Vars = env::vars();
/// assert!(vars.into_iter().any(|(key, value)| key == "COLOR" && value == "blue"));
/// ```
#[derive(Debug)]
pub struct Vars {
    inner: VarsOs,
}

impl Iterator for Vars {
    type Item = (String, String);

    fn next(&mut self) -> Option<(String, String)> {
        let (key, value) = self.inner.next()?;
        match (key.into_string(), value.into_string()) {
            (Ok(key), Ok(value)) => Some((key, value)),
            (key, _) => {
                let name = key.unwrap_or_else(|name| name.to_string_lossy().into_owned());
                panic!(
                    "the name or value of the environment variable {name:?} is not valid \
                     unicode: `env::vars` panics there as std's does, `env::vars_os` does not"
                )
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

/// The iterator [`vars_os`] returns: `(name, value)` pairs of `OsString`s, as
/// [`std::env::VarsOs`].
///
/// ```
/// use patchable::std::env;
///
/// let _set = env::set("COLOR", "blue");
/// let vars: env::VarsOs = env::vars_os();
/// assert!(vars.into_iter().any(|(key, value)| key == "COLOR" && value == "blue"));
/// ```
#[derive(Debug)]
pub struct VarsOs {
    // With patching off nothing overlays a variable, and this is std's iterator.
    #[cfg(not(any(test, feature = "enable")))]
    inner: ::std::env::VarsOs,
    #[cfg(any(test, feature = "enable"))]
    inner: ::std::vec::IntoIter<(OsString, OsString)>,
}

impl VarsOs {
    #[inline]
    fn new() -> VarsOs {
        #[cfg(not(any(test, feature = "enable")))]
        let inner = ::std::env::vars_os();
        #[cfg(any(test, feature = "enable"))]
        let inner = hooks::vars_os().into_iter();
        VarsOs { inner }
    }
}

impl Iterator for VarsOs {
    type Item = (OsString, OsString);

    #[inline]
    fn next(&mut self) -> Option<(OsString, OsString)> {
        self.inner.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

pub mod hooks {
    //! The marked fns that the reads of [`super`] go through: patch these to fake what
    //! [`var`](super::var), [`var_os`](super::var_os), [`vars`](super::vars) and
    //! [`vars_os`](super::vars_os) see, beyond what [`set`](super::set) and
    //! [`remove`](super::remove) do.
    //!
    //! A replacement that calls the hook itself reaches the next layer down — the real
    //! environment, or an older overlay — so it can fake some variables and read the rest
    //! through.
    //!
    //! ```
    //! use patchable::patch;
    //! use patchable::std::env;
    //!
    //! // Every variable named `*_URL` points at a test server.
    //! let _urls = patch!(env::hooks::var_os).with(|key| match key.to_str() {
    //!     Some(name) if name.ends_with("_URL") => Some("http://127.0.0.1:9".into()),
    //!     _ => env::hooks::var_os(key),
    //! });
    //! assert_eq!(env::var("BILLING_URL").as_deref(), Ok("http://127.0.0.1:9"));
    //! ```

    use ::std::ffi::{OsStr, OsString};
    use ::std::vec::Vec;

    use crate::patchable;

    /// The value of the environment variable `key`, if it is set:
    /// [`std::env::var_os`]. [`var`](super::var) and [`var_os`](super::var_os) read it.
    ///
    /// ```
    /// use patchable::patch;
    /// use patchable::std::env;
    ///
    /// let reads = patch!(env::hooks::var_os).spy();
    /// let _ = env::var("HOME");
    /// assert_eq!(reads.calls(), 1);
    /// ```
    #[patchable]
    #[inline]
    pub fn var_os(key: &OsStr) -> Option<OsString> {
        ::std::env::var_os(key)
    }

    /// The environment variables: [`std::env::vars_os`], collected. Where patching is
    /// on, [`vars`](super::vars) and [`vars_os`](super::vars_os) read it.
    ///
    /// ```
    /// use patchable::patch;
    /// use patchable::std::env;
    ///
    /// let _only = patch!(env::hooks::vars_os).with(|| vec![("ONLY".into(), "one".into())]);
    /// assert_eq!(env::vars().collect::<Vec<_>>(), [("ONLY".to_string(), "one".to_string())]);
    /// ```
    #[patchable]
    pub fn vars_os() -> Vec<(OsString, OsString)> {
        ::std::env::vars_os().collect()
    }
}

#[cfg(any(test, feature = "enable"))]
mod overlay;

#[cfg(any(test, feature = "enable"))]
pub use overlay::{
    VarOverlay, remove, remove_global, remove_in_context, set, set_global, set_in_context,
};
