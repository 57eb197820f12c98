//! `ensemble list`: offerings, filtered, as a table or JSON.

use std::process::ExitCode;

use ensemble_model::{Catalog, Offering};
use serde::Serialize;

use super::Context;
use crate::cli::{ListArgs, TableFormat};
use crate::error::CliError;
use crate::output;

/// One row of `list --format json`.
#[derive(Debug, Serialize)]
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    version: String,
    portfolio: &'a str,
    partner: Option<&'a str>,
    lifecycle: &'a str,
    capabilities: Vec<&'a str>,
}

fn matches(o: &Offering, args: &ListArgs) -> bool {
    args.portfolio.as_deref().is_none_or(|p| o.portfolio == *p)
        && args
            .capability
            .as_deref()
            .is_none_or(|c| o.capabilities.iter().any(|x| x == c))
        && args.partner.as_deref().is_none_or(|p| match &o.partner {
            Some(x) => x == p,
            None => p == "internal",
        })
}

fn rows<'a>(catalog: &'a Catalog, args: &ListArgs) -> Vec<Row<'a>> {
    catalog
        .offerings()
        .iter()
        .filter(|o| matches(o, args))
        .map(|o| Row {
            id: o.id.as_str(),
            name: &o.name,
            version: o.version.to_string(),
            portfolio: o.portfolio.as_str(),
            partner: o.partner.as_ref().map(|p| p.as_str()),
            lifecycle: o.lifecycle.as_str(),
            capabilities: o.capabilities.iter().map(|c| c.as_str()).collect(),
        })
        .collect()
}

pub fn run(ctx: &Context, args: &ListArgs) -> Result<ExitCode, CliError> {
    let catalog = ctx.catalog()?;
    let rows = rows(&catalog, args);
    let text = match args.format {
        TableFormat::Json => output::json(&rows)?,
        TableFormat::Table => {
            if rows.is_empty() {
                eprintln!("no offerings match");
                return Ok(ExitCode::SUCCESS);
            }
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_owned(),
                        r.name.to_owned(),
                        r.version.clone(),
                        r.portfolio.to_owned(),
                        r.lifecycle.to_owned(),
                        r.partner.unwrap_or("-").to_owned(),
                    ]
                })
                .collect();
            output::table(
                &["ID", "NAME", "VERSION", "PORTFOLIO", "LIFECYCLE", "PARTNER"],
                &cells,
            )
        }
    };
    output::emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}
