//! How the expansion names the runtime, and whether it hooks at all.
//!
//! Generated code reaches the runtime only through [`private`]: `::patchable::__private`,
//! or under the name the user's crate gave the dependency (`#[patchable(crate = pm)]`, or
//! found in the crate's `Cargo.toml`: `pm = { package = "patchable-mock", … }`). `patch!`
//! is given the runtime's own `$crate` by the `patch!` that users call.
//!
//! [`gate`] is this build's production switch: patchable's `enable` feature turns on this
//! crate's, so the macro knows whether patching is live for every crate of the build. When
//! it is off, every generated item and hook carries `#[cfg(test)]`, so that only a crate's
//! own unit tests keep them, and `cargo build` sees the fn as written and nothing else.

use std::cell::RefCell;

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote};

thread_local! {
    /// `#root::__private` of the expansion running, made once: every item names it.
    static PRIVATE: RefCell<Option<Private>> = const { RefCell::new(None) };
    static IN_TESTS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The package name the runtime is published under.
const PACKAGE: &str = "patchable-mock";

/// `::patchable::__private`, as the crate being expanded names it.
pub fn private() -> Private {
    PRIVATE
        .with(|private| private.borrow().clone())
        .unwrap_or_else(|| private_at(None))
}

/// `#root::__private` as loose tokens, pushed where it is interpolated: a `TokenStream`
/// is cloned and concatenated by the compiler at each interpolation, and every item names
/// this path many times (0.6 % of the rustc instructions of a build of marked fns).
#[derive(Clone)]
pub struct Private(std::rc::Rc<[TokenTree]>);

impl ToTokens for Private {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(self.0.iter().cloned());
    }
}

