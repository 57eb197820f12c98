//! `ensemble audit`: the portfolio rationalization and standardization
//! report, or with `--retire`, what retiring one offering would break.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use ensemble_audit::{markdown, retirement, text, Audit, RetireCase};
use ensemble_model::{
    catalog_files, load_request, Catalog, Date, Diagnostic, Diagnostics, Location, Problem,
};
use ensemble_rules::{extra_rule_paths, RuleSet};
use ensemble_solver::SolveOptions;

use super::rules::load_rules;
use super::Context;
use crate::cli::{AuditArgs, AuditFormat};
use crate::error::CliError;
use crate::output;

pub fn run(ctx: &Context, args: &AuditArgs) -> Result<ExitCode, CliError> {
    output::emit(None, &audit(ctx, args)?)?;
    Ok(ExitCode::SUCCESS)
}

fn audit(ctx: &Context, args: &AuditArgs) -> Result<String, CliError> {
    let catalog = ctx.catalog()?;
    let retired = match &args.retire {
        Some(id) => match catalog.lookup(id) {
            Some(ix) => Some(ix),
            None => return Err(super::show::unknown(&catalog, id)),
        },
        None => None,
    };
    let rules = load_rules(&ctx.rules_dir, &[])?;
    let verdicts = rules.evaluate_offerings(&catalog, ctx.as_of)?;
    let Some(retired) = retired else {
        let audit = Audit::build(&catalog, ctx.as_of, &verdicts.all());
        let rendered = match args.format {
            AuditFormat::Text => text::render(&audit),
            AuditFormat::Md => markdown::render(&audit),
            AuditFormat::Json => output::json(&audit)?,
        };
        // The process ends after printing: freeing a large catalog and its
        // audit piece by piece only delays the exit (as `catalog check`).
        std::mem::forget((catalog, verdicts, audit));
        return Ok(rendered);
    };
    let cases = retire_cases(&catalog, ctx.as_of, &args.bundles)?;
    let mut options = SolveOptions::new(ctx.as_of);
    options.denied = verdicts.denied();
    let impact = retirement(&catalog, retired, &options, &cases)
        .map_err(|e| super::compose::request_error(&e.file, e.source))?;
    let rendered = match args.format {
        AuditFormat::Text => text::render_retirement(&impact),
        AuditFormat::Md => markdown::render_retirement(&impact),
        AuditFormat::Json => output::json(&impact)?,
    };
    std::mem::forget((catalog, verdicts, cases, options));
    Ok(rendered)
}

/// Reads every request below `dir` (`*.yaml` / `*.yml`, hidden files
/// skipped, in path order) with the offerings its own `rules:` deny.
fn retire_cases(catalog: &Catalog, as_of: Date, dir: &Path) -> Result<Vec<RetireCase>, CliError> {
    let mut cases = Vec::new();
    let files = catalog_files(dir).map_err(|e| {
        CliError::Input(Diagnostics(vec![Diagnostic::new(
            Location::file(dir),
            Problem::Io(e),
        )]))
    })?;
    for file in files {
        let request = load_request(&file, catalog)?;
        let extra = extra_rule_paths(&file, &request);
        let denied = if extra.is_empty() {
            BTreeMap::new()
        } else {
            RuleSet::from_files(&extra)?
                .evaluate_offerings(catalog, as_of)?
                .denied()
        };
        cases.push(RetireCase {
            file,
            request,
            denied,
        });
    }
    Ok(cases)
}
