//! Scopes decide who sees a patch. `Thread` (the default): only the installing thread.
//! `Global`: every thread.

use crate::builder::State;
use crate::context::Context;
use crate::global_scope;
use crate::guard::{Installed, InstalledLayer};
use crate::node::{ErasedNode, Node};
use crate::target::Target;
use crate::thread_scope;

/// Where a builder installs its patch and what guard that gives.
#[doc(hidden)]
pub trait Scope: Sized {
    /// Installs `node` as the newest layer of `target`.
    fn install<F: ?Sized>(
        state: State<Self>,
        target: &Target,
        node: Box<Node<F>>,
    ) -> InstalledLayer;
    /// Installs a layer that counts calls and lets them through.
    fn spy(state: State<Self>, target: &Target) -> InstalledLayer;
}

/// The default scope: the patch is seen by the thread that installed it, nowhere else.
#[doc(hidden)]
pub enum Thread {}

impl Scope for Thread {
    // Inlined where optimized, with the verb that calls it, into the `patch!` line (see
    // `Builder::with`).
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn install<F: ?Sized>(
        state: State<Self>,
        target: &Target,
        node: Box<Node<F>>,
    ) -> InstalledLayer {
        install_layer(state, target, node, false)
    }

    fn spy(state: State<Self>, target: &Target) -> InstalledLayer {
        install_layer(state, target, Node::boxed(()), true)
    }
}

#[cfg_attr(not(debug_assertions), inline(always))]
fn install_layer<F: ?Sized>(
    state: State<Thread>,
    target: &Target,
    node: Box<Node<F>>,
    spy: bool,
) -> InstalledLayer {
    let slot = target.slot();
    let expected = state.expected();
    let node = ErasedNode::new(node, slot, target.key(), state.into_terms(spy));
    thread_scope::push(node);
    slot.retain();
    InstalledLayer::new(node.header_ptr(), target, expected, Installed::Thread)
}

/// A scope that threads other than the installing one see: its replacements must be
/// `Send` (the builder's verbs say so for these scopes).
#[doc(hidden)]
pub trait Shared: Scope {}

impl Shared for Global {}
impl Shared for InContext {}

/// Every thread sees the patch: `patch!(f).global()`. Replacements must be `Send`, since
/// whichever thread calls `f` runs them (one thread at a time).
#[doc(hidden)]
pub enum Global {}

impl Scope for Global {
    fn install<F: ?Sized>(
        state: State<Self>,
        target: &Target,
        node: Box<Node<F>>,
    ) -> InstalledLayer {
        install_global(state, target, node, false, 0)
    }

    fn spy(state: State<Self>, target: &Target) -> InstalledLayer {
        install_global(state, target, Node::boxed(()), true, 0)
    }
}

/// The threads and tasks of the installing thread's test context see the patch:
/// `patch!(f).in_context()`. Replacements must be `Send`, as for `Global`.
#[doc(hidden)]
pub enum InContext {}

impl Scope for InContext {
    fn install<F: ?Sized>(
        state: State<Self>,
        target: &Target,
        node: Box<Node<F>>,
    ) -> InstalledLayer {
        install_global(state, target, node, false, Context::current().id())
    }

    fn spy(state: State<Self>, target: &Target) -> InstalledLayer {
        install_global(
            state,
            target,
            Node::boxed(()),
            true,
            Context::current().id(),
        )
    }
}

/// Installs a global layer, seen by every thread (`context` 0) or by those of a test
/// context.
fn install_global<S, F: ?Sized>(
    state: State<S>,
    target: &Target,
    node: Box<Node<F>>,
    spy: bool,
    context: u64,
) -> InstalledLayer {
    let key = target.key();
    let expected = state.expected();
    let node = ErasedNode::new(node, target.slot(), key, state.into_terms(spy));
    // SAFETY: fresh, so alive and this thread's alone until it is published.
    unsafe { node.install_on_this_thread() };
    // SAFETY: fresh from `ErasedNode::new`, and used here no more than for its address.
    let seq =
        unsafe { global_scope::install(target.slot(), key, target.name(), node, spy, context) };
    let installed = Installed::Global { key, context, seq };
    InstalledLayer::new(node.header_ptr(), target, expected, installed)
}
