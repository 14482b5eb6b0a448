//! The items `#[patchable]` accepts, parsed with fn bodies kept as opaque tokens.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::{
    Attribute, Error, ImplItem, ItemImpl, ItemTrait, Result, Signature, Token, TraitItem,
    Visibility,
};

pub enum Item {
    Fn(FnItem),
    Impl(ImplBlock),
    Trait(TraitDef),
}

/// A function: everything but the body is parsed, so rustc reports errors in the
/// body at the user's spans, and large bodies cost the macro nothing.
pub struct FnItem {
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub sig: Signature,
    pub body: Body,
}

#[derive(Clone)]
pub enum Body {
    Block(Block),
    /// `fn f();`: a declaration in an `extern` block or a trait.
    Missing(Token![;]),
}

/// The braces of a body, split into the inner attributes (`#![…]`), which must stay
/// first, and the rest.
#[derive(Clone)]
pub struct Block {
    pub group: Group,
    pub inner_attrs: TokenStream,
    pub stmts: TokenStream,
}

/// `impl … { … }`: the header as written, and its parsed view; members in order.
pub struct ImplBlock {
    /// Everything before the braces, re-emitted verbatim.
    pub header: TokenStream,
    /// The header parsed (with an empty body): generics, trait, self type.
    pub view: ItemImpl,
    pub body_span: proc_macro2::extra::DelimSpan,
    pub inner_attrs: TokenStream,
    pub members: Vec<Member>,
}

/// `trait … { … }`: the header as written, and its parsed view; members in order.
pub struct TraitDef {
    /// Everything before the braces, re-emitted verbatim.
    pub header: TokenStream,
    /// The header parsed (with an empty body): visibility, name, generics.
    pub view: ItemTrait,
    pub body_span: proc_macro2::extra::DelimSpan,
    pub inner_attrs: TokenStream,
    /// Methods with a body are default methods; without, required ones.
    pub members: Vec<Member>,
}

pub enum Member {
    Fn(Box<FnItem>),
    /// Consts, types, macro calls: re-emitted as they are.
    Other(TokenStream),
}

impl Parse for Item {
    fn parse(input: ParseStream) -> Result<Self> {
        let ahead = input.fork();
        ahead.call(Attribute::parse_outer)?;
        ahead.parse::<Visibility>()?;
        if ahead.peek(Token![impl]) || (ahead.peek(Token![unsafe]) && ahead.peek2(Token![impl])) {
            return input.parse().map(Item::Impl);
        }
        let _: Option<Token![unsafe]> = ahead.parse()?;
        let _: Option<Token![auto]> = ahead.parse()?;
        if ahead.peek(Token![trait]) {
            return input.parse().map(Item::Trait);
        }
        if !fn_ahead(&ahead) {
            return Err(Error::new(
                ahead.span(),
                "`#[patchable]` goes on a `fn` or an `impl` block",
            ));
        }
        input.parse().map(Item::Fn)
    }
}

/// Whether a fn's signature starts here: its qualifiers (`const`, `async`, `unsafe`,
/// `extern "C"`), then `fn`. A peek, not a parse: the signature is parsed once, after.
fn fn_ahead(input: ParseStream) -> bool {
    let ahead = input.fork();
    while ahead.peek(Token![const])
        || ahead.peek(Token![async])
        || ahead.peek(Token![unsafe])
        || ahead.peek(Token![extern])
        || ahead.peek(syn::LitStr)
    {
        if ahead.parse::<TokenTree>().is_err() {
            return false;
        }
    }
    ahead.peek(Token![fn])
}

impl Parse for FnItem {
    fn parse(input: ParseStream) -> Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let sig: Signature = input.parse()?;
        let body = if input.peek(Token![;]) {
            Body::Missing(input.parse()?)
        } else {
            let group: Group = input.parse()?;
            if group.delimiter() != Delimiter::Brace {
                return Err(Error::new(group.span(), "expected a function body"));
            }
            Body::Block(Block::split(group))
        };
        Ok(FnItem {
            attrs,
            vis,
            sig,
            body,
        })
    }
}

