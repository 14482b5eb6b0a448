//! The router of a trait method: tokens that take one of two ways, through a marked
//! trait's companion or through the implementing type, whichever the trait allows.
//!
//! Neither `patch!(<T as Tr>::m)` nor `#[patchable] impl Tr for T` can see whether `Tr`
//! is marked, so both emit the two ways and let `Tr`'s name pick one while macros expand
//! (the runtime's `route.rs` explains how):
//!
//! ```text
//! { use ::patchable::__private::fallback::*;
//!   { use Tr as __PatchableTrait;
//!     __PatchableTrait!({ MARKED } else { UNMARKED } left { LEFT }) } }
//! ```
//!
//! In `MARKED`, `__PatchableTrait` names the trait's companion const too.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};
use syn::{GenericArgument, Path, PathArguments};

use crate::naming;

/// An expression. Items go inside a block expression (`{ impl T { … } }`): were the
/// router called in statement position, where it could define items, the `use` of the
/// trait's name beside it could not be resolved before it expands, nor it before that.
pub struct Route<'a> {
    pub trait_path: &'a Path,
    pub marked: TokenStream,
    pub unmarked: TokenStream,
    /// The way for a trait marked but left as it is (see `check::trait_markable`);
    /// `None`: the unmarked way.
    pub left: Option<TokenStream>,
}

/// `__PatchableTrait`: the trait's router, and in a marked route its companion const.
pub fn router() -> Ident {
    Ident::new(naming::ROUTER, Span::call_site())
}

/// `a::Convert<u8>` → `a::Convert`: what `use` takes. Its names resolve where the
/// macro was called, as written, but by the rules of this crate's edition: a 2015 crate
/// would read a `use` path from its root, where `Default` or a local trait is not.
pub fn use_path(path: &Path) -> Path {
    let mut path = path.clone();
    for segment in &mut path.segments {
        segment.arguments = PathArguments::None;
        let span = Span::call_site().located_at(segment.ident.span());
        segment.ident.set_span(span);
    }
    path
}

/// The type and const arguments of the trait, `u8` in `a::Convert<u8>`, which the glue
/// of a marked trait takes after the implementing type.
pub fn trait_arguments(path: &Path) -> Vec<&GenericArgument> {
    let Some(PathArguments::AngleBracketed(arguments)) =
        path.segments.last().map(|segment| &segment.arguments)
    else {
        return Vec::new();
    };
    arguments
        .args
        .iter()
        .filter(|argument| {
            matches!(
                argument,
                GenericArgument::Type(_) | GenericArgument::Const(_)
            )
        })
        .collect()
}

/// Trait names the route never asks about: those of the std prelude, and those a derive
/// macro usually shares with its trait.
///
/// A local trait of the same name (num-conv's `Extend`) is re-emitted by its own
/// `#[patchable]`, and a name from a macro expansion may not shadow a prelude name in a
/// `use` (E0659), so `use Extend as …` would not compile in its crate. A marked trait's
/// router, in the macro namespace, would collide with a derive imported beside it (`use
/// serde::ser::Serialize; use serde_derive::Serialize;`, E0252). Such a trait is left
/// unmarked instead ([`crate::check::trait_markable`]), and every route, in any crate,
/// takes the unmarked way for the name: both sides agree without asking. `Debug` and
/// `Hash` are not in the prelude, but their derives are, and crates import both at their
/// root: `use Debug as …` in a crate that has `#[macro_use] extern crate` of such a crate
/// (pretty_assertions) makes rustc 1.95's resolver panic (im-rc's tests).
const ROUTED_BY_NAME: &[&str] = &[
    "Deserialize",
    "Serialize",
    "AsMut",
    "AsRef",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Send",
    "Sized",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
];

/// Whether a trait named `ident` is routed the unmarked way without asking: a name of
/// [`ROUTED_BY_NAME`], or one the crate also imports from another crate, its derive's
/// (see `context::shares_its_name_with_an_import`).
pub fn routed_by_name(ident: &Ident) -> bool {
    let name = ident.to_string();
    ROUTED_BY_NAME.contains(&name.as_str()) || crate::context::shares_its_name_with_an_import(&name)
}

/// [`routed_by_name`] for the last segment of a trait's path.
pub fn trait_routed_by_name(trait_path: &Path) -> bool {
    trait_path
        .segments
        .last()
        .is_some_and(|segment| routed_by_name(&segment.ident))
}

impl ToTokens for Route<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let router_taken = self
            .trait_path
            .segments
            .last()
            .is_some_and(|segment| crate::context::router_taken(&segment.ident.to_string()));
        if trait_routed_by_name(self.trait_path) || router_taken {
            let unmarked = &self.unmarked;
            tokens.extend(quote!({ #unmarked }));
            return;
        }
        let use_path = use_path(self.trait_path);
        let router = router();
        let (marked, unmarked) = (&self.marked, &self.unmarked);
        let left = self.left.as_ref().unwrap_or(unmarked);
        let private = crate::runtime::private();
        tokens.extend(quote!({
            #[allow(unused_imports)]
            use #private::fallback::*;
            {
                #[allow(unused_imports)]
                use #use_path as #router;
                #router!({ #marked } else { #unmarked } left { #left })
            }
        }));
    }
}
