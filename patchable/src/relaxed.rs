//! Relaxed loads and stores of word-sized atomics, one instruction each also in
//! unoptimized builds.
//!
//! Every call of every `#[patchable]` fn in a `cargo test` build loads its slot's count,
//! and a call that reaches a thread-scoped layer reads and writes a few words of its
//! header. There, `AtomicUsize::load` is two calls deep and costs 27 instructions (and
//! `Cell::set` a dozen); the plain aligned load or store that it compiles to when
//! optimized costs one. Macros rather than functions: in unoptimized builds even an
//! `#[inline(always)]` function costs a few instructions to pass its arguments.
//! Optimized builds keep the atomic operations, which the compiler folds as it likes.

/// `(*$atomic).load(Relaxed)`, a `$ty`, for a pointer to a live `AtomicUsize` or `AtomicPtr`.
macro_rules! relaxed_load {
    ($atomic:expr, $ty:ty) => {{
        #[cfg(all(debug_assertions, any(target_arch = "x86_64", target_arch = "aarch64")))]
        {
            let value: $ty;
            // SAFETY: `$atomic` points to a live, aligned word-sized atomic; an aligned
            // word-sized load is a relaxed atomic load on these targets (what
            // `load(Relaxed)` compiles to).
            unsafe {
                #[cfg(target_arch = "x86_64")]
                core::arch::asm!(
                    "mov {value}, qword ptr [{atomic}]",
                    value = lateout(reg) value,
                    atomic = in(reg) $atomic,
                    options(nostack, readonly, preserves_flags),
                );
                #[cfg(target_arch = "aarch64")]
                core::arch::asm!(
                    "ldr {value}, [{atomic}]",
                    value = lateout(reg) value,
                    atomic = in(reg) $atomic,
                    options(nostack, readonly, preserves_flags),
                );
            }
            value
        }
        #[cfg(not(all(debug_assertions, any(target_arch = "x86_64", target_arch = "aarch64"))))]
        {
            let value: $ty =
                // SAFETY: `$atomic` points to a live atomic.
                unsafe { &*$atomic }.load(core::sync::atomic::Ordering::Relaxed);
            value
        }
    }};
}

/// `(*$atomic).store($value, Relaxed)`, for a pointer to a live `AtomicUsize` or
/// `AtomicPtr` and a value of its type (`0_usize`, not `0`).
macro_rules! relaxed_store {
    ($atomic:expr, $value:expr) => {{
        let value = $value;
        #[cfg(all(debug_assertions, any(target_arch = "x86_64", target_arch = "aarch64")))]
        // SAFETY: `$atomic` points to a live, aligned word-sized atomic; an aligned
        // word-sized store is a relaxed atomic store on these targets.
        unsafe {
            #[cfg(target_arch = "x86_64")]
            core::arch::asm!(
                "mov qword ptr [{atomic}], {value}",
                atomic = in(reg) $atomic,
                value = in(reg) value,
                options(nostack, preserves_flags),
            );
            #[cfg(target_arch = "aarch64")]
            core::arch::asm!(
                "str {value}, [{atomic}]",
                atomic = in(reg) $atomic,
                value = in(reg) value,
                options(nostack, preserves_flags),
            );
        }
        #[cfg(not(all(debug_assertions, any(target_arch = "x86_64", target_arch = "aarch64"))))]
        // SAFETY: `$atomic` points to a live atomic.
        unsafe { &*$atomic }.store(value, core::sync::atomic::Ordering::Relaxed);
    }};
}

pub(crate) use {relaxed_load, relaxed_store};
