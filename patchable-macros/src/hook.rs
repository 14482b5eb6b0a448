//! The function as written, with the patch hook first in its body.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{ToTokens, quote};

use syn::{Lifetime, Path};

use crate::parse::{Body, FnItem};
use crate::route::Route;
use crate::signature::{FnSignature, ReceiverPass};

/// The function as written, with the patch hook first in its body.
pub struct HookedFn<'a> {
    pub item: &'a FnItem,
    pub sig: &'a FnSignature<'a>,
    /// Where the hook finds the function's slot and key.
    pub ways: Ways<'a>,
}

/// Where the hook of a function finds its slot and key.
pub enum Ways<'a> {
    /// One way. `keyed`: whether the slot may be shared by several instantiations of the
    /// function (it is generic, or in an impl that may be, or a method of a marked trait,
    /// whose slot serves every implementing type), so that layers must be told apart by
    /// key.
    One { lookup: Lookup, keyed: bool },
    /// A method of a trait impl: through the trait's companion if the trait is marked
    /// (keyed), else through the type (`None`: the type is foreign, and the glue's error
    /// says what to do), decided by a [`Route`] while macros expand.
    Routed {
        trait_path: &'a Path,
        marked: Lookup,
        unmarked: Option<(Lookup, bool)>,
    },
}

/// The function's slot and key, as the hook reaches them: `prelude` binds what `slot`
/// (a `&'static Slot` expression) and `key` (a zero-sized fn-item value, whose type is the
/// key) use.
pub struct Lookup {
    prelude: TokenStream,
    slot: TokenStream,
    key: TokenStream,
    /// The fn is not generic: its slot is its own (see [`Lookup::unkeyed`]).
    unkeyed: bool,
}

impl Lookup {
    /// The fn's slot is its own, serving no other instantiation (a free fn that is not
    /// generic): the hook passes `UNKEYED`, the key its glue gives such a fn's patches
    /// too, instead of a key of its own, which rustc would instantiate for every fn
    /// (0.6 M of its instructions per fn, in a dev build).
    pub fn unkeyed(mut self) -> Self {
        self.unkeyed = true;
        self
    }

