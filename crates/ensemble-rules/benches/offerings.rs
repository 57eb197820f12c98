//! The default rules over every offering of a synthetic catalog.
//!
//! ```text
//! cargo bench -p ensemble-rules --bench offerings               # 100,000 offerings
//! cargo bench -p ensemble-rules --bench offerings -- 10000 --runs 3
//! cargo bench -p ensemble-rules --bench offerings -- --only one   # one measurement (for profilers)
//! cargo bench -p ensemble-rules --bench offerings -- --rules DIR   # other rules than ./rules
//! ```
//!
//! The catalog comes from `ensemble-synth` (portfolio shape, seed 42), built
//! in memory. Reported: building every offering's script value alone, the
//! whole evaluation (values built once per offering, then every offering
//! rule called on it, on all cores), the same on one core, and the cost per
//! rule call. Each number is the median of several runs.

use std::path::Path;
use std::time::{Duration, Instant};

use ensemble_rules::{RuleSet, Values};
use ensemble_synth::{Config, Shape};

/// The allocator the `ensemble` binary uses, so timings match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut sizes = Vec::new();
    let mut runs = 5;
    let mut only: Option<String> = None;
    let mut rules_dir: Option<std::path::PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|r| r.parse().ok()).unwrap_or(runs),
            "--only" => only = args.next(),
            "--rules" => rules_dir = args.next().map(Into::into),
            a => {
                if let Ok(n) = a.replace('_', "").parse::<usize>() {
                    sizes.push(n);
                }
            }
        }
    }
    if sizes.is_empty() {
        sizes = vec![100_000];
    }
    let rules_dir =
        rules_dir.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules"));
    let rules = RuleSet::load(&rules_dir, &[]).expect("default rules");
    let offering_rules = rules
        .rules()
        .iter()
        .filter(|r| r.hooks.offering.is_some())
        .count();
    let as_of = "2026-11-22".parse().expect("date");
    println!(
        "{offering_rules} offering rules, median of {runs} runs, {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for n in sizes {
        let config = Config {
            offerings: n,
            shape: Shape::Portfolio,
            ..Config::default()
        };
        let docs = ensemble_synth::documents(&config).expect("synthetic catalog");
        let catalog = ensemble_model::catalog_from_documents(docs, "synth.yaml".as_ref())
            .expect("valid catalog");
        if only.is_none() {
            let verdicts = rules
                .evaluate_offerings(&catalog, as_of)
                .expect("rules run");
            println!(
                "\n{n} offerings: {} findings, {} offerings denied",
                verdicts.count(),
                verdicts.denied().len()
            );
        }

        let wanted = |what: &str| only.as_deref().is_none_or(|o| o == what);
        let calls = (n * offering_rules) as f64;
        let per_call = |d: Duration| d.as_secs_f64() * 1e6 / calls;
        if wanted("values") {
            // As the evaluation does on each thread: one builder for the
            // run (partner maps, keys and repeated strings made once), each
            // offering's value built and dropped.
            let convert = median(runs, || {
                let mut values = Values::new(&catalog);
                for o in catalog.offerings() {
                    let _ = std::hint::black_box(values.offering(o));
                }
            });
            println!(
                "  values only           wall {:>8.1} ms  cpu {:>8.1} ms  ({:.2} µs per offering, cpu)",
                ms(convert.0),
                ms(convert.1),
                convert.1.as_secs_f64() * 1e6 / n as f64
            );
        }
        if wanted("all") {
            let all = median(runs, || {
                std::hint::black_box(
                    rules
                        .evaluate_offerings(&catalog, as_of)
                        .expect("rules run"),
                );
            });
            println!(
                "  evaluate, all cores   wall {:>8.1} ms  cpu {:>8.1} ms  ({:.2} µs per rule call, wall)",
                ms(all.0),
                ms(all.1),
                per_call(all.0)
            );
        }
        if wanted("one") {
            let single = median(runs, || {
                std::hint::black_box(
                    rules
                        .evaluate_offerings_on(&catalog, as_of, 1)
                        .expect("rules run"),
                );
            });
            println!(
                "  evaluate, one core    wall {:>8.1} ms  cpu {:>8.1} ms  ({:.2} µs per rule call, cpu, values included)",
                ms(single.0),
                ms(single.1),
                per_call(single.1)
            );
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median wall-clock time and the CPU time of that run (all threads).
fn median(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<(Duration, Duration)> = (0..runs.max(1))
        .map(|_| {
            let cpu = cpu_time();
            let start = Instant::now();
            f();
            (start.elapsed(), cpu_time().saturating_sub(cpu))
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn cpu_time() -> Duration {
    ensemble_synth::process_cpu_time().unwrap_or_default()
}
