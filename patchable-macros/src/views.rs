//! What `.when` and `.record` see of a call: a shared borrow of each argument, as it is.
//! The glue states their closures' bounds, and names the arguments' types in their
//! `'static` forms, for which the runtime makes the inspectors (`Arguments` in the
//! runtime) that the lookup of a call shows those borrows.

use proc_macro2::TokenStream;
use quote::quote;

use crate::lifetimes::{collect_lifetimes, make_static};
use crate::signature::{FnSignature, may_hide_lifetimes};

/// The views of one signature's arguments.
pub struct Views<'s> {
    sig: &'s FnSignature<'s>,
}

impl<'s> Views<'s> {
    pub fn of(sig: &'s FnSignature<'s>) -> Self {
        Views { sig }
    }

    /// `for<'v, 'a>`: the borrows' lifetime and those of the arguments. Only the ones the
    /// views name: an unused one in a fn pointer's `for<…>` is linted (`unused_lifetimes`).
    fn binder(&self) -> TokenStream {
        let inputs = self.sig.inputs();
        let mut named = Vec::new();
        for ty in inputs {
            collect_lifetimes(ty, &mut named);
        }
        let view = (!inputs.is_empty()).then(|| self.sig.view_lifetime().clone());
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
        let view = self.sig.view_lifetime();
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

    /// `&'static str`, `u32`: each argument's type with every lifetime `'static`; one may
    /// hide one (see [`Views::arguments`]).
    pub fn argument_types(&self) -> Vec<TokenStream> {
        self.sig
            .inputs()
            .iter()
            .map(|ty| {
                let mut ty = ty.clone();
                make_static(&mut ty);
                quote!(#ty)
            })
            .collect()
    }

    /// `(&'static str, u32)`: the arguments' types with every lifetime `'static`, for
    /// which the runtime makes the inspectors (see `Arguments` in the runtime).
    pub fn arguments(&self) -> TokenStream {
        let types = self.argument_types();
        let arguments = quote!((#(#types,)*));
        // `make_static` changes lifetimes only, which `may_hide_lifetimes` does not read.
        if !self.sig.inputs().iter().any(may_hide_lifetimes) {
            return arguments;
        }
        // `fmt::Formatter` for `Formatter<'_>`: as for the output (see `output_static`),
        // a fn pointer with one `'static` input elides them to it.
        let private = crate::runtime::private();
        quote!(<fn(&'static ()) -> #arguments as #private::ElidedOutput>::Output)
    }
}
