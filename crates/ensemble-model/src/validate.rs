//! Building a [`Catalog`] from parsed documents, collecting every problem.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use crate::catalog::{OfferingIx, Provider};
use crate::diagnostic::suggest;
use crate::document::CATALOG_KINDS;
use crate::locate::Anchor;
use crate::{Catalog, Diagnostic, Document, Id, Location, Problem};

/// A problem found while building, with what is needed to locate it exactly
/// in its file later.
#[derive(Debug)]
pub(crate) struct Finding {
    pub diagnostic: Diagnostic,
    pub anchor: Option<Anchor>,
}

impl Finding {
    fn new(path: &Arc<Path>, problem: Problem, anchor: Anchor) -> Self {
        Finding {
            diagnostic: Diagnostic::new(Location::file(path.clone()), problem),
            anchor: Some(anchor),
        }
    }
}

/// Builds the catalog from documents in a deterministic order (files sorted by
/// path, documents in file order). Problems do not stop the build: every one
/// is reported, and the catalog is only used when there are none.
pub(crate) fn build(documents: Vec<(Document, Arc<Path>)>) -> (Catalog, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut offerings = Vec::new();
    let mut partners: BTreeMap<Id, (crate::Partner, Arc<Path>)> = BTreeMap::new();
    let mut markets: BTreeMap<Id, (crate::Market, Arc<Path>)> = BTreeMap::new();

    for (doc, path) in documents {
        match doc {
            Document::Offering(o) => offerings.push((o, path)),
            Document::Partner(p) => match partners.entry(p.id.clone()) {
                Entry::Occupied(first) => {
                    findings.push(duplicate("partner", &p.id, &first.get().1, &path))
                }
                Entry::Vacant(slot) => {
                    slot.insert((p, path));
                }
            },
            Document::Market(m) => match markets.entry(m.id.clone()) {
                Entry::Occupied(first) => {
                    findings.push(duplicate("market", &m.id, &first.get().1, &path))
                }
                Entry::Vacant(slot) => {
                    slot.insert((m, path));
                }
            },
            Document::Bundle(b) => findings.push(Finding::new(
                &path,
                Problem::UnexpectedKind {
                    kind: "bundle".into(),
                    expected: CATALOG_KINDS,
                },
                Anchor::document(b.id.as_str(), 0),
            )),
            Document::Empty => {}
        }
    }

    // Sorting by id makes the catalog independent of file order; ties keep
    // the order read, so the first-read duplicate comes first. Indexes are
    // sorted rather than the (large) offerings, which then move once.
    let mut order: Vec<usize> = (0..offerings.len()).collect();
    order.sort_unstable_by(|&a, &b| offerings[a].0.id.cmp(&offerings[b].0.id).then(a.cmp(&b)));
    let mut slots: Vec<Option<(Box<crate::Offering>, Arc<Path>)>> =
        offerings.into_iter().map(Some).collect();
    let mut unique: Vec<(Box<crate::Offering>, Arc<Path>)> = Vec::with_capacity(order.len());
    for i in order {
        let (o, path) = slots[i].take().expect("each offering is taken once");
        match unique.last() {
            Some((prev, first)) if prev.id == o.id => {
                findings.push(duplicate("offering", &o.id, first, &path));
            }
            _ => unique.push((o, path)),
        }
    }

    let mut catalog = Catalog::default();
    catalog.index.reserve(unique.len());
    catalog.offerings.reserve(unique.len());
    catalog.sources.reserve(unique.len());
    for (i, (o, path)) in unique.into_iter().enumerate() {
        let ix = OfferingIx::new(i);
        catalog.index.insert(o.id.clone(), ix);
        for cap in &o.capabilities {
            // Look up before inserting: most names are already there, and
            // `entry` would take (and drop) a new reference every time.
            match catalog.by_capability.get_mut(cap) {
                Some(list) if list.last() == Some(&ix) => {}
                Some(list) => list.push(ix),
                None => {
                    catalog.by_capability.insert(cap.clone(), vec![ix]);
                }
            }
        }
        for (k, p) in o.provides.iter().enumerate() {
            let provider = Provider {
                offering: ix,
                version: p.version.clone(),
                provide: u32::try_from(k).expect("fewer than 2^32 provides"),
            };
            match catalog.by_interface.get_mut(&p.interface) {
                Some(list) => list.push(provider),
                None => {
                    catalog
                        .by_interface
                        .insert(p.interface.clone(), vec![provider]);
                }
            }
        }
        catalog.offerings.push(*o);
        catalog.sources.push(path);
    }
    for providers in catalog.by_interface.values_mut() {
        providers.sort_by(|a, b| b.version.cmp(&a.version).then(a.offering.cmp(&b.offering)));
    }

    catalog.alternatives =
        crate::alternatives::Alternatives::build(&catalog.offerings, &catalog.by_interface);
    (catalog.summaries, catalog.price_keys) = crate::summary::summarise(&catalog.offerings);

    check_offering_references(&mut catalog, &partners, &markets, &mut findings);
    check_markets(&catalog, &markets, &mut findings);

    catalog.partners = partners.into_iter().map(|(id, (p, _))| (id, p)).collect();
    catalog.markets = markets.into_iter().map(|(id, (m, _))| (id, m)).collect();
    (catalog, findings)
}

