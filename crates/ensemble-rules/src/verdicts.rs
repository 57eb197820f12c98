//! What the offering rules said about each offering of a catalog.

use std::collections::BTreeMap;

use ensemble_model::{Finding, OfferingIx, Severity};

/// Findings of offering rules, per offering (offerings without findings are
/// not stored). Each offering's findings are sorted with [`Finding::sort`].
#[derive(Debug, Clone, Default)]
pub struct OfferingVerdicts {
    /// Sorted by offering index.
    pub(crate) findings: Vec<(OfferingIx, Vec<Finding>)>,
}

impl OfferingVerdicts {
    /// Every finding about `ix` (deny, warn and info).
    pub fn findings_for(&self, ix: OfferingIx) -> &[Finding] {
        match self.findings.binary_search_by_key(&ix, |(i, _)| *i) {
            Ok(pos) => &self.findings[pos].1,
            Err(_) => &[],
        }
    }

    /// Whether a rule denies `ix`.
    pub fn is_denied(&self, ix: OfferingIx) -> bool {
        self.findings_for(ix)
            .iter()
            .any(|f| f.severity == Severity::Deny)
    }

    /// The `deny` findings of every denied offering: what the solver's
    /// options take to rule offerings out.
    pub fn denied(&self) -> BTreeMap<OfferingIx, Vec<Finding>> {
        self.findings
            .iter()
            .filter_map(|(ix, fs)| {
                let deny: Vec<Finding> = fs
                    .iter()
                    .filter(|f| f.severity == Severity::Deny)
                    .cloned()
                    .collect();
                (!deny.is_empty()).then_some((*ix, deny))
            })
            .collect()
    }

    /// Every finding of every offering (for the audit's rule section).
    pub fn all(&self) -> BTreeMap<OfferingIx, Vec<Finding>> {
        self.findings.iter().cloned().collect()
    }

    /// The findings about `ix` that do not block it (warn and info), to be
    /// reported when it is a member of a bundle.
    pub fn warnings_for(&self, ix: OfferingIx) -> Vec<Finding> {
        self.findings_for(ix)
            .iter()
            .filter(|f| f.severity != Severity::Deny)
            .cloned()
            .collect()
    }

    /// Every (offering, findings) pair, in offering order.
    pub fn iter(&self) -> impl Iterator<Item = (OfferingIx, &[Finding])> {
        self.findings.iter().map(|(ix, fs)| (*ix, fs.as_slice()))
    }

    /// The number of findings over all offerings.
    pub fn count(&self) -> usize {
        self.findings.iter().map(|(_, fs)| fs.len()).sum()
    }
}
