//! Why no bundle exists: a tree of reasons built from the search's level-0
//! implications, simplified for people. [`crate::report`] renders it.

use std::collections::HashSet;

use ensemble_model::Id;
use serde::Serialize;

use crate::problem::{Problem, Unit};
use crate::sat::{Lit, Origin, Reason, Sat, Var};

/// Why a request cannot be composed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The chain from a need or include down to what cannot be met.
    pub root: Node,
    /// What the requester could change, most useful first.
    pub hints: Vec<String>,
}

/// One step of an explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Node {
    /// A need. `only` names its one usable deliverer (the chain goes on in
    /// `then`); without it, no deliverer is usable.
    Need {
        capability: Id,
        priority: Option<Id>,
        only: Option<Id>,
        candidates: Vec<Candidate>,
        then: Option<Box<Node>>,
    },
    /// An offering the request includes; `out` when it cannot be a member.
    Include {
        offering: Id,
        out: Option<Out>,
        then: Option<Box<Node>>,
    },
    /// A requirement of a member. `only` names its one usable provider (the
    /// chain goes on in `then`); without it, no provider is usable.
    Requires {
        offering: Id,
        requirement: String,
        only: Option<Id>,
        candidates: Vec<Candidate>,
        then: Option<Box<Node>>,
    },
    /// An offering every valid bundle would need (learned by the search).
    Forced {
        offering: Id,
        then: Option<Box<Node>>,
    },
    /// Two offerings that must both be members but conflict.
    Conflict {
        offerings: [Id; 2],
        because: [Because; 2],
    },
    /// The search tried every combination of these offerings' providers.
    Combination { offerings: Vec<Id> },
}

/// A candidate deliverer or provider and why it is out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub offering: Id,
    pub version: String,
    pub out: Out,
}

/// Why a candidate cannot be a member.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Out {
    VersionMismatch {
        version: String,
        requirement: String,
    },
    ConflictsWith {
        offering: Id,
        because: Because,
    },
    Excluded,
    PartnerNotAllowed {
        partner: Id,
    },
    EndOfLife,
    RuledOut {
        rule: String,
        message: String,
    },
    /// One of its own requirements cannot be met.
    Unmet {
        requirement: Box<Node>,
    },
    /// Every way to meet its requirements leads to a conflict.
    NoCombination,
    /// Explained earlier in the tree.
    SeeAbove,
}

/// Why an offering must be a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum Because {
    Included,
    Need { capability: Id },
    RequiredBy { offering: Id, interface: Id },
    Forced,
}

const MAX_DEPTH: usize = 4;

pub(crate) struct Explainer<'p, 'a> {
    p: &'p Problem<'a>,
    sat: &'p Sat,
    /// Offerings whose unmet requirement is already in the tree.
    shown: std::cell::RefCell<HashSet<Var>>,
}

impl<'p, 'a> Explainer<'p, 'a> {
    pub fn new(p: &'p Problem<'a>, sat: &'p Sat) -> Self {
        Explainer {
            p,
            sat,
            shown: Default::default(),
        }
    }

    fn id(&self, v: Var) -> Id {
        self.p.catalog.offering(self.p.ix(v)).id.clone()
    }

    /// The explanation of a clause that is false at level 0.
    pub fn conflict(&self, clause: u32) -> Explanation {
        let root = match self.sat.origin(clause) {
            Origin::Need(i) => self.need(i as usize, None, None),
            Origin::Require { var, req } => {
                let inner = self.requires(var, req as usize, None, 0);
                self.why_true(var, inner, &mut HashSet::new())
            }
            Origin::Conflict => {
                let lits = self.sat.clause(clause);
                let (a, b) = (lits[0].var(), lits[1].var());
                Node::Conflict {
                    offerings: [self.id(a), self.id(b)],
                    because: [self.because(a), self.because(b)],
                }
            }
            Origin::Learned => Node::Combination {
                offerings: self
                    .sat
                    .clause(clause)
                    .iter()
                    .map(|l| self.id(l.var()))
                    .collect(),
            },
        };
        finish(root)
    }

    /// The explanation of an included offering that can never be a member.
    pub fn include(&self, v: Var) -> Explanation {
        finish(Node::Include {
            offering: self.id(v),
            out: Some(self.why_false(v, 0)),
            then: None,
        })
    }

