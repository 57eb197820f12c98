//! Findings of rules: what a policy says about an offering or a bundle.
//!
//! They live in the model crate because the solver (which obeys `deny`), the
//! rules engine (which produces them) and the reports (which print them) all
//! speak of them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Id;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational; never blocks.
    Info,
    /// Reported, never blocks.
    Warn,
    /// An offering with a `deny` is unavailable; a bundle with one is rejected.
    Deny,
}

impl Severity {
    /// The name used in rules and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Deny => "deny",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// The offering the finding is about, if any.
    pub offering: Option<Id>,
}

impl Finding {
    /// Deterministic order for output: by offering (bundle-wide first), rule,
    /// severity (most serious first), then message.
    pub fn sort(findings: &mut [Finding]) {
        findings.sort_by(|a, b| {
            a.offering
                .cmp(&b.offering)
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| b.severity.cmp(&a.severity))
                .then_with(|| a.message.cmp(&b.message))
        });
    }
}
