//! Replace a function in a test, for as long as a guard lives.
//!
//! A library marks functions with [`#[patchable]`](macro@patchable). A test says
//! [`patch!(net::fetch)`](patch!)`.with(|url| …)` and gets a [`Guard`]: while the guard
//! lives the replacement runs, and when it drops — also while a panic unwinds — the
//! original comes back. Because the routing lives in the function itself, every caller
//! sees the patch: other crates, function pointers taken earlier, closures.
//!
//! ```
//! use patchable::{patch, patchable};
//!
//! mod net {
//!     #[patchable::patchable]
//!     pub fn fetch(url: &str) -> Result<String, String> {
//!         Err(format!("no network in doctests, cannot reach {url}"))
//!     }
//! }
//!
//! fn title(url: &str) -> String {
//!     net::fetch(url).map(|page| page.to_uppercase()).unwrap_or_default()
//! }
//!
//! let guard = patch!(net::fetch).with(|url| Ok(format!("stub for {url}")));
//! assert_eq!(title("example.org"), "STUB FOR EXAMPLE.ORG");
//! assert_eq!(guard.calls(), 1);
//! drop(guard);
//! assert_eq!(title("example.org"), "");
//! ```
//!
//! # Marking functions
//!
//! `#[patchable]` goes on any function with a body: free fns (generic, `unsafe`,
//! `async`, private, nested in another fn's body), methods of inherent impls, whole
//! inherent impls, and whole trait impls. The signature, visibility, generics,
//! attributes and docs stay as written, so callers compile exactly as before. A private
//! fn is patched from anywhere in its crate (`patch!(crate::db::query)` in another
//! module's tests); another crate patches what it can see.
//!
//! | item | patched as |
//! |---|---|
//! | `fn fetch(url: &str) -> Result<String, E>` | `patch!(fetch)`, `patch!(net::fetch)` |
//! | `fn parse<T: FromStr>(s: &str) -> Option<T>` | `patch!(parse::<u32>)`, per instantiation |
//! | `impl Client { #[patchable] fn get(&self, url: &str) -> … }` | `patch!(Client::get)` |
//! | `#[patchable] impl<T> Stack<T> { fn push(&mut self, x: T) }` | `patch!(Stack::<u8>::push)` |
//! | `#[patchable] impl Greeter for English { fn greet(&self) -> … }` | `patch!(<English as Greeter>::greet)` |
//! | `async fn load(id: u64) -> User` | `patch!(load)` |
//! | `#[patchable] trait Ext { fn shout(&self) -> String { … } }` | default methods, per type: `patch!(<English as Ext>::shout)` |
//! | `#[patchable] impl Ext for str`, `#[patchable] impl<T: AsRef<str>> Ext for T` | `patch!(<str as Ext>::m)`, `patch!(<String as Ext>::m)` |
//!
//! A trait impl for a type of this crate needs only the impl marked. Impls for other
//! crates' types (`str`, `Vec<T>`, a blanket `T`) need the trait marked too: their patch
//! slots hang off the trait. A marked trait looks the same to its users: no new methods,
//! the same dyn-compatibility.
//!
//! What cannot be patched soundly is a compile error at the offending tokens, with the
//! fix in the message: a `const fn`, a return type of `impl Trait`, a variadic fn, a
//! bodiless declaration, one method of a trait impl (mark the impl block instead). An
//! `impl Trait` argument is patched per instantiation, `patch!(open::<PathBuf>)`.
//!
//! # Patching
//!
//! `patch!(PATH)` names a `#[patchable]` function — `f`, `module::f`, `crate::a::f`,
//! `parse::<u32>` for one instantiation of a generic function, or a name brought in
//! with `use`; a method `Client::get`, `Stack::<u8>::push`, `Config::get::<u32>`; a
//! method of a trait impl or of a marked trait, for one type, `<English as Greeter>::greet`
//! — and gives a builder, whose verbs each have a page in [`verbs`]:
//!
//! - [`.with(closure)`](verbs::with) installs a replacement. Its argument types come
//!   from the function's signature (a method's receiver first), so `|url| …` needs no
//!   annotations, also when they borrow.
//! - [`.returns(value)`](verbs::returns) installs a replacement that returns clones of
//!   `value`.
//! - [`.with_async(closure)`](verbs::with_async), for an async fn, installs a replacement
//!   that returns a future to await; `.with` and `.returns` give an async fn's output
//!   directly.
//! - <span id="spying"></span>[`.spy()`](verbs::spy) keeps the original behaviour and
//!   counts calls.
//! - [`.returns_seq(values)`](verbs::returns_seq) returns the values one per call, then
//!   lets calls through to the next layer down; [`.once()`](verbs::once) makes any patch
//!   answer one call.
//! - [`.when(condition)`](verbs::when) makes the patch answer only the calls whose
//!   arguments `condition` accepts; [`.record(mapper)`](verbs::record) keeps a value of
//!   each call, which [`guard.records()`](Guard::records) lists.
//! - [`.in_sequence(&seq)`](verbs::in_sequence) checks the order of calls across
//!   functions, with a [`Sequence`].
//! - [`.times(n)`](verbs::times) expects exactly `n` calls; an unmet expectation panics
//!   when the guard drops, naming the function and both counts (unless the thread
//!   already panics); [`guard.verify()`](Guard::verify) checks it without panicking.
//! - [`.global()`](verbs::global) makes the patch seen by every thread (see
//!   [global patches](#global-patches)); [`.in_context()`](verbs::in_context) by the
//!   threads and tasks of the test's [context](#test-contexts);
//!   [`.real()`](verbs::real) makes this thread's calls run the original, past every
//!   other patch.
//!
//! The installing verbs return a [`Guard`]; [`guard.calls()`](Guard::calls) counts the
//! calls that reached the patch.
//!
//! Patches of one function stack: the newest wins, and dropping guards in any order
//! removes exactly their own layer. While a replacement runs, calls of the same
//! function from that thread reach the next layer down, so a replacement can wrap the
//! original:
//!
//! ```
//! use patchable::{patch, patchable};
//!
//! #[patchable]
//! fn price(item: &str) -> u32 {
//!     item.len() as u32
//! }
//!
//! let _sale = patch!(price).with(|item| price(item) / 2);
//! assert_eq!(price("sofa"), 2);
//! ```
//!
//! # Scopes
//!
//! A patch is seen by the thread that installed it, and only by it: tests that
//! `cargo test` runs in parallel never see each other's patches, with no locks.
//! Replacements are `'static` (a guard can be leaked), and need not be `Send`.
//!
//! ## Global patches
//!
//! When the code under test runs on other threads — `std::thread::spawn`, a thread pool,
//! a multi-threaded async runtime — patch with `.global()`: every thread sees the patch.
//!
//! ```
//! use patchable::{patch, patchable};
//!
//! #[patchable]
//! fn rate(currency: &str) -> f64 {
//!     unimplemented!("asks the bank about {currency}")
//! }
//!
//! fn convert_all(amounts: Vec<f64>) -> f64 {
//!     let workers: Vec<_> = amounts
//!         .into_iter()
//!         .map(|amount| std::thread::spawn(move || amount * rate("EUR")))
//!         .collect();
//!     workers.into_iter().map(|worker| worker.join().unwrap()).sum()
//! }
//!
//! let guard = patch!(rate).global().returns(2.0);
//! assert_eq!(convert_all(vec![1.0, 2.5]), 7.0);
//! assert_eq!(guard.calls(), 2);
//! ```
//!
//! - `.with`, `.returns`, `.spy`, `.times` and `.with_async` work as in thread scope, for
//!   every kind of `#[patchable]` fn. The replacement (or the value given to `.returns`)
//!   must be `Send`, since any thread may run it. Being an `FnMut`, it is run by one
//!   thread at a time: other threads calling the function meanwhile wait for it. So a
//!   replacement must not wait for another thread that calls the same function: that
//!   thread waits for the replacement. Two global replacements that call each other's
//!   functions from two threads at once would wait for each other forever: the call
//!   that would close the circle panics instead, naming the functions and the threads.
//! - An awaiting replacement (`.with_async`) is run by one thread at a time while it makes
//!   its future, not while the future runs: the futures of calls from several threads
//!   run side by side. While one is polled, on any thread, its own calls of the function
//!   reach the next layer down, so it can await the original.
//! - On one thread, a thread-scoped patch wins over a global one. A replacement that
//!   calls its own function reaches the next layer down, across scopes: a global
//!   replacement reaches an older global patch or the original, never itself, and never
//!   a thread-scoped patch above it.
//! - Threads take turns: while one thread holds global patches of a function, a global
//!   patch of it from another thread waits until those guards drop, so parallel tests
//!   that patch the same function globally run one after the other. Patches of
//!   different functions (or instantiations) never wait for each other, and one thread
//!   can stack global patches. A test that panics drops its guards while unwinding and
//!   so lets the next one in. A thread that ends with a guard leaked (`mem::forget`) gives
//!   its turn back, and the leaked patch stays installed.
//! - A global patch is seen by *every* test running at the same time, including tests
//!   that call the function without patching it. Patch in the test's
//!   [context](#test-contexts) instead, give a test that needs the real function
//!   [`.real()`](verbs::real), or run the suite with `cargo nextest`, which runs each
//!   test in a process of its own.
//! - A replacement that panics on another thread than the test's fails the test: the
//!   panic goes its way on that thread, and the guard panics when it drops, naming the
//!   function, the thread and the message — also when the code under test (or a
//!   runtime) swallowed the panic. [`guard.verify()`](Guard::verify) reports it too.
//! - When the guard drops, new calls see the previous behaviour at once; calls that
//!   already run the replacement on other threads finish with it.
//! - The guard is `!Send`, as in thread scope: it holds its thread's turn, so it is
//!   dropped where it was made. A `#[tokio::test]` may hold it across `.await`.
//!
//! ## Test contexts
//!
//! Between the two: [`.in_context()`](verbs::in_context) makes a patch seen by the
//! installing thread and by the threads and tasks that run in its test's [`Context`],
//! and by no one else — so two tests can patch one function this way at the same time,
//! without taking turns, while their code runs on thread pools and runtimes. Code joins
//! the context through a handle, [`Context::current()`]: `cx.wrap(closure)` for a thread,
//! `on_thread_start(cx.joiner())` for the workers of a runtime made for the test,
//! `cx.bind(future)` for a task spawned elsewhere. Replacements must be `Send`, and
//! everything else works as for global patches, panics on other threads included.
//!
//! ```
//! use patchable::{Context, patch, patchable};
//!
//! #[patchable]
//! fn rate(currency: &str) -> f64 {
//!     unimplemented!("asks the bank about {currency}")
//! }
//!
//! let guard = patch!(rate).in_context().returns(2.0);
//! let cx = Context::current();
//! let worker = std::thread::spawn(cx.wrap(|| rate("EUR") * 3.5));
//! assert_eq!(worker.join().unwrap(), 7.0);
//! assert_eq!(guard.calls(), 1);
//! ```
//!
//! # Methods, trait impls and async fns
//!
//! A method's replacement takes the receiver as its first argument, whatever its kind
//! (`self`, `&self`, `&mut self`, `self: Box<Self>`, `self: Pin<&mut Self>`, …). A
//! patch of a trait impl's method is seen by every caller, through `&dyn Trait` and the
//! trait's default methods included.
//!
//! ```
//! use patchable::{patch, patchable};
//!
//! pub trait Greeter {
//!     fn name(&self) -> String;
//!     fn greet(&self) -> String {
//!         format!("Hello, {}!", self.name())
//!     }
//! }
//!
//! pub struct English {
//!     user: String,
//! }
//!
//! #[patchable]
//! impl Greeter for English {
//!     fn name(&self) -> String {
//!         self.user.clone()
//!     }
//! }
//!
//! let english = English { user: "Ada".into() };
//! let greeter: &dyn Greeter = &english;
//! let _anonymous = patch!(<English as Greeter>::name).with(|english| {
//!     format!("user #{}", english.user.len())
//! });
//! assert_eq!(greeter.greet(), "Hello, user #3!");
//! ```
//!
//! For an async fn, `.with` and `.returns` give the output directly; `.with_async` takes
//! a replacement that returns a future, for one that needs to await.
//!
//! ```
//! use patchable::{patch, patchable};
//!
//! #[patchable]
//! async fn load_name(id: u64) -> String {
//!     unimplemented!("queries the database for user {id}")
//! }
//!
//! # fn block_on<F: std::future::Future>(future: F) -> F::Output {
//! #     let mut future = std::pin::pin!(future);
//! #     let mut context = std::task::Context::from_waker(std::task::Waker::noop());
//! #     loop {
//! #         if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
//! #             return output;
//! #         }
//! #     }
//! # }
//! # block_on(async {
//! let _db = patch!(load_name).with(|id| format!("user {id}"));
//! assert_eq!(load_name(7).await, "user 7");
//! # });
//! ```
//!
//! # Patching another crate's functions
//!
//! The hook lives inside the function, so a patch installed by an integration test is
//! seen by the dependency's own callers. The crate that defines the function marks it;
//! the crate whose tests patch turns on `enable` from its `[dev-dependencies]` (see
//! below), which Cargo's feature unification applies to the dependency's build in
//! `cargo test`:
//!
//! ```ignore
//! // tests/pricing.rs of a crate that depends on `shop`, whose `fetch` is #[patchable]
//! let _remote = patchable::patch!(shop::fetch).returns(Ok("4200".into()));
//! assert_eq!(shop::price_of("chair"), Ok(4200)); // `shop` calls its own `fetch`
//! ```
//!
//! # Production builds
//!
//! Patching is live when the crate that defines the function is compiled for its own
//! unit tests (`cfg(test)`), or when this crate's `enable` feature is on. Turn it on
//! from `[dev-dependencies]`, so that `cargo test` has it and `cargo build` does not.
//! The package is `patchable-mock` on crates.io (`patchable` there is an unrelated
//! crate); its library is `patchable`, the name code uses:
//!
//! ```toml
//! [dependencies]
//! patchable-mock = "0.1"
//!
//! [dev-dependencies]
//! patchable-mock = { version = "0.1", features = ["enable"] }
//! ```
//!
//! Every package whose tests patch needs that `[dev-dependencies]` line itself: in a
//! workspace, `cargo test --workspace` unifies features across packages, so it can pass
//! on a sibling's line while `cargo test -p that-package` finds patching compiled out.
//!
//! With patching off, a `#[patchable]` function compiles to the original function:
//! no hook, no extra instructions, no hidden item. `patch!` of a free fn then does not
//! compile: the error names the function, says where patching is live and gives the
//! line to add.
//!
//! # Limits
//!
//! - `patch!` on a fn that is not `#[patchable]` fails to compile at the path, with
//!   ``` `f` is not a `#[patchable]` fn ``` (or ``` `Client::get` is not a
//!   `#[patchable]` method ```) and what to mark.
//! - Only functions that carry `#[patchable]` can be patched: std's and those of crates
//!   that do not mark theirs are out of reach. For the clock, sleeping, environment
//!   variables and the filesystem, the `std-facades` feature adds `patchable::std`:
//!   marked facades that code calls instead of std's (`use patchable::std::fs;` for
//!   `use std::fs;`), with `FakeClock` and per-test `env::set` built on them.
//! - `patch!` tells methods from free fns by the path: a qualified path
//!   (`<T as Trait>::m`) is a trait impl's method, a path whose second-to-last segment
//!   starts with an uppercase letter or has generic arguments (`Client::get`,
//!   `Stack::<u8>::push`) is a method, anything else a free fn.
//! - A method that an unmarked impl of a marked trait defines has no hook: patching it
//!   has no effect. Mark the impl.
//! - Generic instantiations are told apart by their types with lifetimes erased:
//!   `patch!(f::<&'static str>)` also patches `f::<&'a str>`.
//! - The expansion names this crate as `::patchable`, or as the crate's `Cargo.toml`
//!   renames the dependency, or as `#[patchable(crate = path)]` says.

