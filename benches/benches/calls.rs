//! Wall-clock time per call with criterion: `cargo bench -p patchable-bench --bench calls`.
//!
//! Timings on a shared 2-core machine are noisy; `benches/callgrind.sh` counts
//! instructions instead, and its table is the one the README quotes.

mod cases;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use cases::{PatchOnOtherThread, patched, plain, replacement};
use patchable::patch;

fn calls(c: &mut Criterion) {
    let mut group = c.benchmark_group("call");
    group.bench_function("plain fn", |b| b.iter(|| plain(black_box(1))));
    group.bench_function("patchable: not patched", |b| {
        b.iter(|| patched(black_box(1)))
    });
    {
        let _guard = patch!(patched).with(replacement);
        group.bench_function("patchable: thread patch live", |b| {
            b.iter(|| patched(black_box(1)))
        });
    }
    {
        let _other = PatchOnOtherThread::new();
        group.bench_function("patchable: other thread patched", |b| {
            b.iter(|| patched(black_box(1)))
        });
    }
    {
        let _guard = patch!(patched).global().with(replacement);
        group.bench_function("patchable: global patch live", |b| {
            b.iter(|| patched(black_box(1)))
        });
    }
    group.finish();
}

fn install_drop(c: &mut Criterion) {
    let mut group = c.benchmark_group("install + drop");
    group.bench_function("patchable: thread scope", |b| {
        b.iter(|| drop(black_box(patch!(patched).with(replacement))))
    });
    group.bench_function("patchable: global scope", |b| {
        b.iter(|| drop(black_box(patch!(patched).global().with(replacement))))
    });
    group.finish();
}

criterion_group!(benches, calls, install_drop);
criterion_main!(benches);
