//! Build cost: the runtime code a patchable call goes through is instantiated once per
//! signature, not once per function. Each function used to instantiate its own copy of
//! the lookup (its key was a type of its own), which made code generation of a marked
//! crate grow with the number of marked fns (benches/README.md, "Compile time").
//!
//! Eight marked fns of one signature live in this test crate; its own executable must
//! hold one instantiation of the lookup between them. Read with `nm` (binutils).

use std::process::Command;

use patchable::{patch, patchable};

macro_rules! marked {
    ($($name:ident)*) => {$(
        #[patchable]
        pub fn $name(x: u64) -> u64 {
            x.wrapping_add(1)
        }
    )*};
}

marked!(f0 f1 f2 f3 f4 f5 f6 f7);

const FNS: [fn(u64) -> u64; 8] = [f0, f1, f2, f3, f4, f5, f6, f7];

#[test]
fn every_fn_answers_its_own_patch() {
    let _guard = patch!(f3).returns(30);
    let answers: Vec<u64> = FNS.iter().map(|f| f(1)).collect();
    assert_eq!(answers, [2, 2, 2, 30, 2, 2, 2, 2]);
}

#[test]
fn fns_of_one_signature_share_the_lookup() {
    let exe = std::env::current_exe().expect("path of the test executable");
    let output = Command::new("nm")
        .arg("--demangle")
        .arg(&exe)
        .output()
        .expect("run nm (binutils)");
    assert!(output.status.success(), "nm failed: {output:?}");
    let symbols = String::from_utf8_lossy(&output.stdout);
    // The hook's entry into the runtime: optimized builds hand the arguments along to
    // `dispatch` (benches/README.md, "How the call path works now").
    let entry = match cfg!(debug_assertions) {
        true => "patchable::dispatch::lookup",
        false => "patchable::dispatch::dispatch",
    };
    let lookups = symbols
        .lines()
        .filter(|line| line.ends_with(&format!(" {entry}")) || line.contains(&format!(" {entry}<")))
        .count();
    // The fns are called (so compiled) by the other test, through their hooks.
    assert!(FNS.iter().all(|f| f(0) == 1));
    assert!(
        (1..FNS.len()).contains(&lookups),
        "{lookups} instantiations of the lookup for {} fns of one signature",
        FNS.len()
    );
}
