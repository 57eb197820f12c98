//! `rules list` and `rules test`: the default rules, and every class of rule
//! error with its file:line:col and exit code 2, each well under a second.

use std::time::{Duration, Instant};

use crate::util::{Fixture, Outcome};

/// A rule error must be reported quickly, however the rule misbehaves.
const FAST: Duration = Duration::from_secs(1);

/// Runs `ensemble rules test` on a fixture whose only rule is `rule` (in
/// `rules/<name>.rhai`), with one offering case.
fn run_bad_rule(name: &str, rule: &str) -> Outcome {
    let f = Fixture::new();
    f.file(&format!("rules/{name}.rhai"), rule).file(
        &format!("rules/tests/{name}.yaml"),
        &format!(
            "kind: rule-test\nrule: {name}\ncases:\n  - name: any offering\n    offering: {{ id: fraud-shield, lifecycle: optimization }}\n    expect: []\n"
        ),
    );
    let start = Instant::now();
    let out = f.run(&["rules", "test"]);
    let took = start.elapsed();
    assert!(took < FAST, "took {took:?}\n{}", out.snapshot());
    out
}

#[test]
fn list_default_rules() {
    let f = Fixture::new();
    f.with_examples();
    let out = f.run(&["rules", "list"]);
    out.expect_code(0);
    assert_cli_snapshot!("rules_list", out);
}

#[test]
fn list_default_rules_as_json() {
    let f = Fixture::new();
    f.with_examples();
    let out = f.run(&["rules", "list", "--format", "json"]);
    out.expect_code(0);
    let rules: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "enablement",
            "end-of-life",
            "max-partners",
            "partner-agreement",
            "rationalization",
            "redundancy"
        ]
    );
    assert_cli_snapshot!("rules_list_json", out);
}

#[test]
fn default_rules_pass_their_tests() {
    let f = Fixture::new();
    f.with_examples();
    let out = f.run(&["rules", "test"]);
    out.expect_code(0);
    assert!(out.stdout.lines().any(|l| l == "28 passed, 0 failed"));
    assert_cli_snapshot!("rules_test_default", out);
}

#[test]
fn failing_case_exits_1_with_summary() {
    let f = Fixture::new();
    f.file(
        "policy/end-of-life.rhai",
        "fn meta() { #{ severity: \"deny\" } }\nfn offering(o) {\n    if o.lifecycle == \"end-of-life\" { return `${o.id} is end-of-life`; }\n}\n",
    )
    .file(
        "policy/tests/end-of-life.yaml",
        "kind: rule-test\nrule: end-of-life\ncases:\n  - name: denied\n    offering: { id: old, lifecycle: end-of-life }\n    expect: [{ severity: deny, message_contains: \"end-of-life\" }]\n  - name: wrongly expected to pass\n    offering: { id: old, lifecycle: end-of-life }\n    expect: []\n  - name: wrong severity expected\n    offering: { id: old, lifecycle: end-of-life }\n    expect: [{ severity: warn }]\n",
    );
    let out = f.run(&["rules", "test", "policy"]);
    out.expect_code(1);
    assert!(out.stdout.lines().any(|l| l == "1 passed, 2 failed"));
    assert_cli_snapshot!("rules_test_failures", out);
}

#[test]
fn test_naming_an_unknown_rule() {
    let f = Fixture::new();
    f.with_examples().file(
        "rules/tests/typo.yaml",
        "kind: rule-test\nrule: max-partner\ncases: []\n",
    );
    let out = f.run(&["rules", "test"]);
    out.expect_code(2);
    assert_cli_snapshot!("rules_test_unknown_rule", out);
}

#[test]
fn malformed_test_file() {
    let f = Fixture::new();
    f.with_examples().file(
        "rules/tests/bad.yaml",
        "kind: rule-test\nrule: max-partners\ncases:\n  - name: x\n    bundel: {}\n",
    );
    let out = f.run(&["rules", "test"]);
    out.expect_code(2);
    assert_cli_snapshot!("rules_test_malformed", out);
}

#[test]
fn syntax_error() {
    let f = Fixture::new();
    f.file(
        "rules/max-partners.rhai",
        "fn bundle(b) {\n    let n = b.offerings.len(;\n}\n",
    );
    let start = Instant::now();
    let out = f.run(&["rules", "list"]);
    assert!(start.elapsed() < FAST);
    out.expect_code(2);
    assert!(
        out.stderr.contains("rules/max-partners.rhai:2:"),
        "{}",
        out.stderr
    );
    assert_cli_snapshot!("rules_error_syntax", out);
}

#[test]
fn undefined_variable_is_a_compile_error() {
    let f = Fixture::new();
    f.file(
        "rules/typo.rhai",
        "fn offering(o) {\n    if lifecycle == \"end-of-life\" { return \"old\"; }\n}\n",
    );
    let out = f.run(&["rules", "list"]);
    out.expect_code(2);
    assert_cli_snapshot!("rules_error_undefined_variable", out);
}

#[test]
fn runtime_error_names_file_line_column_and_function() {
    let out = run_bad_rule(
        "max-partners",
        "// A typo in a property name fails loudly.\nfn meta() {\n    #{ severity: \"warn\" }\n}\n\nfn offering(o) {\n    if o.lifecyle == \"end-of-life\" { return \"old\"; }\n}\n",
    );
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("rules/max-partners.rhai:7:10: in `offering` (offering `fraud-shield`): property `lifecyle` does not exist"),
        "{}",
        out.stderr
    );
    assert_cli_snapshot!("rules_error_runtime", out);
}

