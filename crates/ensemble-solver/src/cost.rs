//! The preference order as numbers: a cost vector per offering, summed over
//! a bundle and compared lexicographically.

use ensemble_model::{Catalog, Currency, OfferingIx, Period};

/// Cost vectors for a set of offerings: `[partner, 1, lifecycle rank,
/// cents per (currency, period)…]`, price keys sorted by currency code, then
/// period.
#[derive(Debug)]
pub(crate) struct Costs {
    /// The vectors, one after the other.
    pub flat: Vec<i64>,
    /// The length of each vector.
    pub dims: usize,
}

impl Costs {
    pub fn new(catalog: &Catalog, offerings: &[OfferingIx]) -> Costs {
        let mut keys: Vec<(&Currency, Period)> = Vec::new();
        for &ix in offerings {
            if let Some(p) = &catalog.offering(ix).price {
                if !keys.contains(&(&p.currency, p.per)) {
                    keys.push((&p.currency, p.per));
                }
            }
        }
        keys.sort();
        let dims = 3 + keys.len();
        let mut flat = vec![0i64; dims * offerings.len()];
        for (v, &ix) in flat.chunks_exact_mut(dims).zip(offerings) {
            let o = catalog.offering(ix);
            v[0] = i64::from(o.is_partner());
            v[1] = 1;
            v[2] = i64::from(o.lifecycle.preference_rank());
            if let Some(p) = &o.price {
                let k = keys
                    .iter()
                    .position(|&(c, per)| c == &p.currency && per == p.per)
                    .expect("key collected above");
                v[3 + k] = cents(p.amount);
            }
        }
        Costs { flat, dims }
    }
}

/// An amount in whole cents (negative amounts count as free).
pub(crate) fn cents(amount: f64) -> i64 {
    if amount.is_finite() && amount > 0.0 {
        (amount * 100.0).round() as i64
    } else {
        0
    }
}

/// The decision preference of one offering (lower first): internal before
/// partner, then the more mature lifecycle. Ties go to the lower id.
pub(crate) fn preference(catalog: &Catalog, ix: OfferingIx) -> u32 {
    let o = catalog.offering(ix);
    u32::from(o.is_partner()) * 16 + u32::from(o.lifecycle.preference_rank())
}
