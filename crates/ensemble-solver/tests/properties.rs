//! Property tests on random small catalogs, against an independent oracle:
//! a validator written here from SPEC's six conditions (not the solver's
//! code) and a brute force over every subset of offerings.
//!
//! - soundness: every composed bundle is valid and irredundant, and its
//!   wiring meets every requirement;
//! - completeness: the solver composes exactly when some subset is valid;
//! - optimality: when the solver says its answer is optimal, it is the
//!   brute force's best subset under the preference order;
//! - determinism: the same bytes across runs and shuffled document order.

use std::collections::BTreeMap;

use ensemble_model::{catalog_from_documents, parse_str, Date, Document, Finding, Severity};
use ensemble_solver::{solve, SolveOptions, Status};

/// A seeded xorshift generator: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const LIFECYCLES: [&str; 6] = [
    "optimization",
    "standardization",
    "modernization",
    "rationalization",
    "formation",
    "end-of-life",
];

#[derive(Debug, Clone)]
struct Off {
    partner: Option<usize>,
    lifecycle: usize,
    caps: Vec<usize>,
    /// (interface, major)
    provides: Vec<(usize, u64)>,
    /// alternatives of (interface, major), optional
    requires: Vec<(Vec<(usize, u64)>, bool)>,
    conflicts: Vec<usize>,
    /// (currency index, cents)
    price: Option<(usize, i64)>,
}

#[derive(Debug, Clone)]
struct Case {
    offs: Vec<Off>,
    needs: Vec<usize>,
    include: Vec<usize>,
    exclude: Vec<usize>,
    /// None: allow; Some(list): only these partners (empty: deny)
    partners: Option<Vec<usize>>,
    denied: Vec<usize>,
}

const CURRENCIES: [&str; 2] = ["EUR", "USD"];

fn generate(rng: &mut Rng, max_n: usize, conflict_pct: u64) -> Case {
    let n = 3 + rng.below(max_n - 2);
    let interfaces = 2 + rng.below(3);
    let caps = 2 + rng.below(3);
    let mut offs = Vec::new();
    for i in 0..n {
        let mut o = Off {
            partner: rng.chance(30).then(|| rng.below(2)),
            lifecycle: if rng.chance(10) { 5 } else { rng.below(5) },
            caps: (0..caps).filter(|_| rng.chance(30)).collect(),
            provides: Vec::new(),
            requires: Vec::new(),
            conflicts: Vec::new(),
            price: rng
                .chance(70)
                .then(|| (rng.below(2), 100 * (1 + rng.below(9)) as i64)),
        };
        for f in 0..interfaces {
            if rng.chance(35) {
                let major = 1 + rng.below(2) as u64;
                o.provides.push((f, major));
            }
        }
        for _ in 0..rng.below(3) {
            let alts = (0..1 + usize::from(rng.chance(30)))
                .map(|_| (rng.below(interfaces), 1 + rng.below(2) as u64))
                .collect();
            o.requires.push((alts, rng.chance(20)));
        }
        for j in 0..i {
            if rng.chance(conflict_pct) {
                o.conflicts.push(j);
            }
        }
        offs.push(o);
    }
    let needs = (0..1 + rng.below(3)).map(|_| rng.below(caps)).collect();
    let include: Vec<usize> = if rng.chance(30) {
        vec![rng.below(n)]
    } else {
        Vec::new()
    };
    let exclude = if rng.chance(30) {
        let e = rng.below(n);
        if include.contains(&e) {
            Vec::new()
        } else {
            vec![e]
        }
    } else {
        Vec::new()
    };
    let partners = match rng.below(3) {
        0 => None,
        1 => Some(Vec::new()),
        _ => Some(vec![0]),
    };
    let denied = if rng.chance(15) {
        vec![rng.below(n)]
    } else {
        Vec::new()
    };
    Case {
        offs,
        needs,
        include,
        exclude,
        partners,
        denied,
    }
}

