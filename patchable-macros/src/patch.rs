//! `patch!(PATH)`: the builder of the function at `PATH`, from its glue.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ExprPath, GenericArgument, PathArguments, PathSegment};

use crate::naming;
use crate::route::{self, Route};

// Input → Output:
//     patch!(net::fetch)                → <net::fetch>::patch()
//     patch!(parse::<u32>)              → <parse::<u32>>::patch()
//     patch!(Client::get)               → Client::get__patch()
//     patch!(Stack::<u8>::push)         → Stack::<u8>::push__patch()
//     patch!(Config::get::<u32>)        → Config::get__patch::<u32, _, _, _, _, _, _>()
//     patch!(<English as Greeter>::greet) → ROUTE {
//         marked:   __PatchableTrait.greet__patch::<English, _, _, _, _, _, _>()   // the trait's companion
//         unmarked: <English>::Greeter__greet__patch()                           // the type's glue
//     }
//
// `a::b` may be a fn `b` of module `a` or a method `b` of type `a`; a macro cannot tell.
// The convention: a qualified path is a method of a trait impl; a segment before the
// last that starts with an uppercase letter, or has generic arguments, or that the crate
// or the file declares as a type and not as a module (`raw_client`), is a type; else it
// is a module.
pub fn expand(input: TokenStream) -> TokenStream {
    let (root, path) = split_root(input);
    crate::runtime::with_root(root, || {
        match parse_path(path).and_then(|path| {
            refuse_borrowing_arguments(&path)?;
            refuse_trait_as_type(&path)?;
            Ok(path)
        }) {
            Ok(path) if crate::runtime::enabled_in_build() => {
                builder(&path, glue_call(path.clone()))
            }
            Ok(path) => compiled_out_check(&path, builder(&path, glue_call(path.clone()))),
            Err(error) => crate::fallback::compile_errors(error),
        }
    })
}

