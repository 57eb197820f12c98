//! Ensemble's portfolio audit.
//!
//! Leaders scaling a portfolio rationalize it (combine redundant offerings,
//! sunset those that no longer fit), standardize what remains and modernize
//! the rest. [`Audit::build`] gathers the facts for that from a catalog and
//! the findings of the offering rules: the lifecycle distribution, redundant
//! offerings, unused offerings, fragile interfaces, standardization gaps and
//! every rule finding. [`retirement`] composes a set of bundle requests with
//! and without one offering to show what retiring it would break. The
//! answers are plain data: JSON comes from serde, and [`text`] and
//! [`markdown`] render them for a terminal and a leadership review.
//!
//! Every section is computed from the catalog's indexes in time near-linear
//! in the size of the catalog; no section compares offerings pairwise.
//!
//! ```
//! use std::collections::BTreeMap;
//! use ensemble_audit::Audit;
//! use ensemble_model::{catalog_from_documents, parse_str};
//!
//! let docs = parse_str(
//!     "kind: offering\nid: old-bus\nname: Old Bus\nversion: 1.0.0\n\
//!      portfolio: infra\nlifecycle: end-of-life\ncapabilities: [events]\n\
//!      provides: [{interface: events.stream, version: 1.0.0}]\n\
//!      ---\n\
//!      kind: offering\nid: app\nname: App\nversion: 1.0.0\n\
//!      portfolio: apps\nlifecycle: optimization\ncapabilities: [banking]\n\
//!      requires: [{interface: events.stream, version: \"^1\"}]\n",
//! )
//! .unwrap();
//! let catalog = catalog_from_documents(docs, "memory.yaml".as_ref()).unwrap();
//! let audit = Audit::build(&catalog, "2026-11-22".parse().unwrap(), &BTreeMap::new());
//! assert_eq!(audit.fragile[0].interface.as_str(), "events.stream");
//! assert_eq!(audit.fragile[0].dependents[0].as_str(), "app");
//! assert!(ensemble_audit::text::render(&audit).contains("events.stream"));
//! ```

mod demand;
mod findings;
mod format;
mod fragile;
mod gaps;
mod lifecycle;
pub mod markdown;
mod redundancy;
mod retire;
mod standing;
pub mod text;
mod unused;

use std::collections::BTreeMap;

use ensemble_model::{Catalog, Date, Finding, OfferingIx};
use serde::Serialize;

pub use findings::{OfferingFinding, RuleFindings};
pub use fragile::{FragileReason, FragileRequirement, ProviderStanding};
pub use gaps::{Missing, StandardizationGap};
pub use lifecycle::{LifecycleDistribution, PartnerStages, PortfolioStages, StageCounts};
pub use redundancy::{Difference, RedundancyGroup, RedundantOffering};
pub use retire::{
    retirement, Broken, Recomposed, RequestRef, RetireCase, RetireError, Retirement, RETIRED_RULE,
};
pub use standing::Standing;
pub use unused::{UnusedInterface, UnusedOffering};

/// The portfolio audit of a catalog on a date. Every list is sorted
/// deterministically (by id, capability or interface).
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    /// The date agreements and rules were judged by.
    pub as_of: Date,
    pub summary: Summary,
    pub lifecycle: LifecycleDistribution,
    /// Capabilities delivered by more than one offering, by capability.
    pub redundancy: Vec<RedundancyGroup>,
    /// Offerings nothing pulls into a bundle, by id.
    pub unused: Vec<UnusedOffering>,
    /// Requirements without a usable internal provider, by interface then
    /// requirement.
    pub fragile: Vec<FragileRequirement>,
    /// Offerings at standardization or later missing kits or
    /// configurations, by id.
    pub standardization_gaps: Vec<StandardizationGap>,
    /// Offering rule findings, by rule id.
    pub rule_findings: Vec<RuleFindings>,
}

/// How many items each section holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub offerings: usize,
    pub portfolios: usize,
    pub partners: usize,
    pub redundant_capabilities: usize,
    pub unused_offerings: usize,
    pub fragile_requirements: usize,
    pub standardization_gaps: usize,
    pub rule_findings: usize,
}