#![deny(missing_docs)]

/// Calls `$each!` with the type parameters of a tuple of each arity the runtime serves,
/// `() (A0) (A0 A1) …` up to 12: the hook passes a call's arguments as one tuple.
macro_rules! for_each_arity {
    ($each:ident) => {
        $each! {
            ()
            (A0)
            (A0 A1)
            (A0 A1 A2)
            (A0 A1 A2 A3)
            (A0 A1 A2 A3 A4)
            (A0 A1 A2 A3 A4 A5)
            (A0 A1 A2 A3 A4 A5 A6)
            (A0 A1 A2 A3 A4 A5 A6 A7)
            (A0 A1 A2 A3 A4 A5 A6 A7 A8)
            (A0 A1 A2 A3 A4 A5 A6 A7 A8 A9)
            (A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10)
            (A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11)
        }
    };
}

mod answer;
mod arguments;
mod builder;
mod call;
mod context;
mod dispatch;
mod enable;
mod entered;
mod entry;
mod failures;
mod global_layers;
mod global_scope;
mod guard;
mod inspect;
mod mismatch;
mod misplaced;
mod node;
mod readers;
mod records;
mod relaxed;
mod route;
mod scope;
mod sequence;
mod slot;
mod target;
mod thread_scope;
mod trait_method;
mod turns;
mod value;

