//! The indexed, validated catalog the solver, rules and reports read.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use semver::Version;

use crate::alternatives::{AltIx, AltRequirement, Alternatives, Match};
use crate::summary::Summary;
use crate::{Currency, Id, Market, Offering, Partner, Period};

/// The position of an offering in [`Catalog::offerings`] (which is sorted by
/// id, so comparing indexes compares ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OfferingIx(u32);

impl OfferingIx {
    /// The index into [`Catalog::offerings`].
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The offering at position `i` of [`Catalog::offerings`].
    pub fn new(i: usize) -> Self {
        OfferingIx(u32::try_from(i).expect("fewer than 2^32 offerings"))
    }
}

/// An offering providing an interface, at the version it provides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    pub offering: OfferingIx,
    pub version: Version,
    /// The position of this entry in the offering's `provides`.
    pub provide: u32,
}

/// A valid catalog: every reference resolves, ids are unique, and indexes
/// answer "who delivers this capability" and "who provides this interface"
/// without scanning.
#[derive(Debug, Default)]
pub struct Catalog {
    pub(crate) offerings: Vec<Offering>,
    pub(crate) sources: Vec<Arc<Path>>,
    pub(crate) index: HashMap<Id, OfferingIx>,
    pub(crate) partners: BTreeMap<Id, Partner>,
    pub(crate) markets: BTreeMap<Id, Market>,
    pub(crate) by_capability: HashMap<Id, Vec<OfferingIx>>,
    pub(crate) by_interface: HashMap<Id, Vec<Provider>>,
    pub(crate) conflicts: Vec<Vec<OfferingIx>>,
    pub(crate) alternatives: Alternatives,
    pub(crate) summaries: Vec<Summary>,
    pub(crate) price_keys: Vec<(Currency, Period)>,
}

const NO_OFFERINGS: &[OfferingIx] = &[];
const NO_PROVIDERS: &[Provider] = &[];

impl Catalog {
    /// Every offering, sorted by id.
    pub fn offerings(&self) -> &[Offering] {
        &self.offerings
    }

    /// The offering at `ix`.
    pub fn offering(&self, ix: OfferingIx) -> &Offering {
        &self.offerings[ix.index()]
    }

    /// The index of the offering with this id.
    pub fn lookup(&self, id: &str) -> Option<OfferingIx> {
        self.index.get(id).copied()
    }

    /// The offering with this id.
    pub fn get(&self, id: &str) -> Option<&Offering> {
        self.lookup(id).map(|ix| self.offering(ix))
    }

    /// Iterates over offering indexes in id order.
    pub fn indexes(&self) -> impl ExactSizeIterator<Item = OfferingIx> {
        (0..self.offerings.len()).map(OfferingIx::new)
    }

    /// The file an offering was read from.
    pub fn source(&self, ix: OfferingIx) -> &Path {
        &self.sources[ix.index()]
    }

    /// Partners by id.
    pub fn partners(&self) -> &BTreeMap<Id, Partner> {
        &self.partners
    }

    /// The partner with this id.
    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.get(id)
    }

    /// The partner of an offering, `None` for internal offerings.
    pub fn partner_of(&self, ix: OfferingIx) -> Option<&Partner> {
        self.offering(ix)
            .partner
            .as_ref()
            .and_then(|p| self.partners.get(p))
    }

    /// Markets by id.
    pub fn markets(&self) -> &BTreeMap<Id, Market> {
        &self.markets
    }

    /// The market with this id.
    pub fn market(&self, id: &str) -> Option<&Market> {
        self.markets.get(id)
    }

    /// Offerings delivering a capability, in id order.
    pub fn deliverers(&self, capability: &str) -> &[OfferingIx] {
        self.by_capability
            .get(capability)
            .map_or(NO_OFFERINGS, Vec::as_slice)
    }

    /// Every capability some offering delivers, unordered.
    pub fn capabilities(&self) -> impl Iterator<Item = &Id> {
        self.by_capability.keys()
    }

    /// Providers of an interface, highest version first, then by id.
    pub fn providers(&self, interface: &str) -> &[Provider] {
        self.by_interface
            .get(interface)
            .map_or(NO_PROVIDERS, Vec::as_slice)
    }

    /// Every interface some offering provides, unordered.
    pub fn interfaces(&self) -> impl Iterator<Item = &Id> {
        self.by_interface.keys()
    }

    /// The alternatives of requirement `r` of `ix` (an index into its
    /// `requires`), in the order written, each a number shared by every
    /// requirement of the same interface at the same version requirement.
    pub fn alternatives(&self, ix: OfferingIx, r: usize) -> &[AltIx] {
        self.alternatives.of(ix, r)
    }

    /// The requirements of `ix` (its `requires`, in the order written) as
    /// alternative numbers and optional flags. Reads only the index, which
    /// is compact, so walking many offerings' requirements stays in cache.
    pub fn requirement_alternatives(
        &self,
        ix: OfferingIx,
    ) -> impl ExactSizeIterator<Item = AltRequirement<'_>> + '_ {
        self.alternatives.requirements(ix)
    }

    /// How many requirements `ix` has (the length of its `requires`).
    pub fn requirement_count(&self, ix: OfferingIx) -> usize {
        self.alternatives.requirement_count(ix)
    }

    /// The offerings providing an alternative's interface at a version it
    /// accepts, highest version first, then by id (the order of
    /// [`Catalog::providers`]), worked out when the catalog was built.
    pub fn matching(&self, alt: AltIx) -> &[Match] {
        self.alternatives.matches(alt)
    }

    /// How many distinct alternatives the catalog's requirements name.
    pub fn alternative_count(&self) -> usize {
        self.alternatives.len()
    }

    /// The partner flag, lifecycle and price of `ix`, compact: for code that
    /// ranks many offerings and should not touch each one.
    pub fn summary(&self, ix: OfferingIx) -> &Summary {
        &self.summaries[ix.index()]
    }

    /// Every (currency, period) an offering's price uses, sorted by
    /// currency code, then period; [`Summary::price`] points into it.
    pub fn price_keys(&self) -> &[(Currency, Period)] {
        &self.price_keys
    }

    /// Offerings that may not share a bundle with `ix`, declared on either
    /// side, in id order.
    pub fn conflicts(&self, ix: OfferingIx) -> &[OfferingIx] {
        &self.conflicts[ix.index()]
    }

    /// Whether two offerings conflict.
    pub fn in_conflict(&self, a: OfferingIx, b: OfferingIx) -> bool {
        self.conflicts(a).binary_search(&b).is_ok()
    }

    /// The number of offerings.
    pub fn len(&self) -> usize {
        self.offerings.len()
    }

    /// Whether the catalog has no offerings.
    pub fn is_empty(&self) -> bool {
        self.offerings.is_empty()
    }
}
