//! The candidate graph: the part of the catalog a request can reach.

use std::collections::VecDeque;
use std::sync::OnceLock;

use ensemble_model::{Catalog, Id, OfferingIx};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use semver::VersionReq;

use crate::fx::FxMap;

/// A node of the candidate graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Vertex {
    Offering(OfferingIx),
    Capability(Id),
    Interface(Id),
}

/// An edge of the candidate graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// offering → capability it delivers
    Delivers,
    /// offering → interface it provides at a version some reached
    /// requirement accepts
    Provides,
    /// offering → interface it requires (non-optional requirements)
    Requires,
    /// offering → offering it may not share a bundle with (both directions)
    Conflicts,
}

/// Offerings, capabilities and interfaces reachable from a request's needs
/// and includes through delivers and requirement edges.
///
/// Only offerings the request can reach are added, so building it costs time
/// and memory in proportion to that part, whatever the catalog's size.
/// Offerings that can never be members (excluded, partner not allowed,
/// end-of-life, ruled out) are nodes but their requirements are not followed.
///
/// The solver itself only needs the reached offerings and, per requirement,
/// the matching providers, so [`CandidateGraph::build`] records just those;
/// the petgraph graph (nodes and edges of every kind) is built the first
/// time [`CandidateGraph::graph`] (or another query that needs it) asks.
#[derive(Debug, Default)]
pub struct CandidateGraph<'c> {
    catalog: Option<&'c Catalog>,
    needs: Vec<Id>,
    includes: Vec<OfferingIx>,
    lazy: OnceLock<Full>,
    offerings: FxMap<OfferingIx, ()>,
    /// Providers of an interface at versions a requirement accepts, worked
    /// out once per distinct (interface, requirement): `memo` maps the
    /// pair's hash to the first entry of a chain in `pairs`, each entry the
    /// pair, the next entry with the same hash, and its range in `found`.
    memo: FxMap<u64, u32>,
    pairs: Vec<(&'c Id, &'c VersionReq, u32, (u32, u32))>,
    pub(crate) found: Vec<OfferingIx>,
    /// For each expanded offering, its range in `alts`: per requirement the
    /// indexes into `pairs` of its alternatives, then `u32::MAX` (optional
    /// requirements are empty).
    requirements: FxMap<OfferingIx, (u32, u32)>,
    alts: Vec<u32>,
}

/// The petgraph graph and its node indexes.
#[derive(Debug, Default)]
struct Full {
    graph: DiGraph<Vertex, Edge>,
    offerings: FxMap<OfferingIx, NodeIndex>,
    capabilities: FxMap<Id, NodeIndex>,
    interfaces: FxMap<Id, NodeIndex>,
}

impl Full {
    fn offering(&mut self, ix: OfferingIx) -> (NodeIndex, bool) {
        if let Some(&n) = self.offerings.get(&ix) {
            return (n, false);
        }
        let n = self.graph.add_node(Vertex::Offering(ix));
        self.offerings.insert(ix, n);
        (n, true)
    }

    fn capability(&mut self, id: &Id) -> NodeIndex {
        *self
            .capabilities
            .entry(id.clone())
            .or_insert_with(|| self.graph.add_node(Vertex::Capability(id.clone())))
    }

    fn interface(&mut self, id: &Id) -> NodeIndex {
        if let Some(&n) = self.interfaces.get(id) {
            return n;
        }
        let n = self.graph.add_node(Vertex::Interface(id.clone()));
        self.interfaces.insert(id.clone(), n);
        n
    }
}

pub(crate) const END: u32 = u32::MAX;

fn pair_hash(interface: &Id, req: &VersionReq) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::fx::FxHasher::default();
    interface.hash(&mut h);
    req.hash(&mut h);
    h.finish()
}

