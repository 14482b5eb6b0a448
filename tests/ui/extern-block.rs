use patchable::patchable;

unsafe extern "C" {
    #[patchable]
    fn abs(value: i32) -> i32;
}

fn main() {
    let _ = unsafe { abs(-1) };
}
