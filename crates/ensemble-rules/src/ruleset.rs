//! The loaded rules and their evaluation over a catalog and a bundle.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use ensemble_model::{BundleRequest, Catalog, Date, Finding, Id, OfferingIx, Severity};
use ensemble_solver::{Bundle, Status};
use rhai::{Dynamic, Engine, Scope, AST};

use crate::error::{RuleError, Subject};
use crate::rule::Rule;
use crate::verdicts::OfferingVerdicts;
use crate::{findings, sandbox, value};

/// Catalogs smaller than this are judged on one thread: spawning costs more
/// than it saves.
const PARALLEL_THRESHOLD: usize = 512;

/// Every rule of a run, compiled once, and the sandboxed engine they run in.
#[derive(Debug)]
pub struct RuleSet {
    engine: Engine,
    rules: Vec<Rule>,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet::empty()
    }
}

impl RuleSet {
    /// No rules at all.
    pub fn empty() -> RuleSet {
        RuleSet {
            engine: sandbox::engine(),
            rules: Vec::new(),
        }
    }

    /// Loads every `*.rhai` file directly in `rules_dir` (sorted by name;
    /// hidden files skipped), then each of `extra` (a request's `rules:`,
    /// already resolved against the request file, see [`extra_rule_paths`]).
    ///
    /// A missing `rules_dir` is [`RuleError::MissingDir`]; see
    /// [`RuleSet::load_or_empty`] for the lenient form.
    pub fn load(rules_dir: &Path, extra: &[PathBuf]) -> Result<RuleSet, RuleError> {
        let mut files = rule_files(rules_dir)?;
        files.extend(extra.iter().cloned());
        RuleSet::from_files(&files)
    }

    /// Like [`RuleSet::load`], but a missing `rules_dir` means no rules from
    /// it (extra rules are still loaded).
    pub fn load_or_empty(rules_dir: &Path, extra: &[PathBuf]) -> Result<RuleSet, RuleError> {
        if rules_dir.exists() {
            RuleSet::load(rules_dir, extra)
        } else {
            RuleSet::from_files(extra)
        }
    }

