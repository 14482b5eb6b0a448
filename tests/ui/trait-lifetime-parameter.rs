use patchable::patchable;

#[patchable]
pub trait Parse<'a> {
    fn parse(&self, input: &'a str) -> &'a str {
        input
    }
}

fn main() {}
