//! The contract between `#[patchable]`'s generated companion of a function and the runtime.

use core::marker::PhantomData;

use crate::scope::{Global, Thread};
use crate::slot::Slot;

/// Implemented by the hidden companion type `#[patchable]` emits for each function (and,
/// for a generic function, for each instantiation). `patch!(f)` builds that companion.
#[doc(hidden)]
pub trait Patchable: Sized {
    /// The replacement's type: `dyn FnMut(Args…) -> Ret` with the function's signature.
    type Fn: ?Sized;
    /// The function's path, for messages.
    const NAME: &'static str;
    /// Whether the function was compiled with its patch hook.
    const ENABLED: bool;
    /// The function's one slot, shared by all its instantiations.
    fn slot() -> &'static Slot;
    /// The builder `patch!` returns.
    fn from_state(state: State<Thread>) -> Self;
}

/// What a builder has gathered before it installs: the expectation and the scope `S`.
#[doc(hidden)]
pub struct State<S> {
    expected: Option<usize>,
    _scope: PhantomData<S>,
}

impl<S> State<S> {
    /// Expects exactly `n` calls to reach the patch before its guard drops.
    pub fn times(self, n: usize) -> Self {
        State {
            expected: Some(n),
            ..self
        }
    }

    /// The same settings, for the global scope.
    pub fn global(self) -> State<Global> {
        State {
            expected: self.expected,
            _scope: PhantomData,
        }
    }

    pub(crate) fn expected(&self) -> Option<usize> {
        self.expected
    }
}

/// The expansion of `patch!(PATH)`: the companion of `PATH`, ready to configure.
#[doc(hidden)]
#[track_caller]
pub fn builder<K: Patchable>() -> K {
    if !K::ENABLED {
        compiled_out(K::NAME);
    }
    K::from_state(State {
        expected: None,
        _scope: PhantomData,
    })
}

#[cold]
#[track_caller]
fn compiled_out(name: &str) -> ! {
    panic!(
        "cannot patch `{name}`: patching is compiled out of the crate that defines it\n\
         #[patchable] fns are patchable in their own crate's unit tests; for every other \
         test, turn on patchable's `enable` feature from the package whose tests patch, \
         by adding to its Cargo.toml:\n\n\
         [dev-dependencies]\n\
         patchable = {{ version = \"{}\", features = [\"enable\"] }}\n",
        env!("CARGO_PKG_VERSION")
    )
}
