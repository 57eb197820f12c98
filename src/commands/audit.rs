//! `ensemble audit`: the portfolio rationalization and standardization
//! report, or with `--retire`, what retiring one offering would break.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use ensemble_audit::{markdown, retirement, text, Audit, RetireCase};
use ensemble_model::{
    catalog_files, load_request, Catalog, Date, Diagnostic, Diagnostics, Location, Problem,
};
use ensemble_rules::{extra_rule_paths, RuleError, RuleSet};
use ensemble_solver::SolveOptions;

use super::rules::{load_rules, report_rule_error};
use super::Context;
use crate::cli::{AuditArgs, AuditFormat};
use crate::error::CliError;
use crate::output;

pub fn run(ctx: &Context, args: &AuditArgs) -> Result<ExitCode, CliError> {
    match audit(ctx, args) {
        Ok(rendered) => {
            output::emit(None, &rendered)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(Failure::Rule(e)) => {
            report_rule_error(&e);
            Ok(ExitCode::from(2))
        }
        Err(Failure::Cli(e)) => Err(e),
    }
}

/// Why the audit could not be made; both end with exit code 2.
enum Failure {
    Rule(Box<RuleError>),
    Cli(CliError),
}

fn rule(e: RuleError) -> Failure {
    Failure::Rule(Box::new(e))
}

impl<E: Into<CliError>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Cli(e.into())
    }
}

fn audit(ctx: &Context, args: &AuditArgs) -> Result<String, Failure> {
    let catalog = ctx.catalog()?;
    let retired = match &args.retire {
        Some(id) => match catalog.lookup(id) {
            Some(ix) => Some(ix),
            None => return Err(super::show::unknown(&catalog, id).into()),
        },
        None => None,
    };
    let rules = load_rules(&ctx.rules_dir, &[]).map_err(rule)?;
    let verdicts = rules
        .evaluate_offerings(&catalog, ctx.as_of)
        .map_err(rule)?;
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
fn retire_cases(catalog: &Catalog, as_of: Date, dir: &Path) -> Result<Vec<RetireCase>, Failure> {
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
            RuleSet::from_files(&extra)
                .map_err(rule)?
                .evaluate_offerings(catalog, as_of)
                .map_err(rule)?
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
