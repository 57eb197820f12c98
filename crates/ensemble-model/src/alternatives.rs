//! Requirement alternatives as dense numbers, each with its matching
//! providers worked out once when the catalog is built.
//!
//! A solver walks every requirement of every offering a request reaches; on
//! a distribution-sized catalog that is hundreds of thousands of
//! (interface, version requirement) pairs, most of them repeats. Naming each
//! distinct pair with an [`AltIx`] and keeping its providers in one flat
//! list turns that walk into array lookups: no string hashing, no version
//! matching, no allocation per requirement.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;
use semver::VersionReq;

use crate::catalog::{OfferingIx, Provider};
use crate::{Id, Offering};

/// A distinct (interface, version requirement) pair of the catalog, the
/// same number wherever the pair is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AltIx(u32);

impl AltIx {
    /// A dense index, `0..` the number of distinct pairs.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The alternative with index `i`, for sets kept by index. Meaningful
    /// for `i` below [`Catalog::alternative_count`](crate::Catalog::alternative_count)
    /// only: [`Catalog::matching`](crate::Catalog::matching) panics past it.
    pub fn new(i: usize) -> Self {
        AltIx(offset(i))
    }
}

/// An offering that provides an interface at a version an alternative
/// accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub offering: OfferingIx,
    /// The position in the offering's `provides` of the matching entry.
    pub provide: u32,
}

/// A requirement of an offering as the index sees it: what
/// [`Catalog::requirement_alternatives`](crate::Catalog::requirement_alternatives)
/// yields, without touching the offering itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AltRequirement<'c> {
    /// The alternatives, in the order written.
    pub alternatives: &'c [AltIx],
    /// Wired when a provider is in the bundle, never pulled in for it.
    pub optional: bool,
}

/// Every requirement's alternatives as [`AltIx`]es, and every alternative's
/// matching providers. Flat lists with offsets, so the whole index is a few
/// allocations whatever the catalog's size.
#[derive(Debug, Default)]
pub(crate) struct Alternatives {
    /// Per offering (and one past the last): its first requirement, an
    /// index into `requirement_start` and `optional`.
    offering_start: Vec<u32>,
    /// Per requirement (and one past the last): its first entry in `alts`.
    requirement_start: Vec<u32>,
    /// Per requirement: whether it is optional.
    optional: Vec<bool>,
    alts: Vec<AltIx>,
    /// Per alternative (and one past the last): its first entry in `matches`.
    match_start: Vec<u32>,
    matches: Vec<Match>,
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("catalog index fits in 32 bits")
}

impl Alternatives {
    /// Numbers the alternatives of `offerings` (in id order, so numbering is
    /// deterministic) and finds their providers in `by_interface` (each
    /// list highest version first, then by id).
    pub(crate) fn build(
        offerings: &[Offering],
        by_interface: &HashMap<Id, Vec<Provider>>,
    ) -> Alternatives {
        let mut numbers: HashMap<(&str, &VersionReq), AltIx, FxBuildHasher> = HashMap::default();
        let mut distinct: Vec<(&Id, &VersionReq)> = Vec::new();
        let mut index = Alternatives::default();
        index.offering_start.reserve(offerings.len() + 1);
        for o in offerings {
            index
                .offering_start
                .push(offset(index.requirement_start.len()));
            for r in &o.requires {
                index.requirement_start.push(offset(index.alts.len()));
                index.optional.push(r.optional);
                for a in &r.alternatives {
                    let next = AltIx(offset(distinct.len()));
                    let alt = *numbers
                        .entry((a.interface.as_str(), &a.version))
                        .or_insert_with(|| {
                            distinct.push((&a.interface, &a.version));
                            next
                        });
                    index.alts.push(alt);
                }
            }
        }
        index
            .offering_start
            .push(offset(index.requirement_start.len()));
        index.requirement_start.push(offset(index.alts.len()));

        index.match_start.reserve(distinct.len() + 1);
        for (interface, version) in distinct {
            index.match_start.push(offset(index.matches.len()));
            let providers = by_interface.get(interface).map_or(&[][..], Vec::as_slice);
            // Providers are sorted by version, and many share one: match
            // each version once.
            for same in providers.chunk_by(|a, b| a.version == b.version) {
                if version.matches(&same[0].version) {
                    index.matches.extend(same.iter().map(|p| Match {
                        offering: p.offering,
                        provide: p.provide,
                    }));
                }
            }
        }
        index.match_start.push(offset(index.matches.len()));
        index
    }

