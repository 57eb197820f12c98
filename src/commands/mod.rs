//! One module per command; each turns its arguments into a library call and
//! renders the answer.

mod audit;
mod catalog_check;
mod compose;
mod graph;
mod list;
mod rules;
mod show;
mod spec;
mod why;

use std::process::ExitCode;

use ensemble_model::{load_catalog, Catalog, Date};

use crate::cli::{CatalogCommand, Cli, Command};
use crate::error::CliError;

/// What every command may need, resolved from the global options.
#[derive(Debug)]
pub struct Context {
    pub catalog_dir: std::path::PathBuf,
    #[allow(dead_code)] // read by the rules-aware commands
    pub rules_dir: std::path::PathBuf,
    #[allow(dead_code)]
    pub as_of: Date,
}

impl Context {
    /// Loads the catalog, refusing an invalid one with every problem.
    pub fn catalog(&self) -> Result<Catalog, CliError> {
        Ok(load_catalog(&self.catalog_dir)?)
    }
}

/// Runs the chosen command.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let ctx = Context {
        catalog_dir: cli.global.catalog,
        rules_dir: cli.global.rules,
        as_of: cli.global.as_of.unwrap_or_else(Date::today),
    };
    match cli.command {
        Command::Catalog(CatalogCommand::Check) => catalog_check::run(&ctx),
        Command::List(args) => list::run(&ctx, &args),
        Command::Show(args) => show::run(&ctx, &args),
        Command::Rules(command) => rules::run(&ctx, &command),
        Command::Compose(args) => compose::run(&ctx, &args),
        Command::Why(args) => why::run(&ctx, &args),
        Command::Audit(args) => audit::run(&ctx, &args),
        Command::Graph(args) => graph::run(&ctx, &args),
        Command::Spec(args) => spec::run(&ctx, &args),
    }
}
