//! The spec's data model: everything the document says, as plain data, in
//! document order. Renderers only lay it out.

use std::collections::{BTreeMap, BTreeSet};

use ensemble_model::{
    AgreementStatus, BundleRequest, Catalog, Date, Id, Lifecycle, Price, Severity,
};
use ensemble_solver::{Bundle, Status};
use serde::Serialize;

use crate::graph::Graph;
use crate::price::{rollup, PriceLine};

/// Remediation advice per rule id (from each rule's `meta().remediation`).
pub type Remediations = BTreeMap<String, String>;

/// Why a bundle has no spec.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    /// No valid bundle exists.
    #[error("bundle `{bundle}` cannot be composed, so it has no spec")]
    NotComposed {
        bundle: Id,
        explanation: Vec<String>,
    },
    /// A bundle rule denied the bundle.
    #[error("bundle `{bundle}` was denied by a rule, so it has no spec")]
    Denied {
        bundle: Id,
        explanation: Vec<String>,
    },
    /// The bundle names an offering the catalog does not have (the bundle
    /// was composed against another catalog).
    #[error("offering `{0}` of the bundle is not in the catalog")]
    UnknownOffering(Id),
}

impl SpecError {
    /// The lines explaining why, for the user.
    pub fn explanation(&self) -> &[String] {
        match self {
            SpecError::NotComposed { explanation, .. } | SpecError::Denied { explanation, .. } => {
                explanation
            }
            SpecError::UnknownOffering(_) => &[],
        }
    }
}

/// The spec document of a composed bundle.
#[derive(Debug, Clone, Serialize)]
pub struct Spec {
    pub header: Header,
    pub summary: Summary,
    /// Priority → capability → offerings, one row per needed capability.
    pub traceability: Vec<Trace>,
    /// Members, sorted by id.
    pub offerings: Vec<OfferingRow>,
    /// Partners of partner members, sorted by id.
    pub partners: Vec<PartnerRow>,
    /// Sorted by consumer, then interface.
    pub wiring: Vec<WireRow>,
    pub deployment_order: Vec<Stage>,
    pub price: PriceSection,
    /// Most serious first.
    pub findings: Vec<FindingRow>,
    /// The request as given.
    pub request: Request,
    /// The wiring as a graph, for the diagrams (the JSON has `wiring`).
    #[serde(skip)]
    pub graph: Graph,
}

/// Title block.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// The request's name.
    pub title: String,
    pub bundle: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market: Option<MarketRef>,
    pub as_of: Date,
}

/// A market, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarketRef {
    pub id: Id,
    pub name: String,
}

/// An offering, by id and display name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OfferingRef {
    pub id: Id,
    pub name: String,
}

/// The executive summary, in business terms.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Number of offerings, and how many are the company's own.
    pub offerings: usize,
    pub internal: usize,
    pub partner: usize,
    /// Market priorities the bundle addresses, in request order.
    pub priorities: Vec<PrioritySummary>,
    /// Capabilities needed directly (not through a priority).
    pub needs: Vec<Id>,
    /// Every capability the members deliver, sorted.
    pub capabilities: Vec<Id>,
    /// Number of findings per severity.
    pub deny: usize,
    pub warn: usize,
    pub info: usize,
}

/// A priority addressed, with the capabilities and offerings behind it.
#[derive(Debug, Clone, Serialize)]
pub struct PrioritySummary {
    pub id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub capabilities: Vec<Id>,
    pub offerings: Vec<OfferingRef>,
}

/// One row of the traceability matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// `None` for a capability needed directly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority_description: Option<String>,
    pub capability: Id,
    pub offerings: Vec<OfferingRef>,
}

/// A member, as the offerings table shows it.
#[derive(Debug, Clone, Serialize)]
pub struct OfferingRow {
    pub id: Id,
    pub name: String,
    pub version: String,
    pub portfolio: Id,
    /// The partner delivering it; `None` for internal offerings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner: Option<PartnerRef>,
    pub lifecycle: Lifecycle,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub configurations: Vec<String>,
    pub kits: Kits,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Price>,
}

/// A partner, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerRef {
    pub id: Id,
    pub name: String,
}

/// Sales and delivery kits, as paths or links.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Kits {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sales: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<String>,
}

/// A partner involved, and its agreement.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerRow {
    pub id: Id,
    pub name: String,
    pub status: AgreementStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Active and not expired on the spec's date.
    pub in_force: bool,
    pub offerings: Vec<OfferingRef>,
}

/// A requirement wired to its provider.
#[derive(Debug, Clone, Serialize)]
pub struct WireRow {
    pub consumer: OfferingRef,
    pub interface: Id,
    pub requirement: String,
    pub provider: OfferingRef,
    pub version: String,
    pub optional: bool,
}