impl Audit {
    /// Audits `catalog` on `as_of`. `findings` holds the offering rule
    /// findings per offering; an offering with a `deny` finding counts as
    /// unavailable when judging fragile interfaces.
    pub fn build(
        catalog: &Catalog,
        as_of: Date,
        findings: &BTreeMap<OfferingIx, Vec<Finding>>,
    ) -> Audit {
        let standings = standing::standings(catalog, as_of, findings);
        // The sections are independent: the redundancy groups (the largest)
        // are built on a second thread while this one does the rest.
        let (redundancy, (lifecycle, unused, fragile, standardization_gaps, rule_findings)) =
            std::thread::scope(|scope| {
                let redundancy = scope.spawn(|| redundancy::redundancy(catalog, &standings));
                let demand = demand::DemandIndex::build(catalog);
                let rest = (
                    lifecycle::distribution(catalog, as_of),
                    unused::unused(catalog, &demand),
                    fragile::fragile(catalog, &standings, &demand),
                    gaps::gaps(catalog),
                    findings::by_rule(catalog, findings),
                );
                let redundancy = redundancy
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p));
                (redundancy, rest)
            });
        let summary = Summary {
            offerings: catalog.len(),
            portfolios: lifecycle.by_portfolio.len(),
            partners: catalog.partners().len(),
            redundant_capabilities: redundancy.len(),
            unused_offerings: unused.len(),
            fragile_requirements: fragile.len(),
            standardization_gaps: standardization_gaps.len(),
            rule_findings: rule_findings.iter().map(|r| r.findings.len()).sum(),
        };
        Audit {
            as_of,
            summary,
            lifecycle,
            redundancy,
            unused,
            fragile,
            standardization_gaps,
            rule_findings,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use ensemble_model::{catalog_from_documents, parse_str, Catalog};

    use super::*;

    fn catalog(yaml: &str) -> Catalog {
        catalog_from_documents(parse_str(yaml).unwrap(), "test.yaml".as_ref()).unwrap()
    }

    fn offering(id: &str, extra: &str) -> String {
        format!(
            "kind: offering\nid: {id}\nname: {id}\nversion: 1.0.0\nportfolio: p\n\
             lifecycle: optimization\n{extra}---\n"
        )
    }

    fn audit(yaml: &str) -> Audit {
        Audit::build(
            &catalog(yaml),
            "2026-11-22".parse().unwrap(),
            &BTreeMap::new(),
        )
    }

    #[test]
    fn any_of_is_fragile_only_when_every_alternative_is() {
        let mut yaml = offering(
            "healthy",
            "requires: [{any_of: [{interface: gone, version: \"^1\"}, {interface: db, version: \"^2\"}]}]\n",
        );
        yaml += &offering(
            "stuck",
            "requires: [{any_of: [{interface: gone, version: \"^1\"}, {interface: old, version: \"^1\"}]}]\n",
        );
        yaml += &offering("db", "provides: [{interface: db, version: 2.0.0}]\n");
        yaml += &offering("old", "provides: [{interface: old, version: 2.0.0}]\n");
        let a = audit(&yaml);
        let got: Vec<(&str, FragileReason, Vec<&str>)> = a
            .fragile
            .iter()
            .map(|f| {
                (
                    f.interface.as_str(),
                    f.reason,
                    f.dependents.iter().map(|d| d.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("gone", FragileReason::NoProvider, vec!["stuck"]),
                ("old", FragileReason::NoMatchingVersion, vec!["stuck"]),
            ]
        );
    }

    #[test]
    fn optional_and_self_requirements_do_not_pull() {
        let mut yaml = String::from(
            "kind: market\nid: m\nname: M\npriorities: [{id: p, capabilities: [shop]}]\n---\n",
        );
        yaml += &offering("shop", "capabilities: [shop]\nrequires: [{interface: extra, version: \"^1\", optional: true}]\n");
        yaml += &offering(
            "extra",
            "provides: [{interface: extra, version: 1.0.0}]\nrequires: [{interface: extra, version: \"^1\"}]\n",
        );
        let a = audit(&yaml);
        let unused: Vec<&str> = a.unused.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(unused, ["extra"]);
        assert!(a.fragile.is_empty(), "{:?}", a.fragile);
    }

    #[test]
    fn large_groups_are_cut_short_in_text_but_complete_in_json() {
        let mut yaml = String::new();
        for i in 0..30 {
            for j in 0..10 {
                let _ = write!(
                    yaml,
                    "{}",
                    offering(&format!("o{i}-{j}"), &format!("capabilities: [c{i}]\n"))
                );
            }
        }
        let a = audit(&yaml);
        assert_eq!(a.redundancy.len(), 30);
        assert!(a.redundancy.iter().all(|g| g.offerings.len() == 10));
        let text = text::render(&a);
        assert!(text.contains("    and 2 more\n"), "{text}");
        assert!(
            text.contains("  and 10 more capabilities (see --format json)"),
            "{text}"
        );
        let md = markdown::render(&a);
        assert!(md.contains("…and 10 more capabilities"), "{md}");
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["redundancy"].as_array().unwrap().len(), 30);
        // Same input, same bytes.
        assert_eq!(text, text::render(&audit(&yaml)));
    }
}
