//! patchable inside `rstest` parametrised tests and fixtures.

use patchable::{Guard, patch, patchable};
use rstest::{fixture, rstest};

#[patchable]
fn exchange_rate(currency: &str) -> f64 {
    panic!("no rate service in tests for {currency}")
}

fn convert(amount: f64, currency: &str) -> f64 {
    amount * exchange_rate(currency)
}

#[fixture]
fn fixed_rates() -> Guard {
    patch!(exchange_rate).with(|currency| match currency {
        "EUR" => 2.0,
        "JPY" => 100.0,
        _ => 1.0,
    })
}

#[rstest]
#[case("EUR", 20.0)]
#[case("JPY", 1000.0)]
#[case("CHF", 10.0)]
fn each_case_sees_the_fixture_patch(
    fixed_rates: Guard,
    #[case] currency: &str,
    #[case] expected: f64,
) {
    assert_eq!(convert(10.0, currency), expected);
    assert_eq!(fixed_rates.calls(), 1);
}

#[rstest]
fn cases_patch_independently(#[values(1.5, 3.0)] rate: f64) {
    let _guard = patch!(exchange_rate).returns(rate);
    assert_eq!(convert(2.0, "EUR"), 2.0 * rate);
}
