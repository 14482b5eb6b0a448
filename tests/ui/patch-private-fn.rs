// A marked fn that is private where `patch!` names it: rustc says it is private, and the
// note under the second error says where it can be patched.
use patchable::patch;

mod net {
    use patchable::patchable;

    #[patchable]
    fn fetch(url: &str) -> String {
        url.to_string()
    }

    pub fn load(url: &str) -> String {
        fetch(url)
    }
}

fn main() {
    let _guard = patch!(net::fetch).returns("stub".to_string());
    let _ = net::load("x");
}
