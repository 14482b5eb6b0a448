use patchable::{patch, patchable};

pub struct Client;

impl Client {
    #[patchable]
    pub fn get(&self, path: &str) -> String {
        path.to_string()
    }
}

fn main() {
    let _guard = patch!(Client::get).with(|path: u32| path.to_string());
    // The note names the method's patch handle after it: `Client::get__patch`.
    let _typed = patch!(Client::get).with(|_client: &Client, path: u32| path.to_string());
}
