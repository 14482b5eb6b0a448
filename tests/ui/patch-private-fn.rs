// A marked fn that is private to another crate: rustc says it is private, and the note
// under the second error says where it can be patched (its own crate, from any module).
use patchable::patch;

fn main() {
    let _guard = patch!(netlib::wire::checksum).returns(0);
    let _ = netlib::wire::frame(b"x");
}
