//! Compile errors are part of the interface: each refusal, with its message and span.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