pub use context::{Bound, Context, ContextGuard};
pub use guard::Guard;
pub use mismatch::Mismatch;
pub use sequence::Sequence;

#[doc(test(attr(deny(warnings))))]
pub mod verbs;

// The facades are `#[patchable]` fns of this crate, whose expansion names `::patchable`.
#[cfg(feature = "std-facades")]
extern crate self as patchable;

// Its test helpers (`FakeClock`, `env::set`) are patches, so they exist where patching is
// on: docs built without `enable` cannot link to them.
#[cfg(feature = "std-facades")]
#[cfg_attr(not(feature = "enable"), allow(rustdoc::broken_intra_doc_links))]
#[doc(test(attr(deny(warnings))))]
pub mod std;

/// Makes a function patchable by [`patch!`].
///
/// Put it on a free function (generic, `unsafe`, `async`, private, nested in a body —
/// any fn with a body), on a method of an inherent impl, or on a whole `impl` block,
/// inherent or of a trait, to make every method patchable (a `const fn` inside is left
/// as it is). On a trait definition, it makes the default methods patchable for each
/// implementing type, and lets impls of the trait for other crates' types and blanket
/// impls be marked too. The signature, visibility, generics, attributes and docs stay
/// as they are, so callers compile unchanged. Refused, each with a compile error:
/// `const fn`, a return type of `impl Trait`, items without a
/// body, a single method of a trait impl or of a trait definition (mark the block or the
/// trait instead), an impl for another crate's type of an unmarked trait.
///
/// ```
/// #[patchable::patchable]
/// pub fn first_word(s: &str) -> &str {
///     s.split(' ').next().unwrap_or(s)
/// }
///
/// let _g = patchable::patch!(first_word).with(|s| &s[..1]);
/// assert_eq!(first_word("hello world"), "h");
/// ```
///
/// Methods take their receiver as the replacement's first argument; a trait impl's
/// methods are patched for their type, and calls through the trait see it:
///
/// ```
/// use patchable::{patch, patchable};
///
/// pub struct Counter(u32);
///
/// #[patchable]
/// impl Counter {
///     pub fn bump(&mut self, by: u32) -> u32 {
///         self.0 += by;
///         self.0
///     }
/// }
///
/// #[patchable]
/// impl std::fmt::Display for Counter {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         write!(f, "{}", self.0)
///     }
/// }
///
/// let _bump = patch!(Counter::bump).with(|counter, by| {
///     counter.0 += 10 * by;
///     counter.0
/// });
/// let _fmt = patch!(<Counter as std::fmt::Display>::fmt).with(|_, f| f.write_str("many"));
/// let mut counter = Counter(0);
/// assert_eq!(counter.bump(1), 10);
/// assert_eq!(counter.to_string(), "many");
/// ```
///
/// A marked trait is patched per implementing type, the types of other crates included:
///
/// ```
/// use patchable::{patch, patchable};
///
/// #[patchable]
/// pub trait Shout {
///     fn word(&self) -> String;
///
///     fn shout(&self) -> String {
///         format!("{}!", self.word().to_uppercase())
///     }
/// }
///
/// #[patchable]
/// impl Shout for str {
///     fn word(&self) -> String {
///         self.to_owned()
///     }
/// }
///
/// let _word = patch!(<str as Shout>::word).with(|s| s.repeat(2));
/// assert_eq!("ho".shout(), "HOHO!");
/// ```
///
/// ```compile_fail
/// trait Shout {
///     fn word(&self) -> String;
/// }
///
/// #[patchable::patchable] // `str` is of another crate: mark the trait too
/// impl Shout for str {
///     fn word(&self) -> String {
///         self.to_owned()
///     }
/// }
/// ```
///
/// ```compile_fail
/// trait Greeter {
///     fn greet(&self) -> String;
/// }
///
/// impl Greeter for () {
///     #[patchable::patchable] // put it on the `impl` block
///     fn greet(&self) -> String {
///         "hi".into()
///     }
/// }
/// ```
///
/// ```compile_fail
/// #[patchable::patchable]
/// const fn answer() -> u32 {
///     42
/// }
/// ```
pub use patchable_macros::patchable;

