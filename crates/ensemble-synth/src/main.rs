//! `ensemble-synth`: writes a deterministic synthetic catalog and bundle
//! requests for tests and benchmarks.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use ensemble_synth::{Config, Layout, Shape};

/// Write a deterministic synthetic Ensemble catalog (`OUT/catalog`) and bundle
/// requests (`OUT/bundles`).
#[derive(Debug, Parser)]
#[command(name = "ensemble-synth", version, about, max_term_width = 100)]
struct Args {
    /// Total number of offerings
    #[arg(long, value_name = "N")]
    offerings: usize,
    /// Seed of the generator; the same seed writes the same bytes
    #[arg(long, value_name = "S", default_value_t = 42)]
    seed: u64,
    /// `portfolio` (a company's portfolios) or `distro` (a package graph)
    #[arg(long, default_value = "portfolio")]
    shape: Shape,
    /// `one-per-file` or `per-portfolio` (multi-document files)
    #[arg(long, default_value = "one-per-file")]
    layout: Layout,
    /// Output directory
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Composable requests per size
    #[arg(long, value_name = "K", default_value_t = 1)]
    requests: usize,
    /// Needs per composable request (`bundles/needs-<M>.yaml`); repeat or
    /// separate by commas for several sizes
    #[arg(long, value_name = "M", value_delimiter = ',', default_value = "25")]
    needs: Vec<usize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = Config {
        offerings: args.offerings,
        seed: args.seed,
        shape: args.shape,
        layout: args.layout,
        needs: args.needs,
        requests: args.requests,
    };
    match ensemble_synth::generate(&config, &args.out) {
        Ok(summary) => {
            // A closed pipe (`| head`) is not worth a panic.
            let _ = write!(std::io::stdout().lock(), "{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
