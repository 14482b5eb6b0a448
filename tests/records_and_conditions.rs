//! Patches that look at the arguments first: `.record(…)` keeps a value of each call,
//! `.when(…)` answers only some calls and lets the others past.

use std::sync::{Arc, Barrier};
use std::thread;

use netlib::{Describe, Shop};
use patchable::{Sequence, patch, patchable};

mod support;

use support::panic_message;

/// Not `Clone` and not `Debug`: the recorded values are what the test chooses.
struct Letter {
    to: String,
    body: Vec<u8>,
}

#[patchable]
fn send(letter: Letter, copies: &mut u32) -> Result<(), String> {
    *copies += 1;
    Err(format!(
        "no mail server for {} ({} bytes)",
        letter.to,
        letter.body.len()
    ))
}

#[patchable]
fn parse<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.parse().ok()
}

#[patchable]
fn lookup(table: &str, key: &str) -> String {
    format!("{table}/{key}")
}

/// Patched globally by one test alone: every thread sees a global patch.
#[patchable]
fn score(player: &str, round: u32) -> u32 {
    player.len() as u32 + round
}

#[patchable]
async fn load(id: u64) -> String {
    format!("user {id}")
}

#[test]
fn records_map_borrowed_arguments_of_another_crates_fn() {
    let fetches = patch!(netlib::fetch)
        .record(|url| url.to_string())
        .returns(Ok("5".into()));
    assert_eq!(netlib::price_of("tea"), Ok(5));
    assert_eq!(netlib::price_of("jam"), Ok(5));
    assert_eq!(
        fetches.records(),
        ["https://shop.example/tea", "https://shop.example/jam"]
    );
    assert_eq!(fetches.last().as_deref(), Some("https://shop.example/jam"));
    assert_eq!(fetches.calls(), 2);
}

#[test]
fn arguments_need_no_clone_nor_debug_and_mut_borrows_are_seen_shared() {
    let mail = patch!(send)
        .record(|letter, copies| (letter.to.clone(), letter.body.len(), **copies))
        .with(|letter, copies| {
            *copies += 10;
            drop(letter);
            Ok(())
        });
    let mut copies = 0;
    let letter = |to: &str| Letter {
        to: to.into(),
        body: b"hi".to_vec(),
    };
    assert_eq!(send(letter("ada"), &mut copies), Ok(()));
    assert_eq!(send(letter("grace"), &mut copies), Ok(()));
    assert_eq!(copies, 20);
    assert_eq!(
        mail.take_records(),
        [("ada".to_string(), 2, 0), ("grace".to_string(), 2, 10)]
    );
    assert!(mail.records().is_empty());
}

#[test]
fn a_spy_records_and_the_original_runs() {
    let spy = patch!(lookup)
        .record(|table, key| format!("{table}:{key}"))
        .spy();
    assert_eq!(lookup("users", "7"), "users/7");
    assert_eq!(spy.records(), ["users:7"]);
}

#[test]
fn calls_the_condition_refuses_reach_the_original_uncounted() {
    let pay = patch!(netlib::fetch)
        .when(|url| url.starts_with("https://pay."))
        .returns(Ok("paid".into()));
    assert_eq!(
        netlib::fetch("https://pay.example/1"),
        Ok("paid".to_string())
    );
    assert_eq!(
        netlib::fetch("https://shop.example/1"),
        Err("no network: cannot reach https://shop.example/1".to_string())
    );
    assert_eq!(pay.calls(), 1);
}

#[test]
fn conditional_patches_stack_into_a_dispatch_table() {
    let _users = patch!(lookup)
        .when(|table, _| *table == "users")
        .with(|_, key| format!("user {key}"));
    let _orders = patch!(lookup)
        .when(|table, _| *table == "orders")
        .returns("no orders".into());
    let _seven = patch!(lookup)
        .when(|_, key| *key == "7")
        .returns("lucky".into());
    assert_eq!(lookup("users", "1"), "user 1");
    assert_eq!(lookup("orders", "1"), "no orders");
    assert_eq!(lookup("users", "7"), "lucky");
    assert_eq!(lookup("items", "1"), "items/1");
}

