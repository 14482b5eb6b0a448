//! `#[patchable]` on trait impls: `patch!(<Type as Trait>::method)`, seen by default
//! methods and through `dyn Trait`; impls of one generic trait patched apart.

use patchable::{patch, patchable};

mod support;

pub trait Greeter {
    fn greet(&self, name: &str) -> String;

    fn name(&self) -> &str;

    /// A default method: it calls the (patchable) `greet` of the impl.
    fn greet_all(&self, names: &[&str]) -> Vec<String> {
        names.iter().map(|name| self.greet(name)).collect()
    }
}

pub struct English {
    name: String,
}

pub struct French;

#[patchable]
impl Greeter for English {
    fn greet(&self, name: &str) -> String {
        format!("Hello, {name}")
    }

    fn name(&self) -> &str {
        &self.name
    }
}

#[patchable]
impl Greeter for French {
    fn greet(&self, name: &str) -> String {
        format!("Bonjour, {name}")
    }

    fn name(&self) -> &str {
        "français"
    }
}

pub struct Celsius(f64);

#[patchable]
impl From<u8> for Celsius {
    fn from(degrees: u8) -> Self {
        Celsius(degrees.into())
    }
}

#[patchable]
impl From<u16> for Celsius {
    fn from(degrees: u16) -> Self {
        Celsius(degrees.into())
    }
}

/// A trait with an associated type, named as `Self::Item` in the signature.
pub struct Countdown(u32);

#[patchable]
impl Iterator for Countdown {
    type Item = u32;

    fn next(&mut self) -> Option<Self::Item> {
        self.0 = self.0.checked_sub(1)?;
        Some(self.0)
    }
}

/// A generic trait impl for a generic type.
pub struct Wrapper<T>(T);

#[patchable]
impl<T: Clone> AsRef<T> for Wrapper<T> {
    fn as_ref(&self) -> &T {
        &self.0
    }
}

fn english() -> English {
    English {
        name: "english".into(),
    }
}

#[test]
fn a_trait_method_is_patched_for_one_type() {
    let guard = patch!(<English as Greeter>::greet).with(|_, name| format!("Hi, {name}"));
    assert_eq!(english().greet("Ann"), "Hi, Ann");
    assert_eq!(French.greet("Ann"), "Bonjour, Ann");
    assert_eq!(guard.calls(), 1);
}

#[test]
fn default_methods_and_dyn_calls_see_the_patch() {
    let _guard = patch!(<English as Greeter>::greet).returns("patched".to_string());
    assert_eq!(english().greet_all(&["a", "b"]), ["patched", "patched"]);
    let greeters: Vec<Box<dyn Greeter>> = vec![Box::new(english()), Box::new(French)];
    let greetings: Vec<String> = greeters.iter().map(|g| g.greet("Bob")).collect();
    assert_eq!(greetings, ["patched", "Bonjour, Bob"]);
}

#[test]
fn a_borrow_of_self_from_a_trait_method() {
    let _guard = patch!(<English as Greeter>::name).with(|english| &english.name[..2]);
    let greeter: &dyn Greeter = &english();
    assert_eq!(greeter.name(), "en");
}

#[test]
fn impls_of_one_generic_trait_are_patched_apart() {
    let _guard = patch!(<Celsius as From<u8>>::from).with(|_| Celsius(-1.0));
    assert_eq!(Celsius::from(5u8).0, -1.0);
    assert_eq!(Celsius::from(5u16).0, 5.0);
    let celsius: Celsius = 7u8.into();
    assert_eq!(celsius.0, -1.0);
}

#[test]
fn associated_types_in_signatures() {
    let _guard = patch!(<Countdown as Iterator>::next)
        .times(3)
        .returns(Some(9));
    assert_eq!(Countdown(5).take(3).collect::<Vec<_>>(), [9, 9, 9]);
}

#[test]
fn generic_trait_impls_are_patched_per_type() {
    let _guard = patch!(<Wrapper<u8> as AsRef<u8>>::as_ref).returns(&0);
    assert_eq!(*Wrapper(5u8).as_ref(), 0);
    assert_eq!(Wrapper("x").as_ref(), &"x");
}

#[test]
fn messages_name_the_type_and_the_trait() {
    let message = support::panic_message(|| {
        let _guard = patch!(<Celsius as From<u16>>::from).times(2).spy();
    });
    assert!(
        message.starts_with("`<trait_impl::Celsius as From<u16>>::from` was expected"),
        "{message}"
    );
}

pub trait Codec {
    fn encode<T: std::fmt::Debug>(&self, value: T) -> String;

    /// # Safety
    /// `len` bytes must be readable at `bytes`.
    unsafe fn decode(&self, bytes: *const u8, len: usize) -> Vec<u8>;
}

pub struct Plain;

#[patchable]
impl Codec for Plain {
    fn encode<T: std::fmt::Debug>(&self, value: T) -> String {
        format!("{value:?}")
    }

    unsafe fn decode(&self, bytes: *const u8, len: usize) -> Vec<u8> {
        // SAFETY: forwarded to the caller.
        unsafe { std::slice::from_raw_parts(bytes, len) }.to_vec()
    }
}

#[test]
fn generic_and_unsafe_methods_of_trait_impls() {
    let _encode = patch!(<Plain as Codec>::encode::<u8>).with(|_, value| format!("u8 {value}"));
    let _decode = patch!(<Plain as Codec>::decode).with(|_, _, len| vec![0; len]);
    assert_eq!(Plain.encode(1u8), "u8 1");
    assert_eq!(Plain.encode('x'), "'x'");
    let bytes = [7u8, 8];
    // SAFETY: two readable bytes.
    assert_eq!(unsafe { Plain.decode(bytes.as_ptr(), 2) }, [0, 0]);
}

/// A local trait that is not marked, implemented for a named type of another crate:
/// the glue's impl carries a type of this crate, so the orphan rule takes it.
pub trait Sign {
    fn sign(&self) -> String;
}

#[patchable]
impl Sign for netlib::Shop {
    fn sign(&self) -> String {
        format!("[{}]", self.name)
    }
}

#[test]
fn an_unmarked_local_trait_for_a_named_foreign_type() {
    let shop = netlib::Shop {
        name: "corner".into(),
    };
    let guard = patch!(<netlib::Shop as Sign>::sign).with(|shop| shop.name.to_uppercase());
    assert_eq!(shop.sign(), "CORNER");
    drop(guard);
    assert_eq!(shop.sign(), "[corner]");
}