    /// Loads exactly these rule files, in this order.
    pub fn from_files(files: &[PathBuf]) -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::empty();
        for file in files {
            let rule = Rule::load(&set.engine, file)?;
            set.push(rule)?;
        }
        Ok(set)
    }

    /// Compiles a rule from source text, as if read from `path` (for tests
    /// and tools that hold rules in memory).
    pub fn add_source(&mut self, path: &Path, text: &str) -> Result<(), RuleError> {
        let rule = Rule::compile(&self.engine, path, text.to_owned())?;
        self.push(rule)
    }

    fn push(&mut self, rule: Rule) -> Result<(), RuleError> {
        if let Some(first) = self.rules.iter().find(|r| r.id == rule.id) {
            return Err(RuleError::DuplicateId {
                at: rule.fn_at("meta"),
                id: rule.id.clone(),
                first: first.file.clone(),
            });
        }
        self.rules.push(rule);
        Ok(())
    }

    /// The rules, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Runs every offering rule on every offering of `catalog`, judging by
    /// `as_of`. Each offering's value is built once and shared by all rules.
    /// Large catalogs are split over the machine's cores; the result (and
    /// which error is reported, the one of the first offering in id order)
    /// does not depend on how.
    pub fn evaluate_offerings(
        &self,
        catalog: &Catalog,
        as_of: Date,
    ) -> Result<OfferingVerdicts, RuleError> {
        let threads = if catalog.len() < PARALLEL_THRESHOLD {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |t| t.get().min(8))
        };
        self.evaluate_offerings_on(catalog, as_of, threads)
    }

    /// [`RuleSet::evaluate_offerings`] on exactly `threads` threads (at
    /// least one), for benchmarks and tests.
    pub fn evaluate_offerings_on(
        &self,
        catalog: &Catalog,
        as_of: Date,
        threads: usize,
    ) -> Result<OfferingVerdicts, RuleError> {
        let rules: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| r.hooks.offering.is_some())
            .collect();
        if rules.is_empty() || catalog.is_empty() {
            return Ok(OfferingVerdicts::default());
        }
        let n = catalog.len();
        let threads = threads.clamp(1, n);
        // About 16 chunks a thread, so that they finish close together.
        let chunk = (n / (threads * 16)).clamp(32, MAX_CHUNK);
        let chunks = n.div_ceil(chunk);
        let threads = threads.min(chunks);
        if threads == 1 {
            let asts: Vec<&AST> = rules.iter().map(|r| &r.ast).collect();
            let mut judge = Judge::new(&self.engine, &rules, asts, catalog, as_of);
            let findings = judge.offerings(0..n)?;
            return Ok(OfferingVerdicts { findings });
        }
        // Threads take chunks in turn until none is left, so a thread that
        // runs slower (or shares its core) does less. After an error, no
        // chunk past it is started: the chunks before it are all judged,
        // and the error reported is the first in id order.
        let next = AtomicUsize::new(0);
        let first_error = AtomicUsize::new(usize::MAX);
        let work = |mut judge: Judge| {
            let mut done = Vec::new();
            loop {
                let c = next.fetch_add(1, Ordering::Relaxed);
                if c >= chunks || c > first_error.load(Ordering::Relaxed) {
                    break;
                }
                let part = judge.offerings(c * chunk..((c + 1) * chunk).min(n));
                if part.is_err() {
                    first_error.fetch_min(c, Ordering::Relaxed);
                }
                done.push((c, part));
            }
            done
        };
        let mut parts: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (1..threads)
                .map(|_| {
                    s.spawn(|| {
                        // The thread's own engine and compiled rules: the
                        // reference counts Rhai bumps on every call (the
                        // rule's functions, its string constants, the
                        // engine's functions) stay in this core's cache
                        // instead of bouncing between cores.
                        let engine = sandbox::engine();
                        let asts: Vec<AST> = rules.iter().map(|r| r.recompile(&engine)).collect();
                        work(Judge::new(
                            &engine,
                            &rules,
                            asts.iter().collect(),
                            catalog,
                            as_of,
                        ))
                    })
                })
                .collect();
            // This thread works too, with the set's own engine and rules.
            let asts: Vec<&AST> = rules.iter().map(|r| &r.ast).collect();
            let mut parts = work(Judge::new(&self.engine, &rules, asts, catalog, as_of));
            for h in handles {
                parts.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            }
            parts
        });
        parts.sort_unstable_by_key(|(c, _)| *c);
        let mut findings = Vec::new();
        for (_, part) in parts {
            findings.extend(part?);
        }
        Ok(OfferingVerdicts { findings })
    }

    /// Runs `rule`'s `offering` function on one offering value.
    pub(crate) fn run_offering_rule(
        &self,
        rule: &Rule,
        scope: &mut Scope,
        value: &Dynamic,
        id: Option<&Id>,
        as_of: &Dynamic,
        out: &mut Vec<Finding>,
    ) -> Result<(), RuleError> {
        offering_rule(&self.engine, rule, &rule.ast, scope, value, id, as_of, out)
    }

    /// Runs `rule`'s `bundle` function on a bundle value.
    pub(crate) fn run_bundle_rule(
        &self,
        rule: &Rule,
        scope: &mut Scope,
        value: &Dynamic,
        id: &str,
        out: &mut Vec<Finding>,
    ) -> Result<(), RuleError> {
        if !rule.hooks.bundle {
            return Ok(());
        }
        let subject = || Subject::Bundle(id.into());
        let result = rule.call(&self.engine, scope, "bundle", subject(), (value.clone(),))?;
        findings::collect(result, &rule.id, rule.severity, None, out).map_err(|found| {
            RuleError::BadReturn {
                at: rule.fn_at("bundle"),
                rule: rule.id.as_str().into(),
                function: "bundle",
                subject: subject(),
                found: found.into(),
            }
        })
    }

    /// Runs every bundle rule on a composed bundle; the findings are sorted.
    pub fn evaluate_bundle(
        &self,
        bundle: &Bundle,
        catalog: &Catalog,
        request: &BundleRequest,
    ) -> Result<Vec<Finding>, RuleError> {
        let mut out = Vec::new();
        if !self.rules.iter().any(|r| r.hooks.bundle) {
            return Ok(out);
        }
        let value = value::bundle_value(bundle, catalog, request);
        let mut scope = Scope::new();
        for rule in &self.rules {
            self.run_bundle_rule(rule, &mut scope, &value, request.id.as_str(), &mut out)?;
        }
        Finding::sort(&mut out);
        Ok(out)
    }

    /// Fills a composed bundle's `findings`: the non-blocking findings of
    /// offering rules on its members, and every finding of the bundle rules,
    /// sorted. A bundle `deny` turns its status to [`Status::Denied`]
    /// (compose then exits 1). Bundles that were not composed are left alone.
    pub fn judge_bundle(
        &self,
        bundle: &mut Bundle,
        verdicts: &OfferingVerdicts,
        catalog: &Catalog,
        request: &BundleRequest,
    ) -> Result<(), RuleError> {
        if bundle.status != Status::Composed {
            return Ok(());
        }
        let mut all: Vec<Finding> = bundle
            .offerings
            .iter()
            .filter_map(|m| catalog.lookup(m.id.as_str()))
            .flat_map(|ix| verdicts.warnings_for(ix))
            .collect();
        let from_bundle = self.evaluate_bundle(bundle, catalog, request)?;
        if from_bundle.iter().any(|f| f.severity == Severity::Deny) {
            bundle.status = Status::Denied;
        }
        all.extend(from_bundle);
        all.append(&mut bundle.findings);
        Finding::sort(&mut all);
        all.dedup();
        bundle.findings = all;
        Ok(())
    }
}

