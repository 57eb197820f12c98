//! `compose` on the example portfolio and on small catalogs, one per
//! composition rule of SPEC.

use crate::util::Fixture;

const AS_OF: &str = "2026-11-22";

fn compose(f: &Fixture, bundle: &str, format: &str) -> crate::util::Outcome {
    f.run(&["--as-of", AS_OF, "compose", bundle, "--format", format])
}

#[test]
fn examples_compose_as_text() {
    let f = Fixture::new();
    f.with_examples();
    for (name, code) in [
        ("retail-fraud-suite", 0),
        ("merchant-checkout", 0),
        ("cycle-demo", 0),
        ("conflict-alternative", 0),
        ("partner-fallback", 0),
        ("impossible", 1),
    ] {
        let out = compose(&f, &format!("bundles/{name}.yaml"), "text");
        out.expect_code(code);
        assert_cli_snapshot!(format!("compose_{name}_text"), out);
    }
}

#[test]
fn examples_compose_as_json() {
    let f = Fixture::new();
    f.with_examples();
    for (name, code) in [
        ("retail-fraud-suite", 0),
        ("merchant-checkout", 0),
        ("cycle-demo", 0),
        ("conflict-alternative", 0),
        ("partner-fallback", 0),
        ("impossible", 1),
    ] {
        let out = compose(&f, &format!("bundles/{name}.yaml"), "json");
        out.expect_code(code);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
        assert_eq!(v["bundle"], name);
        assert_cli_snapshot!(format!("compose_{name}_json"), out);
    }
}

#[test]
fn yaml_format_and_atomic_out_file() {
    let f = Fixture::new();
    f.with_examples();
    let out = compose(&f, "bundles/cycle-demo.yaml", "yaml");
    out.expect_code(0);
    assert_cli_snapshot!("compose_cycle_demo_yaml", out);

    let out = f.run(&[
        "--as-of",
        AS_OF,
        "compose",
        "bundles/cycle-demo.yaml",
        "--format",
        "json",
        "--out",
        "cycle.json",
    ]);
    out.expect_code(0);
    assert_eq!(out.stdout, "");
    let written = std::fs::read_to_string(f.path().join("cycle.json")).unwrap();
    let stdout = compose(&f, "bundles/cycle-demo.yaml", "json").stdout;
    assert_eq!(written, stdout);
}

#[test]
fn output_is_byte_identical_across_runs() {
    let f = Fixture::new();
    f.with_examples();
    let a = compose(&f, "bundles/merchant-checkout.yaml", "json").stdout;
    let b = compose(&f, "bundles/merchant-checkout.yaml", "json").stdout;
    assert_eq!(a, b);
}

#[test]
fn a_missing_output_directory_is_bad_input() {
    let f = Fixture::new();
    f.with_examples();
    let out = f.run(&[
        "--as-of",
        AS_OF,
        "compose",
        "bundles/cycle-demo.yaml",
        "--out",
        "missing/dir/b.txt",
    ]);
    out.expect_code(2);
    assert_eq!(
        out.stderr,
        "error: cannot write `missing/dir/b.txt`: directory `missing/dir` does not exist\n"
    );
    assert!(!f.path().join("missing").exists());
}

#[test]
fn a_request_naming_an_unknown_offering_is_bad_input() {
    let f = Fixture::new();
    f.with_examples();
    f.file(
        "bundles/typo.yaml",
        "kind: bundle\nid: typo\nname: Typo\ninclude: [fraud-sheild]\n",
    );
    let out = compose(&f, "bundles/typo.yaml", "text");
    out.expect_code(2);
    assert_cli_snapshot!("compose_unknown_include", out);
}

#[test]
fn an_unreadable_request_is_bad_input() {
    let f = Fixture::new();
    f.with_examples();
    let out = compose(&f, "bundles/nope.yaml", "text");
    out.expect_code(2);
    assert!(out.stderr.contains("nope.yaml"), "{}", out.snapshot());
}

/// A small catalog for the semantic rules: an app needing a database.
const MINI: &str = r#"
kind: partner
id: acme
name: ACME
agreement: { status: active }
---
kind: partner
id: globex
name: Globex
agreement: { status: active }
---
kind: offering
id: app
name: App
version: 1.0.0
portfolio: p
lifecycle: optimization
capabilities: [shop]
requires:
  - interface: db
    version: "^2"
  - interface: audit
    version: "^1"
    optional: true
