//! The spec laid out as a document: headings, paragraphs, lists, tables and
//! code blocks of typed inline content. The Markdown and HTML renderers walk
//! the same blocks, so both formats say the same things in the same order,
//! and each escapes text in one place.

use ensemble_model::Id;

use super::model::{OfferingRef, Spec};
use crate::price::{format_amount, format_price, period_label};
use crate::text::{domain, humanize, words, DASH};

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Inline {
    Text(String),
    /// An identifier, in a monospace font.
    Code(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    /// A link to a path or address as written in the catalog.
    Link {
        text: String,
        href: String,
    },
    /// A line break inside a table cell or list item.
    Break,
}

/// Shorthand for plain text.
pub(crate) fn t(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

fn strong(s: impl Into<String>) -> Inline {
    Inline::Strong(vec![t(s)])
}

fn dash() -> Vec<Inline> {
    vec![t(DASH)]
}

/// A block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// Level 1 is the title; `id` is the anchor.
    Heading {
        level: u8,
        id: &'static str,
        text: String,
    },
    Para(Vec<Inline>),
    /// Key-value lines of the title block.
    Meta(Vec<(String, Vec<Inline>)>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    Table {
        class: &'static str,
        header: Vec<&'static str>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// The wiring diagram (Mermaid in Markdown, SVG in HTML).
    Diagram,
    Code {
        lang: &'static str,
        text: String,
    },
}

fn offering(o: &OfferingRef) -> Vec<Inline> {
    vec![t(o.name.clone()), t(" ("), code(o.id.to_string()), t(")")]
}

fn offerings(list: &[OfferingRef], sep: Inline) -> Vec<Inline> {
    if list.is_empty() {
        return dash();
    }
    let mut out = Vec::new();
    for (i, o) in list.iter().enumerate() {
        if i > 0 {
            out.push(sep.clone());
        }
        out.extend(offering(o));
    }
    out
}

fn names(list: &[OfferingRef]) -> String {
    let v: Vec<&str> = list.iter().map(|o| o.name.as_str()).collect();
    english_list(&v)
}

/// `a`, `a and b`, `a, b and c`.
fn english_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn opt_text(s: &Option<String>) -> Vec<Inline> {
    match s {
        Some(s) => vec![t(s.clone())],
        None => dash(),
    }
}

fn kit(path: &Option<String>) -> Vec<Inline> {
    match path {
        Some(p) => {
            let text = p.rsplit('/').next().filter(|s| !s.is_empty()).unwrap_or(p);
            vec![Inline::Link {
                text: text.to_owned(),
                href: p.clone(),
            }]
        }
        None => dash(),
    }
}

/// The capabilities as business words, grouped by domain:
/// `Fraud: scoring, case management`.
fn capability_groups(ids: &[Id]) -> Vec<Vec<Inline>> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for id in ids {
        let d = domain(id.as_str());
        let word = words(id.as_str());
        match groups.iter_mut().find(|(g, _)| *g == d) {
            Some((_, words)) => words.push(word),
            None => groups.push((d, vec![word])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
        .into_iter()
        .map(|(d, words)| {
            let w: Vec<&str> = words.iter().map(String::as_str).collect();
            vec![strong(d), t(format!(": {}", english_list(&w)))]
        })
        .collect()
}

fn capability_words(ids: &[Id]) -> String {
    let words: Vec<String> = ids.iter().map(|c| words(c.as_str())).collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    english_list(&w)
}

/// Lays the spec out.
pub(crate) fn build(spec: &Spec) -> Vec<Block> {
    let mut doc = Vec::new();
    let h = &spec.header;
    let s = &spec.summary;
    doc.push(Block::Heading {
        level: 1,
        id: "title",
        text: h.title.clone(),
    });
    doc.push(Block::Meta(vec![
        ("Customer".into(), opt_text(&h.customer)),
        (
            "Market".into(),
            match &h.market {
                Some(m) => vec![t(m.name.clone()), t(" ("), code(m.id.to_string()), t(")")],
                None => dash(),
            },
        ),
        ("Date".into(), vec![t(h.as_of.to_string())]),
        ("Bundle".into(), vec![code(h.bundle.to_string())]),
    ]));

    // Executive summary: business words only, no interfaces.
    doc.push(Block::Heading {
        level: 2,
        id: "summary",
        text: "1. Executive summary".into(),
    });
    let who = h.customer.clone().unwrap_or_else(|| "The customer".into());
    let mix = match (s.internal, s.partner) {
        (_, 0) => "all of them our own".to_owned(),
        (0, _) => "all of them from partners".to_owned(),
        (i, p) => format!("{i} of our own and {} from partners", p),
    };
    let aim = match (&h.market, s.priorities.len()) {
        (Some(m), n) if n > 0 => format!(
            "that together address {} of the {} market",
            plural(n, "priority", "priorities"),
            m.name
        ),
        _ => "that together deliver the capabilities requested".to_owned(),
    };
    doc.push(Block::Para(vec![t(format!(
        "{who} receives a solution of {} ({mix}) {aim}.",
        plural(s.offerings, "offering", "offerings")
    ))]));
    if !s.priorities.is_empty() {
        doc.push(Block::Para(vec![strong("Priorities addressed")]));
        doc.push(Block::List {
            ordered: false,
            items: s
                .priorities
                .iter()
                .map(|p| {
                    let title = p
                        .description
                        .clone()
                        .unwrap_or_else(|| humanize(p.id.as_str()));
                    let mut item = vec![strong(title)];
                    if !p.capabilities.is_empty() {
                        item.push(t(format!(": {}", capability_words(&p.capabilities))));
                    }
                    if !p.offerings.is_empty() {
                        item.push(t(format!(", delivered by {}", names(&p.offerings))));
                    }
                    item
                })
                .collect(),
        });
    }
    if !s.needs.is_empty() {
        let delivered_by: Vec<OfferingRef> = {
            let mut v: Vec<OfferingRef> = spec
                .traceability
                .iter()
                .filter(|tr| tr.priority.is_none())
                .flat_map(|tr| tr.offerings.iter().cloned())
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let mut para = vec![
            strong("Further capabilities requested"),
            t(format!(": {}", capability_words(&s.needs))),
        ];
        if !delivered_by.is_empty() {
            para.push(t(format!(", delivered by {}", names(&delivered_by))));
        }
        para.push(t("."));
        doc.push(Block::Para(para));
    }
    doc.push(Block::Para(vec![strong("Capabilities delivered")]));
    doc.push(Block::List {
        ordered: false,
        items: if s.capabilities.is_empty() {
            vec![dash()]
        } else {
            capability_groups(&s.capabilities)
        },
    });
    let review = if s.deny + s.warn + s.info == 0 {
        "no findings".to_owned()
    } else {
        let mut parts = Vec::new();
        if s.deny > 0 {
            parts.push(plural(s.deny, "blocking finding", "blocking findings"));
        }
        if s.warn > 0 {
            parts.push(plural(s.warn, "warning", "warnings"));
        }
        if s.info > 0 {
            parts.push(plural(s.info, "note", "notes"));
        }
        let p: Vec<&str> = parts.iter().map(String::as_str).collect();
        format!("{} (see section 8)", english_list(&p))
    };
    doc.push(Block::Para(vec![
        strong("Policy review"),
        t(format!(": {review}.")),
    ]));

    // Traceability.
    doc.push(Block::Heading {
        level: 2,
        id: "traceability",
        text: "2. Traceability: priority → capability → offering".into(),
    });
    if spec.traceability.is_empty() {
        doc.push(Block::Para(vec![t("The request states no needs.")]));
    } else {
        doc.push(Block::Table {
            class: "trace",
            header: vec!["Priority", "Capability", "Offerings"],
            rows: spec
                .traceability
                .iter()
                .map(|tr| {
                    let priority = match &tr.priority {
                        Some(p) => {
                            let mut v = vec![t(tr
                                .priority_description
                                .clone()
                                .unwrap_or_else(|| humanize(p.as_str())))];
                            v.extend([t(" ("), code(p.to_string()), t(")")]);
                            v
                        }
                        None => vec![Inline::Emphasis(vec![t("requested directly")])],
                    };
                    vec![
                        priority,
                        vec![code(tr.capability.to_string())],
                        offerings(&tr.offerings, Inline::Break),
                    ]
                })
                .collect(),
        });
    }

    // Offerings.
    doc.push(Block::Heading {
        level: 2,
        id: "offerings",
        text: "3. Offerings".into(),
    });
    doc.push(Block::Table {
        class: "offerings",
        header: vec![
            "Offering",
            "Version",
            "Portfolio",
            "Source",
            "Lifecycle",
            "Summary",
            "Configurations",
            "Sales kit",
            "Delivery kit",
        ],
        rows: spec
            .offerings
            .iter()
            .map(|o| {
                vec![
                    vec![
                        strong(o.name.clone()),
                        Inline::Break,
                        code(o.id.to_string()),
                    ],
                    vec![t(o.version.clone())],
                    vec![t(o.portfolio.to_string())],
                    match &o.partner {
                        Some(p) => vec![t("partner: "), t(p.name.clone())],
                        None => vec![t("internal")],
                    },
                    vec![t(o.lifecycle.as_str())],
                    opt_text(&o.summary),
                    if o.configurations.is_empty() {
                        dash()
                    } else {
                        vec![t(o.configurations.join(", "))]
                    },
                    kit(&o.kits.sales),
                    kit(&o.kits.delivery),
                ]
            })
            .collect(),
    });

    // Partners.
    doc.push(Block::Heading {
        level: 2,
        id: "partners",
        text: "4. Partners".into(),
    });
    if spec.partners.is_empty() {
        doc.push(Block::Para(vec![t(
            "No partner offerings: every offering is the company's own.",
        )]));
    } else {
        doc.push(Block::Table {
            class: "partners",
            header: vec![
                "Partner",
                "Agreement",
                "Tier",
                "Expires",
                "In force on the spec date",
                "Offerings",
            ],
            rows: spec
                .partners
                .iter()
                .map(|p| {
                    vec![
                        vec![t(p.name.clone()), t(" ("), code(p.id.to_string()), t(")")],
                        vec![t(p.status.as_str())],
                        opt_text(&p.tier),
                        match p.expires {
                            Some(d) => vec![t(d.to_string())],
                            None => dash(),
                        },
                        vec![if p.in_force { t("yes") } else { strong("no") }],
                        offerings(&p.offerings, Inline::Break),
                    ]
                })
                .collect(),
        });
    }

    // Wiring.
    doc.push(Block::Heading {
        level: 2,
        id: "wiring",
        text: "5. Wiring".into(),
    });
    doc.push(Block::Para(vec![t(
        "Each arrow runs from an offering to the one it relies on, labelled with the interface and the version provided. Partner offerings are dashed; offerings that rely on each other are framed together.",
    )]));
    doc.push(Block::Diagram);
    if spec.wiring.is_empty() {
        doc.push(Block::Para(vec![t(
            "The offerings do not rely on each other.",
        )]));
    } else {
        doc.push(Block::Table {
            class: "wiring",
            header: vec![
                "Consumer",
                "Interface",
                "Requirement",
                "Provider",
                "Version provided",
                "Optional",
            ],
            rows: spec
                .wiring
                .iter()
                .map(|w| {
                    vec![
                        offering(&w.consumer),
                        vec![code(w.interface.to_string())],
                        vec![code(w.requirement.clone())],
                        offering(&w.provider),
                        vec![t(w.version.clone())],
                        vec![t(if w.optional { "yes" } else { "no" })],
                    ]
                })
                .collect(),
        });
    }

    // Deployment order.
    doc.push(Block::Heading {
        level: 2,
        id: "deployment",
        text: "6. Deployment order".into(),
    });
    if spec.deployment_order.is_empty() {
        doc.push(Block::Para(dash()));
    } else {
        doc.push(Block::List {
            ordered: true,
            items: spec
                .deployment_order
                .iter()
                .map(|stage| {
                    let mut item = offerings(&stage.offerings, t(", "));
                    for set in &stage.together {
                        item.push(t(format!(
                            " — {} rely on each other: deploy them together",
                            names(set)
                        )));
                    }
                    item
                })
                .collect(),
        });
    }

    // Price.
    doc.push(Block::Heading {
        level: 2,
        id: "price",
        text: "7. Price".into(),
    });
    doc.push(Block::Table {
        class: "prices",
        header: vec!["Offering", "List price"],
        rows: spec
            .price
            .offerings
            .iter()
            .map(|p| {
                vec![
                    offering(&p.offering),
                    match &p.price {
                        Some(price) => vec![t(format_price(price))],
                        None => dash(),
                    },
                ]
            })
            .collect(),
    });
    doc.push(Block::Para(vec![strong("Totals"), t(
        " per currency and period; currencies are never converted, and monthly, yearly and one-time charges are never added together.",
    )]));
    if spec.price.totals.is_empty() {
        doc.push(Block::Para(vec![t("No offering has a list price.")]));
    } else {
        doc.push(Block::Table {
            class: "totals",
            header: vec!["Currency", "Period", "Total", "Offerings"],
            rows: spec
                .price
                .totals
                .iter()
                .map(|l| {
                    vec![
                        vec![t(l.currency.to_string())],
                        vec![t(period_label(l.per))],
                        vec![strong(format_amount(l.amount))],
                        vec![t(l.offerings.len().to_string())],
                    ]
                })
                .collect(),
        });
    }
    if !spec.price.unpriced.is_empty() {
        let ids: Vec<String> = spec.price.unpriced.iter().map(|i| i.to_string()).collect();
        let mut para = vec![t("Without a list price (not in the totals): ")];
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                para.push(t(", "));
            }
            para.push(code(id.clone()));
        }
        para.push(t("."));
        doc.push(Block::Para(para));
    }

    // Findings.
    doc.push(Block::Heading {
        level: 2,
        id: "findings",
        text: "8. Rule findings".into(),
    });
    if spec.findings.is_empty() {
        doc.push(Block::Para(vec![t("No rule findings.")]));
    } else {
        doc.push(Block::Table {
            class: "findings",
            header: vec!["Severity", "Rule", "Offering", "Finding", "Remediation"],
            rows: spec
                .findings
                .iter()
                .map(|f| {
                    vec![
                        vec![strong(f.severity.as_str())],
                        vec![code(f.rule.clone())],
                        match &f.offering {
                            Some(o) => offering(o),
                            None => vec![Inline::Emphasis(vec![t("whole bundle")])],
                        },
                        vec![t(f.message.clone())],
                        opt_text(&f.remediation),
                    ]
                })
                .collect(),
        });
    }

    // Appendix.
    doc.push(Block::Heading {
        level: 2,
        id: "request",
        text: "Appendix A. The request as given".into(),
    });
    doc.push(Block::Code {
        lang: "yaml",
        text: spec.request.text.clone(),
    });
    doc
}
