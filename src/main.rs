//! The `ensemble` command line: parses arguments, runs one command, maps the
//! outcome to an exit code (0 done, 1 rejected, 2 bad input or usage).

mod cli;
mod commands;
mod error;
mod output;

use std::process::ExitCode;

use clap::Parser;

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
