//! The verbs of a patch: what to write after `patch!(f)`.
//!
//! This module holds no code: these pages, and the traits the verbs' errors name.
//! [`patch!(f)`](crate::patch!) gives a builder whose type the crate keeps out of the
//! docs: its type parameters carry the function's signature, which is what lets a
//! closure go without type annotations, and they change without notice. Its methods, and
//! the [`Guard`](crate::Guard)'s, are:
//!
//! | verb | what it does | goes |
//! |---|---|---|
//! | [`.with(closure)`](with) | installs a replacement that runs instead of `f` | last, gives a [`Guard`](crate::Guard) |
//! | [`.returns(value)`](returns) | installs a replacement that returns clones of `value` | last, gives a [`Guard`](crate::Guard) |
//! | [`.spy()`](spy) | keeps `f`'s behaviour and counts calls | last, gives a [`Guard`](crate::Guard) |
//! | [`.with_async(closure)`](with_async) | for an async fn: a replacement that returns a future | last, gives a [`Guard`](crate::Guard) |
//! | [`.returns_seq(values)`](returns_seq) | installs a replacement that returns `values`, one per call, then lets calls through | last, gives a [`Guard`](crate::Guard) |
//! | [`.when(condition)`](when) | the patch answers only the calls `condition` accepts; the others go to the next layer down | before the installing verb |
//! | [`.record(mapper)`](record) | keeps a value of each call, made from its arguments | before the installing verb; read on the guard |
//! | [`.once()`](once) | the patch answers one call; later calls go to the next layer down | before the installing verb |
//! | [`.in_sequence(&seq)`](in_sequence) | checks the order of calls across functions | before the installing verb |
//! | [`.times(n)`](times) | expects exactly `n` calls, checked when the guard drops | before the installing verb, or on its guard |
//! | [`.global()`](global) | makes every thread see the patch | before the installing verb |
//! | [`.in_context()`](in_context) | makes the threads and tasks of the test's context see the patch | before the installing verb |
//! | [`.real()`](real) | this thread's calls run the original, past every other patch | last, gives a [`Guard`](crate::Guard) |
//! | [`guard.calls()`](calls) | counts the calls that reached the patch | on the guard |
//! | [`guard.records()`](record) | what `.record` kept (also `.last()`, `.take_records()`) | on the guard |
//! | [`guard.verify()`](verify) | checks `.times(n)` now, without panicking | on the guard |
//!
//! A patch reads as one sentence: `patch!(f)`, then optionally `.global()`, `.when(…)`,
//! `.record(…)`, `.once()`, `.in_sequence(&seq)` and `.times(n)`, in any order, then one
//! installing verb. The patch lives as long as the guard that verb
//! returns; bind it (`let _guard = …`), since `let _ = …` drops it at once.
//!
//! ```
//! use patchable::{patch, patchable};
//!
//! #[patchable]
//! fn rate(currency: &str) -> f64 {
//!     unimplemented!("asks the bank about {currency}")
//! }
//!
//! let guard = patch!(rate).times(2).returns(1.5);
//! assert_eq!(rate("EUR") + rate("USD"), 3.0);
//! assert_eq!(guard.calls(), 2);
//! ```

pub use crate::misplaced::{GoesBeforeTheVerb, OnTheGuard, PatchMadeAlready};

