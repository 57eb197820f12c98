//! The rules with the solver, on the repository's example catalog and
//! bundles: deny findings change the solver's choice, findings reach the
//! bundle (and its JSON), and evaluation is deterministic.

use std::path::{Path, PathBuf};

use ensemble_model::{load_catalog, load_request, BundleRequest, Catalog, Date, Severity};
use ensemble_rules::RuleSet;
use ensemble_solver::{solve, Bundle, SolveOptions, Status};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn catalog() -> Catalog {
    load_catalog(&repo().join("catalog")).expect("example catalog")
}

fn request(catalog: &Catalog, name: &str) -> BundleRequest {
    load_request(&repo().join("bundles").join(name), catalog).expect("example request")
}

fn as_of() -> Date {
    "2026-11-22".parse().unwrap()
}

fn default_rules() -> RuleSet {
    RuleSet::load(&repo().join("rules"), &[]).expect("default rules")
}

/// Composes `request` with `rules` as compose does: offering rules rule
/// candidates out, then the bundle is judged.
fn compose(rules: &RuleSet, catalog: &Catalog, request: &BundleRequest) -> Bundle {
    let verdicts = rules.evaluate_offerings(catalog, as_of()).unwrap();
    let mut options = SolveOptions::new(as_of());
    options.denied = verdicts.denied();
    let mut bundle = solve(catalog, request, &options).unwrap().bundle;
    rules
        .judge_bundle(&mut bundle, &verdicts, catalog, request)
        .unwrap();
    bundle
}

fn members(bundle: &Bundle) -> Vec<&str> {
    bundle.offerings.iter().map(|m| m.id.as_str()).collect()
}

#[test]
fn a_deny_rule_changes_the_solvers_choice() {
    let catalog = catalog();
    let request = request(&catalog, "partner-fallback.yaml");

    // Without rules the internal kyc-verify delivers identity verification.
    let plain = compose(&RuleSet::empty(), &catalog, &request);
    assert_eq!(plain.status, Status::Composed);
    assert!(
        members(&plain).contains(&"kyc-verify"),
        "{:?}",
        members(&plain)
    );
    assert!(!members(&plain).contains(&"acme-kyc-id"));

    // A rule ruling the internal provider out makes the solver take the
    // partner's.
    let mut rules = RuleSet::empty();
    rules
        .add_source(
            Path::new("rules/kyc-freeze.rhai"),
            r#"
            fn meta() { #{ title: "KYC Verify is frozen", severity: "deny" } }
            fn offering(o) {
                if o.id == "kyc-verify" { return "kyc-verify is frozen pending a security review"; }
            }
            "#,
        )
        .unwrap();
    let verdicts = rules.evaluate_offerings(&catalog, as_of()).unwrap();
    let ix = catalog.lookup("kyc-verify").unwrap();
    let denied = verdicts.denied();
    assert_eq!(denied.len(), 1);
    assert_eq!(denied[&ix][0].rule, "kyc-freeze");

    let bundle = compose(&rules, &catalog, &request);
    assert_eq!(bundle.status, Status::Composed);
    assert!(
        members(&bundle).contains(&"acme-kyc-id"),
        "{:?}",
        members(&bundle)
    );
    assert!(!members(&bundle).contains(&"kyc-verify"));
}

#[test]
fn default_rules_judge_the_example_catalog() {
    let catalog = catalog();
    let verdicts = default_rules()
        .evaluate_offerings(&catalog, as_of())
        .unwrap();
    let denied: Vec<&str> = verdicts
        .denied()
        .keys()
        .map(|ix| catalog.offering(*ix).id.as_str())
        .collect();
    // End-of-life offerings, and offerings of the expired (initech-pay) and
    // pending (hooli-identity) partners.
    for id in ["legacy-switch", "event-bus-classic", "pg-legacy"] {
        assert!(denied.contains(&id), "{id} not in {denied:?}");
    }
    for (ix, findings) in verdicts.iter() {
        let o = catalog.offering(ix);
        if let Some(p) = &o.partner {
            let in_force = catalog
                .partner(p.as_str())
                .unwrap()
                .agreement
                .in_force(as_of());
            let agreement_denied = findings
                .iter()
                .any(|f| f.rule == "partner-agreement" && f.severity == Severity::Deny);
            assert_eq!(agreement_denied, !in_force, "{}", o.id);
        }
    }
    // The standardization gaps named in the catalog are warned about.
    for id in [
        "insight-dash",
        "merchant-portal",
        "reg-reporter",
        "onboard-flow",
    ] {
        let ix = catalog.lookup(id).unwrap();
        assert!(
            verdicts
                .warnings_for(ix)
                .iter()
                .any(|f| f.rule == "enablement"),
            "{id}: {:?}",
            verdicts.findings_for(ix)
        );
    }
    // After the globex-cloud agreement expires, its offerings are out too.
    let later = default_rules()
        .evaluate_offerings(&catalog, "2027-01-01".parse().unwrap())
        .unwrap();
    assert!(later.denied().len() > verdicts.denied().len());
}

#[test]
fn findings_reach_the_bundle_and_its_json() {
    let catalog = catalog();
    let request = request(&catalog, "merchant-checkout.yaml");
    let bundle = compose(&default_rules(), &catalog, &request);
    assert_eq!(bundle.status, Status::Composed);
    // merchant-portal lacks configurations (SPEC example bundle comment).
    let f = bundle
        .findings
        .iter()
        .find(|f| f.rule == "enablement")
        .expect("an enablement warning");
    assert_eq!(f.severity, Severity::Warn);
    assert_eq!(f.offering.as_ref().unwrap().as_str(), "merchant-portal");
    let json = serde_json::to_value(&bundle).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["rule"] == "enablement"
        && f["severity"] == "warn"
        && f["offering"] == "merchant-portal"));
    // Sorted deterministically.
    let mut sorted = bundle.findings.clone();
    ensemble_model::Finding::sort(&mut sorted);
    assert_eq!(sorted, bundle.findings);
}

