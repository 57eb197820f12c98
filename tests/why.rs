//! `why` on the example portfolio: chains for members, reasons for the rest.

use crate::util::Fixture;

fn why(f: &Fixture, bundle: &str, offering: &str) -> crate::util::Outcome {
    f.run(&["--as-of", "2026-11-22", "why", bundle, offering])
}

#[test]
fn members_show_every_chain_from_a_need_or_include() {
    let f = Fixture::new();
    f.with_examples();
    for (bundle, offering) in [
        ("retail-fraud-suite", "stream-hub"),
        ("retail-fraud-suite", "fraud-shield"),
        ("cycle-demo", "customer-360"),
        ("merchant-checkout", "pg-cloud"),
    ] {
        let out = why(&f, &format!("bundles/{bundle}.yaml"), offering);
        out.expect_code(0);
        assert_cli_snapshot!(format!("why_{bundle}_{offering}"), out);
    }
}

#[test]
fn non_members_say_why_they_lost() {
    let f = Fixture::new();
    f.with_examples();
    for (bundle, offering) in [
        ("retail-fraud-suite", "legacy-fraud-rules"),
        ("retail-fraud-suite", "mysql-managed"),
        ("retail-fraud-suite", "event-bus-classic"),
        ("retail-fraud-suite", "globex-hsm"),
        ("conflict-alternative", "pg-cloud"),
        ("partner-fallback", "acme-kyc-id"),
        ("merchant-checkout", "hooli-passkeys"),
    ] {
        let out = why(&f, &format!("bundles/{bundle}.yaml"), offering);
        out.expect_code(0);
        assert_cli_snapshot!(format!("why_not_{bundle}_{offering}"), out);
    }
}

#[test]
fn a_failed_bundle_explains_itself() {
    let f = Fixture::new();
    f.with_examples();
    let out = why(&f, "bundles/impossible.yaml", "ledger-core");
    out.expect_code(1);
    assert_cli_snapshot!("why_impossible_ledger_core", out);
}

#[test]
fn an_unknown_offering_is_bad_input_with_a_suggestion() {
    let f = Fixture::new();
    f.with_examples();
    let out = why(&f, "bundles/retail-fraud-suite.yaml", "stream-hb");
    out.expect_code(2);
    assert_cli_snapshot!("why_unknown_offering", out);
}