/// Starts a patch of a [`#[patchable]`](macro@patchable) function.
///
/// `patch!(PATH)` gives a builder; [`.with(closure)`](verbs::with),
/// [`.returns(value)`](verbs::returns), [`.spy()`](verbs::spy) (and
/// [`.with_async(closure)`](verbs::with_async) for an async fn) install the patch and
/// return its [`Guard`], [`.times(n)`](verbs::times) sets an expectation,
/// [`.global()`](verbs::global) makes every thread see the patch. Each verb has a page
/// in [`verbs`].
///
/// ```
/// use patchable::{patch, patchable};
///
/// #[patchable]
/// fn parse<T: std::str::FromStr>(s: &str) -> Option<T> {
///     s.parse().ok()
/// }
///
/// let _g = patch!(parse::<u32>).times(1).returns(Some(7));
/// assert_eq!(parse::<u32>("1"), Some(7));
/// assert_eq!(parse::<i64>("1"), Some(1)); // other instantiations are left alone
/// ```
///
/// # Errors
///
/// When patching is compiled out of the function's crate, `patch!` of a free fn does not
/// compile: the error names the function and the `Cargo.toml` line that turns it on.
///
/// `patch!` hands this crate's own path to the macro that expands it, so it works under
/// any name the dependency is given.
#[macro_export]
macro_rules! patch {
    ($($path:tt)*) => {
        $crate::patch_at!($crate; $($path)*)
    };
}

