//! The `partner` document: a third party whose offerings may be bundled.

use serde::{Deserialize, Serialize};

use crate::{Attributes, Date, Id};

/// A third party with an agreement.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub id: Id,
    pub name: String,
    pub agreement: Agreement,
    #[serde(default)]
    pub attributes: Attributes,
}

/// The terms under which a partner's offerings may be sold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    pub status: AgreementStatus,
    #[serde(default)]
    pub expires: Option<Date>,
    #[serde(default)]
    pub tier: Option<String>,
}

impl Agreement {
    /// Whether the agreement is active and not expired on `as_of`.
    pub fn in_force(&self, as_of: Date) -> bool {
        self.status == AgreementStatus::Active && self.expires.is_none_or(|e| e >= as_of)
    }
}

/// The state of a partner agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgreementStatus {
    Active,
    Pending,
    Expired,
}

impl AgreementStatus {
    /// The name used in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            AgreementStatus::Active => "active",
            AgreementStatus::Pending => "pending",
            AgreementStatus::Expired => "expired",
        }
    }
}
