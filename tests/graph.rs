//! `graph` on the example bundles: DOT and Mermaid.

use crate::util::Fixture;

const AS_OF: &str = "2026-11-22";

fn graph(f: &Fixture, bundle: &str, format: &str) -> crate::util::Outcome {
    f.run(&[
        "--as-of",
        AS_OF,
        "graph",
        &format!("bundles/{bundle}.yaml"),
        "--format",
        format,
    ])
}

#[test]
fn cycle_demo_clusters_the_cycle() {
    let f = Fixture::new();
    f.with_examples();
    for format in ["dot", "mermaid"] {
        let out = graph(&f, "cycle-demo", format);
        out.expect_code(0);
        assert_cli_snapshot!(format!("graph_cycle-demo_{format}"), out);
    }
}

#[test]
fn partners_are_drawn_apart() {
    let f = Fixture::new();
    f.with_examples();
    let out = graph(&f, "partner-fallback", "mermaid");
    out.expect_code(0);
    assert!(out.stdout.contains("classDef partner"), "{}", out.stdout);
    assert!(
        out.stdout.contains("partner: acme-analytics"),
        "{}",
        out.stdout
    );
    let dot = graph(&f, "partner-fallback", "dot");
    dot.expect_code(0);
    assert!(
        dot.stdout.contains("style=\"rounded,dashed\""),
        "{}",
        dot.stdout
    );
    assert_cli_snapshot!("graph_partner-fallback_dot", dot);
}

#[test]
fn dot_is_the_default_and_edges_carry_interface_and_version() {
    let f = Fixture::new();
    f.with_examples();
    let out = f.run(&["--as-of", AS_OF, "graph", "bundles/retail-fraud-suite.yaml"]);
    out.expect_code(0);
    assert!(out.stdout.starts_with("digraph \"retail-fraud-suite\" {"));
    assert!(
        out.stdout
            .contains("\"fraud-shield\" -> \"stream-hub\" [label=\"events.stream 3.1.0\"]"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_bundle_that_cannot_be_composed_has_no_graph() {
    let f = Fixture::new();
    f.with_examples();
    let out = graph(&f, "impossible", "dot");
    out.expect_code(1);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("cannot be composed"), "{}", out.stderr);
}
