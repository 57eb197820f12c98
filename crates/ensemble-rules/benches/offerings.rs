//! The default rules over every offering of a synthetic catalog.
//!
//! ```text
//! cargo bench -p ensemble-rules --bench offerings               # 100,000 offerings
//! cargo bench -p ensemble-rules --bench offerings -- 10000 --runs 3
//! ```
//!
//! The catalog comes from `ensemble-synth` (portfolio shape, seed 42), built
//! in memory. Reported: building every offering's script value alone, the
//! whole evaluation (values built once per offering, then every offering
//! rule called on it, on all cores), the same on one core, and the cost per
//! rule call. Each number is the median of several runs.

use std::path::Path;
use std::time::{Duration, Instant};

use ensemble_rules::{offering_value, partner_value, RuleSet};
use ensemble_synth::{Config, Shape};

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
        sizes = vec![100_000];
    }
    let rules_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
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
        let verdicts = rules
            .evaluate_offerings(&catalog, as_of)
            .expect("rules run");
        println!(
            "\n{n} offerings: {} findings, {} offerings denied",
            verdicts.count(),
            verdicts.denied().len()
        );

        // As the evaluation does: partner maps built once, copied in.
        let partners: std::collections::HashMap<&str, rhai::Dynamic> = catalog
            .partners()
            .iter()
            .map(|(id, p)| (id.as_str(), partner_value(p)))
            .collect();
        let convert = median(runs, || {
            for o in catalog.offerings() {
                let partner = o
                    .partner
                    .as_ref()
                    .and_then(|p| partners.get(p.as_str()).cloned())
                    .unwrap_or(rhai::Dynamic::UNIT);
                let _ = std::hint::black_box(offering_value(o, partner));
            }
        });
        let all = median(runs, || {
            std::hint::black_box(
                rules
                    .evaluate_offerings(&catalog, as_of)
                    .expect("rules run"),
            );
        });
        let single = median(runs, || {
            std::hint::black_box(
                rules
                    .evaluate_offerings_on(&catalog, as_of, 1)
                    .expect("rules run"),
            );
        });
        let calls = (n * offering_rules) as f64;
        let per_call = |d: Duration| d.as_secs_f64() * 1e6 / calls;
        println!(
            "  values only           wall {:>8.1} ms  cpu {:>8.1} ms  ({:.2} µs per offering, cpu)",
            ms(convert.0),
            ms(convert.1),
            convert.1.as_secs_f64() * 1e6 / n as f64
        );
        println!(
            "  evaluate, all cores   wall {:>8.1} ms  cpu {:>8.1} ms  ({:.2} µs per rule call, wall)",
            ms(all.0),
            ms(all.1),
            per_call(all.0)
        );
        println!(
            "  evaluate, one core    wall {:>8.1} ms  cpu {:>8.1} ms  ({:.2} µs per rule call, cpu, values included)",
            ms(single.0),
            ms(single.1),
            per_call(single.1)
        );
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
