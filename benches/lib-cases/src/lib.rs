//! The benchmark's trivial bodies in a library crate of their own, as most `#[patchable]`
//! fns are: a library is compiled as position-independent code before any executable
//! links it, so its hooks are compiled without knowing the executable, unlike those of
//! the benchmark crate's own fns (`cases.rs`). The bench turns `enable` on. Their
//! arguments are `usize`, not `u64`: the runtime's lookup is shared by every fn of one
//! signature, and one instantiated here would stand in for the benchmark crate's own.

use patchable::patchable;

/// The trivial body, with no way to replace it.
#[inline(never)]
pub fn plain(x: usize) -> usize {
    x.wrapping_add(1)
}

/// The same body, `#[patchable]`.
#[patchable]
#[inline(never)]
pub fn patched(x: usize) -> usize {
    x.wrapping_add(1)
}

/// A body of two arguments, with no way to replace it.
#[inline(never)]
pub fn plain2(x: usize, y: usize) -> usize {
    x.wrapping_add(y)
}

/// The same body, `#[patchable]`.
#[patchable]
#[inline(never)]
pub fn patched2(x: usize, y: usize) -> usize {
    x.wrapping_add(y)
}
