//! Async fns: what a replacement answers, the output itself or a future of it.

use core::future::Future;
use core::pin::Pin;

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
    Pending(BoxFuture<R>),
}
