//! The wiring graph of a bundle, and its Graphviz DOT and Mermaid renderings.
//!
//! Nodes are the members, edges run from a consumer to the provider it is
//! wired to (labelled with the interface and the provided version), partner
//! offerings are drawn dashed, and the members of a wiring cycle (a strongly
//! connected component of the wiring, which the deployment order puts in one
//! wave) are clustered together.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ensemble_model::Id;
use ensemble_solver::Bundle;
use serde::Serialize;

/// A bundle's wiring as a graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Graph {
    /// The bundle id, used as the graph's name.
    pub name: String,
    /// Members, sorted by id.
    pub nodes: Vec<Node>,
    /// Wires, sorted by consumer then interface (as in the bundle).
    pub edges: Vec<Edge>,
    /// Deployment-order groups (waves), as node indexes.
    pub groups: Vec<Vec<usize>>,
    /// Wiring cycles: sets of more than one node that all reach each other,
    /// each sorted, ordered by their first node.
    pub cycles: Vec<Vec<usize>>,
}

/// A member of the bundle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub id: Id,
    pub name: String,
    pub version: String,
    /// The partner delivering it; `None` for internal offerings.
    pub partner: Option<Id>,
    /// Its deployment-order group (index into [`Graph::groups`]).
    pub group: usize,
    /// Its wiring cycle (index into [`Graph::cycles`]), if it is in one.
    pub cycle: Option<usize>,
}

/// A consumer wired to a provider.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Index of the consumer node.
    pub from: usize,
    /// Index of the provider node.
    pub to: usize,
    pub interface: Id,
    /// The version the provider provides.
    pub version: String,
    pub optional: bool,
}

impl Edge {
    /// `interface version`, the edge's label.
    pub fn label(&self) -> String {
        format!("{} {}", self.interface, self.version)
    }
}

impl Graph {
    /// The graph of a composed bundle. Wires naming a non-member are left
    /// out; members missing from the deployment order get a group of their
    /// own at the end, so a partial bundle still draws.
    pub fn from_bundle(bundle: &Bundle) -> Graph {
        let mut nodes: Vec<Node> = bundle
            .offerings
            .iter()
            .map(|m| Node {
                id: m.id.clone(),
                name: m.name.clone(),
                version: m.version.clone(),
                partner: m.partner.clone(),
                group: usize::MAX,
                cycle: None,
            })
            .collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        nodes.dedup_by(|a, b| a.id == b.id);
        let index: BTreeMap<Id, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();

        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut group_of = vec![usize::MAX; nodes.len()];
        for group in &bundle.deployment_order {
            let mut members: Vec<usize> = group
                .iter()
                .filter_map(|id| index.get(id.as_str()).copied())
                .filter(|&i| group_of[i] == usize::MAX)
                .collect();
            members.sort_unstable();
            members.dedup();
            if members.is_empty() {
                continue;
            }
            for &i in &members {
                group_of[i] = groups.len();
            }
            groups.push(members);
        }
        for (i, g) in group_of.iter_mut().enumerate() {
            if *g == usize::MAX {
                *g = groups.len();
                groups.push(vec![i]);
            }
        }
        for (node, g) in nodes.iter_mut().zip(group_of) {
            node.group = g;
        }

        let edges: Vec<Edge> = bundle
            .wiring
            .iter()
            .filter_map(|w| {
                Some(Edge {
                    from: *index.get(w.consumer.as_str())?,
                    to: *index.get(w.provider.as_str())?,
                    interface: w.interface.clone(),
                    version: w.version.clone(),
                    optional: w.optional,
                })
            })
            .collect();
        let cycles = cycles(nodes.len(), &edges);
        for (k, cycle) in cycles.iter().enumerate() {
            for &i in cycle {
                nodes[i].cycle = Some(k);
            }
        }
        Graph {
            name: bundle.bundle.to_string(),
            nodes,
            edges,
            groups,
            cycles,
        }
    }

    /// The wiring cycles.
    pub fn cycles(&self) -> impl Iterator<Item = &[usize]> {
        self.cycles.iter().map(Vec::as_slice)
    }
}

/// The strongly connected components of more than one node: nodes that
/// reach each other. Reachability by one search per node, which is plenty
/// for the size of a bundle and needs no bookkeeping to be deterministic.
fn cycles(n: usize, edges: &[Edge]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        out[e.from].push(e.to);
    }
    let reach: Vec<Vec<bool>> = (0..n)
        .map(|start| {
            let mut seen = vec![false; n];
            let mut stack = vec![start];
            while let Some(v) = stack.pop() {
                for &w in &out[v] {
                    if !seen[w] {
                        seen[w] = true;
                        stack.push(w);
                    }
                }
            }
            seen
        })
        .collect();
    let mut assigned = vec![false; n];
    let mut cycles = Vec::new();
    for i in 0..n {
        if assigned[i] {
            continue;
        }
        let component: Vec<usize> = (0..n)
            .filter(|&j| j == i || (reach[i][j] && reach[j][i]))
            .collect();
        for &j in &component {
            assigned[j] = true;
        }
        if component.len() > 1 {
            cycles.push(component);
        }
    }
    cycles
}

