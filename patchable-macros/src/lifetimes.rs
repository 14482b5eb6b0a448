//! Lifetime rewrites of the replacement's types: `Fn` sugar elides differently from a fn
//! signature, and the replacement's `for<…>` must name every lifetime it binds.

use proc_macro2::{Ident, Span};
use syn::visit_mut::{self, VisitMut};
use syn::{Lifetime, Type};

/// Fills the elided lifetimes of a type (`&str`, `'_`) with what `fill` gives, and, for
/// [`FillLifetimes::all`], its named ones too. `Box<dyn Fn(&str)>` and `fn(&str)` keep
/// their own, higher-ranked lifetimes.
pub struct FillLifetimes<F> {
    fill: F,
    named_too: bool,
}

impl<F: FnMut() -> Lifetime> FillLifetimes<F> {
    pub fn elided(fill: F) -> Self {
        FillLifetimes {
            fill,
            named_too: false,
        }
    }

    pub fn all(fill: F) -> Self {
        FillLifetimes {
            fill,
            named_too: true,
        }
    }
}

impl<F: FnMut() -> Lifetime> VisitMut for FillLifetimes<F> {
    fn visit_type_reference_mut(&mut self, reference: &mut syn::TypeReference) {
        if reference.lifetime.is_none() {
            reference.lifetime = Some((self.fill)());
        }
        visit_mut::visit_type_reference_mut(self, reference);
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if self.named_too || lifetime.ident == "_" {
            *lifetime = (self.fill)();
        }
    }

    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        _: &mut syn::ParenthesizedGenericArguments,
    ) {
    }

    fn visit_type_fn_ptr_mut(&mut self, _: &mut syn::TypeFnPtr) {}
}

/// Names every elided lifetime of the inputs `'__p0`, `'__p1`…: `Fn` sugar has no rule
/// that ties an elided output lifetime to `&self`, so the output needs a name to refer to.
#[derive(Default)]
pub struct ElidedLifetimes {
    pub named: Vec<Lifetime>,
}

impl ElidedLifetimes {
    pub fn name_in(&mut self, ty: &mut Type) {
        let named = &mut self.named;
        FillLifetimes::elided(|| {
            let lifetime = Lifetime::new(&format!("'__p{}", named.len()), Span::call_site());
            named.push(lifetime.clone());
            lifetime
        })
        .visit_type_mut(ty);
    }
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

/// `'_` → `'__pi0`, `'__pi1`…, each name pushed to `names`.
pub fn name_anonymous(ty: &mut Type, names: &mut Vec<Ident>) {
    FillLifetimes::elided(|| {
        let lifetime = Lifetime::new(&format!("'__pi{}", names.len()), Span::call_site());
        names.push(lifetime.ident.clone());
        lifetime
    })
    .visit_type_mut(ty);
}

/// Every lifetime made `'static`.
pub fn make_static(ty: &mut Type) {
    FillLifetimes::all(|| Lifetime::new("'static", Span::call_site())).visit_type_mut(ty);
}
