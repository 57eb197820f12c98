//! The audit as Markdown for a leadership review: a summary first, then one
//! section per finding area, tables throughout. Long lists are cut short
//! like the text report; the JSON output is always complete.

use std::fmt::Write as _;

use crate::format::{self, capped, stage_cells, MAX_GROUPS, MAX_MEMBERS, MAX_ROWS};
use crate::{Audit, RequestRef, Retirement};

/// Renders the audit as GitHub-flavoured Markdown.
pub fn render(audit: &Audit) -> String {
    let mut out = String::new();
    let s = &audit.summary;
    let _ = writeln!(out, "# Portfolio audit\n");
    let _ = writeln!(
        out,
        "{}.\n",
        format::heading(audit.as_of, s.offerings, s.portfolios, s.partners)
    );
    let _ = writeln!(out, "## Summary\n");
    table(
        &mut out,
        &["Area", "Items"],
        &[false, true],
        &[
            row([
                "Redundant capabilities (candidates for combining)".into(),
                s.redundant_capabilities.to_string(),
            ]),
            row([
                "Unused offerings (candidates for sunsetting)".into(),
                s.unused_offerings.to_string(),
            ]),
            row([
                "Fragile interface requirements".into(),
                s.fragile_requirements.to_string(),
            ]),
            row([
                "Standardization gaps".into(),
                s.standardization_gaps.to_string(),
            ]),
            row(["Rule findings".into(), s.rule_findings.to_string()]),
        ],
    );
    lifecycle(&mut out, audit);
    redundancy(&mut out, audit);
    unused(&mut out, audit);
    fragile(&mut out, audit);
    gaps(&mut out, audit);
    findings(&mut out, audit);
    out
}

fn row<const N: usize>(cells: [String; N]) -> Vec<String> {
    cells.into()
}

const STAGES: [&str; 7] = [
    "Formation",
    "Rationalization",
    "Standardization",
    "Modernization",
    "Optimization",
    "End-of-life",
    "Total",
];

fn lifecycle(out: &mut String, audit: &Audit) {
    let l = &audit.lifecycle;
    let _ = writeln!(out, "## Lifecycle by portfolio\n");
    let mut header = vec!["Portfolio"];
    header.extend(STAGES);
    let mut right = vec![false];
    right.extend([true; 7]);
    let (portfolios, more_portfolios) = capped(&l.by_portfolio, MAX_ROWS);
    let mut rows: Vec<Vec<String>> = portfolios
        .iter()
        .map(|p| {
            let mut r = vec![code(p.portfolio.as_str())];
            r.extend(stage_cells(&p.stages));
            r
        })
        .collect();
    if more_portfolios > 0 {
        let mut more = vec![format!("…and {more_portfolios} more")];
        more.extend(std::iter::repeat_n(String::new(), 7));
        rows.push(more);
    }
    let mut all = vec!["**All**".to_owned()];
    all.extend(stage_cells(&l.overall));
    rows.push(all);
    table(out, &header, &right, &rows);

    let _ = writeln!(out, "## Lifecycle by partner\n");
    let mut header = vec!["Partner", "Agreement", "In force"];
    header.extend(STAGES);
    let mut right = vec![false, false, false];
    right.extend([true; 7]);
    let mut internal = vec!["Internal".to_owned(), "—".to_owned(), "—".to_owned()];
    internal.extend(stage_cells(&l.internal));
    let mut rows = vec![internal];
    let (partners, more_partners) = capped(&l.by_partner, MAX_ROWS);
    for p in partners {
        let mut r = vec![
            format!("{} ({})", escape(&p.name), code(p.partner.as_str())),
            format::agreement(p, audit.as_of),
            if p.in_force { "yes" } else { "**no**" }.to_owned(),
        ];
        r.extend(stage_cells(&p.stages));
        rows.push(r);
    }
    if more_partners > 0 {
        let mut more = vec![format!("…and {more_partners} more")];
        more.extend(std::iter::repeat_n(String::new(), 9));
        rows.push(more);
    }
    table(out, &header, &right, &rows);
}

