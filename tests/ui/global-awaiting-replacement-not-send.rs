use std::rc::Rc;

#[patchable::patchable]
async fn count() -> usize {
    0
}

fn main() {
    let shared = Rc::new(5);
    let _guard = patchable::patch!(count)
        .global()
        .with_async(move || std::future::ready(*shared));
}