/// Escapes a DOT double-quoted string.
fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The graph in Graphviz DOT: `dot -Tsvg` draws it.
pub fn dot(graph: &Graph) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "digraph {} {{", dot_str(&graph.name));
    s.push_str("  rankdir=TB;\n");
    s.push_str("  node [shape=box, style=\"rounded\", fontname=\"Helvetica\"];\n");
    s.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    let node_line = |s: &mut String, indent: &str, i: usize| {
        let n = &graph.nodes[i];
        let mut label = format!("{}\\n{} {}", dot_label(&n.name), n.id, n.version);
        let style = match &n.partner {
            Some(p) => {
                let _ = write!(label, "\\npartner: {p}");
                ", style=\"rounded,dashed\", penwidth=2"
            }
            None => "",
        };
        let _ = writeln!(
            s,
            "{indent}{} [label=\"{label}\"{style}];",
            dot_str(n.id.as_str())
        );
    };
    let mut in_cluster = vec![false; graph.nodes.len()];
    for (k, cycle) in graph.cycles().enumerate() {
        let _ = writeln!(s, "  subgraph \"cluster_cycle_{}\" {{", k + 1);
        s.push_str("    label=\"wiring cycle: deployed together\";\n");
        s.push_str("    style=dashed;\n");
        for &i in cycle {
            in_cluster[i] = true;
            node_line(&mut s, "    ", i);
        }
        s.push_str("  }\n");
    }
    for (i, _) in graph.nodes.iter().enumerate() {
        if !in_cluster[i] {
            node_line(&mut s, "  ", i);
        }
    }
    for e in &graph.edges {
        let style = if e.optional { ", style=dashed" } else { "" };
        let _ = writeln!(
            s,
            "  {} -> {} [label={}{style}];",
            dot_str(graph.nodes[e.from].id.as_str()),
            dot_str(graph.nodes[e.to].id.as_str()),
            dot_str(&e.label())
        );
    }
    s.push_str("}\n");
    s
}

/// Escapes text inside a DOT label already in double quotes.
fn dot_label(s: &str) -> String {
    let quoted = dot_str(s);
    quoted[1..quoted.len() - 1].to_owned()
}

