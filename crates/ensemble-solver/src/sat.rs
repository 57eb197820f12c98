//! A small CDCL search over "offering x is a member" booleans, with branch
//! and bound on a lexicographic cost.
//!
//! Clauses are kept with their origin (a need, a requirement, a conflict, or
//! learned) so that a proof of unsatisfiability at level 0 can be turned into
//! an explanation. Decisions are goal-directed: the first open obligation (a
//! need not yet delivered, then a requirement of a member not yet met) is
//! given its most preferred undecided candidate. When no obligation is open
//! the members form a valid bundle (undecided offerings stay out).

use std::cmp::Ordering;

use crate::cost::Cost;

pub(crate) type Var = u32;

/// A literal: a variable, positive (member) or negative (not a member).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Lit(u32);

impl Lit {
    pub fn pos(v: Var) -> Lit {
        Lit(v << 1)
    }
    pub fn neg(v: Var) -> Lit {
        Lit((v << 1) | 1)
    }
    pub fn var(self) -> Var {
        self.0 >> 1
    }
    pub fn is_neg(self) -> bool {
        self.0 & 1 == 1
    }
    fn not(self) -> Lit {
        Lit(self.0 ^ 1)
    }
    fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where a clause comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// `need` (index into the problem's needs): one of its deliverers.
    Need(u32),
    /// `var`'s requirement number `req`: `¬var ∨ providers…`.
    Require { var: Var, req: u32 },
    /// Two offerings that may not share a bundle.
    Conflict,
    /// Learned from a conflict; implied by the others (and the bound).
    Learned,
}

/// Why a variable has its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    Decision,
    /// A fact of the request (code owned by the caller).
    Unit(u32),
    Clause(u32),
}

/// How the search ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The best bundle found, and whether it was proven best.
    Sat { members: Vec<Var>, optimal: bool },
    /// No bundle: this clause is false under the level-0 assignment.
    Unsat { clause: u32 },
}

#[derive(Debug)]
pub(crate) struct Sat {
    /// Every clause's literals, one after the other (original clauses
    /// first, then learned ones); `spans[id]` is clause `id`'s start and
    /// length.
    lits: Vec<Lit>,
    spans: Vec<(u32, u32)>,
    origins: Vec<Origin>,
    watches: Vec<Vec<u32>>,
    value: Vec<i8>,
    level: Vec<u32>,
    reason: Vec<Reason>,
    trail: Vec<Lit>,
    trail_lim: Vec<usize>,
    qhead: usize,
    seen: Vec<bool>,
    needs: Vec<u32>,
    /// Per variable: its requirement clauses, consecutive ids `first..first
    /// + count`.
    reqs: Vec<(u32, u32)>,
    pref: Vec<u32>,
    /// What each variable adds to the cost vector `cur` (sparse).
    cost: Vec<Cost>,
    cur: Vec<i64>,
    short: Vec<u32>,
    /// Obligations before the cursor are met: (needs done, trail position,
    /// requirement index within that trail literal's variable).
    cursor: (usize, usize, usize),
    /// The cursor when each decision level was opened.
    cursor_lim: Vec<(usize, usize, usize)>,
    /// Deterministic measure of work done: clause visits and literals
    /// looked at, in propagation, decisions and conflict analysis, so that
    /// it grows with time spent (a learned clause can hold thousands of
    /// literals).
    pub work: u64,
}

impl Sat {
    /// `pref[v]`: decision preference (lower first); `cost[v]`: what a
    /// member adds to the bundle's cost vector, of `dims` non-negative numbers.
    pub fn new(pref: Vec<u32>, cost: Vec<Cost>, dims: usize) -> Sat {
        let n = pref.len();
        Sat {
            lits: Vec::new(),
            spans: Vec::new(),
            origins: Vec::new(),
            watches: vec![Vec::new(); 2 * n],
            value: vec![0; n],
            level: vec![0; n],
            reason: vec![Reason::Decision; n],
            trail: Vec::with_capacity(n),
            trail_lim: Vec::new(),
            qhead: 0,
            seen: vec![false; n],
            needs: Vec::new(),
            reqs: vec![(0, 0); n],
            pref,
            cost,
            cur: vec![0; dims],
            short: Vec::new(),
            cursor: (0, 0, 0),
            cursor_lim: Vec::new(),
            work: 0,
        }
    }

    /// Room for `clauses` more clauses with `lits` literals in all.
    pub fn reserve(&mut self, clauses: usize, lits: usize) {
        self.spans.reserve(clauses);
        self.origins.reserve(clauses);
        self.lits.reserve(lits);
    }

