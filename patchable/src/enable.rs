//! The production switch. The expansion asks these macros, not the user's crate features,
//! whether patching is compiled in: their definition follows patchable's own `enable`.

/// Emits the patch hook of a function body, one statement, when patching is on for the
/// defining crate. Not wrapped in a block: the hook may bind the arguments again.
#[doc(hidden)]
#[cfg(feature = "enable")]
#[macro_export]
macro_rules! __patchable_if_enabled {
    ($($hook:tt)*) => { $($hook)* };
}

/// Emits the patch hook of a function body, one statement, when patching is on for the
/// defining crate. Not wrapped in a block: the hook may bind the arguments again.
#[doc(hidden)]
#[cfg(not(feature = "enable"))]
#[macro_export]
macro_rules! __patchable_if_enabled {
    // `cfg(test)` here is the defining crate's: it is expanded there.
    ($($hook:tt)*) => { #[cfg(test)] $($hook)* };
}

/// Whether the patch hook above was emitted, as a `bool` constant.
#[doc(hidden)]
#[cfg(feature = "enable")]
#[macro_export]
macro_rules! __patchable_enabled {
    () => {
        true
    };
}

/// Whether the patch hook above was emitted, as a `bool` constant.
#[doc(hidden)]
#[cfg(not(feature = "enable"))]
#[macro_export]
macro_rules! __patchable_enabled {
    () => {
        ::core::cfg!(test)
    };
}
