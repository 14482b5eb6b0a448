use patchable::patchable;

pub trait Greeter {
    fn greet(&self) -> String;
}

pub struct English;

impl Greeter for English {
    #[patchable]
    fn greet(&self) -> String {
        "hello".into()
    }
}

fn main() {
    let _ = English.greet();
}
