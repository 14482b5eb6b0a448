//! The arguments of `#[patchable(…)]`: none are accepted yet.

use proc_macro2::TokenStream;
use syn::{Error, Result};

pub fn parse(args: TokenStream) -> Result<()> {
    match args.is_empty() {
        true => Ok(()),
        false => Err(Error::new_spanned(
            args,
            "`#[patchable]` takes no arguments; write `#[patchable]`",
        )),
    }
}
