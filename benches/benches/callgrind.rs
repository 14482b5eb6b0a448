//! Instruction counts per call, for `benches/callgrind.sh`.
//!
//! `callgrind CASE ITERATIONS` runs one case: its setup, then `measure`, which calls the
//! case's operation ITERATIONS times. The script runs this under
//! `valgrind --tool=callgrind --toggle-collect=*counted_loop*`, so only the loop is counted,
//! twice with different ITERATIONS so that one-time costs cancel out, and subtracts the
//! `loop` case (the same loop around no call). `callgrind --list` names the cases.
//!
//! Allocations inside `counted_loop` are counted too (one relaxed increment per allocation,
//! which callgrind counts like everything else) and printed as `allocations=N`.

mod cases;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

use cases::{PatchOnOtherThread, patched, plain, replacement};
use patchable::patch;
use patchable_bench_lib as lib;
use patchable_bench_mry::{mock_mry_add, mry_add};

/// Every case, in the order of the table. Each sets up, then calls [`measure`] once.
const CASES: &[(&str, fn())] = &[
    ("loop", || measure(1, |x| x)),
    ("plain fn", || measure(2, plain)),
    ("patchable: not patched", || measure(2, patched)),
    ("patchable: thread patch live", patchable_thread_patched),
    ("patchable: other thread patched", || {
        let _other = PatchOnOtherThread::new();
        measure(2, patched)
    }),
    ("patchable: install + drop", patchable_install_drop),
    ("patchable: global patch live", patchable_global_patched),
    (
        "patchable: global install + drop",
        patchable_global_install_drop,
    ),
    ("mry: not mocked", || measure(2, mry_add)),
    ("mry: mocked", mry_mocked),
    ("mry: install + drop", mry_install_drop),
    ("mockall: mocked", mockall_mocked),
    ("mockall: install + drop", mockall_install_drop),
    // `usize` is `u64` on the 64-bit targets measured: the casts are no instructions.
    ("plain fn, in a library", || {
        measure(2, |x| lib::plain(x as usize) as u64)
    }),
    ("patchable: not patched, in a library", || {
        measure(2, |x| lib::patched(x as usize) as u64)
    }),
    (
        "2 arguments through a fn pointer: plain fn, in a library",
        || {
            let f: fn(usize, usize) -> usize = black_box(lib::plain2);
            measure(2, move |x| f(x as usize, 1) as u64)
        },
    ),
    (
        "2 arguments through a fn pointer: patchable, not patched, in a library",
        || {
            let f: fn(usize, usize) -> usize = black_box(lib::patched2);
            measure(2, move |x| f(x as usize, 1) as u64)
        },
    ),
];

fn patchable_thread_patched() {
    let _guard = patch!(patched).with(replacement);
    measure(3, patched)
}

fn patchable_install_drop() {
    measure(1, |x| {
        drop(black_box(patch!(patched).with(replacement)));
        x
    })
}

fn patchable_global_patched() {
    let _guard = patch!(patched).global().with(replacement);
    measure(3, patched)
}

fn patchable_global_install_drop() {
    measure(1, |x| {
        drop(black_box(patch!(patched).global().with(replacement)));
        x
    })
}

// mry's mocks of a free fn live while `#[mry::lock(f)]` holds f's lock.
#[mry::lock(mry_add)]
fn mry_mocked() {
    mock_mry_add(mry::Any).returns_with(replacement);
    measure(3, mry_add)
}

fn mry_install_drop() {
    #[mry::lock(mry_add)]
    fn install() {
        mock_mry_add(mry::Any).returns_with(replacement);
    }
    measure(1, |x| {
        install();
        x
    })
}

/// mockall mocks traits: the same body behind a trait method.
#[mockall::automock]
pub trait Add {
    fn add(&self, x: u64) -> u64;
}

fn mockall_mocked() {
    let mut mock = MockAdd::new();
    mock.expect_add().returning(replacement);
    let mock = black_box(&mock);
    measure(3, |x| mock.add(x))
}

fn mockall_install_drop() {
    measure(1, |x| {
        let mut mock = MockAdd::new();
        mock.expect_add().returning(replacement);
        drop(black_box(mock));
        x
    })
}

static ITERATIONS: AtomicU64 = AtomicU64::new(0);

/// The loop callgrind counts: `op` called ITERATIONS times, arguments and results
/// through `black_box` so that nothing is folded away. First checks that the case
/// measures what it says: `op(1)` is `expected` (3 when a replacement answers).
fn measure<F: FnMut(u64) -> u64>(expected: u64, mut op: F) {
    assert_eq!(op(1), expected, "the case does not call what it claims");
    counted_loop(op);
}

#[inline(never)]
fn counted_loop<F: FnMut(u64) -> u64>(mut op: F) {
    let iterations = ITERATIONS.load(Relaxed);
    COUNTING.store(true, Relaxed);
    for i in 0..iterations {
        black_box(op(black_box(i)));
    }
    COUNTING.store(false, Relaxed);
}

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

struct CountingAllocator;

// SAFETY: forwards to the system allocator unchanged.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            ALLOCATIONS.fetch_add(1, Relaxed);
        }
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [list] if list == "--list" => CASES.iter().for_each(|(name, _)| println!("{name}")),
        [case, iterations] => {
            let Some((_, run)) = CASES.iter().find(|(name, _)| name == case) else {
                panic!("no case `{case}`; `--list` names them");
            };
            let iterations = iterations.parse().expect("ITERATIONS is a number");
            ITERATIONS.store(iterations, Relaxed);
            run();
            println!("allocations={}", ALLOCATIONS.load(Relaxed));
        }
        _ => panic!("usage: callgrind --list | callgrind CASE ITERATIONS"),
    }
}
