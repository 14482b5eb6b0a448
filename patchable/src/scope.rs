//! Scopes decide who sees a patch. `Thread` (the default): only the installing thread.

use crate::companion::{Patchable, State};
use crate::guard::Guard;
use crate::node::{ErasedNode, Node};
use crate::thread_scope;

/// Where a builder installs its patch and what guard that gives.
#[doc(hidden)]
pub trait Scope: Sized {
    /// Restores the previous behaviour when dropped.
    type Guard;
    /// Installs `node` as the newest layer of `K`'s function.
    fn install<K: Patchable>(state: State<Self>, node: Box<Node<K::Fn>>) -> Self::Guard;
    /// Installs a layer that counts calls and lets them through.
    fn spy<K: Patchable>(state: State<Self>) -> Self::Guard;
}

/// The scope `S` takes replacements of type `C` (the global scope will require `Send`).
#[doc(hidden)]
pub trait Accepts<C>: Scope {
    /// Boxes the replacement; the caller unsizes it to the function's `dyn FnMut`.
    fn node(replacement: C) -> Box<Node<C>>;
}

/// The default scope: the patch is seen by the thread that installed it, nowhere else.
#[doc(hidden)]
pub enum Thread {}

impl Scope for Thread {
    type Guard = Guard;

    fn install<K: Patchable>(state: State<Self>, node: Box<Node<K::Fn>>) -> Guard {
        install_layer::<K>(state, ErasedNode::new(node), false)
    }

    fn spy<K: Patchable>(state: State<Self>) -> Guard {
        install_layer::<K>(state, ErasedNode::new(Node::boxed(())), true)
    }
}

impl<C> Accepts<C> for Thread {
    fn node(replacement: C) -> Box<Node<C>> {
        Node::boxed(replacement)
    }
}

fn install_layer<K: Patchable>(state: State<Thread>, node: ErasedNode, spy: bool) -> Guard {
    let slot = K::slot();
    thread_scope::push(slot, typeid::of::<K>(), node, spy);
    slot.retain();
    Guard::new(node.header_ptr(), slot, K::NAME, state.expected())
}
