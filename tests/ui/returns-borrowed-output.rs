use patchable::{patch, patchable};

pub trait TableLike {
    fn len(&self) -> usize;
}

pub struct Table(Vec<u8>);

impl TableLike for Table {
    fn len(&self) -> usize {
        self.0.len()
    }
}

pub struct Item(Table);

#[patchable]
impl Item {
    pub fn as_table_like_mut(&mut self) -> Option<&mut dyn TableLike> {
        Some(&mut self.0)
    }
}

fn main() {
    // The output borrows the item: no one value serves every call; `.with` does.
    let _guard = patch!(Item::as_table_like_mut).returns(None);
}
