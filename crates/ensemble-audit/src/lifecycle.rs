//! Lifecycle distribution: how many offerings stand at each stage, per
//! portfolio and per partner.

use std::collections::BTreeMap;

use ensemble_model::{AgreementStatus, Catalog, Date, Id, Lifecycle};
use serde::Serialize;

/// Offerings per lifecycle stage, in portfolio-journey order, and their total.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StageCounts {
    pub formation: usize,
    pub rationalization: usize,
    pub standardization: usize,
    pub modernization: usize,
    pub optimization: usize,
    #[serde(rename = "end-of-life")]
    pub end_of_life: usize,
    pub total: usize,
}

impl StageCounts {
    /// Counts one more offering at `stage`.
    pub fn add(&mut self, stage: Lifecycle) {
        *self.slot(stage) += 1;
        self.total += 1;
    }

    /// The number of offerings at `stage`.
    pub fn get(&self, stage: Lifecycle) -> usize {
        match stage {
            Lifecycle::Formation => self.formation,
            Lifecycle::Rationalization => self.rationalization,
            Lifecycle::Standardization => self.standardization,
            Lifecycle::Modernization => self.modernization,
            Lifecycle::Optimization => self.optimization,
            Lifecycle::EndOfLife => self.end_of_life,
        }
    }

    fn slot(&mut self, stage: Lifecycle) -> &mut usize {
        match stage {
            Lifecycle::Formation => &mut self.formation,
            Lifecycle::Rationalization => &mut self.rationalization,
            Lifecycle::Standardization => &mut self.standardization,
            Lifecycle::Modernization => &mut self.modernization,
            Lifecycle::Optimization => &mut self.optimization,
            Lifecycle::EndOfLife => &mut self.end_of_life,
        }
    }
}

/// The lifecycle section of the audit.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LifecycleDistribution {
    /// Every offering of the catalog.
    pub overall: StageCounts,
    /// One row per portfolio, sorted by portfolio id.
    pub by_portfolio: Vec<PortfolioStages>,
    /// The company's own offerings.
    pub internal: StageCounts,
    /// One row per partner of the catalog (also those without offerings),
    /// sorted by partner id.
    pub by_partner: Vec<PartnerStages>,
}

/// The stages of one portfolio's offerings.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioStages {
    pub portfolio: Id,
    #[serde(flatten)]
    pub stages: StageCounts,
}

/// The stages of one partner's offerings, with the state of its agreement.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerStages {
    pub partner: Id,
    pub name: String,
    pub agreement: AgreementStatus,
    pub expires: Option<Date>,
    /// Whether the agreement is active and unexpired on the audit date.
    pub in_force: bool,
    #[serde(flatten)]
    pub stages: StageCounts,
}

/// Counts every offering once per view.
pub(crate) fn distribution(catalog: &Catalog, as_of: Date) -> LifecycleDistribution {
    let mut overall = StageCounts::default();
    let mut internal = StageCounts::default();
    let mut portfolios: BTreeMap<&Id, StageCounts> = BTreeMap::new();
    let mut partners: BTreeMap<&Id, StageCounts> = catalog
        .partners()
        .keys()
        .map(|p| (p, StageCounts::default()))
        .collect();
    for o in catalog.offerings() {
        overall.add(o.lifecycle);
        portfolios.entry(&o.portfolio).or_default().add(o.lifecycle);
        match &o.partner {
            Some(p) => partners.entry(p).or_default().add(o.lifecycle),
            None => internal.add(o.lifecycle),
        }
    }
    LifecycleDistribution {
        overall,
        by_portfolio: portfolios
            .into_iter()
            .map(|(portfolio, stages)| PortfolioStages {
                portfolio: portfolio.clone(),
                stages,
            })
            .collect(),
        internal,
        by_partner: partners
            .into_iter()
            .filter_map(|(id, stages)| {
                let partner = catalog.partner(id.as_str())?;
                Some(PartnerStages {
                    partner: id.clone(),
                    name: partner.name.clone(),
                    agreement: partner.agreement.status,
                    expires: partner.agreement.expires,
                    in_force: partner.agreement.in_force(as_of),
                    stages,
                })
            })
            .collect(),
    }
}
