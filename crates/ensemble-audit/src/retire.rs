//! The impact of retiring an offering: which bundle requests no longer
//! compose without it, and why.
//!
//! Each request is composed with the catalog as it is; only when the
//! offering is a member is it composed again with the offering ruled out (a
//! `deny` finding of the pseudo-rule `retired`), since a bundle that does not
//! use it stays valid without it. Requests are solved on all cores; the
//! answer does not depend on how.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use ensemble_model::{BundleRequest, Catalog, Date, Finding, Id, OfferingIx, Severity};
use ensemble_solver::{solve, SolveError, SolveOptions, Status};
use serde::Serialize;

/// The rule id explanations cite for the retired offering.
pub const RETIRED_RULE: &str = "retired";

/// One request to check.
#[derive(Debug)]
pub struct RetireCase {
    /// Where the request was read from (shown in the report).
    pub file: PathBuf,
    pub request: BundleRequest,
    /// Offerings the request's own `rules:` deny, on top of those the
    /// options deny for every request.
    pub denied: BTreeMap<OfferingIx, Vec<Finding>>,
}

/// What retiring an offering does to a set of requests.
#[derive(Debug, Clone, Serialize)]
pub struct Retirement {
    pub as_of: Date,
    /// The retired offering.
    pub offering: Id,
    pub name: String,
    /// How many requests were checked.
    pub requests: usize,
    /// Requests that compose with the offering and not without it, with the
    /// solver's explanation. Sorted by file.
    pub broken: Vec<Broken>,
    /// Requests whose bundle holds the offering and that still compose
    /// without it, with what changes.
    pub recomposed: Vec<Recomposed>,
    /// Requests that compose and do not use the offering.
    pub unaffected: Vec<RequestRef>,
    /// Requests that do not compose even with the offering.
    pub already_failing: Vec<RequestRef>,
}

/// A request, by id and file.
#[derive(Debug, Clone, Serialize)]
pub struct RequestRef {
    pub request: Id,
    pub file: String,
}

/// A request the retirement breaks.
#[derive(Debug, Clone, Serialize)]
pub struct Broken {
    pub request: Id,
    pub file: String,
    /// Why it no longer composes, as the solver explains it.
    pub explanation: Vec<String>,
}

/// A request that composes without the offering, differently.
#[derive(Debug, Clone, Serialize)]
pub struct Recomposed {
    pub request: Id,
    pub file: String,
    /// Members of the new bundle that were not in the old one.
    pub added: Vec<Id>,
    /// Members of the old bundle that are not in the new one (the retired
    /// offering among them).
    pub removed: Vec<Id>,
}

/// A request the solver refused (never for requests read with
/// `ensemble_model::load_request`).
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", file.display())]
pub struct RetireError {
    pub file: PathBuf,
    pub source: SolveError,
}

enum Outcome {
    Broken(Vec<String>),
    Recomposed { added: Vec<Id>, removed: Vec<Id> },
    Unaffected,
    AlreadyFailing,
}

/// Composes every case with and without `retired`. `options` hold the date
/// and the offerings rules deny for every request.
pub fn retirement(
    catalog: &Catalog,
    retired: OfferingIx,
    options: &SolveOptions,
    cases: &[RetireCase],
) -> Result<Retirement, RetireError> {
    let offering = catalog.offering(retired);
    let mut without = options.clone();
    without.denied.entry(retired).or_default().insert(
        0,
        Finding {
            rule: RETIRED_RULE.to_owned(),
            severity: Severity::Deny,
            message: format!("`{}` is being retired", offering.id),
            offering: Some(offering.id.clone()),
        },
    );
    let outcomes = parallel(cases, |case| {
        judge(catalog, retired, options, &without, case)
    });
    let mut out = Retirement {
        as_of: options.as_of,
        offering: offering.id.clone(),
        name: offering.name.clone(),
        requests: cases.len(),
        broken: Vec::new(),
        recomposed: Vec::new(),
        unaffected: Vec::new(),
        already_failing: Vec::new(),
    };
    for (case, outcome) in cases.iter().zip(outcomes) {
        let request = case.request.id.clone();
        let file = case.file.display().to_string();
        match outcome? {
            Outcome::Broken(explanation) => out.broken.push(Broken {
                request,
                file,
                explanation,
            }),
            Outcome::Recomposed { added, removed } => out.recomposed.push(Recomposed {
                request,
                file,
                added,
                removed,
            }),
            Outcome::Unaffected => out.unaffected.push(RequestRef { request, file }),
            Outcome::AlreadyFailing => out.already_failing.push(RequestRef { request, file }),
        }
    }
    Ok(out)
}

/// `base` with the request's own denials added (borrowed when it has none).
fn with_request_rules<'a>(base: &'a SolveOptions, case: &RetireCase) -> Cow<'a, SolveOptions> {
    if case.denied.is_empty() {
        return Cow::Borrowed(base);
    }
    let mut options = base.clone();
    for (&ix, findings) in &case.denied {
        options
            .denied
            .entry(ix)
            .or_default()
            .extend(findings.iter().cloned());
    }
    Cow::Owned(options)
}

fn judge(
    catalog: &Catalog,
    retired: OfferingIx,
    with: &SolveOptions,
    without: &SolveOptions,
    case: &RetireCase,
) -> Result<Outcome, RetireError> {
    let err = |source| RetireError {
        file: case.file.clone(),
        source,
    };
    let before = solve(catalog, &case.request, &with_request_rules(with, case)).map_err(err)?;
    if before.bundle.status != Status::Composed {
        return Ok(Outcome::AlreadyFailing);
    }
    let id = &catalog.offering(retired).id;
    if !before.bundle.offerings.iter().any(|m| m.id == *id) {
        return Ok(Outcome::Unaffected);
    }
    let after = solve(catalog, &case.request, &with_request_rules(without, case)).map_err(err)?;
    if after.bundle.status != Status::Composed {
        return Ok(Outcome::Broken(
            after.bundle.explanation.unwrap_or_default(),
        ));
    }
    let ids = |b: &ensemble_solver::Bundle| -> Vec<Id> {
        b.offerings.iter().map(|m| m.id.clone()).collect()
    };
    let (old, new) = (ids(&before.bundle), ids(&after.bundle));
    Ok(Outcome::Recomposed {
        added: new.iter().filter(|i| !old.contains(i)).cloned().collect(),
        removed: old.iter().filter(|i| !new.contains(i)).cloned().collect(),
    })
}

/// Maps `f` over `items` on all cores, results in input order.
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        out.push((i, f(item)));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}
