//! The candidate graph: the part of the catalog a request can reach.

use std::collections::{HashMap, VecDeque};

use ensemble_model::{Catalog, Id, OfferingIx};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

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
#[derive(Debug, Default)]
pub struct CandidateGraph {
    graph: DiGraph<Vertex, Edge>,
    offerings: HashMap<OfferingIx, NodeIndex>,
    capabilities: HashMap<Id, NodeIndex>,
    interfaces: HashMap<Id, NodeIndex>,
}

impl CandidateGraph {
    /// Builds the graph from the needed capabilities and included offerings.
    /// `expand(ix)` says whether an offering's requirements are followed.
    pub fn build<'a>(
        catalog: &Catalog,
        needs: impl IntoIterator<Item = &'a Id>,
        includes: impl IntoIterator<Item = OfferingIx>,
        expand: impl Fn(OfferingIx) -> bool,
    ) -> CandidateGraph {
        let mut g = CandidateGraph::default();
        let mut queue = VecDeque::new();
        for capability in needs {
            let c = g.capability(capability);
            for &ix in catalog.deliverers(capability.as_str()) {
                let (o, new) = g.offering(ix);
                if new {
                    queue.push_back(ix);
                }
                g.graph.update_edge(o, c, Edge::Delivers);
            }
        }
        for ix in includes {
            if g.offering(ix).1 {
                queue.push_back(ix);
            }
        }
        while let Some(ix) = queue.pop_front() {
            if !expand(ix) {
                continue;
            }
            let o = g.offerings[&ix];
            for req in catalog.offering(ix).requires.iter().filter(|r| !r.optional) {
                for alt in &req.alternatives {
                    let i = g.interface(&alt.interface);
                    g.graph.update_edge(o, i, Edge::Requires);
                    for p in catalog.providers(alt.interface.as_str()) {
                        if p.offering == ix || !alt.version.matches(&p.version) {
                            continue;
                        }
                        let (po, new) = g.offering(p.offering);
                        if new {
                            queue.push_back(p.offering);
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
    }

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
        *self
            .interfaces
            .entry(id.clone())
            .or_insert_with(|| self.graph.add_node(Vertex::Interface(id.clone())))
    }

    /// The petgraph graph itself.
    pub fn graph(&self) -> &DiGraph<Vertex, Edge> {
        &self.graph
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
        let Some(&n) = self.offerings.get(&ix) else {
            return Vec::new();
        };
        let mut v: Vec<OfferingIx> = self
            .graph
            .edges(n)
            .filter(|e| *e.weight() == Edge::Conflicts)
            .filter_map(|e| match self.graph[e.target()] {
                Vertex::Offering(o) => Some(o),
                _ => None,
            })
            .collect();
        v.sort_unstable();
        v
    }

    /// Numbers of offering, capability and interface nodes.
    pub fn size(&self) -> (usize, usize, usize) {
        (
            self.offerings.len(),
            self.capabilities.len(),
            self.interfaces.len(),
        )
    }
}