impl Parse for ImplBlock {
    fn parse(input: ParseStream) -> Result<Self> {
        let (header, body) = split_body(input, "`impl` block")?;
        let view: ItemImpl = syn::parse2(quote::quote!(#header {}))?;
        let (inner_attrs, members) =
            syn::parse::Parser::parse2(parse_members::<ImplItem>, body.stream())?;
        Ok(ImplBlock {
            header,
            view,
            body_span: body.delim_span(),
            inner_attrs,
            members,
        })
    }
}

impl Parse for TraitDef {
    fn parse(input: ParseStream) -> Result<Self> {
        let (header, body) = split_body(input, "trait")?;
        let view: ItemTrait = syn::parse2(quote::quote!(#header {}))?;
        let (inner_attrs, members) =
            syn::parse::Parser::parse2(parse_members::<TraitItem>, body.stream())?;
        Ok(TraitDef {
            header,
            view,
            body_span: body.delim_span(),
            inner_attrs,
            members,
        })
    }
}

/// The header is every token up to the body: the last brace group of the item (a brace
/// group inside the header, as in `impl Foo<{ N }>`, comes before it).
fn split_body(input: ParseStream, what: &str) -> Result<(TokenStream, Group)> {
    let mut tokens: Vec<TokenTree> = Vec::new();
    while !input.is_empty() {
        tokens.push(input.parse()?);
    }
    match tokens.pop() {
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
            Ok((tokens.into_iter().collect(), group))
        }
        other => {
            let span = other.map_or_else(Span::call_site, |token| token.span());
            Err(Error::new(span, format!("expected the body of the {what}")))
        }
    }
}

/// The members of an impl block (`M` = `ImplItem`) or a trait (`TraitItem`): fns are
/// parsed with opaque bodies, the rest kept as tokens.
fn parse_members<M: Parse + ToTokens>(input: ParseStream) -> Result<(TokenStream, Vec<Member>)> {
    let inner_attrs = input.call(Attribute::parse_inner)?;
    let mut members = Vec::new();
    while !input.is_empty() {
        let ahead = input.fork();
        ahead.call(Attribute::parse_outer)?;
        ahead.parse::<Visibility>()?;
        // A `default fn` (specialization) is kept as it is; after its attributes too.
        let default: Option<Token![default]> = ahead.parse()?;
        if fn_ahead(&ahead) && default.is_none() {
            members.push(Member::Fn(Box::new(input.parse()?)));
        } else {
            let item: M = input.parse()?;
            members.push(Member::Other(quote::quote!(#item)));
        }
    }
    let inner_attrs = quote::quote!(#(#inner_attrs)*);
    Ok((inner_attrs, members))
}

impl Block {
    fn split(group: Group) -> Self {
        let mut tokens = group.stream().into_iter().peekable();
        let mut inner_attrs = TokenStream::new();
        loop {
            let mut ahead = tokens.clone();
            match (ahead.next(), ahead.next(), ahead.next()) {
                (
                    Some(TokenTree::Punct(pound)),
                    Some(TokenTree::Punct(bang)),
                    Some(TokenTree::Group(attr)),
                ) if pound.as_char() == '#'
                    && bang.as_char() == '!'
                    && attr.delimiter() == Delimiter::Bracket =>
                {
                    inner_attrs.extend(tokens.by_ref().take(3));
                }
                _ => break,
            }
        }
        Block {
            stmts: tokens.collect(),
            inner_attrs,
            group,
        }
    }
}

impl FnItem {
    /// `#[patchable]` (or `#[patchable::patchable]`) among the fn's own attributes.
    pub fn marked(&self) -> Option<&Attribute> {
        self.attrs.iter().find(|attr| is_mark(attr))
    }
}

fn is_mark(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "patchable")
}

impl TraitDef {
    /// The trait as written, minus the `#[patchable]` on its methods: re-emitted beside
    /// the errors of a refused trait, where each of them would add an error of its own.
    pub fn without_method_marks(&self) -> TokenStream {
        let mut members = self.inner_attrs.clone();
        for member in &self.members {
            match member {
                Member::Fn(item) => {
                    let FnItem {
                        attrs,
                        vis,
                        sig,
                        body,
                    } = &**item;
                    let attrs = attrs.iter().filter(|attr| !is_mark(attr));
                    members.extend(quote::quote!(#(#attrs)* #vis #sig));
                    match body {
                        Body::Block(block) => block.group.to_tokens(&mut members),
                        Body::Missing(semi) => semi.to_tokens(&mut members),
                    }
                }
                Member::Other(tokens) => members.extend(tokens.clone()),
            }
        }
        let mut body = Group::new(Delimiter::Brace, members);
        body.set_span(self.body_span.join());
        let header = &self.header;
        quote::quote!(#header #body)
    }
}

impl ToTokens for FnItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let FnItem {
            attrs,
            vis,
            sig,
            body,
        } = self;
        tokens.extend(quote::quote!(#(#attrs)* #vis #sig));
        match body {
            Body::Block(block) => block.group.to_tokens(tokens),
            Body::Missing(semi) => semi.to_tokens(tokens),
        }
    }
}

/// The item, parsed; where it does not parse, parsed again as a 2015 item: with the
/// words that are identifiers in Rust 2015 but keywords since (`async`, `await`, `try`,
/// `dyn`) written as raw identifiers where they stand as names (`fn f(async: bool)`; in a
/// 2015 crate `r#async` is the same identifier), and with a trait method's parameters
/// that have no name named `_` (`fn eq(&mut self, &T, &T)`). `syn` refuses both.
pub fn parse_item(item: TokenStream) -> Result<Item> {
    syn::parse2::<Item>(item.clone())
        .or_else(|error| syn::parse2::<Item>(raw_2015_names(item)).map_err(|_| error))
}

fn raw_2015_names(tokens: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    // After `fn`, the first parenthesized group is the parameter list.
    let mut after_fn = false;
    for (index, token) in tokens.iter().enumerate() {
        let next = tokens.get(index + 1);
        let previous = index.checked_sub(1).map(|at| &tokens[at]);
        if let TokenTree::Ident(ident) = token
            && is_fn_sugar(ident, next)
            && begins_a_type(previous)
        {
            // `Box<Fn(u8) -> u8>`: a bare trait object of `Fn` sugar, which `syn`
            // refuses; `dyn` before it says the same in every edition.
            out.push(TokenTree::Ident(proc_macro2::Ident::new(
                "dyn",
                Span::call_site(),
            )));
        }
        out.push(match token {
            TokenTree::Group(group) => {
                let stream = raw_2015_names(group.stream());
                let stream = match after_fn && group.delimiter() == Delimiter::Parenthesis {
                    true => name_anonymous_parameters(stream),
                    false => stream,
                };
                after_fn = false;
                let mut raw = Group::new(group.delimiter(), stream);
                raw.set_span(group.span());
                TokenTree::Group(raw)
            }
            TokenTree::Ident(ident) if stands_as_name(&ident.to_string(), next) => {
                TokenTree::Ident(proc_macro2::Ident::new_raw(
                    &ident.to_string(),
                    ident.span(),
                ))
            }
            TokenTree::Ident(ident) if ident == "fn" => {
                after_fn = true;
                token.clone()
            }
            other => other.clone(),
        });
    }
    out.into_iter().collect()
}

/// `Fn(…)`, `FnMut(…)` or `FnOnce(…)`.
fn is_fn_sugar(ident: &proc_macro2::Ident, next: Option<&TokenTree>) -> bool {
    (ident == "Fn" || ident == "FnMut" || ident == "FnOnce")
        && matches!(next, Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis)
}

/// Whether a type starts after `previous`: a generic argument (`<`, `,`) or a borrow's
/// referent (`&`, `&mut`). Not a bound (`F: Fn()`, `+ Fn()`).
fn begins_a_type(previous: Option<&TokenTree>) -> bool {
    match previous {
        Some(TokenTree::Punct(punct)) => matches!(punct.as_char(), '<' | ',' | '&'),
        Some(TokenTree::Ident(ident)) => ident == "mut",
        _ => false,
    }
}

/// A 2015 trait method's parameters without names (`fn eq(&mut self, &T, &T)`), named
/// `_` (`_: &T`): the same declaration, which `syn` reads.
fn name_anonymous_parameters(params: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut param: Vec<TokenTree> = Vec::new();
    let mut depth = 0usize;
    let mut previous: Option<TokenTree> = None;
    let tokens: Vec<TokenTree> = params.into_iter().collect();
    for (index, token) in tokens.iter().enumerate() {
        if let TokenTree::Punct(punct) = token {
            let after_dash = matches!(&previous, Some(TokenTree::Punct(p)) if p.as_char() == '-' && p.spacing() == proc_macro2::Spacing::Joint);
            match punct.as_char() {
                '<' => depth += 1,
                '>' if !after_dash => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    out.extend(named(std::mem::take(&mut param)));
                    out.extend([token.clone()]);
                    previous = Some(token.clone());
                    continue;
                }
                _ => {}
            }
        }
        param.push(token.clone());
        previous = Some(token.clone());
        if index + 1 == tokens.len() {
            out.extend(named(std::mem::take(&mut param)));
        }
    }
    out
}

/// One parameter's tokens, `_: ` before them if it has no name and is no receiver.
fn named(param: Vec<TokenTree>) -> Vec<TokenTree> {
    let mut depth = 0usize;
    let mut has_name = false;
    for (index, token) in param.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) if ident == "self" && depth == 0 => has_name = true,
            TokenTree::Punct(punct) => match punct.as_char() {
                '<' => depth += 1,
                '>' => depth = depth.saturating_sub(1),
                // A lone `:`, not one of `::`.
                ':' if depth == 0 => {
                    let joined_before = index > 0
                        && matches!(&param[index - 1], TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == proc_macro2::Spacing::Joint);
                    has_name |= punct.spacing() == proc_macro2::Spacing::Alone && !joined_before;
                }
                _ => {}
            },
            _ => {}
        }
    }
    if has_name || param.is_empty() {
        return param;
    }
    let mut named: Vec<TokenTree> = quote::quote!(_:).into_iter().collect();
    named.extend(param);
    named
}

/// Whether `word`, followed by `next`, is a 2015 name: `async` but not the keyword of
/// `async fn`, `async move` or an `async` block; `dyn` but not `dyn Trait`.
fn stands_as_name(word: &str, next: Option<&TokenTree>) -> bool {
    match word {
        "await" | "try" => true,
        "async" => {
            !matches!(next, Some(TokenTree::Ident(ident)) if ident == "fn" || ident == "move" || ident == "unsafe")
                && !matches!(next, Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace)
        }
        "dyn" => match next {
            None => true,
            // `dyn: u8`, but not `dyn ::std::fmt::Debug`.
            Some(TokenTree::Punct(punct)) => match punct.as_char() {
                ':' => punct.spacing() == proc_macro2::Spacing::Alone,
                other => matches!(other, ',' | '.' | '=' | ';'),
            },
            _ => false,
        },
        _ => false,
    }
}