/// Escapes text for a Mermaid quoted label.
fn mermaid_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The graph as a Mermaid flowchart (without the code fence), as code
/// hosting sites render it. Node ids are `n0`, `n1`, … in member order, so
/// offering ids never clash with Mermaid syntax.
pub fn mermaid(graph: &Graph) -> String {
    let mut s = String::from("flowchart TB\n");
    let node_line = |s: &mut String, indent: &str, i: usize| {
        let n = &graph.nodes[i];
        let text = format!("{}<br/>{} {}", mermaid_str(&n.name), n.id, n.version);
        match &n.partner {
            // Partners: a stadium shape (and a dashed border) so they stand
            // apart without colour.
            Some(p) => {
                let _ = writeln!(s, "{indent}n{i}([\"{text}<br/>partner: {p}\"])");
            }
            None => {
                let _ = writeln!(s, "{indent}n{i}[\"{text}\"]");
            }
        }
    };
    let mut in_cluster = vec![false; graph.nodes.len()];
    for (k, cycle) in graph.cycles().enumerate() {
        let _ = writeln!(
            s,
            "  subgraph cycle{}[\"wiring cycle: deployed together\"]",
            k + 1
        );
        for &i in cycle {
            in_cluster[i] = true;
            node_line(&mut s, "    ", i);
        }
        s.push_str("  end\n");
    }
    for (i, clustered) in in_cluster.iter().enumerate() {
        if !clustered {
            node_line(&mut s, "  ", i);
        }
    }
    for e in &graph.edges {
        let arrow = if e.optional { "-.->" } else { "-->" };
        let _ = writeln!(
            s,
            "  n{} {arrow}|\"{}\"| n{}",
            e.from,
            mermaid_str(&e.label()),
            e.to
        );
    }
    let partners: Vec<String> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.partner.is_some())
        .map(|(i, _)| format!("n{i}"))
        .collect();
    if !partners.is_empty() {
        s.push_str("  classDef partner stroke-dasharray: 6 3,stroke-width:2px;\n");
        let _ = writeln!(s, "  class {} partner;", partners.join(","));
    }
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use ensemble_model::{Date, Lifecycle};
    use ensemble_solver::{Member, Status, Wire};

    fn id(s: &str) -> Id {
        Id::new(s).unwrap()
    }

    fn member(i: &str, name: &str, partner: Option<&str>) -> Member {
        Member {
            id: id(i),
            name: name.to_owned(),
            version: "1.0.0".to_owned(),
            partner: partner.map(id),
            portfolio: id("p"),
            lifecycle: Lifecycle::Optimization,
            reasons: vec![],
        }
    }

    fn wire(c: &str, i: &str, p: &str, optional: bool) -> Wire {
        Wire {
            consumer: id(c),
            interface: id(i),
            requirement: "^1".to_owned(),
            provider: id(p),
            version: "1.2.0".to_owned(),
            optional,
        }
    }

    /// A small bundle with a cycle (b <-> c) and a partner (d).
    pub(crate) fn cyclic() -> Bundle {
        Bundle {
            bundle: id("demo"),
            status: Status::Composed,
            as_of: "2026-11-22".parse::<Date>().unwrap(),
            offerings: vec![
                member("a", "Alpha \"A\"", None),
                member("b", "Beta", None),
                member("c", "Gamma", None),
                member("d", "Delta", Some("acme")),
            ],
            wiring: vec![
                wire("a", "x.api", "b", false),
                wire("b", "y.api", "c", false),
                wire("c", "z.api", "b", false),
                wire("c", "audit.log", "d", true),
            ],
            coverage: vec![],
            deployment_order: vec![vec![id("d")], vec![id("b"), id("c")], vec![id("a")]],
            findings: vec![],
            price: vec![],
            explanation: None,
        }
    }

    #[test]
    fn builds_groups_and_edges() {
        let g = Graph::from_bundle(&cyclic());
        assert_eq!(g.groups, vec![vec![3], vec![1, 2], vec![0]]);
        assert_eq!(g.cycles, vec![vec![1, 2]]);
        assert_eq!(g.nodes[1].cycle, Some(0));
        assert_eq!(g.nodes[0].cycle, None);
        assert_eq!(g.edges.len(), 4);
        assert_eq!(g.edges[0].label(), "x.api 1.2.0");
    }

    #[test]
    fn dot_output() {
        insta::assert_snapshot!(dot(&Graph::from_bundle(&cyclic())), @r#"
        digraph "demo" {
          rankdir=TB;
          node [shape=box, style="rounded", fontname="Helvetica"];
          edge [fontname="Helvetica", fontsize=10];
          subgraph "cluster_cycle_1" {
            label="wiring cycle: deployed together";
            style=dashed;
            "b" [label="Beta\nb 1.0.0"];
            "c" [label="Gamma\nc 1.0.0"];
          }
          "a" [label="Alpha \"A\"\na 1.0.0"];
          "d" [label="Delta\nd 1.0.0\npartner: acme", style="rounded,dashed", penwidth=2];
          "a" -> "b" [label="x.api 1.2.0"];
          "b" -> "c" [label="y.api 1.2.0"];
          "c" -> "b" [label="z.api 1.2.0"];
          "c" -> "d" [label="audit.log 1.2.0", style=dashed];
        }
        "#);
    }

    #[test]
    fn mermaid_output() {
        insta::assert_snapshot!(mermaid(&Graph::from_bundle(&cyclic())), @r#"
        flowchart TB
          subgraph cycle1["wiring cycle: deployed together"]
            n1["Beta<br/>b 1.0.0"]
            n2["Gamma<br/>c 1.0.0"]
          end
          n0["Alpha #quot;A#quot;<br/>a 1.0.0"]
          n3(["Delta<br/>d 1.0.0<br/>partner: acme"])
          n0 -->|"x.api 1.2.0"| n1
          n1 -->|"y.api 1.2.0"| n2
          n2 -->|"z.api 1.2.0"| n1
          n2 -.->|"audit.log 1.2.0"| n3
          classDef partner stroke-dasharray: 6 3,stroke-width:2px;
          class n3 partner;
        "#);
    }

    #[test]
    fn a_wave_of_independent_members_is_no_cycle() {
        let mut b = cyclic();
        // a and d in one wave, neither relying on the other.
        b.deployment_order = vec![vec![id("d"), id("a")], vec![id("b"), id("c")]];
        b.wiring.retain(|w| w.consumer != "a");
        let g = Graph::from_bundle(&b);
        assert_eq!(g.groups[0], vec![0, 3]);
        assert_eq!(g.cycles, vec![vec![1, 2]]);
        assert_eq!(dot(&g).matches("cluster_cycle").count(), 1);
    }

    #[test]
    fn wires_to_non_members_are_dropped() {
        let mut b = cyclic();
        b.wiring.push(wire("a", "q.api", "zz", false));
        b.deployment_order.clear();
        let g = Graph::from_bundle(&b);
        assert_eq!(g.edges.len(), 4);
        assert_eq!(g.groups.len(), 4);
    }
}
