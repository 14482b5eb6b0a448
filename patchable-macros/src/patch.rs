//! `patch!(PATH)`: the builder of the function at `PATH`.

use proc_macro2::TokenStream;
use quote::quote_spanned;
use syn::ExprPath;
use syn::spanned::Spanned;

// Input:
//     patch!(net::fetch)
// Output:
//     ::patchable::__private::builder::<net::fetch>()
// `net::fetch` here is the fn's companion type, which shares the fn's name.
pub fn expand(input: TokenStream) -> TokenStream {
    match syn::parse2::<ExprPath>(input) {
        Ok(path) => {
            let span = path.span();
            quote_spanned!(span=> ::patchable::__private::builder::<#path>())
        }
        Err(error) => error.into_compile_error(),
    }
}