fn documents(case: &Case) -> (Vec<Document>, Document) {
    let mut text = String::new();
    for p in 0..2 {
        text.push_str(&format!(
            "kind: partner\nid: p{p}\nname: P{p}\nagreement: {{status: active}}\n---\n"
        ));
    }
    for (i, o) in case.offs.iter().enumerate() {
        text.push_str(&format!(
            "kind: offering\nid: o{i}\nname: O{i}\nversion: 1.0.0\nportfolio: x\nlifecycle: {}\n",
            LIFECYCLES[o.lifecycle]
        ));
        if let Some(p) = o.partner {
            text.push_str(&format!("partner: p{p}\n"));
        }
        let caps: Vec<String> = o.caps.iter().map(|c| format!("c{c}")).collect();
        text.push_str(&format!("capabilities: [{}]\n", caps.join(", ")));
        text.push_str("provides:\n");
        for (f, major) in &o.provides {
            text.push_str(&format!(
                "  - {{interface: i{f}, version: {major}.{i}.0}}\n"
            ));
        }
        text.push_str("requires:\n");
        for (alts, optional) in &o.requires {
            let alt: Vec<String> = alts
                .iter()
                .map(|(f, m)| format!("{{interface: i{f}, version: \"^{m}\"}}"))
                .collect();
            if alts.len() == 1 {
                text.push_str(&format!(
                    "  - {{interface: i{}, version: \"^{}\", optional: {optional}}}\n",
                    alts[0].0, alts[0].1
                ));
            } else {
                text.push_str(&format!(
                    "  - {{any_of: [{}], optional: {optional}}}\n",
                    alt.join(", ")
                ));
            }
        }
        let conflicts: Vec<String> = o.conflicts.iter().map(|c| format!("o{c}")).collect();
        text.push_str(&format!("conflicts: [{}]\n", conflicts.join(", ")));
        if let Some((c, cents)) = o.price {
            text.push_str(&format!(
                "price: {{amount: {}.{:02}, currency: {}, per: month}}\n",
                cents / 100,
                cents % 100,
                CURRENCIES[c]
            ));
        }
        text.push_str("---\n");
    }
    let docs = parse_str(&text).expect("generated catalog parses");
    let list = |v: &[usize]| {
        v.iter()
            .map(|i| format!("o{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let needs: Vec<String> = case
        .needs
        .iter()
        .map(|c| format!("{{capability: c{c}}}"))
        .collect();
    let partners = match &case.partners {
        None => "allow".to_owned(),
        Some(l) if l.is_empty() => "deny".to_owned(),
        Some(l) => format!(
            "[{}]",
            l.iter()
                .map(|p| format!("p{p}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let request = format!(
        "kind: bundle\nid: r\nname: R\nneeds: [{}]\ninclude: [{}]\nexclude: [{}]\npartners: {partners}\n",
        needs.join(", "),
        list(&case.include),
        list(&case.exclude)
    );
    let mut req = parse_str(&request).expect("generated request parses");
    (docs, req.remove(0))
}

/// SPEC's validity, written independently of the solver.
fn valid(case: &Case, set: &[bool]) -> bool {
    let member = |i: usize| set[i];
    let n = case.offs.len();
    // 1. needs
    for &c in &case.needs {
        if !(0..n).any(|i| member(i) && case.offs[i].caps.contains(&c)) {
            return false;
        }
    }
    // 2. include / exclude
    if case.include.iter().any(|&i| !member(i)) || case.exclude.iter().any(|&i| member(i)) {
        return false;
    }
    for i in (0..n).filter(|&i| member(i)) {
        let o = &case.offs[i];
        // end-of-life only where included by name
        if o.lifecycle == 5 && !case.include.contains(&i) {
            return false;
        }
        // 3. requirements met by another member
        for (alts, optional) in &o.requires {
            if *optional {
                continue;
            }
            let met = alts.iter().any(|&(f, m)| {
                (0..n).any(|j| j != i && member(j) && case.offs[j].provides.contains(&(f, m)))
            });
            if !met {
                return false;
            }
        }
        // 4. conflicts, either side
        for j in (0..n).filter(|&j| member(j) && j != i) {
            if o.conflicts.contains(&j) || case.offs[j].conflicts.contains(&i) {
                return false;
            }
        }
        // 5. partners
        if let (Some(p), Some(allowed)) = (o.partner, &case.partners) {
            if !allowed.contains(&p) {
                return false;
            }
        }
        // 6. rule denials
        if case.denied.contains(&i) {
            return false;
        }
    }
    true
}

/// The preference order: partners, count, lifecycle ranks, prices per
/// currency (EUR before USD), then sorted ids (as strings, like the ids).
fn cost(case: &Case, set: &[bool]) -> (i64, i64, i64, [i64; 2], Vec<String>) {
    let mut c = (0, 0, 0, [0i64; 2], Vec::new());
    for (i, o) in case.offs.iter().enumerate().filter(|(i, _)| set[*i]) {
        c.0 += i64::from(o.partner.is_some());
        c.1 += 1;
        c.2 += o.lifecycle as i64;
        if let Some((cur, cents)) = o.price {
            c.3[cur] += cents;
        }
        c.4.push(format!("o{i}"));
    }
    c.4.sort();
    c
}

fn subset(mask: u32, n: usize) -> Vec<bool> {
    (0..n).map(|i| mask & (1 << i) != 0).collect()
}

fn options(budget: u64) -> SolveOptions {
    let mut options = SolveOptions::new("2026-11-22".parse::<Date>().unwrap());
    options.denied = BTreeMap::new();
    options.budget = budget;
    options
}

fn run(
    case: &Case,
    budget: u64,
    docs: Vec<Document>,
    request: &Document,
) -> (String, Status, bool, Vec<String>) {
    let catalog = catalog_from_documents(docs, "gen.yaml".as_ref()).expect("valid catalog");
    let Document::Bundle(request) = request else {
        panic!("a bundle")
    };
    let mut opts = options(budget);
    for &d in &case.denied {
        let ix = catalog.lookup(&format!("o{d}")).unwrap();
        opts.denied.insert(
            ix,
            vec![Finding {
                rule: "no".into(),
                severity: Severity::Deny,
                message: "denied".into(),
                offering: None,
            }],
        );
    }
    let s = solve(&catalog, request, &opts).expect("solves");
    for w in &s.bundle.wiring {
        assert!(s.bundle.offerings.iter().any(|m| m.id == w.provider));
    }
    let ids = s
        .bundle
        .offerings
        .iter()
        .map(|m| m.id.to_string())
        .collect();
    (
        serde_json::to_string(&s.bundle).unwrap(),
        s.bundle.status,
        s.optimal,
        ids,
    )
}

#[test]
fn random_catalogs_agree_with_brute_force() {
    let (composed, failed, optimal) = check(0x5eed_1234_abcd_0001, 400, 10, 12, u64::MAX);
    assert!(
        composed > 50 && failed > 50,
        "{composed} composed, {failed} failed"
    );
    assert_eq!(optimal, composed, "small cases are always proven optimal");
}

#[test]
fn dense_conflicts_force_backtracking() {
    let (composed, failed, _) = check(0x0dd_ba11_0042, 150, 12, 35, u64::MAX);
    assert!(
        composed > 10 && failed > 10,
        "{composed} composed, {failed} failed"
    );
}

#[test]
fn without_improvement_budget_bundles_stay_valid_and_irredundant() {
    let (composed, failed, optimal) = check(0xfeed_beef_0007, 300, 10, 15, 0);
    assert!(
        composed > 30 && failed > 30,
        "{composed} composed, {failed} failed"
    );
    assert!(optimal < composed, "a zero budget stops before proving");
}

/// Runs `rounds` random cases; returns (composed, failed, proven optimal).
fn check(
    seed: u64,
    rounds: usize,
    max_n: usize,
    conflict_pct: u64,
    budget: u64,
) -> (usize, usize, usize) {
    let mut rng = Rng(seed);
    let (mut composed, mut failed, mut optimal) = (0, 0, 0);
    for round in 0..rounds {
        let case = generate(&mut rng, max_n, conflict_pct);
        let n = case.offs.len();
        let (docs, request) = documents(&case);
        let (json, status, proven, ids) = run(&case, budget, docs, &request);

        let mut best: Option<(_, Vec<bool>)> = None;
        for mask in 0..(1u32 << n) {
            let set = subset(mask, n);
            if valid(&case, &set) {
                let c = cost(&case, &set);
                if best.as_ref().is_none_or(|(b, _)| c < *b) {
                    best = Some((c, set));
                }
            }
        }
        match (&best, status) {
            (Some((best_cost, _)), Status::Composed) => {
                composed += 1;
                let set: Vec<bool> = (0..n).map(|i| ids.contains(&format!("o{i}"))).collect();
                assert!(
                    valid(&case, &set),
                    "round {round}: invalid bundle {ids:?}\n{case:?}"
                );
                for i in (0..n).filter(|&i| set[i]) {
                    let mut smaller = set.clone();
                    smaller[i] = false;
                    assert!(
                        !valid(&case, &smaller),
                        "round {round}: o{i} is redundant in {ids:?}\n{case:?}"
                    );
                }
                if proven {
                    optimal += 1;
                    assert_eq!(
                        cost(&case, &set),
                        *best_cost,
                        "round {round}: not the preferred bundle\n{case:?}"
                    );
                }
            }
            (None, Status::Failed) => failed += 1,
            (best, status) => panic!(
                "round {round}: brute force found {:?}, solver said {status:?}\n{case:?}",
                best.as_ref().map(|b| &b.0)
            ),
        }

        // Determinism: the same bytes again, and with documents shuffled.
        let (again, ..) = run(&case, budget, documents(&case).0, &request);
        assert_eq!(json, again, "round {round}: not deterministic");
        let mut shuffled = documents(&case).0;
        for i in (1..shuffled.len()).rev() {
            let j = rng.below(i + 1);
            shuffled.swap(i, j);
        }
        let (reordered, ..) = run(&case, budget, shuffled, &request);
        assert_eq!(json, reordered, "round {round}: depends on document order");
    }
    eprintln!("{composed} composed, {failed} failed, {optimal} proven optimal");
    (composed, failed, optimal)
}
