//! The view of a fn signature the expansion works from: the arguments to forward to a
//! replacement, the replacement's `dyn FnMut` type, and the companion's generics.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{
    FnArg, GenericParam, Ident, Lifetime, Pat, PatIdent, ReturnType, Signature, Type,
    TypeParamBound, WherePredicate,
};

pub struct FnSignature<'a> {
    pub original: &'a Signature,
    /// The signature as emitted: arguments bound by a pattern get a plain name.
    pub sig: Signature,
    /// `let PAT = NAME;` for each argument that was renamed.
    pub rebinds: Vec<(Pat, Ident)>,
    /// What the hook passes to the replacement, one per argument.
    pub arg_names: Vec<Ident>,
    pub arg_types: Vec<Type>,
}

impl<'a> FnSignature<'a> {
    pub fn new(original: &'a Signature) -> Self {
        let mut sig = original.clone();
        let mut rebinds = Vec::new();
        let mut arg_names = Vec::new();
        let mut arg_types = Vec::new();
        for (index, arg) in sig.inputs.iter_mut().enumerate() {
            let FnArg::Typed(arg) = arg else { continue };
            arg_types.push((*arg.ty).clone());
            let name = match &*arg.pat {
                Pat::Ident(PatIdent {
                    by_ref: None,
                    subpat: None,
                    ident,
                    ..
                }) => ident.clone(),
                pat => {
                    let name = format_ident!("__patchable_arg{}", index, span = Span::mixed_site());
                    rebinds.push((pat.clone(), name.clone()));
                    *arg.pat = Pat::Ident(PatIdent {
                        attrs: Vec::new(),
                        by_ref: None,
                        mutability: None,
                        ident: name.clone(),
                        subpat: None,
                    });
                    name
                }
            };
            arg_names.push(name);
        }
        FnSignature {
            original,
            sig,
            rebinds,
            arg_names,
            arg_types,
        }
    }

    pub fn ident(&self) -> &Ident {
        &self.original.ident
    }

    fn lifetimes(&self) -> impl Iterator<Item = &Lifetime> {
        self.original
            .generics
            .lifetimes()
            .map(|param| &param.lifetime)
    }

    /// `fn f() -> !`: stable Rust has no `FnMut() -> !`, so the replacement returns
    /// `Infallible` instead, which the hook matches away.
    pub fn diverges(&self) -> bool {
        matches!(&self.original.output, ReturnType::Type(_, ty) if matches!(**ty, Type::Never(_)))
    }

    fn output(&self) -> Type {
        match &self.original.output {
            ReturnType::Default => syn::parse_quote!(()),
            _ if self.diverges() => syn::parse_quote!(::core::convert::Infallible),
            ReturnType::Type(_, ty) => (**ty).clone(),
        }
    }

    /// `for<'a> FnMut(&'a str) -> &'a str`: the bound a replacement must meet. The fn's
    /// lifetime parameters move into `for<…>`; elided ones follow the same elision rules.
    pub fn fn_bound(&self) -> TokenStream {
        let lifetimes: Vec<_> = self.lifetimes().collect();
        let binder = match lifetimes.is_empty() {
            true => quote!(),
            false => quote!(for<#(#lifetimes),*>),
        };
        let types = &self.arg_types;
        let output = self.output();
        quote!(#binder ::patchable::__private::FnMut(#(#types),*) -> #output)
    }

    /// The return type with every lifetime made `'static`: what `.returns(value)` takes,
    /// since one value must do for every call.
    pub fn output_static(&self) -> Type {
        let mut output = self.output();
        StaticLifetimes.visit_type_mut(&mut output);
        output
    }

    pub fn companion_generics(&self) -> CompanionGenerics {
        let generics = &self.original.generics;
        let mut struct_params = Vec::new();
        let mut impl_params = Vec::new();
        let mut args = Vec::new();
        let mut phantom = Vec::new();
        let mut type_params = Vec::new();
        for param in &generics.params {
            match param {
                GenericParam::Lifetime(_) => {}
                GenericParam::Type(param) => {
                    let ident = &param.ident;
                    struct_params.push(quote!(#ident: ?::core::marker::Sized));
                    let mut param = param.clone();
                    param.default = None;
                    param.bounds = drop_lifetime_bounds(param.bounds);
                    impl_params.push(quote!(#param));
                    args.push(quote!(#ident));
                    phantom.push(quote!(*const #ident));
                    type_params.push(ident.clone());
                }
                GenericParam::Const(param) => {
                    let (ident, ty) = (&param.ident, &param.ty);
                    struct_params.push(quote!(const #ident: #ty));
                    impl_params.push(quote!(const #ident: #ty));
                    args.push(quote!(#ident));
                }
            }
        }
        let predicates = generics.where_clause.iter().flat_map(|clause| {
            clause
                .predicates
                .iter()
                .filter_map(|predicate| match predicate {
                    WherePredicate::Type(predicate) => {
                        let mut predicate = predicate.clone();
                        predicate.bounds = drop_lifetime_bounds(predicate.bounds);
                        (!predicate.bounds.is_empty()).then(|| quote!(#predicate))
                    }
                    _ => None,
                })
        });
        CompanionGenerics {
            struct_params,
            impl_params,
            args,
            phantom,
            type_params,
            predicates: predicates.collect(),
        }
    }
}

/// The fn's type and const parameters, as the companion struct and its impls need them.
/// Lifetime parameters are left out: they go into the replacement's `for<…>`.
pub struct CompanionGenerics {
    pub struct_params: Vec<TokenStream>,
    pub impl_params: Vec<TokenStream>,
    pub args: Vec<TokenStream>,
    pub phantom: Vec<TokenStream>,
    pub type_params: Vec<Ident>,
    pub predicates: Vec<TokenStream>,
}

fn drop_lifetime_bounds(
    bounds: syn::punctuated::Punctuated<TypeParamBound, syn::Token![+]>,
) -> syn::punctuated::Punctuated<TypeParamBound, syn::Token![+]> {
    bounds
        .into_iter()
        .filter(|bound| match bound {
            TypeParamBound::Lifetime(lifetime) => lifetime.ident == "static",
            _ => true,
        })
        .collect()
}

struct StaticLifetimes;

impl VisitMut for StaticLifetimes {
    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        *lifetime = Lifetime::new("'static", lifetime.span());
    }

    fn visit_type_reference_mut(&mut self, reference: &mut syn::TypeReference) {
        if reference.lifetime.is_none() {
            reference.lifetime = Some(Lifetime::new("'static", Span::call_site()));
        }
        visit_mut::visit_type_reference_mut(self, reference);
    }

    // `Box<dyn Fn(&str)>` and `fn(&str)` keep their own, higher-ranked lifetimes.
    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        _: &mut syn::ParenthesizedGenericArguments,
    ) {
    }

    fn visit_type_fn_ptr_mut(&mut self, _: &mut syn::TypeFnPtr) {}
}