---
kind: offering
id: db-internal
name: Internal DB
version: 2.0.0
portfolio: p
lifecycle: formation
capabilities: [storage]
provides: [{ interface: db, version: 2.0.0 }]
---
kind: offering
id: db-acme
name: ACME DB
version: 2.5.0
portfolio: p
partner: acme
lifecycle: optimization
provides: [{ interface: db, version: 2.5.0 }]
---
kind: offering
id: db-old
name: Old DB
version: 2.1.0
portfolio: p
lifecycle: end-of-life
provides: [{ interface: db, version: 2.1.0 }]
---
kind: offering
id: db-v3
name: DB 3
version: 3.0.0
portfolio: p
lifecycle: optimization
provides: [{ interface: db, version: 3.0.0 }]
---
kind: offering
id: auditor
name: Auditor
version: 1.0.0
portfolio: p
lifecycle: optimization
capabilities: [audit-trail]
provides: [{ interface: audit, version: 1.0.0 }]
conflicts: [db-internal]
---
kind: offering
id: reporter
name: Reporter
version: 1.0.0
portfolio: p
partner: globex
lifecycle: optimization
capabilities: [reports]
"#;

fn mini(request: &str) -> Fixture {
    let f = Fixture::new();
    f.file("catalog/mini.yaml", MINI);
    f.file(
        "req.yaml",
        &format!("kind: bundle\nid: req\nname: Req\n{request}"),
    );
    f
}

