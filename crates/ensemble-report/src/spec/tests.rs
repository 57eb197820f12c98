//! Specs of hand-built bundles over the example catalog.

use std::path::Path;

use ensemble_model::{load_catalog, BundleRequest, Catalog, Date, Finding, Id, Severity};
use ensemble_solver::{Bundle, Coverage, Member, Reason, Status, Wire};

use super::{html, markdown, Remediations, Spec, SpecError};

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn catalog() -> Catalog {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
    load_catalog(&root).expect("example catalog is valid")
}

fn request(text: &str) -> BundleRequest {
    match ensemble_model::parse_str(text)
        .expect("request parses")
        .pop()
    {
        Some(ensemble_model::Document::Bundle(b)) => *b,
        other => panic!("not a bundle: {other:?}"),
    }
}

/// A member as the solver would report it, from the catalog.
fn member(catalog: &Catalog, i: &str, reasons: Vec<Reason>) -> Member {
    Member::new(
        catalog.get(i).unwrap_or_else(|| panic!("{i} in catalog")),
        reasons,
    )
}

fn wire(c: &str, i: &str, req: &str, p: &str, v: &str, optional: bool) -> Wire {
    Wire {
        consumer: id(c),
        interface: id(i),
        requirement: req.to_owned(),
        provider: id(p),
        version: v.to_owned(),
        optional,
    }
}

fn need(n: &str, p: Option<&str>) -> Reason {
    Reason::Need {
        need: id(n),
        priority: p.map(id),
    }
}

fn cover(c: &str, p: Option<&str>, offerings: &[&str]) -> Coverage {
    Coverage {
        capability: id(c),
        priority: p.map(id),
        offerings: offerings.iter().map(|o| id(o)).collect(),
    }
}

const RETAIL_REQUEST: &str = "\
# Retail fraud, by hand
kind: bundle
id: retail-fraud-suite
name: Retail Fraud Suite
customer: Harbor Savings Bank
market: retail-banking
priorities: [reduce-card-fraud, regulatory-confidence]
include: [fraud-shield]
exclude: [legacy-fraud-rules]
";

/// retail-fraud-suite as the solver composes it (built by hand).
fn retail(catalog: &Catalog) -> Bundle {
    let ids = |v: &[&str]| v.iter().map(|s| id(s)).collect::<Vec<_>>();
    Bundle {
        bundle: id("retail-fraud-suite"),
        status: Status::Composed,
        as_of: "2026-11-22".parse::<Date>().unwrap(),
        offerings: vec![
            member(
                catalog,
                "aml-monitor",
                vec![need(
                    "compliance.aml-screening",
                    Some("regulatory-confidence"),
                )],
            ),
            member(
                catalog,
                "audit-vault",
                vec![need(
                    "compliance.audit-trail",
                    Some("regulatory-confidence"),
                )],
            ),
            member(
                catalog,
                "case-desk",
                vec![need("fraud.case-management", Some("reduce-card-fraud"))],
            ),
            member(
                catalog,
                "fraud-shield",
                vec![
                    need("fraud.scoring", Some("reduce-card-fraud")),
                    Reason::Included { included: true },
                ],
            ),
            member(
                catalog,
                "object-store",
                vec![Reason::RequiredBy {
                    required_by: id("audit-vault"),
                    interface: id("storage.object"),
                }],
            ),
            member(
                catalog,
                "pg-cloud",
                vec![Reason::RequiredBy {
                    required_by: id("aml-monitor"),
                    interface: id("storage.postgres"),
                }],
            ),
            member(
                catalog,
                "stream-hub",
                vec![Reason::RequiredBy {
                    required_by: id("aml-monitor"),
                    interface: id("events.stream"),
                }],
            ),
        ],
        wiring: vec![
            wire(
                "aml-monitor",
                "audit.log",
                "^1",
                "audit-vault",
                "1.5.0",
                false,
            ),
            wire(
                "aml-monitor",
                "events.stream",
                ">=3.0",
                "stream-hub",
                "3.1.0",
                false,
            ),
            wire(
                "aml-monitor",
                "storage.postgres",
                ">=14",
                "pg-cloud",
                "16.3.0",
                false,
            ),
            wire(
                "audit-vault",
                "storage.object",
                "^2",
                "object-store",
                "2.1.0",
                false,
            ),
            wire("case-desk", "audit.log", "^1", "audit-vault", "1.5.0", true),
            wire(
                "case-desk",
                "fraud.api",
                "^2",
                "fraud-shield",
                "2.3.0",
                false,
            ),
            wire(
                "fraud-shield",
                "audit.log",
                "^1",
                "audit-vault",
                "1.5.0",
                true,
            ),
            wire(
                "fraud-shield",
                "events.stream",
                ">=2.0, <4.0",
                "stream-hub",
                "3.1.0",
                false,
            ),
            wire(
                "fraud-shield",
                "storage.postgres",
                ">=14, <17",
                "pg-cloud",
                "16.3.0",
                false,
            ),
            wire(
                "stream-hub",
                "audit.log",
                "^1",
                "audit-vault",
                "1.5.0",
                true,
            ),
        ],
        coverage: vec![
            cover(
                "fraud.scoring",
                Some("reduce-card-fraud"),
                &["fraud-shield"],
            ),
            cover(
                "fraud.case-management",
                Some("reduce-card-fraud"),
                &["case-desk"],
            ),
            cover(
                "compliance.aml-screening",
                Some("regulatory-confidence"),
                &["aml-monitor"],
            ),
            cover(
                "compliance.audit-trail",
                Some("regulatory-confidence"),
                &["audit-vault"],
            ),
        ],
        deployment_order: vec![
            ids(&["object-store"]),
            ids(&["audit-vault"]),
            ids(&["pg-cloud"]),
            ids(&["stream-hub"]),
            ids(&["aml-monitor"]),
            ids(&["fraud-shield"]),
            ids(&["case-desk"]),
        ],
        findings: vec![
            Finding {
                rule: "eu-data-residency".into(),
                severity: Severity::Warn,
                message:
                    "aml-monitor runs in the EU region; confirm the customer's residency needs"
                        .into(),
                offering: Some(id("aml-monitor")),
            },
            Finding {
                rule: "info-only".into(),
                severity: Severity::Info,
                message: "mixed currencies: USD and EUR".into(),
                offering: None,
            },
        ],
        price: vec![],
        explanation: None,
    }
}

