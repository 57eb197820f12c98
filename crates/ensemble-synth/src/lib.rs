//! Deterministic synthetic catalogs and bundle requests for Ensemble's tests
//! and benchmarks.
//!
//! The same [`Config`] always produces the same bytes. Catalogs are valid
//! (every reference resolves, every market priority is delivered), shaped
//! like real ones (portfolios, interfaces with several providers and
//! versions, `any_of` alternatives, optional requirements, conflicts, wiring
//! cycles, partners including one whose agreement expired, every lifecycle),
//! and come with bundle requests that are known to be composable
//! (`needs-<M>.yaml`) and known not to be (`unsat.yaml`,
//! `unsat-conflict.yaml`).
//!
//! ```
//! use ensemble_synth::{Config, Shape};
//!
//! let config = Config { offerings: 200, shape: Shape::Distro, ..Config::default() };
//! let dir = tempfile::tempdir().unwrap();
//! let summary = ensemble_synth::generate(&config, dir.path()).unwrap();
//! let catalog = ensemble_model::load_catalog(&dir.path().join("catalog")).unwrap();
//! assert_eq!(catalog.len(), summary.offerings);
//! ```

mod plan;
mod render;
mod rng;
mod timing;

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use plan::MIN_OFFERINGS;
pub use rng::Rng;
pub use timing::process_cpu_time;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Total number of offerings, at least [`MIN_OFFERINGS`].
    pub offerings: usize,
    /// The seed; the same seed gives the same catalog.
    pub seed: u64,
    pub shape: Shape,
    pub layout: Layout,
    /// Sizes of the composable requests: one `needs-<M>.yaml` per size.
    pub needs: Vec<usize>,
    /// How many composable requests of each size (`needs-<M>.yaml`, then
    /// `needs-<M>-2.yaml`, ...).
    pub requests: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            offerings: 1000,
            seed: 42,
            shape: Shape::Portfolio,
            layout: Layout::OnePerFile,
            needs: vec![25],
            requests: 1,
        }
    }
}

/// What the catalog looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A company portfolio: many portfolios, a few layers, interfaces with
    /// several providers at several versions.
    Portfolio,
    /// A Linux distribution's package graph: deep requirement chains, many
    /// `any_of` alternatives and conflicts, virtual interfaces with dozens of
    /// providers.
    Distro,
}

/// How offerings are spread over files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `catalog/offerings/<portfolio>/<id>.yaml`, one document each.
    OnePerFile,
    /// `catalog/offerings/<portfolio>.yaml`, multi-document.
    PerPortfolio,
}

impl std::str::FromStr for Shape {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "portfolio" => Ok(Shape::Portfolio),
            "distro" => Ok(Shape::Distro),
            other => Err(format!(
                "unknown shape `{other}`: expected `portfolio` or `distro`"
            )),
        }
    }
}

impl std::str::FromStr for Layout {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "one-per-file" => Ok(Layout::OnePerFile),
            "per-portfolio" => Ok(Layout::PerPortfolio),
            other => Err(format!(
                "unknown layout `{other}`: expected `one-per-file` or `per-portfolio`"
            )),
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub offerings: usize,
    pub partners: usize,
    pub markets: usize,
    pub portfolios: usize,
    pub interfaces: usize,
    pub capabilities: usize,
    /// Catalog files written (or held in memory).
    pub files: usize,
    /// Paths of the bundle requests, relative to the output directory.
    pub requests: Vec<PathBuf>,
    /// The capability no bundle can deliver (needed by `unsat.yaml`).
    pub dead_end_capability: String,
    /// Two offerings that can never share a bundle (`unsat-conflict.yaml`).
    pub clashing_pair: (String, String),
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} offerings, {} partners, {} markets, {} portfolios, {} interfaces, {} capabilities in {} files",
            self.offerings,
            self.partners,
            self.markets,
            self.portfolios,
            self.interfaces,
            self.capabilities,
            self.files
        )?;
        for r in &self.requests {
            writeln!(f, "request {}", r.display())?;
        }
        Ok(())
    }
}

/// Why a configuration cannot be generated.
#[derive(Debug)]
pub enum Error {
    TooFewOfferings {
        wanted: usize,
        minimum: usize,
    },
    TooManyNeeds {
        wanted: usize,
        maximum: usize,
    },
    /// The output directory holds files this tool did not write.
    NotEmpty(PathBuf),
    Io(PathBuf, io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TooFewOfferings { wanted, minimum } => write!(
                f,
                "`--offerings {wanted}` is too small: this shape needs at least {minimum}"
            ),
            Error::TooManyNeeds { wanted, maximum } => write!(
                f,
                "`--needs {wanted}` is too many: this catalog has {maximum} capabilities"
            ),
            Error::NotEmpty(p) => write!(
                f,
                "`{}` exists and was not written by ensemble-synth\n  hint: choose an empty or new `--out` directory",
                p.display()
            ),
            Error::Io(p, e) => write!(f, "cannot write `{}`: {e}", p.display()),
        }
    }
}

