//! Lifetime rewrites of the replacement's types: `Fn` sugar elides differently from a fn
//! signature, and the replacement's `for<…>` must name every lifetime it binds.

use proc_macro2::{Ident, Span};
use syn::visit_mut::{self, VisitMut};
use syn::{Lifetime, Type};

/// Fills the elided lifetimes of a type (`&str`, `'_`) with what `fill` gives, and, for
/// [`FillLifetimes::all`], its named ones too. `Box<dyn Fn(&str)>` and `fn(&str)` keep
/// their own, higher-ranked lifetimes, and so does `dyn for<'a> Parse<'a>`.
pub struct FillLifetimes<F> {
    fill: F,
    named_too: bool,
    binders: Binders,
    /// How deep in `Fn(…)` sugar or a fn pointer type the visit is.
    sugar: usize,
}

/// The lifetimes that the `for<…>` binders around a visited node bind: they belong to
/// the bound that binds them, not to the signature, and no rewrite may touch them.
#[derive(Default)]
pub struct Binders(Vec<Ident>);

impl Binders {
    /// Binds the lifetimes of `binder` until [`Binders::leave`] with what this returns.
    pub fn enter(&mut self, binder: Option<&syn::BoundLifetimes>) -> usize {
        let depth = self.0.len();
        self.0.extend(binder.into_iter().flat_map(|binder| {
            binder.lifetimes.iter().filter_map(|param| match param {
                syn::GenericParam::Lifetime(param) => Some(param.lifetime.ident.clone()),
                _ => None,
            })
        }));
        depth
    }

    pub fn leave(&mut self, depth: usize) {
        self.0.truncate(depth);
    }

    pub fn bind(&self, lifetime: &Lifetime) -> bool {
        self.0.contains(&lifetime.ident)
    }
}

impl<F: FnMut() -> Lifetime> FillLifetimes<F> {
    pub fn elided(fill: F) -> Self {
        FillLifetimes {
            fill,
            named_too: false,
            binders: Binders::default(),
            sugar: 0,
        }
    }

    pub fn all(fill: F) -> Self {
        FillLifetimes {
            fill,
            named_too: true,
            binders: Binders::default(),
            sugar: 0,
        }
    }
}

impl<F: FnMut() -> Lifetime> VisitMut for FillLifetimes<F> {
    fn visit_type_reference_mut(&mut self, reference: &mut syn::TypeReference) {
        if reference.lifetime.is_none() && self.sugar == 0 {
            reference.lifetime = Some((self.fill)());
        }
        visit_mut::visit_type_reference_mut(self, reference);
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        let fill = match lifetime.ident == "_" {
            true => self.sugar == 0,
            false => self.named_too && !self.binders.bind(lifetime),
        };
        if fill {
            *lifetime = (self.fill)();
        }
    }

    fn visit_trait_bound_mut(&mut self, bound: &mut syn::TraitBound) {
        let depth = self.binders.enter(bound.lifetimes.as_ref());
        visit_mut::visit_trait_bound_mut(self, bound);
        self.binders.leave(depth);
    }

    // `Fn(&str)` and `fn(&str)` bind their elided lifetimes themselves; a named one is
    // the signature's (`Fn(&'a str, &'x str)` in `fn f<'x>`) unless a `for<'a>` binds it.
    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        arguments: &mut syn::ParenthesizedGenericArguments,
    ) {
        self.sugar += 1;
        visit_mut::visit_parenthesized_generic_arguments_mut(self, arguments);
        self.sugar -= 1;
    }

    fn visit_type_fn_ptr_mut(&mut self, pointer: &mut syn::TypeFnPtr) {
        let depth = self.binders.enter(pointer.lifetimes.as_ref());
        self.sugar += 1;
        visit_mut::visit_type_fn_ptr_mut(self, pointer);
        self.sugar -= 1;
        self.binders.leave(depth);
    }
}

/// Readable names for the lifetimes the expansion binds (`'a`, `'b`, …), which a wrong
/// closure's error shows (`expected closure signature for<'a> fn(&'a str) -> _`): each
/// one a name the item does not use, so that no binder shadows a lifetime in scope.
pub struct FreshLifetimes {
    taken: Vec<String>,
    tried: usize,
}

impl FreshLifetimes {
    /// Names other than `taken`, the lifetimes in scope where the expansion writes them.
    pub fn avoiding(taken: impl IntoIterator<Item = Ident>) -> Self {
        FreshLifetimes {
            taken: taken.into_iter().map(|ident| ident.to_string()).collect(),
            tried: 0,
        }
    }

