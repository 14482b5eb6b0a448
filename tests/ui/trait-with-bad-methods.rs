use patchable::patchable;

#[patchable]
pub trait Numbers {
    // What the glue cannot serve leaves the trait as it is; a second mark is refused.
    fn all(&self) -> impl Iterator<Item = u32>;

    #[patchable]
    fn first(&self) -> u32 {
        0
    }
}

fn main() {}
