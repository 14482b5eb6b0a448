//! Procedural macros of [`patchable`](https://docs.rs/patchable): `#[patchable]` and
//! `patch!`. Depend on `patchable`, which re-exports them with their documentation.
//!
//! The attribute runs in phases, one module each: `args` reads the attribute's
//! arguments, `parse` the item, `context` finds where a lone fn sits, `check`
//! refuses what cannot be patched soundly, `expand` generates, per item, the `hook`
//! and the `glue` from each fn's `signature`, and `fallback` emits the item
//! untouched beside the errors. A trait definition is expanded by `marked_trait`;
//! trait methods, in impls and in `patch!`, go through a `route` that picks the trait's
//! companion or the type, and `foreign` tells which impls need the former. `naming`
//! makes the hidden names both macros use.

mod args;
mod check;
mod context;
mod expand;
mod fallback;
mod foreign;
mod glue;
mod hook;
mod impl_args;
mod lifetimes;
mod marked_trait;
mod naming;
mod parse;
mod patch;
mod route;
mod runtime;
mod signature;
mod views;

use proc_macro::TokenStream;

/// See `patchable::patchable`.
#[proc_macro_attribute]
pub fn patchable(args: TokenStream, item: TokenStream) -> TokenStream {
    match runtime::enabled() {
        true => expand::patchable(args.into(), item.into()).into(),
        false => expand::deferred(args.into(), item.into()).into(),
    }
}

/// `#[patchable]` where patching is off but for a crate's own unit tests: the item under
/// `#[cfg(test)]` is expanded by this, as if patching were on; `cargo build` never runs it.
#[doc(hidden)]
#[proc_macro_attribute]
pub fn patchable_in_tests(args: TokenStream, item: TokenStream) -> TokenStream {
    runtime::with_enabled(|| expand::patchable(args.into(), item.into())).into()
}

/// See `patchable::patch`, which calls this with its own `$crate` first:
/// `patch_at!($crate; PATH)`.
#[proc_macro]
pub fn patch_at(input: TokenStream) -> TokenStream {
    patch::expand(input.into()).into()
}
