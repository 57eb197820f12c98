//! `ensemble why <bundle.yaml> <offering>`: the chains that put an offering
//! in the bundle, or why it is not there.

use std::process::ExitCode;

use ensemble_solver::why;

use super::compose::{request_error, Judged};
use super::show::unknown;
use super::Context;
use crate::cli::WhyArgs;
use crate::error::CliError;
use crate::output;

pub fn run(ctx: &Context, args: &WhyArgs) -> Result<ExitCode, CliError> {
    let judged = Judged::load(ctx, &args.bundle)?;
    let Some(ix) = judged.catalog.lookup(&args.offering) else {
        return Err(unknown(&judged.catalog, &args.offering));
    };
    // Offerings the rules deny are out of the search here too, so `why`
    // explains the same bundle `compose` prints.
    let answer = why(&judged.catalog, &judged.request, &judged.options, ix)
        .map_err(|e| request_error(&args.bundle, e))?;
    output::emit(None, &answer.text())?;
    Ok(if answer.failed.is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
