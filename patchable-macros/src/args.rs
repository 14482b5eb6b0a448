//! The arguments of `#[patchable(…)]`: `crate = path`, the runtime's path where the
//! dependency is renamed and its manifest is out of reach.

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::{Error, Path, Result, Token};

/// What `#[patchable(…)]` says.
#[derive(Default)]
pub struct Args {
    /// `crate = pm`: the runtime's path.
    pub krate: Option<Path>,
}

pub fn parse(args: TokenStream) -> Result<Args> {
    match args.is_empty() {
        true => Ok(Args::default()),
        false => syn::parse2(args),
    }
}

impl Parse for Args {
    fn parse(input: ParseStream) -> Result<Self> {
        let key: Token![crate] = input.parse().map_err(|error| {
            Error::new(
                error.span(),
                "`#[patchable]` takes no arguments but `crate = path`, the path of a renamed \
                 `patchable-mock` dependency: write `#[patchable]` or `#[patchable(crate = pm)]`",
            )
        })?;
        let _: Token![=] = input.parse()?;
        let krate: Path = input.parse()?;
        if !input.is_empty() {
            return Err(Error::new(
                input.span(),
                "expected nothing after `crate = path`",
            ));
        }
        let _ = key;
        Ok(Args { krate: Some(krate) })
    }
}
