//! Text for people: failure explanations and composed bundles.
//!
//! Rendering is kept apart from the search: it reads only the plain data of
//! [`Explanation`] and [`Bundle`].

use std::fmt::Write as _;

use crate::bundle::{Bundle, Reason, Status};
use crate::explain::{Because, Candidate, Explanation, Node, Out};

/// How many candidates of one need or requirement are listed.
const MAX_CANDIDATES: usize = 6;

/// The explanation as short lines, indented two spaces per level, then
/// `hint:` lines.
pub fn explanation_lines(e: &Explanation) -> Vec<String> {
    let mut lines = Vec::new();
    node(&e.root, 0, &mut lines);
    for h in &e.hints {
        lines.push(format!("hint: {h}"));
    }
    lines
}

fn line(lines: &mut Vec<String>, depth: usize, text: String) {
    lines.push(format!("{}{text}", "  ".repeat(depth)));
}

fn node(n: &Node, depth: usize, lines: &mut Vec<String>) {
    match n {
        Node::Need {
            capability,
            priority,
            only,
            candidates,
            then,
        } => {
            let from = match priority {
                Some(p) => format!("priority `{p}`"),
                None => "requested".to_owned(),
            };
            let what = match (only, candidates.is_empty()) {
                (Some(o), true) => format!("only `{o}` delivers it"),
                (Some(o), false) => format!("only `{o}` can deliver it"),
                (None, true) => "no offering in the catalog delivers it".to_owned(),
                (None, false) => "no offering that delivers it can be used".to_owned(),
            };
            line(
                lines,
                depth,
                format!("need `{capability}` ({from}): {what}"),
            );
            list(candidates, depth + 1, lines);
            if let Some(t) = then {
                node(t, depth + 1, lines);
            }
        }
        Node::Include {
            offering,
            out,
            then,
        } => {
            let text = match out {
                Some(out) => format!(
                    "`{offering}` is included by the request, but {}",
                    out_text(out)
                ),
                None => format!("`{offering}` is included by the request"),
            };
            line(lines, depth, text);
            if let Some(Out::Unmet { requirement }) = out {
                node(requirement, depth + 1, lines);
            }
            if let Some(t) = then {
                node(t, depth + 1, lines);
            }
        }
        Node::Requires {
            offering,
            requirement,
            only,
            candidates,
            then,
        } => {
            let text = match (only, candidates.is_empty()) {
                (Some(o), true) => {
                    format!("`{offering}` requires `{requirement}`: only `{o}` provides it")
                }
                (Some(o), false) => {
                    format!("`{offering}` requires `{requirement}`: only `{o}` can provide it")
                }
                (None, true) => {
                    format!("`{offering}` requires `{requirement}`, which no offering provides")
                }
                (None, false) => format!("`{offering}` requires `{requirement}`"),
            };
            line(lines, depth, text);
            list(candidates, depth + 1, lines);
            if let Some(t) = then {
                node(t, depth + 1, lines);
            }
        }
        Node::Forced { offering, then } => {
            line(
                lines,
                depth,
                format!("`{offering}` is needed by every way left to compose the bundle"),
            );
            if let Some(t) = then {
                node(t, depth + 1, lines);
            }
        }
        Node::Conflict { offerings, because } => {
            line(
                lines,
                depth,
                format!(
                    "`{}` and `{}` conflict, but both must be in the bundle",
                    offerings[0], offerings[1]
                ),
            );
            for (o, b) in offerings.iter().zip(because) {
                line(lines, depth + 1, format!("`{o}`: {}", because_text(b)));
            }
        }
        Node::Combination { offerings } => {
            let names: Vec<String> = offerings.iter().map(|o| format!("`{o}`")).collect();
            line(
                lines,
                depth,
                "no combination of offerings meets every need without a conflict".to_owned(),
            );
            line(
                lines,
                depth + 1,
                format!("the search tried every choice of {}", names.join(", ")),
            );
        }
    }
}

fn list(candidates: &[Candidate], depth: usize, lines: &mut Vec<String>) {
    for c in candidates.iter().take(MAX_CANDIDATES) {
        line(
            lines,
            depth,
            format!("`{}` {}: {}", c.offering, c.version, out_text(&c.out)),
        );
        if let Out::Unmet { requirement } = &c.out {
            node(requirement, depth + 1, lines);
        }
    }
    if candidates.len() > MAX_CANDIDATES {
        line(
            lines,
            depth,
            format!("… and {} more", candidates.len() - MAX_CANDIDATES),
        );
    }
}

fn because_text(b: &Because) -> String {
    match b {
        Because::Included => "the request includes it".to_owned(),
        Because::Need { capability } => format!("the only usable deliverer of `{capability}`"),
        Because::RequiredBy {
            offering,
            interface,
        } => {
            format!("`{offering}` requires it for `{interface}`")
        }
        Because::Forced => "every way left to compose the bundle needs it".to_owned(),
    }
}

