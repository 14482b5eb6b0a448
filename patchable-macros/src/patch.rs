//! `patch!(PATH)`: the builder of the function at `PATH`, from its glue.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ExprPath, GenericArgument, PathArguments, PathSegment};

use crate::naming;

// Input → Output:
//     patch!(net::fetch)                → <net::fetch>::__patchable()
//     patch!(parse::<u32>)              → <parse::<u32>>::__patchable()
//     patch!(Client::get)               → Client::__patchable_get()
//     patch!(Stack::<u8>::push)         → Stack::<u8>::__patchable_push()
//     patch!(Config::get::<u32>)        → Config::__patchable_get::<u32, _, _, _, _>()
//     patch!(<English as Greeter>::greet) → <English>::__patchable_Greeter__greet()
//
// `a::b` may be a fn `b` of module `a` or a method `b` of type `a`; a macro cannot tell.
// The convention: a qualified path is a method of a trait impl; a segment before the
// last that starts with an uppercase letter, or has generic arguments, is a type; else
// it is a module.
pub fn expand(input: TokenStream) -> TokenStream {
    match syn::parse2::<ExprPath>(input) {
        Ok(path) => {
            let span = path.span();
            let glue = glue_path(path);
            quote_spanned!(span=> #glue())
        }
        Err(error) => error.into_compile_error(),
    }
}

fn glue_path(path: ExprPath) -> TokenStream {
    let ExprPath { qself, path, .. } = path;
    let segments: Vec<&PathSegment> = path.segments.iter().collect();
    let Some((last, init)) = segments.split_last() else {
        return path.to_token_stream();
    };
    let leading = path.leading_colon;
    match qself {
        // `<English as Greeter>::greet` or `<Vec<u8>>::len`.
        Some(qself) => {
            let self_ty = &qself.ty;
            let trait_segment = init
                .get(..qself.position)
                .and_then(|segments| segments.last());
            let glue = naming::method_glue(&last.ident, trait_segment.copied());
            let turbofish = hidden_turbofish(last);
            quote!(<#self_ty>::#glue #turbofish)
        }
        None => {
            let is_method = init.last().is_some_and(|owner| {
                !owner.arguments.is_none()
                    || owner
                        .ident
                        .to_string()
                        .trim_start_matches("r#")
                        .starts_with(char::is_uppercase)
            });
            if is_method {
                let glue = naming::method_glue(&last.ident, None);
                let turbofish = hidden_turbofish(last);
                quote!(#leading #(#init::)* #glue #turbofish)
            } else {
                // `<net::fetch>::…`: if `fetch` is a fn that is not `#[patchable]`, rustc
                // says "expected type, found function `fetch`" at the user's path.
                let glue = syn::Ident::new(naming::FREE_GLUE, last.ident.span());
                quote!(<#leading #(#segments)::*>::#glue)
            }
        }
    }
}

/// `get::<u32>` → `::<u32, _, _, _, _>`: the method's own arguments, then one `_` for each
/// of the glue's hidden parameters (the `.with` closure, the `.returns` value, the
/// `.with_async` closure and its future), which are inferred.
fn hidden_turbofish(segment: &PathSegment) -> TokenStream {
    let PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return quote!();
    };
    let own = arguments
        .args
        .iter()
        .filter(|argument| !matches!(argument, GenericArgument::Lifetime(_)));
    let inferred = (0..4).map(|_| quote_spanned!(Span::call_site()=> _));
    quote!(::<#(#own,)* #(#inferred),*>)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(path: &str) -> String {
        let path: ExprPath = syn::parse_str(path).expect("a path");
        glue_path(path).to_string().replace(' ', "")
    }

    #[test]
    fn free_fns_reach_their_companion() {
        assert_eq!(expanded("fetch"), "<fetch>::__patchable");
        assert_eq!(
            expanded("crate::net::fetch"),
            "<crate::net::fetch>::__patchable"
        );
        assert_eq!(expanded("parse::<u32>"), "<parse::<u32>>::__patchable");
    }

    #[test]
    fn methods_reach_their_type() {
        assert_eq!(expanded("Client::get"), "Client::__patchable_get");
        assert_eq!(expanded("net::Client::get"), "net::Client::__patchable_get");
        assert_eq!(
            expanded("Stack::<u8>::push"),
            "Stack::<u8>::__patchable_push"
        );
        assert_eq!(expanded("Self::get"), "Self::__patchable_get");
        assert_eq!(
            expanded("Config::get::<u32>"),
            "Config::__patchable_get::<u32,_,_,_,_>"
        );
    }

    #[test]
    fn qualified_paths_are_trait_impl_methods() {
        assert_eq!(
            expanded("<English as Greeter>::greet"),
            "<English>::__patchable_Greeter__greet"
        );
        assert_eq!(
            expanded("<Celsius as core::convert::From<u8>>::from"),
            "<Celsius>::__patchable_From_u8__from"
        );
        assert_eq!(expanded("<Vec<u8>>::first"), "<Vec<u8>>::__patchable_first");
    }
}
