//! Code generation, per item: a free fn, a lone method, an impl block. The pieces are
//! [`HookedFn`] (the function with its hook) and [`Glue`] (the hidden items beside it).

use proc_macro2::{Delimiter, Group, Ident, TokenStream};
use quote::{ToTokens, quote};
use syn::Attribute;

use crate::context::{self, Site};
use crate::glue::Glue;
use crate::hook::HookedFn;
use crate::naming;
use crate::parse::{FnItem, ImplBlock, Item, Member};
use crate::signature::{FnSignature, SelfType};
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
            let site = context::site_of(&item.sig.ident, &item.sig);
            check::check_lone_fn(&item, site)?;
            Ok(match site {
                Site::InherentImpl => expand_lone_method(&item),
                _ => expand_free_fn(&item),
            })
        }
        Item::Impl(block) => {
            check::check_impl(&block)?;
            Ok(expand_impl(&block))
        }
        Item::Trait(span) => Err(check::trait_definition(span)),
    }
}

// Input:
//     pub fn fetch(url: &str) -> Result<String, Error> { BODY }
// Output:
//     pub fn fetch(url: &str) -> Result<String, Error> { HOOK BODY }
//     pub struct fetch { … }       // shares the fn's name, so whatever path reaches the fn
//     impl fetch { GLUE }          // (`use net::fetch;` included) reaches its glue too
fn expand_free_fn(item: &FnItem) -> TokenStream {
    let sig = FnSignature::new(&item.sig, &SelfType::default());
    let ident = sig.ident();
    let own = sig.own_generics();
    let (unbounded, bounded, args, phantom, predicates) = (
        &own.unbounded,
        &own.bounded,
        &own.args,
        &own.phantom,
        &own.predicates,
    );
    let companion = quote!(#ident<#(#args),*>);
    let glue_ident = Ident::new(naming::FREE_GLUE, ident.span());
    let glue = Glue {
        vis: quote!(pub),
        cfgs: cfgs(&item.attrs),
        ident: glue_ident.clone(),
        own: None,
        sig: &sig,
        name: {
            let name = ident.to_string();
            quote! {
                ::patchable::__private::Name::Path(::core::concat!(::core::module_path!(), "::", #name))
            }
        },
    };
    let slot = naming::slot(&glue_ident);
    let hooked = HookedFn {
        item,
        sig: &sig,
        slot: quote!(<#companion>::#slot),
        keyed: !own.args.is_empty(),
    };
    let vis = &item.vis;
    let cfgs = &glue.cfgs;
    quote! {
        #hooked

        #(#cfgs)*
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #ident<#(#unbounded),*> {
            __patchable: ::patchable::__private::PhantomData<fn() -> (#(#phantom,)*)>,
        }

        #(#cfgs)*
        #[doc(hidden)]
        impl<#(#bounded),*> #companion
        where #(#predicates,)*
        {
            #glue
        }
    }
}

// Input (inside `impl Client { … }`):
//     #[patchable] pub fn get(&self, url: &str) -> R { BODY }
// Output:
//     pub fn get(&self, url: &str) -> R { HOOK BODY }
//     GLUE                         // `Client::__patchable_get`, `Client::__patchable_get__slot`
fn expand_lone_method(item: &FnItem) -> TokenStream {
    let sig = FnSignature::new(&item.sig, &SelfType::default());
    let glue = Glue::method(item, &sig, None);
    // The impl around the method is out of sight: it may be generic.
    let hooked = HookedFn {
        item,
        sig: &sig,
        slot: glue.slot_path(),
        keyed: true,
    };
    quote!(#hooked #glue)
}

// Input:
//     #[patchable] impl<T: Display> Stack<T> { fn push(&mut self, x: T) { … } const fn len(…) }
// Output:
//     impl<T: Display> Stack<T> { fn push(…) { HOOK … } const fn len(…) GLUE(push) }
// Input:
//     #[patchable] impl Greeter for English { fn greet(&self) -> String { … } }
// Output:
//     impl Greeter for English { fn greet(&self) -> String { HOOK … } }
//     impl English { GLUE(greet) }  // a trait impl has no room for extra items
fn expand_impl(block: &ImplBlock) -> TokenStream {
    let trait_path = block.view.trait_.as_ref().map(|(path, _)| path);
    let self_type = SelfType::of_impl(&block.view);
    let generic_impl = block
        .view
        .generics
        .params
        .iter()
        .any(|param| !matches!(param, syn::GenericParam::Lifetime(_)));
    let signatures: Vec<Option<FnSignature>> = block
        .members
        .iter()
        .map(|member| match member {
            Member::Fn(item) if item.sig.constness.is_none() => {
                Some(FnSignature::new(&item.sig, &self_type))
            }
            _ => None,
        })
        .collect();
    let mut members = TokenStream::new();
    let mut glues = TokenStream::new();
    for (member, sig) in block.members.iter().zip(&signatures) {
        match (member, sig) {
            (Member::Fn(item), Some(sig)) => {
                let glue = Glue::method(item, sig, trait_path);
                HookedFn {
                    item,
                    sig,
                    slot: glue.slot_path(),
                    keyed: generic_impl || !sig.own_generics().args.is_empty(),
                }
                .to_tokens(&mut members);
                glue.to_tokens(&mut glues);
            }
            (Member::Fn(item), None) => item.to_tokens(&mut members),
            (Member::Other(tokens), _) => tokens.to_tokens(&mut members),
        }
    }
    let header = &block.header;
    let inner_attrs = &block.inner_attrs;
    let body = |content: TokenStream| {
        let mut group = Group::new(Delimiter::Brace, content);
        group.set_span(block.body_span.join());
        group
    };
    match trait_path {
        None => {
            let body = body(quote!(#inner_attrs #members #glues));
            quote!(#header #body)
        }
        Some(_) => {
            let body = body(quote!(#inner_attrs #members));
            let cfgs = cfgs(&block.view.attrs);
            let (impl_generics, _, where_clause) = block.view.generics.split_for_impl();
            let self_ty = &block.view.self_ty;
            quote! {
                #header #body

                #(#cfgs)*
                #[doc(hidden)]
                impl #impl_generics #self_ty #where_clause {
                    #glues
                }
            }
        }
    }
}

pub fn cfgs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .collect()
}
