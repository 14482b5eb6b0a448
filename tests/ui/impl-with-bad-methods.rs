use patchable::patchable;

pub struct Client;

// Inside a marked impl, what cannot be hooked (a `const fn`, `-> impl Trait`, an
// `impl Trait` argument) is left as it is; a second mark on a method is refused.
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
