//! The hook optimized builds get, which takes the arguments along to the layers and
//! binds them again when none applies: `fixtures/release-hook` is built without debug
//! assertions, also under `cargo test` (see the root `Cargo.toml`).

use std::panic::catch_unwind;
use std::sync::mpsc;
use std::thread;

use patchable::patch;
use release_hook::{
    Counter, Stack, add_one, bump, count, factorial, fail, first_word, last_word, sum13, touch,
    type_size,
};

#[test]
fn the_fixture_is_built_without_debug_assertions() {
    assert!(!release_hook::debug_assertions(), "see the root Cargo.toml");
}

/// The macro picks the hook's form from rustc's own command line, and both forms behave
/// alike: only the machine code tells them apart. The optimized form calls `dispatch`,
/// which nothing else instantiates, so its symbol is in this test's executable only if
/// the fixture's fns got that form.
#[test]
fn the_fixture_got_the_hook_that_hands_the_arguments_back() {
    let exe = std::env::current_exe().expect("path of the test executable");
    let bytes = std::fs::read(&exe).expect("read the test executable");
    // `patchable::dispatch::dispatch`, as legacy and v0 mangling both spell it; kept
    // reversed, or the search would find this literal in the executable's own data.
    let symbol: Vec<u8> = b"hctapsid8hctapsid8elbahctap9"
        .iter()
        .rev()
        .copied()
        .collect();
    let found = bytes.windows(symbol.len()).any(|window| window == symbol);
    assert!(
        found,
        "no `dispatch` in {}: the fixture got the unoptimized hook",
        exe.display()
    );
}

#[test]
fn arguments_reach_the_replacement_or_go_back_to_the_body() {
    assert_eq!(add_one(1), 2);
    let guard = patch!(add_one).with(|x| x * 10);
    assert_eq!(add_one(2), 20);
    // Another function patched: this one's arguments go back to its body.
    let _other = patch!(count).returns(0);
    drop(guard);
    assert_eq!(add_one(2), 3);
    assert_eq!(count((2, 3), 1), 0);
}

#[test]
fn mut_arguments_and_patterns_are_bound_again() {
    let _unrelated = patch!(add_one).returns(0);
    assert_eq!(count((2, 3), 1), 7);
    let _guard = patch!(count).with(|(a, b), total| a + b + total);
    assert_eq!(count((2, 3), 1), 6);
}

#[test]
fn ref_mut_bindings_get_the_arguments_back_as_places() {
    let _unrelated = patch!(add_one).returns(0);
    assert_eq!(bump(1, (2, 3)), (2, 3, 3));
    let _guard = patch!(bump).with(|value, (low, high)| (value * 10, low, high));
    assert_eq!(bump(1, (2, 3)), (10, 2, 3));
}

#[test]
fn no_arguments_and_no_result() {
    let guard = patch!(touch).spy();
    touch();
    touch();
    assert_eq!(guard.calls(), 2);
}

#[test]
fn borrowed_arguments_and_results() {
    let _guard = patch!(first_word).with(|text| &text[text.len() - 1..]);
    assert_eq!(first_word("hello world"), "d");
}

#[test]
fn generic_instantiations_are_told_apart() {
    let _guard = patch!(type_size::<u8>).returns(100);
    assert_eq!(type_size::<u8>(), 100);
    assert_eq!(type_size::<u32>(), 4);
}

#[test]
fn a_diverging_fn_diverges_in_the_replacement() {
    let _guard = patch!(fail).with(|message| panic!("patched: {message}"));
    let message = catch_unwind(|| fail("boom")).unwrap_err();
    assert_eq!(message.downcast_ref::<String>().unwrap(), "patched: boom");
}

#[test]
fn a_replacement_that_calls_its_function_reaches_the_next_layer() {
    let guard = patch!(factorial).with(|n| factorial(n) + 1000);
    assert_eq!(factorial(4), 1024);
    assert_eq!(guard.calls(), 1);
}

#[test]
fn thirteen_arguments() {
    let _guard = patch!(sum13).with(|a, _, _, _, _, _, _, _, _, _, _, _, m| u32::from(a + m));
    assert_eq!(sum13(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5), 6);
}

