use patchable::{patch, patchable};

#[patchable]
fn fetch(url: &str) -> String {
    url.to_string()
}

struct Client;

#[patchable]
impl Client {
    fn get(&self, id: u32) -> u32 {
        id
    }
}

fn forgot_the_verb() {
    // A builder installs nothing until `.with`, `.returns` or `.spy`.
    let _guard = patch!(fetch);
    fetch("a");
}

fn set_how_but_not_what() {
    let _guard = patch!(Client::get).times(1).global();
    Client.get(1);
}

fn main() {
    forgot_the_verb();
    set_how_but_not_what();
}
