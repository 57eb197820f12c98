//! `ensemble audit`: the portfolio rationalization and standardization report.

use std::collections::BTreeMap;
use std::process::ExitCode;

use ensemble_audit::{markdown, text, Audit};

use super::Context;
use crate::cli::{AuditArgs, AuditFormat};
use crate::error::CliError;
use crate::output;

pub fn run(ctx: &Context, args: &AuditArgs) -> Result<ExitCode, CliError> {
    let catalog = ctx.catalog()?;
    // Offering rule findings join here once the rules engine lands.
    let findings = BTreeMap::new();
    let audit = Audit::build(&catalog, ctx.as_of, &findings);
    let rendered = match args.format {
        AuditFormat::Text => text::render(&audit),
        AuditFormat::Md => markdown::render(&audit),
        AuditFormat::Json => output::json(&audit)?,
    };
    output::emit(None, &rendered)?;
    Ok(ExitCode::SUCCESS)
}
