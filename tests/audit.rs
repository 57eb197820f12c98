//! `audit` on the example catalog and on small fixture catalogs that show
//! each section with and without content.

use crate::util::Fixture;

const AS_OF: &str = "2026-11-22";

fn audit(f: &Fixture, extra: &[&str]) -> crate::util::Outcome {
    let mut args = vec!["--as-of", AS_OF, "audit"];
    args.extend_from_slice(extra);
    f.run(&args)
}

fn examples() -> Fixture {
    let f = Fixture::new();
    f.with_examples();
    f
}

#[test]
fn example_catalog_text() {
    let f = examples();
    let out = audit(&f, &[]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_example_text", out);
}

#[test]
fn example_catalog_markdown() {
    let f = examples();
    let out = audit(&f, &["--format", "md"]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_example_md", out);
}

/// The JSON of the example catalog names the portfolio's known problems; the
/// whole shape is pinned by the fixture snapshot below.
#[test]
fn example_catalog_json() {
    let f = examples();
    let out = audit(&f, &["--format", "json"]);
    out.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let ids = |section: &str, key: &str| -> Vec<String> {
        v[section]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[key].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(v["as_of"], AS_OF);
    assert_eq!(v["summary"]["offerings"], 43);
    let redundant = ids("redundancy", "capability");
    for c in ["fraud.scoring", "data.reporting", "identity.single-sign-on"] {
        assert!(redundant.contains(&c.to_owned()), "{redundant:?}");
    }
    let unused = ids("unused", "id");
    for o in ["ml-feature-store", "initech-crypto-ramp"] {
        assert!(unused.contains(&o.to_owned()), "{unused:?}");
    }
    assert_eq!(
        ids("standardization_gaps", "id"),
        [
            "insight-dash",
            "merchant-portal",
            "onboard-flow",
            "reg-reporter"
        ]
    );
    let eol: Vec<&str> = v["fragile"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["reason"] == "end-of-life-only")
        .flat_map(|f| f["providers"].as_array().unwrap())
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(eol, ["event-bus-classic", "pg-legacy"]);
    // Deterministic: the same bytes twice.
    assert_eq!(audit(&f, &["--format", "json"]).stdout, out.stdout);
}

/// Every section has content: redundancy, unused, fragile requirements of
/// each kind (no provider, version mismatch, end-of-life only, partner only,
/// expired, pending and lapsed agreements, a mix), standardization gaps.
const FULL: &str = r#"kind: partner
id: acme
name: Acme | Partners
agreement: { status: active, expires: 2027-01-31 }
---
kind: partner
id: oldco
name: OldCo
agreement: { status: expired, expires: 2025-01-31 }
---
kind: partner
id: lapsed
name: Lapsed Ltd
agreement: { status: active, expires: 2026-01-31 }
---
kind: partner
id: soon
name: Soon Inc
agreement: { status: pending }
---
kind: market
id: retail
name: Retail
priorities:
  - id: grow
    capabilities: [app.banking, app.reporting]
---
kind: offering
id: app
name: App
version: 1.0.0
portfolio: apps
lifecycle: optimization
capabilities: [app.banking]
requires:
  - { interface: bus, version: "^1" }
  - { interface: hsm, version: "^5" }
  - { interface: ledger, version: "^3" }
  - { interface: ghost, version: "^1" }
  - { interface: vault, version: "^2" }
  - { interface: mixed, version: "^1" }
  - { interface: pending-api, version: "^1" }
  - { interface: opt, version: "^9", optional: true }
  - any_of:
      - { interface: db.pg, version: "^14" }
      - { interface: db.mysql, version: "^8" }
  - any_of:
      - { interface: ghost, version: "^1" }
      - { interface: bus, version: "^1" }
configurations: [basic, advanced]
kits: { sales: s.pdf, delivery: d.md }
---
kind: offering
id: app-classic
name: App Classic
version: 0.9.0
portfolio: apps
lifecycle: rationalization
capabilities: [app.banking]
provides: [{ interface: app.api, version: 1.0.0 }]
price: { amount: 10, currency: USD, per: month }
---
kind: offering
id: reports
name: Reports
version: 2.0.0
portfolio: apps
lifecycle: standardization
partner: acme
capabilities: [app.reporting]
requires:
  - { interface: bus, version: "^1" }
configurations: [basic]
kits: { sales: s.pdf }
---
kind: offering
id: old-bus
name: Old Bus
version: 1.8.0
portfolio: infra
lifecycle: end-of-life
capabilities: [infra.bus]
provides: [{ interface: bus, version: 1.8.0 }]
---
kind: offering
id: new-bus
name: New Bus
version: 3.0.0
portfolio: infra
lifecycle: optimization
capabilities: [infra.bus]
provides: [{ interface: bus, version: 3.0.0 }]
configurations: [basic, advanced]
kits: { sales: s.pdf, delivery: d.md }
---
kind: offering
id: acme-hsm
name: Acme HSM
version: 5.0.0
portfolio: infra
lifecycle: modernization
partner: acme
capabilities: [infra.hsm]
provides: [{ interface: hsm, version: 5.0.0 }]
configurations: [basic, advanced]
kits: { sales: s.pdf, delivery: d.md }
---
kind: offering
id: ledger-four
name: Ledger Four
version: 4.0.0
portfolio: infra
lifecycle: formation
capabilities: [infra.ledger]
provides: [{ interface: ledger, version: 4.0.0 }]
---
kind: offering
id: old-vault
name: Old Vault
version: 2.0.0
portfolio: infra
lifecycle: rationalization
partner: oldco
capabilities: [infra.vault]
provides: [{ interface: vault, version: 2.1.0 }]
---
kind: offering
id: lapsed-mixed
name: Lapsed Mixed
version: 1.0.0
portfolio: infra
lifecycle: formation
partner: lapsed
capabilities: [infra.mixed]
provides: [{ interface: mixed, version: 1.2.0 }]
---
kind: offering
id: eol-mixed
name: EOL Mixed
version: 1.0.0
portfolio: infra
lifecycle: end-of-life
capabilities: [infra.mixed]
provides: [{ interface: mixed, version: 1.1.0 }]
---
kind: offering
id: soon-api
name: Soon API
version: 1.0.0
portfolio: infra
lifecycle: formation
partner: soon
capabilities: [infra.pending]
provides: [{ interface: pending-api, version: 1.0.0 }]
---
kind: offering
id: pg
name: PG
version: 14.0.0
portfolio: infra
lifecycle: optimization
capabilities: [infra.db]
provides: [{ interface: db.pg, version: 14.2.0 }]
configurations: [basic, advanced]
kits: { sales: s.pdf, delivery: d.md }
"#;

#[test]
fn every_section_non_empty_text() {
    let f = Fixture::new();
    f.file("catalog/all.yaml", FULL);
    let out = audit(&f, &[]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_full_text", out);
}

#[test]
fn every_section_non_empty_json() {
    let f = Fixture::new();
    f.file("catalog/all.yaml", FULL);
    let out = audit(&f, &["--format", "json"]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_full_json", out);
}

#[test]
fn every_section_non_empty_markdown() {
    let f = Fixture::new();
    f.file("catalog/all.yaml", FULL);
    let out = audit(&f, &["--format", "md"]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_full_md", out);
}

/// A tidy portfolio: one offering per capability, each named by a priority
/// or required by another, internal providers in force, kits and
/// configurations complete.
const TIDY: &str = r#"kind: market
id: retail
name: Retail
priorities:
  - id: grow
    capabilities: [app.banking]
---
kind: offering
id: app
name: App
version: 1.0.0
portfolio: apps
lifecycle: optimization
capabilities: [app.banking]
requires: [{ interface: bus, version: "^3" }]
configurations: [basic, advanced]
kits: { sales: s.pdf, delivery: d.md }
---
kind: offering
id: bus
name: Bus
version: 3.0.0
portfolio: infra
lifecycle: formation
capabilities: [infra.bus]
provides: [{ interface: bus, version: 3.1.0 }]
"#;

#[test]
fn every_section_empty_text() {
    let f = Fixture::new();
    f.file("catalog/all.yaml", TIDY);
    let out = audit(&f, &[]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_empty_text", out);
}

#[test]
fn every_section_empty_json() {
    let f = Fixture::new();
    f.file("catalog/all.yaml", TIDY);
    let out = audit(&f, &["--format", "json"]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_empty_json", out);
}

#[test]
fn every_section_empty_markdown() {
    let f = Fixture::new();
    f.file("catalog/all.yaml", TIDY);
    let out = audit(&f, &["--format", "md"]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_empty_md", out);
}

#[test]
fn empty_catalog_is_audited() {
    let f = Fixture::new();
    f.file("catalog/README.txt", "no documents yet\n");
    audit(&f, &[]).expect_code(0);
}

#[test]
fn invalid_catalog_is_refused() {
    let f = Fixture::new();
    f.file(
        "catalog/bad.yaml",
        "kind: offering\nid: a\nname: A\nversion: 1.x\nportfolio: p\nlifecycle: formation\n",
    );
    let out = audit(&f, &[]);
    out.expect_code(2);
    assert_cli_snapshot!("audit_invalid_catalog", out);
}

#[test]
fn unknown_format_is_a_usage_error() {
    let f = examples();
    audit(&f, &["--format", "html"]).expect_code(2);
}
