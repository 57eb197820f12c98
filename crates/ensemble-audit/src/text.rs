//! The audit as a terminal report: one section after another, tables with
//! aligned columns, long lists cut short with "and N more".

use std::fmt::Write as _;

use crate::format::{self, capped, stage_cells, MAX_GROUPS, MAX_MEMBERS, MAX_ROWS};
use crate::{Audit, RequestRef, Retirement};

/// Renders the audit as plain text.
pub fn render(audit: &Audit) -> String {
    let mut out = String::new();
    let s = &audit.summary;
    let _ = writeln!(out, "Portfolio audit");
    let _ = writeln!(
        out,
        "{}",
        format::heading(audit.as_of, s.offerings, s.portfolios, s.partners)
    );
    let _ = writeln!(out);
    summary(&mut out, audit);
    lifecycle(&mut out, audit);
    redundancy(&mut out, audit);
    unused(&mut out, audit);
    fragile(&mut out, audit);
    gaps(&mut out, audit);
    findings(&mut out, audit);
    out
}

fn summary(out: &mut String, audit: &Audit) {
    let s = &audit.summary;
    let rows = [
        ("redundant capabilities", s.redundant_capabilities),
        ("unused offerings", s.unused_offerings),
        ("fragile requirements", s.fragile_requirements),
        ("standardization gaps", s.standardization_gaps),
        ("rule findings", s.rule_findings),
    ];
    let _ = writeln!(out, "Summary");
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(k, v)| vec![(*k).to_owned(), v.to_string()])
        .collect();
    table(out, &["", ""], &[false, true], &rows, true);
    let _ = writeln!(out);
}

const STAGE_HEADERS: [&str; 7] = ["form", "rat", "std", "mod", "opt", "eol", "total"];

fn lifecycle(out: &mut String, audit: &Audit) {
    let l = &audit.lifecycle;
    let _ = writeln!(out, "Lifecycle by portfolio");
    let mut header = vec!["portfolio"];
    header.extend(STAGE_HEADERS);
    let mut right = vec![false];
    right.extend([true; 7]);
    let (portfolios, more_portfolios) = capped(&l.by_portfolio, MAX_ROWS);
    let mut rows: Vec<Vec<String>> = portfolios
        .iter()
        .map(|p| {
            let mut row = vec![p.portfolio.to_string()];
            row.extend(stage_cells(&p.stages));
            row
        })
        .collect();
    if more_portfolios > 0 {
        rows.push(vec![format!("({more_portfolios} more)")]);
    }
    let mut all = vec!["all".to_owned()];
    all.extend(stage_cells(&l.overall));
    rows.push(all);
    table(out, &header, &right, &rows, false);
    let _ = writeln!(out);

    let _ = writeln!(out, "Lifecycle by partner");
    let mut header = vec!["partner", "agreement", "in force"];
    header.extend(STAGE_HEADERS);
    let mut right = vec![false, false, false];
    right.extend([true; 7]);
    let mut internal = vec!["internal".to_owned(), "—".to_owned(), "—".to_owned()];
    internal.extend(stage_cells(&l.internal));
    let mut rows = vec![internal];
    let (partners, more_partners) = capped(&l.by_partner, MAX_ROWS);
    for p in partners {
        let mut row = vec![
            p.partner.to_string(),
            format::agreement(p, audit.as_of),
            if p.in_force { "yes" } else { "no" }.to_owned(),
        ];
        row.extend(stage_cells(&p.stages));
        rows.push(row);
    }
    if more_partners > 0 {
        rows.push(vec![format!("({more_partners} more)")]);
    }
    table(out, &header, &right, &rows, false);
    let _ = writeln!(
        out,
        "  form = formation, rat = rationalization, std = standardization,\n  \
         mod = modernization, opt = optimization, eol = end-of-life"
    );
    let _ = writeln!(out);
}