#[test]
fn a_bundle_deny_rejects_the_bundle() {
    let catalog = catalog();
    let request = request(&catalog, "retail-fraud-suite.yaml");
    let mut rules = RuleSet::empty();
    rules
        .add_source(
            Path::new("rules/budget.rhai"),
            r#"
            fn meta() { #{ severity: "deny" } }
            fn bundle(b) {
                if b.offerings.len() > 1 {
                    return #{ message: `${b.offerings.len()} offerings for ${b.customer}`, offering: b.offerings[0].id };
                }
            }
            "#,
        )
        .unwrap();
    let bundle = compose(&rules, &catalog, &request);
    assert_eq!(bundle.status, Status::Denied);
    let f = &bundle.findings[0];
    assert_eq!((f.rule.as_str(), f.severity), ("budget", Severity::Deny));
    assert!(
        f.message.ends_with("offerings for Harbor Savings Bank"),
        "{}",
        f.message
    );
}

#[test]
fn bundle_rules_see_the_bundle() {
    let catalog = catalog();
    let request = request(&catalog, "retail-fraud-suite.yaml");
    let mut rules = RuleSet::empty();
    rules
        .add_source(
            Path::new("rules/echo.rhai"),
            r#"
            fn meta() { #{ severity: "info" } }
            fn bundle(b) {
                let w = b.wiring[0];
                let p = b.price[0];
                `${b.id}|${b.name}|${b.market}|${b.as_of}|${b.needs.len() > 0}|${w.consumer != ()}|${w.optional == true || w.optional == false}|${p.currency}`
            }
            "#,
        )
        .unwrap();
    let bundle = compose(&rules, &catalog, &request);
    let f = bundle.findings.iter().find(|f| f.rule == "echo").unwrap();
    assert!(
        f.message.starts_with(
            "retail-fraud-suite|Retail Fraud Suite|retail-banking|2026-11-22|true|true|true|"
        ),
        "{}",
        f.message
    );
}

#[test]
fn bundle_rules_see_partners() {
    let catalog = catalog();
    let request = request(&catalog, "partner-fallback.yaml");
    let mut rules = RuleSet::empty();
    rules
        .add_source(
            Path::new("rules/partners.rhai"),
            r#"
            fn meta() { #{ severity: "info" } }
            fn bundle(b) {
                let p = b.offerings.filter(|o| o.partner != ());
                `${p.len()} ${p[0].partner.id} ${p[0].partner.agreement.status}`
            }
            "#,
        )
        .unwrap();
    let bundle = compose(&rules, &catalog, &request);
    let f = bundle
        .findings
        .iter()
        .find(|f| f.rule == "partners")
        .unwrap();
    assert_eq!(f.message, "1 acme-analytics active");
}

#[test]
fn evaluation_is_deterministic() {
    let catalog = catalog();
    let rules = default_rules();
    let first = rules.evaluate_offerings(&catalog, as_of()).unwrap().all();
    for _ in 0..5 {
        assert_eq!(
            rules.evaluate_offerings(&catalog, as_of()).unwrap().all(),
            first
        );
    }
    let request = request(&catalog, "merchant-checkout.yaml");
    let a = serde_json::to_string(&compose(&rules, &catalog, &request)).unwrap();
    let b = serde_json::to_string(&compose(&default_rules(), &catalog, &request)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn bundle_rules_read_a_large_bundle() {
    // A distribution-shaped bundle: far more text and entries than any one
    // string or array a rule would build (Rhai counts a value's nested data
    // against the sandbox's limits).
    let config = ensemble_synth::Config {
        offerings: 6_000,
        shape: ensemble_synth::Shape::Distro,
        needs: vec![25],
        ..ensemble_synth::Config::default()
    };
    let files = ensemble_synth::files(&config).expect("synthetic catalog");
    let docs = ensemble_synth::documents(&config).expect("synthetic documents");
    let catalog = ensemble_model::catalog_from_documents(docs, "synth.yaml".as_ref()).unwrap();
    let request = files
        .request("needs-25.yaml")
        .expect("a composable request");
    let bundle = compose(&default_rules(), &catalog, &request);
    assert_eq!(bundle.status, Status::Composed);
    assert!(bundle.offerings.len() > 500, "{}", bundle.offerings.len());
    assert!(bundle.wiring.len() > 2_000, "{}", bundle.wiring.len());
}
