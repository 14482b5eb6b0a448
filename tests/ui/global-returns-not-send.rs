use std::rc::Rc;

#[patchable::patchable]
fn shared() -> Rc<u32> {
    Rc::new(0)
}

fn main() {
    let _guard = patchable::patch!(shared).global().returns(Rc::new(5));
}
