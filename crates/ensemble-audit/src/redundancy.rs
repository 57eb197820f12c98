//! Redundancy: capabilities delivered by more than one offering, with how
//! the offerings differ. Each group is a candidate for combining.

use ensemble_model::{Catalog, Id, Lifecycle, OfferingIx, Price, Provide};
use serde::Serialize;

use crate::Standing;

/// What varies between the members of a redundancy group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Difference {
    Lifecycle,
    /// Some are internal and some from a partner, or from different partners.
    Partner,
    Price,
    /// The interfaces (and versions) they provide.
    Interfaces,
}

impl Difference {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Difference::Lifecycle => "lifecycle",
            Difference::Partner => "partner",
            Difference::Price => "price",
            Difference::Interfaces => "interfaces",
        }
    }
}

/// One capability delivered by several offerings.
#[derive(Debug, Clone, Serialize)]
pub struct RedundancyGroup {
    pub capability: Id,
    /// What varies between the members; empty when they look alike.
    pub differs_in: Vec<Difference>,
    /// The member the solver's order prefers (internal, then partner in
    /// force, then the rest; then the more mature lifecycle; then id): the
    /// natural one to keep.
    pub preferred: Id,
    /// The members, in id order.
    pub offerings: Vec<RedundantOffering>,
}

/// A member of a redundancy group.
#[derive(Debug, Clone, Serialize)]
pub struct RedundantOffering {
    pub id: Id,
    pub name: String,
    pub portfolio: Id,
    pub lifecycle: Lifecycle,
    pub partner: Option<Id>,
    pub standing: Standing,
    pub price: Option<Price>,
    pub provides: Vec<Provide>,
}

pub(crate) fn redundancy(catalog: &Catalog, standings: &[Standing]) -> Vec<RedundancyGroup> {
    let mut capabilities: Vec<&Id> = catalog
        .capabilities()
        .filter(|c| catalog.deliverers(c.as_str()).len() > 1)
        .collect();
    capabilities.sort();
    capabilities
        .into_iter()
        .map(|c| group(catalog, standings, c, catalog.deliverers(c.as_str())))
        .collect()
}

fn group(
    catalog: &Catalog,
    standings: &[Standing],
    capability: &Id,
    members: &[OfferingIx],
) -> RedundancyGroup {
    let offering = |ix: OfferingIx| catalog.offering(ix);
    let first = offering(members[0]);
    let sorted_provides = |ix: OfferingIx| {
        let mut p: Vec<(&Id, &semver::Version)> = offering(ix)
            .provides
            .iter()
            .map(|p| (&p.interface, &p.version))
            .collect();
        p.sort();
        p
    };
    let first_provides = sorted_provides(members[0]);
    let mut differs_in = Vec::new();
    let rest = || members[1..].iter().copied();
    if rest().any(|ix| offering(ix).lifecycle != first.lifecycle) {
        differs_in.push(Difference::Lifecycle);
    }
    if rest().any(|ix| offering(ix).partner != first.partner) {
        differs_in.push(Difference::Partner);
    }
    if rest().any(|ix| offering(ix).price != first.price) {
        differs_in.push(Difference::Price);
    }
    if rest().any(|ix| sorted_provides(ix) != first_provides) {
        differs_in.push(Difference::Interfaces);
    }
    let preferred = members
        .iter()
        .copied()
        .min_by_key(|&ix| {
            let standing = match standings[ix.index()] {
                Standing::Internal => 0,
                Standing::Partner => 1,
                _ => 2,
            };
            (standing, offering(ix).lifecycle.preference_rank(), ix)
        })
        .expect("a group has members");
    RedundancyGroup {
        capability: capability.clone(),
        differs_in,
        preferred: offering(preferred).id.clone(),
        offerings: members
            .iter()
            .map(|&ix| {
                let o = offering(ix);
                RedundantOffering {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    portfolio: o.portfolio.clone(),
                    lifecycle: o.lifecycle,
                    partner: o.partner.clone(),
                    standing: standings[ix.index()],
                    price: o.price.clone(),
                    provides: o.provides.clone(),
                }
            })
            .collect(),
    }
}
