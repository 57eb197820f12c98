//! Ensemble's rules engine: portfolio-fit and composability policies written
//! in Rhai, run in a sandbox.
//!
//! Every `*.rhai` file of the rules directory is one rule. It defines
//! `offering(o)` (or `offering(o, as_of)`), judged once per catalog offering,
//! and/or `bundle(b)`, judged once per composed bundle, and optionally
//! `meta()`. Each file is compiled once; each offering is turned into a
//! script value once per run and shared by every rule. Offerings with a
//! `deny` finding are ruled out of the solver's candidates; the other
//! findings are reported on the bundle.
//!
//! ```
//! use ensemble_model::{catalog_from_documents, parse_str, Severity};
//! use ensemble_rules::RuleSet;
//!
//! let docs = parse_str(
//!     "kind: offering\nid: old-switch\nname: Old Switch\nversion: 1.0.0\n\
//!      portfolio: payments\nlifecycle: end-of-life\n",
//! )
//! .unwrap();
//! let catalog = catalog_from_documents(docs, "memory.yaml".as_ref()).unwrap();
//!
//! let mut rules = RuleSet::empty();
//! rules
//!     .add_source(
//!         "rules/end-of-life.rhai".as_ref(),
//!         r#"fn offering(o) { if o.lifecycle == "end-of-life" { `${o.id} is end-of-life` } }"#,
//!     )
//!     .unwrap();
//! let verdicts = rules
//!     .evaluate_offerings(&catalog, "2026-11-22".parse().unwrap())
//!     .unwrap();
//! let ix = catalog.lookup("old-switch").unwrap();
//! assert!(verdicts.is_denied(ix));
//! assert_eq!(verdicts.findings_for(ix)[0].message, "old-switch is end-of-life");
//! assert_eq!(verdicts.findings_for(ix)[0].severity, Severity::Deny);
//! ```

mod error;
mod findings;
mod rule;
mod ruleset;
mod ruletest;
mod sandbox;
mod value;
mod verdicts;

pub use error::{At, RuleError, Subject};
pub use rule::{Hooks, Rule, DEFAULT_SEVERITY};
pub use ruleset::{extra_rule_paths, rule_files, RuleSet};
pub use ruletest::{run_tests, CaseOutcome, TestReport};
pub use sandbox::{
    MAX_ARRAY_SIZE, MAX_CALL_LEVELS, MAX_MAP_SIZE, MAX_OPERATIONS, MAX_STRING_SIZE, TIME_LIMIT,
};
pub use value::{bundle_value, offering_value, partner_value};
pub use verdicts::OfferingVerdicts;