fn duplicate(kind: &'static str, id: &Id, first: &Arc<Path>, path: &Arc<Path>) -> Finding {
    // A duplicate in the same file is the second `id:` line there.
    let occurrence = usize::from(first == path);
    Finding::new(
        path,
        Problem::DuplicateId {
            kind,
            id: id.clone(),
            first: Location::file(first.clone()),
        },
        Anchor::document(id.as_str(), occurrence),
    )
}

/// Checks partner, market and conflict references of every offering, and
/// records conflicts in both directions.
fn check_offering_references(
    catalog: &mut Catalog,
    partners: &BTreeMap<Id, (crate::Partner, Arc<Path>)>,
    markets: &BTreeMap<Id, (crate::Market, Arc<Path>)>,
    findings: &mut Vec<Finding>,
) {
    let mut conflicts = vec![Vec::new(); catalog.offerings.len()];
    for (i, o) in catalog.offerings.iter().enumerate() {
        let path = &catalog.sources[i];
        if let Some(partner) = &o.partner {
            if !partners.contains_key(partner) {
                findings.push(Finding::new(
                    path,
                    Problem::UnknownPartner {
                        offering: o.id.clone(),
                        partner: partner.clone(),
                        suggestion: suggest(partner.as_str(), partners.keys()),
                    },
                    Anchor::value(o.id.as_str(), &["partner"], partner.as_str()),
                ));
            }
        }
        for market in &o.markets {
            if !markets.contains_key(market) {
                findings.push(Finding::new(
                    path,
                    Problem::UnknownOfferingMarket {
                        offering: o.id.clone(),
                        market: market.clone(),
                        suggestion: suggest(market.as_str(), markets.keys()),
                    },
                    Anchor::value(o.id.as_str(), &["markets"], market.as_str()),
                ));
            }
        }
        for other in &o.conflicts {
            if *other == o.id {
                findings.push(Finding::new(
                    path,
                    Problem::SelfConflict(o.id.clone()),
                    Anchor::value(o.id.as_str(), &["conflicts"], other.as_str()),
                ));
                continue;
            }
            match catalog.index.get(other) {
                Some(&j) => {
                    conflicts[i].push(j);
                    conflicts[j.index()].push(OfferingIx::new(i));
                }
                None => findings.push(Finding::new(
                    path,
                    Problem::UnknownConflict {
                        offering: o.id.clone(),
                        other: other.clone(),
                        suggestion: suggest(other.as_str(), catalog.index.keys()),
                    },
                    Anchor::value(o.id.as_str(), &["conflicts"], other.as_str()),
                )),
            }
        }
    }
    for list in &mut conflicts {
        list.sort_unstable();
        list.dedup();
    }
    catalog.conflicts = conflicts;
}

/// Checks that market priorities are unique and name delivered capabilities.
fn check_markets(
    catalog: &Catalog,
    markets: &BTreeMap<Id, (crate::Market, Arc<Path>)>,
    findings: &mut Vec<Finding>,
) {
    for (market, path) in markets.values() {
        let mut seen: HashMap<&Id, usize> = HashMap::new();
        for priority in &market.priorities {
            let count = seen.entry(&priority.id).or_insert(0);
            *count += 1;
            if *count > 1 {
                // Point at the repeated `id:`, not at the first one.
                let key = format!("id: {}", priority.id);
                findings.push(Finding::new(
                    path,
                    Problem::DuplicatePriority {
                        market: market.id.clone(),
                        priority: priority.id.clone(),
                    },
                    Anchor::value(market.id.as_str(), &["priorities"], &key).nth(*count - 1),
                ));
            }
            for capability in &priority.capabilities {
                if catalog.deliverers(capability.as_str()).is_empty() {
                    findings.push(Finding::new(
                        path,
                        Problem::UndeliveredCapability {
                            market: market.id.clone(),
                            priority: priority.id.clone(),
                            capability: capability.clone(),
                            suggestion: suggest(capability.as_str(), catalog.by_capability.keys()),
                        },
                        Anchor::value(
                            market.id.as_str(),
                            &[priority.id.as_str(), "capabilities"],
                            capability.as_str(),
                        ),
                    ));
                }
            }
        }
    }
}

/// Groups findings by file so each file is read at most once to locate them.
pub(crate) fn by_file(findings: Vec<Finding>) -> HashMap<Arc<Path>, Vec<Finding>> {
    let mut map: HashMap<Arc<Path>, Vec<Finding>> = HashMap::new();
    for f in findings {
        map.entry(f.diagnostic.location.path.clone())
            .or_default()
            .push(f);
    }
    map
}
