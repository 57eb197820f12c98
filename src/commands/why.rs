//! `ensemble why <bundle.yaml> <offering>`: the chains that put an offering
//! in the bundle, or why it is not there.

use std::process::ExitCode;

use ensemble_model::load_request;
use ensemble_solver::{why, SolveOptions};

use super::compose::request_error;
use super::show::unknown;
use super::Context;
use crate::cli::WhyArgs;
use crate::error::CliError;
use crate::output;

pub fn run(ctx: &Context, args: &WhyArgs) -> Result<ExitCode, CliError> {
    let catalog = ctx.catalog()?;
    let request = load_request(&args.bundle, &catalog)?;
    let Some(ix) = catalog.lookup(&args.offering) else {
        return Err(unknown(&catalog, &args.offering));
    };
    let options = SolveOptions::new(ctx.as_of);
    let answer =
        why(&catalog, &request, &options, ix).map_err(|e| request_error(&args.bundle, e))?;
    output::emit(None, &answer.text())?;
    Ok(if answer.failed.is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
