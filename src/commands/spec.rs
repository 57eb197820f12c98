//! `ensemble spec <bundle.yaml>`: the spec document of a composed bundle, as
//! Markdown, HTML or JSON. A bundle that cannot be composed has no spec: the
//! explanation goes to stderr, nothing is written, and the exit code is 1.

use std::process::ExitCode;

use ensemble_model::{Diagnostic, Diagnostics, Location, Problem};
use ensemble_report::spec::{html, markdown, Spec};

use super::compose::Judged;
use super::Context;
use crate::cli::{SpecArgs, SpecFormat};
use crate::error::CliError;
use crate::output;

pub fn run(ctx: &Context, args: &SpecArgs) -> Result<ExitCode, CliError> {
    let judged = Judged::load(ctx, &args.bundle)?;
    // The appendix shows the request as written; the loader has just read
    // the same file.
    let text = std::fs::read_to_string(&args.bundle).map_err(|e| {
        CliError::Input(Diagnostics(vec![Diagnostic::new(
            Location::file(args.bundle.as_path()),
            Problem::Io(e),
        )]))
    })?;
    let solution = judged.compose(&args.bundle)?;
    let remediations = judged.remediations();
    let spec = match Spec::build(
        &solution.bundle,
        &judged.catalog,
        &judged.request,
        &text,
        Some(&remediations),
    ) {
        Ok(spec) => spec,
        Err(e) => {
            eprintln!("error: {e}");
            for line in e.explanation() {
                eprintln!("  {line}");
            }
            return Ok(ExitCode::from(1));
        }
    };
    let rendered = match args.format {
        SpecFormat::Md => markdown::render(&spec),
        SpecFormat::Html => html::render(&spec),
        SpecFormat::Json => output::json(&spec)?,
    };
    output::emit(args.out.as_deref(), &rendered)?;
    Ok(ExitCode::SUCCESS)
}
