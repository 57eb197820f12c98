//! Audit time on synthetic catalogs.
//!
//! ```text
//! cargo bench -p ensemble-audit --bench audit                 # 10,000 and 100,000 offerings
//! cargo bench -p ensemble-audit --bench audit -- 20000 --runs 3
//! ```
//!
//! Catalogs come from `ensemble-synth` (portfolio shape, seed 42, 50
//! composable requests of 25 needs) and are built in memory, so loading is
//! not measured (see `ensemble-synth`'s `load` bench). Measured: the
//! repository's offering rules (`rules/`) over the catalog, building the
//! audit, rendering it as text, Markdown and JSON, and `--retire` of an
//! offering the first request's bundle uses, over all the requests. Each
//! number is the median of several runs: wall-clock time, and (on Linux) the
//! CPU time of the process (all threads), which is what counts on a shared
//! machine.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use ensemble_audit::{retirement, Audit, RetireCase};
use ensemble_model::{parse_str, Document};
use ensemble_rules::RuleSet;
use ensemble_solver::{solve, SolveOptions};
use ensemble_synth::{Config, Shape};

/// The allocator the `ensemble` binary uses, so timings match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut sizes = Vec::new();
    let mut runs = 5;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|r| r.parse().ok()).unwrap_or(runs),
            a => {
                if let Ok(n) = a.replace('_', "").parse::<usize>() {
                    sizes.push(n);
                }
            }
        }
    }
    if sizes.is_empty() {
        sizes = vec![10_000, 100_000];
    }
    let as_of = "2026-11-22".parse().expect("date");
    println!("median of {runs} runs");
    for n in sizes {
        let config = Config {
            offerings: n,
            shape: Shape::Portfolio,
            requests: 50,
            ..Config::default()
        };
        let files = ensemble_synth::files(&config).expect("synthetic catalog");
        let docs = files
            .catalog
            .iter()
            .flat_map(|(_, text)| parse_str(text).expect("generated YAML parses"));
        let catalog = ensemble_model::catalog_from_documents(docs, "synth.yaml".as_ref())
            .expect("valid catalog");
        let rules_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
        let rules = RuleSet::load(&rules_dir, &[]).expect("the repository's rules");
        let verdicts = rules
            .evaluate_offerings(&catalog, as_of)
            .expect("rules run");
        let findings = verdicts.all();
        let audit = Audit::build(&catalog, as_of, &findings);
        println!(
            "\n{n} offerings: {} redundant capabilities, {} unused, {} fragile, {} gaps, {} rule findings",
            audit.summary.redundant_capabilities,
            audit.summary.unused_offerings,
            audit.summary.fragile_requirements,
            audit.summary.standardization_gaps,
            audit.summary.rule_findings,
        );
        let rules_time = median(runs, || {
            std::hint::black_box(
                rules
                    .evaluate_offerings(&catalog, as_of)
                    .expect("rules run"),
            );
        });
        let build = median(runs, || {
            std::hint::black_box(Audit::build(&catalog, as_of, &findings));
        });
        let text = median(runs, || {
            std::hint::black_box(ensemble_audit::text::render(&audit));
        });
        let markdown = median(runs, || {
            std::hint::black_box(ensemble_audit::markdown::render(&audit));
        });
        let json = median(runs, || {
            std::hint::black_box(serde_json::to_string_pretty(&audit).expect("json"));
        });

        let cases: Vec<RetireCase> = files
            .requests
            .iter()
            .filter_map(|(path, text)| match parse_str(text).ok()?.pop()? {
                Document::Bundle(request) => Some(RetireCase {
                    file: path.clone(),
                    request: *request,
                    denied: BTreeMap::new(),
                }),
                _ => None,
            })
            .collect();
        let mut options = SolveOptions::new(as_of);
        options.denied = verdicts.denied();
        let first = solve(&catalog, &cases[0].request, &options).expect("solves");
        let member = &first.bundle.offerings[0].id;
        let retired = catalog.lookup(member.as_str()).expect("a member");
        let impact = retirement(&catalog, retired, &options, &cases).expect("retire");
        println!(
            "retiring {member} over {} requests: {} broken, {} recomposed, {} unaffected, {} failing",
            cases.len(),
            impact.broken.len(),
            impact.recomposed.len(),
            impact.unaffected.len(),
            impact.already_failing.len()
        );
        let retire = median(runs, || {
            std::hint::black_box(retirement(&catalog, retired, &options, &cases).expect("retire"));
        });
        line("rules", rules_time);
        line("build", build);
        line("text", text);
        line("markdown", markdown);
        line("json", json);
        line("retire", retire);
    }
}

/// Median wall-clock and CPU time of `runs` calls.
fn median(runs: usize, mut f: impl FnMut()) -> (Duration, Option<Duration>) {
    let mut times: Vec<(Duration, Option<Duration>)> = (0..runs.max(1))
        .map(|_| {
            let cpu = cpu_time();
            let start = Instant::now();
            f();
            let wall = start.elapsed();
            (wall, cpu_time().zip(cpu).map(|(b, a)| b.saturating_sub(a)))
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn cpu_time() -> Option<Duration> {
    ensemble_synth::process_cpu_time()
}

fn line(name: &str, (wall, cpu): (Duration, Option<Duration>)) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    match cpu {
        Some(cpu) => println!(
            "  {name:<9} {:>8.1} ms wall  {:>8.1} ms cpu",
            ms(wall),
            ms(cpu)
        ),
        None => println!("  {name:<9} {:>8.1} ms wall", ms(wall)),
    }
}
