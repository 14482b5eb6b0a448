//! Code generation: the hook inside each function and the glue beside it.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{ToTokens, quote};
use syn::{Attribute, Path};

use crate::context::{self, Site};
use crate::naming;
use crate::parse::{Body, FnItem, ImplBlock, Item, Member};
use crate::signature::{FnSignature, OwnGenerics, SelfType};
use crate::{args, check, fallback};

pub fn patchable(args: TokenStream, item: TokenStream) -> TokenStream {
    match try_expand(args, item.clone()) {
        Ok(expanded) => expanded,
        Err(error) => fallback::expand(item, error),
    }
}

fn try_expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    args::parse(args)?;
    match syn::parse2::<Item>(item)? {
        Item::Fn(item) => {
            let site = context::site_of(&item.sig.ident, &item.sig);
            check::check_lone_fn(&item, site)?;
            Ok(match site {
                Site::InherentImpl => expand_lone_method(&item),
                _ => expand_free_fn(&item),
            })
        }
        Item::Impl(block) => {
            check::check_impl(&block)?;
            Ok(expand_impl(&block))
        }
        Item::Trait(span) => Err(check::trait_definition(span)),
    }
}

// Input:
//     pub fn fetch(url: &str) -> Result<String, Error> { BODY }
// Output:
//     pub fn fetch(url: &str) -> Result<String, Error> { HOOK BODY }
//     pub struct fetch { … }       // shares the fn's name, so whatever path reaches the fn
//     impl fetch { GLUE }          // (`use net::fetch;` included) reaches its glue too
fn expand_free_fn(item: &FnItem) -> TokenStream {
    let sig = FnSignature::new(&item.sig, &SelfType::default());
    let ident = sig.ident();
    let own = sig.own_generics();
    let (unbounded, bounded, args, phantom, predicates) = (
        &own.unbounded,
        &own.bounded,
        &own.args,
        &own.phantom,
        &own.predicates,
    );
    let companion = quote!(#ident<#(#args),*>);
    let glue_ident = Ident::new(naming::FREE_GLUE, ident.span());
    let glue = Glue {
        vis: quote!(pub),
        cfgs: cfgs(&item.attrs),
        ident: glue_ident.clone(),
        own: None,
        sig: &sig,
        name: {
            let name = ident.to_string();
            quote!(__patchable_f.write_str(::core::concat!(::core::module_path!(), "::", #name)))
        },
    };
    let slot = naming::slot(&glue_ident);
    let hooked = HookedFn {
        item,
        sig: &sig,
        slot: quote!(<#companion>::#slot),
    };
    let vis = &item.vis;
    let cfgs = &glue.cfgs;
    quote! {
        #hooked

        #(#cfgs)*
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #ident<#(#unbounded),*> {
            __patchable: ::patchable::__private::PhantomData<fn() -> (#(#phantom,)*)>,
        }

        #(#cfgs)*
        #[doc(hidden)]
        impl<#(#bounded),*> #companion
        where #(#predicates,)*
        {
            #glue
        }
    }
}

// Input (inside `impl Client { … }`):
//     #[patchable] pub fn get(&self, url: &str) -> R { BODY }
// Output:
//     pub fn get(&self, url: &str) -> R { HOOK BODY }
//     GLUE                         // `Client::__patchable_get`, `Client::__patchable_get__slot`
fn expand_lone_method(item: &FnItem) -> TokenStream {
    let sig = FnSignature::new(&item.sig, &SelfType::default());
    let glue = Glue::method(item, &sig, None);
    let hooked = HookedFn {
        item,
        sig: &sig,
        slot: glue.slot_path(),
    };
    quote!(#hooked #glue)
}

// Input:
//     #[patchable] impl<T: Display> Stack<T> { fn push(&mut self, x: T) { … } const fn len(…) }
// Output:
//     impl<T: Display> Stack<T> { fn push(…) { HOOK … } const fn len(…) GLUE(push) }
// Input:
//     #[patchable] impl Greeter for English { fn greet(&self) -> String { … } }
// Output:
//     impl Greeter for English { fn greet(&self) -> String { HOOK … } }
//     impl English { GLUE(greet) }  // a trait impl has no room for extra items
fn expand_impl(block: &ImplBlock) -> TokenStream {
    let trait_path = block.view.trait_.as_ref().map(|(path, _)| path);
    let self_type = SelfType::of_impl(&block.view);
    let signatures: Vec<Option<FnSignature>> = block
        .members
        .iter()
        .map(|member| match member {
            Member::Fn(item) if item.sig.constness.is_none() => {
                Some(FnSignature::new(&item.sig, &self_type))
            }
            _ => None,
        })
        .collect();
    let mut members = TokenStream::new();
    let mut glues = TokenStream::new();
    for (member, sig) in block.members.iter().zip(&signatures) {
        match (member, sig) {
            (Member::Fn(item), Some(sig)) => {
                let glue = Glue::method(item, sig, trait_path);
                HookedFn {
                    item,
                    sig,
                    slot: glue.slot_path(),
                }
                .to_tokens(&mut members);
                glue.to_tokens(&mut glues);
            }
            (Member::Fn(item), None) => item.to_tokens(&mut members),
            (Member::Other(tokens), _) => tokens.to_tokens(&mut members),
        }
    }
    let header = &block.header;
    let inner_attrs = &block.inner_attrs;
    let body = |content: TokenStream| {
        let mut group = Group::new(Delimiter::Brace, content);
        group.set_span(block.body_span.join());
        group
    };
    match trait_path {
        None => {
            let body = body(quote!(#inner_attrs #members #glues));
            quote!(#header #body)
        }
        Some(_) => {
            let body = body(quote!(#inner_attrs #members));
            let cfgs = cfgs(&block.view.attrs);
            let (impl_generics, _, where_clause) = block.view.generics.split_for_impl();
            let self_ty = &block.view.self_ty;
            quote! {
                #header #body

                #(#cfgs)*
                #[doc(hidden)]
                impl #impl_generics #self_ty #where_clause {
                    #glues
                }
            }
        }
    }
}

fn cfgs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .collect()
}

/// The function as written, with the patch hook first in its body.
struct HookedFn<'a> {
    item: &'a FnItem,
    sig: &'a FnSignature<'a>,
    /// The path of the slot accessor: `<fetch>::__patchable__slot`, `Self::__patchable_get__slot::<T>`.
    slot: TokenStream,
}

impl ToTokens for HookedFn<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let FnItem {
            attrs, vis, body, ..
        } = self.item;
        let Body::Block(block) = body else {
            unreachable!("`check` refuses bodiless fns")
        };
        let emitted_sig = &self.sig.sig;
        let slot = &self.slot;
        let replacement_type = replacement_type(self.sig);
        let hit = Ident::new("__patchable_hit", Span::mixed_site());
        let replacement = Ident::new("__patchable_replacement", Span::mixed_site());
        let names = &self.sig.arg_names;
        let rebinds = self
            .sig
            .rebinds
            .iter()
            .map(|(pat, name)| quote!(let #pat = #name;));
        let call = match self.sig.is_async() {
            true => quote!(#hit.answer(|#replacement| #replacement(#(#names),*))),
            false => quote!(#hit.call(|#replacement| #replacement(#(#names),*))),
        };
        let answer = if self.sig.is_async() {
            let output = Ident::new("__patchable_output", Span::mixed_site());
            let future = Ident::new("__patchable_future", Span::mixed_site());
            // The answer is gone before the `.await`: it may hold a `!Send` output, and the
            // future of a patched fn must stay `Send` whenever the original's is.
            quote! {
                let #future = match #call {
                    ::patchable::__private::Answer::Ready(#output) => return #output,
                    ::patchable::__private::Answer::Pending(#future) => #future,
                };
                return #future.await;
            }
        } else if self.sig.diverges() {
            quote!(match #call {})
        } else {
            quote!(return #call;)
        };
        let inner_attrs = &block.inner_attrs;
        let stmts = &block.stmts;
        let mut body = Group::new(
            Delimiter::Brace,
            quote! {
                #inner_attrs
                ::patchable::__private::if_enabled! {
                    if let ::patchable::__private::Some(#hit) =
                        ::patchable::__private::lookup::<#replacement_type, _>(#slot)
                    {
                        #answer
                    }
                }
                #(#rebinds)*
                #stmts
            },
        );
        body.set_span(block.group.span());
        tokens.extend(quote!(#(#attrs)* #vis #emitted_sig #body));
    }
}

/// `dyn for<'a> FnMut(&'a Client, &str) -> R`: what an installed replacement is, for the
/// hook and the glue alike. An async fn's replacement answers with the output or a future.
fn replacement_type(sig: &FnSignature) -> TokenStream {
    let fn_mut = match sig.is_async() {
        true => {
            let output = sig.output();
            sig.fn_mut(Some(quote!(::patchable::__private::Answer<#output>)))
        }
        false => sig.fn_mut(None),
    };
    quote!(dyn #fn_mut)
}

/// The hidden items beside one function that `patch!` calls: the slot accessor, and the
/// glue, a generic fn that returns the function's builder. Every form of function (free,
/// method, trait impl method; sync or async) gets its builder here, and every builder
/// method lives on the one runtime type `Builder`.
struct Glue<'a> {
    vis: TokenStream,
    cfgs: Vec<&'a Attribute>,
    ident: Ident,
    /// A method's own type and const parameters; none for a free fn, whose parameters
    /// are on its companion type.
    own: Option<OwnGenerics>,
    sig: &'a FnSignature<'a>,
    /// Writes the function's path to `__patchable_f`, a `fmt::Formatter`.
    name: TokenStream,
}

impl<'a> Glue<'a> {
    fn method(item: &'a FnItem, sig: &'a FnSignature<'a>, trait_path: Option<&Path>) -> Self {
        let method = sig.ident().to_string();
        let (name, vis) = match trait_path {
            None => (
                quote! {
                    ::core::write!(
                        __patchable_f,
                        "{}::{}",
                        ::patchable::__private::type_name::<Self>(),
                        #method,
                    )
                },
                item.vis.to_token_stream(),
            ),
            // A method of a trait impl has no visibility of its own: its glue is as
            // public as the type allows.
            Some(trait_path) => (
                {
                    let trait_name = display_tokens(trait_path.to_token_stream());
                    quote! {
                        ::core::write!(
                            __patchable_f,
                            "<{} as {}>::{}",
                            ::patchable::__private::type_name::<Self>(),
                            #trait_name,
                            #method,
                        )
                    }
                },
                quote!(pub),
            ),
        };
        Glue {
            vis,
            cfgs: cfgs(&item.attrs),
            ident: naming::method_glue(
                sig.ident(),
                trait_path.and_then(|path| path.segments.last()),
            ),
            own: Some(sig.own_generics()),
            sig,
            name,
        }
    }

    fn slot_ident(&self) -> Ident {
        naming::slot(&self.ident)
    }

    /// `Self::__patchable_get__slot::<T>`, for the hook of a method.
    fn slot_path(&self) -> TokenStream {
        let slot = self.slot_ident();
        let turbofish = self.own.as_ref().map(OwnGenerics::turbofish);
        quote!(Self::#slot #turbofish)
    }
}

// Output, for `fn get(&self, url: &str) -> R` (`P` stands for `::patchable::__private`):
//     fn __patchable_get__slot() -> &'static P::Slot { static SLOT … }
//     fn __patchable_get<C, V, A, F>() -> P::Builder<
//         dyn for<'__p0, '__p1> FnMut(&'__p0 Self, &'__p1 str) -> R,   // the replacement
//         (for<…> fn(&Self, &str) -> R, P::Unused<R>, P::Unused<()>, P::Unused<()>), // pins
//         C, V, A, F, P::Plain>
//     where C: for<…> FnMut(&Self, &str) -> R + 'static, V: P::Is<R> + Clone + 'static
//     { P::Builder::new(target, |c| box c, |v| box move |_, _| v.clone(), P::Plain) }
// An async fn's replacement returns `P::Answer<R>`, and `A`, `F` are its awaiting
// replacement and that replacement's future.
impl ToTokens for Glue<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let private = quote!(::patchable::__private);
        let Glue {
            vis,
            cfgs,
            ident,
            sig,
            name,
            ..
        } = self;
        let slot = self.slot_ident();
        let empty = OwnGenerics::default();
        let own = self.own.as_ref().unwrap_or(&empty);
        let (unbounded, bounded, predicates, turbofish) = (
            &own.unbounded,
            &own.bounded,
            &own.predicates,
            own.turbofish(),
        );
        let replacement_type = replacement_type(sig);
        let output = sig.output();
        let output_static = sig.output_static();
        let fn_mut = sig.fn_mut(None);
        let pointer = sig.fn_pointer(None);
        let ignored: Vec<TokenStream> = sig.arg_names.iter().map(|_| quote!(_)).collect();
        let args: Vec<Ident> = (0..sig.arg_names.len())
            .map(|index| Ident::new(&format!("__patchable_a{index}"), Span::mixed_site()))
            .collect();
        let c = Ident::new("__PatchableC", Span::call_site());
        let v = Ident::new("__PatchableV", Span::call_site());
        let a = Ident::new("__PatchableA", Span::call_site());
        let f = Ident::new("__PatchableF", Span::call_site());
        let value = quote!(#private::Is::into_it(#private::Clone::clone(&__patchable_v)));
        let (with, returning, kind, kind_type, awaiting_pins, awaiting_bounds) = if !sig.is_async()
        {
            (
                quote!(|__patchable_c| #private::Node::boxed(__patchable_c)),
                quote!(|__patchable_v| #private::Node::boxed(move |#(#ignored),*| #value)),
                quote!(#private::Plain),
                quote!(#private::Plain),
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
                    |__patchable_v| #private::Node::boxed(move |#(#ignored),*| {
                        #private::Answer::Ready(#value)
                    })
                },
                quote! {
                    #private::Awaitable::new(|mut __patchable_c| {
                        #private::Node::boxed(move |#(#args),*| #pending)
                    })
                },
                quote!(#private::Awaitable<#a, #future, #replacement_type>),
                quote!(#awaiting_pointer, #pin_future),
                quote!(#a: #awaiting_bound + 'static, #future_bound),
            )
        };
        tokens.extend(quote! {
            #(#cfgs)*
            #[doc(hidden)]
            #[inline(always)]
            #[allow(non_snake_case, private_interfaces)]
            #vis fn #slot<#(#unbounded),*>() -> &'static #private::Slot {
                static SLOT: #private::Slot = #private::Slot::new();
                &SLOT
            }

            #(#cfgs)*
            #[doc(hidden)]
            #[track_caller]
            #[allow(non_snake_case, clippy::type_complexity, private_interfaces, private_bounds)]
            #vis fn #ident<#(#bounded,)* #c, #v, #a, #f>() -> #private::Builder<
                #replacement_type,
                (#pointer, #private::Unused<#output_static>, #awaiting_pins),
                #c,
                #v,
                #a,
                #f,
                #kind_type,
            >
            where
                #(#predicates,)*
                #c: #fn_mut + 'static,
                #v: #private::Is<#output_static> + #private::Clone + 'static,
                #awaiting_bounds
            {
                #private::Builder::new(
                    #private::Target::new(
                        Self::#slot #turbofish,
                        #private::Name(|__patchable_f| #name),
                        #private::enabled!(),
                    ),
                    #with,
                    #returning,
                    #kind,
                )
            }
        });
    }
}

/// Tokens as a person writes them: `From<u8>`, not `From < u8 >`.
fn display_tokens(tokens: TokenStream) -> String {
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

impl ToTokens for FnItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let FnItem {
            attrs,
            vis,
            sig,
            body,
        } = self;
        tokens.extend(quote!(#(#attrs)* #vis #sig));
        match body {
            Body::Block(block) => block.group.to_tokens(tokens),
            Body::Missing(semi) => semi.to_tokens(tokens),
        }
    }
}
