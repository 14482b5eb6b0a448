//! Scopes decide who sees a patch. `Thread` (the default): only the installing thread.

use crate::builder::State;
use crate::guard::Guard;
use crate::node::{ErasedNode, Node};
use crate::target::Target;
use crate::thread_scope;

/// Where a builder installs its patch and what guard that gives.
#[doc(hidden)]
pub trait Scope: Sized {
    /// Restores the previous behaviour when dropped.
    type Guard;
    /// Installs `node` as the newest layer of `target`.
    fn install<F: ?Sized>(state: State<Self>, target: &Target, node: Box<Node<F>>) -> Self::Guard;
    /// Installs a layer that counts calls and lets them through.
    fn spy(state: State<Self>, target: &Target) -> Self::Guard;
}

/// The scope takes a replacement that owns a `C`: the closure itself, or the value that
/// `.returns(value)` clones (the global scope will require `Send`).
#[doc(hidden)]
pub trait Accepts<C>: Scope {}

/// The default scope: the patch is seen by the thread that installed it, nowhere else.
#[doc(hidden)]
pub enum Thread {}

impl Scope for Thread {
    type Guard = Guard;

    fn install<F: ?Sized>(state: State<Self>, target: &Target, node: Box<Node<F>>) -> Guard {
        install_layer(state, target, ErasedNode::new(node), false)
    }

    fn spy(state: State<Self>, target: &Target) -> Guard {
        install_layer(state, target, ErasedNode::new(Node::boxed(())), true)
    }
}

impl<C> Accepts<C> for Thread {}

#[inline]
fn install_layer(state: State<Thread>, target: &Target, node: ErasedNode, spy: bool) -> Guard {
    let slot = target.slot();
    thread_scope::push(slot, target.key(), node, spy);
    slot.retain();
    Guard::new(node.header_ptr(), slot, target.name(), state.expected())
}