    /// Adds an original clause (before [`Sat::solve`]). The requirement
    /// clauses of one variable are added one after the other.
    pub fn add_clause(&mut self, lits: &[Lit], origin: Origin) -> u32 {
        let id = self.spans.len() as u32;
        match origin {
            Origin::Need(_) => self.needs.push(id),
            Origin::Require { var, .. } => {
                let r = &mut self.reqs[var as usize];
                if r.1 == 0 {
                    *r = (id, 1);
                } else {
                    assert_eq!(
                        r.0 + r.1,
                        id,
                        "requirement clauses of a variable are consecutive"
                    );
                    r.1 += 1;
                }
            }
            _ => {}
        }
        if lits.len() < 2 {
            self.short.push(id);
        }
        self.push_clause(lits);
        self.origins.push(origin);
        id
    }

    /// Watches the first two literals of every original clause, in clause
    /// order (as adding them one by one would), each list allocated once.
    fn watch_original(&mut self) {
        let mut count = vec![0u32; self.watches.len()];
        for &(start, len) in &self.spans {
            if len >= 2 {
                count[self.lits[start as usize].index()] += 1;
                count[self.lits[start as usize + 1].index()] += 1;
            }
        }
        for (w, &n) in self.watches.iter_mut().zip(&count) {
            w.reserve_exact(n as usize);
        }
        for (id, &(start, len)) in self.spans.iter().enumerate() {
            if len >= 2 {
                self.watches[self.lits[start as usize].index()].push(id as u32);
                self.watches[self.lits[start as usize + 1].index()].push(id as u32);
            }
        }
    }

    fn push_clause(&mut self, lits: &[Lit]) {
        self.spans.push((self.lits.len() as u32, lits.len() as u32));
        self.lits.extend_from_slice(lits);
    }

    /// Sets a fact at level 0. Returns `false` when it contradicts an
    /// earlier fact.
    pub fn fact(&mut self, lit: Lit, code: u32) -> bool {
        match self.lit_value(lit) {
            1 => true,
            -1 => false,
            _ => {
                self.assign(lit, Reason::Unit(code));
                true
            }
        }
    }

    pub fn clause(&self, id: u32) -> &[Lit] {
        let (start, len) = self.spans[id as usize];
        &self.lits[start as usize..(start + len) as usize]
    }

    pub fn origin(&self, id: u32) -> Origin {
        self.origins[id as usize]
    }

    /// The value of a variable: 1 member, -1 out, 0 undecided.
    pub fn value(&self, v: Var) -> i8 {
        self.value[v as usize]
    }

    pub fn reason(&self, v: Var) -> Reason {
        self.reason[v as usize]
    }

    fn lit_value(&self, l: Lit) -> i8 {
        let v = self.value[l.var() as usize];
        if l.is_neg() {
            -v
        } else {
            v
        }
    }

    fn assign(&mut self, l: Lit, reason: Reason) {
        let v = l.var() as usize;
        self.value[v] = if l.is_neg() { -1 } else { 1 };
        self.level[v] = self.trail_lim.len() as u32;
        self.reason[v] = reason;
        self.trail.push(l);
        if !l.is_neg() {
            self.cost[v].add_to(&mut self.cur, 1);
        }
    }

    fn backjump(&mut self, lvl: usize) {
        if self.trail_lim.len() <= lvl {
            return;
        }
        let keep = self.trail_lim[lvl];
        while self.trail.len() > keep {
            let l = self.trail.pop().expect("trail");
            let v = l.var() as usize;
            self.value[v] = 0;
            self.reason[v] = Reason::Decision;
            if !l.is_neg() {
                self.cost[v].add_to(&mut self.cur, -1);
            }
        }
        self.trail_lim.truncate(lvl);
        self.cursor = self.cursor_lim[lvl];
        self.cursor_lim.truncate(lvl);
        self.qhead = self.trail.len();
    }

