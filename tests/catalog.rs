//! `catalog check`, `list` and `show`: the example catalog, and one fixture
//! per kind of bad input, each message checked to the line and column.

use crate::util::Fixture;

/// A valid offering document with extra lines appended.
fn offering(id: &str, extra: &str) -> String {
    format!(
        "kind: offering\nid: {id}\nname: Offering {id}\nversion: 1.0.0\nportfolio: payments\nlifecycle: optimization\n{extra}"
    )
}

/// Runs `catalog check` on a catalog of these files, expecting `code`.
fn check(files: &[(&str, &str)], code: i32) -> crate::util::Outcome {
    let f = Fixture::new();
    for (path, text) in files {
        f.file(&format!("catalog/{path}"), text);
    }
    let out = f.run(&["catalog", "check"]);
    out.expect_code(code);
    out
}

#[test]
fn example_catalog_is_valid() {
    let f = Fixture::new();
    f.with_examples();
    let out = f.run(&["catalog", "check"]);
    out.expect_code(0);
    assert_cli_snapshot!("catalog_check_example", out);
}

#[test]
fn check_yaml_syntax_error() {
    let text = format!(
        "{}---\nkind: offering\nid: broken\nname: [unclosed\n---\n{}",
        offering("a", ""),
        offering("b", "")
    );
    let out = check(&[("offerings.yaml", &text)], 1);
    assert_cli_snapshot!("catalog_check_yaml_syntax", out);
}

#[test]
fn check_unknown_field() {
    let out = check(
        &[("o.yaml", &offering("a", "capabilites: [fraud.scoring]\n"))],
        1,
    );
    assert_cli_snapshot!("catalog_check_unknown_field", out);
}

#[test]
fn check_unknown_field_nested() {
    let out = check(
        &[(
            "o.yaml",
            &offering(
                "a",
                "provides:\n  - interface: fraud.api\n    verison: 1.0.0\n",
            ),
        )],
        1,
    );
    assert_cli_snapshot!("catalog_check_unknown_field_nested", out);
}

#[test]
fn check_missing_field() {
    let text = format!(
        "{}---\nkind: partner\nid: acme\nname: ACME\n",
        offering("a", "")
    );
    let out = check(&[("o.yaml", &text)], 1);
    assert_cli_snapshot!("catalog_check_missing_field", out);
}

#[test]
fn check_wrong_type() {
    let out = check(
        &[(
            "o.yaml",
            &offering(
                "a",
                "capabilities: fraud.scoring\nprice: { amount: lots, currency: USD, per: month }\n",
            ),
        )],
        1,
    );
    assert_cli_snapshot!("catalog_check_wrong_type", out);
}

#[test]
fn check_bad_enum_values() {
    let text = "kind: offering\nid: a\nname: A\nversion: 1.0.0\nportfolio: p\nlifecycle: sunset\n---\nkind: partner\nid: acme\nname: ACME\nagreement: { status: signed, expires: 2027-02-30 }\n";
    let out = check(&[("o.yaml", text)], 1);
    assert_cli_snapshot!("catalog_check_bad_enum_values", out);
}

#[test]
fn check_bad_id() {
    let text = "kind: offering\nid: Fraud_Shield\nname: FraudShield\nversion: 1.0.0\nportfolio: risk\nlifecycle: optimization\n";
    let out = check(&[("o.yaml", text)], 1);
    assert_cli_snapshot!("catalog_check_bad_id", out);
}

#[test]
fn check_bad_version() {
    let text = "kind: offering\nid: a\nname: A\nversion: 2.3\nportfolio: p\nlifecycle: formation\n";
    let out = check(&[("o.yaml", text)], 1);
    assert_cli_snapshot!("catalog_check_bad_version", out);
}

#[test]
fn check_bad_requirement() {
    let extra = "requires:\n  - interface: events.stream\n    version: \">=2.0, <<4.0\"\n  - any_of:\n      - { interface: storage.postgres, version: \"^x\" }\n";
    let out = check(&[("o.yaml", &offering("a", extra))], 1);
    assert_cli_snapshot!("catalog_check_bad_requirement", out);
}

#[test]
fn check_malformed_requirement() {
    let extra = "requires:\n  - interface: events.stream\n  - any_of: []\n";
    let out = check(&[("o.yaml", &offering("a", extra))], 1);
    assert_cli_snapshot!("catalog_check_malformed_requirement", out);
}

#[test]
fn check_unknown_kind() {
    let out = check(&[("o.yaml", "kind: ofering\nid: a\n")], 1);
    assert_cli_snapshot!("catalog_check_unknown_kind", out);
}

#[test]
fn check_missing_kind() {
    let out = check(&[("o.yaml", "id: a\nname: A\n")], 1);
    assert_cli_snapshot!("catalog_check_missing_kind", out);
}