pub mod with {
    //! `patch!(f).with(replacement)`: runs `replacement` instead of `f` while the guard
    //! lives.
    //!
    //! The replacement is a closure (or a fn) that takes `f`'s arguments — a method's
    //! receiver first, whatever its kind — and returns what `f` returns; for an async fn,
    //! its output, with no future to write (see [`with_async`](super::with_async) for a
    //! replacement that awaits). Its argument types come from `f`'s signature, so
    //! `|url| …` needs no annotations, borrowed arguments and borrowed returns included.
    //!
    //! It is an `FnMut + 'static`: it may keep state, and it may not borrow from the test's
    //! stack (move what it needs in, or share it through an `Rc`). In thread scope it need
    //! not be `Send`; after [`.global()`](super::global) it must be.
    //!
    //! While the replacement runs, its own calls of `f` reach the next layer down — an
    //! older patch, or the original — so a replacement can wrap the real thing. Returns
    //! the [`Guard`](crate::Guard).
    //!
    //! ```
    //! use patchable::{patch, patchable};
    //!
    //! pub struct Client {
    //!     base: String,
    //! }
    //!
    //! #[patchable]
    //! impl Client {
    //!     pub fn get(&self, path: &str) -> Result<String, String> {
    //!         Err(format!("no network: {}{path}", self.base))
    //!     }
    //! }
    //!
    //! #[patchable]
    //! fn price(item: &str) -> u32 {
    //!     item.len() as u32 * 100
    //! }
    //!
    //! let mut seen = Vec::new();
    //! let _get = patch!(Client::get).with(move |client, path| {
    //!     seen.push(path.to_owned()); // state of its own: an FnMut
    //!     Ok(format!("{}{path} #{}", client.base, seen.len()))
    //! });
    //! let _sale = patch!(price).with(|item| price(item) / 2); // wraps the original
    //!
    //! let client = Client { base: "test://".into() };
    //! assert_eq!(client.get("a"), Ok("test://a #1".to_string()));
    //! assert_eq!(client.get("b"), Ok("test://b #2".to_string()));
    //! assert_eq!(price("sofa"), 200);
    //! ```
}

pub mod returns {
    //! `patch!(f).returns(value)`: makes `f` return a clone of `value` on every call while
    //! the guard lives, whatever the arguments.
    //!
    //! `value` has exactly `f`'s return type — `"x".to_string()` for a `String`, not
    //! `"x"` — or, for an async fn, its output. It must be `Clone + 'static`, and `Send`
    //! after [`.global()`](super::global). To answer according to the arguments, use
    //! [`.with`](super::with). Where the output borrows from the call in a way no one
    //! value could serve every call, `.returns` takes nothing
    //! ([`OutputBorrowsFromTheCall`]). Returns the [`Guard`](crate::Guard).
    //!
    //! ```
    //! use patchable::{patch, patchable};
    //!
    //! #[patchable]
    //! fn fetch(url: &str) -> Result<String, String> {
    //!     Err(format!("no network: {url}"))
    //! }
    //!
    //! let _page = patch!(fetch).returns(Ok("<title>stub</title>".to_string()));
    //! assert_eq!(fetch("a.org"), fetch("b.org"));
    //! assert_eq!(fetch("a.org").unwrap(), "<title>stub</title>");
    //! ```

    pub use crate::value::{OutputBorrowsFromTheCall, Reusable};
}

pub mod spy {
    //! `patch!(f).spy()`: keeps `f`'s behaviour and counts the calls, while the guard
    //! lives.
    //!
    //! A spy is a layer that lets every call through to the next layer down (an older
    //! patch, or the original). Read the count with [`guard.calls()`](super::calls), or
    //! check it with [`.times(n)`](super::times) when the guard drops. Returns the
    //! [`Guard`](crate::Guard).
    //!
    //! ```
    //! use patchable::{patch, patchable};
    //!
    //! #[patchable]
    //! fn log(line: &str) -> usize {
    //!     line.len()
    //! }
    //!
    //! fn report(lines: &[&str]) -> usize {
    //!     lines.iter().map(|line| log(line)).sum()
    //! }
    //!
    //! let spy = patch!(log).times(3).spy();
    //! assert_eq!(report(&["a", "bb", "ccc"]), 6); // the original still runs
    //! assert_eq!(spy.calls(), 3);
    //! ```
}