const CYCLE_REQUEST: &str = "\
kind: bundle
id: cycle-demo
name: Personalized Engagement
market: retail-banking
needs:
  - capability: customer.personalization
partners: allow
";

/// cycle-demo with a partner and an unpriced, kit-less offering added, to
/// show partners, a cycle and the dashes.
fn cycle(catalog: &Catalog) -> Bundle {
    let ids = |v: &[&str]| v.iter().map(|s| id(s)).collect::<Vec<_>>();
    Bundle {
        bundle: id("cycle-demo"),
        status: Status::Composed,
        as_of: "2026-11-22".parse::<Date>().unwrap(),
        offerings: vec![
            member(catalog, "chat-assist", vec![]),
            member(
                catalog,
                "customer-360",
                vec![Reason::RequiredBy {
                    required_by: id("engage-hub"),
                    interface: id("profiles.api"),
                }],
            ),
            member(
                catalog,
                "engage-hub",
                vec![need("customer.personalization", None)],
            ),
            member(catalog, "hooli-passkeys", vec![]),
            member(catalog, "pg-cloud", vec![]),
            member(catalog, "stream-hub", vec![]),
        ],
        wiring: vec![
            wire(
                "chat-assist",
                "identity.oidc",
                "^2",
                "hooli-passkeys",
                "3.0.0",
                false,
            ),
            wire(
                "chat-assist",
                "profiles.api",
                "^1",
                "customer-360",
                "1.6.0",
                true,
            ),
            wire(
                "customer-360",
                "engagement.signals",
                "^1",
                "engage-hub",
                "1.2.0",
                false,
            ),
            wire(
                "customer-360",
                "storage.postgres",
                ">=14",
                "pg-cloud",
                "16.3.0",
                false,
            ),
            wire(
                "engage-hub",
                "events.stream",
                ">=3.0",
                "stream-hub",
                "3.1.0",
                false,
            ),
            wire(
                "engage-hub",
                "profiles.api",
                "^1",
                "customer-360",
                "1.6.0",
                false,
            ),
        ],
        coverage: vec![cover("customer.personalization", None, &["engage-hub"])],
        deployment_order: vec![
            ids(&["hooli-passkeys"]),
            ids(&["pg-cloud"]),
            ids(&["stream-hub"]),
            ids(&["customer-360", "engage-hub"]),
            ids(&["chat-assist"]),
        ],
        findings: vec![],
        price: vec![],
        explanation: None,
    }
}

