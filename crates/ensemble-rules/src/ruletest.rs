//! Rule tests: `<rules>/tests/*.yaml` files of `kind: rule-test`, each
//! running one rule on small offering or bundle fixtures and comparing its
//! findings with what is expected.
//!
//! ```yaml
//! kind: rule-test
//! rule: max-partners
//! as_of: 2026-11-22          # optional; the date `as_of` is for every case
//! cases:
//!   - name: three partner offerings are flagged
//!     bundle: { offerings: [ {id: a, partner: {id: p}}, {id: b, partner: {id: p}}, {id: c, partner: {id: q}} ] }
//!     expect: [{ severity: warn, message_contains: "3 partner" }]
//! ```
//!
//! Fixtures are partial: absent fields are filled with empty values exactly
//! as for real offerings, so rules see the same shape; unknown fields are
//! errors. A case passes when every expectation matches a distinct finding
//! and there are no other findings.

use std::path::{Path, PathBuf};

use ensemble_model::{parse_single, Date, Finding, Id, Severity};
use rhai::{Dynamic, Map, Scope};
use serde::Deserialize;

use crate::error::RuleError;
use crate::{value, RuleSet};
use ensemble_model::Location;

/// A rule test file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    kind: String,
    rule: String,
    #[serde(default)]
    as_of: Option<Date>,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    offering: Option<serde_yaml::Value>,
    #[serde(default)]
    bundle: Option<serde_yaml::Value>,
    #[serde(default)]
    as_of: Option<Date>,
    #[serde(default)]
    expect: Vec<Expect>,
}

/// One expected finding.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    severity: Option<Severity>,
    #[serde(default)]
    message_contains: Option<String>,
    #[serde(default)]
    offering: Option<String>,
}