pub mod with_async {
    //! `patch!(f).with_async(replacement)`, for an async fn: a replacement that returns a
    //! future, for one that needs to await.
    //!
    //! Only for an async fn (free or a method; for another, a compile error says to use
    //! `.with`); [`.with`](super::with) and
    //! [`.returns`](super::returns) give an async fn's output directly and are enough when
    //! nothing needs awaiting. The replacement takes `f`'s arguments and returns a
    //! `Future<Output = …>` that is `Send + 'static`: it cannot borrow the arguments, so
    //! clone what it needs before `async move`. If `f`'s output borrows an argument
    //! (`async fn name(&self) -> &str`), return a boxed future:
    //! `.with_async(|_| Box::pin(async { "static" }))`.
    //!
    //! The replacement itself runs only while it makes the future. While the future is
    //! polled (on the thread that installed the patch, or on any thread for a
    //! [global](super::global) patch), its calls of `f` reach the next layer down, so it
    //! can await the original. Returns the [`Guard`](crate::Guard).
    //!
    //! ```
    //! use patchable::{patch, patchable};
    //!
    //! #[patchable]
    //! async fn load_name(id: u64) -> String {
    //!     format!("user {id}")
    //! }
    //!
    //! # #[tokio::main(flavor = "current_thread")]
    //! # async fn main() {
    //! let _loud = patch!(load_name).with_async(|id| async move {
    //!     let name = load_name(id).await; // the original
    //!     tokio::task::yield_now().await;
    //!     name.to_uppercase()
    //! });
    //! assert_eq!(load_name(7).await, "USER 7");
    //! # }
    //! ```

    pub use crate::builder::Awaits;
}

pub mod returns_seq {
    //! `patch!(f).returns_seq(values)`: makes `f` return the next of `values` on each call
    //! while the guard lives; once they are used up, calls go past the patch to the next
    //! layer down — an older patch, or the original — as if it were not there.
    //!
    //! Each value is returned once, so it needs no `Clone`; `values` is anything iterable
    //! over `f`'s return type (or, for an async fn, its output), `Send` after
    //! [`.global()`](super::global). [`guard.calls()`](super::calls) counts the calls
    //! answered, at most as many as there were values. Returns the
    //! [`Guard`](crate::Guard).
    //!
    //! ```
    //! use patchable::{patch, patchable};
    //!
    //! #[patchable]
    //! fn fetch(url: &str) -> Result<String, String> {
    //!     Ok(format!("page at {url}"))
    //! }
    //!
    //! fn fetch_with_retry(url: &str) -> Result<String, String> {
    //!     fetch(url).or_else(|_| fetch(url)).or_else(|_| fetch(url))
    //! }
    //!
    //! // Two failures, then the real thing.
    //! let outage = patch!(fetch).returns_seq([Err("timeout".to_string()), Err("reset".to_string())]);
    //! assert_eq!(fetch_with_retry("a"), Ok("page at a".to_string()));
    //! assert_eq!(outage.calls(), 2);
    //! ```
}

pub mod when {
    //! `patch!(f).when(condition)`: the patch answers only the calls for which
    //! `condition` returns `true`; the others go past it to the next layer down — an older
    //! patch, or the original — uncounted, as if it were not there.
    //!
    //! `condition` is a closure of a shared borrow of each argument (a method's receiver
    //! first): `&&str` for a `&str`, `&u32` for a `u32`, `&&mut Vec<u8>` for a `&mut
    //! Vec<u8>` — methods see through them (`url.starts_with(…)`), a comparison derefs
    //! (`*url == "…"`). Like `.with`'s, its argument types come from `f`'s signature, so
    //! it needs no annotations. It runs before the replacement, on the calling thread, as
    //! part of the patch: its own calls of `f` reach the next layer down. It must be
    //! `Send + 'static`, in either scope.
    //!
    //! Goes before the installing verb, once per patch (join conditions with `&&`).
    //! Conditional patches of one function stack: each call is answered by the newest
    //! patch whose condition accepts it — a dispatch table. Not for functions of more
    //! than 12 arguments.
    //!
    //! It comes with the `enable` feature (its own feature, `inspect`, is on with it): a
    //! crate's unit tests built without `enable` have no `.when`.
    //!
    //! ```
    //! use patchable::{patch, patchable};
    //!
    //! #[patchable]
    //! fn fetch(url: &str) -> Result<String, String> {
    //!     Err(format!("no network: {url}"))
    //! }
    //!
    //! let _pay = patch!(fetch)
    //!     .when(|url| url.starts_with("https://pay."))
    //!     .returns(Ok("paid".to_string()));
    //! let _ship = patch!(fetch)
    //!     .when(|url| url.starts_with("https://ship."))
    //!     .with(|url| Ok(format!("shipped {}", url.len())));
    //! assert_eq!(fetch("https://pay.example/1"), Ok("paid".to_string()));
    //! assert_eq!(fetch("https://ship.example/1"), Ok("shipped 22".to_string()));
    //! assert!(fetch("https://other.example/").is_err()); // the original
    //! ```
}