fn private_at(root: Option<TokenStream>) -> Private {
    let root = root.unwrap_or_else(default_root);
    Private(quote!(#root::__private).into_iter().collect())
}

/// Runs `expand` with the runtime at `root` (`None`: the default).
pub fn with_root<T>(root: Option<TokenStream>, expand: impl FnOnce() -> T) -> T {
    let previous = PRIVATE.with(|cell| cell.replace(Some(private_at(root))));
    let result = expand();
    PRIVATE.with(|cell| *cell.borrow_mut() = previous);
    result
}

/// `::patchable`, or `::pm` when the crate's manifest renames the dependency.
fn default_root() -> TokenStream {
    let name = renamed_in_manifest().unwrap_or_else(|| "patchable".to_owned());
    let ident = Ident::new(&name, Span::call_site());
    quote!(::#ident)
}

/// The name under which the crate being compiled depends on `patchable-mock`, when it
/// renames it: a `KEY = { package = "patchable-mock", … }` line, or a
/// `[dependencies.KEY]` table with `package = "patchable-mock"`. Read once per crate.
fn renamed_in_manifest() -> Option<String> {
    thread_local! {
        static RENAMED: RefCell<Option<(String, Option<String>)>> = const { RefCell::new(None) };
    }
    let dir = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    if let Some(found) = RENAMED.with(|cell| {
        cell.borrow()
            .as_ref()
            .filter(|(for_dir, _)| *for_dir == dir)
            .map(|(_, found)| found.clone())
    }) {
        return found;
    }
    let found = std::fs::read_to_string(std::path::Path::new(&dir).join("Cargo.toml"))
        .ok()
        .and_then(|manifest| rename_in(&manifest));
    RENAMED.with(|cell| *cell.borrow_mut() = Some((dir, found.clone())));
    found
}

fn rename_in(manifest: &str) -> Option<String> {
    let package = format!("\"{PACKAGE}\"");
    let mut table_key: Option<&str> = None;
    for line in manifest.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']').trim();
            table_key = header
                .strip_prefix("dependencies.")
                .or_else(|| header.strip_prefix("dev-dependencies."))
                .or_else(|| header.strip_prefix("build-dependencies."))
                .map(str::trim);
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        let names_package = |text: &str| {
            text.split(',').any(|part| {
                part.split_once('=').is_some_and(|(k, v)| {
                    k.trim().trim_start_matches('{').trim() == "package"
                        && v.trim().trim_end_matches('}').trim() == package
                })
            })
        };
        let renamed = match table_key {
            Some(table) if key == "package" && value == package => Some(table),
            _ if value.starts_with('{') && names_package(value) => Some(key),
            _ => None,
        };
        if let Some(name) = renamed {
            let name = name.trim_matches('"').replace('-', "_");
            return (name != "patchable").then_some(name);
        }
    }
    None
}

/// Whether patching is compiled in: for every crate of this build, or (in
/// [`with_enabled`]) for the crate whose unit tests are being built.
pub fn enabled() -> bool {
    cfg!(feature = "enable") || IN_TESTS.with(std::cell::Cell::get)
}

/// Runs `expand` for an item that only a `cfg(test)` build keeps: patching is on there.
pub fn with_enabled<T>(expand: impl FnOnce() -> T) -> T {
    let previous = IN_TESTS.with(|cell| cell.replace(true));
    let result = expand();
    IN_TESTS.with(|cell| cell.set(previous));
    result
}

/// Whether the crate being compiled has `debug_assertions` on, as rustc decides it from
/// its own command line (the macro runs inside rustc): `-C debug-assertions`, else
/// whether `-C opt-level` is 0. `None` when the arguments cannot be read (an `@file`),
/// and the hook then comes in both forms, each under its `cfg`.
pub fn debug_assertions() -> Option<bool> {
    with_command_line(|line| line.debug_assertions)
}

/// What rustc's command line says of the crate being compiled: the macro runs inside
/// rustc, whose arguments are its process's. Read once per crate.
struct CommandLine {
    debug_assertions: Option<bool>,
    for_tests: Option<bool>,
    crates: std::collections::BTreeSet<String>,
    /// The `--extern`s that are proc-macro crates (a shared library, not an `rlib`).
    proc_macros: std::collections::BTreeSet<String>,
}

fn with_command_line<T>(read: impl FnOnce(&CommandLine) -> T) -> T {
    thread_local! {
        static LINE: CommandLine = {
            let args: Vec<String> = std::env::args().collect();
            let crates = extern_crates_in(args.iter().cloned());
            CommandLine {
                debug_assertions: debug_assertions_in(args.iter().cloned()),
                for_tests: compiled_for_tests_in(args.into_iter()),
                proc_macros: crates
                    .iter()
                    .filter(|(_, proc_macro)| **proc_macro)
                    .map(|(name, _)| name.clone())
                    .collect(),
                crates: crates.into_keys().collect(),
            }
        };
    }
    LINE.with(read)
}

fn debug_assertions_in(mut args: impl Iterator<Item = String>) -> Option<bool> {
    let mut optimized = false;
    let mut asserting = None;
    while let Some(arg) = args.next() {
        if arg.starts_with('@') {
            return None;
        }
        let option = match arg.as_str() {
            "-O" => {
                optimized = true;
                continue;
            }
            "-C" | "--codegen" => args.next()?,
            _ => match arg.strip_prefix("-C").or(arg.strip_prefix("--codegen=")) {
                Some(option) => option.to_owned(),
                None => continue,
            },
        };
        let (key, value) = option.split_once('=').unwrap_or((&option, "yes"));
        match key {
            "opt-level" => optimized = value != "0",
            "debug-assertions" => {
                asserting = Some(matches!(value, "yes" | "y" | "on" | "true"));
            }
            _ => {}
        }
    }
    Some(asserting.unwrap_or(!optimized))
}

/// Whether rustc compiles the crate as its own test harness (`--test`, or `--cfg test`),
/// read from its command line as [`debug_assertions`] is. `None` when it cannot tell: an
/// `@file`, or a host that is not rustc (no `--crate-name`), such as rust-analyzer's
/// proc-macro server, whose expansions must keep what a test build sees.
pub fn compiled_for_tests() -> Option<bool> {
    with_command_line(|line| line.for_tests)
}

fn compiled_for_tests_in(mut args: impl Iterator<Item = String>) -> Option<bool> {
    let mut names_crate = false;
    while let Some(arg) = args.next() {
        let cfg = match arg.as_str() {
            "--test" => return Some(true),
            "--crate-name" => {
                names_crate = true;
                continue;
            }
            "--cfg" => args.next()?,
            _ if arg.starts_with('@') => return None,
            _ => match arg.strip_prefix("--cfg=") {
                Some(cfg) => cfg.to_owned(),
                None => continue,
            },
        };
        if cfg == "test" {
            return Some(true);
        }
    }
    names_crate.then_some(false)
}

/// Whether `name` is a crate's that the crate being compiled or its users may write in a
/// path: its own name, one that rustc's command line passes (`--extern name=…`), or `std`,
/// `core`, `alloc`. Where the command line cannot be read, the standard crates alone.
pub fn names_a_crate(name: &str) -> bool {
    with_command_line(|line| line.crates.contains(name))
}

/// Whether `name` is a proc-macro crate that rustc's command line passes: what it exports
/// are macros (nanoserde's `pub use nanoserde_derive::*;`, derives named like its traits).
pub fn names_a_proc_macro_crate(name: &str) -> bool {
    with_command_line(|line| line.proc_macros.contains(name))
}

/// The crates a path may start at (see [`names_a_crate`]), each with whether it is a
/// proc-macro crate: one whose `--extern` path is a shared library.
fn extern_crates_in(
    mut args: impl Iterator<Item = String>,
) -> std::collections::BTreeMap<String, bool> {
    let mut crates: std::collections::BTreeMap<String, bool> = ["std", "core", "alloc"]
        .map(|name| (name.to_owned(), false))
        .into();
    while let Some(arg) = args.next() {
        // The crate's own name: its users import the fn beside its other items
        // (`use deunicode::deunicode; use deunicode::AsciiChars;`).
        if arg == "--crate-name" {
            crates.extend(args.next().map(|name| (name, false)));
            continue;
        }
        let value = match arg.strip_prefix("--extern") {
            Some("") => match args.next() {
                Some(value) => value,
                None => break,
            },
            Some(value) => match value.strip_prefix('=') {
                Some(value) => value.to_owned(),
                None => continue,
            },
            None => continue,
        };
        // `[OPTIONS:]NAME[=PATH]`, the options such as `priv` or `noprelude`.
        let (name, path) = value.split_once('=').unwrap_or((&value, ""));
        let name = name.rsplit(':').next().unwrap_or_default();
        let proc_macro = [".so", ".dylib", ".dll"]
            .iter()
            .any(|extension| path.ends_with(extension));
        crates.insert(name.to_owned(), proc_macro);
    }
    crates
}

/// Whether `.when` and `.record` are compiled in (patchable-mock's `inspect` feature):
/// their glue costs every marked fn build time, so only builds that ask for it pay.
pub fn inspects() -> bool {
    cfg!(feature = "inspect")
}

/// Whether this build's `patch!` can be sure a fn of another crate has no glue.
pub fn enabled_in_build() -> bool {
    cfg!(feature = "enable")
}

/// `#[cfg(test)]` when patching is off: what each generated item and hook carries.
pub fn gate() -> TokenStream {
    match enabled() {
        true => TokenStream::new(),
        false => quote!(#[cfg(test)]),
    }
}

/// A `bool` expression: whether the fn's hook was compiled in.
pub fn enabled_expr() -> TokenStream {
    match enabled() {
        true => quote!(true),
        false => quote!(::core::cfg!(test)),
    }
}

/// The path as tokens, for `#[patchable(crate = path)]`.
pub fn root_of(path: &syn::Path) -> TokenStream {
    path.to_token_stream()
}

#[cfg(test)]
mod tests {
    use super::{compiled_for_tests_in, debug_assertions_in, extern_crates_in, rename_in};

    #[test]
    fn debug_assertions_are_read_as_rustc_reads_them() {
        let read = |line: &str| debug_assertions_in(line.split(' ').map(str::to_owned));
        assert_eq!(read("rustc --crate-name a src/lib.rs --test"), Some(true));
        assert_eq!(read("rustc src/lib.rs -C opt-level=3"), Some(false));
        assert_eq!(read("rustc src/lib.rs -Copt-level=s"), Some(false));
        assert_eq!(read("rustc src/lib.rs -O"), Some(false));
        assert_eq!(read("rustc src/lib.rs -C opt-level=0"), Some(true));
        assert_eq!(
            read("rustc src/lib.rs -C debug-assertions=off"),
            Some(false)
        );
        assert_eq!(
            read("rustc src/lib.rs -C opt-level=3 -C debug-assertions=on"),
            Some(true)
        );
        assert_eq!(read("rustc -Cdebug-assertions src/lib.rs -O"), Some(true));
        assert_eq!(read("rustc @/tmp/args"), None);
    }

    #[test]
    fn test_builds_are_told_from_rustc_command_line() {
        let read = |line: &str| compiled_for_tests_in(line.split(' ').map(str::to_owned));
        assert_eq!(
            read("rustc --crate-name a --edition=2024 src/lib.rs --test"),
            Some(true)
        );
        assert_eq!(
            read("rustc --crate-name a src/lib.rs --cfg test"),
            Some(true)
        );
        assert_eq!(
            read("rustc --crate-name a src/lib.rs --cfg=test"),
            Some(true)
        );
        assert_eq!(
            read("rustc --crate-name a src/lib.rs --cfg feature=\"test\""),
            Some(false)
        );
        assert_eq!(
            read("rustc --crate-name a src/lib.rs -C opt-level=3"),
            Some(false)
        );
        assert_eq!(read("rustc --crate-name a @/tmp/args"), None);
        assert_eq!(read("rust-analyzer-proc-macro-srv"), None);
    }

    #[test]
    fn the_extern_prelude_is_read_from_rustc_command_line() {
        let read = |line: &str| extern_crates_in(line.split(' ').map(str::to_owned));
        let crates = read(
            "rustc --crate-name bin src/main.rs --extern pulldown_cmark=/t/libp.rlib \
             --extern priv:serde=/t/libs.rmeta --extern=log=/t/libl.rlib --extern proc_macro \
             --extern serde_derive=/t/libserde_derive-1.so",
        );
        let names: Vec<&str> = crates.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "alloc",
                "bin",
                "core",
                "log",
                "proc_macro",
                "pulldown_cmark",
                "serde",
                "serde_derive",
                "std"
            ]
        );
        let proc_macros: Vec<&String> = crates
            .iter()
            .filter(|(_, is)| **is)
            .map(|(name, _)| name)
            .collect();
        assert_eq!(proc_macros, ["serde_derive"]);
        assert_eq!(read("rustc @/tmp/args").len(), 3);
    }

    #[test]
    fn renamed_dependencies_are_found() {
        assert_eq!(
            rename_in("[dependencies]\npatchable-mock = \"0.1\"\n"),
            None
        );
        assert_eq!(
            rename_in(
                "[dev-dependencies]\npm = { package = \"patchable-mock\", version = \"0.1\" }\n"
            ),
            Some("pm".into())
        );
        assert_eq!(
            rename_in("[dependencies.my-pm]\nversion = \"0.1\"\npackage = \"patchable-mock\"\n"),
            Some("my_pm".into())
        );
        assert_eq!(
            rename_in(
                "[dependencies]\npatchable = { package = \"patchable-mock\", path = \"x\" }\n"
            ),
            None
        );
    }
}
