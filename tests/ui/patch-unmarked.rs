use patchable::patch;

fn plain() -> u32 {
    1
}

pub struct Client;

impl Client {
    pub fn get(&self) -> u32 {
        2
    }
}

fn main() {
    let _a = patch!(plain).returns(2);
    let _b = patch!(Client::get).returns(3);
}
