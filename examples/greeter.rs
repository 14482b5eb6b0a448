//! A trait impl patched for one type: `patch!(<English as Greeter>::greet)` changes what
//! `English` says everywhere — direct calls, the trait's default methods, `dyn Greeter`
//! — while `French` is left alone.
//!
//! Run with `cargo run --example greeter`.

use patchable::{patch, patchable};

trait Greeter {
    fn greet(&self, name: &str) -> String;

    /// A default method: it calls whichever `greet` the type has.
    fn welcome(&self, names: &[&str]) -> String {
        names
            .iter()
            .map(|name| self.greet(name))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

struct English;
struct French;

#[patchable]
impl Greeter for English {
    fn greet(&self, name: &str) -> String {
        format!("Hello, {name}!")
    }
}

#[patchable]
impl Greeter for French {
    fn greet(&self, name: &str) -> String {
        format!("Bonjour, {name} !")
    }
}

fn everyone(greeters: &[&dyn Greeter]) -> String {
    greeters
        .iter()
        .map(|greeter| greeter.greet("Ada"))
        .collect::<Vec<_>>()
        .join(" / ")
}

fn main() {
    println!("unpatched:  {}", everyone(&[&English, &French]));

    let guard = patch!(<English as Greeter>::greet).with(|_, name| format!("Howdy, {name}!"));
    println!("patched:    {}", everyone(&[&English, &French]));
    println!("default:    {}", English.welcome(&["Ada", "Grace"]));
    println!("calls:      {}", guard.calls());
    drop(guard);

    println!("restored:   {}", everyone(&[&English, &French]));
}
