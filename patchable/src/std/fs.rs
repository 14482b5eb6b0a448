//! `std::fs`, with the free functions a service uses most going through hooks that tests
//! can patch: to inject an `io::Error` (permission denied, disk full) or fixed contents
//! without a temporary directory.
//!
//! `use patchable::std::fs;` replaces `use std::fs;`; the rest of `std::fs` (`File`,
//! `OpenOptions`, `copy`, …) is std's, re-exported, and not faked.
//!
//! | facade | hook to patch | replacement takes |
//! |---|---|---|
//! | [`read`] | [`hooks::read`] | `path: &Path` |
//! | [`read_to_string`] | [`hooks::read_to_string`] | `path: &Path` |
//! | [`write()`] | [`hooks::write()`] | `path: &Path, contents: &[u8]` |
//! | [`metadata`] | [`hooks::metadata`] | `path: &Path` |
//! | [`remove_file`] | [`hooks::remove_file`] | `path: &Path` |
//! | [`create_dir_all`] | [`hooks::create_dir_all`] | `path: &Path` |
//! | [`read_dir`] | [`hooks::read_dir`] | `path: &Path` |
//!
//! The facades are generic over their path and contents as std's are; the hooks take
//! them borrowed, so one patch serves every caller, whatever type it passes. A
//! replacement that calls the hook itself reaches the next layer down (the real
//! filesystem), so it can fake one path and let the rest through:
//!
//! ```
//! use patchable::patch;
//! use patchable::std::fs;
//! use std::io::ErrorKind;
//! use std::path::Path;
//!
//! let _config = patch!(fs::hooks::read_to_string).with(|path| match path {
//!     path if path == Path::new("/etc/app.conf") => Ok("port = 8080\n".into()),
//!     path => fs::hooks::read_to_string(path),
//! });
//! let _locked = patch!(fs::hooks::write)
//!     .with(|_, _| Err(ErrorKind::PermissionDenied.into()));
//!
//! assert_eq!(fs::read_to_string("/etc/app.conf").unwrap(), "port = 8080\n");
//! assert_eq!(fs::read_to_string("/surely/not/here").unwrap_err().kind(), ErrorKind::NotFound);
//! assert_eq!(fs::write("out.txt", "x").unwrap_err().kind(), ErrorKind::PermissionDenied);
//! ```

// The rest of `std::fs`, as a re-export: the pages here are the facades'.
#[doc(no_inline)]
pub use ::std::fs::*;

use ::std::io;
use ::std::path::Path;
use ::std::string::String;
use ::std::vec::Vec;

/// The whole contents of a file: [`std::fs::read`], unless a test patches
/// [`hooks::read`].
///
/// # Errors
///
/// As [`std::fs::read`], or what the patch gives.
///
/// ```
/// use patchable::patch;
/// use patchable::std::fs;
///
/// let _logo = patch!(fs::hooks::read).with(|_| Ok(vec![0x89, b'P', b'N', b'G']));
/// assert_eq!(fs::read("logo.png").unwrap()[1..], *b"PNG");
/// ```
#[inline]
pub fn read<P: AsRef<Path>>(path: P) -> io::Result<Vec<u8>> {
    hooks::read(path.as_ref())
}

/// The whole contents of a file, as a `String`: [`std::fs::read_to_string`], unless a
/// test patches [`hooks::read_to_string`].
///
/// # Errors
///
/// As [`std::fs::read_to_string`], or what the patch gives.
///
/// ```
/// use patchable::patch;
/// use patchable::std::fs;
///
/// let _motd = patch!(fs::hooks::read_to_string).with(|_| Ok("hello\n".into()));
/// assert_eq!(fs::read_to_string("/etc/motd").unwrap(), "hello\n");
/// ```
#[inline]
pub fn read_to_string<P: AsRef<Path>>(path: P) -> io::Result<String> {
    hooks::read_to_string(path.as_ref())
}

/// Writes `contents` to a file, replacing it: [`std::fs::write`], unless a test patches
/// [`hooks::write`].
///
/// # Errors
///
/// As [`std::fs::write`], or what the patch gives.
///
/// ```
/// use patchable::patch;
/// use patchable::std::fs;
/// use std::io::ErrorKind;
///
/// let _full = patch!(fs::hooks::write).with(|_, _| Err(ErrorKind::StorageFull.into()));
/// assert_eq!(fs::write("big.bin", [0; 16]).unwrap_err().kind(), ErrorKind::StorageFull);
/// ```
#[inline]
pub fn write<P: AsRef<Path>, C: AsRef<[u8]>>(path: P, contents: C) -> io::Result<()> {
    hooks::write(path.as_ref(), contents.as_ref())
}