pub mod record {
    //! `patch!(f).record(mapper)`: keeps a value of each call that reaches the patch,
    //! made by `mapper` from a shared borrow of each argument (as
    //! [`.when`](super::when)'s condition sees them); [`guard.records()`](crate::Guard::records) lists them in
    //! call order, [`guard.last()`](crate::Guard::last) gives the latest, and
    //! [`guard.take_records()`](crate::Guard::take_records) takes them out.
    //!
    //! The arguments need no `Clone`, `Debug` or `'static`: the test chooses what to keep
    //! (`to.to_string()`, `body.len()`). The value must be `Debug + Send + 'static` — an
    //! unmet [`.times(n)`](super::times) lists the records in its message — and the
    //! mapper `Send + 'static`. It works with every installing verb, a
    //! [spy](super::spy) included, and in either scope: a global patch records the calls
    //! of every thread. Once per patch, before the installing verb; not for functions
    //! of more than 12 arguments. Comes with the `enable` feature, as `.when` does.
    //!
    //! ```
    //! use patchable::{patch, patchable};
    //!
    //! #[patchable]
    //! fn send(to: &str, body: &[u8]) -> Result<(), String> {
    //!     Err(format!("no mail server for {to}"))
    //! }
    //!
    //! fn notify(users: &[&str]) {
    //!     for user in users {
    //!         send(user, b"hello").unwrap();
    //!     }
    //! }
    //!
    //! let mail = patch!(send).record(|to, body| (to.to_string(), body.len())).returns(Ok(()));
    //! notify(&["ada", "grace"]);
    //! assert_eq!(mail.records(), [("ada".to_string(), 5), ("grace".to_string(), 5)]);
    //! ```
}

pub mod once {
    //! `patch!(f).once()`: the patch answers the next call only; later calls go past it
    //! to the next layer down — an older patch, or the original.
    //!
    //! Goes before the installing verb: `patch!(f).once().returns(x)`,
    //! `patch!(f).once().with(|…| …)`. Patches stack newest first, so of two `.once()`
    //! patches the newer answers first; for answers in order, use
    //! [`.returns_seq`](super::returns_seq).
    //!
    //! ```
    //! use patchable::{patch, patchable};
    //!
    //! #[patchable]
    //! fn roll() -> u8 {
    //!     4
    //! }
    //!
    //! let _loaded = patch!(roll).once().returns(6);
    //! assert_eq!(roll(), 6);
    //! assert_eq!(roll(), 4);
    //! ```
}

pub mod in_sequence {
    //! `patch!(f).in_sequence(&seq)`: the patch joins the [`Sequence`](crate::Sequence)
    //! `seq`, which expects the calls of its patches in the order they joined — those of
    //! the first, then those of the second, and so on — across functions, methods and
    //! threads. Checked when `seq` drops, or by [`seq.verify()`](crate::Sequence::verify);
    //! the message lists the calls in the order they happened.
    //!
    //! Goes before the installing verb. To check the order of calls that run the
    //! original, join with a [spy](super::spy).
    //!
    //! ```
    //! use patchable::{Sequence, patch, patchable};
    //!
    //! pub struct Door;
    //!
    //! #[patchable]
    //! impl Door {
    //!     pub fn unlock(&self) {}
    //!     pub fn open(&self) {}
    //! }
    //!
    //! let order = Sequence::new();
    //! let _unlock = patch!(Door::unlock).in_sequence(&order).spy();
    //! let _open = patch!(Door::open).in_sequence(&order).spy();
    //! Door.unlock();
    //! Door.open();
    //! assert_eq!(order.verify(), Ok(()));
    //! ```
}

