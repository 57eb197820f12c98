//! Reading catalogs and bundle requests from disk.

use std::fs;
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
    let parse_one = |path: &PathBuf| -> FileResult {
        let text = fs::read_to_string(path)?;
        let mut docs = Vec::new();
        parse_documents(&text, |d| docs.push(d));
        Ok(docs)
    };
    let mut results: Vec<(usize, FileResult)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        out.push((i, parse_one(path)));
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
    for (path, findings) in files {
        let text = fs::read_to_string(&path).ok();
        for finding in findings {
            out.push(refine(finding, text.as_deref()));
        }
    }
    out
}

fn refine(finding: Finding, text: Option<&str>) -> Diagnostic {
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
            let first_text = if first.path == diagnostic.location.path {
                Some(text.to_owned())
            } else {
                fs::read_to_string(&first.path).ok()
            };
            if let Some((line, column)) =
                first_text.and_then(|t| locate(&t, &Anchor::document(id.as_str(), 0)))
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
