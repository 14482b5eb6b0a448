use patchable::patchable;

pub trait Greeter {
    #[patchable]
    fn greet(&self) -> String {
        "hello".into()
    }
}

fn main() {}
