//! A deprecated type, or a 2015 trait object without `dyn`, in a marked signature is
//! reported once per use, as unmarked: the expansion repeats the signature's types (hook,
//! glue) with the user's spans, and must not report them again. Checks
//! `fixtures/lint-once` (a 2015 workspace of its own, patching on) and counts rustc's
//! warnings.

use std::path::Path;

mod support;
use support::cargo_in_fixture;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/lint-once");

#[test]
fn deprecated_types_and_bare_trait_objects_are_reported_once_per_use() {
    let output = cargo_in_fixture(Path::new(FIXTURE), "check")
        .arg("--message-format=json")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo check of fixtures/lint-once failed:\n{stderr}"
    );
    // Every diagnostic, one JSON message each (cargo's own rendering folds identical ones
    // into one): the line of each report of `message`.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let reported = |message: &str| {
        let mut lines: Vec<String> = stdout
            .lines()
            .filter(|line| line.contains(message))
            .filter_map(|line| {
                let at = line.find("\"line_start\":")? + "\"line_start\":".len();
                let digits: String = line[at..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                Some(format!("line {digits}"))
            })
            .collect();
        lines.sort();
        lines
    };
    // `take`, `with_old` and `takes` each use it once.
    assert_eq!(
        reported("use of deprecated struct `Old`"),
        ["line 16", "line 27", "line 36"],
        "{stdout}"
    );
    assert_eq!(
        reported("trait objects without an explicit `dyn` are deprecated"),
        ["line 46"],
        "{stdout}"
    );
}
