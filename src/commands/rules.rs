//! `rules list` and `rules test`.
//!
//! Rule errors (syntax, runtime, sandbox limits, malformed tests) are bad
//! input: they are printed with their location and end with exit code 2.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ensemble_rules::RuleSet;
use serde::Serialize;

use crate::cli::{RulesCommand, RulesListArgs, RulesTestArgs, TableFormat};
use crate::commands::Context;
use crate::error::CliError;
use crate::output;

/// The default `--rules` value: when that directory is missing there are
/// simply no rules; a directory named explicitly must exist.
const DEFAULT_RULES_DIR: &str = "rules";

/// Loads the rules of `dir` (plus `extra` rule files). A missing `./rules`
/// means no rules; any other missing directory is an error.
pub fn load_rules(dir: &Path, extra: &[PathBuf]) -> Result<RuleSet, CliError> {
    Ok(if dir == Path::new(DEFAULT_RULES_DIR) {
        RuleSet::load_or_empty(dir, extra)?
    } else {
        RuleSet::load(dir, extra)?
    })
}

pub fn run(ctx: &Context, command: &RulesCommand) -> Result<ExitCode, CliError> {
    match command {
        RulesCommand::List(args) => list(ctx, args),
        RulesCommand::Test(args) => test(ctx, args),
    }
}

/// One row of `rules list --format json`.
#[derive(Serialize)]
struct RuleRow<'a> {
    id: &'a str,
    severity: &'a str,
    hooks: Vec<&'static str>,
    title: &'a str,
    description: Option<&'a str>,
    remediation: Option<&'a str>,
    file: String,
}

fn list(ctx: &Context, args: &RulesListArgs) -> Result<ExitCode, CliError> {
    let rules = load_rules(&ctx.rules_dir, &[])?;
    let rows: Vec<RuleRow> = rules
        .rules()
        .iter()
        .map(|r| RuleRow {
            id: &r.id,
            severity: r.severity.as_str(),
            hooks: r.hooks.names(),
            title: &r.title,
            description: r.description.as_deref(),
            remediation: r.remediation.as_deref(),
            file: r.file.display().to_string(),
        })
        .collect();
    let text = match args.format {
        TableFormat::Json => output::json(&rows)?,
        TableFormat::Table => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_owned(),
                        r.severity.to_owned(),
                        r.hooks.join(", "),
                        r.title.to_owned(),
                        r.file.clone(),
                    ]
                })
                .collect();
            output::table(&["ID", "SEVERITY", "HOOKS", "TITLE", "FILE"], &cells)
        }
    };
    output::emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn test(ctx: &Context, args: &RulesTestArgs) -> Result<ExitCode, CliError> {
    let dir = args.dir.as_deref().unwrap_or(&ctx.rules_dir);
    let rules = match &args.dir {
        // A directory named on the command line must exist.
        Some(dir) => RuleSet::load(dir, &[])?,
        None => load_rules(dir, &[])?,
    };
    let report = ensemble_rules::run_tests(&rules, &dir.join("tests"), ctx.as_of)?;
    let mut out = String::new();
    let mut last_file = None;
    for case in &report.cases {
        if last_file != Some(&case.file) {
            out.push_str(&format!("{}\n", case.file.display()));
            last_file = Some(&case.file);
        }
        let status = match (case.passed(), case.errored) {
            (true, _) => "pass",
            (false, false) => "FAIL",
            (false, true) => "ERROR",
        };
        out.push_str(&format!("  {status}  {}: {}\n", case.rule, case.name));
        for line in &case.failures {
            out.push_str(&format!("        {line}\n"));
            // Script errors are diagnostics too: stderr shows them as every
            // other command does.
            if case.errored {
                eprintln!("{line}");
            }
        }
    }
    if report.cases.is_empty() {
        out.push_str(&format!(
            "no rule tests in `{}`\n",
            dir.join("tests").display()
        ));
    } else {
        out.push('\n');
    }
    out.push_str(&format!(
        "{} passed, {} failed\n",
        report.passed(),
        report.failed()
    ));
    output::emit(None, &out)?;
    // A rule that fails to run is a rule script error (2); a rule that runs
    // but finds something else than expected is a failed test (1).
    Ok(if report.errored() > 0 {
        ExitCode::from(2)
    } else if report.failed() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
