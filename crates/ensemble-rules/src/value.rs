//! Offerings, partners and bundles as the maps rules see (SPEC "Rule API"):
//! every field present, absent lists as empty arrays, absent maps
//! (`attributes`, `kits`) as empty maps, absent scalars as `()`.
//!
//! Maps are built straight from the typed documents (no serde round trip),
//! once per offering per run.

use ensemble_model::{
    Agreement, BundleRequest, Catalog, Date, Id, InterfaceReq, Offering, Partner, Requirement,
};
use ensemble_solver::Bundle;
use rhai::{Array, Dynamic, ImmutableString, Map};

/// A string value: one allocation, straight from the borrowed text.
fn s(v: &str) -> Dynamic {
    ImmutableString::from(v).into()
}

fn opt<T: AsRef<str>>(v: Option<T>) -> Dynamic {
    v.map_or(Dynamic::UNIT, |v| s(v.as_ref()))
}

fn ids(list: &[Id]) -> Dynamic {
    Dynamic::from_array(list.iter().map(|i| s(i.as_str())).collect())
}

fn strings(list: &[String]) -> Dynamic {
    Dynamic::from_array(list.iter().map(|i| s(i)).collect())
}

fn map<const N: usize>(entries: [(&str, Dynamic); N]) -> Map {
    entries.into_iter().map(|(k, v)| (k.into(), v)).collect()
}

/// A free-form YAML value (attributes, test fixtures) as a Rhai value.
pub(crate) fn yaml(v: &serde_yaml::Value) -> Dynamic {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Dynamic::UNIT,
        Y::Bool(b) => Dynamic::from_bool(*b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Dynamic::from_int(i),
            None => Dynamic::from_float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Y::String(t) => s(t),
        Y::Sequence(items) => Dynamic::from_array(items.iter().map(yaml).collect()),
        Y::Mapping(m) => Dynamic::from_map(
            m.iter()
                .map(|(k, v)| (yaml_key(k).into(), yaml(v)))
                .collect(),
        ),
        Y::Tagged(t) => yaml(&t.value),
    }
}

/// A YAML mapping key as a map property name.
pub(crate) fn yaml_key(k: &serde_yaml::Value) -> String {
    match k {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .map(|t| t.trim_end().to_owned())
            .unwrap_or_default(),
    }
}

fn attributes(a: &ensemble_model::Attributes) -> Dynamic {
    Dynamic::from_map(
        a.iter()
            .map(|(k, v)| (k.as_str().into(), yaml(v)))
            .collect(),
    )
}

fn agreement(a: &Agreement) -> Dynamic {
    Dynamic::from_map(map([
        ("status", s(a.status.as_str())),
        ("expires", opt(a.expires.map(|d| d.to_string()))),
        ("tier", opt(a.tier.as_deref())),
    ]))
}

/// A partner document as a map.
pub fn partner_value(p: &Partner) -> Dynamic {
    Dynamic::from_map(map([
        ("id", s(p.id.as_str())),
        ("name", s(&p.name)),
        ("agreement", agreement(&p.agreement)),
        ("attributes", attributes(&p.attributes)),
    ]))
}

fn interface_req(r: &InterfaceReq) -> Dynamic {
    Dynamic::from_map(map([
        ("interface", s(r.interface.as_str())),
        ("version", s(&r.version.to_string())),
    ]))
}

/// A requirement, in one shape for both forms: `interface` and `version`
/// (`()` for `any_of`), `any_of` (empty for a plain requirement), `optional`.
fn requirement(r: &Requirement) -> Dynamic {
    let (interface, version, any_of) = if r.any_of {
        (
            Dynamic::UNIT,
            Dynamic::UNIT,
            r.alternatives.iter().map(interface_req).collect(),
        )
    } else {
        let first = r.alternatives.first();
        (
            opt(first.map(|a| a.interface.as_str())),
            opt(first.map(|a| a.version.to_string())),
            Array::new(),
        )
    };
    Dynamic::from_map(map([
        ("interface", interface),
        ("version", version),
        ("any_of", Dynamic::from_array(any_of)),
        ("optional", Dynamic::from_bool(r.optional)),
    ]))
}