    pub fn next(&mut self) -> Lifetime {
        loop {
            let (letter, round) = (self.tried % 26, self.tried / 26);
            self.tried += 1;
            let letter = char::from(b'a' + letter as u8);
            let name = match round {
                0 => letter.to_string(),
                round => format!("{letter}{round}"),
            };
            if !self.taken.contains(&name) {
                self.taken.push(name.clone());
                return Lifetime::new(&format!("'{name}"), Span::call_site());
            }
        }
    }
}

/// Every lifetime an item's signature names, anywhere (bounds, fn pointers, `for<…>`).
pub fn lifetimes_named_in(sig: &syn::Signature) -> Vec<Ident> {
    struct Collect(Vec<Ident>);
    impl syn::visit::Visit<'_> for Collect {
        fn visit_lifetime(&mut self, lifetime: &Lifetime) {
            self.0.push(lifetime.ident.clone());
        }
    }
    let mut collect = Collect(Vec::new());
    syn::visit::Visit::visit_signature(&mut collect, sig);
    collect.0
}

/// Names every elided lifetime of the inputs afresh: `Fn` sugar has no rule that ties an
/// elided output lifetime to `&self`, so the output needs a name to refer to.
pub struct ElidedLifetimes<'f> {
    fresh: &'f mut FreshLifetimes,
    pub named: Vec<Lifetime>,
}

impl<'f> ElidedLifetimes<'f> {
    pub fn new(fresh: &'f mut FreshLifetimes) -> Self {
        ElidedLifetimes {
            fresh,
            named: Vec::new(),
        }
    }

    pub fn name_in(&mut self, ty: &mut Type) {
        let (fresh, named) = (&mut *self.fresh, &mut self.named);
        FillLifetimes::elided(|| {
            let lifetime = fresh.next();
            named.push(lifetime.clone());
            lifetime
        })
        .visit_type_mut(ty);
    }
}

/// The fn's own lifetime parameters (and the impl's), each renamed afresh: the hook names
/// the replacement's type inside the fn, where `for<'a>` would shadow the fn's `'a`.
pub struct RenameLifetimes(pub Vec<(Ident, Lifetime)>);

impl RenameLifetimes {
    pub fn new(lifetimes: impl IntoIterator<Item = Ident>, fresh: &mut FreshLifetimes) -> Self {
        RenameLifetimes(
            lifetimes
                .into_iter()
                .map(|ident| (ident, fresh.next()))
                .collect(),
        )
    }

    pub fn renamed(&self) -> impl Iterator<Item = &Lifetime> {
        self.0.iter().map(|(_, renamed)| renamed)
    }
}

impl VisitMut for RenameLifetimes {
    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if let Some((_, renamed)) = self.0.iter().find(|(ident, _)| *ident == lifetime.ident) {
            *lifetime = renamed.clone();
        }
    }
}

pub fn first_lifetime(ty: &Type) -> Option<Lifetime> {
    let mut lifetimes = Vec::new();
    collect_lifetimes(ty, &mut lifetimes);
    lifetimes.into_iter().next()
}

pub fn collect_lifetimes(ty: &Type, into: &mut Vec<Lifetime>) {
    struct Collect<'v>(&'v mut Vec<Lifetime>, Binders);
    impl syn::visit::Visit<'_> for Collect<'_> {
        fn visit_lifetime(&mut self, lifetime: &Lifetime) {
            if lifetime.ident != "static" && !self.0.contains(lifetime) && !self.1.bind(lifetime) {
                self.0.push(lifetime.clone());
            }
        }
        fn visit_trait_bound(&mut self, bound: &syn::TraitBound) {
            let depth = self.1.enter(bound.lifetimes.as_ref());
            self.visit_path(&bound.path);
            self.1.leave(depth);
        }
        fn visit_parenthesized_generic_arguments(
            &mut self,
            _: &syn::ParenthesizedGenericArguments,
        ) {
        }
        fn visit_type_fn_ptr(&mut self, _: &syn::TypeFnPtr) {}
    }
    syn::visit::Visit::visit_type(&mut Collect(into, Binders::default()), ty);
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

/// Whether `ty` shows a reference, a lifetime or a trait object: whether it may borrow
/// (`patch!(parse::<&str>)`), or hold a lifetime of an impl's (`impl<'a> Trait for &'a str`).
pub fn borrows(ty: &syn::Type) -> bool {
    struct Find(bool);
    impl syn::visit::Visit<'_> for Find {
        fn visit_type_reference(&mut self, _: &syn::TypeReference) {
            self.0 = true;
        }
        fn visit_lifetime(&mut self, _: &syn::Lifetime) {
            self.0 = true;
        }
        fn visit_type_trait_object(&mut self, _: &syn::TypeTraitObject) {
            self.0 = true;
        }
    }
    let mut find = Find(false);
    syn::visit::Visit::visit_type(&mut find, ty);
    find.0
}
