//! The entry point: a request in, a bundle (or an explanation) out.

use std::collections::BTreeMap;

use ensemble_model::{BundleRequest, Catalog, Date, Finding, Id, OfferingIx};

use crate::bundle::{Bundle, Status};
use crate::explain::{Explainer, Explanation};
use crate::problem::Problem;
use crate::sat::Outcome;
use crate::{report, wiring};

/// The default work budget of the improvement phase (clause visits).
pub const DEFAULT_BUDGET: u64 = 2_000_000;

/// What the solver needs besides the catalog and the request.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    /// The date the bundle is composed for (recorded in the bundle).
    pub as_of: Date,
    /// Offerings ruled out by offering rules, with the findings saying why
    /// (usually `deny`). They are never candidates; explanations cite the
    /// first finding as "ruled out by rule `R`: message".
    pub denied: BTreeMap<OfferingIx, Vec<Finding>>,
    /// Work allowed to improve on the first bundle found, in clause visits.
    /// Deterministic: the same inputs spend the same work.
    pub budget: u64,
}

impl SolveOptions {
    /// Options for `as_of`, nothing denied, the default budget.
    pub fn new(as_of: Date) -> Self {
        SolveOptions {
            as_of,
            denied: BTreeMap::new(),
            budget: DEFAULT_BUDGET,
        }
    }
}

/// A request that does not fit the catalog (requests read with
/// `ensemble_model::load_request` never cause these).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SolveError {
    #[error("unknown market `{0}`")]
    UnknownMarket(Id),
    #[error("unknown priority `{0}`")]
    UnknownPriority(Id),
    #[error("priorities need a `market`")]
    PrioritiesWithoutMarket,
    #[error("unknown offering `{0}`")]
    UnknownOffering(Id),
}

/// The solver's answer.
#[derive(Debug, Clone)]
pub struct Solution {
    /// The bundle; `status` is `failed` when none exists.
    pub bundle: Bundle,
    /// Why no bundle exists (when `status` is `failed`).
    pub explanation: Option<Explanation>,
    /// Whether the bundle was proven best in the preference order (false
    /// when the improvement budget ran out first).
    pub optimal: bool,
    /// How many offerings the request reached (the candidate graph's size).
    pub candidates: usize,
}

/// Composes a bundle for `request`.
pub fn solve(
    catalog: &Catalog,
    request: &BundleRequest,
    options: &SolveOptions,
) -> Result<Solution, SolveError> {
    let problem = Problem::new(catalog, request, options)?;
    Ok(run(&problem).0)
}

/// Solves a problem; also returns the members (for `why`).
pub(crate) fn run(problem: &Problem<'_>) -> (Solution, Vec<OfferingIx>) {
    let candidates = problem.vars.len();
    let (mut sat, units) = problem.constraints();
    if let Err(v) = units {
        {
            let e = Explainer::new(problem, &sat).include(v);
            return (failed(problem, e, candidates), Vec::new());
        }
    }
    match sat.solve(problem.options.budget) {
        Outcome::Sat { members, optimal } => {
            let mut members: Vec<OfferingIx> = members.into_iter().map(|v| problem.ix(v)).collect();
            wiring::minimise(problem, &mut members);
            let bundle = wiring::compose(problem, &members);
            (
                Solution {
                    bundle,
                    explanation: None,
                    optimal,
                    candidates,
                },
                members,
            )
        }
        Outcome::Unsat { clause } => {
            let e = Explainer::new(problem, &sat).conflict(clause);
            (failed(problem, e, candidates), Vec::new())
        }
    }
}

fn failed(problem: &Problem<'_>, e: Explanation, candidates: usize) -> Solution {
    let bundle = Bundle {
        bundle: problem.request.id.clone(),
        status: Status::Failed,
        as_of: problem.options.as_of,
        offerings: Vec::new(),
        wiring: Vec::new(),
        coverage: Vec::new(),
        deployment_order: Vec::new(),
        findings: Vec::new(),
        price: Vec::new(),
        explanation: Some(report::explanation_lines(&e)),
    };
    Solution {
        bundle,
        explanation: Some(e),
        optimal: true,
        candidates,
    }
}
