//! Stacked patches, reentrancy, panics and expectations.

use std::panic::{AssertUnwindSafe, catch_unwind};

use patchable::{patch, patchable};

mod support;

use support::payload_message;

#[patchable]
fn label(n: u32) -> String {
    format!("n={n}")
}

#[patchable]
fn factorial(n: u64) -> u64 {
    if n <= 1 { 1 } else { n * factorial(n - 1) }
}

#[test]
fn the_newest_patch_wins_and_drops_in_any_order_remove_their_own_layer() {
    let a = patch!(label).returns("a".to_string());
    let b = patch!(label).returns("b".to_string());
    let c = patch!(label).returns("c".to_string());
    assert_eq!(label(0), "c");
    drop(b);
    assert_eq!(label(0), "c");
    drop(c);
    assert_eq!(label(0), "a");
    assert_eq!(a.calls(), 1);
    drop(a);
    assert_eq!(label(0), "n=0");
}

#[test]
fn a_replacement_can_wrap_the_next_layer() {
    let _outer = patch!(label).with(|n| format!("[{}]", label(n)));
    let _inner = patch!(label).with(|n| format!("<{}>", label(n)));
    assert_eq!(label(1), "<[n=1]>");
}

#[test]
fn a_recursive_original_under_a_wrapping_patch_recurses_into_itself() {
    let guard = patch!(factorial).with(|n| factorial(n) * 1000);
    assert_eq!(factorial(4), 24_000);
    assert_eq!(guard.calls(), 1);
}

#[test]
fn the_guard_restores_while_a_panic_unwinds() {
    let result = catch_unwind(|| {
        let _guard = patch!(label).returns("patched".to_string());
        assert_eq!(label(0), "patched");
        panic!("test failure");
    });
    assert!(result.is_err());
    assert_eq!(label(0), "n=0");
}

#[test]
fn a_panicking_replacement_leaves_everything_consistent() {
    let guard = patch!(label).with(|n| {
        if n == 13 {
            panic!("unlucky");
        }
        format!("ok {n}")
    });
    let result = catch_unwind(AssertUnwindSafe(|| label(13)));
    assert_eq!(payload_message(result.unwrap_err()), "unlucky");
    assert_eq!(
        label(1),
        "ok 1",
        "the layer is usable again after the panic"
    );
    assert_eq!(guard.calls(), 2);
    drop(guard);
    assert_eq!(label(1), "n=1");
}

#[test]
fn met_expectations_pass_silently() {
    let guard = patch!(label).times(2).returns(String::new());
    label(1);
    label(2);
    drop(guard);
}

#[test]
fn an_unmet_expectation_panics_at_drop_with_the_path_and_both_counts() {
    let line = line!() + 2;
    let result = catch_unwind(|| {
        let _guard = patch!(label).times(2).returns(String::new());
        label(1);
    });
    let message = payload_message(result.unwrap_err());
    assert!(
        message.contains(
            "`layers::label` was expected to be called 2 times while patched, but was called once"
        ),
        "{message}"
    );
    assert!(
        message.contains(&format!("`.times(2)` at tests/layers.rs:{line}:")),
        "the message points at the test line: {message}"
    );
}

#[test]
fn times_after_the_installing_verb_expects_the_same() {
    let met = patch!(label).returns(String::new()).times(2);
    label(1);
    label(2);
    drop(met);
    let result = catch_unwind(|| {
        let _guard = patch!(label).spy().times(2);
        label(1);
    });
    let message = payload_message(result.unwrap_err());
    assert!(
        message.contains("was expected to be called 2 times while patched, but was called once"),
        "{message}"
    );
}

#[test]
fn an_unmet_expectation_does_not_panic_again_while_panicking() {
    let result = catch_unwind(|| {
        let _guard = patch!(label).times(5).returns(String::new());
        panic!("the test's own failure");
    });
    assert_eq!(
        payload_message(result.unwrap_err()),
        "the test's own failure"
    );
}

#[test]
fn a_guard_dropped_inside_its_own_replacement_is_freed_after_it_returns() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let slot: Rc<RefCell<Option<patchable::Guard>>> = Rc::default();
    let inner = Rc::clone(&slot);
    let guard = patch!(label).with(move |n| {
        drop(inner.borrow_mut().take());
        format!("last {n}")
    });
    *slot.borrow_mut() = Some(guard);
    assert_eq!(label(1), "last 1");
    assert_eq!(label(1), "n=1");
}

#[test]
fn a_guard_dropped_inside_its_own_replacement_that_panics_is_freed_by_the_next_guard_drop() {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    /// Captured by the replacement: says when the replacement is freed.
    struct Freed(Rc<Cell<bool>>);
    impl Drop for Freed {
        fn drop(&mut self) {
            self.0.set(true);
        }
    }
    let freed = Rc::new(Cell::new(false));
    let slot: Rc<RefCell<Option<patchable::Guard>>> = Rc::default();
    let inner = Rc::clone(&slot);
    let witness = Freed(Rc::clone(&freed));
    let guard = patch!(label).with(move |_| {
        let _keep = &witness;
        drop(inner.borrow_mut().take());
        panic!("after dropping my own guard");
    });
    *slot.borrow_mut() = Some(guard);
    let result = catch_unwind(AssertUnwindSafe(|| label(1)));
    assert_eq!(
        payload_message(result.unwrap_err()),
        "after dropping my own guard"
    );
    assert_eq!(label(1), "n=1", "the layer is gone");
    drop(patch!(label).returns(String::new()));
    assert!(freed.get(), "the replacement was freed");
}

#[test]
fn a_spy_counts_calls_that_reach_it_through_newer_layers() {
    let spy = patch!(label).spy();
    let wrapper = patch!(label).with(|n| label(n + 1));
    assert_eq!(label(1), "n=2");
    assert_eq!(spy.calls(), 1);
    assert_eq!(wrapper.calls(), 1);
}
