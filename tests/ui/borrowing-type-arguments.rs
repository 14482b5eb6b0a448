// A type argument that shows a borrow is refused at the patch: keys erase lifetimes, so
// a replacement for `&'static str` would be handed every shorter `&str` too.
use std::fmt::Debug;

use patchable::{patch, patchable};

#[patchable]
pub fn len_of<T: Debug>(x: T) -> usize {
    format!("{x:?}").len()
}

#[derive(Debug)]
pub struct Parser<'a>(pub &'a str);

pub struct Stack<T>(Vec<T>);

#[patchable]
impl<T: Debug> Stack<T> {
    pub fn push(&mut self, x: T) {
        self.0.push(x);
    }
}

fn main() {
    let _a = patch!(len_of::<&'static str>).with(|_| 0);
    let _b = patch!(len_of::<&str>).with(|_| 0);
    let _c = patch!(Stack::<&'static str>::push).with(|_, _| ());
    let _d = patch!(len_of::<Option<(u8, &str)>>).with(|_| 0);
    let _e = patch!(len_of::<Parser<'static>>).with(|_| 0);
    let _f = patch!(len_of::<Box<dyn Debug>>).with(|_| 0);
}
