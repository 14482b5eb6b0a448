//! Test contexts: the threads and tasks a test runs its code on, which patches made
//! with `.in_context()` follow, and nothing else sees.
//!
//! A context is a number. A thread is in at most one at a time (a thread-local), which a
//! test's own thread gets on its first `.in_context()` patch; threads and tasks join it
//! through a [`Context`] handle. A patch in context scope is a global layer that only
//! calls from threads in its context see, and that takes no turn: two tests patch the
//! same function in their contexts side by side.

use core::cell::Cell;
use core::future::Future;
use core::num::NonZeroU64;
use core::pin::Pin;
use core::sync::atomic::{AtomicU64, Ordering::Relaxed};
use core::task::{Context as TaskContext, Poll};

use crate::node::NotSend;

thread_local! {
    // The context this thread runs in; 0 for none. `const` and no `Drop`: a plain load.
    static CURRENT: Cell<u64> = const { Cell::new(0) };
}

/// The context of the calling thread, as a number layers compare; 0 for none.
#[inline]
pub(crate) fn current_id() -> u64 {
    CURRENT.with(Cell::get)
}

/// A test's context: the threads and tasks that see its `.in_context()` patches.
///
/// [`Context::current()`] gives the calling thread's context, making one if it has none;
/// a test's own thread is in it from then on. Code the test runs elsewhere joins it:
///
/// - a thread: [`cx.wrap(closure)`](Context::wrap) for `std::thread::spawn` (or
///   `thread::scope`), or [`cx.enter()`](Context::enter) inside the thread;
/// - a multi-threaded tokio runtime made for the test:
///   `Builder::new_multi_thread().on_thread_start(cx.joiner())` puts every worker in it;
/// - a future spawned onto a runtime the test does not own:
///   [`cx.bind(future)`](Context::bind) enters the context on every poll.
///
/// Every thread and task in the context sees the context's patches, as if they were
/// thread-scoped patches of each; other threads — other tests — never see them. A
/// replacement that panics on another thread fails the test: its guard panics when it
/// drops, naming the function, the thread and the message.
///
/// ```
/// use patchable::{Context, patch, patchable};
///
/// #[patchable]
/// fn rate(currency: &str) -> f64 {
///     unimplemented!("asks the bank about {currency}")
/// }
///
/// let _rate = patch!(rate).in_context().returns(2.0);
/// let cx = Context::current();
/// let worker = std::thread::spawn(cx.wrap(|| rate("EUR") * 3.0));
/// assert_eq!(worker.join().unwrap(), 6.0);
/// // A thread outside the context sees the original.
/// let outside = std::thread::spawn(|| std::panic::catch_unwind(|| rate("EUR")).is_err());
/// assert!(outside.join().unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    id: NonZeroU64,
}

impl Context {
    /// The calling thread's context; a new one, which the thread enters for good, if it
    /// is in none.
    pub fn current() -> Context {
        match NonZeroU64::new(current_id()) {
            Some(id) => Context { id },
            None => {
                static LAST: AtomicU64 = AtomicU64::new(0);
                // Relaxed: only uniqueness matters, which the read-modify-write gives.
                let id = LAST.fetch_add(1, Relaxed) + 1;
                CURRENT.with(|current| current.set(id));
                // 2^64 contexts cannot be made: the counter does not wrap.
                Context {
                    id: NonZeroU64::new(id).unwrap_or(NonZeroU64::MAX),
                }
            }
        }
    }

    pub(crate) fn id(self) -> u64 {
        self.id.get()
    }

    /// Puts the calling thread in this context until the returned guard drops, which
    /// puts it back in the context it was in.
    ///
    /// ```
    /// use patchable::{Context, patch, patchable};
    ///
    /// #[patchable]
    /// fn tick() -> u32 {
    ///     0
    /// }
    ///
    /// let _tick = patch!(tick).in_context().returns(1);
    /// let cx = Context::current();
    /// std::thread::scope(|scope| {
    ///     scope.spawn(|| {
    ///         assert_eq!(tick(), 0);
    ///         let _in = cx.enter();
    ///         assert_eq!(tick(), 1);
    ///     });
    /// });
    /// ```
    pub fn enter(self) -> ContextGuard {
        ContextGuard {
            outer: CURRENT.with(|current| current.replace(self.id())),
            _not_send: NotSend::default(),
        }
    }

    /// `f`, run in this context: for `std::thread::spawn(cx.wrap(|| …))`.
    pub fn wrap<F: FnOnce() -> R, R>(self, f: F) -> impl FnOnce() -> R {
        move || {
            let _in = self.enter();
            f()
        }
    }

    /// Puts every thread that calls the returned fn in this context for good: for
    /// `tokio::runtime::Builder::on_thread_start`, so that every worker of a runtime
    /// made for the test runs in its context.
    ///
    /// ```
    /// use patchable::{Context, patch, patchable};
    ///
    /// #[patchable]
    /// fn region() -> String {
    ///     "eu".into()
    /// }
    ///
    /// let _region = patch!(region).in_context().returns("test".into());
    /// let runtime = tokio::runtime::Builder::new_multi_thread()
    ///     .worker_threads(2)
    ///     .on_thread_start(Context::current().joiner())
    ///     .build()
    ///     .unwrap();
    /// let on_worker = runtime.block_on(async { tokio::spawn(async { region() }).await });
    /// assert_eq!(on_worker.unwrap(), "test");
    /// ```
    pub fn joiner(self) -> impl Fn() + Send + Sync + 'static {
        move || CURRENT.with(|current| current.set(self.id()))
    }

    /// `future`, polled in this context wherever it runs: for tasks spawned onto a
    /// runtime the test does not own.
    ///
    /// ```
    /// use patchable::{Context, patch, patchable};
    ///
    /// #[patchable]
    /// fn region() -> String {
    ///     "eu".into()
    /// }
    ///
    /// # #[tokio::main(flavor = "multi_thread", worker_threads = 2)]
    /// # async fn main() {
    /// let _region = patch!(region).in_context().returns("test".into());
    /// let task = tokio::spawn(Context::current().bind(async { region() }));
    /// assert_eq!(task.await.unwrap(), "test");
    /// # }
    /// ```
    pub fn bind<F: Future>(self, future: F) -> Bound<F> {
        Bound {
            context: self,
            future,
        }
    }
}

/// Keeps a thread in a context; see [`Context::enter`].
#[must_use = "the thread leaves the context when this drops"]
#[derive(Debug)]
pub struct ContextGuard {
    outer: u64,
    _not_send: NotSend,
}

impl Drop for ContextGuard {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(self.outer));
    }
}

/// A future polled in a context; see [`Context::bind`].
#[derive(Debug)]
#[must_use = "futures do nothing unless polled"]
pub struct Bound<F> {
    context: Context,
    future: F,
}

impl<F: Future> Future for Bound<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<F::Output> {
        // SAFETY: `future` is pinned with `self`: it is never moved out of it.
        let this = unsafe { self.get_unchecked_mut() };
        let _in = this.context.enter();
        // SAFETY: as above.
        unsafe { Pin::new_unchecked(&mut this.future) }.poll(cx)
    }
}
