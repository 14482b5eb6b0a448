//! `#[patchable]` on free functions, and the basic life of a patch.

use patchable::{patch, patchable};

mod net {
    use patchable::patchable;

    #[patchable]
    pub fn fetch(url: &str) -> Result<String, String> {
        Err(format!("offline: {url}"))
    }

    pub mod deep {
        #[patchable::patchable]
        pub(crate) fn depth() -> u32 {
            3
        }
    }
}

#[patchable]
fn first_word(s: &str) -> &str {
    s.split(' ').next().unwrap_or(s)
}

#[patchable]
fn longest<'a>(a: &'a str, b: &'a str) -> &'a str {
    if a.len() >= b.len() { a } else { b }
}

#[patchable]
fn add(a: i32, b: i32) -> i32 {
    a + b
}

#[test]
fn with_replaces_until_the_guard_drops() {
    let guard = patch!(net::fetch).with(|url| Ok(format!("stub for {url}")));
    assert_eq!(net::fetch("a.org"), Ok("stub for a.org".to_string()));
    assert_eq!(guard.calls(), 1);
    drop(guard);
    assert_eq!(net::fetch("a.org"), Err("offline: a.org".to_string()));
}

#[test]
fn returns_clones_the_value_for_every_call() {
    let guard = patch!(add).returns(10);
    assert_eq!(add(1, 2), 10);
    assert_eq!(add(3, 4), 10);
    assert_eq!(guard.calls(), 2);
    drop(guard);
    assert_eq!(add(1, 2), 3);
}

#[test]
fn returns_infers_the_value_type_from_the_return_type() {
    let _guard = patch!(net::fetch).returns(Ok("page".into()));
    assert_eq!(net::fetch("x"), Ok("page".to_string()));
}

#[test]
fn borrowed_arguments_and_returns_need_no_annotations() {
    let _guard = patch!(first_word).with(|s| &s[s.len() - 1..]);
    assert_eq!(first_word("hello world"), "d");
    let _guard = patch!(longest).with(|a, _| a);
    let owned = String::from("short");
    assert_eq!(longest(&owned, "much longer"), "short");
}

#[test]
fn borrowed_returns_take_static_values() {
    let _guard = patch!(first_word).returns("stub");
    assert_eq!(first_word("hello world"), "stub");
}

#[test]
fn paths_through_crate_and_use_reach_the_same_function() {
    let _one = patch!(crate::net::deep::depth).returns(1);
    assert_eq!(net::deep::depth(), 1);
    use net::deep::depth;
    let _two = patch!(depth).returns(2);
    assert_eq!(depth(), 2);
    let _three = patch!(self::net::deep::depth).returns(3 + 10);
    assert_eq!(crate::net::deep::depth(), 13);
}

#[test]
fn a_function_pointer_taken_before_the_patch_sees_it() {
    let pointer: fn(i32, i32) -> i32 = add;
    let closure = |a| add(a, 1);
    let _guard = patch!(add).with(|a, b| a * b);
    assert_eq!(pointer(3, 4), 12);
    assert_eq!(closure(5), 5);
}

#[test]
fn functions_nested_in_a_body_are_patchable() {
    #[patchable]
    fn inner() -> &'static str {
        "inner"
    }
    let _guard = patch!(inner).returns("patched");
    assert_eq!(inner(), "patched");
}

#[test]
fn spy_keeps_the_behaviour_and_counts() {
    let spy = patch!(add).spy();
    assert_eq!(add(2, 2), 4);
    assert_eq!(add(1, 1), 2);
    assert_eq!(spy.calls(), 2);
}

#[test]
fn replacements_may_be_stateful() {
    let mut seen = Vec::new();
    let _guard = patch!(add).with(move |a, b| {
        seen.push((a, b));
        seen.len() as i32
    });
    assert_eq!(add(0, 0), 1);
    assert_eq!(add(0, 0), 2);
}

mod store {
    use patchable::patchable;

    #[patchable]
    fn query(key: &str) -> String {
        format!("db:{key}")
    }

    pub struct Till;

    #[patchable]
    impl Till {
        fn total(&self) -> u32 {
            1
        }

        pub fn charge(&self) -> u32 {
            self.total() * 100
        }
    }

    pub fn lookup(key: &str) -> String {
        query(key)
    }
}

#[test]
fn a_private_fn_is_patched_from_another_module_of_its_crate() {
    let _query = patch!(store::query).with(|key| format!("stub:{key}"));
    let _total = patch!(store::Till::total).returns(7);
    assert_eq!(store::lookup("a"), "stub:a");
    assert_eq!(store::Till.charge(), 700);
}
