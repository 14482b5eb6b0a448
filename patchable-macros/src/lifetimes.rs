//! Lifetime rewrites of the replacement's types: `Fn` sugar elides differently from a fn
//! signature, and the replacement's `for<…>` must name every lifetime it binds.

use proc_macro2::{Ident, Span};
use syn::visit_mut::{self, VisitMut};
use syn::{Lifetime, Type};

/// Names every elided lifetime of the inputs (`&str`, `'_`): `Fn` sugar has no rule that
/// ties an elided output lifetime to `&self`, so the output needs a name to refer to.
#[derive(Default)]
pub struct ElidedLifetimes {
    pub named: Vec<Lifetime>,
}

impl ElidedLifetimes {
    fn fresh(&mut self) -> Lifetime {
        let lifetime = Lifetime::new(&format!("'__p{}", self.named.len()), Span::call_site());
        self.named.push(lifetime.clone());
        lifetime
    }
}

impl VisitMut for ElidedLifetimes {
    fn visit_type_reference_mut(&mut self, reference: &mut syn::TypeReference) {
        if reference.lifetime.is_none() {
            reference.lifetime = Some(self.fresh());
        }
        visit_mut::visit_type_reference_mut(self, reference);
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if lifetime.ident == "_" {
            *lifetime = self.fresh();
        }
    }

    // `Box<dyn Fn(&str)>` and `fn(&str)` keep their own, higher-ranked lifetimes.
    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        _: &mut syn::ParenthesizedGenericArguments,
    ) {
    }

    fn visit_type_fn_ptr_mut(&mut self, _: &mut syn::TypeFnPtr) {}
}

/// `'a` → `'__pa`, for the fn's own lifetime parameters.
pub struct RenameLifetimes(pub Vec<Ident>);

impl RenameLifetimes {
    pub fn renamed(ident: &Ident) -> Lifetime {
        Lifetime::new(&format!("'__p{ident}"), ident.span())
    }
}

impl VisitMut for RenameLifetimes {
    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if self.0.contains(&lifetime.ident) {
            *lifetime = Self::renamed(&lifetime.ident);
        }
    }
}

/// Gives the elided lifetimes of the output the lifetime elision picked.
pub struct FillElided(pub Lifetime);

impl VisitMut for FillElided {
    fn visit_type_reference_mut(&mut self, reference: &mut syn::TypeReference) {
        if reference.lifetime.is_none() {
            reference.lifetime = Some(self.0.clone());
        }
        visit_mut::visit_type_reference_mut(self, reference);
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if lifetime.ident == "_" {
            *lifetime = self.0.clone();
        }
    }

    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        _: &mut syn::ParenthesizedGenericArguments,
    ) {
    }

    fn visit_type_fn_ptr_mut(&mut self, _: &mut syn::TypeFnPtr) {}
}

pub fn first_lifetime(ty: &Type) -> Option<Lifetime> {
    let mut lifetimes = Vec::new();
    collect_lifetimes(ty, &mut lifetimes);
    lifetimes.into_iter().next()
}

pub fn collect_lifetimes(ty: &Type, into: &mut Vec<Lifetime>) {
    struct Collect<'v>(&'v mut Vec<Lifetime>);
    impl syn::visit::Visit<'_> for Collect<'_> {
        fn visit_lifetime(&mut self, lifetime: &Lifetime) {
            if lifetime.ident != "static" && !self.0.contains(lifetime) {
                self.0.push(lifetime.clone());
            }
        }
        fn visit_parenthesized_generic_arguments(
            &mut self,
            _: &syn::ParenthesizedGenericArguments,
        ) {
        }
        fn visit_type_fn_ptr(&mut self, _: &syn::TypeFnPtr) {}
    }
    syn::visit::Visit::visit_type(&mut Collect(into), ty);
}

/// `'_` → `'__pi0`, `'__pi1`…, each name pushed to the list.
pub struct RenameAnonymous<'n>(pub &'n mut Vec<Ident>);

impl RenameAnonymous<'_> {
    fn next(&mut self) -> Lifetime {
        let lifetime = Lifetime::new(&format!("'__pi{}", self.0.len()), Span::call_site());
        self.0.push(lifetime.ident.clone());
        lifetime
    }
}

impl VisitMut for RenameAnonymous<'_> {
    fn visit_type_reference_mut(&mut self, reference: &mut syn::TypeReference) {
        if reference.lifetime.is_none() {
            reference.lifetime = Some(self.next());
        }
        visit_mut::visit_type_reference_mut(self, reference);
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if lifetime.ident == "_" {
            *lifetime = self.next();
        }
    }

    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        _: &mut syn::ParenthesizedGenericArguments,
    ) {
    }

    fn visit_type_fn_ptr_mut(&mut self, _: &mut syn::TypeFnPtr) {}
}

pub struct StaticLifetimes;

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

    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        _: &mut syn::ParenthesizedGenericArguments,
    ) {
    }

    fn visit_type_fn_ptr_mut(&mut self, _: &mut syn::TypeFnPtr) {}
}
