//! The hidden items beside each function, which `patch!` calls: the one place that
//! turns a signature into a builder.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::{Attribute, Path};

use crate::expand::{cfgs, lints};
use crate::hook::replacement_type;
use crate::naming;
use crate::parse::FnItem;
use crate::signature::{FnSignature, OwnGenerics};
use crate::views::Views;

/// The hidden items beside one function that `patch!` calls: the slot accessor, and the
/// glue, a generic fn that returns the function's builder. Every form of function (free,
/// method, trait impl method; sync or async) gets its builder here, and every builder
/// method lives on the one runtime type `Builder`.
pub struct Glue<'a> {
    pub vis: TokenStream,
    pub cfgs: Vec<&'a Attribute>,
    /// What the function allows, which its glue repeats (see `expand::lints`).
    pub lints: Vec<TokenStream>,
    pub ident: Ident,
    /// A method's own type and const parameters; none for a free fn, whose parameters
    /// are on its companion type.
    pub own: Option<OwnGenerics>,
    pub sig: &'a FnSignature<'a>,
    /// The function's path: a `Name` (`::patchable::__private::Name::Path(…)`).
    pub name: TokenStream,
    /// Glue on a marked trait's companion, for every implementing type: the glue takes
    /// `self`, as the router calls it on the companion const, and a key accessor lets
    /// the hook of every impl of the trait, in any crate, reach the same slot and key.
    pub on_trait_companion: bool,
    /// The type parameters a patch's key tells apart (as `*const T`): the builder exists
    /// only where they are `'static`, and panics where one carries a `'static` borrow.
    /// Patches are keyed by type with lifetimes erased, so a replacement for `&'static str`
    /// would also run for `&'a str`, and could keep the borrow.
    pub keyed: Vec<TokenStream>,
    /// The function's slot is its own, as its hook knows (see `hook::Lookup::unkeyed`):
    /// its patches take the key `UNKEYED`, as the hook does.
    pub unkeyed: bool,
}

/// The visibility of a patch handle (a companion, a method's glue): the fn's, but at least
/// the crate's, so that any test of the crate patches a private fn where the fn itself is
/// not visible (`patch!(crate::db::query)` from `service`'s tests); other crates see it
/// only where they see the fn.
pub fn crate_wide(vis: &syn::Visibility) -> TokenStream {
    match vis {
        syn::Visibility::Public(_) => vis.to_token_stream(),
        _ => quote!(pub(crate)),
    }
}

