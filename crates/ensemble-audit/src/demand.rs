//! Who requires what: every distinct non-optional interface requirement of
//! the catalog, with the offerings that state it. Built in one pass so the
//! unused and fragile sections never compare offerings pairwise.

use std::collections::HashMap;

use ensemble_model::{Catalog, Id, OfferingIx};
use semver::VersionReq;

/// One distinct `(interface, version requirement)` pair.
#[derive(Debug)]
pub(crate) struct Demand<'c> {
    pub interface: &'c Id,
    pub version: &'c VersionReq,
    /// Offerings stating it, in id order, without repeats.
    pub requirers: Vec<OfferingIx>,
}

/// A non-optional requirement of one offering: the demands of its
/// alternatives (one for a plain requirement).
#[derive(Debug)]
pub(crate) struct Need {
    pub offering: OfferingIx,
    pub alternatives: Vec<usize>,
}

/// The requirement index.
#[derive(Debug, Default)]
pub(crate) struct DemandIndex<'c> {
    pub demands: Vec<Demand<'c>>,
    /// Demand positions per interface.
    pub by_interface: HashMap<&'c str, Vec<usize>>,
    pub needs: Vec<Need>,
}

impl<'c> DemandIndex<'c> {
    pub fn build(catalog: &'c Catalog) -> Self {
        let mut index = DemandIndex::default();
        let mut keys: HashMap<(&'c str, &'c VersionReq), usize> = HashMap::new();
        for ix in catalog.indexes() {
            for requirement in &catalog.offering(ix).requires {
                if requirement.optional {
                    continue;
                }
                let mut alternatives = Vec::with_capacity(requirement.alternatives.len());
                for alt in &requirement.alternatives {
                    let key = (alt.interface.as_str(), &alt.version);
                    let at = *keys.entry(key).or_insert_with(|| {
                        index.demands.push(Demand {
                            interface: &alt.interface,
                            version: &alt.version,
                            requirers: Vec::new(),
                        });
                        let at = index.demands.len() - 1;
                        index
                            .by_interface
                            .entry(alt.interface.as_str())
                            .or_default()
                            .push(at);
                        at
                    });
                    let requirers = &mut index.demands[at].requirers;
                    if requirers.last() != Some(&ix) {
                        requirers.push(ix);
                    }
                    alternatives.push(at);
                }
                index.needs.push(Need {
                    offering: ix,
                    alternatives,
                });
            }
        }
        index
    }

    /// The demands on an interface.
    pub fn on(&self, interface: &str) -> impl Iterator<Item = &Demand<'c>> {
        self.by_interface
            .get(interface)
            .into_iter()
            .flatten()
            .map(|&at| &self.demands[at])
    }
}