fn members(f: &Fixture) -> (i32, Vec<String>, serde_json::Value) {
    let out = compose(f, "req.yaml", "json");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let ids = v["offerings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    (out.code, ids, v)
}

#[test]
fn internal_providers_are_preferred_over_partners() {
    let f = mini("needs: [{capability: shop}]\n");
    let (code, ids, _) = members(&f);
    assert_eq!(code, 0);
    assert_eq!(ids, ["app", "db-internal"]);
}

#[test]
fn partners_deny_and_partner_lists_are_honoured() {
    let f = mini("needs: [{capability: shop}]\nexclude: [db-internal]\npartners: deny\n");
    let out = compose(&f, "req.yaml", "text");
    out.expect_code(1);
    assert_cli_snapshot!("compose_rule_partner_denied", out);

    let f = mini("needs: [{capability: shop}]\nexclude: [db-internal]\npartners: [acme]\n");
    let (code, ids, _) = members(&f);
    assert_eq!(code, 0);
    assert_eq!(ids, ["app", "db-acme"]);

    let f = mini("needs: [{capability: shop}, {capability: reports}]\npartners: [acme]\n");
    let out = compose(&f, "req.yaml", "text");
    out.expect_code(1);
    assert!(
        out.stdout.contains("partner `globex` is not allowed"),
        "{}",
        out.snapshot()
    );
}

#[test]
fn end_of_life_only_when_included_by_name() {
    let f = mini("needs: [{capability: shop}]\nexclude: [db-internal, db-acme]\n");
    let out = compose(&f, "req.yaml", "text");
    out.expect_code(1);
    assert_cli_snapshot!("compose_rule_end_of_life", out);

    let f = mini("needs: [{capability: shop}]\ninclude: [db-old]\n");
    let (code, ids, _) = members(&f);
    assert_eq!(code, 0);
    assert_eq!(ids, ["app", "db-old"]);
}

#[test]
fn optional_requirements_are_wired_never_pulled_in() {
    let f = mini("needs: [{capability: shop}]\nexclude: [db-internal]\npartners: allow\n");
    let (_, ids, _) = members(&f);
    assert_eq!(ids, ["app", "db-acme"], "auditor is not pulled in");

    let f = mini("needs: [{capability: shop}, {capability: audit-trail}]\n");
    let (code, ids, v) = members(&f);
    assert_eq!(code, 0);
    // auditor conflicts with db-internal: the partner database is the only way.
    assert_eq!(ids, ["app", "auditor", "db-acme"]);
    let wiring = v["wiring"].as_array().unwrap();
    assert!(wiring
        .iter()
        .any(|w| w["interface"] == "audit" && w["provider"] == "auditor" && w["optional"] == true));
}

#[test]
fn include_and_exclude_are_honoured() {
    let f = mini("needs: [{capability: shop}]\ninclude: [reporter]\n");
    let (code, ids, v) = members(&f);
    assert_eq!(code, 0);
    assert_eq!(ids, ["app", "db-internal", "reporter"]);
    assert_eq!(v["offerings"][2]["reasons"][0]["included"], true);
}

#[test]
fn a_need_nobody_delivers_fails_with_a_hint() {
    let f = mini("needs: [{capability: teleport}]\n");
    let out = compose(&f, "req.yaml", "json");
    out.expect_code(1);
    assert_cli_snapshot!("compose_rule_undelivered_need", out);
}

#[test]
fn an_included_offering_that_cannot_be_used_fails() {
    let f = mini("include: [reporter]\npartners: deny\n");
    let out = compose(&f, "req.yaml", "text");
    out.expect_code(1);
    assert_cli_snapshot!("compose_rule_included_partner_denied", out);
}

#[test]
fn conflicts_are_symmetric() {
    // db-internal declares nothing; auditor declares the conflict.
    let f = mini("include: [db-internal, auditor]\n");
    let out = compose(&f, "req.yaml", "text");
    out.expect_code(1);
    assert_cli_snapshot!("compose_rule_conflicting_includes", out);
}

/// The members of an example bundle composed with extra rule files written
/// into the fixture's rules directory.
fn compose_with_rules(
    rules: &[(&str, &str)],
    bundle: &str,
) -> (crate::util::Outcome, serde_json::Value) {
    let f = Fixture::new();
    f.with_examples();
    for (name, text) in rules {
        f.file(&format!("rules/{name}"), text);
    }
    let out = compose(&f, bundle, "json");
    let json = serde_json::from_str(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out, json)
}

fn ids(json: &serde_json::Value) -> Vec<&str> {
    json["offerings"].as_array().map_or(Vec::new(), |a| {
        a.iter().map(|o| o["id"].as_str().unwrap()).collect()
    })
}

#[test]
fn an_offering_rule_deny_makes_the_solver_pick_the_partner() {
    let (before, json) = compose_with_rules(&[], "bundles/partner-fallback.yaml");
    before.expect_code(0);
    assert!(ids(&json).contains(&"kyc-verify"), "{}", before.stdout);

    let deny = r#"fn meta() { #{ id: "no-kyc-verify", severity: "deny" } }
fn offering(o) { if o.id == "kyc-verify" { return "kyc-verify is under review"; } }
"#;
    let (after, json) = compose_with_rules(
        &[("no-kyc-verify.rhai", deny)],
        "bundles/partner-fallback.yaml",
    );
    after.expect_code(0);
    let members = ids(&json);
    assert!(
        members.contains(&"acme-kyc-id") && !members.contains(&"kyc-verify"),
        "{}",
        after.stdout
    );
}

#[test]
fn a_deny_that_leaves_no_provider_is_named_in_the_explanation() {
    let deny = r#"fn meta() { #{ id: "no-stream-hub", severity: "deny" } }
fn offering(o) { if o.id == "stream-hub" { return "stream-hub is being migrated"; } }
"#;
    let f = Fixture::new();
    f.with_examples();
    f.file("rules/no-stream-hub.rhai", deny);
    let out = compose(&f, "bundles/cycle-demo.yaml", "text");
    out.expect_code(1);
    assert!(
        out.stdout
            .contains("ruled out by rule `no-stream-hub`: stream-hub is being migrated"),
        "{}",
        out.snapshot()
    );
}

#[test]
fn a_bundle_rule_deny_rejects_the_bundle_with_its_findings() {
    let deny = r#"fn meta() { #{ id: "small-bundles", severity: "deny", title: "At most three members" } }
fn bundle(b) { if b.offerings.len() > 3 { return `${b.offerings.len()} members (limit 3)`; } }
"#;
    let (out, json) =
        compose_with_rules(&[("small-bundles.rhai", deny)], "bundles/cycle-demo.yaml");
    out.expect_code(1);
    assert_eq!(json["status"], "denied", "{}", out.stdout);
    let findings = json["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["rule"] == "small-bundles"
            && f["severity"] == "deny"
            && f["message"] == "4 members (limit 3)"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_request_brings_its_own_rules() {
    let f = Fixture::new();
    f.with_examples();
    f.file(
        "bundles/extra/strict.rhai",
        "fn meta() { #{ id: \"strict\", severity: \"warn\" } }\nfn bundle(b) { `checked ${b.id} as of ${b.as_of}` }\n",
    );
    f.file(
        "bundles/strict.yaml",
        "kind: bundle\nid: strict-cycle\nname: Strict\nneeds: [{capability: customer.personalization}]\nrules: [extra/strict.rhai]\n",
    );
    let out = compose(&f, "bundles/strict.yaml", "json");
    out.expect_code(0);
    assert!(
        out.stdout
            .contains("\"message\": \"checked strict-cycle as of 2026-11-22\""),
        "{}",
        out.stdout
    );
}

#[test]
fn a_rule_error_during_compose_is_bad_input_with_its_location() {
    let f = Fixture::new();
    f.with_examples();
    f.file(
        "rules/broken.rhai",
        "fn offering(o) {\n    let n = o.no_such_field;\n}\n",
    );
    let out = compose(&f, "bundles/cycle-demo.yaml", "text");
    out.expect_code(2);
    assert!(
        out.stderr.starts_with("error: rules/broken.rhai:2:"),
        "{}",
        out.snapshot()
    );
    assert!(out.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn out_files_get_ordinary_permissions_and_keep_existing_ones() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    f.with_examples();
    let mode = |name: &str| {
        std::fs::metadata(f.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    let run = |name: &str| {
        f.run(&[
            "--as-of",
            AS_OF,
            "compose",
            "bundles/cycle-demo.yaml",
            "--out",
            name,
        ])
        .expect_code(0);
    };
    run("new.txt");
    assert_eq!(mode("new.txt"), 0o644);
    std::fs::set_permissions(
        f.path().join("new.txt"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    run("new.txt");
    assert_eq!(mode("new.txt"), 0o640);
}
