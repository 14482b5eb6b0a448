//! Answers per call (`.once()`, `.returns_seq`), call order across functions
//! (`Sequence`), and checks that report instead of panicking (`verify`).

use std::sync::{Arc, Barrier};
use std::thread;

use netlib::{Describe, Shop};
use patchable::{Sequence, patch, patchable};

mod support;

use support::panic_message;

#[patchable]
fn roll() -> u8 {
    4
}

/// Not `Clone`: `.returns` cannot take it, `.returns_seq` can.
#[derive(Debug, PartialEq)]
struct Ticket(u32);

#[patchable]
fn issue_ticket(number: u32) -> Ticket {
    Ticket(number)
}

/// Patched globally by one test alone: every thread sees a global patch.
#[patchable]
fn issue_global_ticket(number: u32) -> Ticket {
    Ticket(number)
}

#[patchable]
fn label(tag: &str, n: u32) -> String {
    format!("{tag}{n}")
}

#[patchable]
async fn load(id: u64) -> String {
    format!("user {id}")
}

#[test]
fn values_in_turn_then_the_original_of_another_crate() {
    let outage = patch!(netlib::fetch).returns_seq([Ok("12".to_string()), Err("reset".into())]);
    assert_eq!(netlib::price_of("tea"), Ok(12));
    assert_eq!(netlib::price_of("tea"), Err("reset".to_string()));
    // Used up: the original answers, and the patch no longer counts.
    assert_eq!(
        netlib::price_of("tea"),
        Err("no network: cannot reach https://shop.example/tea".to_string())
    );
    assert_eq!(outage.calls(), 2);
}

#[test]
fn values_need_no_clone_and_borrowed_arguments_are_fine() {
    let tickets = patch!(issue_ticket).returns_seq((100..103).map(Ticket));
    let _labels = patch!(label).returns_seq(vec!["x".to_string()]);
    assert_eq!(issue_ticket(1), Ticket(100));
    assert_eq!(issue_ticket(1), Ticket(101));
    assert_eq!(issue_ticket(1), Ticket(102));
    assert_eq!(issue_ticket(1), Ticket(1));
    assert_eq!(tickets.calls(), 3);
    let tag = String::from("t");
    assert_eq!(label(&tag, 1), "x");
    assert_eq!(label(&tag, 1), "t1");
}

#[test]
fn no_values_is_a_patch_that_lets_every_call_through() {
    let empty = patch!(roll).returns_seq([]);
    assert_eq!(roll(), 4);
    assert_eq!(empty.calls(), 0);
}

#[test]
fn a_used_up_patch_falls_through_to_the_older_patch() {
    let older = patch!(roll).returns(1);
    let once = patch!(roll).once().with(|| roll() + 10); // wraps the layer below
    assert_eq!(roll(), 11);
    assert_eq!(roll(), 1);
    assert_eq!(roll(), 1);
    assert_eq!((once.calls(), older.calls()), (1, 3));
    drop(older);
    assert_eq!(roll(), 4);
}

#[test]
fn once_patches_stack_newest_first() {
    let _second = patch!(roll).once().returns(2);
    let _first = patch!(roll).once().returns(1);
    assert_eq!([roll(), roll(), roll()], [1, 2, 4]);
}

#[test]
fn once_with_times_checks_the_one_call() {
    let guard = patch!(roll).once().times(1).returns(6);
    assert!(guard.verify().is_err());
    assert_eq!(roll(), 6);
    assert_eq!(roll(), 4);
    assert_eq!(guard.verify(), Ok(()));
}

#[test]
fn once_on_methods_trait_impls_and_a_marked_trait_of_another_crate() {
    let shop = Shop { name: "Ada".into() };
    let _open = patch!(Shop::is_open).once().returns(true);
    let _describe = patch!(<Shop as Describe>::describe)
        .once()
        .returns("a stub".into());
    let _bytes = patch!(<Vec<u8> as Describe>::describe).returns_seq(["first".to_string()]);
    assert!(shop.is_open());
    assert!(!shop.is_open());
    assert_eq!(shop.log_line(), "[a stub]");
    assert_eq!(shop.log_line(), "[shop Ada]");
    let bytes: &dyn Describe = &vec![1_u8, 2];
    assert_eq!(bytes.describe(), "first");
    assert_eq!(bytes.describe(), "2 bytes");
}

#[tokio::test]
async fn answers_of_an_async_fn_in_turn() {
    let _g = patch!(load).returns_seq(["ada".to_string(), "grace".to_string()]);
    assert_eq!(load(1).await, "ada");
    assert_eq!(load(2).await, "grace");
    assert_eq!(load(3).await, "user 3");
}

#[test]
fn a_panicking_once_replacement_is_used_up_and_the_next_call_goes_through() {
    let guard = patch!(roll).once().with(|| panic!("boom"));
    assert!(
        panic_message(|| {
            roll();
        })
        .contains("boom")
    );
    assert_eq!(roll(), 4);
    assert_eq!(guard.calls(), 1);
}

