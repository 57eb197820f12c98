//! The entry point: a request in, a bundle (or an explanation) out.

use std::collections::BTreeMap;

use ensemble_model::{BundleRequest, Catalog, Date, Finding, Id, OfferingIx};

use crate::bundle::{Bundle, Status};
use crate::explain::{Explainer, Explanation};
use crate::problem::Problem;
use crate::sat::Outcome;
use crate::{report, wiring};

/// The default work budget of the improvement phase: clause visits and
/// literals read (see `Sat::work`), a few milliseconds on any catalog.
pub const DEFAULT_BUDGET: u64 = 100_000;

/// What the solver needs besides the catalog and the request.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    /// The date the bundle is composed for (recorded in the bundle).
    pub as_of: Date,
    /// Offerings ruled out by offering rules, with the findings saying why
    /// (usually `deny`). They are never candidates; explanations cite the
    /// first finding as "ruled out by rule `R`: message".
    pub denied: BTreeMap<OfferingIx, Vec<Finding>>,
    /// Work allowed to improve on the first bundle found, in clause visits
    /// and literals read.
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
            if !optimal {
                wiring::minimise(problem, &mut members);
            }
            debug_assert!(wiring::is_valid(
                problem,
                &members.iter().copied().collect()
            ));
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

#[cfg(test)]
pub(crate) mod tests {
    use ensemble_model::{catalog_from_documents, parse_str, Document, Severity};

    use super::*;
    use crate::explain::{Node, Out};

    /// A catalog and a request from YAML documents (the request is the one
    /// `kind: bundle` document).
    pub(crate) fn setup(yaml: &str) -> (Catalog, BundleRequest) {
        let docs = parse_str(yaml).expect("test YAML parses");
        let mut request = None;
        let mut rest = Vec::new();
        for d in docs {
            match d {
                Document::Bundle(b) => request = Some(*b),
                other => rest.push(other),
            }
        }
        let catalog = catalog_from_documents(rest, "test.yaml".as_ref()).expect("valid catalog");
        (catalog, request.expect("a bundle document"))
    }

    /// An `optimization` offering `id` at 1.0.0 with `extra` YAML lines.
    pub(crate) fn offering(id: &str, extra: &str) -> String {
        format!(
            "kind: offering\nid: {id}\nname: {id}\nversion: 1.0.0\nportfolio: p\nlifecycle: optimization\n{extra}---\n"
        )
    }

    fn options() -> SolveOptions {
        SolveOptions::new("2026-11-22".parse().unwrap())
    }

