//! From a set of members to the bundle: irredundancy, wiring, reasons,
//! coverage, deployment order and price totals.

use std::collections::{BTreeMap, HashSet};

use ensemble_model::{AltIx, Currency, Id, OfferingIx, Period};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;
use rustc_hash::FxHashMap;

use crate::bundle::{Bundle, Coverage, Member, PriceTotal, Reason, Status, Wire};
use crate::cost::{cents, preference};
use crate::halves::halves;
use crate::problem::Problem;
use crate::sat::Var;

/// Whether `members` is a valid bundle for the problem (SPEC conditions 1–5
/// and the offering rules' denials).
pub(crate) fn is_valid(p: &Problem<'_>, members: &HashSet<OfferingIx>) -> bool {
    let c = p.catalog;
    p.needs.iter().all(|n| {
        c.deliverers(n.capability.as_str())
            .iter()
            .any(|d| members.contains(d))
    }) && p.included.iter().all(|i| members.contains(i))
        && members.iter().all(|&m| {
            p.out_reason(m).is_none()
                && c.conflicts(m).iter().all(|o| !members.contains(o))
                && c.offering(m)
                    .requires
                    .iter()
                    .filter(|r| !r.optional)
                    .all(|r| {
                        r.alternatives.iter().any(|a| {
                            c.providers(a.interface.as_str()).iter().any(|pr| {
                                pr.offering != m
                                    && members.contains(&pr.offering)
                                    && a.version.matches(&pr.version)
                            })
                        })
                    })
        })
}

/// Drops members the bundle stays valid without, least preferred first,
/// until none can go. Removing a member can only break the needs it
/// delivers and the requirements it meets, so only those are checked.
pub(crate) fn minimise(p: &Problem<'_>, members: &mut Vec<OfferingIx>) {
    let c = p.catalog;
    let var = |ix: OfferingIx| p.var(ix).expect("members are candidates");
    let mut member = vec![false; p.vars.len()];
    for &m in members.iter() {
        member[var(m) as usize] = true;
    }
    // The members' requirements, each its consumer and its provider
    // variables (`req_providers[req_start[k]..req_start[k + 1]]`).
    let mut consumer: Vec<Var> = Vec::new();
    let mut req_start: Vec<u32> = vec![0];
    let mut req_providers: Vec<Var> = Vec::new();
    for &m in members.iter() {
        let mv = var(m);
        for req in c.requirement_alternatives(m) {
            if !req.optional {
                p.push_providers(mv, req.alternatives, &mut req_providers, |w| w);
                consumer.push(mv);
                req_start.push(req_providers.len() as u32);
            }
        }
    }
    let providers = |k: usize| &req_providers[req_start[k] as usize..req_start[k + 1] as usize];
    // Per member provider, the requirements it can meet.
    let serves = Csr::new(
        p.vars.len(),
        (0..consumer.len()).flat_map(|k| {
            providers(k)
                .iter()
                .filter(|&&v| member[v as usize])
                .map(move |&v| (v, k as u32))
        }),
    );
    // Per need, its deliverers; per member, the needs it delivers.
    let deliverers: Vec<Vec<Var>> = p
        .needs
        .iter()
        .map(|n| {
            c.deliverers(n.capability.as_str())
                .iter()
                .filter_map(|&d| p.var(d))
                .collect()
        })
        .collect();
    let delivers = Csr::new(
        p.vars.len(),
        deliverers.iter().enumerate().flat_map(|(i, ds)| {
            ds.iter()
                .filter(|&&d| member[d as usize])
                .map(move |&d| (d, i as u32))
        }),
    );
    // Least preferred first: partner and less mature, then dearer, then
    // the higher id.
    let mut order: Vec<(u32, i64, OfferingIx)> = members
        .iter()
        .map(|&ix| {
            let price = c.summary(ix).price.map_or(0, |(_, a)| cents(a));
            (preference(c, ix), price, ix)
        })
        .collect();
    order.sort_unstable_by(|a, b| b.cmp(a));
    loop {
        let mut changed = false;
        for &(_, _, x) in &order {
            let xv = var(x);
            if !member[xv as usize] || p.included.contains(&x) {
                continue;
            }
            member[xv as usize] = false;
            let ok = delivers
                .of(xv)
                .iter()
                .all(|&n| deliverers[n as usize].iter().any(|&d| member[d as usize]))
                && serves.of(xv).iter().all(|&k| {
                    !member[consumer[k as usize] as usize]
                        || providers(k as usize).iter().any(|&v| member[v as usize])
                });
            if ok {
                changed = true;
            } else {
                member[xv as usize] = true;
            }
        }
        if !changed {
            break;
        }
    }
    members.retain(|&ix| member[var(ix) as usize]);
}

