//! What choosing between offerings reads, kept compact and apart from the
//! offerings themselves.
//!
//! A solver ranks tens of thousands of reached offerings by partner,
//! lifecycle and price. Reading those from each [`Offering`] touches a large
//! struct and, for the currency, a string on the heap: a cache miss or two
//! per offering, which on a big request is most of the cost. A summary is
//! 32 bytes, in catalog order, with prices keyed by a number.

use crate::{Currency, Lifecycle, Offering, Period};

/// A (currency, period) pair some offering's price uses: an index into
/// [`Catalog::price_keys`](crate::Catalog::price_keys), which are sorted, so
/// comparing keys compares (currency code, period).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PriceKey(u32);

impl PriceKey {
    /// The index into [`Catalog::price_keys`](crate::Catalog::price_keys).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// An offering's partner flag, lifecycle and price, copied out of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub lifecycle: Lifecycle,
    /// Whether the offering is a partner's.
    pub partner: bool,
    /// The price: its (currency, period) and its amount.
    pub price: Option<(PriceKey, f64)>,
}

/// Summaries of `offerings`, in their order, and the sorted price keys.
pub(crate) fn summarise(offerings: &[Offering]) -> (Vec<Summary>, Vec<(Currency, Period)>) {
    let distinct: std::collections::BTreeSet<(&Currency, Period)> = offerings
        .iter()
        .filter_map(|o| o.price.as_ref().map(|p| (&p.currency, p.per)))
        .collect();
    let keys: Vec<(Currency, Period)> = distinct.into_iter().map(|(c, p)| (c.clone(), p)).collect();
    let summaries = offerings
        .iter()
        .map(|o| Summary {
            lifecycle: o.lifecycle,
            partner: o.is_partner(),
            price: o.price.as_ref().map(|p| {
                let k = keys
                    .binary_search_by(|(c, per)| (c, *per).cmp(&(&p.currency, p.per)))
                    .expect("every key was collected");
                (PriceKey(k as u32), p.amount)
            }),
        })
        .collect();
    (summaries, keys)
}

#[cfg(test)]
mod tests {
    use super::Summary;

    #[test]
    fn a_summary_is_four_words() {
        assert_eq!(std::mem::size_of::<Summary>(), 32);
    }
}
