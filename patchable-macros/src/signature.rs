//! The view of a fn signature the expansion works from: the arguments to forward to a
//! replacement, the replacement's types, and the glue's generics.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{
    FnArg, GenericParam, Ident, Lifetime, Pat, PatIdent, Path, ReceiverKind, ReturnType, Signature,
    Type, TypeParamBound, WherePredicate,
};

use crate::lifetimes::{
    ElidedLifetimes, FillLifetimes, FreshLifetimes, RenameLifetimes, collect_lifetimes,
    first_lifetime, lifetimes_named_in, make_static, name_anonymous,
};

/// How the replacement's types spell the impl's `Self`.
#[derive(Default)]
pub struct SelfType {
    /// In a trait impl, `Self::Item` becomes `<Self as Trait>::Item`: the glue lives in
    /// another impl for the same type, where `Self::Item` would be ambiguous.
    qualify: Option<Qualify>,
    /// In an impl with lifetime parameters (`impl<'a> Parser<'a>`), `Self` is spelled
    /// out and its lifetimes move into the replacement's `for<…>`: the replacement must
    /// work for every `'a`, since patches are keyed by types with lifetimes erased. In a
    /// marked trait's glue, `Self` is a type parameter bounded by the trait, through
    /// which `Self::Owned` of a supertrait resolves too.
    spelled_out: Option<Type>,
    lifetimes: Vec<Ident>,
    /// The impl's lifetimes that its bounds pass to a trait (see [`passed_to_traits`]).
    passed_to_traits: Vec<Lifetime>,
    /// The impl has type parameters and lifetimes (or lifetimes bounded by each other): a
    /// projection on `Self` may hold only with its where clauses (`T: 'a`), which a
    /// replacement for every `'a` cannot carry.
    types_and_lifetimes: bool,
}

/// What `Self::X` of a trait impl stands for.
#[derive(Clone)]
struct Qualify {
    trait_path: Path,
    /// The associated types the impl block defines (the trait's own), and what they are.
    defined: Vec<(Ident, Type)>,
    /// The impl has type parameters and lifetimes, which move into the replacement's
    /// `for<'a>`: a supertrait's projection on `Self` there would need `T: 'a` for every
    /// `'a` (arrayvec's `Drain<'a, T>`), so it is not spelled; nor where the impl's
    /// lifetimes bound each other (`'input: 'a`).
    types_and_lifetimes: bool,
}

impl SelfType {
    /// `Self` of a marked impl block, whose block defines the associated types `defined`.
    pub fn of_impl(block: &syn::ItemImpl, defined: Vec<(Ident, Type)>) -> Self {
        let mut lifetimes: Vec<Ident> = block
            .generics
            .lifetimes()
            .map(|param| param.lifetime.ident.clone())
            .collect();
        // `impl Parser<'_>`: name the anonymous lifetimes, so that they can move too. A
        // trait object goes in parentheses: `&mut (dyn Write + 'a)`.
        let mut self_ty = nameable_self(&block.self_ty);
        name_anonymous(&mut self_ty, &mut lifetimes);
        // Anonymous ones (`Union<'_, T, S>`) count too. So do lifetimes bounded by each
        // other (`impl<'a, 'input: 'a>`, roxmltree): a `for<…>` cannot carry the bound,
        // and the supertrait's impl holds only with it.
        let lifetimes_bounded = block
            .generics
            .lifetimes()
            .any(|param| !param.bounds.is_empty())
            || block.generics.where_clause.iter().any(|clause| {
                clause
                    .predicates
                    .iter()
                    .any(|predicate| matches!(predicate, WherePredicate::Lifetime(_)))
            });
        let types_and_lifetimes = !lifetimes.is_empty()
            && (block.generics.type_params().next().is_some() || lifetimes_bounded);
        let qualify = block.trait_.as_ref().map(|(path, _)| Qualify {
            trait_path: path.clone(),
            defined,
            types_and_lifetimes,
        });
        SelfType {
            qualify,
            spelled_out: (!lifetimes.is_empty()).then_some(self_ty),
            passed_to_traits: passed_to_traits(&block.generics, &[]),
            lifetimes,
            types_and_lifetimes,
        }
    }

    /// `Self` in a marked trait: a default method's hook keeps `Self` (`spelled_out` is
    /// `None`); the glue on the trait's companion names it by a type parameter.
    pub fn of_trait(spelled_out: Option<Type>) -> Self {
        SelfType {
            qualify: None,
            spelled_out,
            lifetimes: Vec::new(),
            passed_to_traits: Vec::new(),
            types_and_lifetimes: false,
        }
    }

    /// Rewrites `Self` in bounds and where clauses as in the replacement's types;
    /// `false` if a `Self::X` names an associated type of a supertrait it cannot find.
    pub fn rewrite_generics(&self, generics: &mut syn::Generics) -> bool {
        let resolved = self.qualify_generics(generics);
        if let Some(self_ty) = &self.spelled_out {
            SpellOutSelf(self_ty).visit_generics_mut(generics);
        }
        resolved
    }

    /// [`Self::rewrite_generics`] for bounds that stay in an impl for the same `Self`
    /// (the glue of a trait impl): `Self::X` qualified, `Self` kept, whose lifetimes the
    /// impl declares (a spelled-out `Drain<'__pi0, K, V, A>` would name the replacement's
    /// own, hashbrown's `where Self: Sized`).
    pub fn qualify_generics(&self, generics: &mut syn::Generics) -> bool {
        let mut resolved = true;
        if let Some(qualify) = &self.qualify {
            let mut visitor = QualifySelf {
                qualify,
                resolved: true,
            };
            visitor.visit_generics_mut(generics);
            resolved = visitor.resolved;
        }
        resolved
    }
}

/// `fmt::Write + 'a` (a 2015 crate's bare trait object) as `dyn fmt::Write + 'a`, and so
/// every trait object inside `ty` (`&'a (Error + Send + 'a)`): what the expansion writes
/// again must not warn where the item itself does, nor fail (see [`AddDyn`]).
fn with_dyn(ty: &Type) -> Type {
    let mut ty = ty.clone();
    AddDyn.visit_type_mut(&mut ty);
    ty
}

