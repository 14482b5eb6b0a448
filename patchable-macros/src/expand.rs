//! Code generation: the hook inside the function and the companion beside it.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{ToTokens, quote};

use crate::parse::{Body, FnItem, Item};
use crate::signature::FnSignature;
use crate::{args, check, fallback};

pub fn patchable(args: TokenStream, item: TokenStream) -> TokenStream {
    match try_expand(args, item.clone()) {
        Ok(expanded) => expanded,
        Err(error) => fallback::expand(item, error),
    }
}

fn try_expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    args::parse(args)?;
    match syn::parse2::<Item>(item)? {
        Item::Fn(item) => {
            check::check_fn(&item)?;
            Ok(expand_fn(&item))
        }
    }
}

// Input:
//     pub fn fetch(url: &str) -> Result<String, Error> { BODY }
// Output:
//     pub fn fetch(url: &str) -> Result<String, Error> { HOOK BODY }
//     pub struct fetch<__PatchableScope = Thread> { … }   // the companion `patch!(fetch)` builds
//     impl Patchable for fetch { … }                      // its slot and replacement type
//     impl<__PatchableScope> fetch<__PatchableScope> { with, spy, times, global }
//     impl fetch<Thread> { returns }
//     impl fetch<Global> { returns }                      // the value must be `Send`
fn expand_fn(item: &FnItem) -> TokenStream {
    let sig = FnSignature::new(&item.sig);
    let hooked = HookedFn { item, sig: &sig };
    let companion = Companion { item, sig: &sig };
    quote!(#hooked #companion)
}

/// The function as written, with the patch hook first in its body.
struct HookedFn<'a> {
    item: &'a FnItem,
    sig: &'a FnSignature<'a>,
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
        let companion = companion_type(self.sig);
        let hit = Ident::new("__patchable_hit", Span::mixed_site());
        let replacement = Ident::new("__patchable_replacement", Span::mixed_site());
        let names = &self.sig.arg_names;
        let rebinds = self
            .sig
            .rebinds
            .iter()
            .map(|(pat, name)| quote!(let #pat = #name;));
        let call = quote!(#hit.call(|#replacement| #replacement(#(#names),*)));
        let answer = match self.sig.diverges() {
            true => quote!(match #call {}),
            false => quote!(return #call;),
        };
        let inner_attrs = &block.inner_attrs;
        let stmts = &block.stmts;
        let mut body = Group::new(
            Delimiter::Brace,
            quote! {
                #inner_attrs
                ::patchable::__private::if_enabled! {
                    if let ::patchable::__private::Some(#hit) =
                        ::patchable::__private::lookup::<#companion>()
                    {
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

/// The hidden type that shares the fn's name in the type namespace, so that whatever
/// path reaches the fn (`use net::fetch;` included) reaches it too: `patch!` builds it,
/// and its methods configure and install the patch.
struct Companion<'a> {
    item: &'a FnItem,
    sig: &'a FnSignature<'a>,
}

impl ToTokens for Companion<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let ident = self.sig.ident();
        let vis = &self.item.vis;
        let cfgs: Vec<_> = self
            .item
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("cfg"))
            .collect();
        let generics = self.sig.companion_generics();
        let struct_params = &generics.struct_params;
        let impl_params = &generics.impl_params;
        let args = &generics.args;
        let phantom = &generics.phantom;
        let predicates = &generics.predicates;
        let type_params = &generics.type_params;
        let companion = companion_type(self.sig);
        let fn_bound = self.sig.fn_bound();
        let output_static = self.sig.output_static();
        let name = ident.to_string();
        let ignored_args: Vec<_> = self.sig.arg_names.iter().map(|_| quote!(_)).collect();
        let private = quote!(::patchable::__private);
        // `returns`, once per scope: the closure it installs captures the value, which
        // must meet the scope's bound itself (`Send` globally).
        let returns = [
            (quote!(#private::Thread), quote!()),
            (quote!(#private::Global), quote!(+ ::core::marker::Send)),
        ]
        .map(|(scope, send)| {
            let ignored_args = &ignored_args;
            quote! {
                #(#cfgs)*
                #[doc(hidden)]
                impl<#(#impl_params),*> #ident<#(#args,)* #scope>
                where #(#predicates,)*
                {
                    #[inline]
                    pub fn returns<__PatchableV>(
                        self,
                        value: __PatchableV,
                    ) -> <#scope as #private::Scope>::Guard
                    where
                        // One value serves every call, so it may not borrow.
                        #(#type_params: 'static,)*
                        __PatchableV: #private::Is<#output_static> + ::core::clone::Clone #send + 'static,
                    {
                        self.with(move |#(#ignored_args),*| {
                            #private::Is::into_it(::core::clone::Clone::clone(&value))
                        })
                    }
                }
            }
        });
        tokens.extend(quote! {
            #(#cfgs)*
            #[doc(hidden)]
            #[allow(non_camel_case_types, dead_code)]
            #vis struct #ident<#(#struct_params,)* __PatchableScope = #private::Thread> {
                __patchable: #private::State<__PatchableScope>,
                __patchable_params: #private::PhantomData<fn() -> (#(#phantom,)*)>,
            }

            #(#cfgs)*
            impl<#(#impl_params),*> #private::Patchable for #companion
            where #(#predicates,)*
            {
                type Fn = dyn #fn_bound;
                const NAME: &'static str = ::core::concat!(::core::module_path!(), "::", #name);
                const ENABLED: bool = #private::enabled!();

                #[inline(always)]
                fn slot() -> &'static #private::Slot {
                    static SLOT: #private::Slot = #private::Slot::new();
                    &SLOT
                }

                #[inline]
                fn from_state(state: #private::State<#private::Thread>) -> Self {
                    #ident {
                        __patchable: state,
                        __patchable_params: #private::PhantomData,
                    }
                }
            }

            #(#cfgs)*
            #[doc(hidden)]
            #[allow(clippy::type_complexity)]
            impl<#(#impl_params,)* __PatchableScope: #private::Scope>
                #ident<#(#args,)* __PatchableScope>
            where #(#predicates,)*
            {
                #[inline]
                pub fn with<__PatchableC>(
                    self,
                    replacement: __PatchableC,
                ) -> <__PatchableScope as #private::Scope>::Guard
                where
                    __PatchableC: #fn_bound + 'static,
                    __PatchableScope: #private::Accepts<__PatchableC>,
                {
                    let node: #private::Box<#private::Node<<#companion as #private::Patchable>::Fn>> =
                        <__PatchableScope as #private::Accepts<__PatchableC>>::node(replacement);
                    <__PatchableScope as #private::Scope>::install::<#companion>(self.__patchable, node)
                }

                #[inline]
                pub fn spy(self) -> <__PatchableScope as #private::Scope>::Guard {
                    <__PatchableScope as #private::Scope>::spy::<#companion>(self.__patchable)
                }

                #[inline]
                pub fn times(self, n: usize) -> Self {
                    #ident {
                        __patchable: self.__patchable.times(n),
                        __patchable_params: #private::PhantomData,
                    }
                }

                #[inline]
                pub fn global(self) -> #ident<#(#args,)* #private::Global> {
                    #ident {
                        __patchable: self.__patchable.global(),
                        __patchable_params: #private::PhantomData,
                    }
                }
            }

            #(#returns)*
        });
    }
}

/// `fetch` or `parse<T>`: the companion with the fn's type and const parameters, in the
/// default (thread) scope.
fn companion_type(sig: &FnSignature) -> TokenStream {
    let ident = sig.ident();
    let args = sig.companion_generics().args;
    match args.is_empty() {
        true => quote!(#ident),
        false => quote!(#ident<#(#args),*>),
    }
}
