//! The `ensemble` command line: parses arguments, runs one command, maps the
//! outcome to an exit code (0 done, 1 rejected, 2 bad input or usage).

mod cli;
mod commands;
mod error;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: solving a distribution-sized
/// request makes millions of small allocations, and glibc's malloc spent
/// much of that time consolidating and returning memory (solve time on the
/// distro 60k bench: 10-30% less, back to back). Built without transparent
/// huge pages: with them, loading 100,000 files spent a second more in the
/// kernel faulting and clearing 2 MiB pages, and was slower than glibc.
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