    /// Unit propagation with two watched literals; returns a false clause.
    fn propagate(&mut self) -> Option<u32> {
        while self.qhead < self.trail.len() {
            let p = self.trail[self.qhead];
            self.qhead += 1;
            let false_lit = p.not();
            let mut ws = std::mem::take(&mut self.watches[false_lit.index()]);
            let mut i = 0;
            let mut j = 0;
            let mut conflict = None;
            while i < ws.len() {
                let cid = ws[i];
                i += 1;
                self.work += 1;
                let (start, len) = self.spans[cid as usize];
                let c = &mut self.lits[start as usize..(start + len) as usize];
                if c[0] == false_lit {
                    c.swap(0, 1);
                }
                let first = c[0];
                let fv = {
                    let v = self.value[first.var() as usize];
                    if first.is_neg() {
                        -v
                    } else {
                        v
                    }
                };
                if fv == 1 {
                    ws[j] = cid;
                    j += 1;
                    continue;
                }
                let mut moved = false;
                let mut scanned = 0;
                for k in 2..c.len() {
                    scanned += 1;
                    let l = c[k];
                    let v = self.value[l.var() as usize];
                    let lv = if l.is_neg() { -v } else { v };
                    if lv != -1 {
                        c.swap(1, k);
                        self.watches[c[1].index()].push(cid);
                        moved = true;
                        break;
                    }
                }
                self.work += scanned;
                if moved {
                    continue;
                }
                ws[j] = cid;
                j += 1;
                if fv == -1 {
                    conflict = Some(cid);
                    while i < ws.len() {
                        ws[j] = ws[i];
                        j += 1;
                        i += 1;
                    }
                    break;
                }
                self.assign(first, Reason::Clause(cid));
            }
            ws.truncate(j);
            self.watches[false_lit.index()] = ws;
            if conflict.is_some() {
                return conflict;
            }
        }
        None
    }

    /// First-UIP conflict analysis: the learned clause (asserting literal
    /// first) and the level to jump back to.
    fn analyze(&mut self, conflict: Vec<Lit>) -> (Vec<Lit>, usize) {
        let cur_level = self.trail_lim.len() as u32;
        let mut learnt = Vec::with_capacity(conflict.len() + 1);
        learnt.push(Lit(0));
        let mut counter = 0usize;
        let mut p: Option<Lit> = None;
        let mut idx = self.trail.len();
        // The clause being resolved: the conflict first, then reasons.
        // `None`: the conflict; `Some(None)`: no clause (a decision or a
        // fact); `Some(Some(c))`: clause `c`.
        let mut reason: Option<Option<u32>> = None;
        loop {
            let lits: &[Lit] = match reason {
                None => &conflict,
                Some(None) => &[],
                Some(Some(c)) => {
                    let (start, len) = self.spans[c as usize];
                    &self.lits[start as usize..(start + len) as usize]
                }
            };
            self.work += lits.len() as u64;
            for &q in lits {
                if p.is_some_and(|p| p.var() == q.var()) {
                    continue;
                }
                let v = q.var() as usize;
                if !self.seen[v] && self.level[v] > 0 {
                    self.seen[v] = true;
                    if self.level[v] == cur_level {
                        counter += 1;
                    } else {
                        learnt.push(q);
                    }
                }
            }
            loop {
                idx -= 1;
                self.work += 1;
                if self.seen[self.trail[idx].var() as usize] {
                    break;
                }
            }
            let pl = self.trail[idx];
            self.seen[pl.var() as usize] = false;
            counter -= 1;
            p = Some(pl);
            if counter == 0 {
                break;
            }
            reason = Some(match self.reason[pl.var() as usize] {
                Reason::Clause(c) => Some(c),
                _ => None,
            });
        }
        learnt[0] = p.expect("uip").not();
        for l in &learnt[1..] {
            self.seen[l.var() as usize] = false;
        }
        let mut bj = 0;
        if learnt.len() > 1 {
            let mut max_i = 1;
            for i in 2..learnt.len() {
                if self.level[learnt[i].var() as usize] > self.level[learnt[max_i].var() as usize] {
                    max_i = i;
                }
            }
            learnt.swap(1, max_i);
            bj = self.level[learnt[1].var() as usize] as usize;
        }
        (learnt, bj)
    }

    /// Learns from a conflict and jumps back; `false` when the conflict is
    /// at level 0 (nothing left to try).
    fn resolve(&mut self, conflict: Vec<Lit>) -> bool {
        if self.trail_lim.is_empty() {
            return false;
        }
        let (learnt, bj) = self.analyze(conflict);
        self.backjump(bj);
        let id = self.spans.len() as u32;
        let first = learnt[0];
        if learnt.len() >= 2 {
            self.watches[learnt[0].index()].push(id);
            self.watches[learnt[1].index()].push(id);
        }
        self.push_clause(&learnt);
        self.origins.push(Origin::Learned);
        self.assign(first, Reason::Clause(id));
        true
    }

    fn satisfied(&self, cid: u32) -> bool {
        self.clause(cid).iter().any(|&l| self.lit_value(l) == 1)
    }

