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
    // The message itself is the loader's, pinned by the catalog tests.
    assert!(
        out.stderr
            .starts_with("error: catalog/bad.yaml:4:10: version: "),
        "{}",
        out.snapshot()
    );
    assert_eq!(out.stdout, "");
}

#[test]
fn unknown_format_is_a_usage_error() {
    let f = examples();
    audit(&f, &["--format", "html"]).expect_code(2);
}

/// Offering rules fill the findings section; a `deny` makes the only
/// provider of an interface unavailable, so the requirement is fragile.
#[test]
fn rule_findings_and_denied_providers() {
    let f = Fixture::new();
    f.file("catalog/all.yaml", TIDY)
        .file(
            "rules/no-bus.rhai",
            "fn offering(o) { if o.id == \"bus\" { return `${o.id} is frozen`; } }\n",
        )
        .file(
            "rules/formation.rhai",
            "fn meta() { #{ severity: \"warn\" } }\n\
             fn offering(o) { if o.lifecycle == \"formation\" { `${o.id} is in formation` } }\n",
        );
    let out = audit(&f, &[]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_rules_text", out);
    let json = audit(&f, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["fragile"][0]["reason"], "denied-by-rule");
    assert_eq!(v["rule_findings"][0]["rule"], "formation");
    assert_eq!(v["rule_findings"][1]["findings"][0]["severity"], "deny");
}

#[test]
fn rule_error_is_bad_input() {
    let f = Fixture::new();
    f.file("catalog/all.yaml", TIDY)
        .file("rules/broken.rhai", "fn offering(o) { o.id + }\n");
    let out = audit(&f, &[]);
    out.expect_code(2);
    assert_cli_snapshot!("audit_rule_error", out);
}

#[test]
fn retire_breaks_requests_and_explains_why() {
    let f = examples();
    let out = audit(&f, &["--retire", "audit-vault"]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_retire_broken_text", out);
}

#[test]
fn retire_recomposes_with_another_offering() {
    let f = examples();
    let out = audit(&f, &["--retire", "kyc-verify", "--format", "json"]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_retire_recomposed_json", out);
}

#[test]
fn retire_markdown() {
    let f = examples();
    let out = audit(&f, &["--retire", "ledger-core", "--format", "md"]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_retire_md", out);
}

#[test]
fn retire_nothing_breaks() {
    let f = examples();
    let out = audit(&f, &["--retire", "ml-feature-store"]);
    out.expect_code(0);
    assert_cli_snapshot!("audit_retire_nothing_text", out);
}

#[test]
fn retire_unknown_offering_suggests() {
    let f = examples();
    let out = audit(&f, &["--retire", "fraud-sheild"]);
    out.expect_code(2);
    assert_cli_snapshot!("audit_retire_unknown", out);
}

#[test]
fn retire_missing_bundles_dir() {
    let f = examples();
    let out = audit(&f, &["--retire", "pg-cloud", "--bundles", "nowhere"]);
    out.expect_code(2);
    assert_cli_snapshot!("audit_retire_missing_dir", out);
}

#[test]
fn retire_bad_request_is_bad_input() {
    let f = examples();
    f.file(
        "bundles/typo.yaml",
        "kind: bundle\nid: typo\nname: Typo\ninclude: [fraud-shild]\n",
    );
    let out = audit(&f, &["--retire", "pg-cloud"]);
    out.expect_code(2);
    assert_cli_snapshot!("audit_retire_bad_request", out);
}

#[test]
fn bundles_needs_retire() {
    let f = examples();
    audit(&f, &["--bundles", "bundles"]).expect_code(2);
}

/// A request's own `rules:` apply to it: here one denies the only other
/// provider, so retiring `bus` breaks that request and not the other.
#[test]
fn retire_honours_request_rules() {
    let f = Fixture::new();
    f.file(
        "catalog/all.yaml",
        &format!(
            "{TIDY}---\nkind: offering\nid: bus-two\nname: Bus Two\nversion: 3.0.0\n\
             portfolio: infra\nlifecycle: optimization\n\
             provides: [{{ interface: bus, version: 3.2.0 }}]\n"
        ),
    )
    .file(
        "bundles/strict.yaml",
        "kind: bundle\nid: strict\nname: Strict\nneeds: [{ capability: app.banking }]\n\
         rules: [no-bus-two.rhai]\n",
    )
    .file(
        "bundles/no-bus-two.rhai",
        "fn offering(o) { if o.id == \"bus-two\" { \"bus-two is not allowed here\" } }\n",
    )
    .file(
        "bundles/open.yaml",
        "kind: bundle\nid: open\nname: Open\nneeds: [{ capability: app.banking }]\n",
    );
    let out = audit(&f, &["--retire", "bus", "--format", "json"]);
    out.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["broken"][0]["request"], "strict", "{}", out.stdout);
    let explanation = v["broken"][0]["explanation"].to_string();
    assert!(
        explanation.contains("bus-two is not allowed here"),
        "{explanation}"
    );
    assert!(explanation.contains("rule `retired`"), "{explanation}");
    // Without the request's rule, the more mature `bus-two` is chosen anyway.
    assert_eq!(v["unaffected"][0]["request"], "open", "{}", out.stdout);
}
