//! Reading catalogs and bundle requests from disk.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::diagnostic::{shared_path, suggest};
use crate::document::{parse_documents, YamlError};
use crate::locate::{locate, Anchor};
use crate::validate::{self, Finding};
use crate::{BundleRequest, Catalog, Diagnostic, Diagnostics, Document, Location, Problem};

/// Loads and validates the catalog below `root`.
///
/// Every `*.yaml` / `*.yml` file below `root` is read once, in parallel, and
/// parsed straight into typed documents. Hidden files and directories (names
/// starting with `.`) and symbolic links to directories are skipped. All
/// problems are collected and returned together, sorted by file and line.
pub fn load_catalog(root: &Path) -> Result<Catalog, Diagnostics> {
    let files = catalog_files(root).map_err(|e| {
        Diagnostics(vec![Diagnostic::new(
            Location::file(shared_path(root)),
            Problem::Io(e),
        )])
    })?;
    let parsed = parse_files(&files);

    let mut diagnostics = Vec::new();
    let mut documents = Vec::new();
    for (path, result) in files.into_iter().zip(parsed) {
        let path = shared_path(&path);
        match result {
            Err(e) => diagnostics.push(Diagnostic::new(Location::file(path), Problem::Io(e))),
            Ok(docs) => {
                for doc in docs {
                    match doc {
                        Ok(doc) => documents.push((doc, path.clone())),
                        Err(e) => diagnostics.push(yaml_diagnostic(&path, e)),
                    }
                }
            }
        }
    }

    let (catalog, findings) = validate::build(documents);
    diagnostics.extend(locate_findings(findings));
    if diagnostics.is_empty() {
        Ok(catalog)
    } else {
        Err(Diagnostics::sorted(diagnostics))
    }
}

/// The catalog files below `root`, sorted by path so loading is deterministic.
pub fn catalog_files(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !fs::metadata(root)?.is_dir() {
        return Err(std::io::Error::other("not a directory"));
    }
    let mut files = Vec::new();
    walk(root, &mut files)?;
    Ok(files)
}

/// Appends the catalog files below `dir` in path order: visiting each
/// directory's entries sorted by name, depth first, lists paths in the order
/// `Path`'s component-wise comparison sorts them, without comparing whole
/// paths.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        entries.push((name, entry.file_type()?));
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, kind) in entries {
        let path = dir.join(&name);
        if kind.is_dir() {
            walk(&path, files)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) && (kind.is_file() || fs::metadata(&path).is_ok_and(|m| m.is_file()))
        {
            files.push(path);
        }
    }
    Ok(())
}

type FileResult = std::io::Result<Vec<Result<Document, YamlError>>>;

/// Reads and parses files on all cores; results come back in input order.
fn parse_files(files: &[PathBuf]) -> Vec<FileResult> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().div_ceil(16))
        .max(1);
    let next = AtomicUsize::new(0);
    // Each worker reads every file into the same buffer: no allocation and
    // no `stat` per file.
    let parse_one = |path: &PathBuf, buffer: &mut Vec<u8>| -> FileResult {
        buffer.clear();
        fs::File::open(path)?.read_to_end(buffer)?;
        let text = std::str::from_utf8(buffer).map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "stream did not contain valid UTF-8",
            )
        })?;
        let mut docs = Vec::new();
        parse_documents(text, |d| docs.push(d));
        Ok(docs)
    };
    let mut results: Vec<(usize, FileResult)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    let mut buffer = Vec::with_capacity(64 * 1024);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        out.push((i, parse_one(path, &mut buffer)));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

fn yaml_diagnostic(path: &Arc<Path>, e: YamlError) -> Diagnostic {
    Diagnostic::new(
        Location::at(path.clone(), e.line, e.column),
        Problem::Yaml(e.message),
    )
}

/// Finds the exact line and column of cross-document problems, reading each
/// file involved once. Files that cannot be read keep a file-only location.
fn locate_findings(findings: Vec<Finding>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut files: Vec<_> = validate::by_file(findings).into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    // Texts of files that hold the first definition of a duplicate id.
    let mut firsts: HashMap<Arc<Path>, Option<String>> = HashMap::new();
    for (path, findings) in files {
        let text = fs::read_to_string(&path).ok();
        for finding in findings {
            out.push(refine(finding, &path, text.as_deref(), &mut firsts));
        }
    }
    out
}

