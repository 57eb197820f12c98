//! Price rollups: member prices summed per currency and per period.
//!
//! Monthly, yearly and one-time charges are different things, and currencies
//! are never converted, so a total exists only for one currency *and* one
//! period. Totals are sorted by currency code, then period (month, year,
//! one-time), so the same bundle always rolls up to the same lines.

use std::collections::BTreeMap;

use ensemble_model::{Currency, Id, Period, Price};
use serde::Serialize;

/// The total of one currency and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceLine {
    pub currency: Currency,
    pub per: Period,
    /// The sum, rounded to a millionth to drop floating-point noise.
    pub amount: f64,
    /// The offerings whose prices make up the total, in input order.
    pub offerings: Vec<Id>,
}

/// Totals per currency and period, and the offerings without a price.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Rollup {
    pub totals: Vec<PriceLine>,
    /// Offerings the catalog gives no price for, in input order.
    pub unpriced: Vec<Id>,
}

/// Rolls up `(offering, price)` pairs; `None` marks an unpriced offering.
pub fn rollup<'a>(items: impl IntoIterator<Item = (&'a Id, Option<&'a Price>)>) -> Rollup {
    let mut sums: BTreeMap<(Currency, Period), (f64, Vec<Id>)> = BTreeMap::new();
    let mut unpriced = Vec::new();
    for (id, price) in items {
        match price {
            Some(p) => {
                let entry = sums
                    .entry((p.currency.clone(), p.per))
                    .or_insert((0.0, Vec::new()));
                entry.0 += p.amount;
                entry.1.push(id.clone());
            }
            None => unpriced.push(id.clone()),
        }
    }
    let totals = sums
        .into_iter()
        .map(|((currency, per), (amount, offerings))| PriceLine {
            currency,
            per,
            amount: round(amount),
            offerings,
        })
        .collect();
    Rollup { totals, unpriced }
}

fn round(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    // Never print `-0`.
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// An amount for people: thousands separated by commas, two decimals, more
/// (up to six) only when the amount has them, e.g. `1,200.00`, `0.025`.
pub fn format_amount(amount: f64) -> String {
    if !amount.is_finite() {
        return "—".to_owned();
    }
    let amount = round(amount);
    let mut fixed = format!("{:.6}", amount.abs());
    while fixed.ends_with('0') && fixed.len() - fixed.find('.').unwrap_or(0) > 3 {
        fixed.pop();
    }
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount < 0.0 { "-" } else { "" };
    format!("{sign}{grouped}.{frac}")
}

/// How people name a period: `monthly`, `yearly`, `one-time`.
pub fn period_label(per: Period) -> &'static str {
    match per {
        Period::Month => "monthly",
        Period::Year => "yearly",
        Period::OneTime => "one-time",
    }
}

/// A price as one phrase, e.g. `1,200.00 USD monthly`.
pub fn format_price(price: &Price) -> String {
    format!(
        "{} {} {}",
        format_amount(price.amount),
        price.currency,
        period_label(price.per)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn price(amount: f64, currency: &str, per: &str) -> Price {
        serde_json::from_value(serde_json::json!({
            "amount": amount, "currency": currency, "per": per
        }))
        .unwrap()
    }

    fn id(s: &str) -> Id {
        Id::new(s).unwrap()
    }

    #[test]
    fn sums_per_currency_and_period_never_across() {
        let (a, b, c, d, e) = (id("a"), id("b"), id("c"), id("d"), id("e"));
        let pa = price(1200.0, "USD", "month");
        let pb = price(450.0, "USD", "month");
        let pc = price(2100.0, "EUR", "month");
        let pd = price(5400.0, "USD", "year");
        let pe = price(60000.0, "USD", "one-time");
        let r = rollup([
            (&a, Some(&pa)),
            (&b, Some(&pb)),
            (&c, Some(&pc)),
            (&d, Some(&pd)),
            (&e, Some(&pe)),
        ]);
        let lines: Vec<(String, Period, f64, usize)> = r
            .totals
            .iter()
            .map(|l| (l.currency.to_string(), l.per, l.amount, l.offerings.len()))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("EUR".to_owned(), Period::Month, 2100.0, 1),
                ("USD".to_owned(), Period::Month, 1650.0, 2),
                ("USD".to_owned(), Period::Year, 5400.0, 1),
                ("USD".to_owned(), Period::OneTime, 60000.0, 1),
            ]
        );
        assert!(r.unpriced.is_empty());
    }

    #[test]
    fn unpriced_offerings_are_listed_not_counted() {
        let (a, b) = (id("a"), id("b"));
        let pa = price(10.0, "GBP", "year");
        let r = rollup([(&b, None), (&a, Some(&pa))]);
        assert_eq!(r.unpriced, vec![id("b")]);
        assert_eq!(r.totals.len(), 1);
        assert_eq!(r.totals[0].offerings, vec![id("a")]);
    }

    #[test]
    fn empty_input_has_no_totals() {
        let r = rollup(std::iter::empty());
        assert_eq!(r, Rollup::default());
    }

    #[test]
    fn order_does_not_depend_on_input_order() {
        let (a, b) = (id("a"), id("b"));
        let pa = price(1.0, "USD", "one-time");
        let pb = price(2.0, "EUR", "year");
        let one = rollup([(&a, Some(&pa)), (&b, Some(&pb))]);
        let two = rollup([(&b, Some(&pb)), (&a, Some(&pa))]);
        let keys = |r: &Rollup| -> Vec<(String, Period)> {
            r.totals
                .iter()
                .map(|l| (l.currency.to_string(), l.per))
                .collect()
        };
        assert_eq!(keys(&one), keys(&two));
        assert_eq!(keys(&one)[0].0, "EUR");
    }

    #[test]
    fn floating_point_noise_is_rounded_away() {
        let (a, b) = (id("a"), id("b"));
        let pa = price(0.1, "USD", "month");
        let pb = price(0.2, "USD", "month");
        let r = rollup([(&a, Some(&pa)), (&b, Some(&pb))]);
        assert_eq!(r.totals[0].amount, 0.3);
    }

    #[test]
    fn amounts_read_like_money() {
        assert_eq!(format_amount(0.0), "0.00");
        assert_eq!(format_amount(0.02), "0.02");
        assert_eq!(format_amount(0.025), "0.025");
        assert_eq!(format_amount(999.5), "999.50");
        assert_eq!(format_amount(1200.0), "1,200.00");
        assert_eq!(format_amount(1234567.891), "1,234,567.891");
        assert_eq!(format_amount(-5400.0), "-5,400.00");
        assert_eq!(format_amount(f64::NAN), "—");
        assert_eq!(
            format_price(&price(60000.0, "USD", "one-time")),
            "60,000.00 USD one-time"
        );
    }
}