/// A list of numbers per variable, in one allocation: built from (variable,
/// number) pairs, each variable's numbers in the order given.
struct Csr {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Csr {
    fn new(vars: usize, pairs: impl Iterator<Item = (Var, u32)> + Clone) -> Csr {
        let mut start = vec![0u32; vars + 1];
        for (v, _) in pairs.clone() {
            start[v as usize + 1] += 1;
        }
        for i in 0..vars {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; start[vars] as usize];
        for (v, x) in pairs {
            items[fill[v as usize] as usize] = x;
            fill[v as usize] += 1;
        }
        Csr { start, items }
    }

    fn of(&self, v: Var) -> &[u32] {
        &self.items[self.start[v as usize] as usize..self.start[v as usize + 1] as usize]
    }
}

/// Bundles with at least this many members are wired on two threads:
/// below it, starting a thread costs more than it saves.
const PARALLEL_MEMBERS: usize = 1024;

/// The bundle for a valid set of members, sorted (as the search returns
/// them: variables ascend with catalog positions, and so with ids).
pub(crate) fn compose(p: &Problem<'_>, members: &[OfferingIx]) -> Bundle {
    compose_split(p, members, PARALLEL_MEMBERS)
}

/// [`compose`], wiring on two threads from `parallel_from` members on.
fn compose_split(p: &Problem<'_>, members: &[OfferingIx], parallel_from: usize) -> Bundle {
    let c = p.catalog;
    debug_assert!(members.is_sorted(), "members come in catalog order");
    let tables = Tables::new(c, members);
    let ids = &tables.ids;
    let member_at = |ix: OfferingIx| tables.member_at(ix);
    // Wiring is most of the work on large bundles, and each consumer's
    // wires depend only on the members: halves of the list are wired
    // independently and joined in order, the same bytes either way.
    let n = members.len();
    let parts = halves(n, parallel_from, |consumers| tables.wire(c, consumers));
    // Each member's reasons, allocated once at their final size (plus
    // room for a need or an include).
    let mut count = vec![1usize; n];
    for (j, _) in parts.iter().flat_map(|part| &part.required_by) {
        count[*j] += 1;
    }
    let mut reasons: Vec<Vec<Reason>> = count.into_iter().map(Vec::with_capacity).collect();
    let mut parts = parts.into_iter();
    let first = parts.next().expect("at least one part");
    let (mut wiring, mut edges) = (first.wiring, first.edges);
    for (j, reason) in first.required_by {
        reasons[j].push(reason);
    }
    for part in parts {
        wiring.extend(part.wiring);
        edges.extend(part.edges);
        for (j, reason) in part.required_by {
            reasons[j].push(reason);
        }
    }

    let mut coverage = Vec::new();
    for n in &p.needs {
        let delivering: Vec<usize> = c
            .deliverers(n.capability.as_str())
            .iter()
            .filter_map(|&d| member_at(d))
            .collect();
        for &d in &delivering {
            reasons[d].push(Reason::Need {
                need: n.capability.clone(),
                priority: n.priority.clone(),
            });
        }
        coverage.push(Coverage {
            capability: n.capability.clone(),
            priority: n.priority.clone(),
            offerings: delivering.iter().map(|&d| ids[d].clone()).collect(),
        });
    }
    for &i in &p.included {
        if let Some(i) = member_at(i) {
            reasons[i].push(Reason::Included { included: true });
        }
    }

    // The deployment order needs only the edges: on a large bundle it is
    // worked out beside the members' entries.
    let (offerings, deployment_order) = if n >= parallel_from {
        std::thread::scope(|scope| {
            let order = scope.spawn(|| deployment_order(ids, &edges));
            let offerings = member_entries(c, members, reasons);
            (offerings, order.join().expect("deployment order thread"))
        })
    } else {
        (
            member_entries(c, members, reasons),
            deployment_order(ids, &edges),
        )
    };

    let mut totals: BTreeMap<(Currency, Period), i64> = BTreeMap::new();
    for &m in members {
        if let Some(pr) = &c.offering(m).price {
            *totals.entry((pr.currency.clone(), pr.per)).or_default() += cents(pr.amount);
        }
    }
    let price = totals
        .into_iter()
        .map(|((currency, per), cents)| PriceTotal {
            currency,
            per,
            amount: cents as f64 / 100.0,
        })
        .collect();

    Bundle {
        bundle: p.request.id.clone(),
        status: Status::Composed,
        as_of: p.options.as_of,
        offerings,
        wiring,
        coverage,
        deployment_order,
        findings: Vec::new(),
        price,
        explanation: None,
    }
}

/// The members' entries, with their reasons sorted.
fn member_entries(
    c: &ensemble_model::Catalog,
    members: &[OfferingIx],
    reasons: Vec<Vec<Reason>>,
) -> Vec<Member> {
    members
        .iter()
        .zip(reasons)
        .map(|(&m, mut rs)| {
            rs.sort();
            rs.dedup();
            Member::new(c.offering(m), rs)
        })
        .collect()
}

/// Per-member tables for wiring, built once.
///
/// On a distribution-sized bundle (thousands of members, tens of thousands
/// of wires) the time goes to memory, not arithmetic: every provider is a
/// random place in the catalog. So each wire is built from the consumer's
/// side (read in order) and from these tables, never from the provider's
/// offering.
struct Tables<'c> {
    /// Each member's position in `members`, by catalog position.
    position: Vec<u32>,
    members: &'c [OfferingIx],
    /// Per member: its preference and id. Positions ascend with ids, so
    /// (preference, position) orders providers as (preference, id) does.
    pref: Vec<u32>,
    ids: Vec<&'c Id>,
}