impl<'c> CandidateGraph<'c> {
    /// Builds the graph from the needed capabilities and included offerings.
    /// `expand(ix)` says whether an offering's requirements are followed.
    pub fn build<'a>(
        catalog: &'c Catalog,
        needs: impl IntoIterator<Item = &'a Id>,
        includes: impl IntoIterator<Item = OfferingIx>,
        expand: impl Fn(OfferingIx) -> bool,
    ) -> CandidateGraph<'c> {
        let mut g = CandidateGraph {
            catalog: Some(catalog),
            ..CandidateGraph::default()
        };
        let mut queue = VecDeque::new();
        for capability in needs {
            g.needs.push(capability.clone());
            for &ix in catalog.deliverers(capability.as_str()) {
                if g.offerings.insert(ix, ()).is_none() {
                    queue.push_back(ix);
                }
            }
        }
        for ix in includes {
            g.includes.push(ix);
            if g.offerings.insert(ix, ()).is_none() {
                queue.push_back(ix);
            }
        }
        while let Some(ix) = queue.pop_front() {
            if !expand(ix) {
                continue;
            }
            let start = g.alts.len() as u32;
            for req in &catalog.offering(ix).requires {
                if req.optional {
                    g.alts.push(END);
                    continue;
                }
                for alt in &req.alternatives {
                    let h = pair_hash(&alt.interface, &alt.version);
                    let head = g.memo.get(&h).copied();
                    let mut k = head.unwrap_or(END);
                    while k != END {
                        let (f, r, next, _) = g.pairs[k as usize];
                        if *f == alt.interface && *r == alt.version {
                            break;
                        }
                        k = next;
                    }
                    if k == END {
                        let from = g.found.len() as u32;
                        for p in catalog.providers(alt.interface.as_str()) {
                            if alt.version.matches(&p.version) {
                                g.found.push(p.offering);
                                if g.offerings.insert(p.offering, ()).is_none() {
                                    queue.push_back(p.offering);
                                }
                            }
                        }
                        let to = g.found.len() as u32;
                        k = g.pairs.len() as u32;
                        g.pairs.push((
                            &alt.interface,
                            &alt.version,
                            head.unwrap_or(END),
                            (from, to),
                        ));
                        g.memo.insert(h, k);
                    }
                    g.alts.push(k);
                }
                g.alts.push(END);
            }
            let end = g.alts.len() as u32;
            g.requirements.insert(ix, (start, end));
        }
        g
    }

    /// The petgraph graph, built on first use by the same walk as
    /// [`CandidateGraph::build`], with every node and edge.
    fn full(&self) -> &Full {
        self.lazy.get_or_init(|| {
            let mut g = Full::default();
            let Some(catalog) = self.catalog else {
                return g;
            };
            let mut queue = VecDeque::new();
            for capability in &self.needs {
                let c = g.capability(capability);
                for &ix in catalog.deliverers(capability.as_str()) {
                    let (o, new) = g.offering(ix);
                    if new {
                        queue.push_back(ix);
                    }
                    g.graph.update_edge(o, c, Edge::Delivers);
                }
            }
            for &ix in &self.includes {
                if g.offering(ix).1 {
                    queue.push_back(ix);
                }
            }
            while let Some(ix) = queue.pop_front() {
                if !self.requirements.contains_key(&ix) {
                    continue;
                }
                let o = g.offerings[&ix];
                for req in &catalog.offering(ix).requires {
                    if req.optional {
                        continue;
                    }
                    for alt in &req.alternatives {
                        let i = g.interface(&alt.interface);
                        g.graph.update_edge(o, i, Edge::Requires);
                        for p in catalog.providers(alt.interface.as_str()) {
                            if alt.version.matches(&p.version) {
                                let (po, new) = g.offering(p.offering);
                                if new {
                                    queue.push_back(p.offering);
                                }
                                g.graph.update_edge(po, i, Edge::Provides);
                            }
                        }
                    }
                }
            }
            let reached: Vec<(OfferingIx, NodeIndex)> =
                g.offerings.iter().map(|(&ix, &n)| (ix, n)).collect();
            for (ix, n) in reached {
                for other in catalog.conflicts(ix) {
                    if let Some(&m) = g.offerings.get(other) {
                        g.graph.update_edge(n, m, Edge::Conflicts);
                    }
                }
            }
            g
        })
    }

    /// The alternatives of an expanded offering's requirements: per
    /// requirement (optional ones empty) indexes for
    /// [`CandidateGraph::found_range`], then `u32::MAX`. Empty for offerings
    /// that were not expanded.
    pub(crate) fn requirement_alts(&self, ix: OfferingIx) -> &[u32] {
        match self.requirements.get(&ix) {
            Some(&(start, end)) => &self.alts[start as usize..end as usize],
            None => &[],
        }
    }

    /// How many requirement entries expanded offerings have in all.
    pub(crate) fn alts_len(&self) -> usize {
        self.alts.len()
    }

    /// The range in `found` of the providers of one alternative.
    pub(crate) fn found_range(&self, k: u32) -> std::ops::Range<usize> {
        let (from, to) = self.pairs[k as usize].3;
        from as usize..to as usize
    }

    /// The petgraph graph itself.
    pub fn graph(&self) -> &DiGraph<Vertex, Edge> {
        &self.full().graph
    }

    /// Whether an offering is a candidate (reachable from the request).
    pub fn contains(&self, ix: OfferingIx) -> bool {
        self.offerings.contains_key(&ix)
    }

    /// The candidate offerings, in id order.
    pub fn offerings(&self) -> Vec<OfferingIx> {
        let mut v: Vec<OfferingIx> = self.offerings.keys().copied().collect();
        v.sort_unstable();
        v
    }

    /// Candidates that conflict with `ix`, in id order.
    pub fn conflicts_of(&self, ix: OfferingIx) -> Vec<OfferingIx> {
        let full = self.full();
        let Some(&n) = full.offerings.get(&ix) else {
            return Vec::new();
        };
        let mut v: Vec<OfferingIx> = full
            .graph
            .edges(n)
            .filter(|e| *e.weight() == Edge::Conflicts)
            .filter_map(|e| match full.graph[e.target()] {
                Vertex::Offering(o) => Some(o),
                _ => None,
            })
            .collect();
        v.sort_unstable();
        v
    }

    /// Numbers of offering, capability and interface nodes.
    pub fn size(&self) -> (usize, usize, usize) {
        let full = self.full();
        (
            full.offerings.len(),
            full.capabilities.len(),
            full.interfaces.len(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::tests::setup;

    #[test]
    fn the_petgraph_graph_is_built_on_first_query() {
        let off = |id: &str, extra: &str| {
            format!("kind: offering\nid: {id}\nname: {id}\nversion: 1.0.0\nportfolio: p\nlifecycle: optimization\n{extra}---\n")
        };
        let yaml = off(
            "app",
            "capabilities: [shop]\nrequires: [{interface: db, version: \"^1\"}, {interface: log, version: \"^1\", optional: true}]\n",
        ) + &off("db-a", "provides: [{interface: db, version: 1.2.0}]\nconflicts: [db-b]\n")
            + &off("db-b", "provides: [{interface: db, version: 1.0.0}]\n")
            + &off("db-old", "provides: [{interface: db, version: 0.9.0}]\n")
            + &off("log", "provides: [{interface: log, version: 1.0.0}]\n")
            + "kind: bundle\nid: r\nname: R\nneeds: [{capability: shop}]\n";
        let (catalog, request) = setup(&yaml);
        let needs: Vec<Id> = request.needs.iter().map(|n| n.capability.clone()).collect();
        let g = CandidateGraph::build(&catalog, &needs, [], |_| true);
        let ix = |id: &str| catalog.lookup(id).unwrap();
        assert_eq!(g.offerings(), vec![ix("app"), ix("db-a"), ix("db-b")]);
        assert!(g.contains(ix("db-b")) && !g.contains(ix("db-old")) && !g.contains(ix("log")));
        assert_eq!(g.size(), (3, 1, 1));
        assert_eq!(g.conflicts_of(ix("db-a")), vec![ix("db-b")]);
        let edges = |kind: Edge| g.graph().edge_weights().filter(|&&e| e == kind).count();
        assert_eq!(
            [
                Edge::Delivers,
                Edge::Requires,
                Edge::Provides,
                Edge::Conflicts
            ]
            .map(edges),
            [1, 1, 2, 2]
        );
    }
}
