//! A payment client tested the way a user tests one: a conditional patch for one
//! endpoint, answers in turn for retries, records of what was sent, and the order of
//! calls across functions — `.when`, `.returns_seq`, `.record` and a `Sequence`.
//!
//! Run with `cargo run --example payment_client`; its tests with
//! `cargo test --example payment_client`.

use patchable::{Sequence, patch, patchable};

/// The HTTP layer: every request of the client goes through here.
#[patchable]
fn post(url: &str, body: &str) -> Result<String, String> {
    Err(format!("no network in the example: POST {url} {body}"))
}

/// The audit log the client writes after every payment.
#[patchable]
fn audit(event: &str) {
    println!("audit: {event}");
}

/// The code under test: authorizes, then captures, retrying a request that fails with
/// a timeout up to three times.
fn pay(card: &str, cents: u64) -> Result<String, String> {
    let authorization = with_retries(|| post("https://pay.example/authorize", card))?;
    let receipt = with_retries(|| {
        post(
            "https://pay.example/capture",
            &format!("{authorization}:{cents}"),
        )
    })?;
    audit(&format!("paid {cents} with {card}"));
    Ok(receipt)
}

fn with_retries(mut request: impl FnMut() -> Result<String, String>) -> Result<String, String> {
    let mut last = Err("no attempt".to_string());
    for _ in 0..3 {
        last = request();
        match &last {
            Err(error) if error.contains("timeout") => continue,
            _ => break,
        }
    }
    last
}

fn main() {
    // The capture endpoint times out twice, then answers; authorization always does.
    let order = Sequence::new();
    let _authorize = patch!(post)
        .when(|url, _| url.ends_with("/authorize"))
        .in_sequence(&order)
        .returns(Ok("auth-7".into()));
    let captures = patch!(post)
        .when(|url, _| url.ends_with("/capture"))
        .record(|_, body| body.to_string())
        .in_sequence(&order)
        .returns_seq([
            Err("timeout".to_string()),
            Err("timeout".to_string()),
            Ok("receipt-1".to_string()),
        ]);
    let audits = patch!(audit)
        .in_sequence(&order)
        .record(|event| event.to_string())
        .spy();

    let receipt = pay("4242", 1250);
    println!("paid: {receipt:?}");
    println!("capture requests: {:?}", captures.records());
    assert_eq!(receipt, Ok("receipt-1".to_string()));
    assert_eq!(captures.records(), ["auth-7:1250"; 3]);
    assert_eq!(audits.records(), ["paid 1250 with 4242"]);
    order.verify().expect("authorize, then capture, then audit");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capture_that_keeps_timing_out_fails_after_three_attempts() {
        let _authorize = patch!(post)
            .when(|url, _| url.ends_with("/authorize"))
            .returns(Ok("auth-1".into()));
        let captures = patch!(post)
            .when(|url, _| url.ends_with("/capture"))
            .times(3)
            .returns(Err("timeout".into()));
        let audits = patch!(audit).times(0).spy();
        assert_eq!(pay("4242", 100), Err("timeout".to_string()));
        assert_eq!(captures.verify(), Ok(()));
        assert_eq!(audits.calls(), 0);
    }

    #[test]
    fn a_declined_card_is_not_captured() {
        // Only the card ending in 0002 is declined; other requests reach the layer below.
        let _network = patch!(post).returns(Ok("ok".into()));
        let _declined = patch!(post)
            .when(|url, body| url.ends_with("/authorize") && body.ends_with("0002"))
            .returns(Err("declined".into()));
        let captures = patch!(post)
            .when(|url, _| url.ends_with("/capture"))
            .record(|_, body| body.to_string())
            .spy();
        assert_eq!(pay("4000000000000002", 500), Err("declined".to_string()));
        assert_eq!(pay("4242", 500), Ok("ok".to_string()));
        assert_eq!(captures.records(), ["ok:500"]);
    }
}
