//! `why`: the chains that put an offering in a bundle, or why it is not in.

use std::collections::HashSet;
use std::fmt::Write as _;

use ensemble_model::{BundleRequest, Catalog, Id, OfferingIx};
use serde::Serialize;

use crate::bundle::{Bundle, Reason, Status};
use crate::explain::requirement_text;
use crate::problem::{Problem, Unit};
use crate::solve::{run, SolveError, SolveOptions};

/// The answer to `why <offering>`.
#[derive(Debug, Clone, Serialize)]
pub struct WhyAnswer {
    pub bundle: Id,
    pub offering: Id,
    pub version: String,
    /// Whether the offering is a member.
    pub member: bool,
    /// For a member: every chain from it up to a need or include, as an
    /// inverted tree (the offering at the root).
    pub chains: Vec<Chain>,
    /// For an offering that is not a member: why.
    pub lost: Vec<Lost>,
    /// The explanation lines when no bundle could be composed at all.
    pub failed: Option<Vec<String>>,
}

/// One reason an offering is in the bundle, and the chains above it.
#[derive(Debug, Clone, Serialize)]
pub struct Chain {
    pub link: Link,
    /// The reasons the consumer (for `required-by`) is there; empty for
    /// needs and includes, for a cycle, and for a consumer shown before.
    pub above: Vec<Chain>,
}

/// One link of a chain.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Link {
    Need {
        capability: Id,
        priority: Option<Id>,
    },
    Included,
    RequiredBy {
        offering: Id,
        interface: Id,
        requirement: String,
        /// The consumer's own reasons were already shown above (`(*)`), or
        /// it closes a cycle (`(cycle)`).
        #[serde(skip_serializing_if = "Option::is_none")]
        seen: Option<&'static str>,
    },
}

/// Why an offering is not a member.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Lost {
    /// No need, include or requirement reaches it.
    NotCandidate,
    /// A member requires an interface it provides, at another version.
    VersionMismatch {
        consumer: Id,
        interface: Id,
        version: String,
        requirement: String,
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
    /// It conflicts with a member.
    ConflictsWith {
        offering: Id,
    },
    /// It could have delivered a need or met a requirement; these were
    /// preferred.
    Preferred {
        what: String,
        chosen: Vec<Id>,
    },
    /// Nothing in the bundle needs what it offers.
    Unneeded,
}

/// Composes the bundle and answers why `offering` is (or is not) in it.
pub fn why(
    catalog: &Catalog,
    request: &BundleRequest,
    options: &SolveOptions,
    offering: OfferingIx,
) -> Result<WhyAnswer, SolveError> {
    let problem = Problem::new(catalog, request, options)?;
    let (solution, members) = run(&problem);
    let b = &solution.bundle;
    let o = catalog.offering(offering);
    let mut answer = WhyAnswer {
        bundle: request.id.clone(),
        offering: o.id.clone(),
        version: o.version.to_string(),
        member: members.contains(&offering),
        chains: Vec::new(),
        lost: Vec::new(),
        failed: None,
    };
    if b.status == Status::Failed {
        answer.failed = b.explanation.clone();
        return Ok(answer);
    }
    if answer.member {
        let mut shown = HashSet::new();
        answer.chains = chains(b, &o.id, &mut vec![o.id.clone()], &mut shown);
    } else {
        answer.lost = lost(&problem, b, &members, offering);
    }
    Ok(answer)
}