    fn need(&self, i: usize, only: Option<Var>, then: Option<Node>) -> Node {
        let need = &self.p.needs[i];
        let candidates = self
            .p
            .catalog
            .deliverers(need.capability.as_str())
            .iter()
            .filter_map(|&ix| self.p.var(ix))
            .filter(|&v| Some(v) != only)
            .map(|v| self.candidate(v, 0))
            .collect();
        Node::Need {
            capability: need.capability.clone(),
            priority: need.priority.clone(),
            only: only.map(|v| self.id(v)),
            candidates,
            then: then.map(Box::new),
        }
    }

    fn requires(&self, var: Var, req: usize, only: Option<Var>, depth: usize) -> Node {
        let ix = self.p.ix(var);
        let o = self.p.catalog.offering(ix);
        let r = &o.requires[req];
        let mut candidates = Vec::new();
        let mut listed = HashSet::new();
        for alt in &r.alternatives {
            for prov in self.p.catalog.providers(alt.interface.as_str()) {
                if prov.offering == ix || !listed.insert(prov.offering) {
                    continue;
                }
                let pv = self.p.var(prov.offering);
                if pv.is_some() && pv == only {
                    continue;
                }
                let offering = self.p.catalog.offering(prov.offering).id.clone();
                let out = match pv {
                    Some(pv) if alt.version.matches(&prov.version) => self.why_false(pv, depth),
                    _ => Out::VersionMismatch {
                        version: prov.version.to_string(),
                        requirement: alt.version.to_string(),
                    },
                };
                candidates.push(Candidate {
                    offering,
                    version: prov.version.to_string(),
                    out,
                });
            }
        }
        // Providers at a matching version first, then the mismatches.
        candidates.sort_by_key(|c| matches!(c.out, Out::VersionMismatch { .. }));
        Node::Requires {
            offering: o.id.clone(),
            requirement: requirement_text(r),
            only: only.map(|v| self.id(v)),
            candidates,
            then: None,
        }
    }

    fn candidate(&self, v: Var, depth: usize) -> Candidate {
        let o = self.p.catalog.offering(self.p.ix(v));
        Candidate {
            offering: o.id.clone(),
            version: o.version.to_string(),
            out: self.why_false(v, depth),
        }
    }

    /// The chain that forces `v` into every bundle, wrapped around `inner`.
    fn why_true(&self, v: Var, inner: Node, seen: &mut HashSet<Var>) -> Node {
        if !seen.insert(v) {
            return inner;
        }
        match self.sat.reason(v) {
            Reason::Unit(_) => Node::Include {
                offering: self.id(v),
                out: None,
                then: Some(Box::new(inner)),
            },
            Reason::Clause(c) => match self.sat.origin(c) {
                Origin::Need(i) => self.need(i as usize, Some(v), Some(inner)),
                Origin::Require { var, req } => {
                    let mut node = self.requires(var, req as usize, Some(v), 0);
                    if let Node::Requires { then, .. } = &mut node {
                        *then = Some(Box::new(inner));
                    }
                    self.why_true(var, node, seen)
                }
                _ => Node::Forced {
                    offering: self.id(v),
                    then: Some(Box::new(inner)),
                },
            },
            Reason::Decision => inner,
        }
    }

    fn because(&self, v: Var) -> Because {
        match self.sat.reason(v) {
            Reason::Unit(_) => Because::Included,
            Reason::Clause(c) => match self.sat.origin(c) {
                Origin::Need(i) => Because::Need {
                    capability: self.p.needs[i as usize].capability.clone(),
                },
                Origin::Require { var, req } => {
                    let o = self.p.catalog.offering(self.p.ix(var));
                    Because::RequiredBy {
                        offering: o.id.clone(),
                        interface: o.requires[req as usize].alternatives[0].interface.clone(),
                    }
                }
                _ => Because::Forced,
            },
            Reason::Decision => Because::Forced,
        }
    }

