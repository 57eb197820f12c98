//! Standardization gaps: offerings at the standardization stage or later
//! that still lack a basic or advanced configuration, or a sales or delivery
//! kit.

use ensemble_model::{Catalog, Id, Lifecycle};
use serde::Serialize;

/// What a standardized offering is expected to carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Missing {
    BasicConfiguration,
    AdvancedConfiguration,
    SalesKit,
    DeliveryKit,
}

impl Missing {
    /// How it reads in a report.
    pub fn describe(self) -> &'static str {
        match self {
            Missing::BasicConfiguration => "basic configuration",
            Missing::AdvancedConfiguration => "advanced configuration",
            Missing::SalesKit => "sales kit",
            Missing::DeliveryKit => "delivery kit",
        }
    }
}

/// An offering at standardization or later with something missing.
#[derive(Debug, Clone, Serialize)]
pub struct StandardizationGap {
    pub id: Id,
    pub name: String,
    pub portfolio: Id,
    pub lifecycle: Lifecycle,
    pub partner: Option<Id>,
    pub missing: Vec<Missing>,
}

pub(crate) fn gaps(catalog: &Catalog) -> Vec<StandardizationGap> {
    catalog
        .offerings()
        .iter()
        .filter(|o| o.lifecycle.is_standardized())
        .filter_map(|o| {
            let has = |c: &str| o.configurations.iter().any(|x| x == c);
            let missing: Vec<Missing> = [
                (!has("basic"), Missing::BasicConfiguration),
                (!has("advanced"), Missing::AdvancedConfiguration),
                (o.kits.sales.is_none(), Missing::SalesKit),
                (o.kits.delivery.is_none(), Missing::DeliveryKit),
            ]
            .into_iter()
            .filter_map(|(gap, m)| gap.then_some(m))
            .collect();
            (!missing.is_empty()).then(|| StandardizationGap {
                id: o.id.clone(),
                name: o.name.clone(),
                portfolio: o.portfolio.clone(),
                lifecycle: o.lifecycle,
                partner: o.partner.clone(),
                missing,
            })
        })
        .collect()
}
