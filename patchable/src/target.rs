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
    params: Option<fn() -> &'static str>,
}

impl Target {
    /// `slot` is the hidden accessor the expansion emits beside the function. It also
    /// serves as the key: its type is a fn item, distinct for every instantiation of a
    /// generic function or impl, while the slot it returns is shared by all of them.
    ///
    /// `params` names the type parameters that the key tells apart, as a tuple: see
    /// [`Target::borrowing_params`]. `None` when there are none, as for most fns: then
    /// there is nothing to scan when a patch is made.
    #[inline(always)]
    pub fn new<K: Fn() -> &'static Slot>(
        slot: K,
        name: Name,
        enabled: bool,
        params: Option<fn() -> &'static str>,
    ) -> Self {
        Target {
            slot: slot(),
            key: typeid::of::<K>(),
            name,
            enabled,
            params,
        }
    }

    /// A function that is not generic, whose slot is its own: its key is
    /// [`UNKEYED`](crate::dispatch::UNKEYED), as its hook's.
    #[inline(always)]
    pub fn unkeyed(slot: &'static Slot, name: Name, enabled: bool) -> Self {
        Target {
            slot,
            key: crate::dispatch::UNKEYED(),
            name,
            enabled,
            params: None,
        }
    }

    /// The type parameters of the instantiation, when one of them carries a lifetime.
    ///
    /// Keys erase lifetimes: `f::<&'static str>` and `f::<&'a str>` are one instantiation
    /// to the hook, the same machine code. A replacement typed for the first would be
    /// handed borrows of the second, and could keep them past their end. The glue only
    /// exists for `'static` parameters, so what is left is a `'static` borrow, which the
    /// compiler shows by name: a reference (`&`), a lifetime (`'_`), or a trait object,
    /// whose lifetime bound it leaves out.
    pub(crate) fn borrowing_params(&self) -> Option<&'static str> {
        let params = (self.params?)();
        // One pass over the bytes: a substring searcher's set-up would cost every install
        // more than the whole scan of a short name.
        let bytes = params.as_bytes();
        let borrows = bytes.iter().any(|&byte| byte == b'&' || byte == b'\'')
            || bytes.windows(4).any(|window| window == b"dyn ");
        borrows.then_some(params)
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

/// The path of a patched function, for messages. A method's names its type with
/// `core::any::type_name`, which is not a `const fn`: it is called when a message
/// needs it.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub enum Name {
    /// A free fn: its path.
    Path(&'static str),
    /// A method: its type's name and its own.
    Method(fn() -> &'static str, &'static str),
    /// A method of a trait impl: its type's name, the trait's and its own.
    TraitMethod(fn() -> &'static str, &'static str, &'static str),
    /// Written out by a fn: a method of a generic marked trait, whose arguments are
    /// named at run time too.
    Written(fn(&mut fmt::Formatter<'_>) -> fmt::Result),
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Name::Path(path) => f.write_str(path),
            Name::Method(type_name, method) => write!(f, "{}::{method}", type_name()),
            Name::TraitMethod(type_name, trait_name, method) => {
                write!(f, "<{} as {trait_name}>::{method}", type_name())
            }
            Name::Written(write) => write(f),
        }
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}
