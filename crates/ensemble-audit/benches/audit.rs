//! Audit time on synthetic catalogs.
//!
//! ```text
//! cargo bench -p ensemble-audit --bench audit                 # 10,000 and 100,000 offerings
//! cargo bench -p ensemble-audit --bench audit -- 20000 --runs 3
//! ```
//!
//! Catalogs come from `ensemble-synth` (portfolio shape, seed 42) and are
//! built in memory, so the numbers are the audit's own: building the report
//! from the catalog, then rendering it as text, Markdown and JSON. Each
//! number is the median of several runs: wall-clock time, and (on Linux) the
//! CPU time the process spent, which is what counts on a shared machine.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use ensemble_audit::Audit;
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
        sizes = vec![10_000, 100_000];
    }
    let as_of = "2026-11-22".parse().expect("date");
    println!("median of {runs} runs");
    for n in sizes {
        let config = Config {
            offerings: n,
            shape: Shape::Portfolio,
            ..Config::default()
        };
        let docs = ensemble_synth::documents(&config).expect("synthetic catalog");
        let catalog = ensemble_model::catalog_from_documents(docs, "synth.yaml".as_ref())
            .expect("valid catalog");
        let findings = BTreeMap::new();
        let audit = Audit::build(&catalog, as_of, &findings);
        println!(
            "\n{n} offerings: {} redundant capabilities, {} unused, {} fragile, {} gaps",
            audit.summary.redundant_capabilities,
            audit.summary.unused_offerings,
            audit.summary.fragile_requirements,
            audit.summary.standardization_gaps
        );
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
        line("build", build);
        line("text", text);
        line("markdown", markdown);
        line("json", json);
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

/// User plus system time of this process, from `/proc/self/stat` (Linux).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which ends with ')'): utime is the
    // 12th, stime the 13th, in clock ticks (100 per second on Linux).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
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
