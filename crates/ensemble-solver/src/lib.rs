//! Ensemble's composition solver.
//!
//! [`solve`] turns a [`BundleRequest`](ensemble_model::BundleRequest) into a
//! [`Bundle`]: it builds the candidate graph (offerings, capabilities and
//! interfaces as nodes; delivers, provides, requires and conflicts as edges)
//! from the needs and includes only, so work and memory grow with the part of
//! the catalog the request reaches, not with the catalog. The graph becomes
//! a set of boolean constraints over "offering x is a member" (needs, non-
//! optional requirements, conflicts, include / exclude, partner policy,
//! end-of-life, offerings denied by rules) and a conflict-driven search
//! (CDCL: unit propagation, learning from conflicts, backjumping) finds a
//! valid bundle whenever one exists and proves that none does otherwise.
//!
//! # Which bundle
//!
//! Bundles are compared by the SPEC's preference order, read as a
//! lexicographic objective over the whole bundle:
//!
//! 1. fewer partner offerings;
//! 2. fewer offerings;
//! 3. more mature lifecycles: the lower sum of
//!    [`Lifecycle::preference_rank`](ensemble_model::Lifecycle::preference_rank);
//! 4. lower price: totals per (currency, period) are never summed together;
//!    they are compared as a vector ordered by currency code, then period
//!    (`month`, `year`, `one-time`), lexicographically, in whole cents, so a
//!    bundle charging nothing in the first key is cheaper than one charging
//!    something there (an offering without a price costs nothing);
//! 5. the member ids, sorted, compared lexicographically.
//!
//! The search is a branch and bound on this objective: after each bundle it
//! finds, it only accepts strictly better ones, learning a clause from every
//! branch that cannot beat the best. When it finishes it has proven the
//! answer optimal. The improvement phase has a deterministic work budget
//! ([`SolveOptions::budget`], counted in clause visits and literals read,
//! never in time); when it runs out the best bundle found so far is
//! returned ([`Solution::optimal`] is `false`). Either way a final pass
//! removes members whose removal keeps the bundle valid, so the answer is
//! always valid and irredundant (an optimal bundle is irredundant anyway, as
//! dropping a member always improves the objective), and always the same
//! bytes for the same inputs.
//!
//! Wiring maps every requirement of every member (optional ones too, when a
//! member provides them) to one member, the most preferred by the same
//! order; `any_of` takes the first alternative a member meets. The
//! deployment order condenses the wiring's strongly connected components
//! (cycles deploy together) and groups them in waves: a component deploys
//! in the wave after the last of its providers.
//!
//! When no bundle exists, [`Solution::explanation`] holds a tree of reasons
//! (need or include, the offering that must be there, its requirement, and
//! why each candidate provider is out), which [`report`] renders as text.
//!
//! ```
//! use ensemble_model::{catalog_from_documents, parse_str, Date};
//! use ensemble_solver::{solve, SolveOptions, Status};
//!
//! let docs = parse_str(
//!     "kind: offering\nid: app\nname: App\nversion: 1.0.0\nportfolio: p\n\
//!      lifecycle: optimization\ncapabilities: [shop]\n\
//!      requires: [{interface: db, version: \"^2\"}]\n\
//!      ---\nkind: offering\nid: db\nname: Db\nversion: 2.1.0\nportfolio: p\n\
//!      lifecycle: optimization\nprovides: [{interface: db, version: 2.1.0}]\n\
//!      ---\nkind: bundle\nid: b\nname: B\nneeds: [{capability: shop}]\n",
//! )
//! .unwrap();
//! let (request, docs): (Vec<_>, Vec<_>) = docs
//!     .into_iter()
//!     .partition(|d| matches!(d, ensemble_model::Document::Bundle(_)));
//! let catalog = catalog_from_documents(docs, "memory.yaml".as_ref()).unwrap();
//! let ensemble_model::Document::Bundle(request) = request.into_iter().next().unwrap() else {
//!     unreachable!()
//! };
//! let options = SolveOptions::new("2026-11-22".parse::<Date>().unwrap());
//! let solution = solve(&catalog, &request, &options).unwrap();
//! assert_eq!(solution.bundle.status, Status::Composed);
//! let ids: Vec<_> = solution.bundle.offerings.iter().map(|m| m.id.as_str()).collect();
//! assert_eq!(ids, ["app", "db"]);
//! ```

mod bundle;
mod cost;
mod explain;
mod graph;
mod halves;
mod problem;
pub mod report;
mod sat;
mod solve;
mod why;
mod wiring;

pub use bundle::{Bundle, Coverage, Member, PriceTotal, Reason, Status, Wire};
pub use explain::{Because, Candidate, Explanation, Node, Out};
pub use graph::{CandidateGraph, Edge, Vertex};
pub use problem::RequestedNeed;
pub use solve::{solve, Solution, SolveError, SolveOptions};
pub use why::{why, Chain, Link, Lost, WhyAnswer};
