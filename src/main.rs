//! The `ensemble` command line: parses arguments, runs one command, maps the
//! outcome to an exit code (0 done, 1 rejected, 2 bad input or usage).

mod cli;
mod commands;
mod error;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: solving a distribution-sized
/// request and loading a large catalog make millions of small allocations,
/// and glibc's malloc spends much of that time consolidating and returning
/// memory (solve time on the distro 60k bench: about 40% less).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            output::report_error(&e);
            ExitCode::from(2)
        }
    }
}
