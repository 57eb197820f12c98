//! Command-line arguments. Nothing here leaks into the libraries: each
//! command turns its arguments into the library's own options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ensemble_model::Date;

/// Compose offerings into bundled solutions, explain them, and check them
/// against policy.
#[derive(Debug, Parser)]
#[command(name = "ensemble", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command shares.
#[derive(Debug, Args)]
pub struct Global {
    /// The catalog directory
    #[arg(long, global = true, value_name = "DIR", default_value = "catalog")]
    pub catalog: PathBuf,
    /// The rules directory
    #[arg(long, global = true, value_name = "DIR", default_value = "rules")]
    pub rules: PathBuf,
    /// The date rules judge by (default: today, UTC)
    #[arg(long = "as-of", global = true, value_name = "YYYY-MM-DD")]
    pub as_of: Option<Date>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the catalog and report every problem
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// List offerings
    List(ListArgs),
    /// Show one offering
    Show(ShowArgs),
    /// List the rules and test them
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Compose a bundle from a request
    Compose(ComposeArgs),
    /// The chains that put an offering in the bundle
    Why(WhyArgs),
    /// Portfolio rationalization and standardization report
    Audit(AuditArgs),
    /// Draw the wiring of a composed bundle
    Graph(GraphArgs),
    /// Write the spec document of a composed bundle
    Spec(SpecArgs),
}

#[derive(Debug, Args)]
pub struct ComposeArgs {
    /// The bundle request file
    pub bundle: PathBuf,
    #[arg(long, value_enum, default_value_t = BundleFormat::Text)]
    pub format: BundleFormat,
    /// Write the bundle to this file (atomically) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The bundle request file
    pub bundle: PathBuf,
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

#[derive(Debug, Args)]
pub struct SpecArgs {
    /// The bundle request file
    pub bundle: PathBuf,
    #[arg(long, value_enum, default_value_t = SpecFormat::Md)]
    pub format: SpecFormat,
    /// Write the spec to this file (atomically) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpecFormat {
    Md,
    Html,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BundleFormat {
    Text,
    Json,
    Yaml,
}

#[derive(Debug, Args)]
pub struct WhyArgs {
    /// The bundle request file
    pub bundle: PathBuf,
    /// The offering id
    pub offering: String,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Validate the catalog, report every problem (exit 1 when there is any)
    Check,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the rules: id, severity, hooks, title, file
    List(RulesListArgs),
    /// Run the rule tests in `<rules>/tests/*.yaml` (exit 1 when any fails)
    Test(RulesTestArgs),
}

#[derive(Debug, Args)]
pub struct RulesListArgs {
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct RulesTestArgs {
    /// The rules directory to test (default: `--rules`)
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only offerings of this portfolio
    #[arg(long, value_name = "P")]
    pub portfolio: Option<String>,
    /// Only offerings delivering this capability
    #[arg(long, value_name = "C")]
    pub capability: Option<String>,
    /// Only offerings of this partner (`internal` for the company's own)
    #[arg(long, value_name = "X")]
    pub partner: Option<String>,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The offering id
    pub offering: String,
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub format: AuditFormat,
    /// Instead of the audit, list the requests in `--bundles` that no longer
    /// compose without this offering, and why
    #[arg(long, value_name = "OFFERING")]
    pub retire: Option<String>,
    /// The bundle requests `--retire` checks
    #[arg(
        long,
        value_name = "DIR",
        default_value = "bundles",
        requires = "retire"
    )]
    pub bundles: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Text,
    Json,
    Md,
}
