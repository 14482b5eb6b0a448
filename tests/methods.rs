//! `#[patchable]` on single methods of inherent impls: every receiver, borrowed returns,
//! associated fns, generic methods.

use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use patchable::{patch, patchable};

mod support;

pub struct Counter {
    count: u32,
    name: String,
}

impl Counter {
    #[patchable]
    pub fn new(name: &str) -> Self {
        Counter {
            count: 0,
            name: name.to_string(),
        }
    }

    #[patchable]
    pub fn count(&self) -> u32 {
        self.count
    }

    #[patchable]
    pub fn bump(&mut self, by: u32) -> u32 {
        self.count += by;
        self.count
    }

    #[patchable]
    pub fn into_name(self) -> String {
        self.name
    }

    #[patchable]
    fn name(&self) -> &str {
        &self.name
    }

    #[patchable]
    fn name_or<'a>(&'a self, fallback: &'a str) -> &'a str {
        if self.name.is_empty() {
            fallback
        } else {
            &self.name
        }
    }

    #[patchable]
    fn prefix(&self, by: &str) -> &str {
        self.name.strip_prefix(by).unwrap_or(&self.name)
    }

    #[patchable]
    fn boxed(self: Box<Self>) -> u32 {
        self.count
    }

    #[patchable]
    fn shared(self: Rc<Self>) -> usize {
        Rc::strong_count(&self)
    }

    #[patchable]
    fn atomic(self: Arc<Self>) -> usize {
        Arc::strong_count(&self)
    }

    #[patchable]
    fn pinned(self: Pin<&mut Self>) -> &mut u32 {
        &mut self.get_mut().count
    }

    /// Neither a receiver nor `Self`: only its place says it is an associated fn.
    #[patchable]
    fn default_name() -> String {
        "anonymous".to_string()
    }

    /// Not marked: untouched.
    fn plain(&self) -> u32 {
        self.count + 100
    }

    #[patchable]
    fn parse<T: std::str::FromStr>(&self, key: &str) -> Option<T> {
        key.parse().ok()
    }
}

#[test]
fn a_shared_borrow_receiver_is_the_first_argument() {
    let counter = Counter::new("a");
    let guard = patch!(Counter::count).with(|counter| counter.name.len() as u32 + 40);
    assert_eq!(counter.count(), 41);
    assert_eq!(guard.calls(), 1);
    drop(guard);
    assert_eq!(counter.count(), 0);
    assert_eq!(counter.plain(), 100);
}

#[test]
fn a_mutable_receiver_can_be_changed_by_the_replacement() {
    let mut counter = Counter::new("a");
    let _guard = patch!(Counter::bump).with(|counter, by| {
        counter.count += by * 10;
        counter.count
    });
    assert_eq!(counter.bump(2), 20);
    assert_eq!(counter.count, 20);
}

#[test]
fn a_receiver_by_value_is_moved_into_the_replacement() {
    let _guard = patch!(Counter::into_name).with(|counter| counter.name.to_uppercase());
    assert_eq!(Counter::new("abc").into_name(), "ABC");
}

#[test]
fn associated_fns_without_receiver_are_patched_by_type_and_name() {
    let _guard = patch!(Counter::new).with(|name| Counter {
        count: 7,
        name: format!("fake {name}"),
    });
    let counter = Counter::new("x");
    assert_eq!((counter.count, counter.name.as_str()), (7, "fake x"));
}

#[test]
fn associated_fns_that_do_not_mention_self_are_found_by_their_place() {
    let _guard = patch!(Counter::default_name).returns("patched".to_string());
    assert_eq!(Counter::default_name(), "patched");
}

#[test]
fn a_returned_borrow_of_self_needs_no_annotations() {
    let counter = Counter::new("real");
    let _guard = patch!(Counter::name).with(|counter| &counter.name[1..]);
    assert_eq!(counter.name(), "eal");
    let _guard = patch!(Counter::prefix).with(|counter, _by| &counter.name[..1]);
    assert_eq!(counter.prefix("re"), "r");
    let _guard = patch!(Counter::name_or).with(|_counter, fallback| fallback);
    assert_eq!(counter.name_or("other"), "other");
}

#[test]
fn returns_works_for_borrowed_outputs() {
    let counter = Counter::new("real");
    let _guard = patch!(Counter::name).returns("fixed");
    assert_eq!(counter.name(), "fixed");
}

#[test]
fn box_rc_and_arc_receivers() {
    let _boxed = patch!(Counter::boxed).with(|counter| counter.count + 1);
    let _shared = patch!(Counter::shared).returns(99);
    let _atomic = patch!(Counter::atomic).with(|counter| Arc::strong_count(&counter) * 10);
    assert_eq!(Box::new(Counter::new("a")).boxed(), 1);
    assert_eq!(Rc::new(Counter::new("a")).shared(), 99);
    assert_eq!(Arc::new(Counter::new("a")).atomic(), 10);
}

#[test]
fn pinned_receivers_and_their_borrows() {
    let mut counter = Counter::new("a");
    let _guard = patch!(Counter::pinned).with(|counter| {
        let counter = counter.get_mut();
        counter.count = 5;
        &mut counter.count
    });
    *Pin::new(&mut counter).pinned() += 1;
    assert_eq!(counter.count, 6);
}

#[test]
fn generic_methods_are_patched_per_instantiation() {
    let counter = Counter::new("a");
    let guard = patch!(Counter::parse::<u32>).with(|_, key| Some(key.len() as u32));
    assert_eq!(counter.parse::<u32>("12345"), Some(5));
    assert_eq!(counter.parse::<i64>("12345"), Some(12345));
    assert_eq!(guard.calls(), 1);
}

#[test]
fn spy_and_times_work_on_methods() {
    let mut counter = Counter::new("a");
    let spy = patch!(Counter::bump).times(2).spy();
    counter.bump(1);
    counter.bump(1);
    assert_eq!(counter.count, 2);
    assert_eq!(spy.calls(), 2);
}

#[test]
fn a_replacement_can_call_the_original_method() {
    let mut counter = Counter::new("a");
    let _guard = patch!(Counter::bump).with(|counter, by| counter.bump(by * 2) + 1000);
    assert_eq!(counter.bump(3), 1006);
    assert_eq!(counter.count, 6);
}

#[test]
fn an_unmet_expectation_names_the_type_and_method() {
    let message = support::panic_message(|| {
        let _guard = patch!(Counter::count).times(1).returns(0);
    });
    assert!(
        message.starts_with("`methods::Counter::count` was expected to be called once"),
        "{message}"
    );
}

/// A type named in lowercase, as generated or FFI-style code names them.
#[allow(non_camel_case_types)]
pub struct raw_client {
    base: u32,
}

#[patchable]
impl raw_client {
    pub fn get(&self) -> u32 {
        self.base
    }
}

#[test]
fn a_type_named_in_lowercase_is_patched_by_its_path() {
    let client = raw_client { base: 1 };
    // `raw_client` is declared as a struct, and no module takes its name: a type.
    let guard = patch!(raw_client::get).with(|client| client.base + 10);
    assert_eq!(client.get(), 11);
    drop(guard);
    assert_eq!(client.get(), 1);
    let _guard = patch!(<raw_client>::get).returns(5);
    assert_eq!(client.get(), 5);
}
