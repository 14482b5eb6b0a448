//! Production builds: with patchable's `enable` feature off, a `#[patchable]` fn compiles to
//! the original function, and `patch!` on it does not compile, with the line to add to
//! Cargo.toml in the error. A call of a `patchable::std` facade compiles to the std call.
//!
//! The proof builds `fixtures/compiled-out` (a workspace of its own that depends on
//! patchable without `enable`, as a user's `cargo build --release` sees it) and reads
//! its machine code with `objdump`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

mod support;
use support::{cargo_in_fixture, target_dir};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/compiled-out");

/// Builds the fixture once per test run, in release, into `target/compiled-out`.
fn fixture_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let output = cargo_in_fixture(Path::new(FIXTURE), "build")
            .args(["--release", "--quiet"])
            .output()
            .expect("run cargo");
        assert_success("cargo build --release of fixtures/compiled-out", &output);
        target_dir()
            .join("compiled-out")
            .join("release")
            .join(format!("compiled-out{}", std::env::consts::EXE_SUFFIX))
    })
}

fn assert_success(what: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{what} failed with {}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}

#[test]
fn patch_of_a_compiled_out_fn_does_not_compile_and_says_the_cargo_toml_line() {
    let output = Command::new(fixture_binary())
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run the fixture");
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The fns themselves run normally.
    assert_eq!(stdout, "twins agree\n");
    let output = cargo_in_fixture(Path::new(FIXTURE), "build")
        .args([
            "--release",
            "--quiet",
            "--features",
            "try-patch",
            "--bin",
            "patch",
        ])
        .output()
        .expect("run cargo");
    // rustc indents a note's lines: compare them trimmed.
    let stderr: String = String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(|line| line.trim().trim_start_matches("= note: "))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(!output.status.success(), "patch! compiled:\n{stderr}");
    assert!(
        stderr.contains("cannot patch `compiled_out::patchable_mix`"),
        "the error does not name the function:\n{stderr}"
    );
    // The line the README gives: the published package name, the version as `0.x`
    // (the root package and patchable-mock share the workspace's version).
    let version = match env!("CARGO_PKG_VERSION_MAJOR") {
        "0" => format!("0.{}", env!("CARGO_PKG_VERSION_MINOR")),
        major => major.to_owned(),
    };
    let line = format!(
        "[dev-dependencies]\npatchable-mock = {{ version = \"{version}\", features = [\"enable\"] }}\n"
    );
    assert!(
        stderr.contains(&line),
        "the error does not give the Cargo.toml line\n{line}\nbut:\n{stderr}"
    );
    let readme = include_str!("../README.md");
    let dependency = format!("[dependencies]\npatchable-mock = \"{version}\"\n");
    assert!(
        readme.contains(&dependency) && readme.contains(&line),
        "the README does not give the lines of the panic\n{dependency}\n{line}"
    );
    // Also for `patch!` reached from `cargo run`, where the line is no fix.
    assert!(
        stderr.contains("never for `cargo build` or `cargo run` of a binary"),
        "the error does not say where patching is live:\n{stderr}"
    );
}

#[test]
fn a_crate_without_enable_patches_its_own_fns_in_its_unit_tests() {
    fixture_binary();
    let output = cargo_in_fixture(Path::new(FIXTURE), "test")
        .args(["--quiet", "--lib"])
        .output()
        .expect("run cargo");
    assert_success("cargo test --lib of fixtures/compiled-out", &output);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("1 passed"), "{stdout}");
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
mod machine_code {
    use super::*;

    #[test]
    fn patchable_fn_compiles_to_the_same_code_as_its_plain_twin() {
        for (patchable, plain) in [
            ("patchable_mix", "plain_mix"),
            ("patchable_first_word", "plain_first_word"),
            // `patchable::std`'s facades, called where std would be.
            ("facade_system_now", "plain_system_now"),
            ("facade_instant_now", "plain_instant_now"),
            ("facade_sleep", "plain_sleep"),
            ("facade_var_os", "plain_var_os"),
            ("facade_read_to_string", "plain_read_to_string"),
            ("facade_write", "plain_write"),
        ] {
            let ours = disassemble(patchable);
            let twin = disassemble(plain);
            assert!(!ours.is_empty(), "`{patchable}` not found in the binary");
            assert_eq!(
                ours,
                twin,
                "`{patchable}` and `{plain}` differ:\n{}\n---\n{}",
                ours.join("\n"),
                twin.join("\n")
            );
        }
    }

    #[test]
    fn compiled_out_binary_has_no_patch_slot_or_layer_stack() {
        let output = Command::new("nm")
            .args(["--demangle"])
            .arg(fixture_binary())
            .output()
            .expect("run nm (binutils)");
        assert_success("nm", &output);
        let symbols = String::from_utf8_lossy(&output.stdout);
        let leftovers: Vec<_> = symbols
            .lines()
            .filter(|symbol| {
                ["::slot::SLOT", "thread_scope", "dispatch::lookup"]
                    .iter()
                    .any(|part| symbol.contains(part))
            })
            .collect();
        assert!(
            leftovers.is_empty(),
            "patching machinery left in: {leftovers:#?}"
        );
    }

    /// The instructions of `symbol`, one per line, with what differs between two copies of
    /// the same code at different addresses taken out: the addresses, the bytes of
    /// instructions that encode a distance to something outside the fn, and the fn's name
    /// in jumps within itself.
    fn disassemble(symbol: &str) -> Vec<String> {
        let output = Command::new("objdump")
            .arg("--insn-width=16")
            .arg(format!("--disassemble={symbol}"))
            .arg(fixture_binary())
            .output()
            .expect("run objdump (binutils)");
        assert_success("objdump", &output);
        let own_label = format!("<{symbol}+");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            // `  145d0:\t48 c1 c7 07 \trol    $0x7,%rdi`
            .filter_map(|line| {
                let (address, rest) = line.split_once(":\t")?;
                u64::from_str_radix(address.trim(), 16).ok()?;
                let (bytes, instruction) = rest.split_once('\t')?;
                Some(normalize(bytes.trim(), instruction.trim(), &own_label))
            })
            .collect()
    }

    fn normalize(bytes: &str, instruction: &str, own_label: &str) -> String {
        let instruction = instruction.replace(own_label, "<self+");
        // `jmp 1452c <self+0x2c>`, `mov 0x403f0(%rip),%r15  # 54908 <_DYNAMIC+0x270>`:
        // keep what is referred to, drop where it happens to be.
        let words: Vec<&str> = instruction.split_whitespace().collect();
        let words: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, word)| match word.split_once("(%rip)") {
                Some((_, rest)) => format!("REL(%rip){rest}"),
                None if words.get(i + 1).is_some_and(|next| next.starts_with('<')) => {
                    "ADDR".to_owned()
                }
                None => (*word).to_owned(),
            })
            .collect();
        let relocatable = instruction.contains("(%rip)")
            || (instruction.contains('<') && !instruction.contains("<self+"));
        let bytes = if relocatable { "…" } else { bytes };
        format!("{bytes:<48}{}", words.join(" "))
    }
}
