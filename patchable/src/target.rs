//! What a patch is installed into: the function's slot, the key of its instantiation,
//! and its name for messages.

use core::any::TypeId;
use core::fmt;

use crate::slot::Slot;

/// One `#[patchable]` function (one instantiation, if it is generic), as the expansion
/// describes it to the runtime.
#[doc(hidden)]
pub struct Target {
    slot: &'static Slot,
    key: TypeId,
    name: Name,
    enabled: bool,
}

impl Target {
    /// `slot` is the hidden accessor the expansion emits beside the function. It also
    /// serves as the key: its type is a fn item, distinct for every instantiation of a
    /// generic function or impl, while the slot it returns is shared by all of them.
    #[inline(always)]
    pub fn new<K: Fn() -> &'static Slot>(slot: K, name: Name, enabled: bool) -> Self {
        Target {
            slot: slot(),
            key: typeid::of::<K>(),
            name,
            enabled,
        }
    }

    pub(crate) fn slot(&self) -> &'static Slot {
        self.slot
    }

    pub(crate) fn key(&self) -> TypeId {
        self.key
    }

    pub(crate) fn name(&self) -> Name {
        self.name
    }

    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }
}

/// The path of a patched function, for messages.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub enum Name {
    /// A free fn's path, known when it is compiled.
    Path(&'static str),
    /// A method's path, written out only when a message needs it: methods name their
    /// type with `core::any::type_name`, which is not a `const fn`.
    Written(fn(&mut fmt::Formatter<'_>) -> fmt::Result),
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Name::Path(path) => f.write_str(path),
            Name::Written(write) => write(f),
        }
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}
