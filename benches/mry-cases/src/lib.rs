//! The function the benchmarks mock with mry.
//!
//! mry compiles its mocking only where `debug_assertions` are on, in its own crate and in
//! the crate that uses `#[mry::mry]`. So that the release benchmark can measure mry at
//! all, the workspace turns debug assertions on for mry and this crate alone (see the
//! root Cargo.toml); everything else in the benchmark stays a plain release build.

/// The benchmark's trivial body, mockable by mry: `mock_mry_add(mry::Any).returns(…)`.
#[mry::mry]
#[inline(never)]
pub fn mry_add(x: u64) -> u64 {
    x.wrapping_add(1)
}
