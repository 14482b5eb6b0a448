//! `#[patchable]` on whole inherent impls, generic ones included: every method is
//! patchable, a `const fn` inside is left as it is.

use std::fmt::Display;

use patchable::{patch, patchable};

pub struct Stack<T> {
    items: Vec<T>,
}

impl<T: Display + Clone> Default for Stack<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[patchable]
impl<T: Display + Clone> Stack<T> {
    pub const fn new() -> Self {
        Stack { items: Vec::new() }
    }

    pub fn push(&mut self, item: T) -> usize {
        self.items.push(item);
        self.items.len()
    }

    pub fn top(&self) -> Option<&T> {
        self.items.last()
    }

    pub fn describe(&self) -> String
    where
        T: Display,
    {
        self.items.iter().map(|item| format!("[{item}]")).collect()
    }

    const LIMIT: usize = 3;

    pub fn full(&self) -> bool {
        self.items.len() >= Self::LIMIT
    }
}

/// A const fn in a marked impl stays usable in const contexts.
const EMPTY: Stack<u8> = Stack::new();

#[test]
fn generic_impls_are_patched_per_type() {
    let mut numbers = Stack::new();
    numbers.push(1u8);
    let mut words = Stack::new();
    words.push("a".to_string());
    let _guard = patch!(Stack::<u8>::top).with(|_| None);
    assert_eq!(numbers.top(), None);
    assert_eq!(words.top().map(String::as_str), Some("a"));
}

#[test]
fn every_method_of_the_impl_is_patchable() {
    let mut stack = Stack::new();
    let _push = patch!(Stack::<String>::push).with(|stack, item| {
        stack.items.push(format!("{item}!"));
        0
    });
    let _full = patch!(Stack::<String>::full).returns(true);
    assert_eq!(stack.push("x".to_string()), 0);
    assert_eq!(stack.describe(), "[x!]");
    assert!(stack.full());
}

#[test]
fn a_replacement_may_return_a_borrow_of_its_receiver() {
    let mut stack = Stack::new();
    stack.push(1u32);
    stack.push(2u32);
    let _guard = patch!(Stack::<u32>::top).with(|stack| stack.items.first());
    assert_eq!(stack.top(), Some(&1));
}

#[test]
fn const_fns_are_left_alone() {
    assert_eq!(EMPTY.items.len(), 0);
    assert!(Stack::<u8>::new().top().is_none());
}