#[test]
fn global_answers_are_shared_out_exactly_once_across_threads() {
    // Eight threads race for three answers: three calls get them, the rest the original.
    let guard = patch!(issue_global_ticket)
        .global()
        .returns_seq([Ticket(7), Ticket(8), Ticket(9)]);
    let start = Arc::new(Barrier::new(8));
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let start = Arc::clone(&start);
            thread::spawn(move || {
                start.wait();
                (0..4).map(|_| issue_global_ticket(0).0).collect::<Vec<_>>()
            })
        })
        .collect();
    let mut answers: Vec<u32> = workers
        .into_iter()
        .flat_map(|worker| worker.join().unwrap())
        .collect();
    answers.sort_unstable();
    assert_eq!(answers.len(), 32);
    assert_eq!(answers[29..], [7, 8, 9]);
    assert!(answers[..29].iter().all(|&n| n == 0));
    assert_eq!(guard.calls(), 3);
}

#[patchable]
fn open(path: &str) -> u32 {
    path.len() as u32
}

#[patchable]
fn write(handle: u32, bytes: &[u8]) -> usize {
    bytes.len() + handle as usize
}

#[patchable]
fn close(handle: u32) -> bool {
    handle > 0
}

fn save(path: &str, bytes: &[u8]) -> usize {
    let handle = open(path);
    let written = write(handle, bytes);
    close(handle);
    written
}

#[test]
fn calls_in_the_order_of_the_sequence_pass() {
    let order = Sequence::new();
    let _open = patch!(open).in_sequence(&order).returns(1);
    let _write = patch!(write).in_sequence(&order).spy();
    let _close = patch!(close).in_sequence(&order).spy();
    assert_eq!(save("a", b"xyz"), 4);
    assert_eq!(save("b", b"xyz"), 4); // `open` again after `close`: out of order
    let mismatch = order.verify().unwrap_err().to_string();
    assert!(
        mismatch.contains("answers_and_order::open` was called after `answers_and_order::close`"),
        "{mismatch}"
    );
    assert!(
        mismatch.contains(
            "  1. answers_and_order::open\n  2. answers_and_order::write\n  \
             3. answers_and_order::close\n  4. answers_and_order::open"
        ),
        "{mismatch}"
    );
    assert_eq!(panic_message(move || drop(order)), mismatch);
}

#[test]
fn a_sequence_drops_with_a_panic_listing_the_calls() {
    let message = panic_message(|| {
        let order = Sequence::new();
        let _close = patch!(close).in_sequence(&order).spy();
        let _open = patch!(open).in_sequence(&order).spy();
        close(1);
        // `open` never called: the guards drop first, then the sequence panics.
    });
    assert!(
        message.starts_with(
            "calls missing: `answers_and_order::open` was never called (2nd of the sequence)"
        ),
        "{message}"
    );
    assert!(
        message.contains("  1. answers_and_order::close\n"),
        "{message}"
    );
    assert!(message.contains("tests/answers_and_order.rs"), "{message}");
}

/// `netlib::fetch`'s twin, patched globally by one test alone: another test here lets its
/// calls of `netlib::fetch` through to the original.
#[patchable]
fn fetch_quote(url: &str) -> Result<String, String> {
    Err(format!("no network: cannot reach {url}"))
}

#[test]
fn a_sequence_sees_calls_of_methods_and_global_patches_on_other_threads() {
    let order = Sequence::new();
    let shop = Shop { name: "Ada".into() };
    let _open = patch!(Shop::is_open).in_sequence(&order).returns(true);
    let _fetch = patch!(fetch_quote)
        .global()
        .in_sequence(&order)
        .returns(Ok("5".into()));
    assert!(shop.is_open());
    let quote = thread::spawn(|| fetch_quote("https://shop.example/tea"))
        .join()
        .unwrap();
    assert_eq!(quote, Ok("5".to_string()));
    assert_eq!(order.verify(), Ok(()));
    assert!(
        format!("{order:?}")
            .contains("calls: [\"netlib::Shop::is_open\", \"answers_and_order::fetch_quote\"]")
    );
}

#[test]
fn a_sequence_does_not_panic_over_a_test_that_already_fails() {
    let message = panic_message(|| {
        let order = Sequence::new();
        let _open = patch!(open).in_sequence(&order).spy();
        panic!("the test's own failure");
    });
    assert_eq!(message, "the test's own failure");
}

#[test]
fn verify_reports_without_panicking_and_the_drop_still_checks() {
    let guard = patch!(roll).times(2).returns(1);
    roll();
    let mismatch = guard.verify().unwrap_err();
    assert!(
        mismatch.to_string().starts_with(
            "`answers_and_order::roll` was expected to be called 2 times while patched, \
             but was called once"
        ),
        "{mismatch}"
    );
    // The expectation stays: dropping now would panic with the same message.
    let message = panic_message(move || drop(guard));
    assert_eq!(message, mismatch.to_string());
}

#[test]
fn a_sequence_shows_what_its_recording_patches_kept_of_each_call() {
    let message = panic_message(|| {
        let order = Sequence::new();
        let _open = patch!(open)
            .in_sequence(&order)
            .record(|path| path.to_string())
            .spy();
        let _close = patch!(close)
            .record(|handle| *handle)
            .in_sequence(&order)
            .spy();
        close(7);
        open("a.txt");
    });
    assert!(
        message.contains(
            "  1. answers_and_order::close, recorded 7\n  2. answers_and_order::open, recorded \"a.txt\""
        ),
        "{message}"
    );
}
