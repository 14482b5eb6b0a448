//! The expansion names the runtime as `::patchable::__private::…` and std as `::core::…`:
//! a crate that shadows `core`, `Option`, `Result` and `Box` still compiles.

#![allow(dead_code)]

mod core {}

pub struct Option;
pub struct Result;
pub struct Box;
pub struct Some;
pub struct Send;
pub struct Clone;
pub struct Future;
pub struct FnMut;
pub struct Fn;
pub struct Sized;

use patchable::{patch, patchable};

#[patchable]
fn plain(n: u32) -> u32 {
    n
}

#[patchable]
fn generic<T: ::std::fmt::Display>(value: T) -> ::std::string::String {
    ::std::format!("{value}")
}

#[patchable]
async fn later(n: u32) -> u32 {
    n
}

pub struct Thing(u32);

impl Thing {
    #[patchable]
    fn get(&self) -> &u32 {
        &self.0
    }
}

#[patchable]
impl Thing {
    fn double(&self) -> u32 {
        self.0 * 2
    }

    async fn fetch(&self, key: &str) -> ::std::option::Option<u32> {
        key.parse().ok()
    }
}

pub trait Named {
    fn name(&self) -> ::std::string::String;
}

#[patchable]
impl Named for Thing {
    fn name(&self) -> ::std::string::String {
        "thing".into()
    }
}

#[patchable]
pub trait Marked {
    fn size(&self) -> usize;

    fn twice(&self) -> usize {
        self.size() * 2
    }
}

#[patchable]
impl Marked for str {
    fn size(&self) -> usize {
        self.len()
    }
}

#[test]
fn every_form_expands_with_shadowed_names() {
    let _a = patch!(plain).returns(1);
    let _b = patch!(generic::<u8>).with(|_| "g".into());
    let _c = patch!(later).returns(2);
    let _d = patch!(Thing::get).returns(&3);
    let _e = patch!(Thing::double).spy();
    let _f = patch!(Thing::fetch).with_async(|_, _| ::std::boxed::Box::pin(async { None }));
    let _g = patch!(<Thing as Named>::name).returns("n".to_string());
    assert_eq!(plain(5), 1);
    assert_eq!(generic(5u8), "g");
    assert_eq!(*Thing(0).get(), 3);
    assert_eq!(Thing(2).double(), 4);
    assert_eq!(Thing(0).name(), "n");
    let _h = patch!(<str as Marked>::size).returns(5);
    assert_eq!("ab".twice(), 10);
}
