//! `#[patchable]` on a trait definition: a companion reachable from the trait's path,
//! which holds the glue of every method for every implementing type, and hooks in the
//! default methods.
//!
//! For a type of another crate (`str`, `Vec<u8>`, a blanket `T`), the trait is the only
//! local handle: a patch slot cannot hang off the type. So it hangs off the trait, and
//! implementing types are told apart at run time by key, like the instantiations of a
//! generic fn. Nothing is added to the trait itself, so its methods, its
//! dyn-compatibility and its use with unsized `Self` stay as they are.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{ToTokens, quote};
use syn::{GenericParam, Generics};

use crate::expand::{cfgs, lints};
use crate::glue::Glue;
use crate::hook::{HookedFn, Ways, lookup_by_key};
use crate::naming;
use crate::parse::{Body, FnItem, Member, TraitDef};
use crate::signature::{FnSignature, OwnGenerics, SelfType};

// Input:
//     #[patchable] pub trait Shout { fn word(&self) -> String; fn shout(&self) -> String { BODY } }
// Output:
//     pub trait Shout { fn word(&self) -> String; fn shout(&self) -> String { HOOK BODY } }
//     pub struct __patchable_Shout {}                 // hidden, the companion's type
//     pub const Shout: __patchable_Shout = …;         // the value namespace: `use` brings it
//     pub use ::patchable::__private::marked_trait as Shout;   // the macro namespace: the router
//     impl __patchable_Shout { GLUE(word) GLUE(shout) }        // generic over `Self`
pub fn expand(def: &TraitDef) -> TokenStream {
    let private = crate::runtime::private();
    let view = &def.view;
    let trait_ident = &view.ident;
    let companion = naming::trait_companion(trait_ident);
    let trait_params: Vec<&Ident> = view
        .generics
        .params
        .iter()
        .filter_map(|param| match param {
            GenericParam::Type(param) => Some(&param.ident),
            GenericParam::Const(param) => Some(&param.ident),
            GenericParam::Lifetime(_) => None,
        })
        .collect();
    let self_param = Ident::new(naming::SELF_PARAM, Span::call_site());
    let in_trait = SelfType::of_trait(None);
    let in_glue = SelfType::of_trait(Some(syn::parse_quote!(#self_param)));

    let mut members = TokenStream::new();
    let mut glues = TokenStream::new();
    for member in &def.members {
        let item = match member {
            // Hookable as the impls' methods are (`FnSignature::hookable`: not a lifetime
            // only the output names, crossbeam-epoch's `fn deref<'a>(ptr: usize) -> &'a
            // Self`), or they would look for a glue the trait does not have.
            Member::Fn(item)
                if crate::check::hookable(item)
                    && FnSignature::new(&item.sig, &in_glue).hookable =>
            {
                item
            }
            // No glue: marked impls leave the method as it is too.
            Member::Fn(item) => {
                item.to_tokens(&mut members);
                continue;
            }
            Member::Other(tokens) => {
                tokens.to_tokens(&mut members);
                continue;
            }
        };
        let glue_sig = FnSignature::new(&item.sig, &in_glue);
        let own = glue_generics(def, item, &in_glue, &self_param);
        let glue = Glue {
            vis: quote!(pub),
            cfgs: cfgs(&item.attrs),
            lints: lints(&item.attrs),
            ident: naming::generated(&naming::method_glue(&item.sig.ident, None)),
            // The implementing type is keyed too: `Self` is a type parameter here.
            keyed: own.phantom.clone(),
            own: Some(own),
            sig: &glue_sig,
            name: name(def, item, &self_param),
            on_trait_companion: true,
            unkeyed: false,
        };
        match &item.body {
            // A default method: its hook finds the key of the implementing type.
            Body::Block(_) => {
                let sig = FnSignature::new(&item.sig, &in_trait);
                let key = naming::key(&glue.ident);
                let own = sig.own_generics();
                let own_args = &own.args;
                let lookup = lookup_by_key(
                    &quote!(#companion {}.#key::<Self, #(#trait_params,)* #(#own_args),*>()),
                );
                // One slot serves every implementing type: always keyed.
                HookedFn {
                    item,
                    sig: &sig,
                    ways: Ways::One {
                        lookup,
                        keyed: true,
                    },
                }
                .to_tokens(&mut members);
            }
            // A required method: its impls' hooks use the glue's key.
            Body::Missing(_) => item.to_tokens(&mut members),
        }
        glue.to_tokens(&mut glues);
    }

    let header = &def.header;
    let inner_attrs = &def.inner_attrs;
    let mut body = Group::new(Delimiter::Brace, quote!(#inner_attrs #members));
    body.set_span(def.body_span.join());
    let vis = &view.vis;
    let cfgs = cfgs(&view.attrs);
    let companion_const = naming::generated(trait_ident);
    quote! {
        #header #body

        #(#cfgs)*
        #[doc(hidden)]
        #vis struct #companion {}

        #(#cfgs)*
        #[doc(hidden)]
        #vis const #companion_const: #companion = #companion {};

        #(#cfgs)*
        #[doc(hidden)]
        #[allow(unused_imports)]
        #vis use #private::marked_trait as #trait_ident;

        // The glue names the trait: a `#[deprecated]` trait must not warn where its own
        // definition does not.
        #(#cfgs)*
        #[doc(hidden)]
        #[allow(deprecated)]
        impl #companion {
            #glues
        }
    }
}

/// `<__PatchableSelf: ?Sized + Shout<T>, T, U>`, with the trait's and the method's
/// bounds and where clauses, `Self` spelled `__PatchableSelf`: the glue serves every
/// implementing type, and every instantiation of the trait and of the method.
fn glue_generics(
    def: &TraitDef,
    item: &FnItem,
    in_glue: &SelfType,
    self_param: &Ident,
) -> OwnGenerics {
    let private = crate::runtime::private();
    let trait_ident = &def.view.ident;
    let (_, trait_args, _) = def.view.generics.split_for_impl();
    // `?Sized`, so that `impl Shout for str` is patchable, unless a method takes or
    // returns `Self` by value (`fn min_value() -> Self`): its replacement needs `Sized`.
    let unsized_ok = !def.members.iter().any(|member| match member {
        Member::Fn(item) => takes_self_by_value(&item.sig),
        Member::Other(_) => false,
    });
    let mut generics: Generics = match unsized_ok {
        true => syn::parse_quote!(<#self_param: ?#private::Sized + #trait_ident #trait_args>),
        false => syn::parse_quote!(<#self_param: #trait_ident #trait_args>),
    };
    generics
        .params
        .extend(def.view.generics.params.iter().cloned());
    generics
        .params
        .extend(item.sig.generics.params.iter().cloned());
    let predicates = def
        .view
        .generics
        .where_clause
        .iter()
        .chain(&item.sig.generics.where_clause)
        .flat_map(|clause| clause.predicates.iter().cloned());
    generics.make_where_clause().predicates.extend(predicates);
    let _ = in_glue.rewrite_generics(&mut generics);
    OwnGenerics::of(&generics)
}

/// Whether `sig` has `self` or `Self` by value: not behind `&`, `&mut` or in a `Box`.
fn takes_self_by_value(sig: &syn::Signature) -> bool {
    use proc_macro2::TokenTree;
    fn walk(tokens: TokenStream) -> bool {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        tokens.iter().enumerate().any(|(index, token)| match token {
            TokenTree::Group(group) => walk(group.stream()),
            TokenTree::Ident(ident) if ident == "Self" || ident == "self" => {
                // The tokens before, nearest first, `mut` and a lifetime (`'`, `a`) skipped.
                let mut before = tokens[..index].iter().rev().map(ToString::to_string).peekable();
                if before.peek().is_some_and(|t| t == "mut") {
                    before.next();
                }
                let mut before: Vec<String> = before.take(3).collect();
                if before.get(1).is_some_and(|t| t == "'") {
                    before.drain(..2);
                }
                let behind = before.first().is_some_and(|t| t == "&")
                    || before.first().is_some_and(|t| t == "<")
                        && before.get(1).is_some_and(|t| t == "Box");
                // `self: Box<Self>` and the like: the type after the colon decides.
                let typed_receiver = ident == "self"
                    && matches!(tokens.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                let path = matches!(tokens.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                    && ident == "Self";
                !behind && !typed_receiver && !path
            }
            _ => false,
        })
    }
    let inputs = &sig.inputs;
    let output = &sig.output;
    walk(quote!(#inputs #output))
}

/// The name of a method of a marked trait, a `Name`: `<str as Shout>::word`,
/// `<Dog as Convert<u8>>::convert`. A generic trait's arguments are named at run time.
fn name(def: &TraitDef, item: &FnItem, self_param: &Ident) -> TokenStream {
    let private = crate::runtime::private();
    let type_name = quote!(#private::type_name);
    let method = item.sig.ident.to_string();
    let method = method.trim_start_matches("r#");
    let params: Vec<&GenericParam> = def
        .view
        .generics
        .params
        .iter()
        .filter(|param| !matches!(param, GenericParam::Lifetime(_)))
        .collect();
    if params.is_empty() {
        let trait_name = def.view.ident.to_string();
        let trait_name = trait_name.trim_start_matches("r#");
        return quote! {
            #private::Name::TraitMethod(#type_name::<#self_param>, #trait_name, #method)
        };
    }
    let holes = vec!["{}"; params.len()];
    let format = format!(
        "<{{}} as {}<{}>>::{}",
        def.view.ident,
        holes.join(", "),
        method
    );
    let mut args = vec![quote!(#type_name::<#self_param>())];
    args.extend(params.iter().map(|param| match param {
        GenericParam::Type(param) => {
            let ident = &param.ident;
            quote!(#type_name::<#ident>())
        }
        GenericParam::Const(param) => {
            let ident = &param.ident;
            quote!(#ident)
        }
        GenericParam::Lifetime(_) => quote!(),
    }));
    quote!(#private::Name::Written(|__patchable_f| ::core::write!(__patchable_f, #format, #(#args),*)))
}

/// A marked trait that cannot be marked (see `check::trait_markable`): the trait as it
/// is, and in the macro namespace, as a marked trait's router would be, one that routes
/// its impls the way of an unmarked trait's, but leaves one for another crate's type as
/// it is instead of refusing it (`route.rs` in the runtime). Not for a trait routed by
/// name alone, whose router would collide with a derive of the same name.
pub fn left_as_it_is(def: &TraitDef) -> TokenStream {
    let trait_tokens = def.without_method_marks();
    let ident = &def.view.ident;
    if crate::route::routed_by_name(ident) {
        return trait_tokens;
    }
    let private = crate::runtime::private();
    let vis = &def.view.vis;
    let cfgs = cfgs(&def.view.attrs);
    quote! {
        #trait_tokens

        #(#cfgs)*
        #[doc(hidden)]
        #[allow(unused_imports)]
        #vis use #private::unmarkable_trait as #ident;
    }
}