/// A file's or directory's metadata, following symlinks: [`std::fs::metadata`], unless a
/// test patches [`hooks::metadata`].
///
/// # Errors
///
/// As [`std::fs::metadata`], or what the patch gives.
///
/// ```
/// use patchable::patch;
/// use patchable::std::fs;
/// use std::io::ErrorKind;
///
/// let _hidden = patch!(fs::hooks::metadata).with(|_| Err(ErrorKind::PermissionDenied.into()));
/// assert_eq!(fs::metadata(".").unwrap_err().kind(), ErrorKind::PermissionDenied);
/// ```
#[inline]
pub fn metadata<P: AsRef<Path>>(path: P) -> io::Result<Metadata> {
    hooks::metadata(path.as_ref())
}

/// Removes a file: [`std::fs::remove_file`], unless a test patches
/// [`hooks::remove_file`].
///
/// # Errors
///
/// As [`std::fs::remove_file`], or what the patch gives.
///
/// ```
/// use patchable::patch;
/// use patchable::std::fs;
///
/// let removed = patch!(fs::hooks::remove_file).with(|_| Ok(()));
/// fs::remove_file("/var/run/app.pid").unwrap();
/// assert_eq!(removed.calls(), 1);
/// ```
#[inline]
pub fn remove_file<P: AsRef<Path>>(path: P) -> io::Result<()> {
    hooks::remove_file(path.as_ref())
}

/// Creates a directory and its missing parents: [`std::fs::create_dir_all`], unless a
/// test patches [`hooks::create_dir_all`].
///
/// # Errors
///
/// As [`std::fs::create_dir_all`], or what the patch gives.
///
/// ```
/// use patchable::patch;
/// use patchable::std::fs;
/// use std::io::ErrorKind;
///
/// let _read_only = patch!(fs::hooks::create_dir_all)
///     .with(|_| Err(ErrorKind::ReadOnlyFilesystem.into()));
/// let error = fs::create_dir_all("/data/cache").unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::ReadOnlyFilesystem);
/// ```
#[inline]
pub fn create_dir_all<P: AsRef<Path>>(path: P) -> io::Result<()> {
    hooks::create_dir_all(path.as_ref())
}

/// The entries of a directory: [`std::fs::read_dir`], unless a test patches
/// [`hooks::read_dir`].
///
/// # Errors
///
/// As [`std::fs::read_dir`], or what the patch gives.
///
/// ```
/// use patchable::patch;
/// use patchable::std::fs;
/// use std::io::ErrorKind;
///
/// let _gone = patch!(fs::hooks::read_dir).with(|_| Err(ErrorKind::NotFound.into()));
/// assert_eq!(fs::read_dir(".").unwrap_err().kind(), ErrorKind::NotFound);
/// ```
#[inline]
pub fn read_dir<P: AsRef<Path>>(path: P) -> io::Result<ReadDir> {
    hooks::read_dir(path.as_ref())
}

pub mod hooks {
    //! The marked fns that the facades of [`super`] call, one each, with the path (and
    //! contents) borrowed: patch these.
    //!
    //! A replacement that calls the hook itself reaches the next layer down, so it can
    //! fake one path and read the others through:
    //!
    //! ```
    //! use patchable::patch;
    //! use patchable::std::fs;
    //! use std::io::ErrorKind;
    //!
    //! let _denied = patch!(fs::hooks::read).with(|path| match path.starts_with("/secrets") {
    //!     true => Err(ErrorKind::PermissionDenied.into()),
    //!     false => fs::hooks::read(path),
    //! });
    //! assert_eq!(fs::read("/secrets/key").unwrap_err().kind(), ErrorKind::PermissionDenied);
    //! assert_eq!(fs::read("/surely/not/here").unwrap_err().kind(), ErrorKind::NotFound);
    //! ```

    use ::std::fs::{Metadata, ReadDir};
    use ::std::io;
    use ::std::path::Path;
    use ::std::string::String;
    use ::std::vec::Vec;

    use crate::patchable;