/// The builder `patch!` returns (see [`verbs`]). At the crate's root under a name of its
/// own, not only in [`__private`]: rustc's notes name a verb by the shortest path to its
/// type ("required by a bound in `Patch::…::with`").
#[doc(hidden)]
pub use builder::Builder as Patch;

/// What a builder without an installing verb fails, for an error that says to add one.
/// At the crate's root, not only in [`__private`], for the shortest path in rustc's notes.
#[doc(hidden)]
pub use builder::{NeedsAVerb, patch_needs_a_verb};

/// The scopes a builder is in, named in the errors of verbs a scope refuses.
#[doc(hidden)]
pub use scope::{Global, InContext};

/// The kind of a fn that is not async, named in the error of a `.with_async` for one.
#[doc(hidden)]
pub use builder::NotAsync;

/// What `patch!` expands to. At the crate's root, not in [`__private`]: rustc's notes name
/// the macro an error comes from by the path `patch!` calls it with.
#[doc(hidden)]
pub use patchable_macros::patch_at;

/// The README's code blocks, compiled and run as doctests: `cargo test --doc` checks that
/// they build without warnings and that their tests pass. Only under `cfg(doctest)`, so
/// that the packaged crate, whose README lies elsewhere, builds without it.
#[cfg(doctest)]
#[doc(test(attr(deny(warnings))))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The items the macros' expansion names. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::__patchable_marked_trait as marked_trait;
    pub use crate::__patchable_unmarkable_trait as unmarkable_trait;
    pub use crate::answer::{Answer, BoxFuture, Pending};
    pub use crate::arguments::{
        replacing0, replacing1, replacing2, replacing3, replacing4, replacing5, replacing6,
        replacing7, replacing8, replacing9, replacing10, replacing11, replacing12,
    };
    pub use crate::builder::{
        Awaitable, Builder, Glue, NotAsync, Returning, State, patch_needs_a_verb,
    };
    pub use crate::call::{Call, NoInspector, Uninspected};
    pub use crate::dispatch::{
        Hit, Key, Layers, UNKEYED, dispatch, key_of, layers, lookup, lookup_uninspected,
    };
    pub use crate::inspect::Uninspectable;
    pub use crate::node::Node;
    pub use crate::records::Records;
    pub use crate::scope::{Global, InContext, Scope, Thread};
    pub use crate::slot::{Slot, live_patches};
    pub use crate::target::{Name, Target};
    pub use crate::trait_method::{Nil, TraitGlue, TraitMethod};
    pub use crate::value::{ElidedOutput, OutputBorrowsFromTheCall, Unused};
    pub use crate::{__patchable_enabled as enabled, __patchable_if_enabled as if_enabled};
    pub use core::any::type_name;
    pub use core::clone::Clone;
    pub use core::fmt::{Formatter, Result as FmtResult};
    pub use core::future::Future;
    pub use core::marker::{PhantomData, Send, Sized};
    pub use core::ops::{ControlFlow, FnMut};
    pub use core::option::Option::{None, Some};
    pub use patchable_macros::patchable_in_tests;
    pub use std::boxed::Box;
    pub use std::sync::Arc;

    /// Glob-imported by the expansion as the router of a trait that is not marked; see
    /// `route.rs`.
    pub mod fallback {
        pub use crate::__patchable_unmarked_trait as __PatchableTrait;
    }
}