fn refine(
    finding: Finding,
    path: &Arc<Path>,
    text: Option<&str>,
    firsts: &mut HashMap<Arc<Path>, Option<String>>,
) -> Diagnostic {
    let Finding {
        mut diagnostic,
        anchor,
    } = finding;
    if let (Some(text), Some(anchor)) = (text, anchor) {
        if let Some((line, column)) = locate(text, &anchor) {
            diagnostic.location.line = Some(line);
            diagnostic.location.column = Some(column);
        }
        if let Problem::DuplicateId { first, id, .. } = &mut diagnostic.problem {
            let first_text = if first.path == *path {
                Some(text)
            } else {
                firsts
                    .entry(first.path.clone())
                    .or_insert_with(|| fs::read_to_string(&first.path).ok())
                    .as_deref()
            };
            if let Some((line, column)) =
                first_text.and_then(|t| locate(t, &Anchor::document(id.as_str(), 0)))
            {
                first.line = Some(line);
                first.column = Some(column);
            }
        }
    }
    diagnostic
}

/// Reads a bundle request and checks it against the catalog: its market,
/// priorities, offerings and partners must exist.
pub fn load_request(path: &Path, catalog: &Catalog) -> Result<BundleRequest, Diagnostics> {
    let shared = shared_path(path);
    let text = fs::read_to_string(path).map_err(|e| {
        Diagnostics(vec![Diagnostic::new(
            Location::file(shared.clone()),
            Problem::Io(e),
        )])
    })?;
    let mut bundles = Vec::new();
    let mut diagnostics = Vec::new();
    parse_documents(&text, |doc| match doc {
        Ok(Document::Bundle(b)) => bundles.push(*b),
        Ok(Document::Empty) => {}
        Ok(other) => diagnostics.push(Diagnostic::new(
            Location::at(shared.clone(), 1, 1),
            Problem::UnexpectedKind {
                kind: other.kind().into(),
                expected: "`bundle`",
            },
        )),
        Err(e) => diagnostics.push(yaml_diagnostic(&shared, e)),
    });
    if !diagnostics.is_empty() {
        return Err(Diagnostics::sorted(diagnostics));
    }
    if bundles.len() != 1 {
        return Err(Diagnostics(vec![Diagnostic::new(
            Location::file(shared),
            Problem::BundleDocumentCount(bundles.len()),
        )]));
    }
    let request = bundles.pop().expect("one bundle");
    let findings = check_request(&request, catalog);
    if findings.is_empty() {
        return Ok(request);
    }
    let located = findings
        .into_iter()
        .map(|(problem, anchor)| {
            let mut location = Location::file(shared.clone());
            if let Some((line, column)) = locate(&text, &anchor) {
                location.line = Some(line);
                location.column = Some(column);
            }
            Diagnostic::new(location, problem)
        })
        .collect();
    Err(Diagnostics::sorted(located))
}

/// Problems of a request against the catalog, each with where to find it.
fn check_request(request: &BundleRequest, catalog: &Catalog) -> Vec<(Problem, Anchor)> {
    let id = request.id.as_str();
    let mut problems = Vec::new();
    let market = match &request.market {
        Some(m) => match catalog.market(m.as_str()) {
            Some(market) => Some(market),
            None => {
                problems.push((
                    Problem::UnknownMarket {
                        market: m.clone(),
                        suggestion: suggest(m.as_str(), catalog.markets().keys()),
                    },
                    Anchor::value(id, &["market"], m.as_str()),
                ));
                None
            }
        },
        None => {
            if !request.priorities.is_empty() {
                problems.push((
                    Problem::PrioritiesWithoutMarket,
                    Anchor::value(id, &["priorities"], ""),
                ));
            }
            None
        }
    };
    if let Some(market) = market {
        for p in &request.priorities {
            if market.priority(p.as_str()).is_none() {
                problems.push((
                    Problem::UnknownPriority {
                        market: market.id.clone(),
                        priority: p.clone(),
                        suggestion: suggest(p.as_str(), market.priorities.iter().map(|p| &p.id)),
                    },
                    Anchor::value(id, &["priorities"], p.as_str()),
                ));
            }
        }
    }
    for (field, list) in [("include", &request.include), ("exclude", &request.exclude)] {
        for o in list {
            if catalog.lookup(o.as_str()).is_none() {
                problems.push((
                    Problem::UnknownOffering {
                        field,
                        offering: o.clone(),
                        suggestion: suggest(o.as_str(), catalog.offerings().iter().map(|o| &o.id)),
                    },
                    Anchor::value(id, &[field], o.as_str()),
                ));
            }
        }
    }
    for o in &request.include {
        if request.exclude.contains(o) {
            problems.push((
                Problem::IncludedAndExcluded(o.clone()),
                Anchor::value(id, &["exclude"], o.as_str()),
            ));
        }
    }
    if let crate::PartnerPolicy::Only(list) = &request.partners {
        for p in list {
            if catalog.partner(p.as_str()).is_none() {
                problems.push((
                    Problem::UnknownRequestPartner {
                        partner: p.clone(),
                        suggestion: suggest(p.as_str(), catalog.partners().keys()),
                    },
                    Anchor::value(id, &["partners"], p.as_str()),
                ));
            }
        }
    }
    problems
}

