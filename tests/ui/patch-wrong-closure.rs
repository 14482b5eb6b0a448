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
}
