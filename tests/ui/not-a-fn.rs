use patchable::patchable;

#[patchable]
pub struct Config {
    pub retries: u32,
}

fn main() {
    let _ = Config { retries: 1 };
}
