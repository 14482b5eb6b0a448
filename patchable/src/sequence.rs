//! Call order across functions: a [`Sequence`] that patches join, checked when it drops.

use core::fmt::{self, Write as _};
use core::panic::Location;
use std::sync::Arc;

use crate::mismatch::Mismatch;
use crate::records::Listed;
use crate::target::Name;

/// Expects the patches that join it to be called in the order they joined, across
/// functions, methods and threads: the calls of the first, then of the second, and so on.
///
/// A patch joins with [`.in_sequence(&seq)`](crate::verbs::in_sequence) before its
/// installing verb (a [spy](crate::verbs::spy) too, to check the order of calls that run
/// the original). Each call that reaches a patch of the sequence is logged; when the
/// sequence drops, a call of an earlier patch after one of a later patch, or a patch never
/// called, panics with the calls in the order they happened — each with what its patch
/// kept of it, for a patch that [records](crate::verbs::record) — unless the thread
/// already panics. [`verify`](Sequence::verify) checks the same without panicking.
///
/// Declare the sequence before the guards, so that it drops after them, having seen every
/// call.
///
/// ```
/// use patchable::{Sequence, patch, patchable};
///
/// #[patchable]
/// fn open(path: &str) -> u32 {
///     path.len() as u32
/// }
///
/// #[patchable]
/// fn write(handle: u32, bytes: &[u8]) -> usize {
///     bytes.len() + handle as usize * 0
/// }
///
/// #[patchable]
/// fn close(handle: u32) {}
///
/// fn save(path: &str, bytes: &[u8]) {
///     let handle = open(path);
///     write(handle, bytes);
///     close(handle);
/// }
///
/// let order = Sequence::new();
/// let _open = patch!(open).in_sequence(&order).returns(3);
/// let _write = patch!(write).in_sequence(&order).spy();
/// let _close = patch!(close).in_sequence(&order).spy();
/// save("a.txt", b"hello");
/// assert!(order.verify().is_ok());
///
/// close(3); // `close` again is fine: it is the last of the sequence
/// write(3, b"late");
/// let mismatch = order.verify().unwrap_err();
/// assert!(mismatch.to_string().contains("write` was called after `"));
/// // Dropping the sequence now panics with the same message.
/// let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(order)));
/// assert!(dropped.is_err());
/// ```
#[must_use = "a sequence checks the order of calls when it drops; bind it: `let order = …`"]
pub struct Sequence {
    log: Arc<Log>,
    made_at: &'static Location<'static>,
}

/// What the members of a sequence share: who joined, and the calls so far.
struct Log {
    state: parking_lot::Mutex<LogState>,
}

#[derive(Default)]
struct LogState {
    /// The members' functions, in the order they joined.
    members: Vec<Name>,
    /// The calls that reached members, in the order they happened: by member, with what
    /// the member's `.record` kept of the call, if it records.
    calls: Vec<(usize, Option<String>)>,
}

/// One patch's place in a sequence, kept by its layer.
pub(crate) struct Member {
    log: Arc<Log>,
    place: usize,
    /// The patch's records, if it keeps any: each logged call shows its record.
    records: Option<Arc<dyn Listed + Send + Sync>>,
}

impl Member {
    /// Logs a call that reached the member's layer (after its record, if any, was made).
    pub(crate) fn called(&self) {
        let record = self
            .records
            .as_ref()
            .and_then(|records| records.last_listed());
        self.log.state.lock().calls.push((self.place, record));
    }

    /// Shows `records`' latest value with each call logged.
    pub(crate) fn show_records(&mut self, records: Arc<dyn Listed + Send + Sync>) {
        self.records = Some(records);
    }
}

impl Sequence {
    /// An empty sequence; patches join it with
    /// [`.in_sequence(&seq)`](crate::verbs::in_sequence).
    #[track_caller]
    pub fn new() -> Self {
        Sequence {
            log: Arc::new(Log {
                state: parking_lot::Mutex::new(LogState::default()),
            }),
            made_at: Location::caller(),
        }
    }

    /// The next place of the sequence, for a patch of `name`.
    pub(crate) fn join(&self, name: Name) -> Member {
        let mut state = self.log.state.lock();
        state.members.push(name);
        Member {
            log: Arc::clone(&self.log),
            place: state.members.len() - 1,
            records: None,
        }
    }

    /// Checks the calls so far, as the drop does, without panicking and without forgetting
    /// them: `Err` tells what went wrong and lists the calls in the order they happened.
    ///
    /// ```
    /// use patchable::{Sequence, patch, patchable};
    ///
    /// #[patchable]
    /// fn connect() {}
    ///
    /// #[patchable]
    /// fn send(bytes: &[u8]) {}
    ///
    /// let order = Sequence::new();
    /// let _connect = patch!(connect).in_sequence(&order).spy();
    /// let _send = patch!(send).in_sequence(&order).spy();
    /// connect();
    /// let early = order.verify().unwrap_err(); // `send` was not called yet
    /// assert!(early.to_string().contains("send` was never called"));
    /// send(b"hello");
    /// assert_eq!(order.verify(), Ok(()));
    /// ```
    pub fn verify(&self) -> Result<(), Mismatch> {
        let state = self.log.state.lock();
        let Some(problem) = state.problem() else {
            return Ok(());
        };
        let mut message = problem;
        state.list_calls(&mut message);
        // Writing to a `String` cannot fail.
        let _ = write!(message, "\n(the sequence made at {})", self.made_at);
        Err(Mismatch::new(message))
    }
}

impl LogState {
    /// What breaks the order, if anything: the first call of an earlier member after a
    /// later one, or else the first member never called.
    fn problem(&self) -> Option<String> {
        let mut latest = 0;
        for &(place, _) in &self.calls {
            if place < latest {
                return Some(format!(
                    "calls out of order: `{}` was called after `{}`, which comes later in \
                     the sequence",
                    self.members[place], self.members[latest],
                ));
            }
            latest = place;
        }
        let never = (0..self.members.len())
            .find(|&member| !self.calls.iter().any(|&(place, _)| place == member))?;
        Some(format!(
            "calls missing: `{}` was never called ({} of the sequence)",
            self.members[never],
            Ordinal(never + 1),
        ))
    }

    fn list_calls(&self, message: &mut String) {
        if self.calls.is_empty() {
            message.push_str("\nno call reached the sequence");
            return;
        }
        message.push_str("\nthe calls, in the order they happened:");
        for (number, (place, record)) in self.calls.iter().enumerate() {
            let _ = write!(message, "\n  {}. {}", number + 1, self.members[*place]);
            if let Some(record) = record {
                let _ = write!(message, ", recorded {record}");
            }
        }
    }
}

impl Default for Sequence {
    #[track_caller]
    fn default() -> Self {
        Sequence::new()
    }
}

impl Drop for Sequence {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if let Err(mismatch) = self.verify() {
            mismatch.raise();
        }
    }
}

impl fmt::Debug for Sequence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.log.state.lock();
        f.debug_struct("Sequence")
            .field("members", &state.members)
            .field(
                "calls",
                &state
                    .calls
                    .iter()
                    .map(|&(place, _)| state.members[place])
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// `1st`, `2nd`, `3rd`, `4th`…
struct Ordinal(usize);

impl fmt::Display for Ordinal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let suffix = match (self.0 % 10, self.0 % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        write!(f, "{}{suffix}", self.0)
    }
}
