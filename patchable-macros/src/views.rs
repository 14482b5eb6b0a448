//! What `.when` and `.record` see of a call: a shared borrow of each argument, as it is,
//! and the glue's inspector, which the runtime shows those borrows (`Call::Inspector` in
//! the runtime). The closure of `.when` has the inspector's own signature, so it is
//! boxed as it is; the mapper of `.record` is wrapped in one that keeps what it makes.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::visit_mut::VisitMut;
use syn::{Ident, Lifetime, Type};

use crate::lifetimes::collect_lifetimes;
use crate::signature::FnSignature;

/// The views of one signature's arguments.
pub struct Views<'s> {
    sig: &'s FnSignature<'s>,
}

impl<'s> Views<'s> {
    pub fn of(sig: &'s FnSignature<'s>) -> Self {
        Views { sig }
    }

    fn view_lifetime() -> Lifetime {
        Lifetime::new("'__patchable_v", Span::call_site())
    }

    /// `for<'v, 'a>`: the borrows' lifetime and those of the arguments. Only the ones the
    /// views name: an unused one in a fn pointer's `for<…>` is linted (`unused_lifetimes`).
    fn binder(&self) -> TokenStream {
        let inputs = self.sig.inputs();
        let mut named = Vec::new();
        for ty in inputs {
            collect_lifetimes(ty, &mut named);
        }
        let view = (!inputs.is_empty()).then(Self::view_lifetime);
        let lifetimes = view.iter().chain(
            self.sig
                .binder_lifetimes()
                .iter()
                .filter(|lifetime| named.contains(lifetime)),
        );
        quote!(for<#(#lifetimes),*>)
    }

    /// `&'v &'a str, &'v u32`: a borrow of each argument.
    fn types(&self) -> Vec<TokenStream> {
        let view = Self::view_lifetime();
        self.sig
            .inputs()
            .iter()
            .map(|ty| quote!(&#view #ty))
            .collect()
    }

    /// `for<'v, 'a> FnMut(&'v &'a str, &'v u32) -> OUTPUT`: the bound on a closure given
    /// to `.when` (`bool`: the inspector's signature) or `.record`.
    pub fn fn_mut(&self, output: TokenStream) -> TokenStream {
        let private = crate::runtime::private();
        let binder = self.binder();
        let types = self.types();
        quote!(#binder #private::FnMut(#(#types),*) -> #output)
    }

    /// `for<'v, 'a> fn(&'v &'a str, &'v u32) -> OUTPUT`: a type that meets
    /// [`Self::fn_mut`], which the builder fixes an unused closure parameter to.
    pub fn fn_pointer(&self, output: TokenStream) -> TokenStream {
        let binder = self.binder();
        let types = self.types();
        quote!(#binder fn(#(#types),*) -> #output)
    }

    /// The inspector, `dyn for<'v, 'a> FnMut(&'v &'a str, &'v u32) -> bool`.
    pub fn inspector_type(&self) -> TokenStream {
        let fn_mut = self.fn_mut(quote!(bool));
        quote!(dyn #fn_mut)
    }

    /// A closure of the inspector's signature that runs `body` with the borrows bound to
    /// the names it is given, e.g. `__patchable_m(names…)`. Its parameter types are
    /// written out, their lifetimes elided: nothing else would give it its signature.
    pub fn inspector(&self, body: impl FnOnce(&[Ident]) -> TokenStream) -> TokenStream {
        let mut elided = ElideLifetimes(self.sig.binder_lifetimes());
        let (names, params): (Vec<Ident>, Vec<TokenStream>) = self
            .sig
            .inputs()
            .iter()
            .enumerate()
            .map(|(index, ty)| {
                let name = Ident::new(&format!("__patchable_v{index}"), Span::mixed_site());
                let mut annotated: Type = ty.clone();
                elided.visit_type_mut(&mut annotated);
                (name.clone(), quote!(#name: &#annotated))
            })
            .unzip();
        let body = body(&names);
        quote!(move |#(#params),*| -> bool { #body })
    }
}

/// Writes the lifetimes of the replacement's `for<…>` as `'_`: a closure's parameter
/// types cannot name them, and `'_` there makes the closure general over each.
struct ElideLifetimes<'l>(&'l [Lifetime]);

impl VisitMut for ElideLifetimes<'_> {
    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if self.0.contains(lifetime) {
            *lifetime = Lifetime::new("'_", lifetime.span());
        }
    }
}
