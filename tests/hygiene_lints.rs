//! The expansion is warning-free under strict lints, so users' `-D warnings` and clippy
//! settings keep working on their `#[patchable]` items.

#![deny(
    warnings,
    clippy::all,
    clippy::pedantic,
    unused_qualifications,
    unreachable_pub
)]
#![allow(clippy::missing_panics_doc)]

use std::collections::HashMap;

use patchable::{patch, patchable};

/// Reads a number.
#[patchable]
pub fn parse<T: std::str::FromStr>(input: &str) -> Option<T> {
    input.parse().ok()
}

#[patchable]
async fn later(n: u32) -> u32 {
    n
}

#[patchable]
fn never() -> ! {
    panic!("never")
}

/// A cache.
#[derive(Default)]
pub struct Cache {
    entries: HashMap<String, String>,
}

#[patchable]
impl Cache {
    /// Looks a key up.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&String> {
        self.entries.get(key)
    }

    fn insert(&mut self, key: String, value: String) {
        self.entries.insert(key, value);
    }

    /// Empty.
    #[must_use]
    pub const fn limit() -> usize {
        8
    }
}

impl Cache {
    #[patchable]
    fn len(&self) -> usize {
        self.entries.len()
    }
}

impl std::fmt::Display for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} entries", self.entries.len())
    }
}

#[patchable]
impl From<u8> for Cache {
    fn from(_: u8) -> Self {
        Cache::default()
    }
}

/// Speaks.
#[patchable]
pub trait Speak {
    /// A word.
    fn word(&self) -> String;

    /// The word, loud.
    fn loud(&self) -> String {
        self.word().to_uppercase()
    }
}

#[patchable]
impl Speak for str {
    fn word(&self) -> String {
        self.to_owned()
    }
}

#[patchable]
impl Speak for Cache {
    fn word(&self) -> String {
        "cache".into()
    }
}

#[test]
fn strict_lints_pass() {
    let mut cache = Cache::default();
    let _insert = patch!(Cache::insert).with(|_, _, _| ());
    cache.insert("a".into(), "b".into());
    assert_eq!(cache.get("a"), None);
    let _len = patch!(Cache::len).returns(3);
    assert_eq!(cache.len(), 3);
    let _parse = patch!(parse::<u8>).returns(Some(1));
    assert_eq!(parse::<u8>("9"), Some(1));
    let _later = patch!(later).returns(0);
    drop(later(1));
    let _never = patch!(never).with(|| panic!("patched"));
    assert!(std::panic::catch_unwind(|| never()).is_err());
    let _from = patch!(<Cache as From<u8>>::from).spy();
    assert_eq!(Cache::from(1).to_string(), "0 entries");
    assert_eq!(Cache::limit(), 8);
    let _word = patch!(<str as Speak>::word).returns("w".to_string());
    let _loud = patch!(<Cache as Speak>::loud).spy();
    assert_eq!("a".loud(), "W");
    assert_eq!(Cache::default().loud(), "CACHE");
}
