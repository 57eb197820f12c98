//! `ensemble list`: offerings, filtered, as a table or JSON.

use std::collections::BTreeSet;
use std::process::ExitCode;

use ensemble_model::{suggest, Catalog, Id, Offering};
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

/// Advice when a filter names something the catalog does not have at all
/// (a typo, most likely).
fn unknown_filter(catalog: &Catalog, args: &ListArgs) -> Option<String> {
    let portfolios: BTreeSet<&Id> = catalog.offerings().iter().map(|o| &o.portfolio).collect();
    let capabilities: BTreeSet<&Id> = catalog.capabilities().collect();
    let partners: Vec<&Id> = catalog.partners().keys().collect();
    let checks: [(&str, Option<&String>, Vec<&Id>); 3] = [
        (
            "portfolio",
            args.portfolio.as_ref(),
            portfolios.into_iter().collect(),
        ),
        (
            "capability",
            args.capability.as_ref(),
            capabilities.into_iter().collect(),
        ),
        ("partner", args.partner.as_ref(), partners),
    ];
    for (what, wanted, known) in checks {
        let Some(wanted) = wanted else { continue };
        if (what == "partner" && wanted == "internal")
            || known.iter().any(|k| k.as_str() == wanted.as_str())
        {
            continue;
        }
        return Some(match suggest(wanted, known.iter().copied()) {
            Some(s) => format!("no {what} is called `{wanted}`; did you mean `{s}`?"),
            None => format!("no {what} is called `{wanted}`"),
        });
    }
    None
}

pub fn run(ctx: &Context, args: &ListArgs) -> Result<ExitCode, CliError> {
    let catalog = ctx.catalog()?;
    let rows = rows(&catalog, args);
    let text = match args.format {
        TableFormat::Json => output::json(&rows)?,
        TableFormat::Table => {
            if rows.is_empty() {
                eprintln!("no offerings match");
                if let Some(hint) = unknown_filter(&catalog, args) {
                    eprintln!("  hint: {hint}");
                }
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