    fn ids(s: &Solution) -> Vec<&str> {
        s.bundle.offerings.iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn the_third_provider_avoids_a_conflict_two_levels_down() {
        // app requires api; a-api, b-api and c-api provide it (a and b are
        // preferred by id and lifecycle). Each provider requires a store;
        // a's and b's only store conflicts with the included guard; c's does
        // not.
        let mut yaml = String::new();
        yaml += &offering(
            "app",
            "capabilities: [shop]\nrequires: [{interface: api, version: \"^1\"}]\n",
        );
        for (p, store) in [
            ("a-api", "a-store"),
            ("b-api", "b-store"),
            ("c-api", "c-store"),
        ] {
            yaml += &offering(
                p,
                &format!(
                    "provides: [{{interface: api, version: 1.0.0}}]\nrequires: [{{interface: {store}, version: \"^1\"}}]\n"
                ),
            );
            yaml += &offering(
                store,
                &format!("provides: [{{interface: {store}, version: 1.0.0}}]\nrequires: [{{interface: disk, version: \"^1\"}}]\n"),
            );
        }
        yaml += &offering(
            "bad-disk",
            "provides: [{interface: disk, version: 1.0.0}]\nconflicts: [guard]\n",
        );
        yaml += &offering(
            "good-disk",
            "provides: [{interface: disk, version: 1.0.0}]\n",
        )
        .replace("optimization", "formation");
        yaml = yaml.replace(
            "id: c-store\nname: c-store\nversion: 1.0.0\nportfolio: p\nlifecycle: optimization\nprovides: [{interface: c-store, version: 1.0.0}]\nrequires: [{interface: disk, version: \"^1\"}]\n",
            "id: c-store\nname: c-store\nversion: 1.0.0\nportfolio: p\nlifecycle: optimization\nprovides: [{interface: c-store, version: 1.0.0}]\nrequires: [{interface: disk, version: \"=1.0.0\"}]\nconflicts: [bad-disk]\n",
        );
        // a-store and b-store may only use bad-disk: good-disk conflicts with them.
        yaml = yaml.replace(
            "id: good-disk\nname: good-disk\nversion: 1.0.0\nportfolio: p\nlifecycle: formation\nprovides: [{interface: disk, version: 1.0.0}]\n",
            "id: good-disk\nname: good-disk\nversion: 1.0.0\nportfolio: p\nlifecycle: formation\nprovides: [{interface: disk, version: 1.0.0}]\nconflicts: [a-store, b-store]\n",
        );
        yaml += &offering("guard", "");
        yaml += "kind: bundle\nid: r\nname: R\nneeds: [{capability: shop}]\ninclude: [guard]\n";
        let (catalog, request) = setup(&yaml);
        let s = solve(&catalog, &request, &options()).unwrap();
        assert_eq!(
            s.bundle.status,
            Status::Composed,
            "{:?}",
            s.bundle.explanation
        );
        assert_eq!(ids(&s), ["app", "c-api", "c-store", "good-disk", "guard"]);
        assert!(s.optimal);
    }

    #[test]
    fn failure_explains_each_candidate() {
        let yaml = offering(
            "payouts",
            "capabilities: [pay]\nrequires: [{interface: ledger, version: \"^3\"}]\n",
        ) + &offering(
            "core",
            "version: 3.2.0\nprovides: [{interface: ledger, version: 3.2.0}]\nconflicts: [nova]\n",
        )
        .replace("version: 1.0.0\n", "")
            + &offering(
                "nova",
                "version: 4.0.0\nprovides: [{interface: ledger, version: 4.0.0}]\n",
            )
            .replace("version: 1.0.0\n", "")
            + "kind: bundle\nid: r\nname: R\nneeds: [{capability: pay}]\ninclude: [nova]\n";
        let (catalog, request) = setup(&yaml);
        let s = solve(&catalog, &request, &options()).unwrap();
        assert_eq!(s.bundle.status, Status::Failed);
        assert_eq!(
            s.bundle.explanation.unwrap(),
            [
                "need `pay` (requested): only `payouts` delivers it",
                "  `payouts` requires `ledger ^3`",
                "    `core` 3.2.0: conflicts with `nova`, which the request includes",
                "    `nova` 4.0.0: version 4.0.0 does not match ^3",
                "hint: remove `nova` from `include` to make room for `core`",
            ]
        );
        let Some(Explanation {
            root: Node::Need {
                then: Some(then), ..
            },
            ..
        }) = s.explanation
        else {
            panic!("a need at the root")
        };
        let Node::Requires { candidates, .. } = *then else {
            panic!("the requirement under it")
        };
        assert!(matches!(candidates[0].out, Out::ConflictsWith { .. }));
        assert!(matches!(candidates[1].out, Out::VersionMismatch { .. }));
    }

    #[test]
    fn offerings_denied_by_rules_are_never_candidates() {
        let yaml = offering(
            "app",
            "capabilities: [shop]\nrequires: [{interface: db, version: \"^1\"}]\n",
        ) + &offering("db", "provides: [{interface: db, version: 1.0.0}]\n")
            + "kind: bundle\nid: r\nname: R\nneeds: [{capability: shop}]\n";
        let (catalog, request) = setup(&yaml);
        let mut opts = options();
        opts.denied.insert(
            catalog.lookup("db").unwrap(),
            vec![Finding {
                rule: "no-db".into(),
                severity: Severity::Deny,
                message: "db is retired".into(),
                offering: None,
            }],
        );
        let s = solve(&catalog, &request, &opts).unwrap();
        assert_eq!(s.bundle.status, Status::Failed);
        assert!(
            s.bundle.explanation.unwrap()[2].ends_with("ruled out by rule `no-db`: db is retired")
        );
    }

    #[test]
    fn cycles_deploy_together_after_their_providers() {
        let yaml = offering("a", "capabilities: [x]\nprovides: [{interface: ia, version: 1.0.0}]\nrequires: [{interface: ib, version: \"^1\"}, {interface: base, version: \"^1\"}]\n")
            + &offering("b", "provides: [{interface: ib, version: 1.0.0}]\nrequires: [{interface: ia, version: \"^1\"}]\n")
            + &offering("base", "provides: [{interface: base, version: 1.0.0}]\n")
            + "kind: bundle\nid: r\nname: R\nneeds: [{capability: x}]\n";
        let (catalog, request) = setup(&yaml);
        let s = solve(&catalog, &request, &options()).unwrap();
        let order: Vec<Vec<&str>> = s
            .bundle
            .deployment_order
            .iter()
            .map(|g| g.iter().map(|i| i.as_str()).collect())
            .collect();
        assert_eq!(order, [vec!["base"], vec!["a", "b"]]);
    }

    #[test]
    fn fewer_offerings_beat_a_better_lifecycle() {
        // One formation offering delivering both needs beats two
        // optimization ones.
        let yaml = offering("both", "capabilities: [x, y]\n").replace("optimization", "formation")
            + &offering("only-x", "capabilities: [x]\n")
            + &offering("only-y", "capabilities: [y]\n")
            + "kind: bundle\nid: r\nname: R\nneeds: [{capability: x}, {capability: y}]\n";
        let (catalog, request) = setup(&yaml);
        let s = solve(&catalog, &request, &options()).unwrap();
        assert_eq!(ids(&s), ["both"]);
    }

    #[test]
    fn lower_price_breaks_lifecycle_ties_then_ids() {
        let price = |a: &str| {
            format!("capabilities: [x]\nprice: {{amount: {a}, currency: USD, per: month}}\n")
        };
        let yaml = offering("a", &price("20.00"))
            + &offering("b", &price("10.00"))
            + &offering("c", &price("10.00"))
            + "kind: bundle\nid: r\nname: R\nneeds: [{capability: x}]\n";
        let (catalog, request) = setup(&yaml);
        let s = solve(&catalog, &request, &options()).unwrap();
        assert_eq!(ids(&s), ["b"]);
    }

    #[test]
    fn an_unknown_priority_is_an_error_not_a_panic() {
        let yaml = offering("a", "capabilities: [x]\n")
            + "kind: bundle\nid: r\nname: R\npriorities: [p]\n";
        let (catalog, request) = setup(&yaml);
        assert_eq!(
            solve(&catalog, &request, &options()).unwrap_err(),
            SolveError::PrioritiesWithoutMarket
        );
    }
}
