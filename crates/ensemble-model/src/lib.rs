//! Ensemble's documents and catalog.
//!
//! A catalog is a directory of YAML files holding `offering`, `partner` and
//! `market` documents. [`load_catalog`] reads it in one pass, reports every
//! problem at once with its file, line and column, and returns an indexed
//! [`Catalog`] that answers who delivers a capability and who provides an
//! interface. [`load_request`] reads a bundle request and checks it against
//! the catalog.
//!
//! ```
//! use ensemble_model::{catalog_from_documents, parse_str};
//!
//! let docs = parse_str(
//!     "kind: offering\nid: stream-hub\nname: StreamHub\nversion: 3.1.0\n\
//!      portfolio: infra\nlifecycle: optimization\ncapabilities: [events]\n\
//!      provides: [{interface: events.stream, version: 3.1.0}]\n",
//! )
//! .unwrap();
//! let catalog = catalog_from_documents(docs, "memory.yaml".as_ref()).unwrap();
//! assert_eq!(catalog.providers("events.stream")[0].version.to_string(), "3.1.0");
//! ```

mod alternatives;
mod catalog;
mod date;
mod diagnostic;
mod document;
mod finding;
mod id;
mod load;
mod locate;
mod market;
mod offering;
mod partner;
mod request;
mod summary;
mod validate;

pub use alternatives::{AltIx, AltRequirement, Match};
pub use catalog::{Catalog, OfferingIx, Provider};
pub use date::{Date, DateError};
pub use diagnostic::{suggest, Diagnostic, Diagnostics, Location, Problem};
pub use document::{parse_single, Document, YamlError};
pub use finding::{Finding, Severity};
pub use id::{Id, IdError};
pub use load::{catalog_files, catalog_from_documents, load_catalog, load_request};
pub use market::{Market, Priority};
pub use offering::{
    Currency, InterfaceReq, Kits, Lifecycle, Offering, Period, Price, Provide, Requirement,
};
pub use partner::{Agreement, AgreementStatus, Partner};
pub use request::{BundleRequest, Need, PartnerPolicy};
pub use summary::{PriceKey, Summary};

/// Free-form attributes, handed to rules as written. Keys are sorted so
/// output is deterministic.
pub type Attributes = std::collections::BTreeMap<String, serde_yaml::Value>;

/// Parses every document of a YAML string (empty documents skipped), failing
/// on the first problem.
pub fn parse_str(text: &str) -> Result<Vec<Document>, YamlError> {
    let mut docs = Vec::new();
    let mut error = None;
    document::parse_documents(text, |d| match d {
        Ok(Document::Empty) => {}
        Ok(d) => docs.push(d),
        Err(e) => {
            error.get_or_insert(e);
        }
    });
    match error {
        Some(e) => Err(e),
        None => Ok(docs),
    }
}