#[test]
fn a_condition_and_a_record_on_one_patch_record_only_what_it_answers() {
    let guard = patch!(lookup)
        .record(|table, key| (table.to_string(), key.to_string()))
        .when(|table, _| table.len() > 3)
        .returns("x".into());
    assert_eq!(lookup("users", "1"), "x");
    assert_eq!(lookup("ids", "2"), "ids/2");
    assert_eq!(guard.records(), [("users".to_string(), "1".to_string())]);
    assert_eq!(guard.calls(), 1);
}

#[test]
fn refused_calls_do_not_use_up_answers() {
    let guard = patch!(parse::<u32>)
        .when(|text| text.starts_with('#'))
        .returns_seq([Some(1), Some(2)]);
    assert_eq!(parse::<u32>("#"), Some(1));
    assert_eq!(parse::<u32>("5"), Some(5));
    assert_eq!(parse::<u32>("#"), Some(2));
    assert_eq!(parse::<u32>("#"), None);
    assert_eq!(parse::<i64>("#"), None); // another instantiation: not patched
    assert_eq!(guard.calls(), 2);
}

#[test]
fn a_condition_can_call_its_function_and_reaches_the_layer_below() {
    let _base = patch!(lookup).returns("base".into());
    let _only_base = patch!(lookup)
        .when(|table, key| lookup(table, key) == "base" && *table != "skip")
        .returns("top".into());
    assert_eq!(lookup("a", "b"), "top");
    assert_eq!(lookup("skip", "b"), "base");
}

