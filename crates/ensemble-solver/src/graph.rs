//! The candidate graph: the part of the catalog a request can reach.

use std::collections::VecDeque;
use std::sync::OnceLock;

use ensemble_model::{AltIx, Catalog, Id, OfferingIx};
use fixedbitset::FixedBitSet;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use rustc_hash::FxHashMap as FxMap;

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
/// The solver itself only needs the reached offerings, which of them were
/// expanded, and the alternatives followed (their providers are in the
/// catalog's index), so [`CandidateGraph::build`] records just those;
/// the petgraph graph (nodes and edges of every kind) is built the first
/// time [`CandidateGraph::graph`] (or another query that needs it) asks.
#[derive(Debug, Default)]
pub struct CandidateGraph<'c> {
    catalog: Option<&'c Catalog>,
    needs: Vec<Id>,
    includes: Vec<OfferingIx>,
    lazy: OnceLock<Full>,
    /// The reached offerings, in id order.
    offerings: Vec<OfferingIx>,
    /// Bits by catalog position: reached offerings, and those whose
    /// requirements were followed. A bit per catalog offering is a small
    /// price for lookups without hashing; only the words a request touches
    /// are ever written.
    reached: FixedBitSet,
    expanded: FixedBitSet,
    /// The alternatives of the followed (non-optional) requirements,
    /// ascending.
    pub(crate) alternatives: Vec<AltIx>,
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
            reached: FixedBitSet::with_capacity(catalog.len()),
            expanded: FixedBitSet::with_capacity(catalog.len()),
            ..CandidateGraph::default()
        };
        let mut followed = FixedBitSet::with_capacity(catalog.alternative_count());
        // `offerings` in the order reached doubles as the breadth-first
        // queue; at the end it is rebuilt in id order from `reached`.
        let reach = |g: &mut CandidateGraph<'c>, ix: OfferingIx| {
            if !g.reached.put(ix.index()) {
                g.offerings.push(ix);
            }
        };
        for capability in needs {
            g.needs.push(capability.clone());
            for &ix in catalog.deliverers(capability.as_str()) {
                reach(&mut g, ix);
            }
        }
        for ix in includes {
            g.includes.push(ix);
            reach(&mut g, ix);
        }
        let mut next = 0;
        while let Some(&ix) = g.offerings.get(next) {
            next += 1;
            if !expand(ix) {
                continue;
            }
            g.expanded.insert(ix.index());
            for req in catalog.requirement_alternatives(ix) {
                if req.optional {
                    continue;
                }
                for &alt in req.alternatives {
                    if followed.put(alt.index()) {
                        continue;
                    }
                    for m in catalog.matching(alt) {
                        reach(&mut g, m.offering);
                    }
                }
            }
        }
        // In order by catalog position: the set bits, no sorting.
        g.offerings = g.reached.ones().map(OfferingIx::new).collect();
        g.alternatives = followed.ones().map(AltIx::new).collect();
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
                if !self.expanded.contains(ix.index()) {
                    continue;
                }
                let o = g.offerings[&ix];
                for (r, req) in catalog.offering(ix).requires.iter().enumerate() {
                    if req.optional {
                        continue;
                    }
                    let alts = req.alternatives.iter().zip(catalog.alternatives(ix, r));
                    for (written, &alt) in alts {
                        let i = g.interface(&written.interface);
                        g.graph.update_edge(o, i, Edge::Requires);
                        for m in catalog.matching(alt) {
                            let (po, new) = g.offering(m.offering);
                            if new {
                                queue.push_back(m.offering);
                            }
                            g.graph.update_edge(po, i, Edge::Provides);
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

    /// The petgraph graph itself.
    pub fn graph(&self) -> &DiGraph<Vertex, Edge> {
        &self.full().graph
    }

    /// Whether an offering is a candidate (reachable from the request).
    pub fn contains(&self, ix: OfferingIx) -> bool {
        self.reached.contains(ix.index())
    }

    /// Whether a candidate's requirements were followed (`expand` said
    /// yes when the graph was built).
    pub fn expanded(&self, ix: OfferingIx) -> bool {
        self.expanded.contains(ix.index())
    }

    /// The candidate offerings, in id order.
    pub fn offerings(&self) -> &[OfferingIx] {
        &self.offerings
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
    use crate::solve::tests::{offering as off, setup};

    #[test]
    fn the_petgraph_graph_is_built_on_first_query() {
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
