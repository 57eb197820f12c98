//! Offering rule findings across the catalog, grouped by rule.

use std::collections::BTreeMap;

use ensemble_model::{Catalog, Finding, Id, OfferingIx, Severity};
use serde::Serialize;

/// Everything one rule said about the catalog's offerings.
#[derive(Debug, Clone, Serialize)]
pub struct RuleFindings {
    pub rule: String,
    /// Sorted by offering, then severity (most serious first), then message.
    pub findings: Vec<OfferingFinding>,
}

/// One finding of a rule about one offering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferingFinding {
    pub offering: Id,
    pub severity: Severity,
    pub message: String,
}

pub(crate) fn by_rule(
    catalog: &Catalog,
    findings: &BTreeMap<OfferingIx, Vec<Finding>>,
) -> Vec<RuleFindings> {
    let mut rules: BTreeMap<&str, Vec<OfferingFinding>> = BTreeMap::new();
    for (&ix, list) in findings {
        for f in list {
            rules.entry(&f.rule).or_default().push(OfferingFinding {
                offering: f
                    .offering
                    .clone()
                    .unwrap_or_else(|| catalog.offering(ix).id.clone()),
                severity: f.severity,
                message: f.message.clone(),
            });
        }
    }
    rules
        .into_iter()
        .map(|(rule, mut findings)| {
            findings.sort_by(|a, b| {
                a.offering
                    .cmp(&b.offering)
                    .then_with(|| b.severity.cmp(&a.severity))
                    .then_with(|| a.message.cmp(&b.message))
            });
            RuleFindings {
                rule: rule.to_owned(),
                findings,
            }
        })
        .collect()
}
