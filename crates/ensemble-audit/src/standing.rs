//! Whether the solver may use an offering on the audit date, and if not, why.

use std::collections::BTreeMap;

use ensemble_model::{AgreementStatus, Catalog, Date, Finding, Lifecycle, OfferingIx, Severity};
use serde::Serialize;

/// The standing of an offering as a provider, most usable first.
///
/// `VersionMismatch` is never an offering's own standing: it marks a provider
/// of the right interface at a version the requirement does not accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// An internal offering the solver may use.
    Internal,
    /// A partner offering under an agreement in force.
    Partner,
    /// Provides the interface, but at a version the requirement rejects.
    VersionMismatch,
    /// End-of-life: used only where a request includes it by name.
    EndOfLife,
    /// A partner offering whose agreement is expired (or past its expiry).
    AgreementExpired,
    /// A partner offering whose agreement is not yet active.
    AgreementPending,
    /// An offering rule returned a `deny` finding for it.
    DeniedByRule,
}

impl Standing {
    /// Whether the solver may pick the offering for a requirement.
    pub fn is_usable(self) -> bool {
        matches!(self, Standing::Internal | Standing::Partner)
    }

    /// How the standing reads in a report.
    pub fn describe(self) -> &'static str {
        match self {
            Standing::Internal => "internal",
            Standing::Partner => "partner",
            Standing::VersionMismatch => "version does not match",
            Standing::EndOfLife => "end-of-life",
            Standing::AgreementExpired => "agreement expired",
            Standing::AgreementPending => "agreement pending",
            Standing::DeniedByRule => "denied by a rule",
        }
    }
}

/// The standing of every offering, indexed like [`Catalog::offerings`].
pub(crate) fn standings(
    catalog: &Catalog,
    as_of: Date,
    findings: &BTreeMap<OfferingIx, Vec<Finding>>,
) -> Vec<Standing> {
    catalog
        .indexes()
        .map(|ix| {
            let o = catalog.offering(ix);
            // What the catalog says comes first; a rule's deny only
            // explains offerings that are otherwise in force.
            if o.lifecycle == Lifecycle::EndOfLife {
                return Standing::EndOfLife;
            }
            let agreement = catalog.partner_of(ix).map(|p| &p.agreement);
            match agreement {
                Some(a) if a.status == AgreementStatus::Pending => {
                    return Standing::AgreementPending
                }
                Some(a) if !a.in_force(as_of) => return Standing::AgreementExpired,
                _ => {}
            }
            let denied = findings
                .get(&ix)
                .is_some_and(|f| f.iter().any(|f| f.severity == Severity::Deny));
            if denied {
                return Standing::DeniedByRule;
            }
            if agreement.is_some() {
                Standing::Partner
            } else {
                Standing::Internal
            }
        })
        .collect()
}