fn remediations() -> Remediations {
    [(
        "eu-data-residency".to_owned(),
        "Confirm the residency clause with the customer | or pick an in-country offering"
            .to_owned(),
    )]
    .into_iter()
    .collect()
}

fn retail_spec() -> Spec {
    let c = catalog();
    Spec::build(
        &retail(&c),
        &c,
        &request(RETAIL_REQUEST),
        RETAIL_REQUEST,
        Some(&remediations()),
    )
    .unwrap()
}

fn cycle_spec() -> Spec {
    let c = catalog();
    Spec::build(&cycle(&c), &c, &request(CYCLE_REQUEST), CYCLE_REQUEST, None).unwrap()
}

#[test]
fn markdown_retail() {
    insta::assert_snapshot!("retail_md", markdown::render(&retail_spec()));
}

#[test]
fn markdown_cycle_with_partner_and_gaps() {
    let md = markdown::render(&cycle_spec());
    insta::assert_snapshot!("cycle_md", md);
}

#[test]
fn json_cycle() {
    let json = serde_json::to_string_pretty(&cycle_spec()).unwrap();
    assert!(!json.contains("null"), "{json}");
    insta::assert_snapshot!("cycle_json", json);
}

#[test]
fn missing_optional_fields_show_a_dash() {
    let md = markdown::render(&cycle_spec());
    // chat-assist: no kits; hooli-passkeys: no kits, no configurations.
    let row = md
        .lines()
        .find(|l| l.starts_with("| **Hooli Passkeys**"))
        .expect("hooli row");
    assert!(row.ends_with("| — | — | — |"), "{row}");
    for line in md.lines().filter(|l| l.starts_with('|')) {
        assert!(!line.contains("|  |"), "empty cell: {line}");
        assert!(!line.contains("null"), "{line}");
    }
    let html = html::render(&cycle_spec());
    assert!(!html.contains("<td></td>"));
}

#[test]
fn sections_come_in_the_issue_order() {
    let md = markdown::render(&retail_spec());
    let order = [
        "# Retail Fraud Suite",
        "**Customer:**",
        "**Market:**",
        "**Date:** 2026-11-22",
        "## 1. Executive summary",
        "## 2. Traceability",
        "## 3. Offerings",
        "## 4. Partners",
        "## 5. Wiring",
        "```mermaid",
        "| Consumer | Interface",
        "## 6. Deployment order",
        "## 7. Price",
        "## 8. Rule findings",
        "## Appendix A. The request as given",
        "# Retail fraud, by hand",
    ];
    let mut at = 0;
    for needle in order {
        let found = md[at..]
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` after byte {at}"));
        at += found + needle.len();
    }
}

#[test]
fn executive_summary_has_no_interface_jargon() {
    let md = markdown::render(&retail_spec());
    let start = md.find("## 1. Executive summary").unwrap();
    let end = md.find("## 2. Traceability").unwrap();
    let summary = &md[start..end];
    for jargon in [
        "events.stream",
        "audit.log",
        "storage.",
        "fraud.api",
        "interface",
        "`",
    ] {
        assert!(
            !summary.contains(jargon),
            "`{jargon}` in summary:\n{summary}"
        );
    }
    assert!(summary.contains("Cut card fraud losses"));
}

#[test]
fn remediation_comes_from_the_lookup() {
    let spec = retail_spec();
    let f = spec
        .findings
        .iter()
        .find(|f| f.rule == "eu-data-residency")
        .unwrap();
    assert!(f.remediation.as_deref().unwrap().starts_with("Confirm"));
    // Most serious first.
    assert_eq!(spec.findings[0].severity, Severity::Warn);
    let other = spec
        .findings
        .iter()
        .find(|f| f.rule == "info-only")
        .unwrap();
    assert!(other.remediation.is_none());
}

