//! Compile errors users can hit, each one error at the offending tokens: every refusal
//! of `#[patchable]`, with the fix in the message, and replacements a scope does not
//! accept (a global patch's must be `Send`). Re-bless with `TRYBUILD=overwrite` after a
//! toolchain bump, then read every `.stderr`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
