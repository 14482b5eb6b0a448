use patchable::patchable;

#[patchable]
pub trait Greeter {
    fn greet(&self) -> String {
        "hello".into()
    }
}

fn main() {}