/// Offerings a thread judges per chunk of work it takes, at most: small
/// enough for threads to end together, large enough that taking one costs
/// nothing next to judging it.
const MAX_CHUNK: usize = 512;

/// What one thread judges offerings with.
struct Judge<'a> {
    engine: &'a Engine,
    rules: &'a [&'a Rule],
    /// Each rule's compiled script, for `engine`.
    asts: Vec<&'a AST>,
    catalog: &'a Catalog,
    as_of: Dynamic,
    values: value::Values,
    scope: Scope<'static>,
}

impl<'a> Judge<'a> {
    fn new(
        engine: &'a Engine,
        rules: &'a [&'a Rule],
        asts: Vec<&'a AST>,
        catalog: &'a Catalog,
        as_of: Date,
    ) -> Self {
        Judge {
            engine,
            rules,
            asts,
            catalog,
            as_of: value::date(as_of),
            values: value::Values::new(catalog),
            scope: Scope::new(),
        }
    }

    /// Judges the offerings in `range`, stopping at the first error.
    fn offerings(
        &mut self,
        range: std::ops::Range<usize>,
    ) -> Result<Vec<(OfferingIx, Vec<Finding>)>, RuleError> {
        let mut out = Vec::new();
        for i in range {
            let ix = OfferingIx::new(i);
            let o = self.catalog.offering(ix);
            // Built once, then shared (not copied) by every rule call; read
            // only, so no rule can change what the next one sees.
            let value = self.values.offering(o).into_read_only().into_shared();
            let mut found = Vec::new();
            for (rule, ast) in self.rules.iter().zip(&self.asts) {
                offering_rule(
                    self.engine,
                    rule,
                    ast,
                    &mut self.scope,
                    &value,
                    Some(&o.id),
                    &self.as_of,
                    &mut found,
                )?;
            }
            if !found.is_empty() {
                Finding::sort(&mut found);
                out.push((ix, found));
            }
        }
        Ok(out)
    }
}

/// Runs `rule`'s `offering` function (compiled as `ast` for `engine`) on
/// one offering value.
#[allow(clippy::too_many_arguments)]
fn offering_rule(
    engine: &Engine,
    rule: &Rule,
    ast: &AST,
    scope: &mut Scope,
    value: &Dynamic,
    id: Option<&Id>,
    as_of: &Dynamic,
    out: &mut Vec<Finding>,
) -> Result<(), RuleError> {
    let name = id.map_or("fixture", Id::as_str);
    let subject = || Subject::Offering(name.into());
    let result = match rule.hooks.offering {
        Some(2) => rule.call_in(
            engine,
            ast,
            scope,
            "offering",
            subject,
            (value.clone(), as_of.clone()),
        )?,
        Some(_) => rule.call_in(engine, ast, scope, "offering", subject, (value.clone(),))?,
        None => return Ok(()),
    };
    findings::collect(result, &rule.id, rule.severity, id, out).map_err(|found| {
        RuleError::BadReturn {
            at: rule.fn_at("offering"),
            rule: rule.id.as_str().into(),
            function: "offering",
            subject: subject(),
            found: found.into(),
        }
    })
}

