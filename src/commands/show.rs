//! `ensemble show <offering>`: one offering in full.

use std::fmt::Write as _;
use std::process::ExitCode;

use ensemble_model::{suggest, Catalog, Offering, OfferingIx};
use serde::Serialize;

use super::Context;
use crate::cli::{ShowArgs, TextFormat};
use crate::error::CliError;
use crate::output;

/// `show --format json`: the document as written, with what the catalog
/// knows about it besides (its file, conflicts declared on the other side).
#[derive(Debug, Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    offering: &'a Offering,
    conflicts_with: Vec<&'a str>,
    source: String,
}

pub fn run(ctx: &Context, args: &ShowArgs) -> Result<ExitCode, CliError> {
    let catalog = ctx.catalog()?;
    let Some(ix) = catalog.lookup(&args.offering) else {
        return Err(unknown(&catalog, &args.offering));
    };
    let text = match args.format {
        TextFormat::Json => output::json(&shown(&catalog, ix))?,
        TextFormat::Text => text(&catalog, ix),
    };
    output::emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn shown(catalog: &Catalog, ix: OfferingIx) -> Shown<'_> {
    Shown {
        offering: catalog.offering(ix),
        conflicts_with: catalog
            .conflicts(ix)
            .iter()
            .map(|&c| catalog.offering(c).id.as_str())
            .collect(),
        source: catalog.source(ix).display().to_string(),
    }
}

/// The unknown-offering error, with up to three close ids as suggestions.
pub fn unknown(catalog: &Catalog, id: &str) -> CliError {
    let mut ids: Vec<_> = catalog.offerings().iter().map(|o| &o.id).collect();
    let mut suggestions = Vec::new();
    while suggestions.len() < 3 {
        let Some(best) = suggest(id, ids.iter().copied()) else {
            break;
        };
        ids.retain(|i| **i != best);
        suggestions.push(best);
    }
    CliError::UnknownOffering {
        id: id.to_owned(),
        suggestions,
    }
}

fn text(catalog: &Catalog, ix: OfferingIx) -> String {
    let o = catalog.offering(ix);
    let mut s = String::new();
    let dash = "—".to_owned();
    let join = |v: &mut dyn Iterator<Item = String>| {
        let all: Vec<String> = v.collect();
        if all.is_empty() {
            dash.clone()
        } else {
            all.join(", ")
        }
    };
    let _ = writeln!(s, "{} {} ({})", o.name, o.version, o.id);
    if let Some(summary) = &o.summary {
        let _ = writeln!(s, "{summary}");
    }
    let _ = writeln!(s);
    let partner = match catalog.partner_of(ix) {
        Some(p) => {
            let expires = p
                .agreement
                .expires
                .map(|d| format!(", expires {d}"))
                .unwrap_or_default();
            format!(
                "{} ({}; agreement {}{expires})",
                p.name,
                p.id,
                p.agreement.status.as_str()
            )
        }
        None => "internal".to_owned(),
    };
    let rows: Vec<(&str, String)> = vec![
        ("portfolio", o.portfolio.to_string()),
        ("partner", partner),
        ("lifecycle", o.lifecycle.to_string()),
        (
            "capabilities",
            join(&mut o.capabilities.iter().map(|c| c.to_string())),
        ),
        (
            "provides",
            join(
                &mut o
                    .provides
                    .iter()
                    .map(|p| format!("{} {}", p.interface, p.version)),
            ),
        ),
        (
            "conflicts",
            join(
                &mut catalog
                    .conflicts(ix)
                    .iter()
                    .map(|&c| catalog.offering(c).id.to_string()),
            ),
        ),
        (
            "configurations",
            join(&mut o.configurations.iter().cloned()),
        ),
        (
            "sales kit",
            o.kits.sales.clone().unwrap_or_else(|| dash.clone()),
        ),
        (
            "delivery kit",
            o.kits.delivery.clone().unwrap_or_else(|| dash.clone()),
        ),
        (
            "price",
            o.price
                .as_ref()
                .map(|p| format!("{:.2} {} per {}", p.amount, p.currency, p.per))
                .unwrap_or_else(|| dash.clone()),
        ),
        (
            "markets",
            join(&mut o.markets.iter().map(|m| m.to_string())),
        ),
        ("source", catalog.source(ix).display().to_string()),
    ];
    for (key, value) in rows {
        let _ = writeln!(s, "{key:<15}{value}");
    }
    if !o.requires.is_empty() {
        let _ = writeln!(s, "requires");
        for r in &o.requires {
            let alts: Vec<String> = r
                .alternatives
                .iter()
                .map(|a| format!("{} {}", a.interface, a.version))
                .collect();
            let text = if r.any_of {
                format!("any of: {}", alts.join(" | "))
            } else {
                alts.join("")
            };
            let optional = if r.optional { " (optional)" } else { "" };
            let _ = writeln!(s, "  - {text}{optional}");
        }
    }
    if !o.attributes.is_empty() {
        let _ = writeln!(s, "attributes");
        for (k, v) in &o.attributes {
            let _ = writeln!(s, "  {k}: {}", inline(v));
        }
    }
    s
}

/// An attribute value on one line: scalars as written, lists and maps in
/// YAML's flow style.
fn inline(value: &serde_yaml::Value) -> String {
    use serde_yaml::Value;
    match value {
        Value::Null => "~".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Sequence(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Mapping(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", inline(k), inline(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::Tagged(tagged) => format!("{} {}", tagged.tag, inline(&tagged.value)),
    }
}
