//! The output when the item was refused: the item exactly as written, so that its
//! callers still compile and the user sees one error rather than a cascade, plus the errors.

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

pub fn expand(item: TokenStream, error: syn::Error) -> TokenStream {
    let errors = compile_errors(error);
    quote!(#item #errors)
}

/// `compile_error! { "…" }` for each error, spanned as `syn` spans it, but without the
/// `::core::` before it: a 2015 crate would read that path from its own root.
pub fn compile_errors(error: syn::Error) -> TokenStream {
    let tokens: Vec<TokenTree> = error.into_compile_error().into_iter().collect();
    let mut kept = Vec::with_capacity(tokens.len());
    let mut index = 0;
    while index < tokens.len() {
        let is_core_prefix = matches!(
            (&tokens[index], tokens.get(1 + index), tokens.get(2 + index)),
            (TokenTree::Punct(colon), Some(TokenTree::Punct(_)), Some(TokenTree::Ident(core)))
                if colon.as_char() == ':' && core == "core"
        );
        if is_core_prefix {
            // `::`, `core`, `::`
            index += 5;
            continue;
        }
        kept.push(tokens[index].clone());
        index += 1;
    }
    kept.into_iter().collect()
}
