//! Code generation, per item: a free fn, a lone method, an impl block. The pieces are
//! [`HookedFn`] (the function with its hook) and [`Glue`] (the hidden items beside it).

use proc_macro2::{Delimiter, Group, Ident, TokenStream};
use quote::{ToTokens, quote};
use syn::{Attribute, Path};

use crate::context::{self, Site};
use crate::glue::Glue;
use crate::hook::{HookedFn, Ways, lookup_by_key, lookup_by_slot};
use crate::impl_args;
use crate::parse::{FnItem, ImplBlock, Item, Member};
use crate::route::{self, Route};
use crate::signature::{FnSignature, OwnGenerics, SelfType};
use crate::{args, check, fallback, foreign, marked_trait, naming};

pub fn patchable(args: TokenStream, item: TokenStream) -> TokenStream {
    match try_expand(args, item.clone()) {
        Ok(expanded) => expanded,
        Err(error) => fallback::expand(item, error),
    }
}

// With patching off (no `enable` in this build), `cargo build` must pay for nothing:
// Input:
//     #[patchable] pub fn fetch(url: &str) -> R { BODY }
// Output (the item's tokens as they came, unparsed):
//     #[cfg(not(test))] pub fn fetch(url: &str) -> R { BODY }
//     #[cfg(test)] #[::patchable::__private::patchable_in_tests] pub fn fetch(…) { BODY }
// cfg-stripping drops one of them before any other macro runs: the crate's own unit
// tests expand the second as if patching were on, every other build keeps the first.
//
// A build that is not its crate's test harness keeps the first alone, so where rustc's
// command line says so, the item is given back as it came: no second copy to parse and
// strip (a `cargo build` of 500 marked fns: 1.23 times the plain crate's rustc
// instructions with the copy, 1.07 times without).
pub fn deferred(args: TokenStream, item: TokenStream) -> TokenStream {
    let root = match args::parse(args.clone()) {
        Ok(args) => args.krate.as_ref().map(crate::runtime::root_of),
        Err(error) => return fallback::expand(item, error),
    };
    if crate::runtime::compiled_for_tests() == Some(false) {
        return item;
    }
    crate::runtime::with_root(root, || {
        let private = crate::runtime::private();
        quote! {
            #[cfg(not(test))]
            #item
            #[cfg(test)]
            #[#private::patchable_in_tests(#args)]
            #item
        }
    })
}

fn try_expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let args = args::parse(args)?;
    let root = args.krate.as_ref().map(crate::runtime::root_of);
    crate::runtime::with_root(root, || expand_item(item))
}