fn redundancy(out: &mut String, audit: &Audit) {
    let _ = writeln!(out, "## Redundancy\n");
    let groups = &audit.redundancy;
    if groups.is_empty() {
        let _ = writeln!(out, "Every capability is delivered by one offering.\n");
        return;
    }
    let _ = writeln!(
        out,
        "{} {} delivered by more than one offering: candidates for combining.\n",
        groups.len(),
        format::plural(groups.len(), "capability is", "capabilities are")
    );
    let (shown, more) = capped(groups, MAX_GROUPS);
    for g in shown {
        let _ = writeln!(
            out,
            "### {} ({} offerings)\n",
            code(g.capability.as_str()),
            g.offerings.len()
        );
        let differs = if g.differs_in.is_empty() {
            "They are alike in lifecycle, partner, price and interfaces".to_owned()
        } else {
            let d: Vec<&str> = g.differs_in.iter().map(|d| d.as_str()).collect();
            format!("They differ in {}", d.join(", "))
        };
        let _ = writeln!(
            out,
            "{differs}. Keep candidate: {}.\n",
            code(g.preferred.as_str())
        );
        let (members, more_members) = capped(&g.offerings, MAX_MEMBERS);
        let rows: Vec<Vec<String>> = members
            .iter()
            .map(|m| {
                vec![
                    code(m.id.as_str()),
                    m.lifecycle.to_string(),
                    format::partner(m.partner.as_ref()),
                    format::price(m.price.as_ref()),
                    format::names(
                        m.provides
                            .iter()
                            .map(|p| format!("`{} {}`", p.interface, p.version)),
                    ),
                ]
            })
            .collect();
        table(
            out,
            &["Offering", "Lifecycle", "Partner", "Price", "Provides"],
            &[false; 5],
            &rows,
        );
        more_line(out, more_members, "offerings");
    }
    more_line(out, more, "capabilities");
}

fn unused(out: &mut String, audit: &Audit) {
    let _ = writeln!(out, "## Unused offerings\n");
    let list = &audit.unused;
    if list.is_empty() {
        let _ = writeln!(out, "Every offering can be pulled into a bundle.\n");
        return;
    }
    let _ = writeln!(
        out,
        "No market priority names their capabilities and no other offering requires \
         what they provide at the version they provide it: candidates for sunsetting.\n"
    );
    let (shown, more) = capped(list, MAX_ROWS);
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|u| {
            vec![
                code(u.id.as_str()),
                u.lifecycle.to_string(),
                format::partner(u.partner.as_ref()),
                format::ids(&u.capabilities),
                format::names(u.provides.iter().map(format::unused_interface)),
            ]
        })
        .collect();
    table(
        out,
        &[
            "Offering",
            "Lifecycle",
            "Partner",
            "Capabilities",
            "Provides",
        ],
        &[false; 5],
        &rows,
    );
    more_line(out, more, "offerings");
}

fn fragile(out: &mut String, audit: &Audit) {
    let _ = writeln!(out, "## Fragile interfaces\n");
    let list = &audit.fragile;
    if list.is_empty() {
        let _ = writeln!(
            out,
            "Every requirement has an internal provider in force.\n"
        );
        return;
    }
    let _ = writeln!(
        out,
        "Requirements without an internal provider in force; a change to the \
         provider breaks the dependents.\n"
    );
    let (shown, more) = capped(list, MAX_ROWS);
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|f| {
            vec![
                format!("`{} {}`", f.interface, f.requirement),
                f.reason.describe().to_owned(),
                format::names(f.providers.iter().map(format::provider)),
                format::ids(&f.dependents),
            ]
        })
        .collect();
    table(
        out,
        &["Requirement", "Why", "Providers", "Dependents"],
        &[false; 4],
        &rows,
    );
    more_line(out, more, "requirements");
}