/// An impl's `Self` as the expansion names it elsewhere: [`with_dyn`], and a trait object
/// in parentheses (`&mut (dyn Write + 'a)`, `impl AnyWrite for io::Write + 'a` in 2015).
pub fn nameable_self(self_ty: &Type) -> Type {
    match (self_ty, with_dyn(self_ty)) {
        (Type::TraitObject(_), self_ty) => syn::parse_quote!((#self_ty)),
        (_, self_ty) => self_ty,
    }
}

/// Writes `dyn` before every trait object of a type that has none: the expansion's own
/// tokens around a 2015 crate's `&(Error + Send)` (the replacement's `FnMut(…)`, the
/// views' `&'v …`) are of this macro's edition, where a bare trait object is an error
/// (E0782, error-chain's `fn extract_backtrace(e: &(error::Error + Send + 'static))`).
/// `dyn` means the same in every edition.
struct AddDyn;

impl VisitMut for AddDyn {
    fn visit_type_trait_object_mut(&mut self, object: &mut syn::TypeTraitObject) {
        if object.dyn_token.is_none() {
            object.dyn_token = Some(syn::Token![dyn](proc_macro2::Span::call_site()));
        }
        visit_mut::visit_type_trait_object_mut(self, object);
    }
}

/// How the hook passes the receiver on to the replacement.
#[derive(Clone, Copy, PartialEq)]
pub enum ReceiverPass {
    /// `&self`: copied.
    Copied,
    /// `&mut self`: reborrowed, `&mut *self`.
    Reborrowed,
    /// `self`, `self: Box<Self>`, …: moved, so it cannot be handed back to the body.
    Moved,
}

pub struct FnSignature<'a> {
    pub original: &'a Signature,
    /// The signature as emitted: arguments bound by a pattern get a plain name.
    pub sig: Signature,
    /// `let PAT = NAME;` for each argument that was renamed.
    pub rebinds: Vec<(Pat, Ident)>,
    /// What the hook passes to the replacement, one per argument, `self` first.
    pub arg_names: Vec<TokenStream>,
    /// How the receiver is passed, for a method.
    pub receiver: Option<ReceiverPass>,
    /// Per argument but the receiver: whether its binding is `mut`.
    pub mutable: Vec<bool>,
    /// The replacement's argument types, every elided lifetime named.
    inputs: Vec<Type>,
    /// The return type, elided lifetimes named as the elision rules say; `()` for none.
    output: Type,
    /// The return type as written, where `output` spells it through `ElidedOutput`.
    elided_output: Option<Type>,
    /// The lifetimes of the replacement's `for<…>`: the fn's own and the named elided ones.
    binder: Vec<Lifetime>,
    /// The lifetime of `.when`'s and `.record`'s borrows of the arguments (`'v`).
    view_lifetime: Lifetime,
    /// `false` when the replacement's type cannot be spelled: a `Self::X` that has no
    /// meaning outside the impl, or a lifetime of the fn or impl that only the return type
    /// names (a replacement would have to make an `Options<'a>` for every `'a`). The fn
    /// is then left as it is.
    pub hookable: bool,
}

impl<'a> FnSignature<'a> {
    pub fn new(original: &'a Signature, self_type: &SelfType) -> Self {
        let mut sig = original.clone();
        let mut rebinds = Vec::new();
        let mut arg_names = Vec::new();
        let mut inputs = Vec::new();
        // The impl's lifetimes and the fn's own move into the replacement's `for<…>`
        // renamed, elided ones named, all afresh; the views' borrow is named last.
        let mut fresh = FreshLifetimes::avoiding(
            lifetimes_named_in(original)
                .into_iter()
                .chain(self_type.lifetimes.iter().cloned()),
        );
        let mut rename = RenameLifetimes::new(
            self_type.lifetimes.iter().cloned().chain(
                original
                    .generics
                    .lifetimes()
                    .map(|param| param.lifetime.ident.clone()),
            ),
            &mut fresh,
        );
        let mut namer = ElidedLifetimes::new(&mut fresh);
        let mut receiver_lifetime = None;
        let receiver = original.receiver().map(|receiver| match &receiver.kind {
            ReceiverKind::Reference(_, _, None) => ReceiverPass::Copied,
            ReceiverKind::Reference(_, _, Some(_)) => ReceiverPass::Reborrowed,
            ReceiverKind::Typed(_, ty) => match &**ty {
                Type::Reference(reference) if reference.mutability.is_none() => {
                    ReceiverPass::Copied
                }
                Type::Reference(_) => ReceiverPass::Reborrowed,
                _ => ReceiverPass::Moved,
            },
            _ => ReceiverPass::Moved,
        });
        let hands_back = hands_back(original.asyncness.is_some(), receiver);
        let mut mutable = Vec::new();
        for (index, arg) in sig.inputs.iter_mut().enumerate() {
            let arg = match arg {
                FnArg::Receiver(receiver) => {
                    let mut ty: Type = match &receiver.kind {
                        ReceiverKind::Value => syn::parse_quote!(Self),
                        ReceiverKind::Reference(_, lifetime, mutability) => {
                            syn::parse_quote!(& #lifetime #mutability Self)
                        }
                        ReceiverKind::Typed(_, ty) => (**ty).clone(),
                        _ => syn::parse_quote!(Self),
                    };
                    namer.name_in(&mut ty);
                    receiver_lifetime = first_lifetime(&ty);
                    inputs.push(ty);
                    arg_names.push(quote!(self));
                    continue;
                }
                FnArg::Typed(arg) => arg,
            };
            let mut ty = (*arg.ty).clone();
            AddDyn.visit_type_mut(&mut ty);
            namer.name_in(&mut ty);
            inputs.push(ty);
            let name = match &*arg.pat {
                Pat::Ident(PatIdent {
                    by_ref: None,
                    subpat: None,
                    ident,
                    mutability,
                    ..
                }) => {
                    let ident = ident.clone();
                    // The hook hands the arguments back only in some builds: a `mut`
                    // parameter is bound `mut` after the hook instead (`let mut y = y;`),
                    // so that no build has a `mut` it does not use, and no `#[allow]` is
                    // needed, which a crate's `#![forbid(unused_mut)]` would refuse.
                    let rebound = mutability.is_some() && hands_back;
                    mutable.push(mutability.is_some() && !rebound);
                    if rebound {
                        rebinds.push(((*arg.pat).clone(), ident.clone()));
                        if let Pat::Ident(param) = &mut *arg.pat {
                            param.mutability = None;
                        }
                    }
                    ident
                }
                pat => {
                    let name = format_ident!("__patchable_arg{}", index, span = Span::mixed_site());
                    mutable.push(false);
                    // `ref mut c: u8` borrows the parameter's own place mutably: the
                    // renamed argument is bound `mut` first (after the hook, as a `mut`
                    // parameter is, see above).
                    if binds_by_ref_mut(pat) {
                        let place = Pat::Ident(PatIdent {
                            attrs: Vec::new(),
                            by_ref: None,
                            mutability: Some(Default::default()),
                            ident: name.clone(),
                            subpat: None,
                        });
                        rebinds.push((place, name.clone()));
                    }
                    rebinds.push((pat.clone(), name.clone()));
                    *arg.pat = Pat::Ident(PatIdent {
                        attrs: Vec::new(),
                        by_ref: None,
                        mutability: None,
                        ident: name.clone(),
                        subpat: None,
                    });
                    name
                }
            };
            arg_names.push(quote!(#name));
        }
        let mut output: Type = match &original.output {
            ReturnType::Default => syn::parse_quote!(()),
            ReturnType::Type(_, ty) => match **ty {
                Type::Never(_) => syn::parse_quote!(::core::convert::Infallible),
                _ => (**ty).clone(),
            },
        };
        AddDyn.visit_type_mut(&mut output);
        // Elision: the receiver's lifetime, else the only lifetime of the inputs.
        let mut input_lifetimes = Vec::new();
        for ty in &inputs {
            collect_lifetimes(ty, &mut input_lifetimes);
        }
        input_lifetimes.dedup();
        let elided = receiver_lifetime.or(match input_lifetimes.as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        });
        if let Some(lifetime) = elided {
            FillLifetimes::elided(|| lifetime.clone()).visit_type_mut(&mut output);
            // `Fn` sugar does not elide a lifetime that a path hides (`-> Cow<str>`):
            // those of the standard library's types are spelled out.
            fill_hidden_lifetimes(&mut output, &lifetime);
        }
        // A type the macro cannot see into, given `Self`, may be an alias of a projection
        // on it (combine's `StreamErrorFor<Self>` in `impl<'a, T> StreamOnce for
        // SliceStream<'a, T> where T: 'a`): as a `Self::X` of a supertrait, it is left out
        // where the impl has types and lifetimes (see [`Qualify`]).
        let mut resolved = !(self_type.types_and_lifetimes
            && inputs
                .iter()
                .chain([&output])
                .any(passes_self_to_unseen_type));
        if let Some(qualify) = &self_type.qualify {
            let mut qualify = QualifySelf {
                qualify,
                resolved: true,
            };
            for ty in &mut inputs {
                qualify.visit_type_mut(ty);
            }
            qualify.visit_type_mut(&mut output);
            resolved &= qualify.resolved;
        }
        if let Some(self_ty) = &self_type.spelled_out {
            let mut spell = SpellOutSelf(self_ty);
            for ty in &mut inputs {
                spell.visit_type_mut(ty);
            }
            spell.visit_type_mut(&mut output);
        }
        // A lifetime that a bound passes to a trait may be held only through that trait's
        // projections, which the replacement's `for<…>` and the glue's `'static` forms
        // cannot follow (see [`passed_to_traits`]).
        let passes_lifetime_to_trait = {
            let passed: Vec<Lifetime> = self_type
                .passed_to_traits
                .iter()
                .cloned()
                .chain(passed_to_traits(&original.generics, &self_type.lifetimes))
                .collect();
            let mut named = Vec::new();
            for ty in inputs.iter().chain([&output]) {
                collect_lifetimes_everywhere(ty, &mut named);
            }
            named.iter().any(|lifetime| passed.contains(lifetime))
        };
        for ty in &mut inputs {
            rename.visit_type_mut(ty);
        }
        rename.visit_type_mut(&mut output);
        let mut binder: Vec<Lifetime> = rename.renamed().cloned().collect();
        let (mut in_inputs, mut in_output) = (Vec::new(), Vec::new());
        for ty in &inputs {
            collect_lifetimes(ty, &mut in_inputs);
        }
        collect_lifetimes(&output, &mut in_output);
        let output_only = binder
            .iter()
            .any(|lifetime| in_output.contains(lifetime) && !in_inputs.contains(lifetime));
        // A bound that names the fn's lifetime is left out of the glue: a signature that
        // projects through it (`O::Erased` of `O: IntoErased<'a>`) has no meaning there.
        let projects_on_lifetime_bound = {
            // The impl's lifetimes too, which move into the replacement's `for<…>` as the
            // fn's own do (serde's `-> Result<V::Value, E>` with `V: Visitor<'de>` in
            // `impl<'de, E> Deserializer<'de> for BorrowedStrDeserializer<'de, E>`).
            let lifetimes: Vec<Lifetime> = original
                .generics
                .lifetimes()
                .map(|param| param.lifetime.clone())
                .chain(self_type.lifetimes.iter().map(|ident| Lifetime {
                    apostrophe: ident.span(),
                    ident: ident.clone(),
                }))
                .collect();
            // `Self`'s associated types may hold the impl's lifetimes too (im's
            // `C: UnindexedConsumer<Self::Item>` with `type Item = &'a A`, and the output
            // `C::Result`).
            let may_name_lifetimes = |bounds: &dyn quote::ToTokens| {
                names_any(&bounds, &lifetimes)
                    || (!self_type.lifetimes.is_empty() && names_self(&bounds))
            };
            let bound_params: Vec<Ident> = original
                .generics
                .type_params()
                .filter(|param| may_name_lifetimes(&param.bounds))
                .map(|param| param.ident.clone())
                .chain(original.generics.where_clause.iter().flat_map(|clause| {
                    clause
                        .predicates
                        .iter()
                        .filter_map(|predicate| match predicate {
                            WherePredicate::Type(predicate)
                                if may_name_lifetimes(&predicate.bounds) =>
                            {
                                match &predicate.bounded_ty {
                                    Type::Path(path) => path.path.get_ident().cloned(),
                                    _ => None,
                                }
                            }
                            _ => None,
                        })
                }))
                .collect();
            !bound_params.is_empty()
                && inputs
                    .iter()
                    .chain([&output])
                    .any(|ty| projects_on(ty, &bound_params))
        };
        // A projection through a type that names a lifetime of the replacement's `for<…>`
        // (`<&'a T as Neg>::Output` of `impl<'a, T> Neg for &'a OrderedFloat<T> where &'a
        // T: Neg`, ordered-float): the where clause that makes it hold cannot follow.
        let projects_through_binder = inputs
            .iter()
            .chain([&output])
            .any(|ty| projects_through_lifetime(ty, &binder));
        let hookable = resolved
            && !output_only
            && !projects_on_lifetime_bound
            && !projects_through_binder
            && !passes_lifetime_to_trait;
        binder.extend(namer.named);
        let view_lifetime = fresh.next();
        // A method with more borrowed inputs than its receiver gives elided lifetimes of
        // its output the receiver's, but `Fn` sugar knows no receiver: a lifetime that a
        // path hides (`-> StateConverter<T>`, convert_case) would have no source. A fn
        // pointer with the receiver's lifetime alone elides it right. An input that may
        // hide a lifetime counts as borrowed (`fn find(&self, name: QName) ->
        // ResolveResult`, quick-xml).
        let mut input_lifetimes = Vec::new();
        for ty in &inputs {
            collect_lifetimes(ty, &mut input_lifetimes);
        }
        input_lifetimes.sort_by_key(ToString::to_string);
        input_lifetimes.dedup();
        let receiver_lifetime = receiver
            .and_then(|_| inputs.first())
            .and_then(first_lifetime);
        let (output, elided_output) = match receiver_lifetime {
            Some(lifetime)
                if (input_lifetimes.len() > 1 || inputs[1..].iter().any(may_hide_lifetimes))
                    && may_hide_lifetimes(&output) =>
            {
                let private = crate::runtime::private();
                let wrapped = syn::parse_quote!(
                    <fn(&#lifetime ()) -> #output as #private::ElidedOutput>::Output
                );
                (wrapped, Some(output))
            }
            _ => (output, None),
        };
        FnSignature {
            original,
            sig,
            rebinds,
            arg_names,
            receiver,
            mutable,
            inputs,
            output,
            elided_output,
            binder,
            view_lifetime,
            hookable,
        }
    }

    pub fn ident(&self) -> &Ident {
        &self.original.ident
    }

    /// The replacement's argument types, every elided lifetime named.
    pub fn inputs(&self) -> &[Type] {
        &self.inputs
    }

    /// The lifetimes of the replacement's `for<…>`.
    pub fn binder_lifetimes(&self) -> &[Lifetime] {
        &self.binder
    }

    /// The lifetime of the views' borrows of the arguments, not one of the binder's.
    pub fn view_lifetime(&self) -> &Lifetime {
        &self.view_lifetime
    }

    pub fn is_async(&self) -> bool {
        self.original.asyncness.is_some()
    }

    /// Whether the hook can hand the arguments back to the body when no layer applies
    /// (see `hook.rs`): not when the receiver is moved, nor in an async fn, nor when
    /// there are too many arguments to pass as one tuple, nor when a `&mut self` method
    /// may return a borrow: the reborrow handed to the replacement would then be one the
    /// output may hold, which rustc keeps alive on the path that hands it back too
    /// (E0499 on `&mut self.0` after the hook; a limit of its borrow checker).
    pub fn hands_back(&self) -> bool {
        hands_back(self.is_async(), self.receiver)
            && self.passes_tuple()
            && (self.receiver != Some(ReceiverPass::Reborrowed) || self.output_holds_no_lifetime())
    }

    /// Whether the hook passes the arguments to the replacement as one tuple, which
    /// patchable's `Call` spreads: up to 12 of them (the receiver included).
    pub fn passes_tuple(&self) -> bool {
        self.arg_names.len() <= 12
    }

    /// `fn f() -> !`: stable Rust has no `FnMut() -> !`, so the replacement returns
    /// `Infallible` instead, which the hook matches away.
    pub fn diverges(&self) -> bool {
        matches!(&self.original.output, ReturnType::Type(_, ty) if matches!(**ty, Type::Never(_)))
    }

    fn binder(&self) -> TokenStream {
        let lifetimes = &self.binder;
        match lifetimes.is_empty() {
            true => quote!(),
            false => quote!(for<#(#lifetimes),*>),
        }
    }

    /// `for<'a> FnMut(&'a Client, &str) -> R`, with `R` replaced by `output` (the
    /// function's return type by default).
    pub fn fn_mut(&self, output: Option<TokenStream>) -> TokenStream {
        let binder = self.binder();
        let inputs = &self.inputs;
        let output = output.unwrap_or_else(|| self.output());
        let private = crate::runtime::private();
        quote!(#binder #private::FnMut(#(#inputs),*) -> #output)
    }

    /// `for<'a> fn(&'a Client, &str) -> R`: a type that meets [`Self::fn_mut`], which the
    /// builder fixes an unused closure parameter to.
    pub fn fn_pointer(&self, output: Option<TokenStream>) -> TokenStream {
        let binder = self.binder();
        let inputs = &self.inputs;
        let output = output.unwrap_or_else(|| self.output());
        quote!(#binder fn(#(#inputs),*) -> #output)
    }

    /// The function's return type as the replacement returns it (for an async fn, what
    /// its future gives).
    pub fn output(&self) -> TokenStream {
        let output = &self.output;
        quote!(#output)
    }

    /// Whether the return type borrows from the arguments (names a lifetime of `for<…>`).
    pub fn output_borrows(&self) -> bool {
        let mut lifetimes = Vec::new();
        collect_lifetimes(self.written_output(), &mut lifetimes);
        lifetimes
            .iter()
            .any(|lifetime| self.binder.contains(lifetime))
    }

    /// The return type with every lifetime made `'static`: what `.returns(value)` takes,
    /// since one value must do for every call. `None` when a value of it could not be
    /// returned as the output of every call: where a lifetime of the call sits in a place
    /// that is not plainly covariant (`dyn Iterator<Item = &'a str>`, `&'a mut`, a type
    /// the macro cannot see into), a `'static` value is no value of the output type.
    pub fn output_static(&self) -> Option<Type> {
        let written = self.written_output();
        let bound = |lifetime: &Lifetime| self.binder.contains(lifetime);
        if !covariant_only(written, &bound) {
            return None;
        }
        let mut output = written.clone();
        make_static(&mut output);
        if !may_hide_lifetimes(&output) {
            return Some(output);
        }
        // A hidden lifetime of a type that may hold it invariantly: a `'static` value
        // would not be one of the output type (bit-vec's `-> Option<MutBorrowedBit<B>>`).
        if path_names(&output)
            .iter()
            .any(|name| crate::context::may_hide_invariant_lifetime(name))
        {
            return None;
        }
        // `Waiter` for `Waiter<'a>`: only elision can fill a lifetime no token shows, and
        // elision has no input to fill it from in the glue's own signature. A fn pointer
        // with one `'static` input has, and the runtime reads its output back.
        let private = crate::runtime::private();
        Some(syn::parse_quote!(
            <fn(&'static ()) -> #output as #private::ElidedOutput>::Output
        ))
    }

    /// Whether the return type holds no lifetime, shown or hidden (`u64`, `String`,
    /// `Option<Vec<u8>>`; not `Self`, a type parameter or another crate's type, which may):
    /// it is then the output of every call alike, and the glue needs no check that a
    /// `'static` value of it is one of every call's (see [`FnSignature::runtime_output`]).
    pub fn output_holds_no_lifetime(&self) -> bool {
        !self.diverges() && self.elided_output.is_none() && holds_no_lifetime(self.written_output())
    }

    /// The output as the runtime's `.with` and `.returns` replacements, made for the
    /// arguments' `'static` forms, return it (see `replacing` in the runtime): the output
    /// itself where it holds no lifetime, else its `'static` form, where one is a value
    /// of the output of every call ([`FnSignature::output_static`]) and no `Self` stands
    /// in it for a type whose lifetimes it hides. `None`: the glue makes them, closures
    /// of its own.
    ///
    /// The replacement is general over the call's lifetimes (the glue's bound), so that
    /// its `'static` instance runs for shorter ones: the same machine code.
    pub fn runtime_output(&self) -> Option<Type> {
        if self.output_holds_no_lifetime() {
            return Some(self.output.clone());
        }
        if self.diverges() || mentions_self(self.written_output()) {
            return None;
        }
        self.output_static()
    }

    /// The replacement's argument types and the return type as written.
    pub fn types(&self) -> impl Iterator<Item = &Type> {
        self.inputs.iter().chain([self.written_output()])
    }

    /// The return type without the `ElidedOutput` spelling of `output`.
    fn written_output(&self) -> &Type {
        self.elided_output.as_ref().unwrap_or(&self.output)
    }

    /// The fn's own type and const parameters, for the glue (`Config::get::<u32>`).
    pub fn own_generics(&self) -> OwnGenerics {
        OwnGenerics::of(&self.original.generics)
    }
}

/// Whether `pat` binds anything by `ref mut`, which needs the matched place mutable.
fn binds_by_ref_mut(pat: &Pat) -> bool {
    struct Find(bool);
    impl syn::visit::Visit<'_> for Find {
        fn visit_pat_ident(&mut self, pat: &PatIdent) {
            self.0 |= pat.by_ref.is_some() && pat.mutability.is_some();
            syn::visit::visit_pat_ident(self, pat);
        }
    }
    let mut find = Find(false);
    syn::visit::Visit::visit_pat(&mut find, pat);
    find.0
}

/// The last segment of every path in `ty`: `Option`, `Waiter` in `Option<Waiter>`.
fn path_names(ty: &Type) -> Vec<String> {
    struct Names(Vec<String>);
    impl<'ast> syn::visit::Visit<'ast> for Names {
        fn visit_type_path(&mut self, path: &'ast syn::TypePath) {
            if let Some(last) = path.path.segments.last() {
                self.0.push(last.ident.to_string());
            }
            syn::visit::visit_type_path(self, path);
        }
    }
    let mut names = Names(Vec::new());
    syn::visit::Visit::visit_type(&mut names, ty);
    names.0
}

/// Whether `ty` shows no borrow, lifetime, trait object, `impl Trait`, fn pointer or
/// `Self`, and hides no lifetime either (see [`may_hide_lifetimes`]).
fn holds_no_lifetime(ty: &Type) -> bool {
    struct Find(bool);
    impl syn::visit::Visit<'_> for Find {
        fn visit_type(&mut self, ty: &Type) {
            match ty {
                Type::Reference(_)
                | Type::TraitObject(_)
                | Type::ImplTrait(_)
                | Type::FnPtr(_)
                | Type::Macro(_)
                | Type::Infer(_)
                | Type::Verbatim(_) => self.0 = true,
                _ => syn::visit::visit_type(self, ty),
            }
        }
        fn visit_lifetime(&mut self, _: &Lifetime) {
            self.0 = true;
        }
        fn visit_ident(&mut self, ident: &proc_macro2::Ident) {
            self.0 |= ident == "Self";
        }
    }
    let mut find = Find(false);
    syn::visit::Visit::visit_type(&mut find, ty);
    !find.0 && !may_hide_lifetimes(ty)
}

/// Whether `Self` appears in `ty`.
fn mentions_self(ty: &Type) -> bool {
    struct Find(bool);
    impl syn::visit::Visit<'_> for Find {
        fn visit_ident(&mut self, ident: &proc_macro2::Ident) {
            self.0 |= ident == "Self";
        }
    }
    let mut find = Find(false);
    syn::visit::Visit::visit_type(&mut find, ty);
    find.0
}

/// Whether `ty` names a type that may have a lifetime parameter it does not show: a path
/// other than a primitive, `Self`, or a std type without lifetime parameters.
pub fn may_hide_lifetimes(ty: &Type) -> bool {
    struct Paths(bool);
    impl<'ast> syn::visit::Visit<'ast> for Paths {
        fn visit_type_path(&mut self, path: &'ast syn::TypePath) {
            self.0 |= !is_plain(path);
            syn::visit::visit_type_path(self, path);
        }
    }
    let mut paths = Paths(false);
    syn::visit::Visit::visit_type(&mut paths, ty);
    paths.0
}

/// A path to a primitive, `Self`, or a std type without lifetime parameters: named alone,
/// or through a module (`io::Result`, `crate::error::Result`). Not an associated type
/// named like one, on a type (im's `C::Result`, of a `C: Consumer<&'a A>`, holds `'a`).
fn is_plain(path: &syn::TypePath) -> bool {
    const WITHOUT_LIFETIMES: &[&str] = &[
        "Self", "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16",
        "i32", "i64", "i128", "isize", "f32", "f64", "String", "Option", "Result", "Vec", "Box",
        "Rc", "Arc", "HashMap", "HashSet", "BTreeMap", "BTreeSet", "VecDeque", "Duration",
        "PathBuf", "OsString",
    ];
    // A module's name is lowercase, a type's (or type parameter's) is not.
    let segments = &path.path.segments;
    let through_modules = segments.len() == 1
        || segments
            .first()
            .is_some_and(|first| !first.ident.to_string().starts_with(char::is_uppercase));
    path.qself.is_none()
        && through_modules
        && segments
            .last()
            .is_some_and(|last| WITHOUT_LIFETIMES.iter().any(|name| last.ident == name))
}

/// Whether `ty` gives `Self` as a type argument to a path that is not [`is_plain`]
/// (`StreamErrorFor<Self>`, `Wrapper<&Self>`).
fn passes_self_to_unseen_type(ty: &Type) -> bool {
    struct Find(bool);
    impl syn::visit::Visit<'_> for Find {
        fn visit_type_path(&mut self, path: &syn::TypePath) {
            if !is_plain(path) {
                let arguments =
                    path.path
                        .segments
                        .iter()
                        .filter_map(|segment| match &segment.arguments {
                            syn::PathArguments::AngleBracketed(arguments) => Some(&arguments.args),
                            _ => None,
                        });
                self.0 |= arguments.flatten().any(
                    |argument| matches!(argument, syn::GenericArgument::Type(ty) if names_self(ty)),
                );
            }
            syn::visit::visit_type_path(self, path);
        }
    }
    let mut find = Find(false);
    syn::visit::Visit::visit_type(&mut find, ty);
    find.0
}

/// Whether every lifetime of `ty` that `bound` picks, and every elided one, sits where a
/// longer one may stand for it: behind `&`, in a tuple, array or slice, in the standard
/// containers, and as the bound of a `dyn`.
fn covariant_only(ty: &Type, bound: &impl Fn(&Lifetime) -> bool) -> bool {
    const COVARIANT: &[&str] = &[
        "Option", "Result", "Vec", "Box", "Rc", "Arc", "Cow", "VecDeque", "String",
    ];
    let free = |ty: &Type| {
        let mut lifetimes = Vec::new();
        collect_lifetimes(ty, &mut lifetimes);
        !lifetimes.iter().any(bound) && !has_elided(ty)
    };
    match ty {
        Type::Reference(reference) => match reference.mutability {
            None => covariant_only(&reference.elem, bound),
            // `&'a mut dyn Trait` is `&'a mut (dyn Trait + 'a)`: the object's lifetime,
            // which no token shows, is the borrow's, held invariantly (toml_edit's
            // `fn as_table_like_mut(&mut self) -> Option<&mut dyn TableLike>`).
            Some(_) => {
                let static_borrow = reference
                    .lifetime
                    .as_ref()
                    .is_some_and(|lifetime| lifetime.ident == "static");
                free(&reference.elem)
                    && (static_borrow || !is_object_of_default_lifetime(&reference.elem))
            }
        },
        Type::Tuple(tuple) => tuple.elems.iter().all(|ty| covariant_only(ty, bound)),
        Type::Array(array) => covariant_only(&array.elem, bound),
        Type::Slice(slice) => covariant_only(&slice.elem, bound),
        Type::Paren(inner) => covariant_only(&inner.elem, bound),
        Type::Group(inner) => covariant_only(&inner.elem, bound),
        Type::TraitObject(object) => object.bounds.iter().all(|bound_| match bound_ {
            TypeParamBound::Lifetime(_) => true,
            other => free_tokens(other, bound),
        }),
        Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return true;
            };
            let leading = path.path.segments.iter().rev().skip(1);
            if !leading.clone().all(|segment| segment.arguments.is_none()) {
                return free(ty);
            }
            match &last.arguments {
                syn::PathArguments::None => true,
                syn::PathArguments::AngleBracketed(arguments) => {
                    let known = COVARIANT.contains(&last.ident.to_string().as_str());
                    arguments.args.iter().all(|argument| match argument {
                        syn::GenericArgument::Lifetime(_) => known,
                        syn::GenericArgument::Type(ty) if known => covariant_only(ty, bound),
                        syn::GenericArgument::Type(ty) => free(ty),
                        _ => free_tokens(argument, bound),
                    })
                }
                syn::PathArguments::Parenthesized(_) => free(ty),
            }
        }
        _ => free(ty),
    }
}

/// Whether `ty` is a trait object with no lifetime bound of its own, whose lifetime is
/// then the one its place gives (`dyn Trait` behind `&'a mut` is `dyn Trait + 'a`).
fn is_object_of_default_lifetime(ty: &Type) -> bool {
    match ty {
        Type::Paren(inner) => is_object_of_default_lifetime(&inner.elem),
        Type::Group(inner) => is_object_of_default_lifetime(&inner.elem),
        Type::TraitObject(object) => !object
            .bounds
            .iter()
            .any(|bound| matches!(bound, TypeParamBound::Lifetime(_))),
        _ => false,
    }
}

/// Whether `tokens` name none of the lifetimes `bound` picks.
fn free_tokens(tokens: &impl quote::ToTokens, bound: &impl Fn(&Lifetime) -> bool) -> bool {
    let Ok(ty) = syn::parse2::<Type>(quote!(dyn #tokens)) else {
        return false;
    };
    let mut lifetimes = Vec::new();
    collect_lifetimes_everywhere(&ty, &mut lifetimes);
    !lifetimes.iter().any(bound) && !has_elided(&ty)
}

/// Every lifetime named in `ty`, inside `Fn` sugar and fn pointers too.
/// The lifetime parameters of `generics` that a bound passes to a trait (bitvec's
/// `Address<M, T>: Referential<'a>`, pest's `F: FnMut(Pair<'i, R>) -> T`). A type may
/// hold such a lifetime only through the trait's projections (`Reference<'a, M, T>`,
/// wyz's alias of `<Address<M, T> as Referential<'a>>::Ref`, which the macro cannot see
/// through), or need the bound to be well-formed: the replacement's `for<'a>` would not
/// constrain it, and the glue's `'static` forms would need the bound for `'static`. A fn
/// whose signature names one is left as it is. `impl_lifetimes`: a method's bounds may
/// pass its impl's too.
fn passed_to_traits(generics: &syn::Generics, impl_lifetimes: &[Ident]) -> Vec<Lifetime> {
    let declared: Vec<&Ident> = generics
        .lifetimes()
        .map(|param| &param.lifetime.ident)
        .chain(impl_lifetimes)
        .collect();
    let bounds = generics
        .type_params()
        .flat_map(|param| &param.bounds)
        .chain(
            generics
                .where_clause
                .iter()
                .flat_map(|clause| &clause.predicates)
                .filter_map(|predicate| match predicate {
                    WherePredicate::Type(predicate) => Some(&predicate.bounds),
                    _ => None,
                })
                .flatten(),
        );
    let mut passed = Vec::new();
    for bound in bounds {
        if let syn::TypeParamBound::Trait(bound) = bound {
            syn::visit::Visit::visit_path(&mut CollectLifetimes(&mut passed), &bound.path);
        }
    }
    passed.retain(|lifetime| declared.contains(&&lifetime.ident));
    passed
}

fn collect_lifetimes_everywhere(ty: &Type, into: &mut Vec<Lifetime>) {
    syn::visit::Visit::visit_type(&mut CollectLifetimes(into), ty);
}

/// Every lifetime a visited node names, `Fn` sugar's and fn pointers' included.
struct CollectLifetimes<'v>(&'v mut Vec<Lifetime>);

impl syn::visit::Visit<'_> for CollectLifetimes<'_> {
    fn visit_lifetime(&mut self, lifetime: &Lifetime) {
        self.0.push(lifetime.clone());
    }
}

/// Whether `ty` has an elided reference lifetime or a `'_` outside `Fn` sugar.
fn has_elided(ty: &Type) -> bool {
    struct Find(bool);
    impl syn::visit::Visit<'_> for Find {
        fn visit_type_reference(&mut self, reference: &syn::TypeReference) {
            self.0 |= reference.lifetime.is_none();
            syn::visit::visit_type_reference(self, reference);
        }
        fn visit_lifetime(&mut self, lifetime: &Lifetime) {
            self.0 |= lifetime.ident == "_";
        }
        fn visit_parenthesized_generic_arguments(
            &mut self,
            _: &syn::ParenthesizedGenericArguments,
        ) {
        }
        fn visit_type_fn_ptr(&mut self, _: &syn::TypeFnPtr) {}
    }
    let mut find = Find(false);
    syn::visit::Visit::visit_type(&mut find, ty);
    find.0
}

/// The standard library's types with a lifetime parameter that signatures often leave
/// out (`Cow<str>` for `Cow<'_, str>`), whose names crates rarely take for their own.
const HIDING_LIFETIMES: &[&str] = &[
    "Cow",
    "Formatter",
    "Arguments",
    "MutexGuard",
    "RwLockReadGuard",
    "RwLockWriteGuard",
    "StdinLock",
    "StdoutLock",
    "StderrLock",
    "IoSlice",
    "IoSliceMut",
    "SplitWhitespace",
    "CharIndices",
];

/// Gives the types of [`HIDING_LIFETIMES`] written without a lifetime `lifetime`.
fn fill_hidden_lifetimes(ty: &mut Type, lifetime: &Lifetime) {
    struct Fill<'l>(&'l Lifetime);
    impl VisitMut for Fill<'_> {
        fn visit_path_segment_mut(&mut self, segment: &mut syn::PathSegment) {
            visit_mut::visit_path_segment_mut(self, segment);
            let name = segment.ident.to_string();
            if !HIDING_LIFETIMES.contains(&name.as_str()) {
                return;
            }
            let lifetime = self.0.clone();
            match &mut segment.arguments {
                syn::PathArguments::None => {
                    segment.arguments =
                        syn::PathArguments::AngleBracketed(syn::parse_quote!(<#lifetime>));
                }
                syn::PathArguments::AngleBracketed(arguments) => {
                    let has_lifetime = arguments
                        .args
                        .iter()
                        .any(|argument| matches!(argument, syn::GenericArgument::Lifetime(_)));
                    if !has_lifetime {
                        arguments
                            .args
                            .insert(0, syn::GenericArgument::Lifetime(lifetime));
                    }
                }
                syn::PathArguments::Parenthesized(_) => {}
            }
        }
        fn visit_parenthesized_generic_arguments_mut(
            &mut self,
            _: &mut syn::ParenthesizedGenericArguments,
        ) {
        }
        fn visit_type_fn_ptr_mut(&mut self, _: &mut syn::TypeFnPtr) {}
    }
    Fill(lifetime).visit_type_mut(ty);
}

fn hands_back(is_async: bool, receiver: Option<ReceiverPass>) -> bool {
    !is_async && receiver != Some(ReceiverPass::Moved)
}

/// A fn's type and const parameters, as the glue and companion need them. Lifetime
/// parameters are left out: they go into the replacement's `for<…>`.
#[derive(Default)]
pub struct OwnGenerics {
    /// `T: ?Sized`, `const N: usize`: for a companion struct and a slot accessor, which
    /// need no bounds.
    pub unbounded: Vec<TokenStream>,
    /// `T: FromStr`: the parameters with their bounds, minus lifetime bounds.
    pub bounded: Vec<TokenStream>,
    /// `T`, `N`: the arguments that name them.
    pub args: Vec<TokenStream>,
    /// `*const T`: for a companion's `PhantomData`.
    pub phantom: Vec<TokenStream>,
    pub predicates: Vec<TokenStream>,
}

impl OwnGenerics {
    pub fn of(generics: &syn::Generics) -> Self {
        // The fn's lifetime parameters move into the replacement's `for<…>`; a bound that
        // names one (`O: Into<Options<'a>>`, `I: IntoIterator<Item = &'a str>`) holds for
        // some lifetime of each call, which the glue cannot name: it is left out there, and
        // the glue takes instantiations the fn may not (they are never called).
        let lifetimes: Vec<Lifetime> = generics
            .lifetimes()
            .map(|param| param.lifetime.clone())
            .collect();
        let mut own = OwnGenerics::default();
        let private = crate::runtime::private();
        for param in &generics.params {
            match param {
                GenericParam::Lifetime(_) => {}
                GenericParam::Type(param) => {
                    let ident = &param.ident;
                    own.unbounded.push(quote!(#ident: ?#private::Sized));
                    let mut param = param.clone();
                    param.default = None;
                    param.bounds = drop_lifetime_bounds(param.bounds)
                        .into_iter()
                        .filter_map(|bound| without_lifetime_bindings(bound, &lifetimes))
                        .collect();
                    own.bounded.push(quote!(#param));
                    own.args.push(quote!(#ident));
                    own.phantom.push(quote!(*const #ident));
                }
                GenericParam::Const(param) => {
                    let (ident, ty) = (&param.ident, &param.ty);
                    own.unbounded.push(quote!(const #ident: #ty));
                    own.bounded.push(quote!(const #ident: #ty));
                    own.args.push(quote!(#ident));
                }
            }
        }
        let clauses = generics.where_clause.iter().flat_map(|clause| {
            clause
                .predicates
                .iter()
                .filter_map(|predicate| match predicate {
                    WherePredicate::Type(predicate) => {
                        let mut predicate = predicate.clone();
                        predicate.bounds = drop_lifetime_bounds(predicate.bounds);
                        if predicate.bounds.is_empty() {
                            return None;
                        }
                        // Only the bounds name one (`I: IntoIterator<Item = &'a mut A>`):
                        // under `for<'a>` that binding would name a lifetime the trait's
                        // inputs do not (E0582); those bounds are left out, as inline ones.
                        if !names_any(&predicate.bounded_ty, &lifetimes) {
                            predicate.bounds = predicate
                                .bounds
                                .into_iter()
                                .filter_map(|bound| without_lifetime_bindings(bound, &lifetimes))
                                .collect();
                            if predicate.bounds.is_empty() {
                                return None;
                            }
                        }
                        if names_any(&predicate, &lifetimes) {
                            let mut binder = predicate
                                .lifetimes
                                .take()
                                .unwrap_or_else(|| syn::parse_quote!(for<>));
                            for lifetime in &lifetimes {
                                if names_any(&predicate, std::slice::from_ref(lifetime)) {
                                    binder.lifetimes.push(GenericParam::Lifetime(
                                        syn::LifetimeParam::new(lifetime.clone()),
                                    ));
                                }
                            }
                            predicate.lifetimes = Some(binder);
                        }
                        Some(quote!(#predicate))
                    }
                    _ => None,
                })
        });
        own.predicates = clauses.collect();
        own
    }

    /// `::<T, N>`, or nothing.
    pub fn turbofish(&self) -> TokenStream {
        let args = &self.args;
        match args.is_empty() {
            true => quote!(),
            false => quote!(::<#(#args),*>),
        }
    }
}

/// Whether `ty` holds a qualified projection (`<X as Trait>::Y`) whose `X` names one of
/// `lifetimes`.
fn projects_through_lifetime(ty: &Type, lifetimes: &[Lifetime]) -> bool {
    struct Find<'l>(&'l [Lifetime], bool);
    impl syn::visit::Visit<'_> for Find<'_> {
        fn visit_type_path(&mut self, path: &syn::TypePath) {
            if let Some(qself) = &path.qself {
                let mut named = Vec::new();
                collect_lifetimes(&qself.ty, &mut named);
                self.1 |= named.iter().any(|lifetime| self.0.contains(lifetime));
            }
            syn::visit::visit_type_path(self, path);
        }
    }
    let mut find = Find(lifetimes, false);
    syn::visit::Visit::visit_type(&mut find, ty);
    find.1
}

/// Whether `ty` has a path `P::X` (or `<P as …>::X`) on one of `params`.
fn projects_on(ty: &Type, params: &[Ident]) -> bool {
    struct Find<'p>(&'p [Ident], bool);
    impl syn::visit::Visit<'_> for Find<'_> {
        fn visit_type_path(&mut self, path: &syn::TypePath) {
            let on = |ty: &Type| matches!(ty, Type::Path(p) if p.path.get_ident().is_some_and(|i| self.0.contains(i)));
            let shorthand = path.qself.is_none()
                && path.path.segments.len() >= 2
                && self.0.contains(&path.path.segments[0].ident);
            let qualified = path.qself.as_ref().is_some_and(|qself| on(&qself.ty));
            self.1 |= shorthand || qualified;
            syn::visit::visit_type_path(self, path);
        }
    }
    let mut find = Find(params, false);
    syn::visit::Visit::visit_type(&mut find, ty);
    find.1
}

/// `IntoIterator<Item = &'a str>` → `IntoIterator`: the bound without the associated type
/// bindings that name one of `lifetimes`, so that `I::IntoIter` still resolves; `None`
/// when the rest names one too (`Into<Options<'a>>`).
fn without_lifetime_bindings(
    mut bound: syn::TypeParamBound,
    lifetimes: &[Lifetime],
) -> Option<syn::TypeParamBound> {
    if let syn::TypeParamBound::Trait(trait_bound) = &mut bound {
        for segment in &mut trait_bound.path.segments {
            if let syn::PathArguments::AngleBracketed(arguments) = &mut segment.arguments {
                arguments.args = std::mem::take(&mut arguments.args)
                    .into_pairs()
                    .filter(|pair| match pair.value() {
                        syn::GenericArgument::AssocType(binding) => !names_any(binding, lifetimes),
                        _ => true,
                    })
                    .collect();
                if arguments.args.is_empty() {
                    segment.arguments = syn::PathArguments::None;
                }
            }
        }
    }
    (!names_any(&bound, lifetimes)).then_some(bound)
}

/// Whether `tokens` name `Self` (a type, a bound).
fn names_self(tokens: &impl quote::ToTokens) -> bool {
    fn walk(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => ident == "Self",
            proc_macro2::TokenTree::Group(group) => walk(group.stream()),
            _ => false,
        })
    }
    walk(tokens.to_token_stream())
}

/// Whether `tokens` name one of `lifetimes`.
fn names_any(tokens: &impl quote::ToTokens, lifetimes: &[Lifetime]) -> bool {
    fn walk(tokens: TokenStream, lifetimes: &[Lifetime]) -> bool {
        let mut after_quote = false;
        for token in tokens {
            match token {
                proc_macro2::TokenTree::Punct(punct) => after_quote = punct.as_char() == '\'',
                proc_macro2::TokenTree::Ident(ident) => {
                    if after_quote && lifetimes.iter().any(|lifetime| lifetime.ident == ident) {
                        return true;
                    }
                    after_quote = false;
                }
                proc_macro2::TokenTree::Group(group) => {
                    if walk(group.stream(), lifetimes) {
                        return true;
                    }
                    after_quote = false;
                }
                proc_macro2::TokenTree::Literal(_) => after_quote = false,
            }
        }
        false
    }
    !lifetimes.is_empty() && walk(tokens.to_token_stream(), lifetimes)
}

fn drop_lifetime_bounds(
    bounds: syn::punctuated::Punctuated<TypeParamBound, syn::Token![+]>,
) -> syn::punctuated::Punctuated<TypeParamBound, syn::Token![+]> {
    bounds
        .into_iter()
        .filter(|bound| match bound {
            TypeParamBound::Lifetime(lifetime) => lifetime.ident == "static",
            _ => true,
        })
        .collect()
}

/// `Self` → the self type, as written in the impl header.
struct SpellOutSelf<'t>(&'t Type);

impl VisitMut for SpellOutSelf<'_> {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        match ty {
            Type::Path(path) if path.qself.is_none() && path.path.is_ident("Self") => {
                *ty = self.0.clone();
            }
            // `Self::Owned` in a marked trait's glue: `__PatchableSelf::Owned`, which the
            // parameter's bound resolves, through supertraits too. (A trait impl's
            // `Self::X` was qualified before: `<Self as Trait>::X`.)
            Type::Path(path)
                if path.qself.is_none()
                    && path.path.segments.len() >= 2
                    && path.path.segments[0].ident == "Self" =>
            {
                if let Type::Path(spelled) = self.0
                    && spelled.qself.is_none()
                    && spelled.path.segments.len() == 1
                {
                    path.path.segments[0] = spelled.path.segments[0].clone();
                }
                visit_mut::visit_type_mut(self, ty);
            }
            _ => visit_mut::visit_type_mut(self, ty),
        }
    }
}

/// `Self::Item` → `<Self as Trait>::Item` for the trait's own associated types, and
/// `<Self as Iterator>::Item` for those of the standard supertraits a trait impl relies
/// on (`DoubleEndedIterator`, `DerefMut`, `IndexMut`). Any other is unresolved.
struct QualifySelf<'q> {
    qualify: &'q Qualify,
    resolved: bool,
}

impl QualifySelf<'_> {
    fn owner(&self, assoc: &Ident) -> Option<Path> {
        let trait_path = &self.qualify.trait_path;
        if self.qualify.defined.iter().any(|(name, _)| name == assoc) {
            return Some(trait_path.clone());
        }
        if self.qualify.types_and_lifetimes {
            return None;
        }
        let last = trait_path.segments.last()?;
        let arguments = &last.arguments;
        let name = last.ident.to_string();
        let owner: Path = match (assoc.to_string().as_str(), name.as_str()) {
            ("Item", "DoubleEndedIterator" | "ExactSizeIterator" | "FusedIterator") => {
                syn::parse_quote!(::core::iter::Iterator)
            }
            ("Target", "DerefMut") => syn::parse_quote!(::core::ops::Deref),
            ("Output", "IndexMut") => syn::parse_quote!(::core::ops::Index #arguments),
            _ => return None,
        };
        Some(owner)
    }
}

/// An associated type's definition, to stand where `Self::Target` stood: a trait object
/// in parentheses (`&Self::Target` with `type Target = dyn Error + Send` is not written
/// `&dyn Error + Send`, which does not parse), and with the `'static` that its definition
/// gave it unwritten (under `&'a`, `dyn Debug` would be `dyn Debug + 'a`). eyre's `impl
/// Deref for Report`.
fn standing_alone(definition: Type) -> Type {
    let Type::TraitObject(mut object) = definition else {
        return definition;
    };
    if !object
        .bounds
        .iter()
        .any(|bound| matches!(bound, syn::TypeParamBound::Lifetime(_)))
    {
        object.bounds.push(syn::parse_quote!('static));
    }
    Type::Paren(syn::TypeParen {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elem: Box::new(Type::TraitObject(object)),
    })
}

impl VisitMut for QualifySelf<'_> {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        // `Self::Item` of this impl is what the impl says it is: no trait path, whose
        // elided lifetimes would mean something else outside the impl.
        if let Type::Path(path) = ty
            && path.qself.is_none()
            && path.path.segments.len() == 2
            && path.path.segments[0].ident == "Self"
            && let Some((_, definition)) = self
                .qualify
                .defined
                .iter()
                .find(|(name, _)| *name == path.path.segments[1].ident)
        {
            let mut definition = definition.clone();
            self.visit_type_mut(&mut definition);
            *ty = standing_alone(definition);
            return;
        }
        visit_mut::visit_type_mut(self, ty);
    }

    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        visit_mut::visit_type_path_mut(self, ty);
        let path = &ty.path;
        if ty.qself.is_none()
            && path.leading_colon.is_none()
            && path.segments.len() >= 2
            && path.segments[0].ident == "Self"
            && path.segments[0].arguments.is_none()
        {
            let Some(owner) = self.owner(&path.segments[1].ident) else {
                self.resolved = false;
                return;
            };
            let rest = path.segments.iter().skip(1);
            *ty = syn::parse_quote!(<Self as #owner>::#(#rest)::*);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{FnSignature, SelfType};
    use quote::ToTokens;

    /// What the runtime's replacements return for `item`'s signature, as text.
    fn runtime_output(item: &str) -> Option<String> {
        let item = syn::parse_str::<syn::ItemFn>(item).expect("a fn");
        let sig = FnSignature::new(&item.sig, &SelfType::default());
        sig.runtime_output()
            .map(|output| output.to_token_stream().to_string())
    }

    #[test]
    fn the_runtime_makes_the_replacements_of_outputs_with_a_static_form() {
        assert_eq!(
            runtime_output("fn f(x: u64) -> u64 {}").as_deref(),
            Some("u64")
        );
        assert_eq!(
            runtime_output("fn first(text: &str) -> &str {}").as_deref(),
            Some("& 'static str")
        );
        assert_eq!(
            runtime_output("fn name<'a>(text: &'a str) -> Option<&'a str> {}").as_deref(),
            Some("Option < & 'static str >")
        );
        assert_eq!(
            runtime_output("fn last(v: &mut Vec<u8>) -> &mut u8 {}").as_deref(),
            Some("& 'static mut u8")
        );
        // No `'static` value is one of the next outputs, and `Self` may hide lifetimes:
        // the glue makes their replacements.
        let words = "fn words<'a>(text: &'a str) -> Box<dyn Iterator<Item = &'a str> + 'a> {}";
        assert_eq!(runtime_output(words), None);
        assert_eq!(runtime_output("fn copy(&self) -> Self {}"), None);
        assert_eq!(runtime_output("fn fail(why: &str) -> ! {}"), None);
    }
}