/// The builder, from what the glue call returns: put together here, where `patch!` is
/// written, rather than in every function's glue (see `Glue` in the runtime).
fn builder(path: &ExprPath, glue_call: TokenStream) -> TokenStream {
    let private = crate::runtime::private();
    quote_spanned!(path.span()=> #private::Builder::from_glue(#glue_call, #private::patch_needs_a_verb(0)))
}

/// The path, as an expression writes it (`parse::<u32>`) or as a type does (`parse<u32>`,
/// which is how rustc's "missing generics" hint for `patch!(parse)` writes it).
fn parse_path(tokens: TokenStream) -> syn::Result<ExprPath> {
    syn::parse2::<ExprPath>(tokens.clone()).or_else(|error| {
        let Ok(ty) = syn::parse2::<syn::TypePath>(tokens.clone()) else {
            return Err(not_a_path(tokens, error));
        };
        let mut path = ExprPath {
            attrs: Vec::new(),
            qself: ty.qself,
            path: ty.path,
        };
        // Emitted in expression position too (`Stack::<u8>::push__patch()`).
        for segment in &mut path.path.segments {
            if let PathArguments::AngleBracketed(arguments) = &mut segment.arguments {
                arguments.colon2_token.get_or_insert_with(Default::default);
            }
        }
        Ok(path)
    })
}

/// `patch!(Gateway::charge)` with a trait's name where a type's goes: rustc would read the
/// trait as a type (E0782) and suggest `dyn`.
fn refuse_trait_as_type(path: &ExprPath) -> syn::Result<()> {
    let segments = &path.path.segments;
    if path.qself.is_some() || segments.len() < 2 {
        return Ok(());
    }
    let (owner, method) = (&segments[segments.len() - 2], &segments[segments.len() - 1]);
    if !owner.arguments.is_empty() || !crate::context::names_a_trait_only(&owner.ident) {
        return Ok(());
    }
    Err(syn::Error::new(
        owner.ident.span(),
        format!(
            "`{owner}` is a trait: `patch!` takes the method of a type that implements it, \
             `patch!(<Type as {owner}>::{method})`",
            owner = owner.ident,
            method = method.ident,
        ),
    ))
}

/// What `patch!` says of an input that is not a path: syn's own "unexpected token" does
/// not say what it takes.
fn not_a_path(tokens: TokenStream, error: syn::Error) -> syn::Error {
    const PATHS: &str = "`patch!(fetch)`, `patch!(net::fetch)`, `patch!(parse::<u32>)`, \
                         `patch!(Client::get)`, `patch!(<Stripe as Gateway>::charge)`";
    if tokens.is_empty() {
        return syn::Error::new(
            Span::call_site(),
            format!("`patch!` needs the path of a `#[patchable]` fn: {PATHS}"),
        );
    }
    match syn::parse2::<syn::Expr>(tokens) {
        Ok(syn::Expr::Call(call)) => syn::Error::new_spanned(
            &call.args,
            format!(
                "`patch!` takes the fn's path, not a call: `patch!({})`; the replacement goes \
                 in `.with(…)`",
                crate::glue::display_tokens(call.func.to_token_stream())
            ),
        ),
        _ => syn::Error::new(
            error.span(),
            format!("`patch!` takes one path, of a `#[patchable]` fn: {PATHS}"),
        ),
    }
}

/// Where this build has patching off, a `patch!` outside test code (`cargo run`, a
/// binary, an example built without the `[dev-dependencies]` line) can reach no hook:
/// it does not compile, and says why and what to add. (In test code it may patch its
/// own crate's fns, whose unit tests keep their hooks.)
fn compiled_out_check(path: &ExprPath, glue_call: TokenStream) -> TokenStream {
    let name = crate::glue::display_tokens(path.to_token_stream());
    let message = format!(
        "cannot patch `{name}`: patching is compiled out of this build\n\
         #[patchable] fns are patchable in their own crate's unit tests, and in builds that \
         turn on patchable-mock's `enable` feature: a [dev-dependencies] line does so for \
         tests, examples and benches, never for `cargo build` or `cargo run` of a binary. \
         For a test, add to the Cargo.toml of the package whose tests patch:\n\n\
         [dev-dependencies]\n\
         patchable-mock = {{ version = \"0.1\", features = [\"enable\"] }}\n"
    );
    let span = path.span();
    quote_spanned! {span=>
        {
            #[cfg(not(test))]
            compile_error!(#message);
            #glue_call
        }
    }
}

/// `$crate; PATH` → the runtime's path and `PATH`; a bare `PATH` (the macro crate's own
/// tests) keeps the default.
fn split_root(input: TokenStream) -> (Option<TokenStream>, TokenStream) {
    let tokens: Vec<proc_macro2::TokenTree> = input.clone().into_iter().collect();
    let semi = tokens.iter().position(
        |token| matches!(token, proc_macro2::TokenTree::Punct(punct) if punct.as_char() == ';'),
    );
    match semi {
        Some(at) => (
            Some(tokens[..at].iter().cloned().collect()),
            tokens[at + 1..].iter().cloned().collect(),
        ),
        None => (None, input),
    }
}

/// A type argument that carries a borrow (`parse::<&str>`, `Stack::<Cow<'static, str>>`)
/// is refused: patches tell instantiations apart by type with lifetimes erased, so a
/// replacement for a `'static` borrow would be handed shorter ones too. (A lifetime
/// argument, `Parser::<'a>::get`, is fine: an impl's lifetimes are the replacement's
/// own `for<'a>`. A borrow the path does not show, behind a type alias, is refused when
/// the patch is made.)
fn refuse_borrowing_arguments(path: &ExprPath) -> syn::Result<()> {
    let skip = path.qself.as_ref().map_or(0, |qself| qself.position);
    let mut errors = crate::check::Errors::default();
    for segment in path.path.segments.iter().skip(skip) {
        let PathArguments::AngleBracketed(arguments) = &segment.arguments else {
            continue;
        };
        for argument in &arguments.args {
            if let GenericArgument::Type(ty) = argument
                && crate::lifetimes::borrows(ty)
            {
                errors.push(syn::Error::new_spanned(
                    ty,
                    format!(
                        "`patch!` cannot patch an instantiation whose type argument `{}` \
                         carries a borrow: a replacement could keep it past its end; \
                         patch one whose type arguments own their data (`String` for `&str`)",
                        crate::glue::display_tokens(ty.to_token_stream())
                    ),
                ));
            }
        }
    }
    errors.finish()
}

fn glue_call(path: ExprPath) -> TokenStream {
    let span = path.span();
    let ExprPath { qself, path, .. } = path;
    let segments: Vec<&PathSegment> = path.segments.iter().collect();
    let Some((last, init)) = segments.split_last() else {
        return path.to_token_stream();
    };
    let leading = path.leading_colon;
    let call = |glue: TokenStream| quote_spanned!(span=> #glue());
    match qself {
        // `<English as Greeter>::greet`: through the trait if it is marked, else the type.
        Some(qself) if qself.position > 0 => {
            let self_ty = &qself.ty;
            let trait_path = syn::Path {
                leading_colon: leading,
                segments: init[..qself.position].iter().copied().cloned().collect(),
            };
            let unmarked = {
                let private = crate::runtime::private();
                let id = naming::method_id(&trait_path, &last.ident);
                let places = crate::expand::trait_places(&trait_path).unwrap_or_else(|| {
                    let private = crate::runtime::private();
                    quote!(#private::Nil)
                });
                let own = own_arguments(last)
                    .into_iter()
                    .map(|argument| quote!(*const #argument));
                let inferred = trait_glue_inferred();
                let no_arguments = route::trait_arguments(&trait_path).is_empty()
                    && own_arguments(last).is_empty();
                match no_arguments {
                    true => unmarked_impl(self_ty, &id, &places, span),
                    false => call(quote! {
                        <#self_ty as #private::TraitGlue<
                            #id, _, #places, (#(#own,)*), #(#inferred),*
                        >>::glue
                    }),
                }
            };
            let marked = {
                let router = route::router();
                let glue = naming::method_glue(&last.ident, None);
                let trait_args = route::trait_arguments(&trait_path);
                let own = own_arguments(last);
                let inferred = inferred();
                call(quote!(#router.#glue::<#self_ty, #(#trait_args,)* #(#own,)* #(#inferred),*>))
            };
            Route {
                trait_path: &trait_path,
                marked,
                unmarked,
                left: None,
            }
            .to_token_stream()
        }
        // `<Vec<u8>>::len`.
        Some(qself) => {
            let self_ty = &qself.ty;
            let glue = naming::method_glue(&last.ident, None);
            let turbofish = hidden_turbofish(last);
            let owner = crate::glue::display_tokens(quote!(<#self_ty>));
            let fallback = unmarked_method(&owner, last);
            let call = call(quote!(<#self_ty>::#glue #turbofish));
            quote!({ #fallback #call })
        }
        None => {
            let is_method = init.last().is_some_and(|owner| {
                !owner.arguments.is_none()
                    || owner
                        .ident
                        .to_string()
                        .trim_start_matches("r#")
                        .starts_with(char::is_uppercase)
                    || crate::context::names_a_type_not_a_module(&owner.ident)
            });
            if is_method {
                let glue = naming::method_glue(&last.ident, None);
                let turbofish = hidden_turbofish(last);
                let owner = init.iter().map(|segment| segment.ident.to_string());
                let owner = owner.collect::<Vec<_>>().join("::");
                let fallback = unmarked_method(&owner, last);
                let call = call(quote!(#leading #(#init::)* #glue #turbofish));
                quote!({ #fallback #call })
            } else {
                let glue = syn::Ident::new(naming::FREE_GLUE, last.ident.span());
                // The user's name, bound again by `unmarked_fn`: a hint of rustc's for it
                // (`parse<T>`) shows it as written.
                let name = syn::Ident::new(&last.ident.to_string(), last.ident.span());
                let arguments = &last.arguments;
                // At the user's name: where an unmarked fn's error points.
                let by_name = quote_spanned!(name.span()=> <#name #arguments>::#glue());
                unmarked_fn(&path, last, &name, by_name)
                    // `<net::fetch::<3>>::…`: rustc's errors, at the user's path.
                    .unwrap_or_else(|| call(quote!(<#leading #(#segments)::*>::#glue)))
            }
        }
    }
}

/// The glue of a method of a trait impl, through a local trait whose only impl asks the
/// type for `TraitGlue` and is never recommended: where the impl is not marked, the error
/// is about the local trait, whose name reads and whose arguments are the inferred ones,
/// instead of `TraitGlue` with its hashes and places. For a trait and a method without
/// arguments, which the block's impl can name: the others keep `TraitGlue`'s own error.
fn unmarked_impl(
    self_ty: &syn::Type,
    id: &proc_macro2::Literal,
    places: &TokenStream,
    span: Span,
) -> TokenStream {
    let private = crate::runtime::private();
    // The words of `TraitGlue`'s own `on_unimplemented` (the runtime's `trait_method.rs`),
    // which answers for the paths with arguments: a diagnostic attribute takes literals.
    let message = "this method of `{Self}` is not `#[patchable]` for the trait `patch!` names";
    let label = "mark the `impl` of the trait for `{Self}`, or the trait, with `#[patchable]`";
    let note = "an impl for another crate's type, and a default method that the impl does \
                not override, are patched through the trait: `#[patchable] trait …`";
    let glue = quote!(#private::TraitGlue<#id, I, #places, (), C, A, F, L, V>);
    let call = quote_spanned!(self_ty.span()=> <#self_ty as PatchableImpl<_>>::glue());
    quote_spanned! {span=> {
        #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
        trait PatchableImpl<G> {
            type Glue;
            fn glue() -> Self::Glue;
        }
        #[diagnostic::do_not_recommend]
        impl<T: ?#private::Sized + #glue, I, C, A, F, L, V> PatchableImpl<(I, C, A, F, L, V)> for T {
            type Glue = <T as #glue>::Glue;
            #[inline(always)]
            fn glue() -> Self::Glue {
                <T as #glue>::glue()
            }
        }
        // At the type, as rustc puts the error of the path: one error, not two.
        #call
    }}
}

/// Where the glue of a method that is not `#[patchable]` would be, a local trait for every
/// type provides one, which an inherent glue shadows: calling it is an error that says
/// what to mark, at the user's path, instead of "no associated item `get__patch`".
fn unmarked_method(owner: &str, method: &PathSegment) -> TokenStream {
    let glue = naming::method_glue(&method.ident, None);
    // Defined by the expansion, where the lints on names leave it alone.
    let defined = naming::generated(&glue);
    let name = method.ident.to_string();
    let name = name.trim_start_matches("r#");
    let own = own_arguments(method);
    if own
        .iter()
        .any(|argument| !matches!(argument, GenericArgument::Type(_)))
    {
        return quote!();
    }
    // As many type parameters as the glue call passes; at least one, which it returns:
    // not `!`, since the code after a diverging call would be reported unreachable, a
    // warning beside the error.
    let params: Vec<syn::Ident> = match method.arguments {
        PathArguments::AngleBracketed(_) => (0..own.len() + inferred().len())
            .map(|index| quote::format_ident!("__PatchableG{index}"))
            .collect(),
        _ => vec![quote::format_ident!("__PatchableG0")],
    };
    let returned = &params[params.len() - 1];
    let message = format!("`{owner}::{name}` is not a `#[patchable]` method");
    let label = format!("put `#[patchable]` on the `impl` block that defines `{name}`");
    let note = format!(
        "a method of a trait impl is patched as `<{owner} as Trait>::{name}`, a default \
         method of a trait by marking the trait; in a marked block, a `const fn` and a fn \
         returning `impl Trait` are left as they are; a marked method private to another \
         crate is patched by that crate's tests only"
    );
    let private = crate::runtime::private();
    // Names the error shows, readable and unlikely to be the user's.
    quote! {
        #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
        trait PatchableMarked {}
        // An impl, so that rustc does not add "this trait has no implementations,
        // consider adding one"; never recommended in its stead.
        #[diagnostic::do_not_recommend]
        impl PatchableMarked for () {}
        trait NotPatchableMethod {
            fn #defined<#(#params),*>() -> #returned where Self: PatchableMarked { loop {} }
        }
        impl<T: ?#private::Sized> NotPatchableMethod for T {}
    }
}

/// Where the companion of a fn that is not `#[patchable]` would be, a fallback type that
/// says what to mark: rustc's own answer is "expected type, found function".
///
/// ```text
/// { struct NotPatchable<..>; use NotPatchable as __PatchableFn;  // the type namespace
///   { use net::fetch as __PatchableFn;    // the fn, and its companion if it is marked
///     { use __PatchableFn as fetch;       // the user's name again
///       <fetch>::patch() } } }
/// ```
///
/// A `use` takes both namespaces of `net::fetch`: without a companion, the type namespace
/// of `__PatchableFn` is the outer block's fallback. `call` uses `name`; `None` for
/// const or lifetime arguments, which the fallback's type parameters could not take.
fn unmarked_fn(
    path: &syn::Path,
    last: &PathSegment,
    name: &syn::Ident,
    call: TokenStream,
) -> Option<TokenStream> {
    let arguments = own_arguments(last);
    let all_types = match &last.arguments {
        PathArguments::AngleBracketed(all) => all.args.len() == arguments.len(),
        _ => true,
    };
    if !all_types
        || arguments
            .iter()
            .any(|argument| !matches!(argument, GenericArgument::Type(_)))
    {
        return None;
    }
    let fn_name = name.to_string();
    let fn_name = fn_name.trim_start_matches("r#");
    // A fn named like a primitive type has no patch handle, marked or not; and `<f32>`
    // would name the primitive, whatever the block imports as `f32`.
    let primitive = crate::context::is_primitive(fn_name);
    // A fn named like a crate is left as it is where it is defined, if the crate is one
    // there too (this crate's names stand in for the defining crate's).
    let crate_name = crate::runtime::names_a_crate(fn_name);
    let (message, label) = match primitive {
        false if crate_name => (
            format!(
                "`{fn_name}` is not a `#[patchable]` fn, or it is named like a crate, which \
                 leaves it as it is"
            ),
            format!("put `#[patchable]` on `fn {fn_name}`, and name it unlike a crate"),
        ),
        false => (
            format!("`{fn_name}` is not a `#[patchable]` fn"),
            format!("put `#[patchable]` on `fn {fn_name}`"),
        ),
        true => (
            format!("`{fn_name}` is named like a primitive type: it cannot be patched"),
            "a `#[patchable]` fn of this name is left as it is; rename it to patch it".to_owned(),
        ),
    };
    let note = "`patch!` replaces fns that carry `#[patchable]`, in this crate or in the \
                crate that defines them; a method is patched as `Type::method`, a trait \
                method as `<Type as Trait>::method`; a marked `const fn`, fn returning \
                `impl Trait`, fn named like a type of its module, a primitive type \
                (`fn f32`) or a crate (`fn log`), or fn whose output names a lifetime no argument shows is left \
                as it is; a marked fn private to another crate is reported private above: \
                its own crate's tests patch it, from any module";
    let private = crate::runtime::private();
    // The glue's hidden parameters beside `C`, `A` and `F` (see `inferred`).
    let hidden: Vec<syn::Ident> = (3..inferred().len())
        .map(|index| format_ident!("__PatchableHidden{index}"))
        .collect();
    let params: Vec<syn::Ident> = (0..arguments.len())
        .map(|index| quote::format_ident!("G{index}"))
        .collect();
    let mut plain = path.clone();
    if let Some(last) = plain.segments.last_mut() {
        last.arguments = PathArguments::None;
    }
    let use_path = route::use_path(&plain);
    let alias = syn::Ident::new("__PatchableFn", Span::call_site());
    let call = match primitive {
        true => quote_spanned!(name.span()=> <NotPatchable>::patch()),
        false => call,
    };
    Some(quote! {{
        #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
        trait Patchable<C> {}
        // As for `PatchableMarked`.
        #[diagnostic::do_not_recommend]
        impl Patchable<()> for () {}
        struct NotPatchable<#(#params: ?#private::Sized),*>(
            #private::PhantomData<(#(*const #params,)*)>
        );
        impl<#(#params: ?#private::Sized),*> NotPatchable<#(#params),*> {
            // Bounded through `C`: a bound without a parameter would be checked here.
            // Returns `C`, not `!`: the code after a diverging call would be reported
            // unreachable, a warning beside the error.
            fn patch<C, A, F, #(#hidden),*>() -> C where Self: Patchable<C> { loop {} }
        }
        #[allow(unused_imports)]
        use NotPatchable as #alias;
        {
            #[allow(unused_imports)]
            use #use_path as #alias;
            {
                #[allow(unused_imports)]
                use #alias as #name;
                #call
            }
        }
    }})
}

/// `get::<u32>` → `::<u32, _, _, _, _, _, _>`: the method's own arguments, then one `_`
/// for each of the glue's hidden parameters (the `.with` closure, the `.with_async`
/// closure and its future, the `.when` and `.record` closures and what the latter
/// makes), which are inferred.
fn hidden_turbofish(segment: &PathSegment) -> TokenStream {
    if !matches!(segment.arguments, PathArguments::AngleBracketed(_)) {
        return quote!();
    }
    let own = own_arguments(segment);
    let inferred = inferred();
    quote!(::<#(#own,)* #(#inferred),*>)
}

/// The method's own type and const arguments, as written: `u32` in `get::<u32>`.
fn own_arguments(segment: &PathSegment) -> Vec<&GenericArgument> {
    let PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return Vec::new();
    };
    arguments
        .args
        .iter()
        .filter(|argument| !matches!(argument, GenericArgument::Lifetime(_)))
        .collect()
}

/// One `_` for each of the glue's hidden parameters.
fn inferred() -> Vec<TokenStream> {
    // The `.when` and `.record` closures and what the latter makes are parameters of the
    // glue only with the `inspect` feature.
    let hidden = match crate::runtime::inspects() {
        true => 6,
        false => 3,
    };
    (0..hidden)
        .map(|_| quote_spanned!(Span::call_site()=> _))
        .collect()
}

/// The hidden arguments of `TraitGlue`: `C`, `A`, `F`, the `.when`/`.record` tuple and the
/// types it shows.
fn trait_glue_inferred() -> Vec<TokenStream> {
    (0..5)
        .map(|_| quote_spanned!(Span::call_site()=> _))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(path: &str) -> String {
        let path: ExprPath = syn::parse_str(path).expect("a path");
        glue_call(path).to_string().replace(' ', "")
    }

    #[test]
    fn traits_named_like_the_prelude_ones_are_not_asked_for() {
        let from = expanded("<Celsius as core::convert::From<u8>>::from");
        assert!(!from.contains("__PatchableTrait"), "{from}");
        assert!(
            from.contains("<Celsiusas::patchable::__private::TraitGlue<"),
            "{from}"
        );
    }

    #[test]
    fn free_fns_reach_their_companion() {
        // Through the user's name, bound again after the fallback that names an unmarked fn.
        for (path, call) in [
            ("fetch", "use__PatchableFnasfetch;<fetch>::patch()}"),
            ("parse::<u32>", "<parse::<u32>>::patch()"),
        ] {
            let expanded = expanded(path);
            assert!(expanded.contains("`#[patchable]`fn"), "{expanded}");
            assert!(expanded.contains(call), "{expanded}");
        }
        let qualified = expanded("crate::net::fetch");
        assert!(
            qualified.contains("usecrate::net::fetchas__PatchableFn;"),
            "{qualified}"
        );
        // Const arguments go straight to the companion.
        assert_eq!(expanded("bits::<3>"), "<bits::<3>>::patch()");
    }

    #[test]
    fn methods_reach_their_type() {
        assert_eq!(method_call("Client::get"), "Client::get__patch()");
        assert_eq!(method_call("net::Client::get"), "net::Client::get__patch()");
        assert_eq!(
            method_call("Stack::<u8>::push"),
            "Stack::<u8>::push__patch()"
        );
        assert_eq!(method_call("Self::get"), "Self::get__patch()");
        assert_eq!(
            method_call("Config::get::<u32>"),
            format!(
                "Config::get__patch::<u32{}>()",
                ",_".repeat(inferred().len())
            )
        );
        assert_eq!(method_call("<Vec<u8>>::first"), "<Vec<u8>>::first__patch()");
        let unmarked = expanded("net::Client::get");
        assert!(
            unmarked.contains("`net::Client::get`isnota`#[patchable]`method"),
            "{unmarked}"
        );
    }

    /// The glue call of a method, after the fallback that names an unmarked one.
    fn method_call(path: &str) -> String {
        let expanded = expanded(path);
        let (_, call) = expanded
            .rsplit_once("NotPatchableMethodforT{}")
            .expect("a fallback");
        call.trim_end_matches('}').to_owned()
    }

    #[test]
    fn trait_methods_route_through_the_trait_or_the_type() {
        let routed = expanded("<English as Greeter>::greet");
        assert!(routed.contains("useGreeteras__PatchableTrait;"), "{routed}");
        let id = naming::method_id(&syn::parse_quote!(Greeter), &syn::parse_quote!(greet));
        // The glue's hidden parameters: 3, or 6 with the `inspect` feature.
        let hidden = ",_".repeat(inferred().len());
        assert!(
            routed.contains(&format!(
                "{{__PatchableTrait.greet__patch::<English{hidden}>()}}else{{"
            )),
            "{routed}"
        );
        // An unmarked trait without arguments: through a local trait, for a readable error.
        assert!(
            routed.contains(&format!(
                "::patchable::__private::TraitGlue<{id},I,\
                 ::patchable::__private::Nil,::patchable::__private::Nil,\
                 ::patchable::__private::Nil,::patchable::__private::Nil,(),C,A,F,L,V>"
            )),
            "{routed}"
        );
        assert!(
            routed.contains("<EnglishasPatchableImpl<_>>::glue()}}"),
            "{routed}"
        );
        let generic = expanded("<Celsius as units::Convert<u8>>::from::<T>");
        assert!(
            generic.contains("useunits::Convertas__PatchableTrait;"),
            "{generic}"
        );
        assert!(
            generic.contains(&format!("from__patch::<Celsius,u8,T{hidden}>()")),
            "{generic}"
        );
        assert!(
            generic.contains("<Celsiusas::patchable::__private::TraitGlue<"),
            "{generic}"
        );
    }
}