/// The wires of some consumers, in order, with the reasons they give
/// their providers.
struct Wired {
    wiring: Vec<Wire>,
    /// (consumer, provider) positions.
    edges: Vec<(usize, usize)>,
    /// (provider position, reason).
    required_by: Vec<(usize, Reason)>,
}

impl<'c> Tables<'c> {
    fn new(c: &'c ensemble_model::Catalog, members: &'c [OfferingIx]) -> Self {
        let mut position = vec![u32::MAX; c.len()];
        for (i, &m) in members.iter().enumerate() {
            position[m.index()] = i as u32;
        }
        Tables {
            position,
            members,
            pref: members.iter().map(|&m| preference(c, m)).collect(),
            ids: members.iter().map(|&m| &c.offering(m).id).collect(),
        }
    }

    fn member_at(&self, ix: OfferingIx) -> Option<usize> {
        Some(self.position[ix.index()])
            .filter(|&i| i != u32::MAX)
            .map(|i| i as usize)
    }

    /// Wires every requirement of the members at `consumers` to its most
    /// preferred member provider, sorted by consumer (members come in id
    /// order), then interface, then provider (positions ascend with ids).
    fn wire(&self, c: &ensemble_model::Catalog, consumers: std::ops::Range<usize>) -> Wired {
        let mut out = Wired {
            wiring: Vec::new(),
            edges: Vec::new(),
            required_by: Vec::new(),
        };
        // The text of each requirement written, and of the version each
        // member last provided: many consumers share both.
        let mut requirement_text: FxHashMap<AltIx, String> = FxHashMap::default();
        let mut version_text: Vec<Option<(u32, String)>> = vec![None; self.members.len()];
        // One consumer's wires with their providers' positions, to sort.
        let mut wires: Vec<(usize, Wire)> = Vec::new();
        for i in consumers {
            let m = self.members[i];
            let o = c.offering(m);
            for (r, indexed) in o.requires.iter().zip(c.requirement_alternatives(m)) {
                let alts = r.alternatives.iter().zip(indexed.alternatives);
                let chosen = alts.into_iter().find_map(|(a, &alt)| {
                    c.matching(alt)
                        .iter()
                        .filter(|pr| pr.offering != m)
                        .filter_map(|pr| Some((self.member_at(pr.offering)?, pr.provide)))
                        .min_by_key(|&(j, _)| (self.pref[j], j))
                        .map(|(j, provide)| (a, alt, j, provide))
                });
                let Some((a, alt, j, provide)) = chosen else {
                    continue;
                };
                let version = match &version_text[j] {
                    Some((k, text)) if *k == provide => text.clone(),
                    _ => {
                        let provided = &c.offering(self.members[j]).provides[provide as usize];
                        let text = provided.version.to_string();
                        version_text[j] = Some((provide, text.clone()));
                        text
                    }
                };
                let requirement = requirement_text
                    .entry(alt)
                    .or_insert_with(|| a.version.to_string())
                    .clone();
                // The consumer's copy of the interface name: the same text
                // as the provider's, and already in cache.
                wires.push((
                    j,
                    Wire {
                        consumer: o.id.clone(),
                        interface: a.interface.clone(),
                        requirement,
                        provider: self.ids[j].clone(),
                        version,
                        optional: r.optional,
                    },
                ));
                out.edges.push((i, j));
                if !r.optional {
                    out.required_by.push((
                        j,
                        Reason::RequiredBy {
                            required_by: o.id.clone(),
                            interface: a.interface.clone(),
                        },
                    ));
                }
            }
            wires.sort_by(|(j, a), (k, b)| {
                (a.interface.as_str(), j).cmp(&(b.interface.as_str(), k))
            });
            out.wiring.extend(wires.drain(..).map(|(_, w)| w));
        }
        out
    }
}