fn out_text(out: &Out) -> String {
    match out {
        Out::VersionMismatch {
            version,
            requirement,
        } => format!("version {version} does not match {requirement}"),
        Out::ConflictsWith { offering, because } => {
            let why = match because {
                Because::Included => "which the request includes".to_owned(),
                Because::Need { capability } => {
                    format!("the only usable deliverer of `{capability}`")
                }
                Because::RequiredBy {
                    offering: by,
                    interface,
                } => format!("which `{by}` requires for `{interface}`"),
                Because::Forced => "which every way left to compose the bundle needs".to_owned(),
            };
            format!("conflicts with `{offering}`, {why}")
        }
        Out::Excluded => "excluded by the request".to_owned(),
        Out::PartnerNotAllowed { partner } => {
            format!("partner `{partner}` is not allowed by `partners`")
        }
        Out::EndOfLife => "end-of-life (usable only when included by name)".to_owned(),
        Out::RuledOut { rule, message } => format!("ruled out by rule `{rule}`: {message}"),
        Out::Unmet { .. } => "one of its requirements cannot be met".to_owned(),
        Out::NoCombination => "every way to meet its requirements leads to a conflict".to_owned(),
        Out::SeeAbove => "cannot be used (see above)".to_owned(),
    }
}

/// A reason as a short phrase.
pub fn reason_text(r: &Reason) -> String {
    match r {
        Reason::Need { need, priority } => match priority {
            Some(p) => format!("delivers `{need}` (priority `{p}`)"),
            None => format!("delivers `{need}` (requested)"),
        },
        Reason::RequiredBy {
            required_by,
            interface,
        } => format!("required by `{required_by}` for `{interface}`"),
        Reason::Included { .. } => "included by the request".to_owned(),
    }
}

/// The bundle for people: a summary, the members and why each is there, the
/// wiring, the deployment order, prices and findings. A failed bundle shows
/// its explanation instead.
pub fn bundle_text(b: &Bundle) -> String {
    let mut s = String::new();
    if b.status == Status::Failed {
        let _ = writeln!(
            s,
            "bundle `{}` cannot be composed (as of {})",
            b.bundle, b.as_of
        );
        let _ = writeln!(s);
        for l in b.explanation.iter().flatten() {
            let _ = writeln!(s, "{l}");
        }
        return s;
    }
    let partners = b.offerings.iter().filter(|m| m.partner.is_some()).count();
    let status = match b.status {
        Status::Denied => "composed, but denied by a bundle rule",
        _ => "composed",
    };
    let _ = writeln!(
        s,
        "bundle `{}` {status}: {} offerings, {partners} from partners (as of {})",
        b.bundle,
        b.offerings.len(),
        b.as_of
    );
    let _ = writeln!(s, "\nofferings");
    for m in &b.offerings {
        let partner = m
            .partner
            .as_ref()
            .map(|p| format!(", partner `{p}`"))
            .unwrap_or_default();
        let _ = writeln!(s, "  {} {} ({}{partner})", m.id, m.version, m.lifecycle);
        for r in &m.reasons {
            let _ = writeln!(s, "    {}", reason_text(r));
        }
    }
    if !b.wiring.is_empty() {
        let _ = writeln!(s, "\nwiring");
        let rows: Vec<[String; 3]> = b
            .wiring
            .iter()
            .map(|w| {
                let optional = if w.optional { " (optional)" } else { "" };
                [
                    w.consumer.to_string(),
                    format!("{} {}", w.interface, w.requirement),
                    format!("-> {} {}{optional}", w.provider, w.version),
                ]
            })
            .collect();
        let w0 = rows.iter().map(|r| r[0].chars().count()).max().unwrap_or(0);
        let w1 = rows.iter().map(|r| r[1].chars().count()).max().unwrap_or(0);
        for r in rows {
            let _ = writeln!(s, "  {:w0$}  {:w1$}  {}", r[0], r[1], r[2]);
        }
    }
    let _ = writeln!(s, "\ndeployment order");
    for (i, group) in b.deployment_order.iter().enumerate() {
        let names: Vec<&str> = group.iter().map(|g| g.as_str()).collect();
        let _ = writeln!(s, "  {}. {}", i + 1, names.join(", "));
    }
    if !b.price.is_empty() {
        let _ = writeln!(s, "\nprice");
        for p in &b.price {
            let _ = writeln!(s, "  {:.2} {} per {}", p.amount, p.currency, p.per);
        }
    }
    if !b.findings.is_empty() {
        let _ = writeln!(s, "\nfindings");
        for f in &b.findings {
            let on = f
                .offering
                .as_ref()
                .map(|o| format!(" (`{o}`)"))
                .unwrap_or_default();
            let _ = writeln!(s, "  {} `{}`{on}: {}", f.severity, f.rule, f.message);
        }
    }
    s
}