#[test]
fn every_receiver() {
    let mut counter = Counter { count: 1 };
    let _get = patch!(Counter::get).with(|counter| counter.count + 100);
    let _bump = patch!(Counter::bump).with(|counter, by| {
        counter.count += by * 2;
        counter.count
    });
    let _into = patch!(Counter::into_count).with(|counter| counter.count + 1000);
    let _doubled = patch!(Counter::doubled).returns(7);
    assert_eq!(counter.get(), 101);
    assert_eq!(counter.bump(1), 3);
    assert_eq!(counter, Counter { count: 3 });
    assert_eq!(counter.doubled(), 7);
    assert_eq!(counter.into_count(), 1003);
}

#[test]
fn receivers_go_back_to_the_body_when_no_layer_applies() {
    let _unrelated = patch!(add_one).returns(0);
    let mut counter = Counter { count: 1 };
    assert_eq!(counter.bump(2), 3);
    assert_eq!(counter.get(), 3);
    assert_eq!(counter.doubled(), 6);
    assert_eq!(counter.into_count(), 3);
}

#[test]
fn methods_of_a_generic_impl_are_told_apart_by_instantiation() {
    let numbers = Stack { items: vec![1, 2] };
    let words = Stack {
        items: vec!["a".to_string()],
    };
    let _guard = patch!(Stack::<i32>::top).returns(Some(9));
    assert_eq!(numbers.top(), Some(9));
    assert_eq!(words.top(), Some("a".to_string()));
}

#[test]
fn a_thread_without_patches_runs_the_body_while_another_thread_patches() {
    let (patched_tx, patched) = mpsc::channel();
    let (done_tx, done) = mpsc::channel::<()>();
    let other = thread::spawn(move || {
        let _guard = patch!(add_one).returns(0);
        patched_tx.send(()).unwrap();
        done.recv().unwrap();
    });
    patched.recv().unwrap();
    assert_eq!(add_one(1), 2);
    done_tx.send(()).unwrap();
    other.join().unwrap();
}

#[test]
fn global_patches_are_seen_by_every_thread() {
    // Not `first_word`, which other tests patch on their threads, and whose calls would
    // reach this layer when theirs let them past.
    let guard = patch!(last_word).global().with(|_| "global");
    assert_eq!(thread::spawn(|| last_word("a b")).join().unwrap(), "global");
    let _local = patch!(last_word).with(|text| last_word(text));
    assert_eq!(last_word("a b"), "global", "through the thread layer");
    assert_eq!(guard.calls(), 2);
}

#[test]
fn methods_of_a_marked_trait_are_told_apart_by_implementing_type() {
    use release_hook::{Ann, Greet};
    let _greet = patch!(<Ann as Greet>::greet).with(|_, greeting| format!("{greeting}!"));
    assert_eq!(Ann.greet("hi"), "hi!");
    assert_eq!(7u8.greet("hi"), "hi, #7");
    let _name = patch!(<u8 as Greet>::name).with(|n| format!("n{n}"));
    assert_eq!(7u8.greet("hi"), "hi, n7");
    assert_eq!(Ann.name(), "Ann");
}

#[test]
fn conditions_and_records_look_at_the_arguments_handed_along() {
    let odd = patch!(add_one)
        .record(|x| *x)
        .when(|x| x % 2 == 1)
        .returns(0);
    assert_eq!(add_one(3), 0);
    assert_eq!(add_one(4), 5);
    assert_eq!(odd.records(), [3]);
    let _short = patch!(first_word)
        .when(|text| text.len() < 5)
        .with(|text| &text[1..]);
    assert_eq!(first_word("abc d"), "abc");
    assert_eq!(first_word("abcd"), "bcd");
    let bumps = patch!(Counter::bump)
        .record(|counter, by| (counter.count, *by))
        .spy();
    let mut counter = Counter { count: 1 };
    assert_eq!(counter.bump(2), 3);
    assert_eq!(bumps.records(), [(1, 2)]);
    let _into = patch!(Counter::into_count)
        .when(|counter| counter.count > 10)
        .returns(0);
    assert_eq!(Counter { count: 11 }.into_count(), 0);
    assert_eq!(Counter { count: 1 }.into_count(), 1);
}

#[test]
fn a_fn_of_thirteen_arguments_takes_no_condition() {
    let message = catch_unwind(|| {
        let _guard = patch!(sum13)
            .when(|_, _, _, _, _, _, _, _, _, _, _, _, _| true)
            .spy();
    })
    .err()
    .and_then(|payload| payload.downcast::<String>().ok())
    .map(|message| *message)
    .unwrap_or_default();
    assert!(
        message.contains("a function of more than 12 arguments takes none"),
        "{message}"
    );
}
