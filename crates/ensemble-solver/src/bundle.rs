//! The composed bundle as plain data: the SPEC's machine-readable bundle
//! (`compose --format json`). Renderers (text, JSON, YAML, specs) read this;
//! they never reach into the solver's search state.

use ensemble_model::{Currency, Date, Finding, Id, Lifecycle, Offering, Period};
use serde::Serialize;

/// Whether a bundle was composed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A valid bundle; findings are at most warnings.
    Composed,
    /// A bundle was found but a bundle rule denied it (exit 1).
    Denied,
    /// No valid bundle exists (exit 1); `explanation` says why.
    Failed,
}

/// The answer to a bundle request.
#[derive(Debug, Clone, Serialize)]
pub struct Bundle {
    /// The request's id.
    pub bundle: Id,
    pub status: Status,
    pub as_of: Date,
    /// Members, sorted by id. Empty when `status` is `failed`.
    pub offerings: Vec<Member>,
    /// Sorted by consumer, then interface.
    pub wiring: Vec<Wire>,
    pub coverage: Vec<Coverage>,
    /// Groups in deployment order; members of a wiring cycle share a group.
    pub deployment_order: Vec<Vec<Id>>,
    pub findings: Vec<Finding>,
    /// Totals per currency and period, never summed across either.
    pub price: Vec<PriceTotal>,
    /// Why no bundle exists, as text lines (only when `status` is `failed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Vec<String>>,
}

/// A member of the bundle and why it is there.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub id: Id,
    pub name: String,
    pub version: String,
    pub partner: Option<Id>,
    pub portfolio: Id,
    pub lifecycle: Lifecycle,
    pub reasons: Vec<Reason>,
}

impl Member {
    /// The entry for offering `o`, with its reasons as given.
    pub fn new(o: &Offering, reasons: Vec<Reason>) -> Member {
        Member {
            id: o.id.clone(),
            name: o.name.clone(),
            version: o.version.to_string(),
            partner: o.partner.clone(),
            portfolio: o.portfolio.clone(),
            lifecycle: o.lifecycle,
            reasons,
        }
    }
}

/// Why an offering is in the bundle.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum Reason {
    /// It delivers a need (from `needs`, or from a priority when `priority`
    /// is set).
    Need { need: Id, priority: Option<Id> },
    /// It provides an interface another member requires.
    RequiredBy { required_by: Id, interface: Id },
    /// The request includes it by name.
    Included { included: bool },
}

/// One requirement of a member wired to its provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wire {
    pub consumer: Id,
    pub interface: Id,
    /// The requirement as written, e.g. `>=2.0, <4.0`.
    pub requirement: String,
    pub provider: Id,
    /// The version the provider provides.
    pub version: String,
    /// Whether the requirement is optional (wired only because a provider
    /// was a member anyway).
    pub optional: bool,
}

/// A needed capability and the members delivering it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub capability: Id,
    pub priority: Option<Id>,
    pub offerings: Vec<Id>,
}

/// The sum of member prices in one currency and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceTotal {
    pub currency: Currency,
    pub per: Period,
    pub amount: f64,
}
