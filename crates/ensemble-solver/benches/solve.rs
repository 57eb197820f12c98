//! Solve time (catalog load excluded) on synthetic catalogs.
//!
//! ```text
//! cargo bench -p ensemble-solver --bench solve
//! cargo bench -p ensemble-solver --bench solve -- --runs 21
//! ```
//!
//! Catalogs come from `ensemble-synth` (seed 42), built in memory. Targets
//! (release, 2 cores): a 25-need request on 10,000 offerings under 20 ms; a
//! 50-need request on 60,000 offerings under 100 ms; an unsatisfiable
//! request on 60,000 offerings proven so, with its explanation, under 500 ms.
//! Each line prints the median and the slowest of the runs (wall time), the
//! median CPU time of the calling thread (Linux only; steadier on a loaded
//! machine, but in scheduler ticks on some kernels, e.g. 4 ms steps; large
//! requests also use a second thread for a while, which it leaves out), the
//! candidate graph's
//! size and the outcome. `DIGEST=1` also prints a digest of each bundle.

use std::time::{Duration, Instant};

use ensemble_model::{catalog_from_documents, parse_str, BundleRequest, Catalog, Date};
use ensemble_solver::{solve, SolveOptions, Status};
use ensemble_synth::{Config, Shape};

/// The allocator the `ensemble` binary uses, so timings match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut runs = 11;
    let mut filter = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args.next().and_then(|r| r.parse().ok()).unwrap_or(runs);
        } else if a == "--only" {
            filter = args.next();
        }
    }
    FILTER.with(|f| *f.borrow_mut() = filter);
    println!("median (max) of {runs} runs, solve only");
    for shape in [Shape::Portfolio, Shape::Distro] {
        bench(shape, 10_000, 25, &["needs-25.yaml"], runs);
        bench(
            shape,
            60_000,
            50,
            &["needs-50.yaml", "unsat.yaml", "unsat-conflict.yaml"],
            runs,
        );
    }
}

thread_local! {
    static FILTER: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

fn bench(shape: Shape, offerings: usize, needs: usize, requests: &[&str], runs: usize) {
    let label = format!("{shape:?} {offerings}");
    if FILTER.with(|f| {
        f.borrow()
            .as_ref()
            .is_some_and(|f| !label.contains(f.as_str()))
    }) {
        return;
    }
    let config = Config {
        offerings,
        shape,
        needs: vec![needs],
        ..Config::default()
    };
    let files = match ensemble_synth::files(&config) {
        Ok(f) => f,
        Err(e) => {
            println!("{shape:?} {offerings}: cannot generate: {e}");
            return;
        }
    };
    let mut docs = Vec::new();
    for (_, text) in &files.catalog {
        docs.extend(parse_str(text).expect("generated catalog parses"));
    }
    let catalog = catalog_from_documents(docs, "synth".as_ref()).expect("valid catalog");
    for name in requests {
        let Some(request) = files.request(name) else {
            println!("{shape:?} {offerings}: no {name}");
            continue;
        };
        run(
            &catalog,
            &request,
            &format!("{shape:?} {offerings} {name}"),
            runs,
        );
    }
}

fn run(catalog: &Catalog, request: &BundleRequest, label: &str, runs: usize) {
    let options = SolveOptions::new("2026-11-22".parse::<Date>().unwrap());
    let mut times: Vec<Duration> = Vec::new();
    let mut cpu: Vec<Duration> = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let cpu_start = thread_cpu();
        let s = solve(catalog, request, &options).expect("request fits the catalog");
        times.push(start.elapsed());
        cpu.push(thread_cpu().saturating_sub(cpu_start));
        last = Some(s);
    }
    times.sort();
    cpu.sort();
    let s = last.expect("one run");
    if std::env::var_os("DIGEST").is_some() {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        format!("{:?}", s.bundle).hash(&mut h);
        println!("    digest {:016x}", h.finish());
    }
    if std::env::var_os("SHOW").is_some() {
        for l in s.bundle.explanation.iter().flatten() {
            println!("    {l}");
        }
    }
    let outcome = match s.bundle.status {
        Status::Composed => format!(
            "composed, {} members{}",
            s.bundle.offerings.len(),
            if s.optimal {
                ", optimal"
            } else {
                ", budget spent"
            }
        ),
        _ => format!(
            "failed, {} explanation lines",
            s.bundle.explanation.as_ref().map_or(0, Vec::len)
        ),
    };
    println!(
        "{label:<40} {:>9.2} ms ({:>8.2} ms) cpu {:>9.2} ms  {} candidates  {outcome}",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        ms(cpu[cpu.len() / 2]),
        s.candidates,
    );
}

/// The time this thread has spent on a CPU (Linux `schedstat`; zero
/// elsewhere): less disturbed than wall time when other work loads the
/// machine.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
