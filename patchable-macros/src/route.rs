//! The router of a trait method: tokens that take one of two ways, through a marked
//! trait's companion or through the implementing type, whichever the trait allows.
//!
//! Neither `patch!(<T as Tr>::m)` nor `#[patchable] impl Tr for T` can see whether `Tr`
//! is marked, so both emit the two ways and let `Tr`'s name pick one while macros expand
//! (the runtime's `route.rs` explains how):
//!
//! ```text
//! { use ::patchable::__private::fallback::*;
//!   { use Tr as __PatchableTrait; __PatchableTrait!({ MARKED } else { UNMARKED }) } }
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
}

/// `__PatchableTrait`: the trait's router, and in a marked route its companion const.
pub fn router() -> Ident {
    Ident::new(naming::ROUTER, Span::call_site())
}

/// `a::Convert<u8>` → `a::Convert`: what `use` takes. Its names resolve where the
/// macro was called, as written, but by the rules of this crate's edition: a 2015 crate
/// would read a `use` path from its root, where `Default` or a local trait is not.
fn use_path(path: &Path) -> Path {
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

impl ToTokens for Route<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let use_path = use_path(self.trait_path);
        let router = router();
        let (marked, unmarked) = (&self.marked, &self.unmarked);
        let private = crate::runtime::private();
        tokens.extend(quote!({
            #[allow(unused_imports)]
            use #private::fallback::*;
            {
                #[allow(unused_imports)]
                use #use_path as #router;
                #router!({ #marked } else { #unmarked })
            }
        }));
    }
}