/// One step of the deployment order.
#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    /// 1-based.
    pub step: usize,
    /// Offerings that can be deployed in parallel once the earlier steps
    /// are done.
    pub offerings: Vec<OfferingRef>,
    /// Offerings of this step that rely on each other (wiring cycles):
    /// deploy each set together.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub together: Vec<Vec<OfferingRef>>,
}

/// Prices per offering and totals per currency and period.
#[derive(Debug, Clone, Serialize)]
pub struct PriceSection {
    pub offerings: Vec<PriceRow>,
    pub totals: Vec<PriceLine>,
    /// Members without a list price.
    pub unpriced: Vec<Id>,
}

/// One member's list price.
#[derive(Debug, Clone, Serialize)]
pub struct PriceRow {
    pub offering: OfferingRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Price>,
}

/// A rule finding, with what to do about it.
#[derive(Debug, Clone, Serialize)]
pub struct FindingRow {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offering: Option<OfferingRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
}

/// The request as given.
#[derive(Debug, Clone, Serialize)]
pub struct Request {
    /// The request file's text, verbatim.
    pub text: String,
}

impl Spec {
    /// Builds the spec of `bundle`, composed from `request` (whose file text
    /// is `request_text`) against `catalog`. `remediation` maps rule ids to
    /// their advice; findings of rules it does not know show none.
    ///
    /// A bundle that was not composed has no spec: the error carries the
    /// explanation to show instead.
    pub fn build(
        bundle: &Bundle,
        catalog: &Catalog,
        request: &BundleRequest,
        request_text: &str,
        remediation: Option<&Remediations>,
    ) -> Result<Spec, SpecError> {
        match bundle.status {
            Status::Composed => {}
            Status::Failed => {
                return Err(SpecError::NotComposed {
                    bundle: bundle.bundle.clone(),
                    explanation: bundle.explanation.clone().unwrap_or_default(),
                })
            }
            Status::Denied => {
                let explanation = bundle.explanation.clone().unwrap_or_else(|| {
                    bundle
                        .findings
                        .iter()
                        .filter(|f| f.severity == Severity::Deny)
                        .map(|f| format!("rule `{}` denied it: {}", f.rule, f.message))
                        .collect()
                });
                return Err(SpecError::Denied {
                    bundle: bundle.bundle.clone(),
                    explanation,
                });
            }
        }

        let mut members: Vec<&ensemble_model::Offering> = Vec::new();
        for m in &bundle.offerings {
            members.push(
                catalog
                    .get(m.id.as_str())
                    .ok_or_else(|| SpecError::UnknownOffering(m.id.clone()))?,
            );
        }
        members.sort_by(|a, b| a.id.cmp(&b.id));
        members.dedup_by(|a, b| a.id == b.id);
        let names: BTreeMap<&str, &str> = members
            .iter()
            .map(|o| (o.id.as_str(), o.name.as_str()))
            .collect();
        let oref = |id: &Id| OfferingRef {
            id: id.clone(),
            name: names
                .get(id.as_str())
                .map(|n| (*n).to_owned())
                .or_else(|| catalog.get(id.as_str()).map(|o| o.name.clone()))
                .unwrap_or_else(|| id.to_string()),
        };

        let market = request
            .market
            .as_ref()
            .and_then(|id| catalog.market(id.as_str()));
        let description = |priority: &Id| {
            market
                .and_then(|m| m.priority(priority.as_str()))
                .and_then(|p| p.description.clone())
        };

        let header = Header {
            title: request.name.clone(),
            bundle: bundle.bundle.clone(),
            customer: request.customer.clone(),
            market: request.market.as_ref().map(|id| MarketRef {
                id: id.clone(),
                name: market.map_or_else(|| id.to_string(), |m| m.name.clone()),
            }),
            as_of: bundle.as_of,
        };

        let refs = |ids: &[Id]| -> Vec<OfferingRef> {
            let mut v: Vec<OfferingRef> = ids.iter().map(&oref).collect();
            v.sort();
            v.dedup();
            v
        };
        let traceability: Vec<Trace> = bundle
            .coverage
            .iter()
            .map(|c| Trace {
                priority: c.priority.clone(),
                priority_description: c.priority.as_ref().and_then(description),
                capability: c.capability.clone(),
                offerings: refs(&c.offerings),
            })
            .collect();

        let priorities = request
            .priorities
            .iter()
            .map(|p| {
                let rows: Vec<&Trace> = traceability
                    .iter()
                    .filter(|t| t.priority.as_ref() == Some(p))
                    .collect();
                let mut capabilities: Vec<Id> = rows.iter().map(|t| t.capability.clone()).collect();
                if capabilities.is_empty() {
                    if let Some(pr) = market.and_then(|m| m.priority(p.as_str())) {
                        capabilities = pr.capabilities.clone();
                    }
                }
                capabilities.dedup();
                let mut offerings: Vec<OfferingRef> = rows
                    .iter()
                    .flat_map(|t| t.offerings.iter().cloned())
                    .collect();
                offerings.sort();
                offerings.dedup();
                PrioritySummary {
                    id: p.clone(),
                    description: description(p),
                    capabilities,
                    offerings,
                }
            })
            .collect();
        let mut needs: Vec<Id> = request.needs.iter().map(|n| n.capability.clone()).collect();
        needs.dedup();
        let capabilities: Vec<Id> = members
            .iter()
            .flat_map(|o| o.capabilities.iter().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let count = |s: Severity| bundle.findings.iter().filter(|f| f.severity == s).count();
        let partner_members = members.iter().filter(|o| o.partner.is_some()).count();
        let summary = Summary {
            offerings: members.len(),
            internal: members.len() - partner_members,
            partner: partner_members,
            priorities,
            needs,
            capabilities,
            deny: count(Severity::Deny),
            warn: count(Severity::Warn),
            info: count(Severity::Info),
        };

        let offerings: Vec<OfferingRow> = members
            .iter()
            .map(|o| OfferingRow {
                id: o.id.clone(),
                name: o.name.clone(),
                version: o.version.to_string(),
                portfolio: o.portfolio.clone(),
                partner: o.partner.as_ref().map(|p| PartnerRef {
                    id: p.clone(),
                    name: catalog
                        .partner(p.as_str())
                        .map_or_else(|| p.to_string(), |x| x.name.clone()),
                }),
                lifecycle: o.lifecycle,
                summary: o.summary.clone().filter(|s| !s.trim().is_empty()),
                configurations: o.configurations.clone(),
                kits: Kits {
                    sales: o.kits.sales.clone().filter(|s| !s.trim().is_empty()),
                    delivery: o.kits.delivery.clone().filter(|s| !s.trim().is_empty()),
                },
                price: o.price.clone(),
            })
            .collect();

        let mut by_partner: BTreeMap<&Id, Vec<OfferingRef>> = BTreeMap::new();
        for o in &members {
            if let Some(p) = &o.partner {
                by_partner.entry(p).or_default().push(oref(&o.id));
            }
        }
        let partners = by_partner
            .into_iter()
            .map(|(id, offerings)| match catalog.partner(id.as_str()) {
                Some(p) => PartnerRow {
                    id: id.clone(),
                    name: p.name.clone(),
                    status: p.agreement.status,
                    expires: p.agreement.expires,
                    tier: p.agreement.tier.clone(),
                    in_force: p.agreement.in_force(bundle.as_of),
                    offerings,
                },
                // A valid catalog has every partner; say nothing is known.
                None => PartnerRow {
                    id: id.clone(),
                    name: id.to_string(),
                    status: AgreementStatus::Pending,
                    expires: None,
                    tier: None,
                    in_force: false,
                    offerings,
                },
            })
            .collect();

        let mut wiring: Vec<WireRow> = bundle
            .wiring
            .iter()
            .map(|w| WireRow {
                consumer: oref(&w.consumer),
                interface: w.interface.clone(),
                requirement: w.requirement.clone(),
                provider: oref(&w.provider),
                version: w.version.clone(),
                optional: w.optional,
            })
            .collect();
        wiring.sort_by(|a, b| {
            (&a.consumer.id, &a.interface, &a.provider.id).cmp(&(
                &b.consumer.id,
                &b.interface,
                &b.provider.id,
            ))
        });

        let graph = Graph::from_bundle(bundle);
        let deployment_order = bundle
            .deployment_order
            .iter()
            .filter(|g| !g.is_empty())
            .enumerate()
            .map(|(i, g)| Stage {
                step: i + 1,
                offerings: refs(g),
                together: graph
                    .cycles()
                    .map(|c| {
                        c.iter()
                            .map(|&n| graph.nodes[n].id.clone())
                            .collect::<Vec<_>>()
                    })
                    .filter(|c| c.iter().all(|id| g.contains(id)))
                    .map(|c| refs(&c))
                    .collect(),
            })
            .collect();

        let r = rollup(members.iter().map(|o| (&o.id, o.price.as_ref())));
        let price = PriceSection {
            offerings: members
                .iter()
                .map(|o| PriceRow {
                    offering: oref(&o.id),
                    price: o.price.clone(),
                })
                .collect(),
            totals: r.totals,
            unpriced: r.unpriced,
        };

        let mut sorted = bundle.findings.clone();
        ensemble_model::Finding::sort(&mut sorted);
        sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
        let findings = sorted
            .into_iter()
            .map(|f| FindingRow {
                remediation: remediation
                    .and_then(|r| r.get(&f.rule))
                    .filter(|s| !s.trim().is_empty())
                    .cloned(),
                offering: f.offering.as_ref().map(&oref),
                rule: f.rule,
                severity: f.severity,
                message: f.message,
            })
            .collect();

        Ok(Spec {
            header,
            summary,
            traceability,
            offerings,
            partners,
            wiring,
            deployment_order,
            price,
            findings,
            request: Request {
                text: request_text.to_owned(),
            },
            graph,
        })
    }
}