    /// Why `v` is out at level 0.
    fn why_false(&self, v: Var, depth: usize) -> Out {
        let ix = self.p.ix(v);
        match self.sat.reason(v) {
            Reason::Unit(code) => match Unit::from_code(code) {
                Unit::Excluded => Out::Excluded,
                Unit::PartnerNotAllowed => Out::PartnerNotAllowed {
                    partner: self
                        .p
                        .catalog
                        .offering(ix)
                        .partner
                        .clone()
                        .expect("partner offering"),
                },
                Unit::EndOfLife => Out::EndOfLife,
                Unit::RuledOut => {
                    let f = self.p.options.denied.get(&ix).and_then(|f| f.first());
                    Out::RuledOut {
                        rule: f.map(|f| f.rule.clone()).unwrap_or_default(),
                        message: f.map(|f| f.message.clone()).unwrap_or_default(),
                    }
                }
                Unit::Included => Out::NoCombination,
            },
            Reason::Clause(c) if self.sat.value(v) == -1 => match self.sat.origin(c) {
                Origin::Conflict => {
                    let other = self
                        .sat
                        .clause(c)
                        .iter()
                        .map(|l: &Lit| l.var())
                        .find(|&w| w != v)
                        .unwrap_or(v);
                    Out::ConflictsWith {
                        offering: self.id(other),
                        because: self.because(other),
                    }
                }
                Origin::Require { var, req } if var == v && depth < MAX_DEPTH => {
                    if !self.shown.borrow_mut().insert(v) {
                        return Out::SeeAbove;
                    }
                    Out::Unmet {
                        requirement: Box::new(self.requires(v, req as usize, None, depth + 1)),
                    }
                }
                _ => Out::NoCombination,
            },
            _ => Out::NoCombination,
        }
    }
}

/// How a requirement reads: `iface req`, alternatives joined by ` or `.
pub(crate) fn requirement_text(r: &ensemble_model::Requirement) -> String {
    r.alternatives
        .iter()
        .map(|a| format!("{} {}", a.interface, a.version))
        .collect::<Vec<_>>()
        .join(" or ")
}

fn finish(root: Node) -> Explanation {
    let mut hints = Vec::new();
    collect_hints(&root, &mut hints);
    hints.truncate(2);
    Explanation { root, hints }
}

fn push(hints: &mut Vec<String>, h: String) {
    if !hints.contains(&h) {
        hints.push(h);
    }
}

fn collect_hints(node: &Node, hints: &mut Vec<String>) {
    let candidates: &[Candidate] = match node {
        Node::Need {
            capability,
            candidates,
            only: None,
            ..
        } if candidates.is_empty() => {
            push(
                hints,
                format!(
                    "no offering in the catalog delivers `{capability}`; `ensemble list` shows what each offering delivers"
                ),
            );
            &[]
        }
        Node::Need { candidates, .. } | Node::Requires { candidates, .. } => candidates,
        Node::Include {
            offering,
            out: Some(out),
            ..
        } => {
            candidate_hint(offering, out, hints);
            &[]
        }
        Node::Conflict { offerings, .. } => {
            push(
                hints,
                format!(
                    "`{}` and `{}` cannot share a bundle; drop what brings in one of them",
                    offerings[0], offerings[1]
                ),
            );
            &[]
        }
        _ => &[],
    };
    for c in candidates {
        candidate_hint(&c.offering, &c.out, hints);
        if let Out::Unmet { requirement } = &c.out {
            collect_hints(requirement, hints);
        }
    }
    match node {
        Node::Need { then: Some(t), .. }
        | Node::Requires { then: Some(t), .. }
        | Node::Include { then: Some(t), .. }
        | Node::Forced { then: Some(t), .. } => collect_hints(t, hints),
        _ => {}
    }
}

fn candidate_hint(offering: &Id, out: &Out, hints: &mut Vec<String>) {
    match out {
        Out::ConflictsWith {
            offering: other,
            because: Because::Included,
        } => push(
            hints,
            format!("remove `{other}` from `include` to make room for `{offering}`"),
        ),
        Out::Excluded => push(
            hints,
            format!("remove `{offering}` from `exclude` to let it be used"),
        ),
        Out::PartnerNotAllowed { partner } => push(
            hints,
            format!("allow partner `{partner}` in `partners` to use `{offering}`"),
        ),
        _ => {}
    }
}