fn redundancy(out: &mut String, audit: &Audit) {
    let groups = &audit.redundancy;
    if groups.is_empty() {
        let _ = writeln!(
            out,
            "Redundancy: none (every capability is delivered by one offering)\n"
        );
        return;
    }
    let _ = writeln!(
        out,
        "Redundancy: {} {} delivered by more than one offering",
        groups.len(),
        format::plural(groups.len(), "capability", "capabilities")
    );
    let (shown, more) = capped(groups, MAX_GROUPS);
    for g in shown {
        let _ = writeln!(
            out,
            "  {}: {} offerings; keep candidate {}",
            g.capability,
            g.offerings.len(),
            g.preferred
        );
        if g.differs_in.is_empty() {
            let _ = writeln!(out, "    alike in lifecycle, partner, price and interfaces");
        } else {
            let d: Vec<&str> = g.differs_in.iter().map(|d| d.as_str()).collect();
            let _ = writeln!(out, "    differ in {}", d.join(", "));
        }
        let (members, more_members) = capped(&g.offerings, MAX_MEMBERS);
        let rows: Vec<Vec<String>> = members
            .iter()
            .map(|m| {
                vec![
                    m.id.to_string(),
                    m.lifecycle.to_string(),
                    format::partner(m.partner.as_ref()),
                    format::price(m.price.as_ref()),
                    format::names(
                        m.provides
                            .iter()
                            .map(|p| format!("{} {}", p.interface, p.version)),
                    ),
                ]
            })
            .collect();
        indented_table(out, "    ", &[false; 5], &rows);
        if more_members > 0 {
            let _ = writeln!(out, "    and {more_members} more");
        }
    }
    if more > 0 {
        let _ = writeln!(out, "  and {more} more capabilities (see --format json)");
    }
    let _ = writeln!(out);
}

fn unused(out: &mut String, audit: &Audit) {
    let list = &audit.unused;
    if list.is_empty() {
        let _ = writeln!(out, "Unused offerings: none\n");
        return;
    }
    let _ = writeln!(
        out,
        "Unused offerings: {} (no market priority names their capabilities and no\n\
         other offering requires what they provide at the version they provide it)",
        list.len()
    );
    let (shown, more) = capped(list, MAX_ROWS);
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|u| {
            vec![
                u.id.to_string(),
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
            "offering",
            "lifecycle",
            "partner",
            "capabilities",
            "provides",
        ],
        &[false; 5],
        &rows,
        false,
    );
    more_line(out, more, "offerings");
    let _ = writeln!(out);
}

fn fragile(out: &mut String, audit: &Audit) {
    let list = &audit.fragile;
    if list.is_empty() {
        let _ = writeln!(
            out,
            "Fragile interfaces: none (every requirement has an internal provider in force)\n"
        );
        return;
    }
    let _ = writeln!(
        out,
        "Fragile interfaces: {} {} without an internal provider in force",
        list.len(),
        format::plural(list.len(), "requirement", "requirements")
    );
    let (shown, more) = capped(list, MAX_ROWS);
    for f in shown {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            f.interface,
            f.requirement,
            f.reason.describe()
        );
        if !f.providers.is_empty() {
            let _ = writeln!(
                out,
                "    providers   {}",
                format::names(f.providers.iter().map(format::provider))
            );
        }
        let _ = writeln!(out, "    dependents  {}", format::ids(&f.dependents));
    }
    more_line(out, more, "requirements");
    let _ = writeln!(out);
}

fn gaps(out: &mut String, audit: &Audit) {
    let list = &audit.standardization_gaps;
    if list.is_empty() {
        let _ = writeln!(out, "Standardization gaps: none\n");
        return;
    }
    let _ = writeln!(
        out,
        "Standardization gaps: {} {} at standardization or later missing kits or configurations",
        list.len(),
        format::plural(list.len(), "offering", "offerings")
    );
    let (shown, more) = capped(list, MAX_ROWS);
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|g| {
            let missing: Vec<&str> = g.missing.iter().map(|m| m.describe()).collect();
            vec![
                g.id.to_string(),
                g.portfolio.to_string(),
                g.lifecycle.to_string(),
                missing.join(", "),
            ]
        })
        .collect();
    table(
        out,
        &["offering", "portfolio", "lifecycle", "missing"],
        &[false; 4],
        &rows,
        false,
    );
    more_line(out, more, "offerings");
    let _ = writeln!(out);
}

