//! The preference order as numbers: a cost vector per offering, summed over
//! a bundle and compared lexicographically.

use ensemble_model::{Catalog, OfferingIx};

/// What one offering adds to a bundle's cost vector `[partner, 1,
/// lifecycle rank, cents per (currency, period)…]`, price keys in the
/// catalog's order (currency code, then period) among those the offerings
/// use. Kept sparse: an offering has at most one price.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cost {
    partner: i64,
    rank: i64,
    /// The price's position in the vector, and its cents.
    price: Option<(usize, i64)>,
}

impl Cost {
    /// Adds `sign` times this cost to `total`.
    pub fn add_to(&self, total: &mut [i64], sign: i64) {
        total[0] += sign * self.partner;
        total[1] += sign;
        total[2] += sign * self.rank;
        if let Some((k, cents)) = self.price {
            total[k] += sign * cents;
        }
    }
}

/// Cost vectors for a set of offerings.
#[derive(Debug)]
pub(crate) struct Costs {
    /// One per offering, in the order given.
    pub costs: Vec<Cost>,
    /// The length of a cost vector.
    pub dims: usize,
}

impl Costs {
    pub fn new(catalog: &Catalog, offerings: &[OfferingIx]) -> Costs {
        let mut position = vec![0usize; catalog.price_keys().len()];
        for &ix in offerings {
            if let Some((k, _)) = catalog.summary(ix).price {
                position[k.index()] = 1;
            }
        }
        let mut dims = 3;
        for p in &mut position {
            if *p == 1 {
                *p = dims;
                dims += 1;
            }
        }
        let costs = offerings
            .iter()
            .map(|&ix| {
                let s = catalog.summary(ix);
                Cost {
                    partner: i64::from(s.partner),
                    rank: i64::from(s.lifecycle.preference_rank()),
                    price: s
                        .price
                        .map(|(k, amount)| (position[k.index()], cents(amount))),
                }
            })
            .collect();
        Costs { costs, dims }
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
    let s = catalog.summary(ix);
    u32::from(s.partner) * 16 + u32::from(s.lifecycle.preference_rank())
}
