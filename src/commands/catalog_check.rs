//! `ensemble catalog check`: every problem of the catalog, at once.

use std::process::ExitCode;

use ensemble_model::load_catalog;

use super::Context;
use crate::error::CliError;

pub fn run(ctx: &Context) -> Result<ExitCode, CliError> {
    match load_catalog(&ctx.catalog_dir) {
        Ok(catalog) => {
            println!(
                "catalog `{}` is valid: {} offerings, {} partners, {} markets",
                ctx.catalog_dir.display(),
                catalog.len(),
                catalog.partners().len(),
                catalog.markets().len()
            );
            // The process ends here: freeing a large catalog piece by piece
            // only delays the exit.
            std::mem::forget(catalog);
            Ok(ExitCode::SUCCESS)
        }
        // No catalog to check at all (a missing or unreadable directory) is
        // bad usage, not a problem of the catalog.
        Err(diagnostics) if !ctx.catalog_dir.is_dir() => Err(diagnostics.into()),
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            let n = diagnostics.len();
            eprintln!(
                "{n} problem{} found in `{}`",
                if n == 1 { "" } else { "s" },
                ctx.catalog_dir.display()
            );
            Ok(ExitCode::from(1))
        }
    }
}
