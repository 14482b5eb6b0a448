use patchable::patchable;

#[patchable]
pub trait Numbers {
    fn all(&self) -> impl Iterator<Item = u32>;

    #[patchable]
    fn first(&self) -> u32 {
        0
    }
}

fn main() {}
