//! What `verify()` reports: an expectation that the calls so far do not meet.

use core::fmt;

/// An unmet expectation, as [`Guard::verify`](crate::Guard::verify) and
/// [`Sequence::verify`](crate::Sequence::verify) report it: the message the drop would
/// panic with, which names the function, what was expected, and the calls made.
///
/// ```
/// use patchable::{patch, patchable};
///
/// #[patchable]
/// fn ping() {}
///
/// let guard = patch!(ping).times(2).spy();
/// ping();
/// let mismatch = guard.verify().unwrap_err();
/// assert!(mismatch.to_string().starts_with("`"));
/// assert!(mismatch.to_string().contains("expected to be called 2 times"));
/// ping();
/// assert!(guard.verify().is_ok());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Mismatch {
    message: String,
}

impl Mismatch {
    pub(crate) fn new(message: String) -> Self {
        Mismatch { message }
    }

    /// Panics with the message, as a guard or sequence does when it drops.
    #[cold]
    pub(crate) fn raise(self) -> ! {
        panic!("{}", self.message)
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The message itself, so that `verify().unwrap()` shows it as written.
impl fmt::Debug for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Mismatch {}
