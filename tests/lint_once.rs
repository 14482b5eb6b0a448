//! A deprecated type in a marked signature is reported once per use, as unmarked: the
//! expansion repeats the signature's types (hook, glue) with the user's spans, and must
//! not report them again. Checks `fixtures/lint-once` (a workspace of its own, patching on)
//! and counts rustc's warnings.

use std::path::Path;
use std::process::Command;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/lint-once");

#[test]
fn a_deprecated_type_in_marked_signatures_is_reported_once_per_use() {
    // The fixture resolves to exactly the versions this workspace locked (offline).
    let workspace_lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    std::fs::copy(workspace_lock, Path::new(FIXTURE).join("Cargo.lock"))
        .expect("copy Cargo.lock into the fixture");
    let target_dir = std::env::current_exe()
        .expect("path of the test executable")
        .ancestors()
        .nth(3)
        .expect("the test executable lives in <target>/<profile>/deps")
        .join("lint-once");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "check",
            "--offline",
            "--message-format=json",
            "--target-dir",
        ])
        .arg(&target_dir)
        .current_dir(FIXTURE)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo check of fixtures/lint-once failed:\n{stderr}"
    );
    // Every diagnostic, one JSON message each (cargo's own rendering folds identical ones
    // into one): the position of each report of the deprecated type.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut reported: Vec<String> = stdout
        .lines()
        .filter(|line| line.contains("use of deprecated struct `Old`"))
        .filter_map(|line| {
            let at = line.find("\"line_start\":")? + "\"line_start\":".len();
            let digits: String = line[at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            Some(format!("line {digits}"))
        })
        .collect();
    reported.sort();
    // `take`, `with_old` and `takes` each use it once.
    assert_eq!(reported, ["line 13", "line 24", "line 33"], "{stdout}");
}