fn expand_item(item: TokenStream) -> syn::Result<TokenStream> {
    match crate::parse::parse_item(item)? {
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
            Ok(()) if check::trait_markable(&def) => marked_trait::expand(&def),
            Ok(()) => marked_trait::left_as_it_is(&def),
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
    if let Some(named) = impl_args::named(item) {
        return expand_free_fn(&named);
    }
    let sig = FnSignature::new(&item.sig, &SelfType::default());
    // A type of the module, or a primitive, already has the name its companion would take;
    // a type parameter of the fn named like it (bstr's `fn B<B: AsRef<[u8]>>`) would hide
    // the companion from the hook.
    if !sig.hookable
        || !check::hookable(item)
        || context::type_named_like(&item.sig.ident)
        || generic_named_like_fn(&item.sig)
    {
        return item.to_token_stream();
    }
    let ident = sig.ident();
    let own = sig.own_generics();
    let (unbounded, bounded, args, phantom, predicates) = (
        &own.unbounded,
        &own.bounded,
        &own.args,
        &own.phantom,
        &own.predicates,
    );
    let companion = match args.is_empty() {
        true => quote!(#ident),
        false => quote!(#ident<#(#args),*>),
    };
    let private = crate::runtime::private();
    let glue_ident = Ident::new(naming::FREE_GLUE, naming::generated_at(ident.span()));
    let glue = Glue {
        vis: quote!(pub),
        cfgs: cfgs(&item.attrs),
        lints: lints(&item.attrs),
        ident: glue_ident.clone(),
        own: None,
        sig: &sig,
        name: {
            let name = ident.to_string();
            let private = crate::runtime::private();
            quote! {
                #private::Name::Path(::core::concat!(::core::module_path!(), "::", #name))
            }
        },
        on_trait_companion: false,
        keyed: own.phantom.clone(),
        // As the hook's (see `Lookup::unkeyed`).
        unkeyed: own.args.is_empty(),
    };
    let slot = naming::slot(&glue_ident);
    let hooked = HookedFn {
        item,
        sig: &sig,
        ways: Ways::One {
            lookup: match own.args.is_empty() {
                true => lookup_by_slot(&quote!(<#companion>::#slot)).unkeyed(),
                false => lookup_by_slot(&quote!(<#companion>::#slot)),
            },
            keyed: !own.args.is_empty(),
        },
    };
    // A companion named like the module around it stays private to that module, whose
    // own tests patch it: an import of the fn beside the module would take it along and
    // collide with the module.
    let vis = match context::named_like_its_module(ident) {
        true => quote!(),
        false => crate::glue::crate_wide(&item.vis),
    };
    let (cfgs, lints) = (&glue.cfgs, &glue.lints);
    // The hook finds the slot for every instantiation the fn has, whatever its bounds
    // (`&'a I: IntoIterator` for one `'a`); the glue needs them, for every lifetime.
    let slot = glue.slot_tokens();
    let builder = glue.builder_tokens();
    let gate = crate::runtime::gate();
    let glue = match args.is_empty() {
        true => quote! {
            #(#cfgs)*
            #gate
            #[doc(hidden)]
            impl #companion { #slot #builder }
        },
        false => quote! {
            #(#cfgs)*
            #gate
            #[doc(hidden)]
            impl<#(#unbounded),*> #companion { #slot }

            #(#cfgs)*
            #(#lints)*
            #gate
            #[doc(hidden)]
            impl<#(#bounded),*> #companion
            where #(#predicates,)*
            {
                #builder
            }
        },
    };
    let companion_ident = naming::generated(ident);
    // Braces, so that the name stays out of the value namespace, the fn's; a field only
    // where type parameters need one (a field's type is one more thing to check per fn).
    let fields = match unbounded.is_empty() {
        true => quote!(),
        false => quote!(__patchable: #private::PhantomData<fn() -> (#(#phantom,)*)>,),
    };
    quote! {
        #hooked

        #(#cfgs)*
        #[doc(hidden)]
        #vis struct #companion_ident<#(#unbounded),*> { #fields }

        #glue
    }
}

// Input (inside `impl Client { … }`):
//     #[patchable] pub fn get(&self, url: &str) -> R { BODY }
// Output:
//     pub fn get(&self, url: &str) -> R { HOOK BODY }
//     GLUE                         // `Client::get__patch`, `Client::get__patch__slot`
fn expand_lone_method(item: &FnItem) -> TokenStream {
    if let Some(named) = impl_args::named(item) {
        return expand_lone_method(&named);
    }
    let sig = FnSignature::new(&item.sig, &SelfType::default());
    if !sig.hookable || !check::hookable(item) {
        return item.to_token_stream();
    }
    // The impl around the method is out of sight: it may be generic, and its parameters
    // are keyed through `Self`.
    let glue = Glue::method(item, &sig, None).keyed_also([quote!(*const Self)]);
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
    let self_type = SelfType::of_impl(&block.view, Vec::new());
    let generic_impl = generic_impl(block);
    let mut members = TokenStream::new();
    let mut glues = TokenStream::new();
    for member in &block.members {
        let item = match member {
            Member::Fn(item) => item,
            Member::Other(tokens) => {
                tokens.to_tokens(&mut members);
                continue;
            }
        };
        let named = impl_args::named(item);
        match named.as_ref().unwrap_or(item) {
            item if check::hookable(item)
                && has_body(item)
                && FnSignature::new(&item.sig, &self_type).hookable =>
            {
                let sig = FnSignature::new(&item.sig, &self_type);
                let glue = Glue::method(item, &sig, None).keyed_also(impl_type_params(block));
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
            _ => item.to_tokens(&mut members),
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
//     const _: () = ROUTE { marked: {}, unmarked: {
//         impl TraitMethod<ID, …> for English { fn slot() … }      // ID: hash of `Greeter::greet`
//         impl<C, A, F> TraitGlue<ID, …, C, A, F> for English { fn glue() … }
//     } };
// Each hook routes too: a marked trait holds the slots of all its impls, keyed by type;
// an unmarked one leaves them to impls for the type, which share the user's header, so
// that whatever type the orphan rule let the user implement the trait for takes them.
fn expand_trait_impl(block: &ImplBlock, trait_path: &Path) -> TokenStream {
    let defined = defined_types(block);
    let self_type = SelfType::of_impl(&block.view, defined);
    let via_trait = SelfType::of_trait(None);
    let self_ty = &block.view.self_ty;
    // A trait without arguments implemented for another crate's type must be this
    // crate's: it is to be marked. (With arguments, or lifetimes, the glue's own unit
    // struct makes the orphan rule take it, as the user's impl is taken.)
    let foreign = foreign::certainly_foreign(self_ty, &block.view.generics)
        && trait_path
            .segments
            .last()
            .is_some_and(|segment| segment.arguments.is_none());
    // Marked or not, a trait routed by name takes the unmarked way (see `route`): an impl
    // for another crate's type is left as it is, as the trait is.
    let by_name = route::trait_routed_by_name(trait_path);
    // Where no impl of a runtime trait for `Self` can exist, the type's glue cannot:
    // `Self` a bare type parameter (`impl<'de, A> SeqAccess<'de> for &mut A`, serde: the
    // orphan rule). Hooks then go through a marked trait alone, and a trait with lifetime
    // parameters, which cannot be marked, leaves the impl as it is.
    let glue_impossible = foreign || foreign::uncovered_parameter(self_ty, &block.view.generics);
    let left_as_it_is = glue_impossible && (by_name || names_lifetimes(trait_path));
    // Impl lifetimes that only the trait names (`impl<'de, E> Deserializer<'de> for
    // UnitDeserializer<E>`) become the replacement's own; a method whose bounds name one
    // (`V: Visitor<'de>`) would carry it into the glue's types, where the impl could not
    // constrain it (E0207): such a method is left as it is.
    let trait_only = lifetimes_only_in_trait(block, trait_path);
    // The impl's own bounds naming one (`where A: MapAccess<'de>`, serde's `MapAsEnum`)
    // reach the methods through `A::Error`: the whole impl is left as it is.
    let impl_bounds_name_trait_only = bounds_name(&block.view.generics, &trait_only);
    let generic_impl = generic_impl(block);
    let impl_has_lifetimes = block.view.generics.lifetimes().next().is_some()
        || crate::lifetimes::borrows(&block.view.self_ty)
        || names_lifetimes(trait_path);
    let router = route::router();
    let trait_args = route::trait_arguments(trait_path);
    let trait_places = trait_places(trait_path);
    let marker = naming::impl_marker(&block.view);
    let mut members = TokenStream::new();
    let mut glues = TokenStream::new();
    for member in &block.members {
        let item = match member {
            Member::Fn(item)
                if check::hookable(item)
                    && has_body(item)
                    && !left_as_it_is
                    && !impl_bounds_name_trait_only
                    && !bounds_name(&item.sig.generics, &trait_only) =>
            {
                item
            }
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
        // The method's bounds, as the glue's impl spells them (`Self::Item` qualified).
        let mut method_generics = item.sig.generics.clone();
        let bounds_resolved = self_type.qualify_generics(&mut method_generics);
        let own = OwnGenerics::of(&method_generics);
        let trait_sig = FnSignature::new(&item.sig, &via_trait);
        let places = match (&trait_places, own_place(&item.sig)) {
            (Some(trait_places), Some(own_place)) => {
                let id = naming::method_id(trait_path, &item.sig.ident);
                Some(quote!(#id, #marker, #trait_places, #own_place))
            }
            _ => None,
        };
        let Some(places) = places else {
            item.to_tokens(&mut members);
            continue;
        };
        let (places, sig) = match sig.hookable && bounds_resolved {
            true => (Some(places), &sig),
            // The impl's own view of the signature cannot be spelled outside it (`fn
            // lend(&self) -> Self::Item<'_>` with a generic `type Item<'a>`), but the
            // trait's can, as a marked trait's own glue spells it: hooked through a
            // marked trait only, so that a patch of it is never one that nothing reads.
            // (Unmarked, the method has no glue, and `patch!` of it says so.) Only in an
            // impl of neither lifetimes nor type parameters: with lifetimes (`impl<'a>
            // Positioned for &'a str`, combine), the trait's view would hold the impl's
            // under binders of its own (E0496); with type parameters, the associated
            // type's bounds would have to hold for every lifetime (der's `impl<T>
            // OwnedToRef for Option<T>` with `type Borrowed<'a> = … where T: 'a`).
            false if trait_sig.hookable && !impl_has_lifetimes && !generic_impl => {
                (None, &trait_sig)
            }
            // Not hookable from outside the impl: left as it is.
            false => {
                item.to_tokens(&mut members);
                continue;
            }
        };
        let private = crate::runtime::private();
        let key = naming::key(&naming::method_glue(&item.sig.ident, None));
        let trait_own = trait_sig.own_generics();
        let own_args = &trait_own.args;
        let marked =
            lookup_by_key(&quote!(#router.#key::<Self, #(#trait_args,)* #(#own_args),*>()));
        // The impl's own way, through its glue, where the impl's view serves and its glue
        // can exist (see `glue_impossible`: else the hook stays quiet for an unmarked
        // trait, and for another crate's type the error below says what to do).
        let places = places.filter(|_| !glue_impossible);
        let unmarked = places.as_ref().map(|places| {
            let slot = quote!(<Self as #private::TraitMethod<#places>>::slot);
            (lookup_by_slot(&slot), generic_impl || !own.args.is_empty())
        });
        HookedFn {
            item,
            sig,
            ways: Ways::Routed {
                trait_path,
                marked,
                unmarked,
            },
        }
        .to_tokens(&mut members);
        let Some(places) = places else {
            continue;
        };
        let glue = Glue::method(item, sig, Some(trait_path));
        let impl_predicates = block
            .view
            .generics
            .where_clause
            .iter()
            .flat_map(|clause| clause.predicates.iter());
        let params = block.view.generics.params.iter();
        // With their inline bounds: `fn serialize_some<T: ?Sized>(…) where T:
        // Serialize` (bincode) needs its `?Sized` in the glue's impls too.
        let own_params = own.bounded.iter();
        let generics = quote!(#(#params,)* #(#own_params,)*);
        let own_predicates = &own.predicates;
        let predicates = quote!(#(#impl_predicates,)* #(#own_predicates,)*);
        let glue = glue.keyed_also(impl_type_params(block));
        let self_ty = crate::signature::nameable_self(self_ty);
        let self_ty = quote!(#self_ty);
        let impl_params: Vec<Ident> = block
            .view
            .generics
            .type_params()
            .map(|param| param.ident.clone())
            .collect();
        glues.extend(glue.trait_impls(&generics, &impl_params, &self_ty, &places, &predicates));
    }
    let gate = crate::runtime::gate();
    let header = &block.header;
    let body = impl_body(block, members);
    let cfgs = cfgs(&block.view.attrs);
    let lints = lints(&block.view.attrs);
    // A trait marked but left as it is (winnow's `trait Offset<Start = Self>`): the glues,
    // and no refusal for another crate's type, whose methods stay as they are.
    let left = quote!({ #glues });
    // SPEC: an impl for another crate's type needs its (local) trait marked, and says so.
    // Not for a trait routed by name alone (see `route`).
    let unmarked = match foreign && !by_name {
        false => glues,
        true => {
            let trait_name = trait_path
                .segments
                .last()
                .map(|segment| segment.ident.to_string())
                .unwrap_or_default();
            fallback::compile_errors(syn::Error::new_spanned(
                self_ty,
                format!(
                    "`#[patchable]` on an impl for a type of another crate needs its trait \
                     marked too: put `#[patchable]` on `trait {trait_name}`"
                ),
            ))
        }
    };
    let route = Route {
        trait_path,
        marked: quote!({}),
        unmarked: quote!({ #unmarked }),
        left: Some(left),
    };
    quote! {
        #header #body

        // Public: `patch!` in another crate infers it, which privacy would forbid.
        #(#cfgs)*
        #gate
        #[doc(hidden)]
        pub struct #marker;

        // The glue leaves out the trait's lifetime arguments (`impl<'s> Builder<'s> for ()`).
        #(#cfgs)*
        #gate
        #(#lints)*
        #[allow(unused_lifetimes)]
        const _: () = #route;
    }
}

/// Whether the trait's arguments name a lifetime (`SeqAccess<'de>`).
fn names_lifetimes(trait_path: &Path) -> bool {
    trait_path.segments.last().is_some_and(|segment| {
        matches!(&segment.arguments, syn::PathArguments::AngleBracketed(arguments)
            if arguments.args.iter().any(|argument| matches!(argument, syn::GenericArgument::Lifetime(_))))
    })
}

/// The lifetime parameters of the impl that appear in neither `Self` nor the trait's type
/// arguments, which the glue's impls keep.
fn lifetimes_only_in_trait(block: &ImplBlock, trait_path: &Path) -> Vec<syn::Lifetime> {
    let mut kept = Vec::new();
    crate::lifetimes::collect_lifetimes(&block.view.self_ty, &mut kept);
    for argument in route::trait_arguments(trait_path) {
        if let syn::GenericArgument::Type(ty) = argument {
            crate::lifetimes::collect_lifetimes(ty, &mut kept);
        }
    }
    block
        .view
        .generics
        .lifetimes()
        .map(|param| param.lifetime.clone())
        .filter(|lifetime| !kept.contains(lifetime))
        .collect()
}

/// Whether the bounds or where clause of `generics` name one of `lifetimes`.
fn bounds_name(generics: &syn::Generics, lifetimes: &[syn::Lifetime]) -> bool {
    struct Find<'l>(&'l [syn::Lifetime], bool);
    impl syn::visit::Visit<'_> for Find<'_> {
        fn visit_lifetime(&mut self, lifetime: &syn::Lifetime) {
            self.1 |= self.0.contains(lifetime);
        }
    }
    if lifetimes.is_empty() {
        return false;
    }
    let mut find = Find(lifetimes, false);
    // The bounds, not the parameters' own names (`impl<'s>` declares `'s`).
    for param in &generics.params {
        match param {
            syn::GenericParam::Type(param) => {
                for bound in &param.bounds {
                    syn::visit::Visit::visit_type_param_bound(&mut find, bound);
                }
            }
            syn::GenericParam::Lifetime(param) => {
                for bound in &param.bounds {
                    syn::visit::Visit::visit_lifetime(&mut find, bound);
                }
            }
            syn::GenericParam::Const(_) => {}
        }
    }
    if let Some(clause) = &generics.where_clause {
        syn::visit::Visit::visit_where_clause(&mut find, clause);
    }
    find.1
}

/// `*const T` for each type parameter of the impl: what a patch's key tells apart.
fn impl_type_params(block: &ImplBlock) -> Vec<TokenStream> {
    block
        .view
        .generics
        .type_params()
        .map(|param| {
            let ident = &param.ident;
            quote!(*const #ident)
        })
        .collect()
}

fn has_body(item: &FnItem) -> bool {
    matches!(item.body, crate::parse::Body::Block(_))
}

/// The associated types a trait impl defines (`type Item = u32;`): the trait's own.
fn defined_types(block: &ImplBlock) -> Vec<(Ident, syn::Type)> {
    let defined: Vec<(Ident, syn::Type)> = block
        .members
        .iter()
        .filter_map(|member| match member {
            Member::Other(tokens) => syn::parse2::<syn::ImplItemType>(tokens.clone())
                .ok()
                .filter(|ty| ty.generics.params.is_empty())
                .map(|ty| (ty.ident, ty.ty)),
            Member::Fn(_) => None,
        })
        .collect();
    // One defined twice, under `#[cfg]`s (serde's `type SerializeTupleVariant`), is
    // whichever the build keeps: the trait path names it.
    let mut kept: Vec<(Ident, syn::Type)> = Vec::new();
    for (name, ty) in &defined {
        if kept.iter().any(|(other, _)| other == name) {
            continue;
        }
        let twice = defined.iter().filter(|(other, _)| other == name).count() > 1;
        let ty = match (&block.view.trait_, twice) {
            (Some((trait_path, _)), true) => syn::parse_quote!(<Self as #trait_path>::#name),
            _ => ty.clone(),
        };
        kept.push((name.clone(), ty));
    }
    kept
}

/// `A0, A1, A2, A3`: the trait's type arguments in the places of `TraitMethod`, `Nil`
/// where it has fewer; `None` when it has more, or const arguments.
pub fn trait_places(trait_path: &Path) -> Option<TokenStream> {
    let mut places = Vec::new();
    for argument in route::trait_arguments(trait_path) {
        match argument {
            syn::GenericArgument::Type(ty) => places.push(quote!(#ty)),
            _ => return None,
        }
    }
    if places.len() > 4 {
        return None;
    }
    while places.len() < 4 {
        let private = crate::runtime::private();
        places.push(quote!(#private::Nil));
    }
    Some(quote!(#(#places),*))
}

/// `(*const B, *const F)`: a method's own type parameters in one place of
/// `TraitMethod`; `None` for a method with const parameters.
fn own_place(sig: &syn::Signature) -> Option<TokenStream> {
    let mut params = Vec::new();
    for param in &sig.generics.params {
        match param {
            syn::GenericParam::Type(param) => {
                let ident = &param.ident;
                params.push(quote!(*const #ident));
            }
            syn::GenericParam::Lifetime(_) => {}
            syn::GenericParam::Const(_) => return None,
        }
    }
    Some(quote!((#(#params,)*)))
}

/// What an item allows (`#[allow(dead_code)]`, and `#[expect(…)]` as an allowance),
/// for the generated items beside it: they use what it uses, and must not warn where it
/// does not. (An expectation would be unfulfilled where they do not; `warn`, `deny` and
/// `forbid` would only make them stricter than the module around.) And `deprecated` and
/// `bare_trait_objects` always: they name the signature's types again, with their spans,
/// and a deprecated one (inout's `GenericArray`) or a 2015 trait object without `dyn`
/// (slog's `Option<&std::error::Error>`) is the user's to be told of once, at the
/// signature.
pub fn lints(attrs: &[Attribute]) -> Vec<TokenStream> {
    std::iter::once(quote!(#[allow(deprecated, bare_trait_objects)]))
        .chain(
            attrs
                .iter()
                .filter(|attr| attr.path().is_ident("allow") || attr.path().is_ident("expect"))
                .filter_map(|attr| match &attr.meta {
                    syn::Meta::List(list) => {
                        let lints = &list.tokens;
                        Some(quote!(#[allow(#lints)]))
                    }
                    _ => None,
                }),
        )
        .collect()
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

/// Whether a type or const parameter of the fn has the fn's own name.
fn generic_named_like_fn(sig: &syn::Signature) -> bool {
    sig.generics.params.iter().any(|param| match param {
        syn::GenericParam::Type(param) => param.ident == sig.ident,
        syn::GenericParam::Const(param) => param.ident == sig.ident,
        syn::GenericParam::Lifetime(_) => false,
    })
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
