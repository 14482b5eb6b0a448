//! Async fns: what a replacement answers, the output itself or a future of it.

use core::future::Future;
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Context, Poll};

use crate::node::{ErasedNode, Header};
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

/// The future of an awaiting replacement. While it is polled on the thread that installed
/// the patch, the patch counts as running, as a plain replacement does while it runs: calls
/// of the patched fn that the future makes reach the next layer down, so it can await the
/// original.
#[doc(hidden)]
pub struct Pending<R> {
    future: BoxFuture<R>,
    /// The layer that answered, as an address only (it is compared, never read), so that
    /// the future stays `Send`.
    layer: Option<usize>,
}

impl<R> Pending<R> {
    pub(crate) fn answered_by(&mut self, header: NonNull<Header>) {
        self.layer = Some(header.as_ptr() as usize);
    }
}

impl<R> Future for Pending<R> {
    type Output = R;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        struct Leave(ErasedNode);
        impl Drop for Leave {
            fn drop(&mut self) {
                // SAFETY: the node came from `reenter`, and this is its one `leave`.
                unsafe { thread_scope::leave(self.0) }
            }
        }
        let _running = self
            .layer
            .and_then(|address| NonNull::new(address as *mut Header))
            .and_then(thread_scope::reenter)
            .map(Leave);
        self.future.as_mut().poll(cx)
    }
}
