use patchable::patchable;

pub struct Client;

// Three refusals in one impl block: all reported in one build. The `const fn` is fine:
// inside a marked impl it is left as it is.
#[patchable]
impl Client {
    pub const fn new() -> Self {
        Client
    }

    pub fn lines(&self) -> impl Iterator<Item = &str> {
        "a\nb".lines()
    }

    pub fn send(&self, body: impl AsRef<[u8]>) -> usize {
        body.as_ref().len()
    }

    #[patchable]
    pub fn close(&self) {}
}

fn main() {
    let client = Client::new();
    let _ = client.lines().count() + client.send("x");
    client.close();
}
