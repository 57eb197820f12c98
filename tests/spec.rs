//! `spec` on the example bundles: Markdown and JSON snapshots, the HTML's
//! structure, failures and `--out`.

use std::fs;

use crate::util::Fixture;

const AS_OF: &str = "2026-11-22";

fn spec(f: &Fixture, bundle: &str, format: &str) -> crate::util::Outcome {
    f.run(&[
        "--as-of",
        AS_OF,
        "spec",
        &format!("bundles/{bundle}.yaml"),
        "--format",
        format,
    ])
}

#[test]
fn markdown_of_example_bundles() {
    let f = Fixture::new();
    f.with_examples();
    for name in ["merchant-checkout", "cycle-demo"] {
        let out = spec(&f, name, "md");
        out.expect_code(0);
        assert_cli_snapshot!(format!("spec_{name}_md"), out);
    }
}

#[test]
fn json_of_an_example_bundle() {
    let f = Fixture::new();
    f.with_examples();
    let out = spec(&f, "partner-fallback", "json");
    out.expect_code(0);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert_eq!(value["header"]["bundle"], "partner-fallback");
    assert!(!out.stdout.contains("null"), "absent fields are left out");
    assert_cli_snapshot!("spec_partner-fallback_json", out);
}

#[test]
fn html_is_self_contained_with_the_diagram_and_every_offering() {
    let f = Fixture::new();
    f.with_examples();
    for name in [
        "retail-fraud-suite",
        "merchant-checkout",
        "cycle-demo",
        "conflict-alternative",
        "partner-fallback",
    ] {
        let out = spec(&f, name, "html");
        out.expect_code(0);
        let html = &out.stdout;
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
        assert!(html.trim_end().ends_with("</html>"), "{name}");
        assert!(
            !html.to_ascii_lowercase().contains("http"),
            "{name}: http reference"
        );
        for banned in ["<script", "<link", "<img", " src=", "@import", "url(http"] {
            assert!(!html.contains(banned), "{name}: {banned}");
        }
        assert_eq!(html.matches("<svg ").count(), 1, "{name}: one inline SVG");
        assert!(
            html.contains("@media print") && html.contains("@page"),
            "{name}"
        );
        balanced(html);
        // Every member, by id and name, from the JSON of the same spec.
        let json = spec(&f, name, "json");
        let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        let offerings = value["offerings"].as_array().unwrap();
        assert!(!offerings.is_empty());
        for o in offerings {
            let id = o["id"].as_str().unwrap();
            let display = o["name"].as_str().unwrap();
            assert!(html.contains(id), "{name}: {id}");
            assert!(
                html.contains(&format!("{display}</text>")),
                "{name}: {display} in SVG"
            );
        }
    }
}

/// Tags open and close in order (the HTML is written as well-formed XML).
fn balanced(html: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = html.strip_prefix("<!DOCTYPE html>").unwrap();
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if stack.last() == Some(&"style") && !rest.starts_with("</style>") {
            rest = &rest[1..];
            continue;
        }
        let end = rest.find('>').expect("tag ends");
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "closing </{name}>");
        } else if !tag.ends_with('/') {
            let name = tag.split([' ', '\n']).next().unwrap();
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

#[test]
fn same_request_same_bytes() {
    let f = Fixture::new();
    f.with_examples();
    for format in ["md", "html", "json"] {
        let a = spec(&f, "retail-fraud-suite", format);
        let b = spec(&f, "retail-fraud-suite", format);
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
}

#[test]
fn a_bundle_that_cannot_be_composed_has_no_spec() {
    let f = Fixture::new();
    f.with_examples();
    let out = f.run(&[
        "--as-of",
        AS_OF,
        "spec",
        "bundles/impossible.yaml",
        "--format",
        "html",
        "--out",
        "spec.html",
    ]);
    out.expect_code(1);
    assert!(!f.path().join("spec.html").exists(), "nothing written");
    assert_cli_snapshot!("spec_impossible", out);
}

#[test]
fn out_writes_the_file_and_nothing_to_stdout() {
    let f = Fixture::new();
    f.with_examples();
    let stdout = spec(&f, "cycle-demo", "md");
    let out = f.run(&[
        "--as-of",
        AS_OF,
        "spec",
        "bundles/cycle-demo.yaml",
        "--out",
        "cycle.md",
    ]);
    out.expect_code(0);
    assert_eq!(out.stdout, "");
    let written = fs::read_to_string(f.path().join("cycle.md")).unwrap();
    assert_eq!(written, stdout.stdout, "--format md is the default");
    // No temporary file is left behind.
    let leftovers: Vec<_> = fs::read_dir(f.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, vec!["cycle.md".to_owned()]);
}

#[test]
fn out_refuses_a_missing_directory() {
    let f = Fixture::new();
    f.with_examples();
    let out = f.run(&[
        "--as-of",
        AS_OF,
        "spec",
        "bundles/cycle-demo.yaml",
        "--out",
        "no-such-dir/spec.md",
    ]);
    out.expect_code(2);
    assert!(!f.path().join("no-such-dir").exists());
    assert!(
        out.stderr.contains("cannot write `no-such-dir/spec.md`"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_unknown_request_file_is_bad_input() {
    let f = Fixture::new();
    f.with_examples();
    let out = spec(&f, "no-such-bundle", "md");
    out.expect_code(2);
    assert_eq!(out.stdout, "");
}
