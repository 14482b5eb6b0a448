//! The function as written, with the patch hook first in its body.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{ToTokens, quote};

use crate::parse::{Body, FnItem};
use crate::signature::FnSignature;

/// The function as written, with the patch hook first in its body.
pub struct HookedFn<'a> {
    pub item: &'a FnItem,
    pub sig: &'a FnSignature<'a>,
    /// The expression that finds the layer a call reaches, an `Option<Hit<_>>`: see
    /// [`lookup_by_slot`] and [`lookup_by_key`].
    pub lookup: TokenStream,
}

/// The lookup of a fn whose slot accessor has a path, which is also its key:
/// `<fetch>::__patchable__slot`, `Self::__patchable_get__slot::<T>`.
pub fn lookup_by_slot(sig: &FnSignature, slot: &TokenStream) -> TokenStream {
    let replacement_type = replacement_type(sig);
    quote!(::patchable::__private::lookup::<#replacement_type, _>(#slot(), #slot))
}

/// The lookup of a method of a marked trait: `slot_and_key` is an expression that
/// returns the slot and the key from the trait's companion.
pub fn lookup_by_key(sig: &FnSignature, slot_and_key: &TokenStream) -> TokenStream {
    let replacement_type = replacement_type(sig);
    let slot = Ident::new("__patchable_slot", Span::mixed_site());
    let key = Ident::new("__patchable_key", Span::mixed_site());
    quote!({
        let (#slot, #key) = #slot_and_key;
        ::patchable::__private::lookup::<#replacement_type, _>(#slot, #key)
    })
}

impl ToTokens for HookedFn<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let FnItem {
            attrs, vis, body, ..
        } = self.item;
        let Body::Block(block) = body else {
            unreachable!("`check` refuses bodiless fns")
        };
        let emitted_sig = &self.sig.sig;
        let lookup = &self.lookup;
        let hit = Ident::new("__patchable_hit", Span::mixed_site());
        let replacement = Ident::new("__patchable_replacement", Span::mixed_site());
        let names = &self.sig.arg_names;
        let rebinds = self
            .sig
            .rebinds
            .iter()
            .map(|(pat, name)| quote!(let #pat = #name;));
        let call = match self.sig.is_async() {
            true => quote!(#hit.answer(|#replacement| #replacement(#(#names),*))),
            false => quote!(#hit.call(|#replacement| #replacement(#(#names),*))),
        };
        let answer = if self.sig.is_async() {
            let output = Ident::new("__patchable_output", Span::mixed_site());
            let future = Ident::new("__patchable_future", Span::mixed_site());
            // The answer is gone before the `.await`: it may hold a `!Send` output, and the
            // future of a patched fn must stay `Send` whenever the original's is.
            quote! {
                let #future = match #call {
                    ::patchable::__private::Answer::Ready(#output) => return #output,
                    ::patchable::__private::Answer::Pending(#future) => #future,
                };
                return #future.await;
            }
        } else if self.sig.diverges() {
            quote!(match #call {})
        } else {
            quote!(return #call;)
        };
        let inner_attrs = &block.inner_attrs;
        let stmts = &block.stmts;
        let mut body = Group::new(
            Delimiter::Brace,
            quote! {
                #inner_attrs
                ::patchable::__private::if_enabled! {
                    if let ::patchable::__private::Some(#hit) = #lookup {
                        #answer
                    }
                }
                #(#rebinds)*
                #stmts
            },
        );
        body.set_span(block.group.span());
        tokens.extend(quote!(#(#attrs)* #vis #emitted_sig #body));
    }
}

/// `dyn for<'a> FnMut(&'a Client, &str) -> R`: what an installed replacement is, for the
/// hook and the glue alike. An async fn's replacement answers with the output or a future.
pub fn replacement_type(sig: &FnSignature) -> TokenStream {
    let fn_mut = match sig.is_async() {
        true => {
            let output = sig.output();
            sig.fn_mut(Some(quote!(::patchable::__private::Answer<#output>)))
        }
        false => sig.fn_mut(None),
    };
    quote!(dyn #fn_mut)
}