#[test]
fn runtime_error_in_a_helper_names_the_call_chain() {
    let out = run_bad_rule(
        "helper",
        "fn check(o) {\n    o.kits.sales\n}\n\nfn offering(o) {\n    check(o)\n}\n",
    );
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("rules/helper.rhai:2:12: in `check` called from `offering`"),
        "{}",
        out.stderr
    );
}

#[test]
fn infinite_loop_is_stopped() {
    let out = run_bad_rule(
        "spin",
        "fn offering(o) {\n    let n = 0;\n    loop {\n        n += 1;\n    }\n}\n",
    );
    out.expect_code(2);
    assert!(out.stderr.contains("rules/spin.rhai:"), "{}", out.stderr);
    assert!(out.stderr.contains("too many operations"), "{}", out.stderr);
    assert_cli_snapshot!("rules_error_infinite_loop", out);
}

#[test]
fn infinite_recursion_is_stopped() {
    let out = run_bad_rule(
        "recurse",
        "fn deeper(n) {\n    deeper(n + 1)\n}\n\nfn offering(o) {\n    deeper(0)\n}\n",
    );
    out.expect_code(2);
    assert!(out.stderr.contains("call depth exceeded"), "{}", out.stderr);
}

#[test]
fn huge_allocation_is_stopped() {
    let out = run_bad_rule(
        "hog",
        "fn offering(o) {\n    let s = \"x\";\n    loop {\n        s += s;\n    }\n}\n",
    );
    out.expect_code(2);
    // Rhai does not locate data-size errors: the function is the place.
    assert!(
        out.stderr.contains("rules/hog.rhai:1:1: in `offering`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("too large"), "{}", out.stderr);
    assert_cli_snapshot!("rules_error_huge_allocation", out);
}

#[test]
fn huge_array_is_stopped() {
    let out = run_bad_rule(
        "hoard",
        "fn offering(o) {\n    let a = [];\n    a.pad(100000000, 0);\n    a.len()\n}\n",
    );
    out.expect_code(2);
    assert!(
        out.stderr.contains("rules/hoard.rhai:1:1: in `offering`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("array too large"), "{}", out.stderr);
}

#[test]
fn wrong_return_type() {
    let out = run_bad_rule("answer", "fn offering(o) {\n    42\n}\n");
    out.expect_code(2);
    assert!(
        out.stderr.contains("rules/answer.rhai:1:1: in `offering` (offering `fraud-shield`): rule `answer` returned an integer (`42`)"),
        "{}",
        out.stderr
    );
    assert_cli_snapshot!("rules_error_wrong_return", out);
}

#[test]
fn rule_without_hooks() {
    let f = Fixture::new();
    f.file(
        "rules/empty.rhai",
        "fn meta() { #{ title: \"Nothing\" } }\n",
    );
    let out = f.run(&["rules", "list"]);
    out.expect_code(2);
    assert_cli_snapshot!("rules_error_no_hooks", out);
}

#[test]
fn bad_meta() {
    let f = Fixture::new();
    f.file(
        "rules/meta.rhai",
        "fn meta() {\n    #{ severity: \"fatal\" }\n}\n\nfn offering(o) { }\n",
    );
    let out = f.run(&["rules", "list"]);
    out.expect_code(2);
    assert_cli_snapshot!("rules_error_bad_meta", out);
}

#[test]
fn modules_are_not_available() {
    let f = Fixture::new();
    f.file(
        "rules/escape.rhai",
        "import \"../secrets\" as s;\nfn offering(o) { }\n",
    );
    let out = f.run(&["rules", "list"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("rules/escape.rhai:1:1: syntax error"),
        "{}",
        out.stderr
    );
}

#[test]
fn missing_default_rules_directory_means_no_rules() {
    let f = Fixture::new();
    let out = f.run(&["rules", "list"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "ID  SEVERITY  HOOKS  TITLE  FILE\n");
}

#[test]
fn missing_named_rules_directory_is_an_error() {
    let f = Fixture::new();
    let out = f.run(&["--rules", "policies", "rules", "list"]);
    out.expect_code(2);
    assert_cli_snapshot!("rules_error_missing_dir", out);
}

#[test]
fn as_of_reaches_rules() {
    let f = Fixture::new();
    f.file(
        "rules/late.rhai",
        "fn meta() { #{ severity: \"warn\" } }\nfn offering(o, as_of) {\n    if as_of > \"2027-01-01\" { return `late on ${as_of}`; }\n}\n",
    )
    .file(
        "rules/tests/late.yaml",
        "kind: rule-test\nrule: late\ncases:\n  - name: late\n    offering: { id: x }\n    expect: [{ severity: warn, message_contains: \"late on 2027-06-01\" }]\n",
    );
    f.run(&["--as-of", "2027-06-01", "rules", "test"])
        .expect_code(0);
    let out = f.run(&["--as-of", "2026-06-01", "rules", "test"]);
    out.expect_code(1);
    assert!(
        out.stdout.lines().any(|l| l == "0 passed, 1 failed"),
        "{}",
        out.stdout
    );
}
