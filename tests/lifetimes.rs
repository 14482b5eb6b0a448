//! Impls of types with lifetime parameters: the replacement works for every lifetime.

use patchable::{patch, patchable};

pub struct Parser<'a> {
    input: &'a str,
}

#[patchable]
impl<'a> Parser<'a> {
    pub fn next_word(&mut self) -> Option<&'a str> {
        let input = self.input.trim_start();
        let end = input.find(' ').unwrap_or(input.len());
        let (word, rest) = input.split_at(end);
        self.input = rest;
        (!word.is_empty()).then_some(word)
    }

    pub fn rest(&self) -> &str {
        self.input
    }
}

#[patchable]
impl<'a> From<&'a str> for Parser<'a> {
    fn from(input: &'a str) -> Self {
        Parser { input }
    }
}

pub struct View<'a>(&'a [u8]);

#[patchable]
impl View<'_> {
    pub fn first(&self) -> Option<&u8> {
        self.0.first()
    }
}

#[test]
fn a_replacement_receives_the_parser_with_its_own_lifetime() {
    let _guard = patch!(Parser::next_word).with(|parser| {
        let word = parser.input.get(..1);
        parser.input = "";
        word
    });
    let text = String::from("hello world");
    let mut parser = Parser { input: &text };
    assert_eq!(parser.next_word(), Some("h"));
    assert_eq!(parser.rest(), "");
}

#[test]
fn borrowed_returns_and_trait_impls_with_lifetimes() {
    let _rest = patch!(Parser::rest).with(|parser| &parser.input[1..]);
    let _from = patch!(<Parser as From<&str>>::from).with(|input| Parser {
        input: input.trim(),
    });
    let text = String::from("  ab ");
    let parser = Parser::from(text.as_str());
    assert_eq!(parser.rest(), "b");
}

#[test]
fn anonymous_lifetimes_in_the_impl_header() {
    let bytes = vec![1, 2];
    let _guard = patch!(View::first).with(|view| view.0.last());
    assert_eq!(View(&bytes).first(), Some(&2));
}
