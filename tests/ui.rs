//! Compile errors users can hit: each refusal of `#[patchable]` is one error, at the
//! offending tokens, with the fix in the message. Re-bless with `TRYBUILD=overwrite`
//! after a toolchain bump, then read every `.stderr`.

#[test]
fn refusals() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
