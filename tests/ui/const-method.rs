use patchable::patchable;

pub struct Limits;

impl Limits {
    #[patchable]
    pub const fn max() -> u32 {
        10
    }
}

fn main() {
    let _ = Limits::max();
}
