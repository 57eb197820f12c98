//! Catalog load time against the floor of a bare YAML parse of the same files.
//!
//! ```text
//! cargo bench -p ensemble-synth --bench load               # 10,000 and 100,000 offerings
//! cargo bench -p ensemble-synth --bench load -- 20000 --runs 3
//! ```
//!
//! Catalogs are generated once (portfolio shape, one offering per file, seed
//! 42) under `$TMPDIR/ensemble-bench/<N>` and reused. Every measurement is
//! the median of several warm runs (the page cache holds the files, as it
//! does when a user runs `ensemble` twice). The baselines read every file
//! and parse every document with serde_yaml, either into nothing
//! (`IgnoredAny`: the parser alone) or into a `serde_yaml::Value` tree, both
//! sequentially and on as many threads as the loader uses. Files are read
//! the way the loader reads them, into one reused buffer per thread.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ensemble_synth::{Config, Layout, Shape};
use serde::de::IgnoredAny;
use serde::Deserialize;

/// The allocator the `ensemble` binary uses, so timings match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut sizes = Vec::new();
    let mut runs = 5;
    let mut only_load = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--only-load" => only_load = true,
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
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{threads} threads, median of {runs} warm runs");
    for n in sizes {
        let dir = catalog(n);
        let files = ensemble_model::catalog_files(&dir).expect("catalog files");
        let bytes: u64 = files
            .iter()
            .map(|f| fs::metadata(f).map_or(0, |m| m.len()))
            .sum();
        println!(
            "\n{n} offerings: {} files, {:.1} MiB in {}",
            files.len(),
            bytes as f64 / (1024.0 * 1024.0),
            dir.display()
        );
        let load = median(runs, || {
            let catalog = ensemble_model::load_catalog(&dir).expect("valid catalog");
            assert_eq!(catalog.len(), n);
            catalog
        });
        if only_load {
            println!("  load_catalog: {:.1} ms", ms(load.wall));
            continue;
        }
        let ignored_seq = median(runs, || bare(&dir, 1, parse_ignored));
        let ignored_par = median(runs, || bare(&dir, threads, parse_ignored));
        let value_seq = median(runs, || bare(&dir, 1, parse_value));
        let value_par = median(runs, || bare(&dir, threads, parse_value));
        let row = |name: &str, t: Timing| {
            println!(
                "  {name:<40} {:>8.1} ms (min {:>7.1}, cpu {:>7.1})   load / this: {:.2}x wall, {:.2}x min, {:.2}x cpu",
                ms(t.wall),
                ms(t.wall_min),
                ms(t.cpu),
                ms(load.wall) / ms(t.wall),
                ms(load.wall_min) / ms(t.wall_min),
                ms(load.cpu) / ms(t.cpu).max(1.0),
            );
        };
        row("ensemble_model::load_catalog", load);
        row(
            &format!("serde_yaml IgnoredAny, {threads} threads"),
            ignored_par,
        );
        row(&format!("serde_yaml Value, {threads} threads"), value_par);
        row("serde_yaml IgnoredAny, 1 thread", ignored_seq);
        row("serde_yaml Value, 1 thread", value_seq);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The catalog of `n` offerings, generated on first use.
fn catalog(n: usize) -> PathBuf {
    let out = std::env::temp_dir()
        .join("ensemble-bench")
        .join(n.to_string());
    let config = Config {
        offerings: n,
        seed: 42,
        shape: Shape::Portfolio,
        layout: Layout::OnePerFile,
        needs: vec![25],
        requests: 1,
    };
    let stamp = out.join(".bench-complete");
    if !stamp.exists() {
        let start = Instant::now();
        ensemble_synth::generate(&config, &out).expect("generate");
        fs::write(&stamp, "").expect("stamp");
        println!(
            "generated {n} offerings in {:.1} s",
            start.elapsed().as_secs_f64()
        );
    }
    out.join("catalog")
}

/// Wall-clock and CPU time (all threads) of one measurement.
#[derive(Debug, Clone, Copy)]
struct Timing {
    wall: Duration,
    wall_min: Duration,
    cpu: Duration,
}

/// Runs `f` once to warm up, then `runs` times: the median and minimum wall
/// time, and the median CPU time of the process (user + system, all
/// threads). On a busy machine the minimum and the CPU time are the more
/// stable figures.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> Timing {
    f();
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    for _ in 0..runs.max(1) {
        let cpu = cpu_time();
        let start = Instant::now();
        let result = std::hint::black_box(f());
        walls.push(start.elapsed());
        cpus.push(cpu_time().saturating_sub(cpu));
        // Freeing what was built is not part of loading (`ensemble` exits
        // without freeing it).
        drop(result);
    }
    walls.sort();
    cpus.sort();
    Timing {
        wall: walls[walls.len() / 2],
        wall_min: walls[0],
        cpu: cpus[cpus.len() / 2],
    }
}

fn cpu_time() -> Duration {
    ensemble_synth::process_cpu_time().unwrap_or_default()
}

fn parse_ignored(text: &str) -> usize {
    serde_yaml::Deserializer::from_str(text)
        .map(|doc| IgnoredAny::deserialize(doc).map_or(0, |_| 1))
        .sum()
}

fn parse_value(text: &str) -> usize {
    serde_yaml::Deserializer::from_str(text)
        .map(|doc| serde_yaml::Value::deserialize(doc).map_or(0, |_| 1))
        .sum()
}

/// Lists the files, reads each once and parses every document with `parse`,
/// on `threads` threads taking files from a shared counter (as the loader
/// does). Returns the number of documents.
fn bare(dir: &Path, threads: usize, parse: fn(&str) -> usize) -> usize {
    let files = ensemble_model::catalog_files(dir).expect("catalog files");
    let next = AtomicUsize::new(0);
    let docs: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut docs = 0;
                    let mut buffer = Vec::with_capacity(64 * 1024);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        // Read as the loader does: into one reused buffer.
                        buffer.clear();
                        fs::File::open(path)
                            .and_then(|mut f| f.read_to_end(&mut buffer))
                            .expect("read");
                        docs += parse(std::str::from_utf8(&buffer).expect("UTF-8"));
                    }
                    docs
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("worker")).sum()
    });
    assert!(docs >= files.len());
    docs
}
