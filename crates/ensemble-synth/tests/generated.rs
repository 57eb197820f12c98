//! Generated catalogs are valid, shaped as promised, deterministic, and their
//! requests are composable (or provably not) as documented.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use ensemble_model::{load_catalog, Catalog, OfferingIx};
use ensemble_synth::{files, generate, Config, Layout, Shape};

fn configs() -> Vec<Config> {
    let mut out = Vec::new();
    for shape in [Shape::Portfolio, Shape::Distro] {
        for layout in [Layout::OnePerFile, Layout::PerPortfolio] {
            for offerings in [60, 400, 2500] {
                out.push(Config {
                    offerings,
                    shape,
                    layout,
                    needs: vec![5, 10],
                    requests: 2,
                    ..Config::default()
                });
            }
        }
    }
    out
}

#[derive(serde::Deserialize)]
struct Request {
    #[serde(default)]
    needs: Vec<Need>,
    #[serde(default)]
    include: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Need {
    capability: String,
}

fn request(dir: &Path, name: &str) -> Request {
    let text = std::fs::read_to_string(dir.join("bundles").join(name)).unwrap();
    let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut map = value.as_mapping().unwrap().clone();
    map.retain(|k, _| matches!(k.as_str(), Some("needs" | "include")));
    serde_yaml::from_value(serde_yaml::Value::Mapping(map)).unwrap()
}

/// Whether some alternative of every non-optional requirement of `ix` is met
/// by a provider in `set`.
fn requirements_met(catalog: &Catalog, ix: OfferingIx, set: &HashSet<OfferingIx>) -> bool {
    catalog.offering(ix).requires.iter().all(|r| {
        r.optional
            || r.alternatives.iter().any(|alt| {
                catalog
                    .providers(alt.interface.as_str())
                    .iter()
                    .any(|p| set.contains(&p.offering) && alt.version.matches(&p.version))
            })
    })
}

/// The offerings that could be in some bundle if conflicts did not exist: the
/// greatest set in which every member's requirements are met.
fn viable(catalog: &Catalog) -> HashSet<OfferingIx> {
    let mut set: HashSet<OfferingIx> = catalog.indexes().collect();
    loop {
        let drop: Vec<OfferingIx> = set
            .iter()
            .copied()
            .filter(|&ix| !requirements_met(catalog, ix, &set))
            .collect();
        if drop.is_empty() {
            return set;
        }
        for ix in drop {
            set.remove(&ix);
        }
    }
}

#[test]
fn generated_catalogs_are_valid_and_requests_behave() {
    for config in configs() {
        let dir = tempfile::tempdir().unwrap();
        let summary = generate(&config, dir.path()).unwrap();
        let catalog = load_catalog(&dir.path().join("catalog"))
            .unwrap_or_else(|d| panic!("{config:?} is invalid:\n{d}"));
        assert_eq!(catalog.len(), config.offerings);
        assert_eq!(summary.offerings, config.offerings);
        let core_ids = files(&config).unwrap().core;

        // The core is internal, not end-of-life, conflict-free and closed.
        let core: HashSet<OfferingIx> = core_ids
            .iter()
            .map(|id| catalog.lookup(id).unwrap())
            .collect();
        for &ix in &core {
            let o = catalog.offering(ix);
            assert!(o.partner.is_none(), "{}", o.id);
            assert_ne!(o.lifecycle, ensemble_model::Lifecycle::EndOfLife);
            assert!(requirements_met(&catalog, ix, &core), "{}", o.id);
            for c in catalog.conflicts(ix) {
                assert!(!core.contains(c), "{} conflicts inside the core", o.id);
            }
        }

        // Composable requests: every need delivered by the core.
        let needs_files: Vec<_> = summary
            .requests
            .iter()
            .filter(|p| p.to_string_lossy().contains("needs-"))
            .collect();
        assert_eq!(needs_files.len(), 4, "{:?}", summary.requests);
        for path in needs_files {
            let name = path.file_name().unwrap().to_str().unwrap();
            let req = request(dir.path(), name);
            let distinct: HashSet<&str> = req.needs.iter().map(|n| n.capability.as_str()).collect();
            assert_eq!(distinct.len(), req.needs.len());
            for need in &req.needs {
                assert!(
                    catalog
                        .deliverers(&need.capability)
                        .iter()
                        .any(|ix| core.contains(ix)),
                    "{name}: {} has no core deliverer",
                    need.capability
                );
            }
        }

        // unsat.yaml: the dead-end capability has deliverers, none viable.
        let req = request(dir.path(), "unsat.yaml");
        let dead = &summary.dead_end_capability;
        assert!(req.needs.iter().any(|n| &n.capability == dead));
        let deliverers = catalog.deliverers(dead);
        assert!(!deliverers.is_empty());
        let viable = viable(&catalog);
        assert!(deliverers.iter().all(|ix| !viable.contains(ix)));
        // The cause is deep: the deliverers' own requirements have providers.
        for &ix in deliverers {
            for r in &catalog.offering(ix).requires {
                assert!(!catalog
                    .providers(r.alternatives[0].interface.as_str())
                    .is_empty());
            }
        }

        // unsat-conflict.yaml: both includes are viable, they do not conflict
        // directly, but their forced closures (single providers all the way)
        // contain a conflicting pair.
        let req = request(dir.path(), "unsat-conflict.yaml");
        assert_eq!(req.include.len(), 2);
        let closures: Vec<HashSet<OfferingIx>> = req
            .include
            .iter()
            .map(|id| forced_closure(&catalog, catalog.lookup(id).unwrap()))
            .collect();
        let a = catalog.lookup(&req.include[0]).unwrap();
        let b = catalog.lookup(&req.include[1]).unwrap();
        assert!(viable.contains(&a) && viable.contains(&b));
        assert!(!catalog.in_conflict(a, b));
        assert!(closures[0]
            .iter()
            .any(|&x| closures[1].iter().any(|&y| catalog.in_conflict(x, y))));
    }
}

/// Everything `ix` pulls in when every requirement has exactly one provider
/// (asserted).
fn forced_closure(catalog: &Catalog, ix: OfferingIx) -> HashSet<OfferingIx> {
    let mut seen = HashSet::from([ix]);
    let mut todo = vec![ix];
    while let Some(o) = todo.pop() {
        for r in &catalog.offering(o).requires {
            let alt = &r.alternatives[0];
            let providers = catalog.providers(alt.interface.as_str());
            assert_eq!(providers.len(), 1, "{}", alt.interface);
            if seen.insert(providers[0].offering) {
                todo.push(providers[0].offering);
            }
        }
    }
    seen
}

#[test]
fn catalogs_have_every_feature() {
    let config = Config {
        offerings: 2000,
        ..Config::default()
    };
    let dir = tempfile::tempdir().unwrap();
    generate(&config, dir.path()).unwrap();
    let catalog = load_catalog(&dir.path().join("catalog")).unwrap();
    let offerings = catalog.offerings();
    for lifecycle in ensemble_model::Lifecycle::ALL {
        assert!(
            offerings.iter().any(|o| o.lifecycle == lifecycle),
            "{lifecycle}"
        );
    }
    let statuses: HashSet<_> = catalog
        .partners()
        .values()
        .map(|p| p.agreement.status.as_str())
        .collect();
    assert!(statuses.contains("expired") && statuses.contains("active"));
    let currencies: HashSet<_> = offerings
        .iter()
        .filter_map(|o| o.price.as_ref().map(|p| p.currency.as_str().to_owned()))
        .collect();
    assert!(currencies.contains("USD") && currencies.contains("EUR"));
    let requires = offerings.iter().flat_map(|o| &o.requires);
    let (mut any_of, mut optional) = (0, 0);
    for r in requires {
        any_of += usize::from(r.any_of);
        optional += usize::from(r.optional);
    }
    assert!(any_of > 10 && optional > 10, "{any_of} {optional}");
    assert!(catalog
        .indexes()
        .any(|ix| !catalog.conflicts(ix).is_empty()));
    assert!(offerings.iter().any(|o| o.partner.is_some()));
    assert!(offerings.iter().any(|o| o.kits.sales.is_some()));
    assert!(offerings.iter().any(|o| !o.configurations.is_empty()));
    // Several providers at several versions for some interface.
    let mut versions: HashMap<&str, HashSet<String>> = HashMap::new();
    for o in offerings {
        for p in &o.provides {
            versions
                .entry(p.interface.as_str())
                .or_default()
                .insert(p.version.to_string());
        }
    }
    assert!(versions.values().any(|v| v.len() >= 3));
    // A wiring cycle between two offerings.
    let cycle = catalog.indexes().any(|a| {
        catalog.offering(a).requires.iter().any(|r| {
            catalog
                .providers(r.alternatives[0].interface.as_str())
                .iter()
                .any(|p| {
                    catalog.offering(p.offering).requires.iter().any(|r2| {
                        catalog
                            .providers(r2.alternatives[0].interface.as_str())
                            .iter()
                            .any(|q| q.offering == a)
                    })
                })
        })
    });
    assert!(cycle);
}

#[test]
fn output_is_deterministic() {
    let config = Config {
        offerings: 500,
        shape: Shape::Distro,
        ..Config::default()
    };
    let a = files(&config).unwrap();
    let b = files(&config).unwrap();
    assert_eq!(a.catalog, b.catalog);
    assert_eq!(a.requests, b.requests);
    let c = files(&Config { seed: 7, ..config }).unwrap();
    assert_ne!(a.catalog, c.catalog);
}

#[test]
fn refuses_too_small_and_foreign_directories() {
    let small = Config {
        offerings: 10,
        ..Config::default()
    };
    assert!(files(&small).is_err());
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("catalog")).unwrap();
    std::fs::write(dir.path().join("catalog/mine.yaml"), "x").unwrap();
    let config = Config {
        offerings: 100,
        ..Config::default()
    };
    assert!(generate(&config, dir.path()).is_err());
    assert!(dir.path().join("catalog/mine.yaml").exists());
    // A directory written by the tool is replaced.
    let other = tempfile::tempdir().unwrap();
    generate(&config, other.path()).unwrap();
    generate(
        &Config {
            layout: Layout::PerPortfolio,
            ..config
        },
        other.path(),
    )
    .unwrap();
    load_catalog(&other.path().join("catalog")).unwrap();
}

