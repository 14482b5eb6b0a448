//! The items `#[patchable]` accepts, parsed with their bodies kept as opaque tokens.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Error, Result, Signature, Token, Visibility};

pub enum Item {
    Fn(FnItem),
}

/// A function: everything but the body is parsed, so rustc reports errors in the
/// body at the user's spans, and large bodies cost the macro nothing.
pub struct FnItem {
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub sig: Signature,
    pub body: Body,
}

pub enum Body {
    Block(Block),
    /// `fn f();`: a declaration in an `extern` block or a trait.
    Missing(Token![;]),
}

/// The braces of a fn body, split into the inner attributes (`#![…]`), which must stay
/// first, and the rest.
pub struct Block {
    pub group: Group,
    pub inner_attrs: TokenStream,
    pub stmts: TokenStream,
}

impl Parse for Item {
    fn parse(input: ParseStream) -> Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let lookahead = input.lookahead1();
        let fn_ahead = lookahead.peek(Token![fn])
            || lookahead.peek(Token![const])
            || lookahead.peek(Token![async])
            || lookahead.peek(Token![unsafe])
            || lookahead.peek(Token![extern]);
        if !fn_ahead {
            return Err(Error::new(
                input.span(),
                "`#[patchable]` goes on a function; put it on a `fn`",
            ));
        }
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
        Ok(Item::Fn(FnItem {
            attrs,
            vis,
            sig,
            body,
        }))
    }
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