#[test]
fn price_rollup_keeps_currencies_and_periods_apart() {
    let spec = retail_spec();
    let totals: Vec<(String, &str, f64)> = spec
        .price
        .totals
        .iter()
        .map(|l| (l.currency.to_string(), l.per.as_str(), l.amount))
        .collect();
    // EUR: aml-monitor 2100 + audit-vault 380; USD: fraud-shield 1200 +
    // case-desk 450 + object-store 250 + pg-cloud 700 + stream-hub 800.
    assert_eq!(
        totals,
        vec![
            ("EUR".to_owned(), "month", 2480.0),
            ("USD".to_owned(), "month", 3400.0)
        ]
    );
    // The cycle bundle mixes periods: EUR one-time (chat-assist) stays apart
    // from EUR monthly (customer-360, engage-hub).
    let spec = cycle_spec();
    let totals: Vec<(String, &str, f64)> = spec
        .price
        .totals
        .iter()
        .map(|l| (l.currency.to_string(), l.per.as_str(), l.amount))
        .collect();
    assert_eq!(
        totals,
        vec![
            ("EUR".to_owned(), "month", 2800.0),
            ("EUR".to_owned(), "one-time", 25000.0),
            ("USD".to_owned(), "month", 1502.5)
        ]
    );
}

#[test]
fn html_is_self_contained_and_well_formed() {
    let spec = retail_spec();
    let html = html::render(&spec);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.to_ascii_lowercase().contains("http"),
        "no http references"
    );
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains(" src="));
    assert!(html.contains("<svg "));
    assert!(html.contains("@media print"));
    assert!(html.contains("@page"));
    for o in &spec.offerings {
        assert!(html.contains(o.name.as_str()), "{}", o.name);
        assert!(html.contains(o.id.as_str()), "{}", o.id);
    }
    check_well_formed(&html);
    check_well_formed(&html::render(&cycle_spec()));
}

/// Every tag closes in order; void elements are self-closed.
pub(crate) fn check_well_formed(html: &str) {
    let body = html.strip_prefix("<!DOCTYPE html>").expect("doctype first");
    let mut stack: Vec<String> = Vec::new();
    let mut rest = body;
    let mut in_style = false;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        if in_style {
            let end = rest.find("</style>").expect("style closes");
            rest = &rest[end..];
            in_style = false;
        }
        let close = rest.find('>').expect("tag closes");
        let tag = &rest[1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().unwrap_or_else(|| panic!("stray </{name}>"));
            assert_eq!(top, name, "</{name}> closes <{top}>");
        } else if !tag.ends_with('/') {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(!name.is_empty(), "bad tag <{tag}>");
            assert!(
                !["meta", "br", "img", "link", "hr", "input"].contains(&name.as_str()),
                "void <{name}> not self-closed"
            );
            if name == "style" {
                in_style = true;
            }
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    // Text never carries a raw `&` that is not an entity.
    for (i, _) in html.match_indices('&') {
        let entity: String = html[i + 1..]
            .chars()
            .take_while(|c| *c != ';')
            .take(8)
            .collect();
        assert!(
            ["amp", "lt", "gt", "quot", "#39"].contains(&entity.as_str()),
            "raw & at {i}: {}",
            &html[i..(i + 12).min(html.len())]
        );
    }
}

#[test]
fn same_input_same_bytes() {
    assert_eq!(
        markdown::render(&retail_spec()),
        markdown::render(&retail_spec())
    );
    assert_eq!(html::render(&cycle_spec()), html::render(&cycle_spec()));
}

#[test]
fn a_failed_bundle_has_no_spec() {
    let c = catalog();
    let mut b = retail(&c);
    b.status = Status::Failed;
    b.offerings.clear();
    b.explanation = Some(vec!["need `payments.payouts`: no provider".into()]);
    let err = Spec::build(&b, &c, &request(RETAIL_REQUEST), RETAIL_REQUEST, None).unwrap_err();
    assert!(matches!(err, SpecError::NotComposed { .. }));
    assert_eq!(err.explanation(), ["need `payments.payouts`: no provider"]);

    let mut d = retail(&c);
    d.status = Status::Denied;
    d.findings.push(Finding {
        rule: "max-partners".into(),
        severity: Severity::Deny,
        message: "too many".into(),
        offering: None,
    });
    let err = Spec::build(&d, &c, &request(RETAIL_REQUEST), RETAIL_REQUEST, None).unwrap_err();
    assert_eq!(
        err.explanation(),
        ["rule `max-partners` denied it: too many"]
    );
}

#[test]
fn a_member_missing_from_the_catalog_is_an_error_not_a_panic() {
    let c = catalog();
    let mut b = retail(&c);
    b.offerings[0].id = id("no-such-offering");
    let err = Spec::build(&b, &c, &request(RETAIL_REQUEST), RETAIL_REQUEST, None).unwrap_err();
    assert_eq!(err, SpecError::UnknownOffering(id("no-such-offering")));
}
