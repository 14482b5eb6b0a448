//! The output when the item was refused: the item exactly as written, so that its
//! callers still compile and the user sees one error rather than a cascade, plus the errors.

use proc_macro2::TokenStream;
use quote::quote;

pub fn expand(item: TokenStream, error: syn::Error) -> TokenStream {
    let errors = error.into_compile_error();
    quote!(#item #errors)
}
