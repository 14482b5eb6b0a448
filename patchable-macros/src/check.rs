//! Refusals: what `#[patchable]` cannot patch soundly becomes a compile error at the
//! offending tokens, with the fix in the message. All refusals of an item are reported
//! together.

use syn::visit::{self, Visit};
use syn::{Error, FnArg, GenericParam, Ident, Lifetime, ReturnType, Signature, TypeParamBound};

use crate::parse::{Body, FnItem};

/// Gathers errors so that one build reports all of them.
#[derive(Default)]
pub struct Errors(Option<Error>);

impl Errors {
    pub fn push(&mut self, error: Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

pub fn check_fn(item: &FnItem) -> syn::Result<()> {
    let mut errors = Errors::default();
    check_signature(&item.sig, &mut errors);
    if let Body::Missing(semi) = &item.body {
        errors.push(Error::new_spanned(
            semi,
            "`#[patchable]` needs a fn with a body to route through a patch slot; \
             items of `extern` blocks and bodiless declarations cannot be patched",
        ));
    }
    errors.finish()
}

fn check_signature(sig: &Signature, errors: &mut Errors) {
    if let Some(constness) = &sig.constness {
        errors.push(Error::new_spanned(
            constness,
            "`#[patchable]` cannot patch a `const fn`: a patch is chosen at run time; \
             remove `const` or leave the fn unmarked",
        ));
    }
    if let Some(variadic) = &sig.variadic {
        errors.push(Error::new_spanned(
            variadic,
            "`#[patchable]` cannot patch a variadic fn: a replacement closure cannot take `...`",
        ));
    }
    if let Some(receiver) = sig.receiver() {
        errors.push(Error::new_spanned(
            receiver,
            "`#[patchable]` on a method is not supported yet; patch a free fn",
        ));
    }
    for arg in &sig.inputs {
        if let FnArg::Typed(arg) = arg {
            find_impl_trait(&arg.ty, errors, |impl_trait| {
                Error::new_spanned(
                    impl_trait,
                    "`#[patchable]` cannot patch a fn with an `impl Trait` argument: a \
                     replacement could not name its type; use a type parameter, \
                     `fn f<T: Trait>(x: T)`",
                )
            });
        }
    }
    if let ReturnType::Type(_, ty) = &sig.output {
        find_impl_trait(ty, errors, |impl_trait| {
            Error::new_spanned(
                impl_trait,
                "`#[patchable]` cannot patch a fn that returns `impl Trait`: a replacement \
                 could not produce that hidden type; return a concrete type or a `Box<dyn Trait>`",
            )
        });
    }
    check_lifetimes_in_bounds(sig, errors);
}

fn find_impl_trait(
    ty: &syn::Type,
    errors: &mut Errors,
    error: impl Fn(&syn::TypeImplTrait) -> Error,
) {
    struct Finder<'e, E>(&'e mut Errors, E);
    impl<'ast, E: Fn(&syn::TypeImplTrait) -> Error> Visit<'ast> for Finder<'_, E> {
        fn visit_type_impl_trait(&mut self, impl_trait: &'ast syn::TypeImplTrait) {
            self.0.push((self.1)(impl_trait));
        }
    }
    Finder(errors, error).visit_type(ty);
}

/// A lifetime parameter named in a trait bound (`T: Deserialize<'de>`) is early-bound:
/// the companion could not move it into the replacement's `for<'de>`.
fn check_lifetimes_in_bounds(sig: &Signature, errors: &mut Errors) {
    let lifetimes: Vec<&Ident> = sig
        .generics
        .lifetimes()
        .map(|param| &param.lifetime.ident)
        .collect();
    if lifetimes.is_empty() {
        return;
    }
    struct Finder<'l, 'e> {
        lifetimes: &'l [&'l Ident],
        errors: &'e mut Errors,
    }
    impl<'ast> Visit<'ast> for Finder<'_, '_> {
        fn visit_lifetime(&mut self, lifetime: &'ast Lifetime) {
            if self.lifetimes.contains(&&lifetime.ident) {
                self.errors.push(Error::new_spanned(
                    lifetime,
                    "`#[patchable]` cannot patch a fn whose lifetime parameter appears in a \
                     trait bound: a replacement must work for every lifetime; bound the type \
                     parameter with a higher-ranked trait bound (`for<'x> Trait<'x>`) instead",
                ));
            }
        }
    }
    let mut finder = Finder {
        lifetimes: &lifetimes,
        errors,
    };
    let trait_bounds = |bounds: &syn::punctuated::Punctuated<TypeParamBound, syn::Token![+]>,
                        finder: &mut Finder| {
        for bound in bounds {
            if let TypeParamBound::Trait(bound) = bound {
                visit::visit_trait_bound(finder, bound);
            }
        }
    };
    for param in &sig.generics.params {
        if let GenericParam::Type(param) = param {
            trait_bounds(&param.bounds, &mut finder);
        }
    }
    if let Some(clause) = &sig.generics.where_clause {
        for predicate in &clause.predicates {
            if let syn::WherePredicate::Type(predicate) = predicate {
                trait_bounds(&predicate.bounds, &mut finder);
            }
        }
    }
}
