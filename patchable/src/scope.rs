//! Scopes decide who sees a patch. `Thread` (the default): only the installing thread.
//! `Global`: every thread.

use crate::companion::{Patchable, State};
use crate::global_scope;
use crate::guard::{Guard, Installed};
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

/// The scope `S` takes replacements of type `C`: any in thread scope, `Send` ones globally.
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
    Guard::new::<K>(node.header_ptr(), state.expected(), Installed::Thread)
}

/// Every thread sees the patch: `patch!(f).global()`. Replacements must be `Send`, since
/// whichever thread calls `f` runs them (one thread at a time).
#[doc(hidden)]
pub enum Global {}

impl Scope for Global {
    type Guard = Guard;

    fn install<K: Patchable>(state: State<Self>, node: Box<Node<K::Fn>>) -> Guard {
        install_global::<K>(state, ErasedNode::new(node), false)
    }

    fn spy<K: Patchable>(state: State<Self>) -> Guard {
        install_global::<K>(state, ErasedNode::new(Node::boxed(())), true)
    }
}

impl<C: Send> Accepts<C> for Global {
    fn node(replacement: C) -> Box<Node<C>> {
        Node::boxed(replacement)
    }
}

fn install_global<K: Patchable>(state: State<Global>, node: ErasedNode, spy: bool) -> Guard {
    let key = typeid::of::<K>();
    global_scope::install(K::slot(), key, K::NAME, node, spy);
    Guard::new::<K>(node.header_ptr(), state.expected(), Installed::Global(key))
}
