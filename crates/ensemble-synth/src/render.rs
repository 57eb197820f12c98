//! Writing a [`Plan`] as YAML text, by hand: fast, byte-for-byte
//! deterministic, and shaped like catalogs people write (flow lists for
//! short lists, block lists for provides and requires, comments).

use std::fmt::Write as _;

use crate::plan::{MarketSpec, OfferingSpec, PartnerSpec, Plan, Req};

pub(crate) fn offering(plan: &Plan, o: &OfferingSpec, out: &mut String) {
    let names = |ids: &mut dyn Iterator<Item = &str>| ids.collect::<Vec<_>>().join(", ");
    let _ = writeln!(out, "kind: offering");
    let _ = writeln!(out, "id: {}", o.id);
    let _ = writeln!(out, "name: {}", o.name);
    let (a, b, c) = o.version;
    let _ = writeln!(out, "version: {a}.{b}.{c}");
    let _ = writeln!(
        out,
        "summary: {} for the {} portfolio",
        o.name, plan.portfolios[o.portfolio]
    );
    let _ = writeln!(out, "portfolio: {}", plan.portfolios[o.portfolio]);
    if let Some(p) = o.partner {
        let _ = writeln!(out, "partner: {}", plan.partners[p].id);
    }
    let _ = writeln!(out, "lifecycle: {}", o.lifecycle);
    if !o.capabilities.is_empty() {
        let _ = writeln!(
            out,
            "capabilities: [{}]",
            names(
                &mut o
                    .capabilities
                    .iter()
                    .map(|&c| plan.capabilities[c].as_str())
            )
        );
    }
    if !o.provides.is_empty() {
        out.push_str("provides:\n");
        for &(i, (a, b, c)) in &o.provides {
            let _ = writeln!(out, "  - interface: {}", plan.interfaces[i]);
            let _ = writeln!(out, "    version: {a}.{b}.{c}");
        }
    }
    if !o.requires.is_empty() {
        out.push_str("requires:\n");
        for r in &o.requires {
            requirement(plan, r, out);
        }
    }
    if !o.conflicts.is_empty() {
        let _ = writeln!(
            out,
            "conflicts: [{}]",
            names(&mut o.conflicts.iter().map(|&c| plan.offerings[c].id.as_str()))
        );
    }
    let configurations = match o.lifecycle {
        "formation" => "[basic]",
        "end-of-life" | "rationalization" => "[basic, legacy]",
        _ => "[basic, advanced, enterprise]",
    };
    let _ = writeln!(out, "configurations: {configurations}");
    match o.lifecycle {
        "formation" => {}
        "standardization" | "modernization" | "optimization" => {
            out.push_str("kits:\n");
            let _ = writeln!(out, "  sales: kits/{}-sales.pdf", o.id);
            let _ = writeln!(out, "  delivery: kits/{}-runbook.md", o.id);
        }
        _ => {
            let _ = writeln!(out, "kits: {{ sales: kits/{}-sales.pdf }}", o.id);
        }
    }
    if let Some((amount, currency, per)) = o.price {
        let _ = writeln!(
            out,
            "price: {{ amount: {amount}.00, currency: {currency}, per: {per} }}"
        );
    }
    if !o.markets.is_empty() {
        let _ = writeln!(
            out,
            "markets: [{}]",
            names(&mut o.markets.iter().map(|&m| plan.markets[m].id.as_str()))
        );
    }
    out.push_str("attributes:\n");
    let _ = writeln!(out, "  region: {}", o.region);
    let _ = writeln!(
        out,
        "  deployment: {}",
        if o.version.0.is_multiple_of(2) {
            "saas"
        } else {
            "hybrid"
        }
    );
    let _ = writeln!(
        out,
        "  owner: {}-team",
        plan.portfolios[o.portfolio]
            .split('-')
            .next()
            .unwrap_or("x")
    );
}

fn requirement(plan: &Plan, r: &Req, out: &mut String) {
    if r.any_of {
        out.push_str("  - any_of:\n");
        for (i, req) in &r.alternatives {
            let _ = writeln!(
                out,
                "      - {{ interface: {}, version: \"{req}\" }}",
                plan.interfaces[*i]
            );
        }
    } else {
        let (i, req) = &r.alternatives[0];
        let _ = writeln!(out, "  - interface: {}", plan.interfaces[*i]);
        let _ = writeln!(out, "    version: \"{req}\"");
    }
    if r.optional {
        out.push_str("    optional: true\n");
    }
}

pub(crate) fn partner(p: &PartnerSpec, out: &mut String) {
    let _ = writeln!(out, "kind: partner");
    let _ = writeln!(out, "id: {}", p.id);
    let _ = writeln!(out, "name: {}", p.name);
    let _ = writeln!(
        out,
        "agreement: {{ status: {}, expires: {}, tier: {} }}",
        p.status, p.expires, p.tier
    );
    out.push_str("attributes:\n  reseller: true\n");
}

pub(crate) fn market(plan: &Plan, m: &MarketSpec, out: &mut String) {
    let _ = writeln!(out, "kind: market");
    let _ = writeln!(out, "id: {}", m.id);
    let _ = writeln!(out, "name: {}", m.name);
    out.push_str("priorities:\n");
    for (id, caps) in &m.priorities {
        let _ = writeln!(out, "  - id: {id}");
        let _ = writeln!(
            out,
            "    description: Leaders of {} care about {id}",
            m.name
        );
        let caps: Vec<&str> = caps
            .iter()
            .map(|&c| plan.capabilities[c].as_str())
            .collect();
        let _ = writeln!(out, "    capabilities: [{}]", caps.join(", "));
    }
}

/// A bundle request with these needs and includes.
pub(crate) fn request(
    id: &str,
    name: &str,
    comment: &str,
    needs: &[&str],
    include: &[&str],
) -> String {
    let mut out = String::new();
    for line in comment.lines() {
        let _ = writeln!(out, "# {line}");
    }
    let _ = writeln!(out, "kind: bundle");
    let _ = writeln!(out, "id: {id}");
    let _ = writeln!(out, "name: {name}");
    out.push_str("customer: Synthetic Customer\n");
    if !needs.is_empty() {
        out.push_str("needs:\n");
        for n in needs {
            let _ = writeln!(out, "  - capability: {n}");
        }
    }
    if !include.is_empty() {
        let _ = writeln!(out, "include: [{}]", include.join(", "));
    }
    out
}
