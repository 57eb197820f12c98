//! Unused offerings: nothing ever pulls them into a bundle, because no market
//! priority names a capability they deliver and no other offering requires an
//! interface they provide at the version they provide it.

use std::collections::HashSet;

use ensemble_model::{Catalog, Id, Lifecycle};
use semver::Version;
use serde::Serialize;

use crate::demand::DemandIndex;

/// An offering no need and no requirement reaches.
#[derive(Debug, Clone, Serialize)]
pub struct UnusedOffering {
    pub id: Id,
    pub name: String,
    pub portfolio: Id,
    pub lifecycle: Lifecycle,
    pub partner: Option<Id>,
    /// Its capabilities, none named by a market priority.
    pub capabilities: Vec<Id>,
    /// Its provided interfaces, none required by another offering at this
    /// version.
    pub provides: Vec<UnusedInterface>,
}

/// A provided interface nobody else requires at the version provided.
#[derive(Debug, Clone, Serialize)]
pub struct UnusedInterface {
    pub interface: Id,
    pub version: Version,
    /// The requirements other offerings state on the interface, none matching
    /// `version` (empty when nobody requires the interface at all).
    pub required_at: Vec<String>,
}

pub(crate) fn unused(catalog: &Catalog, demand: &DemandIndex<'_>) -> Vec<UnusedOffering> {
    let named: HashSet<&str> = catalog
        .markets()
        .values()
        .flat_map(|m| &m.priorities)
        .flat_map(|p| &p.capabilities)
        .map(Id::as_str)
        .collect();
    let mut out = Vec::new();
    for ix in catalog.indexes() {
        let o = catalog.offering(ix);
        if o.capabilities.iter().any(|c| named.contains(c.as_str())) {
            continue;
        }
        let pulled = o.provides.iter().any(|p| {
            demand
                .on(p.interface.as_str())
                .any(|d| d.version.matches(&p.version) && d.requirers.iter().any(|&r| r != ix))
        });
        if pulled {
            continue;
        }
        let provides = o
            .provides
            .iter()
            .map(|p| {
                let mut required_at: Vec<String> = demand
                    .on(p.interface.as_str())
                    .filter(|d| d.requirers.iter().any(|&r| r != ix))
                    .map(|d| d.version.to_string())
                    .collect();
                required_at.sort();
                required_at.dedup();
                UnusedInterface {
                    interface: p.interface.clone(),
                    version: p.version.clone(),
                    required_at,
                }
            })
            .collect();
        out.push(UnusedOffering {
            id: o.id.clone(),
            name: o.name.clone(),
            portfolio: o.portfolio.clone(),
            lifecycle: o.lifecycle,
            partner: o.partner.clone(),
            capabilities: o.capabilities.clone(),
            provides,
        });
    }
    out
}
