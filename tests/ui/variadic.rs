use patchable::patchable;

#[patchable]
unsafe extern "C" fn sum(count: usize, mut args: ...) -> usize {
    let _ = &mut args;
    count
}

fn main() {}