pub mod verify {
    //! `guard.verify()`: checks the expectation of [`.times(n)`](super::times) against the
    //! calls so far, as the drop will, and returns a [`Mismatch`](crate::Mismatch)
    //! instead of panicking — [`Guard::verify`](crate::Guard::verify). The expectation
    //! stays: the drop checks it again. [`Sequence::verify`](crate::Sequence::verify)
    //! does the same for call order.
    //!
    //! ```
    //! use patchable::{patch, patchable};
    //!
    //! #[patchable]
    //! fn flush() {}
    //!
    //! let guard = patch!(flush).times(1).spy();
    //! if let Err(mismatch) = guard.verify() {
    //!     eprintln!("not yet: {mismatch}");
    //! }
    //! flush();
    //! assert!(guard.verify().is_ok());
    //! ```
}

pub mod times {
    //! `patch!(f).times(n)`: expects exactly `n` calls to reach the patch while its guard
    //! lives.
    //!
    //! Goes between `patch!(f)` (or [`.global()`](super::global)) and the installing verb:
    //! `patch!(f).times(1).returns(x)`, or on the guard that verb returns:
    //! `patch!(f).returns(x).times(1)` ([`Guard::times`](crate::Guard::times)). It works
    //! with every installing verb, a [spy](super::spy) included. The count is checked when
    //! the guard drops: if it differs, the drop panics with a message that names the
    //! function, both counts and the line of `.times(n)` — unless
    //! the thread is already panicking, so a failed assertion is not buried under a
    //! second panic. A call counts when it reaches the patch, as for
    //! [`guard.calls()`](super::calls): calls that a newer patch of `f` answered do not.
    //!
    //! ```should_panic
    //! use patchable::{patch, patchable};
    //!
    //! #[patchable]
    //! fn send_email(to: &str) -> Result<(), String> {
    //!     unimplemented!("sends mail to {to}")
    //! }
    //!
    //! fn notify(users: &[&str]) {
    //!     for user in users.iter().take(1) { // the bug: only the first user
    //!         send_email(user).unwrap();
    //!     }
    //! }
    //!
    //! let _mail = patch!(send_email).times(2).returns(Ok(()));
    //! notify(&["ada", "grace"]);
    //! // The guard drops here and panics: `send_email` was expected to be called
    //! // twice while patched, but was called once.
    //! ```
}

pub mod global {
    //! `patch!(f).global()`: makes the patch seen by every thread, not only the one that
    //! installed it.
    //!
    //! Use it when the code under test calls `f` on other threads: `std::thread::spawn`,
    //! a thread pool, a multi-threaded async runtime. Goes before the installing verb,
    //! which then works as in thread scope, except that the replacement (or the value of
    //! [`.returns`](super::returns)) must be `Send`: a compile error otherwise.
    //!
    //! Threads take turns: while one thread holds global patches of `f`, a global patch
    //! of `f` from another thread waits until those guards drop, so parallel tests that
    //! patch the same function globally run one after the other. Every test running at
    //! the same time sees a global patch, also tests that do not patch `f`. On one thread,
    //! a thread-scoped patch wins over a global one. The rest — locks, deadlocks to avoid,
    //! isolation with `cargo nextest` — is in [global patches](crate#global-patches).
    //!
    //! ```
    //! use patchable::{patch, patchable};
    //!
    //! #[patchable]
    //! fn rate(currency: &str) -> f64 {
    //!     unimplemented!("asks the bank about {currency}")
    //! }
    //!
    //! let guard = patch!(rate).global().times(2).returns(2.0);
    //! let workers: Vec<_> = [1.0, 2.5]
    //!     .into_iter()
    //!     .map(|amount| std::thread::spawn(move || amount * rate("EUR")))
    //!     .collect();
    //! let total: f64 = workers.into_iter().map(|worker| worker.join().unwrap()).sum();
    //! assert_eq!(total, 7.0);
    //! assert_eq!(guard.calls(), 2);
    //! ```
}