fn findings(out: &mut String, audit: &Audit) {
    let rules = &audit.rule_findings;
    if rules.is_empty() {
        let _ = writeln!(out, "Rule findings: none");
        return;
    }
    let _ = writeln!(
        out,
        "Rule findings: {} from {} {}",
        audit.summary.rule_findings,
        rules.len(),
        format::plural(rules.len(), "rule", "rules")
    );
    for r in rules {
        let _ = writeln!(out, "  {} ({})", r.rule, r.findings.len());
        let (shown, more) = capped(&r.findings, MAX_ROWS);
        let rows: Vec<Vec<String>> = shown
            .iter()
            .map(|f| {
                vec![
                    f.severity.to_string(),
                    f.offering.to_string(),
                    f.message.clone(),
                ]
            })
            .collect();
        indented_table(out, "    ", &[false; 3], &rows);
        if more > 0 {
            let _ = writeln!(out, "    and {more} more");
        }
    }
}

fn more_line(out: &mut String, more: usize, what: &str) {
    if more > 0 {
        let _ = writeln!(out, "  and {more} more {what} (see --format json)");
    }
}

/// A table indented by two spaces, with a header unless `bare`.
fn table(out: &mut String, header: &[&str], right: &[bool], rows: &[Vec<String>], bare: bool) {
    let mut all: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 1);
    if !bare {
        all.push(header.iter().map(|h| (*h).to_owned()).collect());
    }
    all.extend(rows.iter().cloned());
    indented_table(out, "  ", right, &all);
}

/// Rows with aligned columns (numbers right-aligned where `right` says),
/// two spaces apart, no trailing spaces.
fn indented_table(out: &mut String, indent: &str, right: &[bool], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let w = cell.chars().count();
            match widths.get_mut(i) {
                Some(x) => *x = (*x).max(w),
                None => widths.push(w),
            }
        }
    }
    for row in rows {
        let mut line = String::from(indent);
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = widths[i].saturating_sub(cell.chars().count());
            if right.get(i).copied().unwrap_or(false) {
                line.extend(std::iter::repeat_n(' ', pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// Renders the impact of retiring an offering as plain text.
pub fn render_retirement(r: &Retirement) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Retiring {} ({})", r.offering, r.name);
    let _ = writeln!(
        out,
        "{} bundle {} checked, as of {}",
        r.requests,
        format::plural(r.requests, "request", "requests"),
        r.as_of
    );
    let _ = writeln!(out);
    if r.broken.is_empty() {
        let _ = writeln!(out, "No longer compose: none");
    } else {
        let _ = writeln!(out, "No longer compose: {}", r.broken.len());
        for b in &r.broken {
            let _ = writeln!(out, "  {} ({})", b.request, b.file);
            for line in &b.explanation {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    let _ = writeln!(out);
    if r.recomposed.is_empty() {
        let _ = writeln!(out, "Compose differently: none");
    } else {
        let _ = writeln!(out, "Compose differently: {}", r.recomposed.len());
        for c in &r.recomposed {
            let _ = writeln!(out, "  {} ({})", c.request, c.file);
            let _ = writeln!(out, "    drops  {}", format::ids(&c.removed));
            let _ = writeln!(out, "    adds   {}", format::ids(&c.added));
        }
    }
    let _ = writeln!(out);
    request_list(&mut out, "Unaffected (compose without it)", &r.unaffected);
    request_list(
        &mut out,
        "Already failing (with it too)",
        &r.already_failing,
    );
    out
}

fn request_list(out: &mut String, title: &str, list: &[RequestRef]) {
    if list.is_empty() {
        let _ = writeln!(out, "{title}: none");
        return;
    }
    let _ = writeln!(out, "{title}: {}", list.len());
    let (shown, more) = capped(list, MAX_ROWS);
    for r in shown {
        let _ = writeln!(out, "  {} ({})", r.request, r.file);
    }
    more_line(out, more, "requests");
}