/// Deployment waves: the wiring graph's strongly connected components
/// (cycles deploy together), found by petgraph's Tarjan; a component goes in
/// the wave after the last wave holding one of its providers. Ids sorted
/// within a wave.
///
/// Node `i` is member `i` (with id `ids[i]`, ascending); edges are
/// (consumer, provider) positions.
fn deployment_order(ids: &[&Id], edges: &[(usize, usize)]) -> Vec<Vec<Id>> {
    let mut g: DiGraph<(), ()> = DiGraph::with_capacity(ids.len(), edges.len());
    for _ in ids {
        g.add_node(());
    }
    for &(consumer, provider) in edges {
        g.add_edge(NodeIndex::new(consumer), NodeIndex::new(provider), ());
    }
    // Tarjan lists components in reverse topological order: a component's
    // providers (edges point consumer → provider) come before it.
    let components = tarjan_scc(&g);
    let mut component = vec![0usize; g.node_count()];
    for (i, nodes) in components.iter().enumerate() {
        for n in nodes {
            component[n.index()] = i;
        }
    }
    let mut wave = vec![0usize; components.len()];
    for (i, nodes) in components.iter().enumerate() {
        wave[i] = nodes
            .iter()
            .flat_map(|&n| g.neighbors_directed(n, Direction::Outgoing))
            .map(|s| component[s.index()])
            .filter(|&k| k != i)
            .map(|k| {
                debug_assert!(k < i, "providers' components come first");
                wave[k] + 1
            })
            .max()
            .unwrap_or(0);
    }
    let waves = wave.iter().copied().max().map_or(0, |w| w + 1);
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); waves];
    for (i, nodes) in components.iter().enumerate() {
        groups[wave[i]].extend(nodes.iter().map(|n| n.index()));
    }
    groups
        .into_iter()
        .map(|mut g| {
            g.sort_unstable();
            g.into_iter().map(|i| ids[i].clone()).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use ensemble_model::catalog_from_documents;
    use ensemble_synth::{Config, Shape};

    use super::*;
    use crate::sat::Outcome;
    use crate::SolveOptions;

    #[test]
    fn two_threads_wire_the_same_bundle_as_one() {
        let config = Config {
            offerings: 3_000,
            shape: Shape::Distro,
            needs: vec![25],
            ..Config::default()
        };
        let files = ensemble_synth::files(&config).expect("synthetic catalog");
        let docs = ensemble_synth::documents(&config).expect("synthetic documents");
        let catalog = catalog_from_documents(docs, "synth.yaml".as_ref()).unwrap();
        let request = files
            .request("needs-25.yaml")
            .expect("a composable request");
        let options = SolveOptions::new("2026-11-22".parse().unwrap());
        let p = Problem::new(&catalog, &request, &options).unwrap();
        let (mut sat, units) = p.constraints();
        assert!(units.is_ok());
        let Outcome::Sat { members, .. } = sat.solve(options.budget) else {
            panic!("the request composes");
        };
        let members: Vec<OfferingIx> = members.into_iter().map(|v| p.ix(v)).collect();
        assert!(members.len() > 100, "{}", members.len());
        let one = compose_split(&p, &members, usize::MAX);
        let two = compose_split(&p, &members, 2);
        assert!(one.wiring.len() > 300, "{}", one.wiring.len());
        assert_eq!(format!("{one:?}"), format!("{two:?}"));
    }
}
