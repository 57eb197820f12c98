//! From a set of members to the bundle: irredundancy, wiring, reasons,
//! coverage, deployment order and price totals.

use std::collections::{BTreeMap, HashSet};

use ensemble_model::{Currency, OfferingIx, Period};
use petgraph::algo::{condensation, toposort};
use petgraph::graph::DiGraph;
use petgraph::Direction;

use crate::bundle::{Bundle, Coverage, Member, PriceTotal, Reason, Status, Wire};
use crate::cost::{cents, preference};
use crate::problem::Problem;
use crate::sat::Var;
use rustc_hash::{FxHashMap as FxMap, FxHashSet as FxSet};

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
    let mut member = vec![false; p.vars.len()];
    for &m in members.iter() {
        member[p.var(m).expect("members are candidates") as usize] = true;
    }
    // Per member requirement: its provider variables; and per provider, the
    // (consumer, requirement) pairs it serves.
    let mut providers: Vec<(Var, Vec<Var>)> = Vec::new();
    let mut serves: FxMap<Var, Vec<usize>> = FxMap::default();
    for &m in members.iter() {
        let mv = p.var(m).expect("members are candidates");
        for (i, r) in c.offering(m).requires.iter().enumerate() {
            if r.optional {
                continue;
            }
            let ps = p.providers(m, i);
            for &v in &ps {
                serves.entry(v).or_default().push(providers.len());
            }
            providers.push((mv, ps));
        }
    }
    // Per need, its deliverers (variables); per member, the needs it
    // delivers (an offering delivers a need when it is listed among the
    // deliverers of its capability).
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
    let mut delivers: FxMap<Var, Vec<usize>> = FxMap::default();
    for (i, ds) in deliverers.iter().enumerate() {
        for &d in ds {
            if member[d as usize] {
                delivers.entry(d).or_default().push(i);
            }
        }
    }
    let mut order = members.clone();
    order.sort_by_key(|&ix| {
        let price = c
            .offering(ix)
            .price
            .as_ref()
            .map_or(0, |pr| cents(pr.amount));
        (
            std::cmp::Reverse(preference(c, ix)),
            std::cmp::Reverse(price),
            std::cmp::Reverse(ix),
        )
    });
    let is_member = |member: &[bool], ix: OfferingIx| p.var(ix).is_some_and(|v| member[v as usize]);
    loop {
        let mut changed = false;
        for &x in &order {
            let xv = p.var(x).expect("candidate") as usize;
            if !member[xv] || p.included.contains(&x) {
                continue;
            }
            member[xv] = false;
            let ok = delivers
                .get(&(xv as Var))
                .into_iter()
                .flatten()
                .all(|&n| deliverers[n].iter().any(|&d| member[d as usize]))
                && serves.get(&(xv as Var)).into_iter().flatten().all(|&k| {
                    let (m, ps) = &providers[k];
                    !member[*m as usize] || ps.iter().any(|&v| member[v as usize])
                });
            if ok {
                changed = true;
            } else {
                member[xv] = true;
            }
        }
        if !changed {
            break;
        }
    }
    members.retain(|&ix| is_member(&member, ix));
}

