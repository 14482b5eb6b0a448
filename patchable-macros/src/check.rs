//! Refusals: what `#[patchable]` cannot patch soundly becomes a compile error at the
//! offending tokens, with the fix in the message. All refusals of an item are reported
//! together.

use proc_macro2::Span;
use syn::visit::Visit;
use syn::{Error, FnArg, GenericParam, ReturnType, Signature};

use crate::context::Site;
use crate::parse::{Body, FnItem, ImplBlock, Member, TraitDef};

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

/// A fn marked on its own. Its errors point at the `#[patchable]` attribute when the
/// place is wrong, at the offending tokens when the fn is.
pub fn check_lone_fn(item: &FnItem, site: Site) -> syn::Result<()> {
    let attribute = Span::call_site();
    match site {
        Site::TraitImpl => Err(Error::new(
            attribute,
            "`#[patchable]` cannot go on one method of a trait impl; \
             put it on the `impl` block, which patches every method",
        )),
        Site::LifetimeImpl => Err(Error::new(
            attribute,
            "`#[patchable]` cannot go on one method of an impl with lifetime parameters; \
             put it on the `impl` block, which makes a replacement work for every lifetime",
        )),
        Site::TraitDef => Err(Error::new(
            attribute,
            "`#[patchable]` cannot go on a method of a trait definition; put it on the `trait`",
        )),
        Site::ExternBlock => Err(Error::new(
            attribute,
            "`#[patchable]` cannot patch an item of an `extern` block, which has no Rust body \
             to route through a patch slot; call it from a `#[patchable]` fn instead",
        )),
        Site::Free | Site::InherentImpl => {
            let mut errors = Errors::default();
            check_fn(item, &mut errors);
            errors.finish()
        }
    }
}

/// A marked impl block: every method that can be hooked is patched; the others (a
/// `const fn`, one that returns `impl Trait`, …) are left as they are, as rustc took them.
pub fn check_impl(block: &ImplBlock) -> syn::Result<()> {
    let mut errors = Errors::default();
    for member in &block.members {
        let Member::Fn(item) = member else { continue };
        if let Some(attr) = item.marked() {
            errors.push(Error::new_spanned(
                attr,
                "remove this `#[patchable]`: the one on the `impl` block already patches \
                 every method",
            ));
        }
    }
    errors.finish()
}

/// A marked trait: a method marked again is a mistake. What its glue cannot serve (a
/// lifetime parameter or a parameter default, which a patch could not spell; a method
/// that cannot be hooked) is no error: the trait is then left as it is, see
/// [`trait_markable`].
pub fn check_trait(def: &TraitDef) -> syn::Result<()> {
    let mut errors = Errors::default();
    for member in &def.members {
        let Member::Fn(item) = member else { continue };
        if let Some(attr) = item.marked() {
            errors.push(Error::new_spanned(
                attr,
                "remove this `#[patchable]`: the one on the trait already patches every method",
            ));
        }
    }
    errors.finish()
}

/// Whether a marked trait's glue can serve every implementing type, and routes can ask
/// for the trait by name. When not, the trait is left as it is, and its impls are
/// patched through the implementing type like those of an unmarked trait. A method
/// that cannot be hooked does not decide it: it is left as it is, in the trait and in
/// every marked impl alike (both ask [`hookable`]), as in an inherent impl.
pub fn trait_markable(def: &TraitDef) -> bool {
    let plain_params = def.view.generics.params.iter().all(|param| match param {
        GenericParam::Lifetime(_) => false,
        GenericParam::Type(param) => param.default.is_none(),
        GenericParam::Const(param) => param.default.is_none(),
    });
    plain_params && !crate::route::routed_by_name(&def.view.ident)
}

fn check_fn(item: &FnItem, errors: &mut Errors) {
    check_signature(&item.sig, errors);
    if let Body::Missing(semi) = &item.body {
        errors.push(Error::new_spanned(
            semi,
            "`#[patchable]` needs a fn with a body to route through a patch slot; \
             items of `extern` blocks and bodiless declarations cannot be patched",
        ));
    }
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
    if let ReturnType::Type(_, ty) = &sig.output {
        find_impl_trait(ty, errors, |impl_trait| {
            Error::new_spanned(
                impl_trait,
                "`#[patchable]` cannot patch a fn that returns `impl Trait`: a replacement \
                 could not produce that hidden type; return a concrete type or a `Box<dyn Trait>`",
            )
        });
    }
}

/// Whether a fn can be hooked: a `const fn` (or one an attribute may make `const`), one
/// that returns `impl Trait` (or takes one), or one without a body is left as it is, and
/// `patch!` of it finds no glue.
pub fn hookable(item: &FnItem) -> bool {
    if may_turn_const(&item.attrs) {
        return false;
    }
    let sig = &item.sig;
    let mut errors = Errors::default();
    check_signature(sig, &mut errors);
    // An `impl Trait` argument is a type parameter without a name, which neither a
    // replacement nor a patch could spell: such a fn is left as it is, marked alone too.
    for arg in &sig.inputs {
        if let FnArg::Typed(arg) = arg {
            find_impl_trait(&arg.ty, &mut errors, |impl_trait| {
                Error::new_spanned(impl_trait, "an `impl Trait` argument")
            });
        }
    }
    errors.finish().is_ok()
}

/// Whether an attribute macro may make the fn `const` once `#[patchable]` has expanded
/// (it expands after ours): one that takes the word `const` (compact_str's
/// `#[rustversion::attr(since(1.64), const)]`), or the const_fn crate's `#[const_fn(…)]`.
/// A hook in a `const fn` does not compile (E0015), so such a fn is left as it is.
fn may_turn_const(attrs: &[syn::Attribute]) -> bool {
    fn names_const(tokens: proc_macro2::TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => ident == "const",
            proc_macro2::TokenTree::Group(group) => names_const(group.stream()),
            _ => false,
        })
    }
    attrs.iter().any(|attr| {
        attr.path()
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "const_fn")
            || match &attr.meta {
                syn::Meta::List(list) => names_const(list.tokens.clone()),
                _ => false,
            }
    })
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

#[cfg(test)]
mod tests {
    use super::may_turn_const;

    fn attrs(item: &str) -> Vec<syn::Attribute> {
        syn::parse_str::<syn::ItemFn>(item).expect("a fn").attrs
    }

    #[test]
    fn attributes_that_may_make_a_fn_const() {
        for item in [
            "#[rustversion::attr(since(1.64), const)] fn f() {}",
            "#[const_fn::const_fn(\"1.61\")] fn f() {}",
            "#[const_fn] fn f() {}",
            "#[cfg_attr(feature = \"x\", rustversion::attr(all(), const))] fn f() {}",
        ] {
            assert!(may_turn_const(&attrs(item)), "{item}");
        }
        for item in [
            "#[inline(always)] fn f() {}",
            "#[allow(clippy::missing_const_for_fn)] fn f() {}",
            "#[cfg(feature = \"const\")] fn f() {}",
            "#[doc = \"a const fn elsewhere\"] fn f() {}",
            "#[must_use] fn f() {}",
        ] {
            assert!(!may_turn_const(&attrs(item)), "{item}");
        }
    }
}
