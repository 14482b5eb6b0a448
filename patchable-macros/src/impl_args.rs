//! `impl Trait` arguments, named: `fn open(path: impl AsRef<Path>)` is hooked as
//! `fn open<ImplPath: AsRef<Path>>(path: ImplPath)`, the generic fn it means, so that a
//! patch names the instantiation like any other: `patch!(open::<PathBuf>)`.
//!
//! Callers cannot tell: with no other type or const parameter there is nothing they could
//! have written between `::<>`. A fn that has others is left as it is, since naming the
//! argument would add a parameter to their turbofish (`parse::<u32>(text)`).

use proc_macro2::Span;
use syn::visit::Visit;
use syn::visit_mut::{self, VisitMut};
use syn::{FnArg, GenericParam, Ident, Type, TypeParam};

use crate::parse::FnItem;

/// The fn with its `impl Trait` arguments named, or `None` when it has none, or when
/// they cannot be named without changing what callers write or what the bounds mean.
pub fn named(item: &FnItem) -> Option<FnItem> {
    let has_impl_arg = item.sig.inputs.iter().any(|arg| match arg {
        FnArg::Typed(arg) => contains_impl_trait(&arg.ty),
        FnArg::Receiver(_) => false,
    });
    let other_params = item
        .sig
        .generics
        .params
        .iter()
        .any(|param| !matches!(param, GenericParam::Lifetime(_)));
    if !has_impl_arg || other_params {
        return None;
    }
    let mut namer = Namer {
        params: Vec::new(),
        nameable: true,
        name: String::new(),
        count: 0,
    };
    let mut named = item.sig.clone();
    for (index, arg) in named.inputs.iter_mut().enumerate() {
        if let FnArg::Typed(arg) = arg {
            namer.name = param_name(&arg.pat, index);
            namer.count = 0;
            namer.visit_type_mut(&mut arg.ty);
        }
    }
    if !namer.nameable {
        return None;
    }
    named.generics.params.extend(namer.params);
    Some(FnItem {
        attrs: item.attrs.clone(),
        vis: item.vis.clone(),
        sig: named,
        body: item.body.clone(),
    })
}

struct Namer {
    params: Vec<GenericParam>,
    nameable: bool,
    /// The name of the argument's parameter, and how many this argument has had.
    name: String,
    count: usize,
}

/// `ImplPath` for `path: impl AsRef<Path>`, which `patch!(open)`'s "missing generics"
/// shows the user; `ImplArg1` for a pattern. A name like the argument's own (`Path`,
/// `config`) could shadow a type or module its bounds name.
fn param_name(pat: &syn::Pat, index: usize) -> String {
    match pat {
        syn::Pat::Ident(pat) => {
            let name = pat.ident.to_string();
            let camel: String = name
                .trim_start_matches("r#")
                .split('_')
                .filter(|word| !word.is_empty())
                .map(|word| {
                    let mut chars = word.chars();
                    chars
                        .next()
                        .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                        .unwrap_or_default()
                })
                .collect();
            format!("Impl{camel}")
        }
        _ => format!("ImplArg{index}"),
    }
}

impl VisitMut for Namer {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        // `&(impl AsRef<str> + ?Sized)` (camino): the parameter needs no parentheses, and
        // rustc would call them unnecessary.
        if let Type::Paren(paren) = ty
            && matches!(*paren.elem, Type::ImplTrait(_))
        {
            let mut inner = (*paren.elem).clone();
            self.visit_type_mut(&mut inner);
            *ty = inner;
            return;
        }
        let Type::ImplTrait(impl_trait) = ty else {
            return visit_mut::visit_type_mut(self, ty);
        };
        let bounds = &impl_trait.bounds;
        // `impl Into<Cow<str>>`, `impl Display + '_`: elided lifetimes mean a fresh one
        // in argument position, and nothing in a parameter's bounds.
        if bounds.iter().any(|bound| {
            let mut elided = Elided(false);
            elided.visit_type_param_bound(bound);
            elided.0
        }) {
            self.nameable = false;
            return;
        }
        let suffix = match self.count {
            0 => String::new(),
            count => count.to_string(),
        };
        self.count += 1;
        let mut name = format!("{}{suffix}", self.name);
        while self.params.iter().any(|param| match param {
            GenericParam::Type(param) => param.ident == name,
            _ => false,
        }) {
            name.push('_');
        }
        let ident = Ident::new(&name, Span::call_site());
        self.params.push(GenericParam::Type(TypeParam {
            attrs: Vec::new(),
            ident: ident.clone(),
            colon_token: Some(Default::default()),
            bounds: bounds.clone(),
            default: None,
        }));
        *ty = syn::parse_quote!(#ident);
    }
}

fn contains_impl_trait(ty: &Type) -> bool {
    struct Find(bool);
    impl Visit<'_> for Find {
        fn visit_type_impl_trait(&mut self, _: &syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    let mut find = Find(false);
    find.visit_type(ty);
    find.0
}

/// Finds `'_`, a `&` without a lifetime, and an `impl Trait` within, outside `Fn(…)`
/// sugar, whose own elision rules apply.
struct Elided(bool);

impl Visit<'_> for Elided {
    fn visit_lifetime(&mut self, lifetime: &syn::Lifetime) {
        self.0 |= lifetime.ident == "_";
    }
    fn visit_type_reference(&mut self, reference: &syn::TypeReference) {
        self.0 |= reference.lifetime.is_none();
        syn::visit::visit_type_reference(self, reference);
    }
    fn visit_type_impl_trait(&mut self, _: &syn::TypeImplTrait) {
        self.0 = true;
    }
    fn visit_parenthesized_generic_arguments(&mut self, _: &syn::ParenthesizedGenericArguments) {}
}