#[test]
fn check_kind_not_first_is_read_and_located() {
    let text = "id: a\nname: A\nkind: offering\nversion: 1.0.0\nportfolio: p\nlifecycle: formation\n---\nid: b\nkind: offering\nname: B\nversion: 1.0.0\nportfolio: p\nlifecycle: formation\ncolour: blue\n";
    let out = check(&[("o.yaml", text)], 1);
    assert_cli_snapshot!("catalog_check_kind_not_first", out);
}

#[test]
fn check_bundle_in_catalog() {
    let out = check(&[("b.yaml", "kind: bundle\nid: b\nname: B\n")], 1);
    assert_cli_snapshot!("catalog_check_bundle_in_catalog", out);
}

#[test]
fn check_document_not_a_mapping() {
    let out = check(&[("o.yaml", "- kind: offering\n- id: a\n")], 1);
    assert_cli_snapshot!("catalog_check_not_a_mapping", out);
}

#[test]
fn check_unknown_anchor() {
    let text = format!(
        "{}---\n{}",
        offering("a", "attributes:\n  owner: *team\n"),
        offering("b", "partner: nobody\n")
    );
    let out = check(&[("o.yaml", &text)], 1);
    assert_cli_snapshot!("catalog_check_unknown_anchor", out);
}

#[test]
fn check_duplicate_id_across_files() {
    let out = check(
        &[
            ("offerings/payments.yaml", &offering("pay-gateway", "")),
            (
                "offerings/risk.yaml",
                &format!("# moved here by mistake\n{}", offering("pay-gateway", "")),
            ),
        ],
        1,
    );
    assert_cli_snapshot!("catalog_check_duplicate_id_across_files", out);
}

#[test]
fn check_duplicate_id_in_one_file() {
    let partner = "kind: partner\nid: acme\nname: ACME\nagreement: { status: active }\n";
    let text = format!(
        "{}---\n{partner}---\n{}---\n{partner}",
        offering("a", ""),
        offering("a", "")
    );
    let out = check(&[("all.yaml", &text)], 1);
    assert_cli_snapshot!("catalog_check_duplicate_id_in_one_file", out);
}

#[test]
fn check_dangling_partner() {
    let partner = "kind: partner\nid: acme-analytics\nname: ACME\nagreement: { status: active }\n";
    let out = check(
        &[
            ("o.yaml", &offering("a", "partner: acme-analytic\n")),
            ("partners.yaml", partner),
        ],
        1,
    );
    assert_cli_snapshot!("catalog_check_dangling_partner", out);
}

#[test]
fn check_dangling_market() {
    let market = "kind: market\nid: retail-banking\nname: Retail Banking\n";
    let out = check(
        &[
            (
                "o.yaml",
                &offering("a", "markets: [retail-banking, wholesale]\n"),
            ),
            ("markets.yaml", market),
        ],
        1,
    );
    assert_cli_snapshot!("catalog_check_dangling_market", out);
}

#[test]
fn check_dangling_conflict() {
    let text = format!(
        "{}---\n{}",
        offering("ledger-core", "conflicts: [ledger-nova, ledger-core]\n"),
        offering("ledger-nov", "")
    );
    let out = check(&[("o.yaml", &text)], 1);
    assert_cli_snapshot!("catalog_check_dangling_conflict", out);
}

#[test]
fn check_undelivered_priority_capability() {
    let market = "kind: market\nid: retail-banking\nname: Retail Banking\npriorities:\n  - id: reduce-card-fraud\n    capabilities: [fraud.scoring, fraud.case-managment]\n  - id: open-banking\n    capabilities:\n      - banking.open-api\n  - id: reduce-card-fraud\n    capabilities: [fraud.scoring]\n";
    let out = check(
        &[
            (
                "o.yaml",
                &offering(
                    "a",
                    "capabilities: [fraud.scoring, fraud.case-management]\n",
                ),
            ),
            ("markets.yaml", market),
        ],
        1,
    );
    assert_cli_snapshot!("catalog_check_undelivered_capability", out);
}

#[test]
fn check_unreadable_file() {
    let f = Fixture::new();
    f.file("catalog/good.yaml", &offering("a", ""));
    std::fs::write(
        f.path().join("catalog/latin1.yaml"),
        b"kind: offering\nid: caf\xe9\n",
    )
    .unwrap();
    let out = f.run(&["catalog", "check"]);
    out.expect_code(1);
    assert_cli_snapshot!("catalog_check_unreadable_file", out);
}

#[test]
fn check_reports_every_problem_at_once() {
    let out = check(
        &[
            ("a.yaml", &offering("a", "partner: nobody\nconflicts: [ghost]\n")),
            ("b.yaml", "kind: offering\nid: b\nname: [\n"),
            ("c.yaml", &offering("c", "lifecycle: retired\n")),
            ("d.yml", &format!("{}---\nkind: offerin\nid: e\n", offering("D", ""))),
            ("e/f.yaml", &offering("a", "")),
            ("m.yaml", "kind: market\nid: m\nname: M\npriorities: [{id: p, capabilities: [nothing.here]}]\n"),
        ],
        1,
    );
    assert_cli_snapshot!("catalog_check_many_problems", out);
}

