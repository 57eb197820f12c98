//! `ensemble compose <bundle.yaml>`: compose a bundle and print it.

use std::path::Path;
use std::process::ExitCode;

use ensemble_model::{load_request, Diagnostic, Diagnostics, Location, Problem};
use ensemble_solver::{report, solve, Bundle, Explanation, SolveError, SolveOptions, Status};
use serde::Serialize;

use super::Context;
use crate::cli::{BundleFormat, ComposeArgs};
use crate::error::CliError;
use crate::output;

/// `compose --format json|yaml`: the SPEC's bundle, plus the explanation as
/// a tree when it failed.
#[derive(Debug, Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    bundle: &'a Bundle,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation_tree: Option<&'a Explanation>,
}

/// A request error the loader did not catch, located at the request file.
pub fn request_error(path: &Path, e: SolveError) -> CliError {
    CliError::Input(Diagnostics(vec![Diagnostic::new(
        Location::file(path),
        Problem::Yaml(e.to_string()),
    )]))
}

pub fn run(ctx: &Context, args: &ComposeArgs) -> Result<ExitCode, CliError> {
    let catalog = ctx.catalog()?;
    let request = load_request(&args.bundle, &catalog)?;
    let options = SolveOptions::new(ctx.as_of);
    let solution =
        solve(&catalog, &request, &options).map_err(|e| request_error(&args.bundle, e))?;
    let shown = Shown {
        bundle: &solution.bundle,
        explanation_tree: solution.explanation.as_ref(),
    };
    let text = match args.format {
        BundleFormat::Text => report::bundle_text(&solution.bundle),
        BundleFormat::Json => output::json(&shown)?,
        BundleFormat::Yaml => {
            serde_yaml::to_string(&shown).map_err(|e| CliError::Encode(e.to_string()))?
        }
    };
    output::emit(args.out.as_deref(), &text)?;
    Ok(match solution.bundle.status {
        Status::Composed => ExitCode::SUCCESS,
        Status::Denied | Status::Failed => ExitCode::from(1),
    })
}