    /// How many requirements an offering has.
    pub(crate) fn requirement_count(&self, ix: OfferingIx) -> usize {
        let i = ix.index();
        (self.offering_start[i + 1] - self.offering_start[i]) as usize
    }

    /// The alternatives of requirement `r` of `ix`, in the order written.
    pub(crate) fn of(&self, ix: OfferingIx, r: usize) -> &[AltIx] {
        assert!(r < self.requirement_count(ix), "no requirement {r}");
        self.requirement(self.offering_start[ix.index()] as usize + r)
            .alternatives
    }

    /// Requirement number `req` of the whole catalog.
    fn requirement(&self, req: usize) -> AltRequirement<'_> {
        let (from, to) = (self.requirement_start[req], self.requirement_start[req + 1]);
        AltRequirement {
            alternatives: &self.alts[from as usize..to as usize],
            optional: self.optional[req],
        }
    }

    /// The requirements of `ix`, in the order written.
    pub(crate) fn requirements(
        &self,
        ix: OfferingIx,
    ) -> impl ExactSizeIterator<Item = AltRequirement<'_>> + '_ {
        let (from, to) = (
            self.offering_start[ix.index()] as usize,
            self.offering_start[ix.index() + 1] as usize,
        );
        (from..to).map(|req| self.requirement(req))
    }

    /// The providers an alternative accepts, highest version first, then by
    /// id.
    pub(crate) fn matches(&self, alt: AltIx) -> &[Match] {
        let (from, to) = (
            self.match_start[alt.index()],
            self.match_start[alt.index() + 1],
        );
        &self.matches[from as usize..to as usize]
    }

    /// How many distinct alternatives the catalog has.
    pub(crate) fn len(&self) -> usize {
        self.match_start.len().saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use crate::{catalog_from_documents, parse_str};

    #[test]
    fn a_pair_has_one_number_and_its_matching_providers() {
        let off = |id: &str, extra: &str| {
            format!("kind: offering\nid: {id}\nname: {id}\nversion: 1.0.0\nportfolio: p\nlifecycle: optimization\n{extra}---\n")
        };
        let yaml = off(
            "app",
            "requires: [{any_of: [{interface: db, version: \"^1\"}, {interface: kv, version: \"^2\"}]}, {interface: log, version: \"^1\"}]\n",
        ) + &off("cli", "requires: [{interface: db, version: \"^1\"}]\n")
            + &off("db-a", "provides: [{interface: log, version: 1.0.0}, {interface: db, version: 1.2.0}]\n")
            + &off("db-b", "provides: [{interface: db, version: 1.5.0}]\n")
            + &off("db-old", "provides: [{interface: db, version: 0.9.0}]\n");
        let catalog = catalog_from_documents(parse_str(&yaml).unwrap(), "t.yaml".as_ref()).unwrap();
        let ix = |id: &str| catalog.lookup(id).unwrap();
        assert_eq!(catalog.requirement_count(ix("app")), 2);
        assert_eq!(catalog.requirement_count(ix("db-b")), 0);
        let app_db = catalog.alternatives(ix("app"), 0);
        assert_eq!(app_db.len(), 2);
        assert_eq!(catalog.alternatives(ix("cli"), 0), &app_db[..1]);
        assert_eq!(catalog.alternative_count(), 3);
        let db: Vec<(&str, u32)> = catalog
            .matching(app_db[0])
            .iter()
            .map(|m| (catalog.offering(m.offering).id.as_str(), m.provide))
            .collect();
        assert_eq!(db, [("db-b", 0), ("db-a", 1)], "highest version first");
        assert!(catalog.matching(app_db[1]).is_empty(), "nobody provides kv");
    }
}