#[test]
fn check_accepts_empty_documents_and_comments() {
    let text = format!(
        "# Payments\n---\n---\n{}---\n# nothing here yet\n",
        offering("a", "")
    );
    let out = check(
        &[
            ("o.yaml", &text),
            ("empty.yaml", ""),
            ("notes.md", "not yaml: ["),
        ],
        0,
    );
    assert_cli_snapshot!("catalog_check_empty_documents", out);
}

#[test]
fn check_without_a_catalog_directory_is_bad_usage() {
    let f = Fixture::new();
    let out = f.run(&["catalog", "check"]);
    out.expect_code(2);
    assert_cli_snapshot!("catalog_check_missing_directory", out);
}

#[test]
fn check_uses_the_catalog_flag() {
    let f = Fixture::new();
    f.file("elsewhere/o.yaml", &offering("a", ""));
    let out = f.run(&["--catalog", "elsewhere", "catalog", "check"]);
    out.expect_code(0);
    assert_cli_snapshot!("catalog_check_catalog_flag", out);
}

#[test]
fn other_commands_refuse_an_invalid_catalog() {
    let f = Fixture::new();
    f.file("catalog/o.yaml", &offering("a", "partner: nobody\n"));
    f.file(
        "catalog/p.yaml",
        "kind: offering\nid: b\nname: B\nversion: one\n",
    );
    let list = f.run(&["list"]);
    list.expect_code(2);
    assert_cli_snapshot!("list_invalid_catalog", list);
    let show = f.run(&["show", "a"]);
    show.expect_code(2);
    assert_eq!(show.stderr, list.stderr);
    assert!(show.stdout.is_empty());
}

/// Runs a command on the example catalog.
fn on_examples(args: &[&str]) -> crate::util::Outcome {
    let f = Fixture::new();
    f.with_examples();
    f.run(args)
}

#[test]
fn list_table() {
    let out = on_examples(&["list"]);
    out.expect_code(0);
    assert_cli_snapshot!("list_table", out);
}

#[test]
fn list_filters() {
    for (name, args) in [
        ("list_portfolio", &["list", "--portfolio", "payments"][..]),
        (
            "list_capability",
            &["list", "--capability", "fraud.scoring"][..],
        ),
        ("list_partner", &["list", "--partner", "acme-analytics"][..]),
        (
            "list_internal",
            &["list", "--partner", "internal", "--portfolio", "risk"][..],
        ),
    ] {
        let out = on_examples(args);
        out.expect_code(0);
        assert_cli_snapshot!(name, out);
    }
}

#[test]
fn list_json() {
    let out = on_examples(&["list", "--capability", "fraud.scoring", "--format", "json"]);
    out.expect_code(0);
    let rows: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(rows.as_array().unwrap().len() >= 2);
    assert_cli_snapshot!("list_json", out);
}

#[test]
fn list_nothing_matches() {
    let out = on_examples(&["list", "--portfolio", "paymnts"]);
    out.expect_code(0);
    assert_cli_snapshot!("list_no_match", out);
    let out = on_examples(&[
        "list",
        "--partner",
        "hooli-identity",
        "--portfolio",
        "payments",
    ]);
    out.expect_code(0);
    assert_cli_snapshot!("list_no_match_known_names", out);
    let json = on_examples(&["list", "--portfolio", "paymnts", "--format", "json"]);
    json.expect_code(0);
    assert_eq!(json.stdout, "[]\n");
}

#[test]
fn show_text() {
    let out = on_examples(&["show", "fraud-shield"]);
    out.expect_code(0);
    assert_cli_snapshot!("show_text", out);
}

#[test]
fn show_partner_offering() {
    let out = on_examples(&["show", "acme-credit-score"]);
    out.expect_code(0);
    assert_cli_snapshot!("show_partner_text", out);
}

#[test]
fn show_json() {
    let out = on_examples(&["show", "ledger-core", "--format", "json"]);
    out.expect_code(0);
    let shown: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(shown["id"], "ledger-core");
    assert_cli_snapshot!("show_json", out);
}

#[test]
fn show_unknown_offering_suggests_close_ids() {
    let out = on_examples(&["show", "ledger-cor"]);
    out.expect_code(2);
    assert_cli_snapshot!("show_unknown_suggestions", out);
    let out = on_examples(&["show", "zzz"]);
    out.expect_code(2);
    assert_cli_snapshot!("show_unknown_no_suggestion", out);
}

#[test]
fn bad_global_flags_are_usage_errors() {
    let out = on_examples(&["--as-of", "2026-13-01", "list"]);
    out.expect_code(2);
    assert!(out.stderr.contains("2026-13-01"), "{}", out.stderr);
    let out = on_examples(&["list", "--format", "yaml"]);
    out.expect_code(2);
}
