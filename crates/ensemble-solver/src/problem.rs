//! A request against a catalog as constraints over candidate offerings.

use ensemble_model::{AltIx, BundleRequest, Catalog, Id, Lifecycle, OfferingIx};
use serde::Serialize;

use crate::cost::{preference, Costs};
use crate::graph::CandidateGraph;
use crate::halves::halves;
use crate::sat::{Lit, Origin, Sat, Var};
use crate::solve::{SolveError, SolveOptions};

/// A capability the bundle must deliver, and the priority it comes from
/// (`None` for the request's own `needs`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct RequestedNeed {
    pub capability: Id,
    pub priority: Option<Id>,
}

/// Why an offering can never be a member, or must be one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Included = 0,
    Excluded = 1,
    PartnerNotAllowed = 2,
    EndOfLife = 3,
    RuledOut = 4,
}

impl Unit {
    pub fn from_code(code: u32) -> Unit {
        match code {
            0 => Unit::Included,
            1 => Unit::Excluded,
            2 => Unit::PartnerNotAllowed,
            3 => Unit::EndOfLife,
            _ => Unit::RuledOut,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Problem<'a> {
    pub catalog: &'a Catalog,
    pub request: &'a BundleRequest,
    pub options: &'a SolveOptions,
    pub needs: Vec<RequestedNeed>,
    pub graph: CandidateGraph<'a>,
    pub vars: Vec<OfferingIx>,
    /// By catalog position: the variable plus one, 0 for offerings the
    /// request does not reach. Allocated zeroed, so only the pages holding
    /// reached offerings are ever touched.
    var_of: Vec<Var>,
    /// Per variable: why it can never be a member.
    pub out: Vec<Option<Unit>>,
    pub included: Vec<OfferingIx>,
    /// The request's `exclude`, sorted.
    excluded: Vec<OfferingIx>,
    /// By alternative number: for a followed one, its range in
    /// `alt_providers`, the variables of its matching providers, ascending
    /// (zeroed like `var_of`).
    alt_vars: Vec<[u32; 2]>,
    alt_providers: Vec<Var>,
}

/// The needs of a request: priorities expanded through the market first, in
/// order, then `needs`; duplicates dropped.
pub(crate) fn requested_needs(
    catalog: &Catalog,
    request: &BundleRequest,
) -> Result<Vec<RequestedNeed>, SolveError> {
    let mut needs: Vec<RequestedNeed> = Vec::new();
    if !request.priorities.is_empty() {
        let Some(market_id) = &request.market else {
            return Err(SolveError::PrioritiesWithoutMarket);
        };
        let market = catalog
            .market(market_id.as_str())
            .ok_or_else(|| SolveError::UnknownMarket(market_id.clone()))?;
        for p in &request.priorities {
            let priority = market
                .priority(p.as_str())
                .ok_or_else(|| SolveError::UnknownPriority(p.clone()))?;
            for c in &priority.capabilities {
                needs.push(RequestedNeed {
                    capability: c.clone(),
                    priority: Some(p.clone()),
                });
            }
        }
    }
    for n in &request.needs {
        needs.push(RequestedNeed {
            capability: n.capability.clone(),
            priority: None,
        });
    }
    let mut seen = std::collections::HashSet::new();
    needs.retain(|n| seen.insert(n.clone()));
    Ok(needs)
}

impl<'a> Problem<'a> {
    pub fn new(
        catalog: &'a Catalog,
        request: &'a BundleRequest,
        options: &'a SolveOptions,
    ) -> Result<Problem<'a>, SolveError> {
        let needs = requested_needs(catalog, request)?;
        let mut included = Vec::new();
        for id in request.include.iter().chain(&request.exclude) {
            if catalog.lookup(id.as_str()).is_none() {
                return Err(SolveError::UnknownOffering(id.clone()));
            }
        }
        for id in &request.include {
            let ix = catalog.lookup(id.as_str()).expect("checked");
            if !included.contains(&ix) {
                included.push(ix);
            }
        }
        let mut excluded: Vec<OfferingIx> = request
            .exclude
            .iter()
            .map(|id| catalog.lookup(id.as_str()).expect("checked"))
            .collect();
        excluded.sort_unstable();
        let mut p = Problem {
            catalog,
            request,
            options,
            needs,
            graph: CandidateGraph::default(),
            vars: Vec::new(),
            var_of: Vec::new(),
            out: Vec::new(),
            included,
            excluded,
            alt_vars: Vec::new(),
            alt_providers: Vec::new(),
        };
        let graph = CandidateGraph::build(
            catalog,
            p.needs.iter().map(|n| &n.capability),
            p.included.clone(),
            |ix| p.out_reason(ix).is_none(),
        );
        p.graph = graph;
        p.vars = p.graph.offerings().to_vec();
        p.var_of = vec![0; catalog.len()];
        for (v, ix) in p.vars.iter().enumerate() {
            p.var_of[ix.index()] = v as Var + 1;
        }
        // The graph followed the requirements of exactly the offerings
        // with no reason to be out: ask again only for the others.
        p.out = p
            .vars
            .iter()
            .map(|&ix| {
                if p.graph.expanded(ix) {
                    None
                } else {
                    p.out_reason(ix)
                }
            })
            .collect();
        p.index_alternatives();
        Ok(p)
    }

    /// Why an offering can never be a member, if it cannot. Reads the
    /// offering itself only for a partner's offering (for its partner id).
    pub fn out_reason(&self, ix: OfferingIx) -> Option<Unit> {
        let summary = self.catalog.summary(ix);
        if self.excluded.binary_search(&ix).is_ok() {
            Some(Unit::Excluded)
        } else if self.options.denied.get(&ix).is_some_and(|f| !f.is_empty()) {
            Some(Unit::RuledOut)
        } else if summary.partner
            && !self
                .request
                .partners
                .allows(self.catalog.offering(ix).partner.as_ref())
        {
            Some(Unit::PartnerNotAllowed)
        } else if summary.lifecycle == Lifecycle::EndOfLife && !self.included.contains(&ix) {
            Some(Unit::EndOfLife)
        } else {
            None
        }
    }

    pub fn var(&self, ix: OfferingIx) -> Option<Var> {
        self.var_of[ix.index()].checked_sub(1)
    }

    pub fn ix(&self, v: Var) -> OfferingIx {
        self.vars[v as usize]
    }

    /// Works out, once per alternative the graph followed, its providers
    /// as variables, ascending and without duplicates (so the requirement
    /// clauses of most offerings, which have one alternative, are slices).
    fn index_alternatives(&mut self) {
        self.alt_vars = vec![[0, 0]; self.catalog.alternative_count()];
        for &alt in &self.graph.alternatives {
            let start = self.alt_providers.len();
            self.alt_providers.extend(
                self.catalog
                    .matching(alt)
                    .iter()
                    .map(|m| self.var_of[m.offering.index()] - 1),
            );
            let list = &mut self.alt_providers[start..];
            // Providers come highest version first, then by id: most
            // alternatives match one version, and are in order already.
            if !list.is_sorted() {
                list.sort_unstable();
            }
            let len = dedup_sorted(list);
            self.alt_providers.truncate(start + len);
            self.alt_vars[alt.index()] = [start as u32, self.alt_providers.len() as u32];
        }
    }

    /// The provider variables of a followed alternative.
    fn alt_providers(&self, alt: AltIx) -> &[Var] {
        let [from, to] = self.alt_vars[alt.index()];
        &self.alt_providers[from as usize..to as usize]
    }

    /// Appends the provider variables of the alternatives `alts` other than
    /// `v`, ascending, without duplicates.
    pub(crate) fn push_providers<T: Ord + Copy>(
        &self,
        v: Var,
        alts: &[AltIx],
        out: &mut Vec<T>,
        f: impl Fn(Var) -> T,
    ) {
        let start = out.len();
        for &alt in alts {
            out.extend(
                self.alt_providers(alt)
                    .iter()
                    .filter(|&&w| w != v)
                    .map(|&w| f(w)),
            );
        }
        if alts.len() > 1 {
            out[start..].sort_unstable();
            let len = dedup_sorted(&mut out[start..]);
            out.truncate(start + len);
        }
    }

    /// The requirement and conflict clauses of the candidates `vars`, in
    /// order: each a requirement `¬v ∨ providers…` of a candidate that
    /// may be a member, or a conflict `¬v ∨ ¬w` with a later candidate.
    fn candidate_clauses(&self, vars: std::ops::Range<usize>) -> Clauses {
        let mut out = Clauses::default();
        for v in vars {
            let ix = self.vars[v];
            let v = v as Var;
            if self.out[v as usize].is_some() {
                continue;
            }
            for (r, req) in self.catalog.requirement_alternatives(ix).enumerate() {
                if req.optional {
                    continue;
                }
                out.lits.push(Lit::neg(v));
                self.push_providers(v, req.alternatives, &mut out.lits, Lit::pos);
                let req = r as u32;
                out.end(Origin::Require { var: v, req });
            }
            for &other in self.catalog.conflicts(ix) {
                let Some(w) = self.var(other) else { continue };
                if v < w {
                    out.lits.extend([Lit::neg(v), Lit::neg(w)]);
                    out.end(Origin::Conflict);
                }
            }
        }
        out
    }

    /// The constraints, ready to search, and `Err(var)` for an included
    /// offering that can never be a member.
    pub fn constraints(&self) -> (Sat, Result<(), Var>) {
        let costs = Costs::new(self.catalog, &self.vars);
        let pref = self
            .vars
            .iter()
            .map(|&ix| preference(self.catalog, ix))
            .collect();
        let mut sat = Sat::new(pref, costs.costs, costs.dims);
        let mut needs = Clauses::default();
        for (i, need) in self.needs.iter().enumerate() {
            needs.lits.extend(
                self.catalog
                    .deliverers(need.capability.as_str())
                    .iter()
                    .filter_map(|&ix| self.var(ix))
                    .map(Lit::pos),
            );
            needs.end(Origin::Need(i as u32));
        }
        // Reading each candidate's requirements and conflicts is most of
        // the work, and memory-bound; on a large request the second half
        // of the candidates is read on a second thread. Clauses are added
        // in order either way, with room for all of them made first.
        let parts = halves(self.vars.len(), PARALLEL_CANDIDATES, |vars| {
            self.candidate_clauses(vars)
        });
        let parts = [needs].into_iter().chain(parts).collect::<Vec<_>>();
        sat.reserve(
            parts.iter().map(|p| p.ends.len()).sum(),
            parts.iter().map(|p| p.lits.len()).sum(),
        );
        for part in &parts {
            let mut from = 0;
            for &(end, origin) in &part.ends {
                sat.add_clause(&part.lits[from..end as usize], origin);
                from = end as usize;
            }
        }
        for (v, out) in self.out.iter().enumerate() {
            if let Some(unit) = *out {
                sat.fact(Lit::neg(v as Var), unit as u32);
            }
        }
        for &ix in &self.included {
            let v = self.var(ix).expect("included offerings are candidates");
            if !sat.fact(Lit::pos(v), Unit::Included as u32) {
                return (sat, Err(v));
            }
        }
        (sat, Ok(()))
    }
}

/// Requests with at least this many candidates read them on two threads
/// to build clauses: below it, starting a thread costs more than it saves.
const PARALLEL_CANDIDATES: usize = 8192;

/// Clauses one after the other: literals, and each clause's end and
/// origin.
#[derive(Default)]
struct Clauses {
    lits: Vec<Lit>,
    ends: Vec<(u32, Origin)>,
}

impl Clauses {
    /// Ends the clause begun after the previous one.
    fn end(&mut self, origin: Origin) {
        self.ends.push((self.lits.len() as u32, origin));
    }
}

/// Drops repeats from a sorted slice, moving the distinct values to its
/// front; returns how many there are.
fn dedup_sorted<T: PartialEq + Copy>(list: &mut [T]) -> usize {
    let mut j = 0;
    for i in 0..list.len() {
        if j == 0 || list[i] != list[j - 1] {
            list[j] = list[i];
            j += 1;
        }
    }
    j
}
