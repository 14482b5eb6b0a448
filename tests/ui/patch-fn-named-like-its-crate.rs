use patchable::patch;

fn main() {
    // realcode's `fn realcode`, marked, is left as it is: a patch handle of its name
    // would shadow the crate where users import the fn.
    let _guard = patch!(realcode::realcode).returns(String::new());
}
