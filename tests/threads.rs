//! Thread scope: a patch is seen by the thread that installed it, nowhere else.

use std::sync::Barrier;
use std::thread;

use patchable::{patch, patchable};

#[patchable]
fn ident(n: u64) -> u64 {
    n
}

#[test]
fn other_threads_do_not_see_a_thread_scoped_patch() {
    let _guard = patch!(ident).returns(0);
    assert_eq!(ident(5), 0);
    let seen = thread::spawn(|| ident(5)).join().unwrap();
    assert_eq!(seen, 5);
}

#[test]
fn sixteen_threads_patching_one_function_never_see_each_others_values() {
    const THREADS: u64 = 16;
    const ROUNDS: u64 = 2_000;
    let barrier = Barrier::new(THREADS as usize);
    thread::scope(|scope| {
        for id in 0..THREADS {
            let barrier = &barrier;
            scope.spawn(move || {
                barrier.wait();
                for round in 0..ROUNDS {
                    let mine = id * 1_000_000 + round;
                    let guard = patch!(ident).returns(mine);
                    assert_eq!(ident(1), mine);
                    let nested = patch!(ident).with(move |n| n + mine);
                    assert_eq!(ident(1), mine + 1);
                    drop(guard);
                    assert_eq!(ident(2), mine + 2);
                    drop(nested);
                    assert_eq!(ident(3), 3);
                }
            });
        }
    });
}

// A compile-time check: `<Guard as AmbiguousIfSend<_>>::check` would be ambiguous, and
// fail to compile, if `Guard` were `Send`.
trait AmbiguousIfSend<A> {
    fn check() {}
}
impl<T: ?Sized> AmbiguousIfSend<()> for T {}
impl<T: ?Sized + Send> AmbiguousIfSend<u8> for T {}

#[test]
fn a_thread_scoped_guard_is_not_send() {
    <patchable::Guard as AmbiguousIfSend<_>>::check();
}

#[patchable]
fn shared_count() -> std::rc::Rc<u64> {
    std::rc::Rc::new(0)
}

/// Only patches other threads see need `Send` replacements: a thread-scoped one may
/// capture, return or hand out one by one what cannot leave its thread.
#[test]
fn a_thread_scoped_patch_takes_what_is_not_send() {
    use std::cell::Cell;
    use std::rc::Rc;

    let calls = Rc::new(Cell::new(0));
    let counted = Rc::clone(&calls);
    let with = patch!(ident).with(move |n| {
        counted.set(counted.get() + 1);
        n * 2
    });
    assert_eq!(ident(4), 8);
    assert_eq!(calls.get(), 1);
    drop(with);

    let returns = patch!(shared_count).returns(Rc::new(7));
    assert_eq!(*shared_count(), 7);
    drop(returns);
    let _seq = patch!(shared_count).returns_seq([Rc::new(1), Rc::new(2)]);
    assert_eq!((*shared_count(), *shared_count()), (1, 2));
    assert_eq!(*shared_count(), 0);
}
