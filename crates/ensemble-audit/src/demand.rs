//! Who requires what: every distinct non-optional interface requirement of
//! the catalog, with the offerings that state it. Built in one pass so the
//! unused and fragile sections never compare offerings pairwise.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

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
/// alternatives (one for a plain requirement), as a range of
/// [`DemandIndex::alternatives`].
#[derive(Debug)]
pub(crate) struct Need {
    pub offering: OfferingIx,
    pub alternatives: Range<usize>,
}

/// The requirement index.
#[derive(Debug, Default)]
pub(crate) struct DemandIndex<'c> {
    pub demands: Vec<Demand<'c>>,
    /// Demand positions per interface.
    by_interface: FastMap<&'c str, Vec<usize>>,
    pub needs: Vec<Need>,
    /// The demands of every need's alternatives, back to back.
    pub alternatives: Vec<usize>,
}

impl<'c> DemandIndex<'c> {
    pub fn build(catalog: &'c Catalog) -> Self {
        let mut index = DemandIndex::default();
        for ix in catalog.indexes() {
            for requirement in &catalog.offering(ix).requires {
                if requirement.optional {
                    continue;
                }
                let start = index.alternatives.len();
                for alt in &requirement.alternatives {
                    // An interface sees few distinct requirements: a scan of
                    // them beats hashing every version requirement.
                    let on = index
                        .by_interface
                        .entry(alt.interface.as_str())
                        .or_default();
                    let found = on
                        .iter()
                        .copied()
                        .find(|&at| *index.demands[at].version == alt.version);
                    let at = found.unwrap_or_else(|| {
                        index.demands.push(Demand {
                            interface: &alt.interface,
                            version: &alt.version,
                            requirers: Vec::new(),
                        });
                        on.push(index.demands.len() - 1);
                        index.demands.len() - 1
                    });
                    let requirers = &mut index.demands[at].requirers;
                    if requirers.last() != Some(&ix) {
                        requirers.push(ix);
                    }
                    index.alternatives.push(at);
                }
                index.needs.push(Need {
                    offering: ix,
                    alternatives: start..index.alternatives.len(),
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

    /// The demands of a need's alternatives.
    pub fn alternatives(&self, need: &Need) -> &[usize] {
        &self.alternatives[need.alternatives.clone()]
    }
}

/// A hash map with FNV-1a hashing: the keys are short names the catalog
/// wrote itself, so a DoS-resistant hash buys nothing here and costs time on
/// large catalogs.
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The 64-bit FNV-1a hash.
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
