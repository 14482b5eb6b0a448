//! A fixed "now": test time-dependent code without sleeping or a clock trait.
//!
//! Run with `cargo run --example clock`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use patchable::{patch, patchable};

/// The system clock, in one place that tests can patch.
#[patchable]
fn now() -> SystemTime {
    SystemTime::now()
}

/// A session token that expires an hour after it was issued.
struct Token {
    issued: SystemTime,
}

impl Token {
    fn issue() -> Self {
        Token { issued: now() }
    }

    fn is_expired(&self) -> bool {
        now()
            .duration_since(self.issued)
            .is_ok_and(|age| age > Duration::from_secs(3600))
    }
}

fn main() {
    let start = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let clock = patch!(now).returns(start);
    let token = Token::issue();
    println!(
        "issued at the fixed start: expired = {}",
        token.is_expired()
    );
    assert!(!token.is_expired());

    // Move time forward: a newer patch of the same clock wins while it lives.
    let later = patch!(now).returns(start + Duration::from_secs(3601));
    println!(
        "61 minutes later:          expired = {}",
        token.is_expired()
    );
    assert!(token.is_expired());
    drop(later);

    println!(
        "back at the start:         expired = {}",
        token.is_expired()
    );
    assert!(!token.is_expired());
    println!(
        "the clock was read {} times under the first patch",
        clock.calls()
    );
}