impl<'a> Glue<'a> {
    pub fn method(item: &'a FnItem, sig: &'a FnSignature<'a>, trait_path: Option<&Path>) -> Self {
        let method = sig.ident().to_string();
        let private = crate::runtime::private();
        let type_name = quote!(#private::type_name::<Self>);
        let (name, vis) = match trait_path {
            None => (
                quote!(#private::Name::Method(#type_name, #method)),
                crate_wide(&item.vis),
            ),
            // A method of a trait impl has no visibility of its own: its glue is as
            // public as the type allows.
            Some(trait_path) => {
                let trait_name = display_tokens(trait_path.to_token_stream());
                (
                    quote!(#private::Name::TraitMethod(#type_name, #trait_name, #method)),
                    quote!(pub),
                )
            }
        };
        Glue {
            vis,
            cfgs: cfgs(&item.attrs),
            lints: lints(&item.attrs),
            ident: naming::generated(&naming::method_glue(
                sig.ident(),
                trait_path.and_then(|path| path.segments.last()),
            )),
            keyed: sig.own_generics().phantom,
            own: Some(sig.own_generics()),
            sig,
            name,
            on_trait_companion: false,
            unkeyed: false,
        }
    }

    /// The glue, with `more` keyed type parameters: the impl's, or `Self`.
    pub fn keyed_also(mut self, more: impl IntoIterator<Item = TokenStream>) -> Self {
        self.keyed.extend(more);
        self
    }

    pub fn slot_ident(&self) -> Ident {
        naming::slot(&self.ident)
    }

    /// `Self::get__patch__slot::<T>`, for the hook of a method.
    pub fn slot_path(&self) -> TokenStream {
        let slot = self.slot_ident();
        let turbofish = self.own.as_ref().map(OwnGenerics::turbofish);
        quote!(Self::#slot #turbofish)
    }
}

// Output, for `fn get(&self, url: &str) -> R` (`P` stands for `::patchable::__private`):
//     fn get__patch__slot() -> &'static P::Slot { static SLOT … }
//     fn get__patch<C, A, F, W, M, T>() -> P::Glue<
//         dyn for<'a, 'b> FnMut(&'a Self, &'b str) -> R,               // the replacement
//         R, I,                                                        // value, inspector
//         (for<…> fn(&Self, &str) -> R, R, P::Unused<()>, …),          // pins
//         C, A, F, (W, M, T), W, M, T, P::NotAsync>
//     where C: 'static + for<…> FnMut(&Self, &str) -> R, W: …, M: …
//     { P::Glue::keyed(Self::get__patch__slot, name, enabled, params, P::replacing2::<…>) }
// (where the output holds lifetimes, after a check that its `'static` form is one of
// every call's output), or, where the glue has closures of its own (the output has no
// `'static` form, the fn is async, more than 12 arguments), the struct written out:
//     { P::Glue { target, with: |c| box c, returning: |make| box move |_, _| make(), … } }
// `patch!` makes the builder of it (`Builder::from_glue`).
// `.returns(v)` bounds `v` itself, so that a wrong value is an error at the value; it
// hands the glue a `make` that clones it.
// An async fn's replacement returns `P::Answer<R>`, and `A`, `F` are its awaiting
// replacement and that replacement's future.
/// The builder half of a glue: its hidden type parameters, its return type and their
/// bounds, and the expression that makes it. Emitted as a generic fn (free fns, inherent
/// methods, marked traits) or as an impl of `TraitGlue` (trait impls).
/// The parts of a builder for `.when` and `.record`: the glue's parameters for their
/// closures (none without the `inspect` feature), the builder's `L` argument, their
/// pins and the arguments' types, and the bounds that give the closures a signature.
struct Looks {
    params: Vec<Ident>,
    /// `(W, M, T)`.
    types: TokenStream,
    /// `PW, PM, V`: the pins of `W` and `M`, and the arguments' types in their `'static`
    /// forms, which the runtime makes the inspectors for.
    pins: TokenStream,
    bounds: TokenStream,
}

struct BuilderParts {
    params: Vec<Ident>,
    /// The `.when`/`.record` arguments of `TraitGlue`: the glue's parameters, or the
    /// types that stand for them without the `inspect` feature.
    trait_args: TokenStream,
    builder: TokenStream,
    bounds: TokenStream,
    make: TokenStream,
}

impl Glue<'_> {
    /// `static SLOT … &SLOT`: the body of the slot accessor.
    fn slot_body() -> TokenStream {
        let private = crate::runtime::private();
        quote! {
            static SLOT: #private::Slot = #private::Slot::EMPTY;
            &SLOT
        }
    }

    /// The builder, its parameters and bounds; `target_key` is the slot accessor, which
    /// is the key too.
    fn builder_parts(&self, target_key: TokenStream) -> BuilderParts {
        let private = crate::runtime::private();
        let Glue {
            sig, name, keyed, ..
        } = self;
        let replacement_type = replacement_type(sig);
        let output = sig.output();
        let enabled = crate::runtime::enabled_expr();
        // Without a `'static` form of the output, `.returns` takes nothing
        // (`OutputBorrowsFromTheCall`, which has no values, and whose name is the error's)
        // and its glue never runs.
        let (output_static, value) = match sig.output_static() {
            Some(output_static) => (quote!(#output_static), quote!(__patchable_make())),
            None => (
                quote!(#private::OutputBorrowsFromTheCall),
                quote!(#private::OutputBorrowsFromTheCall::never(__patchable_make())),
            ),
        };
        let make_value = quote!(mut __patchable_make: #private::Returning<#output_static>);
        let fn_mut = sig.fn_mut(None);
        let pointer = sig.fn_pointer(None);
        let ignored: Vec<TokenStream> = sig.arg_names.iter().map(|_| quote!(_)).collect();
        let args: Vec<Ident> = (0..sig.arg_names.len())
            .map(|index| Ident::new(&format!("__patchable_a{index}"), Span::mixed_site()))
            .collect();
        let c = Ident::new("__PatchableC", Span::call_site());
        let a = Ident::new("__PatchableA", Span::call_site());
        let f = Ident::new("__PatchableF", Span::call_site());
        let w = Ident::new("__PatchableW", Span::call_site());
        let m = Ident::new("__PatchableM", Span::call_site());
        let t = Ident::new("__PatchableT", Span::call_site());
        let Looks {
            params: looking_params,
            types: looking_types,
            pins: looking_pins,
            bounds: looking_bounds,
        } = self.looks(w, m, t);
        // The runtime makes `.with`'s and `.returns`' replacements from the arguments'
        // types alone where the output has a `'static` form (`FnSignature::runtime_output`,
        // `replacing` and `Arguments::answering` in the runtime): for `.with`, the glue's
        // bound on the closure is what rustc checks; for `.returns`, where the output holds
        // lifetimes, the fn's pointer type with the `'static` form as its output, made the
        // fn's own pointer type (a subtype only where that form is a subtype of every
        // call's output), has rustc check that a `'static` value is one of every call's
        // output, which the macro's reading of the type cannot promise (an alias named
        // `Result` may hold a lifetime invariantly). Far cheaper to check than a maker of
        // the glue's own (200 fns returning a borrow: 2933 M → 2026 M).
        let runtime_output = match !sig.is_async() && sig.passes_tuple() {
            true => sig.runtime_output(),
            false => None,
        };
        let made_by_runtime = runtime_output.is_some();
        let output_check = match made_by_runtime && !sig.output_holds_no_lifetime() {
            true => {
                let answering = sig.fn_pointer(Some(output_static.clone()));
                quote! {
                    let _: #private::PhantomData<#pointer> = #private::PhantomData::<#answering>;
                }
            }
            false => quote!(),
        };
        let (with, returning, kind, kind_type, awaiting_pins, awaiting_bounds) = if !sig.is_async()
        {
            let with = match runtime_output {
                Some(runtime_output) => {
                    let replacing = format_ident!("replacing{}", sig.arg_names.len());
                    let arguments = Views::of(sig).argument_types();
                    quote! {
                        #private::#replacing::<
                            #(#arguments,)* #c, #runtime_output, #replacement_type
                        >
                    }
                }
                None => quote!(|__patchable_c| #private::Node::boxed(__patchable_c)),
            };
            let returning = match made_by_runtime {
                true => quote!(#private::None),
                false => quote! {
                    #private::Some(|#make_value| {
                        #private::Node::boxed(move |#(#ignored),*| #value)
                    })
                },
            };
            (
                with,
                returning,
                quote!(#private::NotAsync),
                quote!(#private::NotAsync),
                quote!(#private::Unused<()>, #private::Unused<()>),
                quote!(),
            )
        } else {
            let boxed_future = quote!(#private::BoxFuture<#output>);
            let awaiting_pointer = sig.fn_pointer(Some(boxed_future.clone()));
            // A future whose output borrows an argument cannot be a type parameter outside
            // the `for<'a>` of the arguments; such a replacement returns a boxed future.
            let (future, pin_future, awaiting_bound, pending, future_bound) = match sig
                .output_borrows()
            {
                false => (
                    quote!(#f),
                    boxed_future.clone(),
                    sig.fn_mut(Some(quote!(#f))),
                    quote!(#private::Answer::pending(#private::Box::pin(__patchable_c(#(#args),*)))),
                    quote!(#f: #private::Future<Output = #output> + #private::Send + 'static,),
                ),
                true => (
                    quote!(#private::Unused<()>),
                    quote!(#private::Unused<()>),
                    sig.fn_mut(Some(boxed_future.clone())),
                    quote!(#private::Answer::pending(__patchable_c(#(#args),*))),
                    quote!(),
                ),
            };
            (
                quote! {
                    |mut __patchable_c| #private::Node::boxed(move |#(#args),*| {
                        #private::Answer::Ready(__patchable_c(#(#args),*))
                    })
                },
                quote! {
                    #private::Some(|#make_value| #private::Node::boxed(move |#(#ignored),*| {
                        #private::Answer::Ready(#value)
                    }))
                },
                quote! {
                    #private::Awaitable::new(|mut __patchable_c| {
                        #private::Node::boxed(move |#(#args),*| #pending)
                    })
                },
                quote!(#private::Awaitable<#a, #future, #replacement_type>),
                quote!(#awaiting_pointer, #pin_future),
                quote!(#a: 'static + #awaiting_bound, #future_bound),
            )
        };
        // Nothing keyed, nothing to scan for borrows when the patch is made.
        let params_name = match keyed.is_empty() {
            true => quote!(#private::None),
            false => quote!(#private::Some(#private::type_name::<(#(#keyed,)*)>)),
        };
        // Where the runtime makes the closures, the body is one call with the accessor as
        // it is: cheaper for rustc to check than the struct (see `Glue` in the runtime).
        let make = match (made_by_runtime, self.unkeyed) {
            (true, true) => quote! {
                #output_check
                #private::Glue::unkeyed(#target_key, #name, #enabled, #with)
            },
            (true, false) => quote! {
                #output_check
                #private::Glue::keyed(#target_key, #name, #enabled, #params_name, #with)
            },
            (false, unkeyed) => {
                let target = match unkeyed {
                    true => quote!(#private::Target::unkeyed(#target_key(), #name, #enabled)),
                    false => quote! {
                        #private::Target::new(#target_key, #name, #enabled, #params_name)
                    },
                };
                quote! {
                    #private::Glue {
                        target: #target,
                        with: #with,
                        returning: #returning,
                        kind: #kind,
                        invariant: #private::PhantomData,
                    }
                }
            }
        };
        BuilderParts {
            builder: quote! {
                #private::Glue<
                    #replacement_type,
                    #output_static,
                    (#pointer, #output_static, #awaiting_pins, #looking_pins),
                    #c,
                    #a,
                    #f,
                    #looking_types,
                    #kind_type,
                >
            },
            bounds: quote! {
                #(#keyed: 'static,)*
                #c: 'static + #fn_mut,
                #awaiting_bounds
                #looking_bounds
            },
            make,
            params: [c, a, f].into_iter().chain(looking_params).collect(),
            trait_args: quote!(#looking_types),
        }
    }

    /// The parts of the builder that `.when` and `.record` use, for their closures `w`
    /// and `m`, and `t`, what `m` makes: their bounds, which give the closures their
    /// signatures, and nothing to run (the runtime makes the inspectors).
    fn looks(&self, w: Ident, m: Ident, t: Ident) -> Looks {
        let private = crate::runtime::private();
        let views = Views::of(self.sig);
        // The arguments' types, for the runtime to make inspectors and `.returns`'
        // replacement with; a function of more than 12 shows no arguments.
        let arguments = match self.sig.passes_tuple() {
            true => views.arguments(),
            false => quote!(#private::Uninspected),
        };
        if !crate::runtime::inspects() {
            // Without the `inspect` feature: no parameters, no bounds, only types that
            // a closure given to `.when` or `.record` is refused for, saying so.
            let unused = quote!(#private::Uninspectable<bool>);
            let unrecorded = quote!(#private::Uninspectable<()>);
            return Looks {
                params: Vec::new(),
                types: quote!((#unused, #unrecorded, ())),
                pins: quote!(#unused, #unrecorded, #arguments),
                bounds: quote!(),
            };
        }
        let (when_pin, record_pin) = (views.fn_pointer(quote!(bool)), views.fn_pointer(quote!(())));
        let (when_bound, record_bound) = (views.fn_mut(quote!(bool)), views.fn_mut(quote!(#t)));
        let bounds = quote! {
            #w: 'static + #when_bound,
            #m: 'static + #record_bound,
            #t: 'static,
        };
        Looks {
            types: quote!((#w, #m, #t)),
            params: vec![w, m, t],
            pins: quote!(#when_pin, #record_pin, #arguments),
            bounds,
        }
    }

    /// The glue of a method of a trait impl: impls of `TraitMethod` (the slot) and
    /// `TraitGlue` (the builder) for the implementing type. `generics` are the impl's and
    /// the method's parameters, `places` the trait's arguments and the method's own
    /// parameters, `predicates` their bounds.
    pub fn trait_impls(
        &self,
        generics: &TokenStream,
        impl_params: &[Ident],
        self_ty: &TokenStream,
        places: &TokenStream,
        predicates: &TokenStream,
    ) -> TokenStream {
        let private = crate::runtime::private();
        let (cfgs, lints) = (&self.cfgs, &self.lints);
        let slot_trait = quote!(#private::TraitMethod<#places>);
        let slot_body = Self::slot_body();
        let BuilderParts {
            params,
            trait_args,
            builder,
            bounds,
            make,
        } = self.builder_parts(quote!(<Self as #slot_trait>::slot));
        // `C`, `A`, `F`, then the `.when`/`.record` arguments.
        let glue_args = params.iter().take(3);
        let shown = shown_types(self.sig, impl_params);
        quote! {
            #(#cfgs)*
            #[automatically_derived]
            impl<#generics> #slot_trait for #self_ty where #predicates {
                #[inline(always)]
                fn slot() -> &'static #private::Slot {
                    #slot_body
                }
            }

            #(#cfgs)*
            #(#lints)*
            #[automatically_derived]
            #[allow(clippy::type_complexity)]
            impl<#generics #(#params),*>
                #private::TraitGlue<#places, #(#glue_args,)* #trait_args, #shown>
            for #self_ty
            where
                #predicates
                #bounds
            {
                type Glue = #builder;

                fn glue() -> Self::Glue {
                    #make
                }
            }
        }
    }
}

impl Glue<'_> {
    /// The slot accessor (and a marked trait's key accessor): what the hook calls.
    pub fn slot_tokens(&self) -> TokenStream {
        let private = crate::runtime::private();
        let Glue {
            vis, cfgs, ident, ..
        } = self;
        let slot = self.slot_ident();
        let key = naming::key(ident);
        let empty = OwnGenerics::default();
        let own = self.own.as_ref().unwrap_or(&empty);
        let (unbounded, turbofish) = (&own.unbounded, own.turbofish());
        let slot_body = Self::slot_body();
        let gate = crate::runtime::gate();
        let mut tokens = quote! {
            #(#cfgs)*
            #gate
            #[doc(hidden)]
            #[inline(always)]
            #[allow(private_interfaces)]
            #vis fn #slot<#(#unbounded),*>() -> &'static #private::Slot {
                #slot_body
            }
        };
        if self.on_trait_companion {
            // The slot, and the slot accessor of one implementing type, whose type is the
            // key. The hooks reach them through the companion const, so all of them name
            // the same type; the slot is called here, so that dev builds inline the load.
            tokens.extend(quote! {
                #(#cfgs)*
                #gate
                #[doc(hidden)]
                #[inline(always)]
                #[allow(clippy::type_complexity)]
                #vis fn #key<#(#unbounded),*>(self) -> (
                    &'static #private::Slot,
                    impl ::core::ops::Fn() -> &'static #private::Slot,
                ) {
                    (Self::#slot #turbofish(), Self::#slot #turbofish)
                }
            });
        }
        tokens
    }

    /// The glue fn, which `patch!` calls: the function's builder.
    pub fn builder_tokens(&self) -> TokenStream {
        let Glue {
            vis,
            cfgs,
            lints,
            ident,
            ..
        } = self;
        let slot = self.slot_ident();
        let key = naming::key(ident);
        let empty = OwnGenerics::default();
        let own = self.own.as_ref().unwrap_or(&empty);
        let (bounded, predicates, turbofish) = (&own.bounded, &own.predicates, own.turbofish());
        let (receiver, target_key) = match self.on_trait_companion {
            false => (quote!(), quote!(Self::#slot #turbofish)),
            true => (quote!(self), quote!(self.#key #turbofish().1)),
        };
        let BuilderParts {
            params,
            builder,
            bounds,
            make,
            ..
        } = self.builder_parts(target_key);
        let gate = crate::runtime::gate();
        quote! {
            #(#cfgs)*
            #(#lints)*
            #gate
            #[doc(hidden)]
            #[allow(clippy::type_complexity, private_interfaces, private_bounds)]
            #vis fn #ident<#(#bounded,)* #(#params),*>(#receiver) -> #builder
            where
                #(#predicates,)*
                #bounds
            {
                #make
            }
        }
    }
}

impl ToTokens for Glue<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(self.slot_tokens());
        tokens.extend(self.builder_tokens());
    }
}

/// `(*const ReadTextResult<'static, ()>,)`: the types of the crate that `sig` names and
/// that stand for themselves (see `TraitGlue` in the runtime): a struct, enum or union
/// the crate declares (no alias, which may stand for a projection), written with the
/// lifetimes it has (made `'static`) and with arguments that are primitives, such types,
/// or the impl's type parameters where no lifetime is given too (`T: 'static` would not
/// hold).
fn shown_types(sig: &FnSignature, impl_params: &[Ident]) -> TokenStream {
    struct Find<'p> {
        impl_params: &'p [Ident],
        /// With their tokens as text, which tell them apart.
        found: Vec<(String, syn::Type)>,
    }
    impl<'ast> syn::visit::Visit<'ast> for Find<'_> {
        fn visit_type_path(&mut self, path: &'ast syn::TypePath) {
            let declared = path.qself.is_none() && may_be_the_crates_own(&path.path);
            let ty = syn::Type::Path(path.clone());
            let mut parts = Parts::default();
            let text = ty.to_token_stream().to_string();
            if declared
                && parts.stand_alone(&ty, self.impl_params)
                && !(parts.params && parts.lifetimes)
                && !self.found.iter().any(|(seen, _)| *seen == text)
            {
                self.found.push((text, ty));
            }
            syn::visit::visit_type_path(self, path);
        }
    }
    let mut find = Find {
        impl_params,
        found: Vec::new(),
    };
    for ty in sig.types() {
        syn::visit::Visit::visit_type(&mut find, ty);
    }
    let shown = find.found.into_iter().map(|(_, mut ty)| {
        crate::lifetimes::make_static(&mut ty);
        quote!(*const #ty)
    });
    quote!((#(#shown,)*))
}

/// Whether `path` may name a struct, enum or union the crate declares: its last segment
/// is the name of one, and it does not start elsewhere (`serde::de::Unexpected`, which
/// has a lifetime, beside erased-serde's own `enum Unexpected`, which has none).
fn may_be_the_crates_own(path: &syn::Path) -> bool {
    // A longer path is the crate's own where it starts at the crate or one of its modules
    // (not `de::Unexpected` after `use serde::de;`, serde-value, which has a `mod de` too).
    let from_elsewhere = path.leading_colon.is_some()
        || path.segments.len() > 1
            && path.segments.first().is_some_and(|first| {
                let first = first.ident.to_string();
                !matches!(first.as_str(), "crate" | "self" | "super")
                    && !crate::context::names_only_a_module_of_the_crate(&first)
            });
    !from_elsewhere
        && path.segments.last().is_some_and(|last| {
            crate::context::crate_declares_nominal_type(&last.ident.to_string())
        })
}

/// What a type that stands alone is made of.
#[derive(Default)]
struct Parts {
    /// The impl's type parameters.
    params: bool,
    /// Lifetimes, shown.
    lifetimes: bool,
}

impl Parts {
    /// Whether `ty` stands for itself wherever the impl's parameters are in scope: no
    /// projection, alias, `Self`, `impl Trait`, parameter of the method's own, or
    /// lifetime that a path hides (which an impl's header may not elide).
    fn stand_alone(&mut self, ty: &syn::Type, impl_params: &[Ident]) -> bool {
        match ty {
            syn::Type::Reference(reference) => {
                self.lifetimes = true;
                self.stand_alone(&reference.elem, impl_params)
            }
            syn::Type::Tuple(tuple) => tuple
                .elems
                .iter()
                .all(|ty| self.stand_alone(ty, impl_params)),
            syn::Type::Slice(slice) => self.stand_alone(&slice.elem, impl_params),
            syn::Type::Paren(inner) => self.stand_alone(&inner.elem, impl_params),
            syn::Type::Path(path) if path.qself.is_none() => {
                let Some(last) = path.path.segments.last() else {
                    return false;
                };
                let name = last.ident.to_string();
                if let Some(ident) = path.path.get_ident() {
                    if impl_params.contains(ident) {
                        self.params = true;
                        return true;
                    }
                    if crate::context::is_primitive(&name) {
                        return true;
                    }
                }
                if !may_be_the_crates_own(&path.path) {
                    return false;
                }
                let arguments = match &last.arguments {
                    syn::PathArguments::None => None,
                    syn::PathArguments::AngleBracketed(arguments) => Some(&arguments.args),
                    syn::PathArguments::Parenthesized(_) => return false,
                };
                let shows_lifetime = arguments.is_some_and(|arguments| {
                    arguments
                        .iter()
                        .any(|argument| matches!(argument, syn::GenericArgument::Lifetime(_)))
                });
                if crate::context::crate_type_has_lifetimes(&name) && !shows_lifetime {
                    return false;
                }
                self.lifetimes |= shows_lifetime;
                arguments
                    .into_iter()
                    .flatten()
                    .all(|argument| match argument {
                        syn::GenericArgument::Lifetime(_) => true,
                        syn::GenericArgument::Type(ty) => self.stand_alone(ty, impl_params),
                        _ => false,
                    })
            }
            _ => false,
        }
    }
}

/// Tokens as a person writes them: `From<u8>`, not `From < u8 >`.
pub fn display_tokens(tokens: TokenStream) -> String {
    let spaced = tokens.to_string();
    let mut out = String::with_capacity(spaced.len());
    let mut chars = spaced.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let prev = out.chars().next_back();
            let next = chars.peek().copied();
            let glue = matches!(prev, Some('<' | ':' | '&' | '\'' | '(' | '['))
                || matches!(next, Some('<' | '>' | ':' | ',' | ')' | ']'));
            if glue {
                continue;
            }
        }
        out.push(c);
    }
    out
}