/// Builds a catalog from documents held in memory, for tests and tools that
/// generate catalogs. Problems are located at `origin` without line numbers.
pub fn catalog_from_documents(
    documents: impl IntoIterator<Item = Document>,
    origin: &Path,
) -> Result<Catalog, Diagnostics> {
    let origin = shared_path(origin);
    let docs = documents.into_iter().map(|d| (d, origin.clone())).collect();
    let (catalog, findings) = validate::build(docs);
    if findings.is_empty() {
        Ok(catalog)
    } else {
        Err(Diagnostics::sorted(
            findings.into_iter().map(|f| f.diagnostic).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A catalog directory with these files.
    fn dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let full = dir.path().join(path);
            fs::create_dir_all(full.parent().unwrap()).unwrap();
            fs::write(full, text).unwrap();
        }
        dir
    }

    /// Every problem as `file:line:column: message` (with `hint:` lines),
    /// the directory shown as `[CATALOG]`.
    fn problems(files: &[(&str, &str)]) -> Vec<String> {
        let dir = dir(files);
        let diagnostics = load_catalog(dir.path()).expect_err("an invalid catalog");
        let root = dir.path().display().to_string();
        diagnostics
            .iter()
            .map(|d| d.to_string().replace(&root, "[CATALOG]"))
            .collect()
    }

    fn offering(id: &str, extra: &str) -> String {
        format!("kind: offering\nid: {id}\nname: N\nversion: 1.0.0\nportfolio: p\nlifecycle: formation\n{extra}")
    }

    const PARTNER: &str = "kind: partner\nid: acme\nname: ACME\nagreement: { status: active }\n";

    #[test]
    fn a_valid_catalog_loads_with_its_indexes() {
        let a = offering(
            "a",
            "partner: acme\ncapabilities: [c]\nprovides: [{interface: i, version: 1.2.0}]\nconflicts: [b]\n",
        );
        let b = offering("b", "provides: [{interface: i, version: 2.0.0}]\n");
        let dir = dir(&[
            ("offerings.yaml", &format!("{a}---\n{b}")),
            ("partners.yml", PARTNER),
            ("notes.txt", "not yaml: ["),
            (".hidden/x.yaml", "not: [valid"),
        ]);
        let catalog = load_catalog(dir.path()).unwrap();
        assert_eq!(catalog.len(), 2);
        let (a, b) = (catalog.lookup("a").unwrap(), catalog.lookup("b").unwrap());
        assert!(catalog.in_conflict(a, b) && catalog.in_conflict(b, a));
        let versions: Vec<String> = catalog
            .providers("i")
            .iter()
            .map(|p| p.version.to_string())
            .collect();
        assert_eq!(versions, ["2.0.0", "1.2.0"]);
        assert_eq!(catalog.deliverers("c"), &[a]);
        assert_eq!(catalog.partner_of(a).unwrap().name, "ACME");
    }

    #[test]
    fn duplicate_ids_across_files_name_both() {
        let a = offering("a", "");
        assert_eq!(
            problems(&[("one.yaml", &a), ("sub/two.yaml", &format!("# again\n{a}"))]),
            ["[CATALOG]/sub/two.yaml:3:1: duplicate offering id `a`, first defined at [CATALOG]/one.yaml:2:1"]
        );
    }

    #[test]
    fn duplicate_ids_in_one_file_name_both_lines() {
        let a = offering("a", "");
        let market = "kind: market\nid: m\nname: M\n";
        assert_eq!(
            problems(&[("x.yaml", &format!("{a}---\n{a}---\n{PARTNER}---\n{PARTNER}---\n{market}---\n{market}"))]),
            [
                "[CATALOG]/x.yaml:9:1: duplicate offering id `a`, first defined at [CATALOG]/x.yaml:2:1",
                "[CATALOG]/x.yaml:21:1: duplicate partner id `acme`, first defined at [CATALOG]/x.yaml:16:1",
                "[CATALOG]/x.yaml:30:1: duplicate market id `m`, first defined at [CATALOG]/x.yaml:26:1",
            ]
        );
    }

    #[test]
    fn dangling_references_are_located_with_suggestions() {
        let a = offering(
            "a",
            "partner: acmee\nmarkets: [retail, m]\nconflicts: [bb, zzz]\n",
        );
        let b = offering("b", "");
        let market = "kind: market\nid: m\nname: M\n";
        assert_eq!(
            problems(&[("x.yaml", &format!("{a}---\n{b}---\n{PARTNER}---\n{market}"))]),
            [
                "[CATALOG]/x.yaml:7:10: offering `a` names unknown partner `acmee`\n  hint: did you mean `acme`?",
                "[CATALOG]/x.yaml:8:11: offering `a` names unknown market `retail`",
                "[CATALOG]/x.yaml:9:13: offering `a` conflicts with unknown offering `bb`\n  hint: did you mean `b`?",
                "[CATALOG]/x.yaml:9:17: offering `a` conflicts with unknown offering `zzz`",
            ]
        );
    }

    #[test]
    fn self_conflicts_are_reported() {
        assert_eq!(
            problems(&[("x.yaml", &offering("a", "conflicts: [a]\n"))]),
            ["[CATALOG]/x.yaml:7:13: offering `a` conflicts with itself"]
        );
    }

    #[test]
    fn market_priorities_need_delivered_capabilities() {
        let a = offering("a", "capabilities: [fraud.scoring]\n");
        let market = "kind: market\nid: m\nname: M\npriorities:\n  - id: p1\n    capabilities: [fraud.scorin, fraud.scoring]\n  - id: p2\n    capabilities:\n      - nobody.delivers\n  - id: p1\n    capabilities: [fraud.scoring]\n";
        assert_eq!(
            problems(&[("a.yaml", &a), ("m.yaml", market)]),
            [
                "[CATALOG]/m.yaml:6:20: priority `p1` of market `m` names capability `fraud.scorin`, which no offering delivers\n  hint: did you mean `fraud.scoring`?",
                "[CATALOG]/m.yaml:9:9: priority `p2` of market `m` names capability `nobody.delivers`, which no offering delivers\n  hint: add the capability to an offering's `capabilities`, or remove it from the priority",
                "[CATALOG]/m.yaml:10:5: duplicate priority id `p1` in market `m`",
            ]
        );
    }

    #[test]
    fn bundles_do_not_belong_in_a_catalog() {
        assert_eq!(
            problems(&[("b.yaml", "kind: bundle\nid: b\nname: B\n")]),
            ["[CATALOG]/b.yaml:2:1: unexpected kind `bundle`: expected one of `offering`, `partner`, `market`"]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once_in_file_order() {
        let found = problems(&[
            ("a.yaml", &offering("a", "partner: nobody\n")),
            ("b.yaml", "kind: offering\nid: b\nname: [\n"),
            ("c.yaml", &offering("c", "version: 2\n")),
            (
                "d.yaml",
                &format!("{}---\nkind: offerin\n", offering("Bad", "")),
            ),
            (
                "e.yaml",
                &offering("e", "price: {amount: 1, currency: USD, per: week}\n"),
            ),
            ("f.yaml", &offering("a", "")),
        ]);
        let files: Vec<&str> = found
            .iter()
            .map(|p| &p["[CATALOG]/".len().."[CATALOG]/".len() + 6])
            .collect();
        assert_eq!(
            files,
            ["a.yaml", "b.yaml", "c.yaml", "d.yaml", "d.yaml", "e.yaml", "f.yaml"],
            "{found:#?}"
        );
    }

    #[test]
    fn unreadable_input_is_reported() {
        let dir = dir(&[("bad.yaml", "")]);
        fs::write(dir.path().join("bad.yaml"), b"kind: offering\nid: \xff\n").unwrap();
        let d = load_catalog(dir.path()).unwrap_err();
        assert_eq!(d.len(), 1);
        assert!(
            d.to_string()
                .contains("bad.yaml: cannot read: stream did not contain valid UTF-8"),
            "{d}"
        );

        let missing = dir.path().join("missing");
        let d = load_catalog(&missing).unwrap_err();
        assert!(d.to_string().contains("missing: cannot read: "), "{d}");
        let file = dir.path().join("bad.yaml");
        assert!(load_catalog(&file)
            .unwrap_err()
            .to_string()
            .contains("not a directory"));
    }

    #[test]
    fn files_are_listed_in_path_order() {
        let dir = dir(&[
            ("b.yaml", ""),
            ("a-b.yaml", ""),
            ("a/z.yml", ""),
            ("a/b/c.yaml", ""),
            ("a.yaml", ""),
            ("c.txt", ""),
        ]);
        let files = catalog_files(dir.path()).unwrap();
        let mut sorted = files.clone();
        sorted.sort();
        assert_eq!(files, sorted);
        assert_eq!(files.len(), 5);
    }

    #[test]
    fn an_empty_catalog_is_valid() {
        let dir = dir(&[
            ("empty.yaml", ""),
            ("comments.yaml", "# nothing yet\n---\n"),
        ]);
        assert!(load_catalog(dir.path()).unwrap().is_empty());
    }
}