#[test]
fn documents_build_the_same_catalog_in_memory() {
    let config = Config {
        offerings: 300,
        shape: Shape::Distro,
        ..Config::default()
    };
    let docs = ensemble_synth::documents(&config).unwrap();
    let catalog = ensemble_model::catalog_from_documents(docs, Path::new("memory.yaml")).unwrap();
    assert_eq!(catalog.len(), 300);
}

#[test]
fn the_command_line_writes_a_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ensemble-synth"))
        .args(["--offerings", "120", "--seed", "7", "--shape", "distro"])
        .args([
            "--layout",
            "per-portfolio",
            "--needs",
            "3,5",
            "--requests",
            "2",
        ])
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("120 offerings"), "{stdout}");
    for request in [
        "needs-3",
        "needs-3-2",
        "needs-5",
        "needs-5-2",
        "unsat",
        "unsat-conflict",
    ] {
        assert!(
            dir.path().join(format!("bundles/{request}.yaml")).exists(),
            "{request}"
        );
    }
    load_catalog(&dir.path().join("catalog")).unwrap();

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_ensemble-synth"))
        .args(["--offerings", "5", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8(bad.stderr).unwrap();
    assert!(
        stderr.starts_with("error: `--offerings 5` is too small"),
        "{stderr}"
    );
}
