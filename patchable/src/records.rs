//! What `.record(…)` keeps of each call: values the test chose, read through the guard.

use core::fmt;

/// The values a recording patch made, one per call that reached it, in call order.
#[doc(hidden)]
pub struct Records<T> {
    values: parking_lot::Mutex<Vec<T>>,
    /// `T`'s `Debug`, for messages about the patch: the guard does not require it.
    debug: fn(&T, &mut fmt::Formatter<'_>) -> fmt::Result,
}

impl<T: fmt::Debug> Records<T> {
    #[cfg_attr(not(feature = "inspect"), allow(dead_code))]
    pub(crate) fn new() -> Self {
        Records {
            values: parking_lot::Mutex::new(Vec::new()),
            debug: T::fmt,
        }
    }
}

impl<T> Records<T> {
    /// Keeps the value of one call; `.record`'s inspector calls this.
    pub fn push(&self, value: T) {
        self.values.lock().push(value);
    }

    /// Runs `read` on the values so far.
    pub(crate) fn read<R>(&self, read: impl FnOnce(&mut Vec<T>) -> R) -> R {
        read(&mut self.values.lock())
    }
}

/// Records of any type, as a message lists them.
pub(crate) trait Listed {
    /// The values, one line each.
    fn listed(&self) -> String;
    /// The latest value, if any.
    fn last_listed(&self) -> Option<String>;
}

impl<T> Listed for Records<T> {
    fn last_listed(&self) -> Option<String> {
        let values = self.values.lock();
        let last = values.last()?;
        Some(format!("{:?}", Shown(last, self.debug)))
    }

    fn listed(&self) -> String {
        let values = self.values.lock();
        let mut listed = String::new();
        for (number, value) in values.iter().enumerate() {
            listed.push_str(&format!(
                "\n  {}. {:?}",
                number + 1,
                Shown(value, self.debug)
            ));
        }
        listed
    }
}

/// A value shown with a `Debug` fn.
struct Shown<'a, T>(&'a T, fn(&T, &mut fmt::Formatter<'_>) -> fmt::Result);

impl<T> fmt::Debug for Shown<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.1)(self.0, f)
    }
}