    /// [`std::fs::read`], which [`fs::read`](super::read) calls.
    ///
    /// ```
    /// use patchable::patch;
    /// use patchable::std::fs;
    ///
    /// let _empty = patch!(fs::hooks::read).with(|_| Ok(Vec::new()));
    /// assert!(fs::read("data.bin").unwrap().is_empty());
    /// ```
    #[patchable]
    #[inline]
    pub fn read(path: &Path) -> io::Result<Vec<u8>> {
        ::std::fs::read(path)
    }

    /// [`std::fs::read_to_string`], which [`fs::read_to_string`](super::read_to_string)
    /// calls.
    ///
    /// ```
    /// use patchable::patch;
    /// use patchable::std::fs;
    ///
    /// let _conf = patch!(fs::hooks::read_to_string).with(|_| Ok("debug = true".into()));
    /// assert_eq!(fs::read_to_string("app.toml").unwrap(), "debug = true");
    /// ```
    #[patchable]
    #[inline]
    pub fn read_to_string(path: &Path) -> io::Result<String> {
        ::std::fs::read_to_string(path)
    }

    /// [`std::fs::write`], which [`fs::write`](super::write) calls.
    ///
    /// ```
    /// use patchable::patch;
    /// use patchable::std::fs;
    /// use std::cell::RefCell;
    /// use std::rc::Rc;
    ///
    /// let written = Rc::new(RefCell::new(Vec::new()));
    /// let sink = written.clone();
    /// let _capture = patch!(fs::hooks::write).with(move |path, contents| {
    ///     sink.borrow_mut().push((path.to_owned(), contents.to_vec()));
    ///     Ok(())
    /// });
    /// fs::write("report.txt", "done").unwrap();
    /// assert_eq!(written.borrow()[0], ("report.txt".into(), b"done".to_vec()));
    /// ```
    #[patchable]
    #[inline]
    pub fn write(path: &Path, contents: &[u8]) -> io::Result<()> {
        ::std::fs::write(path, contents)
    }

    /// [`std::fs::metadata`], which [`fs::metadata`](super::metadata) calls.
    ///
    /// ```
    /// use patchable::patch;
    /// use patchable::std::fs;
    ///
    /// // std's `Metadata` cannot be made up: ask std about another path.
    /// let _as_dir = patch!(fs::hooks::metadata).with(|_| fs::hooks::metadata(".".as_ref()));
    /// assert!(fs::metadata("/surely/not/here").unwrap().is_dir());
    /// ```
    #[patchable]
    #[inline]
    pub fn metadata(path: &Path) -> io::Result<Metadata> {
        ::std::fs::metadata(path)
    }

    /// [`std::fs::remove_file`], which [`fs::remove_file`](super::remove_file) calls.
    ///
    /// ```
    /// use patchable::patch;
    /// use patchable::std::fs;
    /// use std::io::ErrorKind;
    ///
    /// let _busy = patch!(fs::hooks::remove_file).with(|_| Err(ErrorKind::ResourceBusy.into()));
    /// assert_eq!(fs::remove_file("app.lock").unwrap_err().kind(), ErrorKind::ResourceBusy);
    /// ```
    #[patchable]
    #[inline]
    pub fn remove_file(path: &Path) -> io::Result<()> {
        ::std::fs::remove_file(path)
    }

    /// [`std::fs::create_dir_all`], which [`fs::create_dir_all`](super::create_dir_all)
    /// calls.
    ///
    /// ```
    /// use patchable::patch;
    /// use patchable::std::fs;
    ///
    /// let made = patch!(fs::hooks::create_dir_all).with(|_| Ok(()));
    /// fs::create_dir_all("/var/cache/app").unwrap();
    /// assert_eq!(made.calls(), 1);
    /// ```
    #[patchable]
    #[inline]
    pub fn create_dir_all(path: &Path) -> io::Result<()> {
        ::std::fs::create_dir_all(path)
    }

    /// [`std::fs::read_dir`], which [`fs::read_dir`](super::read_dir) calls.
    ///
    /// ```
    /// use patchable::patch;
    /// use patchable::std::fs;
    /// use std::io::ErrorKind;
    ///
    /// let _denied = patch!(fs::hooks::read_dir).with(|_| Err(ErrorKind::PermissionDenied.into()));
    /// assert_eq!(fs::read_dir("/root").unwrap_err().kind(), ErrorKind::PermissionDenied);
    /// ```
    #[patchable]
    #[inline]
    pub fn read_dir(path: &Path) -> io::Result<ReadDir> {
        ::std::fs::read_dir(path)
    }
}
