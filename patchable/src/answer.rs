//! Async fns: what a replacement answers, the output itself or a future of it.

use core::future::Future;
use core::num::NonZeroU64;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::entered::{Entered, GlobalLayer};
use crate::node::ErasedNode;
use crate::thread_scope;

/// The future an awaiting replacement returns. `Send`, so that the future of a patched
/// async fn is `Send` whenever the original's is.
#[doc(hidden)]
pub type BoxFuture<R> = Pin<Box<dyn Future<Output = R> + Send + 'static>>;

/// What the replacement of an async fn returns: `.with` and `.returns` give the output
/// directly, `.with_async` a future that the patched fn awaits.
#[doc(hidden)]
pub enum Answer<R> {
    /// The output, returned without awaiting anything.
    Ready(R),
    /// A future of the output.
    Pending(Pending<R>),
}

impl<R> Answer<R> {
    /// The answer of an awaiting replacement.
    pub fn pending(future: BoxFuture<R>) -> Self {
        Answer::Pending(Pending {
            future,
            layer: None,
        })
    }
}

/// The future of an awaiting replacement. While it is polled, the patch counts as
/// running, as a plain replacement does while it runs: calls of the patched fn that the
/// future makes reach the next layer down, so it can await the original.
///
/// A thread-scoped patch counts as running only while the future is polled on the
/// thread that installed it. A global patch counts as running on whichever thread polls
/// the future. Its entry, which lets one thread at a time into the replacement, is held
/// while the replacement makes the future, not while the future runs: the futures of
/// calls from several threads run side by side, and awaiting one never blocks another.
#[doc(hidden)]
pub struct Pending<R> {
    future: BoxFuture<R>,
    layer: Option<AnsweredBy>,
}

/// The layer whose replacement made a future: plain values, so that the future stays `Send`.
#[derive(Clone, Copy)]
pub(crate) enum AnsweredBy {
    /// A layer of the installing thread's stack, by its node's identity: its address
    /// would not do, since a newer node may get it once the guard freed this one.
    Thread(NonZeroU64),
    Global(GlobalLayer),
}

impl AnsweredBy {
    /// # Safety
    /// `node` is alive.
    pub(crate) unsafe fn thread(node: ErasedNode) -> Self {
        // SAFETY: the caller's contract.
        AnsweredBy::Thread(unsafe { node.header() }.identity())
    }
}

impl<R> Pending<R> {
    pub(crate) fn answered_by(&mut self, layer: AnsweredBy) {
        self.layer = Some(layer);
    }
}

impl<R> Future for Pending<R> {
    type Output = R;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        // Each left when the poll returns (or unwinds); only the one for the layer's
        // scope is set.
        let mut thread_layer = None;
        let entered;
        let _global_layer;
        match self.layer {
            None => {}
            Some(AnsweredBy::Thread(identity)) => {
                thread_layer = thread_scope::reenter(identity);
            }
            Some(AnsweredBy::Global(layer)) => {
                entered = Entered::new(layer);
                _global_layer = entered.link_if_lower();
            }
        }
        let polled = self.future.as_mut().poll(cx);
        if let Some(running) = thread_layer {
            running.leave();
        }
        polled
    }
}
