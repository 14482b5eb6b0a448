//! What `.when` and `.record` see of a call: a view of each argument — a shared borrow
//! as it is, anything else borrowed — and the glue's inspector, which makes the views
//! from the borrows the runtime hands it (`Call::Inspector` in the runtime).

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::visit_mut::VisitMut;
use syn::{Ident, Lifetime, Type};

use crate::signature::FnSignature;

/// The views of one signature's arguments.
pub struct Views<'s> {
    sig: &'s FnSignature<'s>,
}

/// How an argument is viewed.
enum Kind {
    /// `&T`: copied out of the borrow, as it is.
    Shared,
    /// `&mut T`: reborrowed shared.
    Exclusive,
    /// Anything else: the borrow itself.
    Owned,
}

fn kind(ty: &Type) -> Kind {
    match ty {
        Type::Reference(reference) if reference.mutability.is_none() => Kind::Shared,
        Type::Reference(_) => Kind::Exclusive,
        Type::Paren(paren) => kind(&paren.elem),
        Type::Group(group) => kind(&group.elem),
        _ => Kind::Owned,
    }
}

impl<'s> Views<'s> {
    pub fn of(sig: &'s FnSignature<'s>) -> Self {
        Views { sig }
    }

    fn binder(&self) -> Vec<&Lifetime> {
        self.sig.binder_lifetimes().iter().collect()
    }

    /// The view types: `&'a str` as it is, `&T` for `&'a mut T` and for an owned `T`.
    fn types(&self) -> Vec<TokenStream> {
        self.sig
            .inputs()
            .iter()
            .map(|ty| match (kind(ty), ty) {
                (Kind::Shared, _) => quote!(#ty),
                (Kind::Exclusive, Type::Reference(reference)) => {
                    let elem = &reference.elem;
                    quote!(&#elem)
                }
                _ => quote!(&#ty),
            })
            .collect()
    }

    /// `for<'a> FnMut(&'a str, &u32) -> OUTPUT`: the bound on a closure given to `.when`
    /// (`bool`) or `.record`.
    pub fn fn_mut(&self, output: TokenStream) -> TokenStream {
        let private = crate::runtime::private();
        let binder = self.binder();
        let types = self.types();
        quote!(for<#(#binder),*> #private::FnMut(#(#types),*) -> #output)
    }

    /// `for<'a> fn(&'a str, &u32) -> OUTPUT`: a type that meets [`Self::fn_mut`], which the
    /// builder fixes an unused closure parameter to.
    pub fn fn_pointer(&self, output: TokenStream) -> TokenStream {
        let binder = self.binder();
        let types = self.types();
        quote!(for<#(#binder),*> fn(#(#types),*) -> #output)
    }

    /// The inspector, `dyn for<'v, 'a> FnMut(&'v &'a str, &'v u32) -> bool`: the runtime's
    /// `Call::Inspector` of the function, more general in the arguments' lifetimes.
    pub fn inspector_type(&self) -> TokenStream {
        let private = crate::runtime::private();
        let v = Lifetime::new("'__patchable_v", Span::call_site());
        let binder = self.binder();
        let inputs = self.sig.inputs();
        quote!(dyn for<#v, #(#binder),*> #private::FnMut(#(&#v #inputs),*) -> bool)
    }

    /// The inspector's closure: takes a borrow of each argument, and runs `body` with
    /// the views bound to `views`, e.g. `__patchable_w(views…)`.
    pub fn inspector(&self, body: impl FnOnce(&[TokenStream]) -> TokenStream) -> TokenStream {
        let mut elided = ElideLifetimes(self.sig.binder_lifetimes());
        let (params, views): (Vec<TokenStream>, Vec<TokenStream>) = self
            .sig
            .inputs()
            .iter()
            .enumerate()
            .map(|(index, ty)| {
                let name = Ident::new(&format!("__patchable_v{index}"), Span::mixed_site());
                let mut annotated = ty.clone();
                elided.visit_type_mut(&mut annotated);
                let view = match kind(ty) {
                    Kind::Shared => quote!(*#name),
                    Kind::Exclusive => quote!(&**#name),
                    Kind::Owned => quote!(#name),
                };
                (quote!(#name: &#annotated), view)
            })
            .unzip();
        let body = body(&views);
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