impl std::error::Error for Error {}

/// The generated files: paths relative to the output directory, and their
/// text, catalog files first, sorted by path.
#[derive(Debug)]
pub struct Files {
    pub catalog: Vec<(PathBuf, String)>,
    pub requests: Vec<(PathBuf, String)>,
    pub summary: Summary,
    /// Ids of the canonical offerings: internal, never end-of-life, free of
    /// conflicts among themselves, and closed under non-optional
    /// requirements. They deliver every need of every `needs-<M>.yaml`, which
    /// is why those requests are composable (an oracle for solver tests).
    pub core: Vec<String>,
}

impl Files {
    /// The generated bundle request in the file named `name` (say
    /// `needs-25.yaml`), parsed.
    pub fn request(&self, name: &str) -> Option<ensemble_model::BundleRequest> {
        let (_, text) = self.requests.iter().find(|(p, _)| p.ends_with(name))?;
        match ensemble_model::parse_str(text).ok()?.pop()? {
            ensemble_model::Document::Bundle(b) => Some(*b),
            _ => None,
        }
    }
}

/// Generates everything in memory.
pub fn files(config: &Config) -> Result<Files, Error> {
    let minimum = plan::minimum(config);
    if config.offerings < minimum {
        return Err(Error::TooFewOfferings {
            wanted: config.offerings,
            minimum,
        });
    }
    let plan = plan::plan(config);
    if let Some(&wanted) = config
        .needs
        .iter()
        .find(|&&m| m > plan.safe_capabilities.len())
    {
        return Err(Error::TooManyNeeds {
            wanted,
            maximum: plan.safe_capabilities.len(),
        });
    }

    let mut catalog = Vec::new();
    let mut text = String::new();
    render::partner(&plan.partners[0], &mut text);
    for p in &plan.partners[1..] {
        text.push_str("---\n");
        render::partner(p, &mut text);
    }
    catalog.push((PathBuf::from("catalog/partners.yaml"), text));
    let mut text = String::new();
    for (i, m) in plan.markets.iter().enumerate() {
        if i > 0 {
            text.push_str("---\n");
        }
        render::market(&plan, m, &mut text);
    }
    catalog.push((PathBuf::from("catalog/markets.yaml"), text));

    match config.layout {
        Layout::OnePerFile => {
            for o in &plan.offerings {
                let mut text = String::with_capacity(1024);
                render::offering(&plan, o, &mut text);
                let path = PathBuf::from(format!(
                    "catalog/offerings/{}/{}.yaml",
                    plan.portfolios[o.portfolio], o.id
                ));
                catalog.push((path, text));
            }
        }
        Layout::PerPortfolio => {
            let mut texts = vec![String::new(); plan.portfolios.len()];
            for o in &plan.offerings {
                let text = &mut texts[o.portfolio];
                if !text.is_empty() {
                    text.push_str("---\n");
                }
                render::offering(&plan, o, text);
            }
            for (p, text) in texts.into_iter().enumerate() {
                if !text.is_empty() {
                    let path =
                        PathBuf::from(format!("catalog/offerings/{}.yaml", plan.portfolios[p]));
                    catalog.push((path, text));
                }
            }
        }
    }
    catalog.sort_by(|a, b| a.0.cmp(&b.0));

    let mut requests = Vec::new();
    for &m in &config.needs {
        for k in 1..=config.requests.max(1) {
            let mut rng = Rng::new(config.seed ^ 0x5EED_0000 ^ ((m as u64) << 20) ^ k as u64);
            let needs = choose(&mut rng, &plan.safe_capabilities, m);
            let needs: Vec<&str> = needs
                .iter()
                .map(|&c| plan.capabilities[c].as_str())
                .collect();
            let stem = if k == 1 {
                format!("needs-{m}")
            } else {
                format!("needs-{m}-{k}")
            };
            let text = render::request(
                &format!("synth-{stem}"),
                &format!("Synthetic request with {m} needs"),
                "Composable: every need is delivered by an offering whose requirements\nare all met, without conflicts, by internal offerings.",
                &needs,
                &[],
            );
            requests.push((PathBuf::from(format!("bundles/{stem}.yaml")), text));
        }
    }
    let mut rng = Rng::new(config.seed ^ 0xDEAD_E5D0);
    let mut needs: Vec<&str> = choose(
        &mut rng,
        &plan.safe_capabilities,
        5.min(plan.safe_capabilities.len()),
    )
    .iter()
    .map(|&c| plan.capabilities[c].as_str())
    .collect();
    let dead_end = plan.capabilities[plan.dead_end_capability].as_str();
    needs.push(dead_end);
    requests.push((
        PathBuf::from("bundles/unsat.yaml"),
        render::request(
            "synth-unsat",
            "Synthetic request that cannot be composed",
            &format!("Unsatisfiable: every offering delivering `{dead_end}` needs a chain of\nbridge stages whose last stage requires a version of an interface\nthat nobody provides."),
            &needs,
            &[],
        ),
    ));
    let (east, west) = (
        plan.offerings[plan.clashing_pair.0].id.as_str(),
        plan.offerings[plan.clashing_pair.1].id.as_str(),
    );
    requests.push((
        PathBuf::from("bundles/unsat-conflict.yaml"),
        render::request(
            "synth-unsat-conflict",
            "Synthetic request whose includes clash",
            &format!("Unsatisfiable: `{east}` and `{west}` do not conflict, but the only\nchains that meet their requirements end in two offerings that do."),
            &[],
            &[east, west],
        ),
    ));

    let summary = Summary {
        offerings: plan.offerings.len(),
        partners: plan.partners.len(),
        markets: plan.markets.len(),
        portfolios: plan.portfolios.len(),
        interfaces: plan.interfaces.len(),
        capabilities: plan.capabilities.len(),
        files: catalog.len(),
        requests: requests.iter().map(|(p, _)| p.clone()).collect(),
        dead_end_capability: dead_end.to_owned(),
        clashing_pair: (east.to_owned(), west.to_owned()),
    };
    let core = plan
        .offerings
        .iter()
        .filter(|o| o.canonical)
        .map(|o| o.id.clone())
        .collect();
    Ok(Files {
        catalog,
        requests,
        summary,
        core,
    })
}

