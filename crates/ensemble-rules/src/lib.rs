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
//! Choices where the SPEC is silent:
//!
//! - A rule whose `meta()` gives no severity denies ([`DEFAULT_SEVERITY`]);
//!   its id is the file stem and its title its id. `meta()` keys other than
//!   `id`, `title`, `severity`, `description`, `remediation` are errors, as
//!   are map findings with keys other than `message`, `severity`, `offering`.
//! - Only functions are run: top-level statements of a rule file are
//!   compiled (so they must parse) but never evaluated. Undefined variables
//!   are compile errors.
//! - Offering values are shared read only between rules: assigning to `o`
//!   is an error, so no rule changes what the next one sees.
//! - Sandbox: Rhai's standard library plus one helper, `array.join(sep)`;
//!   no `import`/`export`/`eval`, no module resolver; limits in [`MAX_OPERATIONS`]
//!   and the other constants, identical in debug and release builds, plus a
//!   [`TIME_LIMIT`] per call. `print`/`debug` go to stderr.
//! - Rhai reports data-size limits without a position: such errors point at
//!   the `fn` being run.
//! - A missing rules directory is an error for [`RuleSet::load`] and no
//!   rules for [`RuleSet::load_or_empty`] (the CLI uses the latter for the
//!   default `./rules` only).
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

pub use error::{RuleError, Subject};
pub use rule::{Hooks, Rule, DEFAULT_SEVERITY};
pub use ruleset::{extra_rule_paths, rule_files, RuleSet};
pub use ruletest::{run_tests, CaseOutcome, TestReport};
pub use sandbox::{
    MAX_ARRAY_SIZE, MAX_CALL_LEVELS, MAX_MAP_SIZE, MAX_OPERATIONS, MAX_STRING_SIZE, TIME_LIMIT,
};
pub use value::{bundle_value, offering_value, partner_value, Values};
pub use verdicts::OfferingVerdicts;