fn chains(b: &Bundle, id: &Id, path: &mut Vec<Id>, shown: &mut HashSet<Id>) -> Vec<Chain> {
    let Some(m) = b.offerings.iter().find(|m| m.id == *id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in &m.reasons {
        let chain = match r {
            Reason::Need { need, priority } => Chain {
                link: Link::Need {
                    capability: need.clone(),
                    priority: priority.clone(),
                },
                above: Vec::new(),
            },
            Reason::Included { .. } => Chain {
                link: Link::Included,
                above: Vec::new(),
            },
            Reason::RequiredBy {
                required_by,
                interface,
            } => {
                let requirement = b
                    .wiring
                    .iter()
                    .find(|w| w.consumer == *required_by && w.interface == *interface)
                    .map(|w| w.requirement.clone())
                    .unwrap_or_default();
                let (seen, above) = if path.contains(required_by) {
                    (Some("cycle"), Vec::new())
                } else if !shown.insert(required_by.clone()) {
                    (Some("*"), Vec::new())
                } else {
                    path.push(required_by.clone());
                    let above = chains(b, required_by, path, shown);
                    path.pop();
                    (None, above)
                };
                Chain {
                    link: Link::RequiredBy {
                        offering: required_by.clone(),
                        interface: interface.clone(),
                        requirement,
                        seen,
                    },
                    above,
                }
            }
        };
        out.push(chain);
    }
    out
}

fn lost(p: &Problem<'_>, b: &Bundle, members: &[OfferingIx], ix: OfferingIx) -> Vec<Lost> {
    let c = p.catalog;
    let o = c.offering(ix);
    if !p.graph.contains(ix) {
        let mut out = Vec::new();
        for &m in members {
            let consumer = c.offering(m);
            for r in consumer.requires.iter() {
                for a in &r.alternatives {
                    for pv in o.provides.iter().filter(|pv| pv.interface == a.interface) {
                        out.push(Lost::VersionMismatch {
                            consumer: consumer.id.clone(),
                            interface: a.interface.clone(),
                            version: pv.version.to_string(),
                            requirement: a.version.to_string(),
                        });
                    }
                }
            }
        }
        if out.is_empty() {
            out.push(Lost::NotCandidate);
        }
        return out;
    }
    if let Some(unit) = p.out_reason(ix) {
        return vec![match unit {
            Unit::Excluded | Unit::Included => Lost::Excluded,
            Unit::PartnerNotAllowed => Lost::PartnerNotAllowed {
                partner: o.partner.clone().expect("partner offering"),
            },
            Unit::EndOfLife => Lost::EndOfLife,
            Unit::RuledOut => {
                let f = p.options.denied.get(&ix).and_then(|f| f.first());
                Lost::RuledOut {
                    rule: f.map(|f| f.rule.clone()).unwrap_or_default(),
                    message: f.map(|f| f.message.clone()).unwrap_or_default(),
                }
            }
        }];
    }
    let mut out: Vec<Lost> = c
        .conflicts(ix)
        .iter()
        .filter(|x| members.contains(x))
        .map(|&x| Lost::ConflictsWith {
            offering: c.offering(x).id.clone(),
        })
        .collect();
    for cov in &b.coverage {
        if o.capabilities.contains(&cov.capability) {
            let from = match &cov.priority {
                Some(pr) => format!("priority `{pr}`"),
                None => "requested".to_owned(),
            };
            out.push(Lost::Preferred {
                what: format!("need `{}` ({from})", cov.capability),
                chosen: cov.offerings.clone(),
            });
        }
    }
    for &m in members {
        let consumer = c.offering(m);
        for r in &consumer.requires {
            let serves = r.alternatives.iter().any(|a| {
                o.provides
                    .iter()
                    .any(|pv| pv.interface == a.interface && a.version.matches(&pv.version))
            });
            if !serves || m == ix {
                continue;
            }
            let chosen: Vec<Id> = b
                .wiring
                .iter()
                .filter(|w| {
                    w.consumer == consumer.id
                        && r.alternatives.iter().any(|a| a.interface == w.interface)
                })
                .map(|w| w.provider.clone())
                .collect();
            if chosen.is_empty() {
                continue;
            }
            out.push(Lost::Preferred {
                what: format!("`{}` requires `{}`", consumer.id, requirement_text(r)),
                chosen,
            });
        }
    }
    if out.is_empty() {
        out.push(Lost::Unneeded);
    }
    out
}

impl WhyAnswer {
    /// The answer as text: an inverted tree like `cargo tree -i`.
    pub fn text(&self) -> String {
        let mut s = String::new();
        if let Some(lines) = &self.failed {
            let _ = writeln!(
                s,
                "bundle `{}` cannot be composed, so `{}` is in no bundle",
                self.bundle, self.offering
            );
            let _ = writeln!(s);
            for l in lines {
                let _ = writeln!(s, "{l}");
            }
            return s;
        }
        if self.member {
            let _ = writeln!(
                s,
                "`{}` {} is in bundle `{}`:",
                self.offering, self.version, self.bundle
            );
            let _ = writeln!(s, "{} {}", self.offering, self.version);
            tree(&self.chains, "", &mut s);
        } else {
            let _ = writeln!(
                s,
                "`{}` {} is not in bundle `{}`:",
                self.offering, self.version, self.bundle
            );
            for l in &self.lost {
                let _ = writeln!(s, "  {}", lost_text(l));
            }
        }
        s
    }
}

fn tree(chains: &[Chain], prefix: &str, s: &mut String) {
    for (i, c) in chains.iter().enumerate() {
        let last = i + 1 == chains.len();
        let (branch, next) = if last {
            ("└── ", "    ")
        } else {
            ("├── ", "│   ")
        };
        let text = match &c.link {
            Link::Need {
                capability,
                priority: Some(p),
            } => format!("need `{capability}` (priority `{p}`)"),
            Link::Need {
                capability,
                priority: None,
            } => format!("need `{capability}` (requested)"),
            Link::Included => "included by the request".to_owned(),
            Link::RequiredBy {
                offering,
                interface,
                requirement,
                seen,
            } => {
                let mark = match seen {
                    Some("cycle") => " (cycle)",
                    Some(_) => " (*)",
                    None => "",
                };
                format!("required by `{offering}` for `{interface} {requirement}`{mark}")
            }
        };
        let _ = writeln!(s, "{prefix}{branch}{text}");
        tree(&c.above, &format!("{prefix}{next}"), s);
    }
}

fn lost_text(l: &Lost) -> String {
    match l {
        Lost::NotCandidate => {
            "it was not a candidate: no need, include or requirement of the request calls for what it offers".to_owned()
        }
        Lost::VersionMismatch {
            consumer,
            interface,
            version,
            requirement,
        } => format!(
            "`{consumer}` requires `{interface} {requirement}`, and it provides version {version}"
        ),
        Lost::Excluded => "excluded by the request".to_owned(),
        Lost::PartnerNotAllowed { partner } => {
            format!("partner `{partner}` is not allowed by the request's `partners`")
        }
        Lost::EndOfLife => "end-of-life: usable only when the request includes it by name".to_owned(),
        Lost::RuledOut { rule, message } => format!("ruled out by rule `{rule}`: {message}"),
        Lost::ConflictsWith { offering } => format!("conflicts with `{offering}`, a member"),
        Lost::Preferred { what, chosen } => {
            let names: Vec<String> = chosen.iter().map(|c| format!("`{c}`")).collect();
            format!("{what}: {} was preferred", names.join(", "))
        }
        Lost::Unneeded => "nothing in the bundle needs what it offers".to_owned(),
    }
}
