//! Whether the `Self` of a marked trait impl is certainly a type of another crate.
//!
//! Such an impl can only be patched through its trait's companion, so its trait must be
//! marked; when it is not, the impl gets a compile error that says so, instead of the
//! inherent impl that would hold its glue and that rustc would refuse with an error
//! about inherent impls. A type that only may be foreign (any other path) gets that
//! inherent impl, so a type of the same crate keeps working with an unmarked trait.

use syn::{Generics, Type};

/// Primitive types, and the types of the standard prelude, whose names a crate
/// rarely reuses.
const FOREIGN_NAMES: &[&str] = &[
    "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64",
    "i128", "isize", "f16", "f32", "f64", "f128", "String", "Vec", "Box", "Option", "Result",
];

pub fn certainly_foreign(self_ty: &Type, generics: &Generics) -> bool {
    match self_ty {
        Type::Paren(inner) => certainly_foreign(&inner.elem, generics),
        Type::Group(inner) => certainly_foreign(&inner.elem, generics),
        Type::Path(path) => {
            let Some(first) = path.path.segments.first() else {
                return false;
            };
            // `Box<Local>` and `Pin<Local>` are local too: both are fundamental.
            if let Some(inner) = fundamental_inner(path) {
                return certainly_foreign(inner, generics);
            }
            let single = path.path.segments.len() == 1;
            path.qself.is_some()
                || ["std", "core", "alloc"].iter().any(|name| first.ident == name)
                || (single
                    && FOREIGN_NAMES.iter().any(|name| first.ident == name)
                    && !crate::context::crate_declares_type(&first.ident.to_string()))
                // A blanket impl: `impl<T: Debug> Describe for T`.
                || (single && generics.type_params().any(|param| param.ident == first.ident))
        }
        // `&Local` is local to the orphan rule: `&` is fundamental.
        Type::Reference(reference) => certainly_foreign(&reference.elem, generics),
        Type::Slice(_)
        | Type::Array(_)
        | Type::Tuple(_)
        | Type::Ptr(_)
        | Type::FnPtr(_)
        | Type::Never(_) => true,
        // `dyn LocalTrait` can have an inherent impl.
        _ => false,
    }
}

/// Whether `self_ty` is a type parameter of the impl, alone or behind `&`, `&mut`, `Box`
/// or `Pin` (`&mut A`): the orphan rule refuses an impl of another crate's trait for it,
/// whatever types the trait's arguments add.
pub fn uncovered_parameter(self_ty: &Type, generics: &Generics) -> bool {
    match self_ty {
        Type::Paren(inner) => uncovered_parameter(&inner.elem, generics),
        Type::Group(inner) => uncovered_parameter(&inner.elem, generics),
        Type::Reference(reference) => uncovered_parameter(&reference.elem, generics),
        Type::Path(path) if path.qself.is_none() => match fundamental_inner(path) {
            Some(inner) => uncovered_parameter(inner, generics),
            None => path
                .path
                .get_ident()
                .is_some_and(|ident| generics.type_params().any(|param| param.ident == *ident)),
        },
        _ => false,
    }
}

/// `T` of `Box<T>` or `Pin<T>`, written without a path before them: the fundamental
/// wrappers, which the orphan rule looks through.
fn fundamental_inner(path: &syn::TypePath) -> Option<&Type> {
    let [only] = path.path.segments.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    if only.ident != "Box" && only.ident != "Pin" {
        return None;
    }
    match &only.arguments {
        syn::PathArguments::AngleBracketed(arguments) => match arguments.args.first() {
            Some(syn::GenericArgument::Type(inner)) => Some(inner),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn foreign(ty: &str, generics: &str) -> bool {
        let ty: Type = syn::parse_str(ty).expect("a type");
        let generics: Generics = syn::parse_str(generics).expect("generics");
        certainly_foreign(&ty, &generics)
    }

    #[test]
    fn primitives_std_types_and_type_parameters_are_foreign() {
        assert!(foreign("str", ""));
        assert!(foreign("[T]", "<T>"));
        assert!(foreign("&'a str", "<'a>"));
        assert!(foreign("Vec<u8>", ""));
        assert!(foreign("std::collections::HashMap<K, V>", "<K, V>"));
        assert!(foreign("T", "<T: Debug>"));
    }

    #[test]
    fn bare_type_parameters_are_uncovered() {
        let uncovered = |ty: &str, generics: &str| {
            let ty: Type = syn::parse_str(ty).expect("a type");
            let generics: Generics = syn::parse_str(generics).expect("generics");
            uncovered_parameter(&ty, &generics)
        };
        assert!(uncovered("&mut A", "<'de, A>"));
        assert!(uncovered("Box<T>", "<T>"));
        assert!(!uncovered("Vec<T>", "<T>"));
        assert!(!uncovered("Dog", ""));
    }

    #[test]
    fn other_paths_may_be_local() {
        assert!(!foreign("Dog", ""));
        assert!(!foreign("crate::Dog<T>", "<T>"));
        assert!(!foreign("bytes::Bytes", ""));
        assert!(!foreign("T", ""));
        assert!(!foreign("&'a Buf<A>", "<'a, A>"));
        assert!(!foreign("Box<Dog>", ""));
    }
}
