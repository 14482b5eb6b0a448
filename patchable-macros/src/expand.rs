//! Code generation, per item: a free fn, a lone method, an impl block. The pieces are
//! [`HookedFn`] (the function with its hook) and [`Glue`] (the hidden items beside it).

use proc_macro2::{Delimiter, Group, Ident, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Path};

use crate::context::{self, Site};
use crate::glue::Glue;
use crate::hook::{HookedFn, Ways, lookup_by_key, lookup_by_slot};
use crate::parse::{FnItem, ImplBlock, Item, Member};
use crate::route::{self, Route};
use crate::signature::{FnSignature, SelfType};
use crate::{args, check, fallback, foreign, marked_trait, naming};

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
            Ok(match block.view.trait_.as_ref() {
                None => expand_impl(&block),
                Some((trait_path, _)) => expand_trait_impl(&block, trait_path),
            })
        }
        Item::Trait(def) => Ok(match check::check_trait(&def) {
            Ok(()) => marked_trait::expand(&def),
            Err(error) => fallback::expand(def.without_method_marks(), error),
        }),
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
        on_trait_companion: false,
    };
    let slot = naming::slot(&glue_ident);
    let hooked = HookedFn {
        item,
        sig: &sig,
        ways: Ways::One {
            lookup: lookup_by_slot(&quote!(<#companion>::#slot)),
            keyed: !own.args.is_empty(),
        },
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
        ways: Ways::One {
            lookup: lookup_by_slot(&glue.slot_path()),
            keyed: true,
        },
    };
    quote!(#hooked #glue)
}

// Input:
//     #[patchable] impl<T: Display> Stack<T> { fn push(&mut self, x: T) { … } const fn len(…) }
// Output:
//     impl<T: Display> Stack<T> { fn push(…) { HOOK … } const fn len(…) GLUE(push) }
fn expand_impl(block: &ImplBlock) -> TokenStream {
    let self_type = SelfType::of_impl(&block.view);
    let generic_impl = generic_impl(block);
    let mut members = TokenStream::new();
    let mut glues = TokenStream::new();
    for member in &block.members {
        match member {
            Member::Fn(item) if item.sig.constness.is_none() => {
                let sig = FnSignature::new(&item.sig, &self_type);
                let glue = Glue::method(item, &sig, None);
                HookedFn {
                    item,
                    sig: &sig,
                    ways: Ways::One {
                        lookup: lookup_by_slot(&glue.slot_path()),
                        keyed: generic_impl || !sig.own_generics().args.is_empty(),
                    },
                }
                .to_tokens(&mut members);
                glue.to_tokens(&mut glues);
            }
            Member::Fn(item) => item.to_tokens(&mut members),
            Member::Other(tokens) => tokens.to_tokens(&mut members),
        }
    }
    let header = &block.header;
    let body = impl_body(block, quote!(#members #glues));
    quote!(#header #body)
}

// Input:
//     #[patchable] impl Greeter for English { fn greet(&self) -> String { … } }
// Output:
//     impl Greeter for English { fn greet(&self) -> String { HOOK … } }
//     const _: () = ROUTE { marked: {}, unmarked: { impl English { GLUE(greet) } } };
// Each hook routes too: a marked trait holds the slots of all its impls, keyed by type;
// an unmarked one leaves them to the type, which must then be of this crate.
fn expand_trait_impl(block: &ImplBlock, trait_path: &Path) -> TokenStream {
    let self_type = SelfType::of_impl(&block.view);
    let via_trait = SelfType::of_trait(trait_path.clone(), None);
    let self_ty = &block.view.self_ty;
    let foreign = foreign::certainly_foreign(self_ty, &block.view.generics);
    let generic_impl = generic_impl(block);
    let router = route::router();
    let trait_args = route::trait_arguments(trait_path);
    let mut members = TokenStream::new();
    let mut glues = TokenStream::new();
    for member in &block.members {
        let item = match member {
            Member::Fn(item) if item.sig.constness.is_none() => item,
            Member::Fn(item) => {
                item.to_tokens(&mut members);
                continue;
            }
            Member::Other(tokens) => {
                tokens.to_tokens(&mut members);
                continue;
            }
        };
        let sig = FnSignature::new(&item.sig, &self_type);
        let glue = Glue::method(item, &sig, Some(trait_path));
        let trait_sig = FnSignature::new(&item.sig, &via_trait);
        let key = naming::key(&naming::method_glue(&item.sig.ident, None));
        let own = trait_sig.own_generics();
        let own_args = &own.args;
        let marked =
            lookup_by_key(&quote!(#router.#key::<Self, #(#trait_args,)* #(#own_args),*>()));
        let unmarked = match foreign {
            false => Some((
                lookup_by_slot(&glue.slot_path()),
                generic_impl || !sig.own_generics().args.is_empty(),
            )),
            // The glue's error says what to do; the hook stays quiet.
            true => None,
        };
        HookedFn {
            item,
            sig: &sig,
            ways: Ways::Routed {
                trait_path,
                marked,
                unmarked,
            },
        }
        .to_tokens(&mut members);
        glue.to_tokens(&mut glues);
    }
    let header = &block.header;
    let body = impl_body(block, members);
    let cfgs = cfgs(&block.view.attrs);
    let unmarked = match foreign {
        false => {
            let (impl_generics, _, where_clause) = block.view.generics.split_for_impl();
            // Were `Self` of another crate after all, rustc's error points at it.
            let impl_token = quote_spanned!(self_ty.span()=> impl);
            quote! {
                #[doc(hidden)]
                #impl_token #impl_generics #self_ty #where_clause {
                    #glues
                }
            }
        }
        true => {
            let trait_name = trait_path
                .segments
                .last()
                .map(|segment| segment.ident.to_string())
                .unwrap_or_default();
            syn::Error::new_spanned(
                self_ty,
                format!(
                    "`#[patchable]` on an impl for a type of another crate needs its trait \
                     marked too: put `#[patchable]` on `trait {trait_name}`"
                ),
            )
            .into_compile_error()
        }
    };
    let route = Route {
        trait_path,
        marked: quote!({}),
        unmarked: quote!({ #unmarked }),
    };
    quote! {
        #header #body

        #(#cfgs)*
        const _: () = #route;
    }
}

/// The impl's braces around `content`, with its inner attributes first.
fn impl_body(block: &ImplBlock, content: TokenStream) -> Group {
    let inner_attrs = &block.inner_attrs;
    let mut group = Group::new(Delimiter::Brace, quote!(#inner_attrs #content));
    group.set_span(block.body_span.join());
    group
}

pub fn cfgs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .collect()
}

/// Whether the impl has type or const parameters: its methods' slots are shared by every
/// instantiation.
fn generic_impl(block: &ImplBlock) -> bool {
    block
        .view
        .generics
        .params
        .iter()
        .any(|param| !matches!(param, syn::GenericParam::Lifetime(_)))
}