fn gaps(out: &mut String, audit: &Audit) {
    let _ = writeln!(out, "## Standardization gaps\n");
    let list = &audit.standardization_gaps;
    if list.is_empty() {
        let _ = writeln!(
            out,
            "Every offering at standardization or later has its kits and configurations.\n"
        );
        return;
    }
    let (shown, more) = capped(list, MAX_ROWS);
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|g| {
            let missing: Vec<&str> = g.missing.iter().map(|m| m.describe()).collect();
            vec![
                code(g.id.as_str()),
                g.portfolio.to_string(),
                g.lifecycle.to_string(),
                missing.join(", "),
            ]
        })
        .collect();
    table(
        out,
        &["Offering", "Portfolio", "Lifecycle", "Missing"],
        &[false; 4],
        &rows,
    );
    more_line(out, more, "offerings");
}

fn findings(out: &mut String, audit: &Audit) {
    let _ = writeln!(out, "## Rule findings\n");
    let rules = &audit.rule_findings;
    if rules.is_empty() {
        let _ = writeln!(out, "No offering rule reported anything.");
        return;
    }
    for r in rules {
        let _ = writeln!(out, "### {} ({})\n", code(&r.rule), r.findings.len());
        let (shown, more) = capped(&r.findings, MAX_ROWS);
        let rows: Vec<Vec<String>> = shown
            .iter()
            .map(|f| {
                vec![
                    code(f.offering.as_str()),
                    f.severity.to_string(),
                    escape(&f.message),
                ]
            })
            .collect();
        table(
            out,
            &["Offering", "Severity", "Message"],
            &[false; 3],
            &rows,
        );
        more_line(out, more, "findings");
    }
}

fn more_line(out: &mut String, more: usize, what: &str) {
    if more > 0 {
        let _ = writeln!(out, "…and {more} more {what} (see `--format json`).\n");
    }
}

fn code(s: &str) -> String {
    format!("`{s}`")
}

/// Escapes what would break a table cell or start Markdown markup.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown table followed by a blank line.
fn table(out: &mut String, header: &[&str], right: &[bool], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let rule: Vec<&str> = (0..header.len())
        .map(|i| {
            if right.get(i).copied().unwrap_or(false) {
                "--:"
            } else {
                "---"
            }
        })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    let _ = writeln!(out);
}

/// Renders the impact of retiring an offering as Markdown.
pub fn render_retirement(r: &Retirement) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Retiring {} ({})\n",
        code(r.offering.as_str()),
        escape(&r.name)
    );
    let _ = writeln!(
        out,
        "{} bundle {} checked, as of {}.\n",
        r.requests,
        format::plural(r.requests, "request", "requests"),
        r.as_of
    );
    let _ = writeln!(out, "## No longer compose\n");
    if r.broken.is_empty() {
        let _ = writeln!(out, "None.\n");
    }
    for b in &r.broken {
        let _ = writeln!(
            out,
            "### {} ({})\n",
            code(b.request.as_str()),
            code(&b.file)
        );
        let _ = writeln!(out, "```text");
        for line in &b.explanation {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out, "```\n");
    }
    let _ = writeln!(out, "## Compose differently\n");
    if r.recomposed.is_empty() {
        let _ = writeln!(out, "None.\n");
    } else {
        let rows: Vec<Vec<String>> = r
            .recomposed
            .iter()
            .map(|c| {
                vec![
                    code(c.request.as_str()),
                    code(&c.file),
                    format::ids(&c.removed),
                    format::ids(&c.added),
                ]
            })
            .collect();
        table(
            &mut out,
            &["Request", "File", "Drops", "Adds"],
            &[false; 4],
            &rows,
        );
    }
    request_section(&mut out, "Unaffected", &r.unaffected);
    request_section(&mut out, "Already failing", &r.already_failing);
    out
}

fn request_section(out: &mut String, title: &str, list: &[RequestRef]) {
    let _ = writeln!(out, "## {title}\n");
    if list.is_empty() {
        let _ = writeln!(out, "None.\n");
        return;
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|r| vec![code(r.request.as_str()), code(&r.file)])
        .collect();
    table(out, &["Request", "File"], &[false; 2], &rows);
}