#[test]
fn conditions_on_methods_trait_impls_and_async_fns() {
    let shop = Shop { name: "Ada".into() };
    let ada = Shop { name: "Ada".into() };
    let bob = Shop { name: "Bob".into() };
    let _open = patch!(Shop::is_open)
        .when(|shop| shop.name == "Bob")
        .returns(true);
    let described = patch!(<Shop as Describe>::describe)
        .record(|shop| shop.name.clone())
        .when(|shop| shop.name.starts_with('A'))
        .returns("an A shop".into());
    assert!(!ada.is_open() && bob.is_open());
    assert_eq!(shop.log_line(), "[an A shop]");
    assert_eq!(bob.log_line(), "[shop Bob]");
    assert_eq!(described.records(), ["Ada"]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let _even = patch!(load).when(|id| id % 2 == 0).returns("even".into());
    assert_eq!(runtime.block_on(load(2)), "even");
    assert_eq!(runtime.block_on(load(3)), "user 3");
}

#[test]
fn global_conditions_and_records_see_every_thread() {
    let rounds = patch!(score)
        .global()
        .record(|player, round| format!("{player}@{round}"))
        .when(|player, _| player.starts_with('p'))
        .returns(100);
    let start = Arc::new(Barrier::new(4));
    let players: Vec<_> = (0..4)
        .map(|n| {
            let start = Arc::clone(&start);
            thread::spawn(move || {
                start.wait();
                let name = if n % 2 == 0 {
                    format!("p{n}")
                } else {
                    format!("q{n}")
                };
                score(&name, n)
            })
        })
        .collect();
    let scores: Vec<u32> = players
        .into_iter()
        .map(|player| player.join().unwrap())
        .collect();
    assert_eq!(scores, [100, 3, 100, 5]);
    let mut records = rounds.records();
    records.sort();
    assert_eq!(records, ["p0@0", "p2@2"]);
    assert_eq!(rounds.calls(), 2);
}

#[test]
fn an_unmet_count_lists_the_recorded_calls() {
    let message = panic_message(|| {
        let _guard = patch!(lookup)
            .times(1)
            .record(|table, key| (table.to_string(), key.len()))
            .returns("x".into());
        lookup("users", "7");
        lookup("orders", "12");
    });
    assert!(
        message.ends_with("the calls, as recorded:\n  1. (\"users\", 1)\n  2. (\"orders\", 2)"),
        "{message}"
    );
}

#[test]
fn a_panicking_condition_leaves_the_patch_usable() {
    let guard = patch!(lookup)
        .when(|table, _| {
            if *table == "boom" {
                panic!("condition failed")
            } else {
                true
            }
        })
        .returns("x".into());
    assert!(
        panic_message(|| {
            lookup("boom", "1");
        })
        .contains("condition failed")
    );
    assert_eq!(lookup("users", "1"), "x");
    assert_eq!(guard.calls(), 1);
}

#[test]
fn only_the_calls_a_conditional_patch_answers_join_its_sequence() {
    let order = Sequence::new();
    let _first = patch!(lookup)
        .in_sequence(&order)
        .when(|table, _| *table == "a")
        .spy();
    let _second = patch!(parse::<u8>).in_sequence(&order).spy();
    lookup("b", "x"); // refused: not in the sequence
    lookup("a", "x");
    parse::<u8>("1");
    lookup("b", "x");
    assert_eq!(order.verify(), Ok(()));
}

#[test]
fn when_or_record_twice_says_so() {
    let message = panic_message(|| {
        let _guard = patch!(lookup).when(|_, _| true).when(|_, _| false).spy();
    });
    assert!(message.contains("a patch takes one `.when`"), "{message}");
}

/// Patched by the stress test alone.
#[patchable]
fn stressed(worker: u32, round: u32) -> u32 {
    worker * 1_000_000 + round + 1000
}

#[test]
fn conditions_records_limits_and_sequences_under_contention() {
    // `PATCHABLE_STRESS_ROUNDS`: smaller for the runs under valgrind (benches/sanitizers.sh).
    let rounds: u32 = std::env::var("PATCHABLE_STRESS_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(2000);
    support::within(300, move || {
        let order = Sequence::new();
        // Oldest to newest: a recording spy, a limited layer, a conditional layer.
        let spy = patch!(stressed).global().record(|worker, _| *worker).spy();
        let limited = patch!(stressed)
            .global()
            .in_sequence(&order)
            .returns_seq(vec![7; 100]);
        let even = patch!(stressed)
            .global()
            .record(|_, round| *round)
            .when(|_, round| round % 2 == 0)
            .with(|_, _| 2);
        let start = Arc::new(Barrier::new(4));
        let workers: Vec<_> = (0..4)
            .map(|worker| {
                let start = Arc::clone(&start);
                thread::spawn(move || {
                    start.wait();
                    let mut seen = [0_u32; 3];
                    for round in 0..rounds {
                        // Thread-scoped conditional layers come and go above the global ones.
                        let _mine = (round % 3 == 0)
                            .then(|| patch!(stressed).when(move |w, _| *w == worker).returns(3));
                        match stressed(worker, round) {
                            2 => seen[0] += 1,
                            7 => seen[1] += 1,
                            3 => seen[2] += 1,
                            other => assert_eq!(other, worker * 1_000_000 + round + 1000),
                        }
                    }
                    seen
                })
            })
            .collect();
        let seen: Vec<[u32; 3]> = workers.into_iter().map(|w| w.join().unwrap()).collect();
        let total = |i: usize| seen.iter().map(|s| s[i]).sum::<u32>();
        let thread_answered = (0..rounds).filter(|round| round % 3 == 0).count() as u32 * 4;
        assert_eq!(total(2), thread_answered);
        assert_eq!(total(0) as usize, even.calls());
        assert_eq!(even.records().len(), even.calls());
        assert!(even.records().iter().all(|round| round % 2 == 0));
        assert_eq!(total(1), 100.min(limited.calls() as u32));
        assert_eq!(limited.calls(), 100.min(4 * rounds as usize / 3));
        // The spy sees the calls that passed both global layers above it.
        let passed = 4 * rounds - thread_answered - total(0) - total(1);
        assert_eq!(spy.calls() as u32, passed);
        assert_eq!(spy.records().len() as u32, passed);
        drop((even, limited, spy));
        assert_eq!(order.verify(), Ok(()));
    });
}

/// Patched globally by one test alone: every thread sees a global patch.
#[patchable]
fn ticket_number(queue: &str) -> u32 {
    queue.len() as u32
}

#[test]
fn a_used_up_global_layer_records_no_more_calls() {
    let guard = patch!(ticket_number)
        .global()
        .record(|queue| queue.to_string())
        .when(|queue| queue.starts_with('a'))
        .returns_seq([1, 2]);
    let numbers: Vec<u32> = ["a", "b", "ab", "abc"]
        .into_iter()
        .map(|queue| thread::spawn(move || ticket_number(queue)).join().unwrap())
        .collect();
    assert_eq!(numbers, [1, 1, 2, 3]);
    assert_eq!(guard.records(), ["a", "ab"]);
}
