//! Panics of global and context replacements on threads other than the test's: kept
//! here, and raised by the layer's guard on the test's thread, since the thread that
//! panicked may be a runtime's worker that swallows it, and the test would pass.

use core::any::Any;
use core::num::NonZeroU64;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::thread;

/// How many panics are kept: a guard looks at the list only when there are some.
static KEPT: AtomicUsize = AtomicUsize::new(0);
static FAILURES: parking_lot::Mutex<Vec<Failure>> = parking_lot::Mutex::new(Vec::new());

/// A panic of a replacement on another thread than the one that installed it.
struct Failure {
    /// The layer, by its install order (unique in the process): an address could be a
    /// newer node's by the time its guard looks.
    layer: NonZeroU64,
    thread: String,
    message: String,
}

/// Keeps the panic with `payload` of the replacement of the layer `layer`, on this thread.
#[cold]
pub(crate) fn keep(layer: NonZeroU64, payload: &(dyn Any + Send)) {
    let current = thread::current();
    let thread = match current.name() {
        Some(name) => format!("`{name}`"),
        None => format!("{:?}", current.id()),
    };
    let message = match (
        payload.downcast_ref::<&str>(),
        payload.downcast_ref::<String>(),
    ) {
        (Some(message), _) => (*message).to_owned(),
        (_, Some(message)) => message.clone(),
        _ => "a panic without a message".to_owned(),
    };
    FAILURES.lock().push(Failure {
        layer,
        thread,
        message,
    });
    KEPT.fetch_add(1, Relaxed);
}

/// The panics kept for the layer `layer`, one line each, if there are any; `take` takes
/// them out (the guard's drop), else they stay (`verify`).
#[inline]
pub(crate) fn of(layer: NonZeroU64, take: bool) -> Option<String> {
    match KEPT.load(Relaxed) {
        0 => None,
        _ => of_now(layer, take),
    }
}

#[cold]
fn of_now(layer: NonZeroU64, take: bool) -> Option<String> {
    let mut failures = FAILURES.lock();
    let mut lines = String::new();
    let before = failures.len();
    failures.retain(|failure| {
        let this = failure.layer == layer;
        if this {
            lines.push_str(&format!(
                "\n  on thread {}: {}",
                failure.thread, failure.message
            ));
        }
        !(this && take)
    });
    KEPT.fetch_sub(before - failures.len(), Relaxed);
    (!lines.is_empty()).then_some(lines)
}
