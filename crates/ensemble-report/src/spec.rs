//! The spec document of a composed bundle: one data model ([`Spec`]), built
//! from the bundle, the catalog and the request, rendered as Markdown
//! ([`markdown::render`]), self-contained HTML ([`html::render`]) or JSON
//! (it is `Serialize`: `serde_json::to_string_pretty(&spec)`).

mod doc;
pub mod html;
pub mod markdown;
mod model;

pub use model::{
    FindingRow, Header, Kits, MarketRef, OfferingRef, OfferingRow, PartnerRef, PartnerRow,
    PriceRow, PriceSection, PrioritySummary, Remediations, Request, Spec, SpecError, Stage,
    Summary, Trace, WireRow,
};

#[cfg(test)]
mod tests;
