//! Fragile interfaces: requirements no usable offering provides, each with
//! why and the offerings that depend on it (a change to the provider breaks
//! them).

use ensemble_model::{Catalog, Id};
use semver::Version;
use serde::Serialize;

use crate::demand::{Demand, DemandIndex};
use crate::Standing;

/// Why no usable offering meets a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FragileReason {
    /// No offering provides the interface at all.
    NoProvider,
    /// Offerings provide the interface, none at a matching version.
    NoMatchingVersion,
    /// Every matching provider is end-of-life.
    EndOfLifeOnly,
    /// Every matching provider is a partner's whose agreement is not in force.
    AgreementNotInForce,
    /// Every matching provider is denied by an offering rule.
    DeniedByRule,
    /// No matching provider is usable, for several of the reasons above.
    NoneInForce,
    /// Only partner offerings (agreement in force) provide it: the company
    /// depends on a third party for it.
    PartnerOnly,
}

impl FragileReason {
    /// How the reason reads in a report.
    pub fn describe(self) -> &'static str {
        match self {
            FragileReason::NoProvider => "no offering provides it",
            FragileReason::NoMatchingVersion => "no provider at a matching version",
            FragileReason::EndOfLifeOnly => "only end-of-life providers",
            FragileReason::AgreementNotInForce => "only partners whose agreement is not in force",
            FragileReason::DeniedByRule => "every provider is denied by a rule",
            FragileReason::NoneInForce => "no provider in force",
            FragileReason::PartnerOnly => "only partner providers",
        }
    }
}

/// A required interface at a version requirement with no usable internal
/// provider.
#[derive(Debug, Clone, Serialize)]
pub struct FragileRequirement {
    pub interface: Id,
    /// The version requirement as written, e.g. `^2`.
    pub requirement: String,
    pub reason: FragileReason,
    /// The providers matching the requirement with their standing; when none
    /// matches, every provider of the interface (`version-mismatch`).
    pub providers: Vec<ProviderStanding>,
    /// Offerings with this non-optional requirement (and, for `any_of`, no
    /// healthier alternative), in id order.
    pub dependents: Vec<Id>,
}

/// A provider of a fragile requirement and why it does not help.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderStanding {
    pub id: Id,
    pub version: Version,
    pub partner: Option<Id>,
    pub standing: Standing,
}

pub(crate) fn fragile(
    catalog: &Catalog,
    standings: &[Standing],
    demand: &DemandIndex<'_>,
) -> Vec<FragileRequirement> {
    let verdicts: Vec<Option<(FragileReason, Vec<ProviderStanding>)>> = demand
        .demands
        .iter()
        .map(|d| classify(catalog, standings, d))
        .collect();
    let mut dependents: Vec<Vec<ensemble_model::OfferingIx>> = vec![Vec::new(); verdicts.len()];
    for need in &demand.needs {
        let alternatives = demand.alternatives(need);
        if alternatives.iter().all(|&a| verdicts[a].is_some()) {
            for &a in alternatives {
                if dependents[a].last() != Some(&need.offering) {
                    dependents[a].push(need.offering);
                }
            }
        }
    }
    let mut out: Vec<FragileRequirement> = verdicts
        .into_iter()
        .zip(dependents)
        .zip(&demand.demands)
        .filter_map(|((verdict, dependents), d)| {
            let (reason, providers) = verdict?;
            if dependents.is_empty() {
                return None;
            }
            Some(FragileRequirement {
                interface: d.interface.clone(),
                requirement: d.version.to_string(),
                reason,
                providers,
                dependents: dependents
                    .into_iter()
                    .map(|ix| catalog.offering(ix).id.clone())
                    .collect(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.interface
            .cmp(&b.interface)
            .then_with(|| a.requirement.cmp(&b.requirement))
    });
    out
}

/// `None` when an internal offering in force meets the demand; otherwise why
/// not, with the providers that were considered.
fn classify(
    catalog: &Catalog,
    standings: &[Standing],
    d: &Demand<'_>,
) -> Option<(FragileReason, Vec<ProviderStanding>)> {
    let providers = catalog.providers(d.interface.as_str());
    if providers.is_empty() {
        return Some((FragileReason::NoProvider, Vec::new()));
    }
    let mut matching = Vec::new();
    for p in providers {
        if d.version.matches(&p.version) {
            if standings[p.offering.index()] == Standing::Internal {
                return None;
            }
            matching.push(p);
        }
    }
    let standing = |p: &ensemble_model::Provider, standing| ProviderStanding {
        id: catalog.offering(p.offering).id.clone(),
        version: p.version.clone(),
        partner: catalog.offering(p.offering).partner.clone(),
        standing,
    };
    if matching.is_empty() {
        let all = providers
            .iter()
            .map(|p| standing(p, Standing::VersionMismatch))
            .collect();
        return Some((FragileReason::NoMatchingVersion, all));
    }
    let listed: Vec<ProviderStanding> = matching
        .iter()
        .map(|p| standing(p, standings[p.offering.index()]))
        .collect();
    let reason_of = |s: Standing| match s {
        Standing::Partner => FragileReason::PartnerOnly,
        Standing::EndOfLife => FragileReason::EndOfLifeOnly,
        Standing::AgreementExpired | Standing::AgreementPending => {
            FragileReason::AgreementNotInForce
        }
        Standing::DeniedByRule => FragileReason::DeniedByRule,
        Standing::Internal | Standing::VersionMismatch => FragileReason::NoneInForce,
    };
    let reason = if listed.iter().any(|p| p.standing == Standing::Partner) {
        FragileReason::PartnerOnly
    } else {
        let first = reason_of(listed[0].standing);
        if listed.iter().all(|p| reason_of(p.standing) == first) {
            first
        } else {
            FragileReason::NoneInForce
        }
    };
    Some((reason, listed))
}