/// An offering as a map, with `partner` replaced by the partner document
/// (`partner` is the already-built map of it, `()` for internal offerings).
pub fn offering_value(o: &Offering, partner: Dynamic) -> Dynamic {
    let mut kits = Map::new();
    if let Some(sales) = &o.kits.sales {
        kits.insert("sales".into(), s(sales));
    }
    if let Some(delivery) = &o.kits.delivery {
        kits.insert("delivery".into(), s(delivery));
    }
    let price = o.price.as_ref().map_or(Dynamic::UNIT, |p| {
        Dynamic::from_map(map([
            ("amount", Dynamic::from_float(p.amount)),
            ("currency", s(p.currency.as_str())),
            ("per", s(p.per.as_str())),
        ]))
    });
    Dynamic::from_map(map([
        ("id", s(o.id.as_str())),
        ("name", s(&o.name)),
        ("version", s(&o.version.to_string())),
        ("summary", opt(o.summary.as_deref())),
        ("portfolio", s(o.portfolio.as_str())),
        ("partner", partner),
        ("lifecycle", s(o.lifecycle.as_str())),
        ("capabilities", ids(&o.capabilities)),
        (
            "provides",
            Dynamic::from_array(
                o.provides
                    .iter()
                    .map(|p| {
                        Dynamic::from_map(map([
                            ("interface", s(p.interface.as_str())),
                            ("version", s(&p.version.to_string())),
                        ]))
                    })
                    .collect(),
            ),
        ),
        (
            "requires",
            Dynamic::from_array(o.requires.iter().map(requirement).collect()),
        ),
        ("conflicts", ids(&o.conflicts)),
        ("configurations", strings(&o.configurations)),
        ("kits", Dynamic::from_map(kits)),
        ("price", price),
        ("markets", ids(&o.markets)),
        ("attributes", attributes(&o.attributes)),
    ]))
}

/// Partner maps of a catalog, built once and copied into its offerings.
/// (Rhai allows shared values only at the top of a value, never inside a
/// map: its size checks refuse them.)
pub(crate) fn partner_values(catalog: &Catalog) -> std::collections::HashMap<&str, Dynamic> {
    catalog
        .partners()
        .iter()
        .map(|(id, p)| (id.as_str(), partner_value(p)))
        .collect()
}

/// The offering with its partner resolved through `partners`.
pub(crate) fn catalog_offering(
    o: &Offering,
    partners: &std::collections::HashMap<&str, Dynamic>,
) -> Dynamic {
    let partner = o
        .partner
        .as_ref()
        .and_then(|p| partners.get(p.as_str()).cloned())
        .unwrap_or(Dynamic::UNIT);
    offering_value(o, partner)
}

/// A composed bundle as the map `b` of `bundle(b)`.
pub fn bundle_value(bundle: &Bundle, catalog: &Catalog, request: &BundleRequest) -> Dynamic {
    let partners = partner_values(catalog);
    let offerings: Array = bundle
        .offerings
        .iter()
        .filter_map(|m| catalog.get(m.id.as_str()))
        .map(|o| catalog_offering(o, &partners))
        .collect();
    // The needed capabilities: those the solver covered (priorities
    // expanded), then any further need of the request, without repeats.
    let mut needs: Vec<&str> = Vec::new();
    for c in &bundle.coverage {
        if !needs.contains(&c.capability.as_str()) {
            needs.push(c.capability.as_str());
        }
    }
    for n in &request.needs {
        if !needs.contains(&n.capability.as_str()) {
            needs.push(n.capability.as_str());
        }
    }
    let wiring: Array = bundle
        .wiring
        .iter()
        .map(|w| {
            Dynamic::from_map(map([
                ("consumer", s(w.consumer.as_str())),
                ("interface", s(w.interface.as_str())),
                ("requirement", s(&w.requirement)),
                ("provider", s(w.provider.as_str())),
                ("version", s(&w.version)),
                ("optional", Dynamic::from_bool(w.optional)),
            ]))
        })
        .collect();
    let price: Array = bundle
        .price
        .iter()
        .map(|p| {
            Dynamic::from_map(map([
                ("currency", s(p.currency.as_str())),
                ("per", s(p.per.as_str())),
                ("amount", Dynamic::from_float(p.amount)),
            ]))
        })
        .collect();
    Dynamic::from_map(map([
        ("id", s(request.id.as_str())),
        ("name", s(&request.name)),
        ("customer", opt(request.customer.as_deref())),
        ("market", opt(request.market.as_ref().map(Id::as_str))),
        (
            "needs",
            Dynamic::from_array(needs.into_iter().map(s).collect()),
        ),
        ("offerings", Dynamic::from_array(offerings)),
        ("wiring", Dynamic::from_array(wiring)),
        ("price", Dynamic::from_array(price)),
        ("as_of", s(&bundle.as_of.to_string())),
    ]))
}

/// `as_of` as rules see it.
pub(crate) fn date(d: Date) -> Dynamic {
    s(&d.to_string())
}