/// The bundle for a valid, sorted set of members.
pub(crate) fn compose(p: &Problem<'_>, members: &[OfferingIx]) -> Bundle {
    let c = p.catalog;
    let set: FxSet<OfferingIx> = members.iter().copied().collect();
    let mut wiring = Vec::new();
    let mut edges: Vec<(OfferingIx, OfferingIx)> = Vec::new();
    let mut reasons: FxMap<OfferingIx, Vec<Reason>> = FxMap::default();
    for &m in members {
        let o = c.offering(m);
        for r in &o.requires {
            let chosen = r.alternatives.iter().find_map(|a| {
                c.providers(a.interface.as_str())
                    .iter()
                    .filter(|pr| {
                        pr.offering != m
                            && set.contains(&pr.offering)
                            && a.version.matches(&pr.version)
                    })
                    .min_by_key(|pr| (preference(c, pr.offering), pr.offering))
                    .map(|pr| (a, pr))
            });
            let Some((a, pr)) = chosen else { continue };
            let provider = c.offering(pr.offering);
            wiring.push(Wire {
                consumer: o.id.clone(),
                interface: a.interface.clone(),
                requirement: a.version.to_string(),
                provider: provider.id.clone(),
                version: pr.version.to_string(),
                optional: r.optional,
            });
            edges.push((m, pr.offering));
            if !r.optional {
                reasons
                    .entry(pr.offering)
                    .or_default()
                    .push(Reason::RequiredBy {
                        required_by: o.id.clone(),
                        interface: a.interface.clone(),
                    });
            }
        }
    }
    // Wires were pushed member by member; when the members' ids ascend
    // (the catalog keeps offerings in id order), sorting each member's
    // wires is the same as sorting them all.
    let in_id_order = members
        .windows(2)
        .all(|w| c.offering(w[0]).id < c.offering(w[1]).id);
    let by_key = |a: &Wire, b: &Wire| {
        (&a.consumer, &a.interface, &a.provider).cmp(&(&b.consumer, &b.interface, &b.provider))
    };
    if in_id_order {
        for group in wiring.chunk_by_mut(|a, b| a.consumer == b.consumer) {
            group.sort_by(by_key);
        }
    } else {
        wiring.sort_by(by_key);
    }

    let mut coverage = Vec::new();
    for n in &p.needs {
        let offerings: Vec<OfferingIx> = c
            .deliverers(n.capability.as_str())
            .iter()
            .copied()
            .filter(|d| set.contains(d))
            .collect();
        for &d in &offerings {
            reasons.entry(d).or_default().push(Reason::Need {
                need: n.capability.clone(),
                priority: n.priority.clone(),
            });
        }
        coverage.push(Coverage {
            capability: n.capability.clone(),
            priority: n.priority.clone(),
            offerings: offerings
                .iter()
                .map(|&d| c.offering(d).id.clone())
                .collect(),
        });
    }
    for &i in &p.included {
        reasons
            .entry(i)
            .or_default()
            .push(Reason::Included { included: true });
    }

    let offerings = members
        .iter()
        .map(|&m| {
            let o = c.offering(m);
            let mut rs = reasons.remove(&m).unwrap_or_default();
            rs.sort();
            rs.dedup();
            Member {
                id: o.id.clone(),
                name: o.name.clone(),
                version: o.version.to_string(),
                partner: o.partner.clone(),
                portfolio: o.portfolio.clone(),
                lifecycle: o.lifecycle,
                reasons: rs,
            }
        })
        .collect();

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
        deployment_order: deployment_order(p, members, &edges, in_id_order),
        findings: Vec::new(),
        price,
        explanation: None,
    }
}

/// Deployment waves: the wiring graph's strongly connected components
/// (cycles deploy together), condensed into a DAG; a component goes in the
/// wave after the last wave holding one of its providers. Ids sorted within
/// a wave.
fn deployment_order(
    p: &Problem<'_>,
    members: &[OfferingIx],
    edges: &[(OfferingIx, OfferingIx)],
    in_id_order: bool,
) -> Vec<Vec<ensemble_model::Id>> {
    let mut g: DiGraph<OfferingIx, ()> = DiGraph::new();
    let nodes: FxMap<OfferingIx, _> = members.iter().map(|&m| (m, g.add_node(m))).collect();
    for &(consumer, provider) in edges {
        g.update_edge(nodes[&consumer], nodes[&provider], ());
    }
    let dag = condensation(g, true);
    let order = toposort(&dag, None).unwrap_or_else(|_| dag.node_indices().collect());
    let mut wave = vec![0usize; dag.node_count()];
    // Providers come after their consumers in `order`: walk it backwards.
    for &n in order.iter().rev() {
        wave[n.index()] = dag
            .neighbors_directed(n, Direction::Outgoing)
            .map(|s| wave[s.index()] + 1)
            .max()
            .unwrap_or(0);
    }
    let waves = wave.iter().copied().max().map_or(0, |w| w + 1);
    let mut groups: Vec<Vec<OfferingIx>> = vec![Vec::new(); waves];
    for n in dag.node_indices() {
        for &m in &dag[n] {
            groups[wave[n.index()]].push(m);
        }
    }
    let id = |m: OfferingIx| p.catalog.offering(m).id.clone();
    groups
        .into_iter()
        .map(|mut g| {
            if in_id_order {
                // Members' ids ascend with their indexes.
                g.sort_unstable();
                g.into_iter().map(id).collect()
            } else {
                let mut ids: Vec<ensemble_model::Id> = g.into_iter().map(id).collect();
                ids.sort();
                ids
            }
        })
        .collect()
}