    /// The next decision: the most preferred undecided candidate of the
    /// first open obligation (needs in request order, then the requirements
    /// of members in the order they joined). `Err(clause)` when an open
    /// obligation has no candidate left.
    fn decide(&mut self) -> Result<Option<Lit>, u32> {
        loop {
            let (n, t, k) = self.cursor;
            let cid = if n < self.needs.len() {
                self.needs[n]
            } else if t < self.trail.len() {
                let l = self.trail[t];
                let (first, count) = self.reqs[l.var() as usize];
                if l.is_neg() || k >= count as usize {
                    self.cursor = (n, t + 1, 0);
                    continue;
                }
                first + k as u32
            } else {
                return Ok(None);
            };
            self.work += 1;
            if self.satisfied(cid) {
                self.cursor = if n < self.needs.len() {
                    (n + 1, t, k)
                } else {
                    (n, t, k + 1)
                };
                continue;
            }
            let best = self
                .clause(cid)
                .iter()
                .filter(|l| !l.is_neg() && self.lit_value(**l) == 0)
                .min_by_key(|l| (self.pref[l.var() as usize], l.var()))
                .copied();
            return match best {
                Some(l) => Ok(Some(l)),
                None => Err(cid),
            };
        }
    }

    fn members(&self) -> Vec<Var> {
        let mut m: Vec<Var> = self
            .trail
            .iter()
            .filter(|l| !l.is_neg())
            .map(|l| l.var())
            .collect();
        m.sort_unstable();
        m
    }

    /// The clause "not all of the current members (above level 0)".
    fn bound_conflict(&mut self) -> Vec<Lit> {
        // Everything from the first decision on is above level 0.
        let Some(&first) = self.trail_lim.first() else {
            return Vec::new();
        };
        self.work += (self.trail.len() - first) as u64;
        self.trail[first..]
            .iter()
            .filter(|l| !l.is_neg())
            .map(|l| l.not())
            .collect()
    }

    /// Searches. `budget` bounds the work spent improving a bundle once one
    /// is found (finding the first one, or proving there is none, is never
    /// cut short).
    pub fn solve(&mut self, budget: u64) -> Outcome {
        self.watch_original();
        for cid in std::mem::take(&mut self.short) {
            match self.clause(cid).first().copied() {
                None => return Outcome::Unsat { clause: cid },
                Some(l) => match self.lit_value(l) {
                    -1 => return Outcome::Unsat { clause: cid },
                    0 => self.assign(l, Reason::Clause(cid)),
                    _ => {}
                },
            }
        }
        let mut best: Option<(Vec<i64>, Vec<Var>)> = None;
        let mut start = 0;
        loop {
            if let Some(cid) = self.propagate() {
                let lits = self.clause(cid).to_vec();
                if !self.resolve(lits) {
                    return match best {
                        Some((_, members)) => Outcome::Sat {
                            members,
                            optimal: true,
                        },
                        None => Outcome::Unsat { clause: cid },
                    };
                }
                continue;
            }
            if let Some((cost, members)) = &best {
                if self.work - start > budget {
                    return Outcome::Sat {
                        members: members.clone(),
                        optimal: false,
                    };
                }
                match self.cur.cmp(cost) {
                    Ordering::Less => {}
                    order => {
                        if order == Ordering::Equal && matches!(self.decide(), Ok(None)) {
                            let now = self.members();
                            if now < *members {
                                best = Some((self.cur.clone(), now));
                            }
                        }
                        let conflict = self.bound_conflict();
                        if conflict.is_empty() || !self.resolve(conflict) {
                            let members = best.map(|b| b.1).unwrap_or_default();
                            return Outcome::Sat {
                                members,
                                optimal: true,
                            };
                        }
                        continue;
                    }
                }
            }
            match self.decide() {
                Ok(Some(l)) => {
                    self.trail_lim.push(self.trail.len());
                    self.cursor_lim.push(self.cursor);
                    self.assign(l, Reason::Decision);
                }
                Ok(None) => {
                    if best.is_none() {
                        start = self.work;
                    }
                    best = Some((self.cur.clone(), self.members()));
                    let conflict = self.bound_conflict();
                    if conflict.is_empty() || !self.resolve(conflict) {
                        let members = best.map(|b| b.1).unwrap_or_default();
                        return Outcome::Sat {
                            members,
                            optimal: true,
                        };
                    }
                }
                Err(cid) => {
                    let lits = self.clause(cid).to_vec();
                    if !self.resolve(lits) {
                        return match best {
                            Some((_, members)) => Outcome::Sat {
                                members,
                                optimal: true,
                            },
                            None => Outcome::Unsat { clause: cid },
                        };
                    }
                }
            }
        }
    }
}
