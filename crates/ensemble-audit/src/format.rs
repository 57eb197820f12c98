//! Pieces the text and Markdown reports share: limits on how much of a large
//! catalog they show, and how values read.

use ensemble_model::{Date, Id, Lifecycle, Price};

use crate::{PartnerStages, ProviderStanding, StageCounts, Standing, UnusedInterface};

/// Redundancy groups shown before "and N more".
pub(crate) const MAX_GROUPS: usize = 20;
/// Members shown per redundancy group.
pub(crate) const MAX_MEMBERS: usize = 8;
/// Rows shown per list section (unused, fragile, gaps, findings per rule).
pub(crate) const MAX_ROWS: usize = 25;
/// Names shown in one cell (dependents, providers, interfaces).
pub(crate) const MAX_NAMES: usize = 6;

/// The first `max` items of `items`, and how many were left out.
pub(crate) fn capped<T>(items: &[T], max: usize) -> (&[T], usize) {
    if items.len() > max {
        (&items[..max], items.len() - max)
    } else {
        (items, 0)
    }
}

/// Joins names with ", ", at most [`MAX_NAMES`] of them, then "+N more".
pub(crate) fn names<I: IntoIterator<Item = String>>(items: I) -> String {
    let all: Vec<String> = items.into_iter().collect();
    if all.is_empty() {
        return "—".to_owned();
    }
    let (shown, more) = capped(&all, MAX_NAMES);
    let mut s = shown.join(", ");
    if more > 0 {
        s.push_str(&format!(" +{more} more"));
    }
    s
}

pub(crate) fn ids<'a>(items: impl IntoIterator<Item = &'a Id>) -> String {
    names(items.into_iter().map(Id::to_string))
}

pub(crate) fn price(p: Option<&Price>) -> String {
    match p {
        None => "—".to_owned(),
        Some(p) => match p.per {
            ensemble_model::Period::OneTime => format!("{:.2} {} one-time", p.amount, p.currency),
            per => format!("{:.2} {} per {per}", p.amount, p.currency),
        },
    }
}

pub(crate) fn partner(p: Option<&Id>) -> String {
    p.map_or_else(|| "internal".to_owned(), Id::to_string)
}

/// The agreement in a few words: "active until 2027-06-30", "active,
/// lapsed 2026-01-31", "expired 2025-03-31", "pending, term to 2028-01-31".
pub(crate) fn agreement(p: &PartnerStages, as_of: Date) -> String {
    use ensemble_model::AgreementStatus::{Active, Expired, Pending};
    match (p.agreement, p.expires) {
        (status, None) => status.as_str().to_owned(),
        (Active, Some(d)) if d >= as_of => format!("active until {d}"),
        (Active, Some(d)) => format!("active, lapsed {d}"),
        (Expired, Some(d)) => format!("expired {d}"),
        (Pending, Some(d)) => format!("pending, term to {d}"),
    }
}

pub(crate) fn provider(p: &ProviderStanding) -> String {
    let how = match (p.standing, &p.partner) {
        (Standing::Partner, Some(partner)) => format!("partner {partner}"),
        (s, Some(partner)) => format!("{}, partner {partner}", s.describe()),
        (s, None) => s.describe().to_owned(),
    };
    format!("{} {} ({how})", p.id, p.version)
}

pub(crate) fn unused_interface(i: &UnusedInterface) -> String {
    if i.required_at.is_empty() {
        format!("{} {} (not required)", i.interface, i.version)
    } else {
        format!(
            "{} {} (required only at {})",
            i.interface,
            i.version,
            i.required_at.join(", ")
        )
    }
}

pub(crate) fn heading(as_of: Date, offerings: usize, portfolios: usize, partners: usize) -> String {
    format!(
        "{offerings} {} in {portfolios} {}, {partners} {}, as of {as_of}",
        plural(offerings, "offering", "offerings"),
        plural(portfolios, "portfolio", "portfolios"),
        plural(partners, "partner", "partners"),
    )
}

pub(crate) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The counts of a lifecycle table row, stage by stage, then the total.
pub(crate) fn stage_cells(c: &StageCounts) -> Vec<String> {
    Lifecycle::ALL
        .iter()
        .map(|&l| c.get(l).to_string())
        .chain([c.total.to_string()])
        .collect()
}
