//! The names of the hidden items the expansion emits and `patch!` calls: both sides make
//! them here, so they agree.
//!
//! A free fn `fetch` has a companion type `fetch` whose associated fns are the glue
//! `patch` and the slot accessor `patch__slot`. The type is the expansion's own, so
//! the glue's name needs no prefix, and a wrong closure's error reads "required by a bound
//! in `fetch::patch`". A method `get` of a type has them on the type itself, named after
//! it so that the same error reads "in `Client::get__patch`": `get__patch`,
//! `get__patch__slot` (no user names a method with a double underscore). A method of a
//! trait impl adds the trait and its generic arguments, so that the impls of `From<u8>`
//! and `From<u16>` for one type do not collide: `From_u8__from__patch`.
//!
//! A marked trait `Shout` has a companion type `__patchable_Shout`, and a const `Shout`
//! of that type, whose methods are the glue of each trait method `word`, for every
//! implementing type: `word__patch`, `word__patch__slot`, and the key that the hooks of
//! every impl share, `word__patch__key`. `__PatchableTrait` is the name
//! the router of a trait is imported as (see `route.rs`).

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::PathSegment;

pub const FREE_GLUE: &str = "patch";

pub const ROUTER: &str = "__PatchableTrait";

/// The type parameter that stands for `Self` in the glue of a marked trait.
pub const SELF_PARAM: &str = "__PatchableSelf";

/// The companion type of the marked trait `trait_ident`.
pub fn trait_companion(trait_ident: &Ident) -> Ident {
    Ident::new(
        &format!("__patchable_{}", unraw(trait_ident)),
        generated_at(trait_ident.span()),
    )
}

/// The glue of `method`, of the trait impl whose trait path ends in `trait_segment`.
pub fn method_glue(method: &Ident, trait_segment: Option<&PathSegment>) -> Ident {
    let name = match trait_segment {
        None => format!("{}__patch", unraw(method)),
        Some(segment) => format!("{}__{}__patch", mangle(segment), unraw(method)),
    };
    Ident::new(&name, method.span())
}

/// The `ID` of a method of a trait impl in `TraitMethod<ID, …>`: a hash of the trait's
/// name (its last segment, as `patch!` spells it too) and the method's, as a `u64`
/// literal.
pub fn method_id(trait_path: &syn::Path, method: &Ident) -> proc_macro2::Literal {
    let trait_name = trait_path
        .segments
        .last()
        .map(|segment| unraw(&segment.ident))
        .unwrap_or_default();
    // FNV-1a: stable across builds and crates, so that both macros agree.
    proc_macro2::Literal::u64_suffixed(fnv1a(&format!("{trait_name}::{}", unraw(method))))
}

/// The unit struct that tells one trait impl's glue from another's: its name hashes the
/// impl's header, which no two impls in one scope share.
pub fn impl_marker(header: &syn::ItemImpl) -> Ident {
    let mut header = header.clone();
    header.attrs.clear();
    Ident::new(
        &format!(
            "__patchable_impl_{:016x}",
            fnv1a(&header.to_token_stream().to_string())
        ),
        proc_macro2::Span::call_site(),
    )
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The slot accessor that goes with the glue `glue`.
pub fn slot(glue: &Ident) -> Ident {
    Ident::new(&format!("{glue}__slot"), generated_at(glue.span()))
}

/// The key accessor that goes with the glue `glue` of a marked trait's method.
pub fn key(glue: &Ident) -> Ident {
    Ident::new(&format!("{glue}__key"), generated_at(glue.span()))
}

/// A span for a name the expansion makes from a name of the user's: resolved as the
/// user's tokens are (call-site hygiene) and shown where the user's name is, but part of
/// the macro's expansion, so that rustc's style lints (`non_camel_case_types`, `dead_code`,
/// …) leave it alone as they do an external macro's tokens. Such lints are not allowed
/// by attributes instead: a crate's `#![forbid(non_camel_case_types)]` (xml-rs) refuses
/// any `#[allow]` of the lint inside it (E0453).
pub fn generated_at(span: Span) -> Span {
    Span::call_site().located_at(span)
}

/// `ident`, as a name the expansion defines (see [`generated_at`]).
pub fn generated(ident: &Ident) -> Ident {
    let mut ident = ident.clone();
    ident.set_span(generated_at(ident.span()));
    ident
}

fn unraw(ident: &Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
}

/// `From<u8>` → `From_u8`, `AsRef<[u8]>` → `AsRef_arr_u8`: the trait's name and generic
/// arguments as one identifier, token by token, so that it reads back the same from the
/// impl header and from `patch!(<T as From<u8>>::from)`.
fn mangle(segment: &PathSegment) -> String {
    let mut parts = vec![unraw(&segment.ident)];
    push_parts(segment.arguments.to_token_stream(), &mut parts);
    parts.join("_")
}

fn push_parts(tokens: TokenStream, parts: &mut Vec<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => parts.push(unraw(&ident)),
            TokenTree::Literal(literal) => parts.push(
                literal
                    .to_string()
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect(),
            ),
            TokenTree::Group(group) => {
                parts.push(
                    match group.delimiter() {
                        proc_macro2::Delimiter::Bracket => "arr",
                        proc_macro2::Delimiter::Parenthesis => "tup",
                        _ => "blk",
                    }
                    .into(),
                );
                push_parts(group.stream(), parts);
            }
            TokenTree::Punct(punct) => match punct.as_char() {
                '&' => parts.push("ref".into()),
                '*' => parts.push("ptr".into()),
                '\'' => parts.push("lt".into()),
                '=' => parts.push("eq".into()),
                _ => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glue(method: &str, segment: &str) -> String {
        let segment: PathSegment = syn::parse_str(segment).expect("a path segment");
        let method = Ident::new(method, proc_macro2::Span::call_site());
        method_glue(&method, Some(&segment)).to_string()
    }

    #[test]
    fn trait_arguments_become_part_of_the_name() {
        assert_eq!(glue("greet", "Greeter"), "Greeter__greet__patch");
        assert_eq!(glue("from", "From<u8>"), "From_u8__from__patch");
        assert_eq!(glue("from", "From < u16 >"), "From_u16__from__patch");
        assert_eq!(glue("as_ref", "AsRef<[u8]>"), "AsRef_arr_u8__as_ref__patch");
        assert_eq!(
            glue("from", "From<&'static str>"),
            "From_ref_lt_static_str__from__patch"
        );
    }
}
