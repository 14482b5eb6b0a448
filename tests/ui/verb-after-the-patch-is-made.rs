// A builder verb called on the guard, the patch already made: each error says where the
// verb goes.
use patchable::{patch, patchable};

#[patchable]
pub fn get(path: &str, attempts: u32) -> String {
    format!("{path}{attempts}")
}

fn main() {
    let _spy = patch!(get).spy().returns("fixed".to_string());
    let _once = patch!(get).returns("fixed".to_string()).once();
    let _when = patch!(get)
        .returns("fixed".to_string())
        .when(|_path, attempts| *attempts > 1);
}