impl Expect {
    fn matches(&self, f: &Finding) -> bool {
        self.severity.is_none_or(|s| s == f.severity)
            && self
                .message_contains
                .as_ref()
                .is_none_or(|m| f.message.contains(m.as_str()))
            && self
                .offering
                .as_ref()
                .is_none_or(|o| f.offering.as_ref().is_some_and(|id| id == o.as_str()))
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.severity {
            parts.push(s.to_string());
        }
        if let Some(m) = &self.message_contains {
            parts.push(format!("message containing {m:?}"));
        }
        if let Some(o) = &self.offering {
            parts.push(format!("about `{o}`"));
        }
        if parts.is_empty() {
            "any finding".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct CaseOutcome {
    /// The test file.
    pub file: PathBuf,
    /// The rule tested.
    pub rule: String,
    /// The case's name.
    pub name: String,
    /// Why it failed, one line each; empty when it passed.
    pub failures: Vec<String>,
    /// Whether the rule itself failed (a script error: exit code 2) rather
    /// than finding something else than expected.
    pub errored: bool,
    /// What the rule found.
    pub findings: Vec<Finding>,
}

impl CaseOutcome {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Every case of every test file, in file then case order.
#[derive(Debug, Clone, Default)]
pub struct TestReport {
    pub cases: Vec<CaseOutcome>,
}

impl TestReport {
    pub fn passed(&self) -> usize {
        self.cases.iter().filter(|c| c.passed()).count()
    }

    pub fn failed(&self) -> usize {
        self.cases.len() - self.passed()
    }

    /// Cases whose rule failed with a script error.
    pub fn errored(&self) -> usize {
        self.cases.iter().filter(|c| c.errored).count()
    }
}

/// Runs every `*.yaml` / `*.yml` test file directly in `tests_dir` (sorted
/// by name) against `rules`, with `as_of` for cases that do not set one. A
/// missing directory has no tests.
///
/// Malformed test files and tests naming an unknown rule are errors; a rule
/// failing at run time fails the case (with the error as the reason) and is
/// counted in [`TestReport::errored`].
pub fn run_tests(rules: &RuleSet, tests_dir: &Path, as_of: Date) -> Result<TestReport, RuleError> {
    let mut report = TestReport::default();
    if !tests_dir.is_dir() {
        return Ok(report);
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RuleError::Io { path, source }
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(tests_dir).map_err(io(tests_dir))? {
        let path = entry.map_err(io(tests_dir))?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !name.starts_with('.')
            && (name.ends_with(".yaml") || name.ends_with(".yml"))
            && path.is_file()
        {
            files.push(path);
        }
    }
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(io(&file))?;
        run_file(rules, &file, &text, as_of, &mut report)?;
    }
    Ok(report)
}

fn run_file(
    rules: &RuleSet,
    file: &Path,
    text: &str,
    as_of: Date,
    report: &mut TestReport,
) -> Result<(), RuleError> {
    let test: TestFile = parse_single(text).map_err(|e| RuleError::Test {
        at: Location::new(file, Some(e.line), Some(e.column)),
        message: e.message,
    })?;
    if test.kind != "rule-test" {
        return Err(RuleError::Test {
            at: locate(file, text, 0, "kind:"),
            message: format!("unexpected kind `{}`: expected `rule-test`", test.kind),
        });
    }
    let Some(rule) = rules.rule(&test.rule) else {
        let ids: Vec<Id> = rules
            .rules()
            .iter()
            .filter_map(|r| Id::new(&r.id).ok())
            .collect();
        return Err(RuleError::UnknownRule {
            at: locate(file, text, 0, "rule:"),
            rule: test.rule.clone(),
            suggestion: ensemble_model::suggest(&test.rule, &ids).map(|s| s.to_string()),
        });
    };
    let file_as_of = test.as_of.unwrap_or(as_of);
    let mut scope = Scope::new();
    for case in &test.cases {
        let case_line = text
            .lines()
            .position(|l| l.contains(&case.name))
            .unwrap_or(0);
        let bad = |message: String, key: &str| RuleError::Test {
            at: locate(file, text, case_line, key),
            message: format!("case `{}`: {message}", case.name),
        };
        let as_of = value::date(case.as_of.unwrap_or(file_as_of));
        let mut findings = Vec::new();
        let result = match (&case.offering, &case.bundle) {
            (Some(o), None) => {
                if rule.hooks.offering.is_none() {
                    return Err(bad(
                        format!("rule `{}` has no `offering` function", rule.id),
                        "offering:",
                    ));
                }
                let o = fill(o, &OFFERING, "offering").map_err(|m| bad(m, "offering:"))?;
                let id = fixture_id(&o);
                rules.run_offering_rule(rule, &mut scope, &o, id.as_ref(), &as_of, &mut findings)
            }
            (None, Some(b)) => {
                if !rule.hooks.bundle {
                    return Err(bad(
                        format!("rule `{}` has no `bundle` function", rule.id),
                        "bundle:",
                    ));
                }
                let mut b = fill(b, &BUNDLE, "bundle").map_err(|m| bad(m, "bundle:"))?;
                if let Some(map) = b.write_lock::<Map>().as_deref_mut() {
                    if map.get("as_of").is_some_and(Dynamic::is_unit) {
                        map.insert("as_of".into(), as_of.clone());
                    }
                }
                let id = fixture_id(&b);
                let subject = id.as_ref().map_or("fixture", Id::as_str);
                rules.run_bundle_rule(rule, &mut scope, &b, subject, &mut findings)
            }
            _ => {
                return Err(bad(
                    "expected exactly one of `offering` or `bundle`".into(),
                    "name:",
                ))
            }
        };
        Finding::sort(&mut findings);
        let errored = result.is_err();
        let failures = match result {
            Err(e) => vec![format!("error: {e}")],
            Ok(()) => compare(&case.expect, &findings),
        };
        report.cases.push(CaseOutcome {
            file: file.to_path_buf(),
            rule: rule.id.clone(),
            name: case.name.clone(),
            failures,
            errored,
            findings,
        });
    }
    Ok(())
}

/// The fixture's `id`, when it is a valid id.
fn fixture_id(v: &Dynamic) -> Option<Id> {
    let map = v.read_lock::<Map>()?;
    let id = map.get("id")?.clone().into_string().ok()?;
    Id::new(&id).ok()
}

/// Why `findings` do not match `expect`, empty when they do: every
/// expectation matched by a distinct finding, and no finding left over.
fn compare(expect: &[Expect], findings: &[Finding]) -> Vec<String> {
    if expect.len() == findings.len() && assign(expect, findings, &mut vec![false; findings.len()])
    {
        return Vec::new();
    }
    let mut out = vec![format!(
        "expected {} finding{}, found {}",
        expect.len(),
        if expect.len() == 1 { "" } else { "s" },
        findings.len()
    )];
    for e in expect {
        let hit = findings.iter().any(|f| e.matches(f));
        out.push(format!(
            "  expected: {}{}",
            e.describe(),
            if hit { "" } else { "  (no match)" }
        ));
    }
    for f in findings {
        let about = f
            .offering
            .as_ref()
            .map(|o| format!(" (offering `{o}`)"))
            .unwrap_or_default();
        out.push(format!("  found:    {} {:?}{about}", f.severity, f.message));
    }
    out
}

/// Whether each expectation can be given its own matching finding
/// (backtracking; cases are small).
fn assign(expect: &[Expect], findings: &[Finding], used: &mut Vec<bool>) -> bool {
    let Some((first, rest)) = expect.split_first() else {
        return true;
    };
    for (i, f) in findings.iter().enumerate() {
        if !used[i] && first.matches(f) {
            used[i] = true;
            if assign(rest, findings, used) {
                return true;
            }
            used[i] = false;
        }
    }
    false
}

/// The first line at or after `from` containing `needle`, else line `from`.
fn locate(file: &Path, text: &str, from: usize, needle: &str) -> Location {
    let found = text
        .lines()
        .enumerate()
        .skip(from)
        .find_map(|(i, l)| l.find(needle).map(|c| (i, c)));
    match found {
        Some((line, col)) => Location::new(file, Some(line + 1), Some(col + 1)),
        None => Location::new(file, Some(from + 1), Some(1)),
    }
}

/// The shape of a fixture value, to fill what is absent.
#[derive(Debug)]
enum Shape {
    /// A string, number or boolean; absent is `()`.
    Scalar,
    /// A boolean; absent is `false`.
    Flag,
    /// A list; absent is `[]`.
    List(&'static Shape),
    /// A free-form map (`attributes`, `kits`); absent is `#{}`.
    Free,
    /// A record with these fields; absent is the record with every field
    /// absent.
    Record(&'static [(&'static str, Shape)]),
    /// A record that may be absent; absent is `()`.
    Optional(&'static Shape),
}

const INTERFACE: Shape = Shape::Record(&[("interface", Shape::Scalar), ("version", Shape::Scalar)]);
const REQUIREMENT: Shape = Shape::Record(&[
    ("interface", Shape::Scalar),
    ("version", Shape::Scalar),
    ("any_of", Shape::List(&INTERFACE)),
    ("optional", Shape::Flag),
]);
const AGREEMENT: Shape = Shape::Record(&[
    ("status", Shape::Scalar),
    ("expires", Shape::Scalar),
    ("tier", Shape::Scalar),
]);
const PARTNER: Shape = Shape::Record(&[
    ("id", Shape::Scalar),
    ("name", Shape::Scalar),
    ("agreement", AGREEMENT),
    ("attributes", Shape::Free),
]);
const PRICE: Shape = Shape::Record(&[
    ("amount", Shape::Scalar),
    ("currency", Shape::Scalar),
    ("per", Shape::Scalar),
]);
const OFFERING: Shape = Shape::Record(&[
    ("id", Shape::Scalar),
    ("name", Shape::Scalar),
    ("version", Shape::Scalar),
    ("summary", Shape::Scalar),
    ("portfolio", Shape::Scalar),
    ("partner", Shape::Optional(&PARTNER)),
    ("lifecycle", Shape::Scalar),
    ("capabilities", Shape::List(&Shape::Scalar)),
    ("provides", Shape::List(&INTERFACE)),
    ("requires", Shape::List(&REQUIREMENT)),
    ("conflicts", Shape::List(&Shape::Scalar)),
    ("configurations", Shape::List(&Shape::Scalar)),
    ("kits", Shape::Free),
    ("price", Shape::Optional(&PRICE)),
    ("markets", Shape::List(&Shape::Scalar)),
    ("attributes", Shape::Free),
]);
const WIRE: Shape = Shape::Record(&[
    ("consumer", Shape::Scalar),
    ("interface", Shape::Scalar),
    ("requirement", Shape::Scalar),
    ("provider", Shape::Scalar),
    ("version", Shape::Scalar),
    ("optional", Shape::Flag),
]);
const BUNDLE: Shape = Shape::Record(&[
    ("id", Shape::Scalar),
    ("name", Shape::Scalar),
    ("customer", Shape::Scalar),
    ("market", Shape::Scalar),
    ("needs", Shape::List(&Shape::Scalar)),
    ("offerings", Shape::List(&OFFERING)),
    ("wiring", Shape::List(&WIRE)),
    ("price", Shape::List(&PRICE)),
    ("as_of", Shape::Scalar),
]);

/// The value of an absent field of this shape.
fn absent(shape: &Shape) -> Dynamic {
    match shape {
        Shape::Scalar | Shape::Optional(_) => Dynamic::UNIT,
        Shape::Flag => Dynamic::FALSE,
        Shape::List(_) => Dynamic::from_array(Vec::new()),
        Shape::Free => Dynamic::from_map(Map::new()),
        Shape::Record(fields) => Dynamic::from_map(
            fields
                .iter()
                .map(|(name, s)| ((*name).into(), absent(s)))
                .collect(),
        ),
    }
}

/// A fixture value of `shape`, absent fields filled, unknown fields refused.
fn fill(v: &serde_yaml::Value, shape: &Shape, what: &str) -> Result<Dynamic, String> {
    use serde_yaml::Value as Y;
    match (shape, v) {
        (_, Y::Null) => Ok(match shape {
            Shape::Record(_) | Shape::Optional(_) | Shape::Scalar => Dynamic::UNIT,
            other => absent(other),
        }),
        (Shape::Optional(inner), _) => fill(v, inner, what),
        (Shape::List(item), Y::Sequence(items)) => items
            .iter()
            .map(|i| fill(i, item, what))
            .collect::<Result<Vec<_>, _>>()
            .map(Dynamic::from_array),
        (Shape::List(_), _) => Err(format!("`{what}` must be a list")),
        (Shape::Record(fields), Y::Mapping(m)) => {
            let mut out: Map = Map::new();
            for (k, v) in m {
                let key = value::yaml_key(k);
                let Some((_, s)) = fields.iter().find(|(name, _)| *name == key) else {
                    let names: Vec<String> = fields.iter().map(|(n, _)| format!("`{n}`")).collect();
                    return Err(format!(
                        "unknown field `{key}` in `{what}`, expected one of {}",
                        names.join(", ")
                    ));
                };
                out.insert(key.as_str().into(), fill(v, s, &key)?);
            }
            for (name, s) in *fields {
                if !out.contains_key(*name) {
                    out.insert((*name).into(), absent(s));
                }
            }
            Ok(Dynamic::from_map(out))
        }
        (Shape::Record(_), _) => Err(format!("`{what}` must be a map")),
        (Shape::Free, Y::Mapping(_)) => Ok(value::yaml(v)),
        (Shape::Free, _) => Err(format!("`{what}` must be a map")),
        (Shape::Scalar | Shape::Flag, _) => Ok(value::yaml(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> serde_yaml::Value {
        serde_yaml::from_str(s).unwrap()
    }

    #[test]
    fn fixtures_are_filled_like_real_offerings() {
        let o = fill(&yaml("{id: x, partner: {id: p}}"), &OFFERING, "offering").unwrap();
        let map = o.cast::<Map>();
        assert!(map["summary"].is_unit());
        assert!(map["capabilities"].is_array());
        assert!(map["kits"].is_map());
        let partner = map["partner"].clone().cast::<Map>();
        let agreement = partner["agreement"].clone().cast::<Map>();
        assert!(agreement["status"].is_unit());
        let o = fill(&yaml("{id: x}"), &OFFERING, "offering").unwrap();
        assert!(o.cast::<Map>()["partner"].is_unit());
    }

    #[test]
    fn unknown_fixture_fields_are_refused() {
        let e = fill(&yaml("{id: x, lifecyle: formation}"), &OFFERING, "offering").unwrap_err();
        assert!(
            e.starts_with("unknown field `lifecyle` in `offering`"),
            "{e}"
        );
    }

    #[test]
    fn expectations_match_distinct_findings() {
        let f = |sev, msg: &str| Finding {
            rule: "r".into(),
            severity: sev,
            message: msg.into(),
            offering: None,
        };
        let e = |msg: &str| Expect {
            severity: None,
            message_contains: Some(msg.into()),
            offering: None,
        };
        let found = [f(Severity::Warn, "abc"), f(Severity::Warn, "ab")];
        assert!(compare(&[e("ab"), e("abc")], &found).is_empty());
        assert!(!compare(&[e("ab")], &found).is_empty());
        assert!(!compare(&[e("abc"), e("abc")], &found).is_empty());
    }
}