/// The `*.rhai` files directly in `dir`, sorted by name, hidden ones skipped.
pub fn rule_files(dir: &Path) -> Result<Vec<PathBuf>, RuleError> {
    if !dir.exists() {
        return Err(RuleError::MissingDir {
            path: dir.to_path_buf(),
        });
    }
    let io = |source| RuleError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let path = entry.path();
        if !name.starts_with('.') && name.ends_with(".rhai") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// A request's extra `rules:`, resolved against the directory of the
/// request file they were written in.
pub fn extra_rule_paths(request_path: &Path, request: &BundleRequest) -> Vec<PathBuf> {
    let base = request_path.parent().unwrap_or(Path::new(""));
    request.rules.iter().map(|r| base.join(r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ensemble_model::{catalog_from_documents, parse_str};

    fn catalog(n: usize) -> Catalog {
        let mut text = String::new();
        for i in 0..n {
            let lifecycle = if i % 3 == 0 {
                "end-of-life"
            } else {
                "formation"
            };
            text.push_str(&format!(
                "---\nkind: offering\nid: o{i:05}\nname: O\nversion: 1.0.0\nportfolio: p\nlifecycle: {lifecycle}\ncapabilities: [c{i}]\n"
            ));
        }
        catalog_from_documents(parse_str(&text).unwrap(), "memory.yaml".as_ref()).unwrap()
    }

    fn rules(sources: &[(&str, &str)]) -> RuleSet {
        let mut set = RuleSet::empty();
        for (name, text) in sources {
            set.add_source(Path::new(name), text).unwrap();
        }
        set
    }

    #[test]
    fn rules_cannot_change_what_the_next_rule_sees() {
        let set = rules(&[
            ("a.rhai", "fn offering(o) { o.lifecycle = \"changed\"; }"),
            ("b.rhai", "fn offering(o) { o.lifecycle }"),
        ]);
        let err = set
            .evaluate_offerings(&catalog(1), "2026-01-01".parse().unwrap())
            .unwrap_err();
        assert!(
            err.to_string().starts_with("a.rhai:1:18: in `offering`"),
            "{err}"
        );
    }

    #[test]
    fn shared_offering_values_may_be_stored_and_combined() {
        let set = rules(&[(
            "keep.rhai",
            "fn offering(o) { let a = [o, o.partner, o.capabilities]; let m = #{ o: o }; a.push(m); let c = o.capabilities; c.push(\"z\"); c.sort(); let p = o; p.id = \"copy\"; let q = []; q.push(o); q += [o]; q.insert(0, o); let r = q + [o]; let f = |x| x.id == o.id; if !f.call(o) || r.len() != 4 || a.len() != 4 || c.len() != 2 { \"lost\" } }",
        )]);
        let verdicts = set
            .evaluate_offerings(&catalog(3), "2026-01-01".parse().unwrap())
            .unwrap();
        assert_eq!(verdicts.count(), 0);
    }

    #[test]
    fn parallel_and_serial_evaluation_agree() {
        let set = rules(&[(
            "eol.rhai",
            "fn offering(o, as_of) { if o.lifecycle == \"end-of-life\" { `${o.id} ${as_of}` } }",
        )]);
        let catalog = catalog(2000);
        let as_of = "2026-01-01".parse().unwrap();
        let one = set.evaluate_offerings_on(&catalog, as_of, 1).unwrap().all();
        let two = set.evaluate_offerings_on(&catalog, as_of, 2).unwrap().all();
        let three = set.evaluate_offerings_on(&catalog, as_of, 3).unwrap().all();
        assert_eq!(one.len(), 667);
        assert_eq!(one, two);
        assert_eq!(one, three);
        assert_eq!(one.values().next().unwrap()[0].message, "o00000 2026-01-01");
    }

    #[test]
    fn the_first_error_in_id_order_is_reported() {
        let set = rules(&[(
            "bad.rhai",
            "fn offering(o) { if o.id == \"o01500\" || o.id == \"o00700\" { o.nope } }",
        )]);
        let catalog = catalog(2000);
        for threads in [1, 2, 4] {
            let err = set
                .evaluate_offerings_on(&catalog, "2026-01-01".parse().unwrap(), threads)
                .unwrap_err();
            assert!(err.to_string().contains("(offering `o00700`)"), "{err}");
        }
    }
}
