use patchable::{patch, patchable};

#[patchable]
pub fn greeting() -> String {
    "hello".to_string()
}

fn main() {
    let _guard = patch!(greeting).returns("fixed");
}
