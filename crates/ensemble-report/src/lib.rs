//! Ensemble's reports: a composed bundle turned into documents people read.
//!
//! - [`spec`]: the spec document of a bundle — one data model
//!   ([`spec::Spec`]) rendered as Markdown, self-contained HTML or JSON;
//! - [`graph`]: the wiring graph of a bundle as Graphviz DOT or Mermaid;
//! - [`svg`]: a deterministic layered drawing of the same graph as inline SVG;
//! - [`price`]: price rollups per currency and period.
//!
//! Everything here reads plain data (a [`ensemble_solver::Bundle`] and the
//! catalog) and returns strings; nothing touches the file system.
//!
//! ```
//! use ensemble_report::price::{rollup, format_amount};
//! use ensemble_model::{Id, Price};
//!
//! let usd: Price = serde_json::from_str(r#"{"amount": 1200.5, "currency": "USD", "per": "month"}"#).unwrap();
//! let id = Id::new("fraud-shield").unwrap();
//! let r = rollup([(&id, Some(&usd)), (&id, Some(&usd))]);
//! assert_eq!(format_amount(r.totals[0].amount), "2,401.00");
//! ```

pub mod graph;
pub mod price;
pub mod spec;
pub mod svg;
mod text;