/// `count` distinct elements of `items`, by a partial Fisher–Yates shuffle.
fn choose(rng: &mut Rng, items: &[usize], count: usize) -> Vec<usize> {
    let mut pool = items.to_vec();
    for i in 0..count {
        let j = rng.range(i, pool.len() - 1);
        pool.swap(i, j);
    }
    pool.truncate(count);
    pool
}

/// The marker file that lets a later run replace what an earlier one wrote.
const MARKER: &str = ".ensemble-synth";

/// Generates the catalog into `out/catalog` and the requests into
/// `out/bundles`, replacing what an earlier run wrote there.
pub fn generate(config: &Config, out: &Path) -> Result<Summary, Error> {
    let files = files(config)?;
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| Error::Io(p, e)
    };
    for dir in ["catalog", "bundles"] {
        let dir = out.join(dir);
        if dir.exists() {
            let empty = fs::read_dir(&dir).map_err(io(&dir))?.next().is_none();
            if !empty && !out.join(MARKER).exists() {
                return Err(Error::NotEmpty(dir));
            }
            fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
    }
    fs::create_dir_all(out).map_err(io(out))?;
    fs::write(out.join(MARKER), "written by ensemble-synth\n").map_err(io(out))?;
    let all: Vec<&(PathBuf, String)> = files.catalog.iter().chain(&files.requests).collect();
    let mut dirs: Vec<&Path> = all.iter().filter_map(|(p, _)| p.parent()).collect();
    dirs.dedup();
    for d in dirs {
        let d = out.join(d);
        fs::create_dir_all(&d).map_err(io(&d))?;
    }
    // Writing 100,000 small files is dominated by system calls: spread them
    // over the cores.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = all.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = all
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    for (path, text) in part {
                        let full = out.join(path);
                        fs::write(&full, text).map_err(|e| Error::Io(full, e))?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().expect("writer thread panicked"))
    })?;
    Ok(files.summary)
}

/// The catalog's documents, parsed, for benchmarks and tests that build a
/// catalog in memory with [`ensemble_model::catalog_from_documents`].
pub fn documents(config: &Config) -> Result<Vec<ensemble_model::Document>, Error> {
    let files = files(config)?;
    let mut docs = Vec::new();
    for (path, text) in &files.catalog {
        let parsed = ensemble_model::parse_str(text).unwrap_or_else(|e| {
            panic!(
                "generated `{}` does not parse at {}:{}: {}",
                path.display(),
                e.line,
                e.column,
                e.message
            )
        });
        docs.extend(parsed);
    }
    Ok(docs)
}
