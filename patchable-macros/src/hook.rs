//! The function as written, with the patch hook first in its body.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{ToTokens, quote};

use crate::parse::{Body, FnItem};
use crate::signature::{FnSignature, ReceiverPass};

/// The function as written, with the patch hook first in its body.
pub struct HookedFn<'a> {
    pub item: &'a FnItem,
    pub sig: &'a FnSignature<'a>,
    /// The path of the slot accessor: `<fetch>::__patchable__slot`, `Self::__patchable_get__slot::<T>`.
    pub slot: TokenStream,
    /// Whether the slot accessor may be shared by several instantiations of the function
    /// (it is generic, or in an impl that may be), so that layers must be told apart by key.
    pub keyed: bool,
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
        let looking_up = self.looking_up();
        // Handing the arguments back pays off where the compiler keeps them in registers;
        // in unoptimized builds every value lives on the stack anyway, and binding the
        // arguments again would cost a few instructions on every call.
        let hook = match self.sig.hands_back() {
            true => {
                let handing_back = self.handing_back();
                quote! {
                    ::patchable::__private::if_enabled! { #[cfg(not(debug_assertions))] #handing_back }
                    ::patchable::__private::if_enabled! { #[cfg(debug_assertions)] #looking_up }
                }
            }
            false => quote!(::patchable::__private::if_enabled! { #looking_up }),
        };
        let rebinds = self
            .sig
            .rebinds
            .iter()
            .map(|(pat, name)| quote!(let #pat = #name;));
        let inner_attrs = &block.inner_attrs;
        let stmts = &block.stmts;
        let mut body = Group::new(
            Delimiter::Brace,
            quote! {
                #inner_attrs
                #hook
                #(#rebinds)*
                #stmts
            },
        );
        body.set_span(block.group.span());
        tokens.extend(quote!(#(#attrs)* #vis #emitted_sig #body));
    }
}

impl HookedFn<'_> {
    /// The hook as one statement that takes the arguments along to the replacement and
    /// binds them again when no layer applies: nothing is live across the out-of-line
    /// call, so the unpatched path needs no stack frame of its own.
    ///
    /// ```text
    /// let (x, mut y) = if let Some(layers) = P::layers(slot()) {
    ///     match P::dispatch::<dyn FnMut(&Self, u32, u32) -> R, KEYED, _, _>(
    ///         slot(), slot, layers, (self, x, y),
    ///     ) {
    ///         P::ControlFlow::Break(ret) => return ret,
    ///         P::ControlFlow::Continue((_, x, y)) => (x, y),
    ///     }
    /// } else {
    ///     (x, y)
    /// };
    /// ```
    fn handing_back(&self) -> TokenStream {
        let private = quote!(::patchable::__private);
        let slot = &self.slot;
        let keyed = self.keyed;
        let replacement_type = replacement_type(self.sig);
        let layers = Ident::new("__patchable_layers", Span::mixed_site());
        let ret = Ident::new("__patchable_return", Span::mixed_site());
        let receiver = self.sig.receiver;
        let names = &self.sig.arg_names[usize::from(receiver.is_some())..];
        let passed = receiver
            .map(|receiver| match receiver {
                ReceiverPass::Reborrowed => quote!(&mut *self),
                _ => quote!(self),
            })
            .into_iter()
            .chain(names.iter().cloned());
        let returned = receiver
            .map(|_| quote!(_))
            .into_iter()
            .chain(names.iter().cloned());
        let on_break = match self.sig.diverges() {
            true => quote!(match #ret {}),
            false => quote!(return #ret),
        };
        let dispatch = quote! {
            #private::dispatch::<#replacement_type, #keyed, _, _>(
                #slot(),
                #slot,
                #layers,
                (#(#passed,)*),
            )
        };
        if names.is_empty() {
            return quote! {
                if let #private::Some(#layers) = #private::layers(#slot()) {
                    if let #private::ControlFlow::Break(#ret) = #dispatch {
                        #on_break;
                    }
                }
            };
        }
        let bound = names
            .iter()
            .zip(&self.sig.mutable)
            .map(|(name, mutable)| match mutable {
                true => quote!(mut #name),
                false => quote!(#name),
            });
        quote! {
            let (#(#bound,)*) = if let #private::Some(#layers) = #private::layers(#slot()) {
                match #dispatch {
                    #private::ControlFlow::Break(#ret) => #on_break,
                    #private::ControlFlow::Continue((#(#returned,)*)) => (#(#names,)*),
                }
            } else {
                (#(#names,)*)
            };
        }
    }

    /// The hook as one statement that finds the layer first and calls it with the
    /// arguments after: for async fns, receivers taken by value, and unoptimized builds.
    fn looking_up(&self) -> TokenStream {
        let slot = &self.slot;
        let keyed = self.keyed;
        let replacement_type = replacement_type(self.sig);
        let hit = Ident::new("__patchable_hit", Span::mixed_site());
        let replacement = Ident::new("__patchable_replacement", Span::mixed_site());
        let names = &self.sig.arg_names;
        let call = match (self.sig.passes_tuple(), self.sig.is_async()) {
            (true, true) => quote!(#hit.answer_with((#(#names,)*))),
            (true, false) => quote!(#hit.call_with((#(#names,)*))),
            (false, true) => quote!(#hit.answer(|#replacement| #replacement(#(#names),*))),
            (false, false) => quote!(#hit.call(|#replacement| #replacement(#(#names),*))),
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
        let private = quote!(::patchable::__private);
        quote! {
            if #private::live_patches(#slot()) != 0 {
                if let #private::Some(#hit) =
                    #private::lookup::<#replacement_type, #keyed, _>(#slot(), #slot)
                {
                    #answer
                }
            }
        }
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
