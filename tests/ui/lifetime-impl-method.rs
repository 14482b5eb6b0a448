use patchable::patchable;

pub struct Parser<'a> {
    input: &'a str,
}

impl<'a> Parser<'a> {
    #[patchable]
    pub fn rest(&self) -> &'a str {
        self.input
    }
}

fn main() {
    let _ = Parser { input: "x" }.rest();
}