pub mod in_context {
    //! `patch!(f).in_context()`: makes the patch seen by the installing thread and by the
    //! threads and tasks that run in its test's [`Context`](crate::Context), and by no
    //! other thread.
    //!
    //! A test's thread gets a context of its own on its first such patch (or on
    //! [`Context::current()`](crate::Context::current)); code the test runs elsewhere
    //! joins it: a thread through [`cx.wrap(closure)`](crate::Context::wrap) or
    //! [`cx.enter()`](crate::Context::enter), the workers of a runtime made for the test
    //! through `on_thread_start(cx.joiner())`, a task through
    //! [`cx.bind(future)`](crate::Context::bind). Tests that patch one function in their
    //! contexts run side by side: unlike [global](super::global) patches, they take no
    //! turns. Goes before the installing verb; the replacement (or the value of
    //! [`.returns`](super::returns)) must be `Send`. A replacement that panics on a thread
    //! other than the test's fails the test when the guard drops.
    //!
    //! ```
    //! use patchable::{Context, patch, patchable};
    //!
    //! #[patchable]
    //! fn region() -> String {
    //!     "eu".into()
    //! }
    //!
    //! let _test = patch!(region).in_context().returns("test".into());
    //! let cx = Context::current();
    //! let inside = std::thread::spawn(cx.wrap(region));
    //! let outside = std::thread::spawn(region); // another test's thread, say
    //! assert_eq!(inside.join().unwrap(), "test");
    //! assert_eq!(outside.join().unwrap(), "eu");
    //! ```
}

pub mod real {
    //! `patch!(f).real()`: while the guard lives, this thread's calls of `f` run the
    //! original, past every other patch of it — the global patches of other tests
    //! running at the same time included. For a test that needs the real `f` while
    //! others patch it globally, so that the suite stays deterministic at any
    //! `--test-threads`.
    //!
    //! It is a thread-scoped layer, so patches this thread makes after it still apply
    //! (and reach the original when they call `f`); after `.global()` or `.in_context()`
    //! it is a compile error that says so. Returns the
    //! [`Guard`](crate::Guard); [`guard.calls()`](super::calls) counts the calls it ran.
    //!
    //! ```
    //! use patchable::{patch, patchable};
    //!
    //! #[patchable]
    //! fn answer() -> u32 {
    //!     42
    //! }
    //!
    //! let _everyone = patch!(answer).global().returns(0); // another test's, say
    //! assert_eq!(answer(), 0);
    //! let _real = patch!(answer).real();
    //! assert_eq!(answer(), 42);
    //! ```

    pub use crate::builder::ThisThread;
}

pub mod calls {
    //! `guard.calls()`: how many calls reached the patch so far — [`Guard::calls`].
    //!
    //! A call reaches a patch when the patch answers it, or, for a [spy](super::spy), when
    //! it passes through. Calls that a newer patch of the same function answered are not
    //! counted, nor are calls made while the patch was not installed. To check a count
    //! when the guard drops instead, use [`.times(n)`](super::times).
    //!
    //! [`Guard::calls`]: crate::Guard::calls
    //!
    //! ```
    //! use patchable::{patch, patchable};
    //!
    //! #[patchable]
    //! fn tick() -> u32 {
    //!     0
    //! }
    //!
    //! let older = patch!(tick).returns(1);
    //! tick();
    //! {
    //!     let newer = patch!(tick).returns(2);
    //!     tick(); // answered by `newer`
    //!     assert_eq!(newer.calls(), 1);
    //! }
    //! tick();
    //! assert_eq!(older.calls(), 2);
    //! ```
}