    /// The key's fn, as the hook passes it.
    fn key_fn(&self) -> TokenStream {
        let private = crate::runtime::private();
        let key = &self.key;
        match self.unkeyed {
            true => quote!(#private::UNKEYED),
            false => quote!(#private::key_of(#key)),
        }
    }
}

/// The lookup of a fn whose slot accessor has a path, which is also its key:
/// `<fetch>::patch__slot`, `Self::get__patch__slot::<T>`.
pub fn lookup_by_slot(slot: &TokenStream) -> Lookup {
    Lookup {
        prelude: TokenStream::new(),
        slot: quote!(#slot()),
        key: slot.clone(),
        unkeyed: false,
    }
}

/// The lookup of a method of a marked trait: `slot_and_key` is an expression that
/// returns the slot and the key from the trait's companion.
pub fn lookup_by_key(slot_and_key: &TokenStream) -> Lookup {
    let slot = Ident::new("__patchable_slot", Span::mixed_site());
    let key = Ident::new("__patchable_key", Span::mixed_site());
    Lookup {
        prelude: quote!(let (#slot, #key) = #slot_and_key;),
        slot: slot.to_token_stream(),
        key: key.to_token_stream(),
        unkeyed: false,
    }
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
        // The hook names the signature's types again, with their spans: a deprecated one,
        // or a 2015 trait object without `dyn`, is the user's to be told of once, at the
        // signature.
        let gate = crate::runtime::gate();
        let gate = quote!(#gate #[allow(deprecated, bare_trait_objects)]);
        // Handing the arguments back pays off where the compiler keeps them in registers;
        // in unoptimized builds every value lives on the stack anyway, and binding the
        // arguments again would cost a few instructions on every call. Only the form the
        // build uses is emitted: the other one cost a `--tests` build 6 % more rustc
        // instructions, though `cfg` drops it before any check.
        let hook = match (self.sig.hands_back(), crate::runtime::debug_assertions()) {
            (true, Some(false)) => {
                let handing_back = self.handing_back();
                quote!(#gate #handing_back)
            }
            (true, None) => {
                let (handing_back, looking_up) = (self.handing_back(), self.looking_up());
                quote! {
                    #gate #[cfg(not(debug_assertions))] #handing_back
                    #gate #[cfg(debug_assertions)] #looking_up
                }
            }
            _ => {
                let looking_up = self.looking_up();
                quote!(#gate #looking_up)
            }
        };
        let rebinds = self
            .sig
            .rebinds
            .iter()
            .map(|(pat, name)| quote!(let #pat = #name;));
        let inner_attrs = &block.inner_attrs;
        let stmts = &block.stmts;
        let mut body = Group::new(
            Delimiter::Brace,
            quote! {
                #inner_attrs
                #hook
                #(#rebinds)*
                #stmts
            },
        );
        body.set_span(block.group.span());
        tokens.extend(quote!(#(#attrs)* #vis #emitted_sig #body));
    }
}

impl HookedFn<'_> {
    /// The hook built by `by` for each way; `quiet` where the hook does nothing.
    fn routed(&self, by: impl Fn(&Lookup, bool) -> TokenStream, quiet: TokenStream) -> TokenStream {
        match &self.ways {
            Ways::One { lookup, keyed } => by(lookup, *keyed),
            Ways::Routed {
                trait_path,
                marked,
                unmarked,
            } => Route {
                trait_path,
                marked: by(marked, true),
                unmarked: match unmarked {
                    Some((lookup, keyed)) => by(lookup, *keyed),
                    None => quiet,
                },
                left: None,
            }
            .to_token_stream(),
        }
    }

    /// The hook as one statement that takes the arguments along to the replacement and
    /// binds them again when no layer applies: nothing is live across the out-of-line
    /// call, so the unpatched path needs no stack frame of its own.
    ///
    /// ```text
    /// let (x, mut y) = if let Some(layers) = P::layers(slot()) {
    ///     match P::dispatch::<dyn FnMut(&Self, u32, u32) -> R, KEYED, _>(
    ///         slot(), P::key_of(slot), layers, (self, x, y),
    ///     ) {
    ///         P::ControlFlow::Break(ret) => return ret,
    ///         P::ControlFlow::Continue((_, x, y)) => (x, y),
    ///     }
    /// } else {
    ///     (x, y)
    /// };
    /// ```
    fn handing_back(&self) -> TokenStream {
        let names = &self.sig.arg_names[usize::from(self.sig.receiver.is_some())..];
        // Quiet: the arguments as they are; `{}` rather than `()`, which clippy calls
        // an unneeded unit expression in the user's fn.
        let quiet = match names.is_empty() {
            true => quote!({}),
            false => quote!((#(#names,)*)),
        };
        let hook = self.routed(|lookup, keyed| self.handing_back_by(lookup, keyed), quiet);
        if names.is_empty() {
            return hook;
        }
        let bound = names
            .iter()
            .zip(&self.sig.mutable)
            .map(|(name, mutable)| match mutable {
                true => quote!(mut #name),
                false => quote!(#name),
            });
        quote!(let (#(#bound,)*) = #hook;)
    }

    /// The hook through one way, as an expression: the arguments bound again, or `()`
    /// for a fn without arguments besides the receiver.
    fn handing_back_by(&self, lookup: &Lookup, keyed: bool) -> TokenStream {
        let private = crate::runtime::private();
        let Lookup { prelude, slot, .. } = lookup;
        let key = lookup.key_fn();
        let replacement_type = replacement_type(self.sig);
        let layers = Ident::new("__patchable_layers", Span::mixed_site());
        let ret = Ident::new("__patchable_return", Span::mixed_site());
        let receiver = self.sig.receiver;
        let names = &self.sig.arg_names[usize::from(receiver.is_some())..];
        let passed = receiver
            .map(|receiver| match receiver {
                ReceiverPass::Reborrowed => quote!(&mut *self),
                _ => quote!(self),
            })
            .into_iter()
            .chain(names.iter().cloned());
        let returned = receiver
            .map(|_| quote!(_))
            .into_iter()
            .chain(names.iter().cloned());
        let on_break = match self.sig.diverges() {
            true => quote!(match #ret {}),
            false => quote!(return #ret),
        };
        let dispatch = quote! {
            #private::dispatch::<#replacement_type, #keyed, _>(
                #slot,
                #key,
                #layers,
                (#(#passed,)*),
            )
        };
        if names.is_empty() {
            let hook = quote! {
                if let #private::Some(#layers) = #private::layers(#slot) {
                    if let #private::ControlFlow::Break(#ret) = #dispatch {
                        #on_break;
                    }
                }
            };
            return match prelude.is_empty() {
                true => hook,
                false => quote!({ #prelude #hook }),
            };
        }
        let handed_back = quote! {
            if let #private::Some(#layers) = #private::layers(#slot) {
                match #dispatch {
                    #private::ControlFlow::Break(#ret) => #on_break,
                    #private::ControlFlow::Continue((#(#returned,)*)) => (#(#names,)*),
                }
            } else {
                (#(#names,)*)
            }
        };
        match prelude.is_empty() {
            true => handed_back,
            false => quote!({ #prelude #handed_back }),
        }
    }

    /// The hook as one statement that finds the layer first and calls it with the
    /// arguments after: for async fns, receivers taken by value, and unoptimized builds.
    fn looking_up(&self) -> TokenStream {
        self.routed(
            |lookup, keyed| self.looking_up_by(lookup, keyed),
            quote!({}),
        )
    }

    /// The hook through one way, as an expression of type `()`.
    fn looking_up_by(&self, lookup: &Lookup, keyed: bool) -> TokenStream {
        let Lookup { prelude, slot, .. } = lookup;
        let key = lookup.key_fn();
        let replacement_type = replacement_type(self.sig);
        let hit = Ident::new("__patchable_hit", Span::mixed_site());
        let replacement = Ident::new("__patchable_replacement", Span::mixed_site());
        let names = &self.sig.arg_names;
        let call = match (self.sig.passes_tuple(), self.sig.is_async()) {
            (true, true) => quote!(#hit.answer_with((#(#names,)*))),
            (true, false) => quote!(#hit.call_with((#(#names,)*))),
            (false, true) => quote!(#hit.answer(|#replacement| #replacement(#(#names),*))),
            (false, false) => quote!(#hit.call(|#replacement| #replacement(#(#names),*))),
        };
        let private = crate::runtime::private();
        // A borrow of each argument, for patches that look at them first; where none can
        // (no `inspect` feature), a lookup with no bounds for rustc to prove in each hook.
        let lookup = match crate::runtime::inspects() && self.sig.passes_tuple() {
            true => quote! {
                #private::lookup::<#replacement_type, #keyed, _>(#slot, #key, (#(&#names,)*))
            },
            false => quote!(#private::lookup_uninspected::<#replacement_type, #keyed>(#slot, #key)),
        };
        let hook = if self.sig.is_async() {
            let output = Ident::new("__patchable_output", Span::mixed_site());
            let future = Ident::new("__patchable_future", Span::mixed_site());
            let label = Lifetime {
                apostrophe: Span::mixed_site(),
                ident: Ident::new("__patchable_hook", Span::mixed_site()),
            };
            // The answer is gone before the `.await`: it may hold a `!Send` output, and the
            // future of a patched fn must stay `Send` whenever the original's is. So is the
            // hit, and the lookup's `Option` around it (a key that is an opaque type, of a
            // marked trait's method, may have drop glue for all the compiler knows).
            quote! {
                #label: {
                    if #private::live_patches(#slot) != 0 {
                        let #future = match #lookup {
                            #private::Some(#hit) => match #call {
                                #private::Answer::Ready(#output) => return #output,
                                #private::Answer::Pending(#future) => #future,
                            },
                            #private::None => break #label,
                        };
                        return #future.await;
                    }
                }
            }
        } else {
            let answer = match self.sig.diverges() {
                true => quote!(match #call {}),
                false => quote!(return #call;),
            };
            quote! {
                if #private::live_patches(#slot) != 0 {
                    if let #private::Some(#hit) = #lookup {
                        #answer
                    }
                }
            }
        };
        match prelude.is_empty() {
            true => hook,
            false => quote!({ #prelude #hook }),
        }
    }
}

/// `dyn for<'a> FnMut(&'a Client, &str) -> R`: what an installed replacement is, for the
/// hook and the glue alike. An async fn's replacement answers with the output or a future.
pub fn replacement_type(sig: &FnSignature) -> TokenStream {
    let fn_mut = match sig.is_async() {
        true => {
            let output = sig.output();
            let private = crate::runtime::private();
            sig.fn_mut(Some(quote!(#private::Answer<#output>)))
        }
        false => sig.fn_mut(None),
    };
    quote!(dyn #fn_mut)
}
