//! Offerings, partners and bundles as the maps rules see (SPEC "Rule API"):
//! every field present, absent lists as empty arrays, absent maps
//! (`attributes`, `kits`) as empty maps, absent scalars as `()`.
//!
//! Maps are built straight from the typed documents (no serde round trip),
//! once per offering per run, by a [`Values`] builder that makes the parts
//! many offerings have in common once: map keys and shapes (a map is a clone
//! of a prebuilt one with its values filled in, in key order, so no key is
//! made or compared), text that repeats (lifecycles, portfolios,
//! capabilities, interfaces, versions: recent text is kept in small caches
//! and shared instead of allocated again) and partner maps. Each thread has
//! its own builder, so nothing it hands out is shared between threads.

use std::hash::{Hash, Hasher};

use ensemble_model::{
    Agreement, BundleRequest, Catalog, Date, Id, InterfaceReq, Offering, Partner, Requirement,
};
use ensemble_solver::Bundle;
use rhai::{Array, Dynamic, ImmutableString, Map};
use rustc_hash::{FxHashMap as FxMap, FxHasher};

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

fn map<const N: usize>(entries: [(&str, Dynamic); N]) -> Map {
    entries.into_iter().map(|(k, v)| (k.into(), v)).collect()
}

/// A map with fixed keys, made once: each value is a clone of it with the
/// values written in key order.
#[derive(Debug)]
struct Shape<const N: usize> {
    map: Map,
    /// For each key in map (sorted) order, its position in the declared order.
    order: [usize; N],
}

impl<const N: usize> Shape<N> {
    fn new(keys: [&str; N]) -> Self {
        let map: Map = keys.iter().map(|k| ((*k).into(), Dynamic::UNIT)).collect();
        assert_eq!(map.len(), N, "keys of a shape are distinct");
        let mut order = [0; N];
        for (slot, key) in order.iter_mut().zip(map.keys()) {
            *slot = keys.iter().position(|k| *k == key.as_str()).unwrap_or(0);
        }
        Shape { map, order }
    }

    /// The map with `values`, given in the declared key order.
    fn fill(&self, mut values: [Dynamic; N]) -> Dynamic {
        let mut map = self.map.clone();
        for (slot, &i) in map.values_mut().zip(&self.order) {
            *slot = std::mem::take(&mut values[i]);
        }
        Dynamic::from_map(map)
    }
}

/// A slot of the cache of recent text.
#[derive(Debug, Clone, Default)]
struct TextSlot {
    hash: u64,
    /// Hits since cached (halved by each miss).
    hits: u8,
    text: Option<ImmutableString>,
}

/// A cached version or version requirement and its text.
#[derive(Debug)]
struct Displayed {
    hash: u64,
    value: Box<dyn std::any::Any + Send + Sync>,
    text: ImmutableString,
}

/// FxHash: the cached strings are short and trusted (catalog text).
fn fx(text: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

/// Slots of the cache of recent text (a power of two, indexed by the top
/// bits of the hash).
const TEXT_SLOT_BITS: u32 = 12;
const TEXT_SLOTS: usize = 1 << TEXT_SLOT_BITS;

/// Builds the script values of one catalog's offerings and partners,
/// sharing what they have in common (see the module documentation). One
/// builder per thread.
#[derive(Debug)]
pub struct Values {
    offering: Shape<16>,
    provide: Shape<2>,
    requirement: Shape<4>,
    price: Shape<3>,
    /// Recent text: a direct-mapped cache by hash, so that text which
    /// repeats is shared while text which does not (a synthetic catalog
    /// has tens of thousands of capabilities) costs little more than a
    /// fresh string and the table stays small enough to stay in cache.
    strings: Box<[TextSlot]>,
    /// Recent versions and version requirements with their text, cached
    /// like `strings` (formatting them is the costly part).
    displayed: Box<[Option<Displayed>]>,
    /// The keys of the last attribute map built and an empty map with them.
    attributes: (Vec<String>, Map),
    /// Partner maps by partner id, copied into their offerings (Rhai allows
    /// shared values only at the top of a value, never inside a map: its
    /// size checks refuse them).
    partners: FxMap<Box<str>, Dynamic>,
}

impl Values {
    /// A builder for the offerings of `catalog`, with its partner maps
    /// built.
    pub fn new(catalog: &Catalog) -> Values {
        let mut values = Values::empty();
        values.partners = catalog
            .partners()
            .iter()
            .map(|(id, p)| (Box::from(id.as_str()), partner_value(p)))
            .collect();
        values
    }

    /// A builder with no partners (every offering's `partner` is `()` unless
    /// given).
    fn empty() -> Values {
        Values {
            offering: Shape::new([
                "id",
                "name",
                "version",
                "summary",
                "portfolio",
                "partner",
                "lifecycle",
                "capabilities",
                "provides",
                "requires",
                "conflicts",
                "configurations",
                "kits",
                "price",
                "markets",
                "attributes",
            ]),
            provide: Shape::new(["interface", "version"]),
            requirement: Shape::new(["interface", "version", "any_of", "optional"]),
            price: Shape::new(["amount", "currency", "per"]),
            strings: vec![TextSlot::default(); TEXT_SLOTS].into_boxed_slice(),
            displayed: (0..TEXT_SLOTS).map(|_| None).collect(),
            attributes: (Vec::new(), Map::new()),
            partners: FxMap::default(),
        }
    }

    /// `text` as a string value, shared with a recent use of the same text
    /// if the cache still holds it.
    fn text(&mut self, text: &str) -> Dynamic {
        let hash = fx(text);
        let slot = &mut self.strings[(hash >> (64 - TEXT_SLOT_BITS)) as usize];
        if let (true, Some(v)) = (slot.hash == hash, &slot.text) {
            if v.as_str() == text {
                slot.hits = slot.hits.saturating_add(1);
                return v.clone().into();
            }
        }
        let v = ImmutableString::from(text);
        // Text seen again since it was cached keeps its slot for a while
        // against text that may never come back.
        if slot.hits == 0 {
            *slot = TextSlot {
                hash,
                hits: 0,
                text: Some(v.clone()),
            };
        } else {
            slot.hits /= 2;
        }
        v.into()
    }

    fn texts<'t>(&mut self, list: impl IntoIterator<Item = &'t str>) -> Dynamic {
        Dynamic::from_array(list.into_iter().map(|t| self.text(t)).collect())
    }

    /// The text of a version or version requirement, shared with recent
    /// equal ones. (Generic: `ensemble-model` does not re-export `semver`.)
    fn displayed<T>(&mut self, v: &T) -> Dynamic
    where
        T: std::any::Any + Clone + PartialEq + Hash + std::fmt::Display + Send + Sync,
    {
        let mut h = FxHasher::default();
        v.hash(&mut h);
        let hash = h.finish();
        let slot = &mut self.displayed[(hash >> (64 - TEXT_SLOT_BITS)) as usize];
        if let Some(d) = slot {
            if d.hash == hash && d.value.downcast_ref::<T>() == Some(v) {
                return d.text.clone().into();
            }
        }
        let text = ImmutableString::from(v.to_string());
        *slot = Some(Displayed {
            hash,
            value: Box::new(v.clone()),
            text: text.clone(),
        });
        text.into()
    }

    fn interface_req(&mut self, r: &InterfaceReq) -> Dynamic {
        let interface = self.text(r.interface.as_str());
        let version = self.displayed(&r.version);
        self.provide.fill([interface, version])
    }

    /// A requirement, in one shape for both forms: `interface` and `version`
    /// (`()` for `any_of`), `any_of` (empty for a plain requirement),
    /// `optional`.
    fn requirement(&mut self, r: &Requirement) -> Dynamic {
        let (interface, version, any_of) = if r.any_of {
            (
                Dynamic::UNIT,
                Dynamic::UNIT,
                r.alternatives
                    .iter()
                    .map(|a| self.interface_req(a))
                    .collect(),
            )
        } else {
            match r.alternatives.first() {
                Some(a) => (
                    self.text(a.interface.as_str()),
                    self.displayed(&a.version),
                    Array::new(),
                ),
                None => (Dynamic::UNIT, Dynamic::UNIT, Array::new()),
            }
        };
        self.requirement.fill([
            interface,
            version,
            Dynamic::from_array(any_of),
            Dynamic::from_bool(r.optional),
        ])
    }

    /// Attributes as a map; when they have the keys of the previous
    /// offering's (as most offerings of a catalog do), a clone of that map
    /// filled in key order.
    fn attributes(&mut self, a: &ensemble_model::Attributes) -> Dynamic {
        let same_keys = self.attributes.0.len() == a.len()
            && self.attributes.0.iter().zip(a.keys()).all(|(x, y)| x == y);
        if !same_keys {
            self.attributes.0 = a.keys().cloned().collect();
            self.attributes.1 = a
                .keys()
                .map(|k| (k.as_str().into(), Dynamic::UNIT))
                .collect();
        }
        // Both maps are ordered by the bytes of their keys.
        let mut map = self.attributes.1.clone();
        for (slot, v) in map.values_mut().zip(a.values()) {
            *slot = self.yaml(v);
        }
        Dynamic::from_map(map)
    }

    /// [`yaml`], with strings shared.
    fn yaml(&mut self, v: &serde_yaml::Value) -> Dynamic {
        match v {
            serde_yaml::Value::String(t) => self.text(t),
            other => yaml(other),
        }
    }

    /// An offering as a map, with `partner` replaced by the partner map
    /// (`()` for internal offerings and unknown partners).
    pub fn offering(&mut self, o: &Offering) -> Dynamic {
        let partner = o
            .partner
            .as_ref()
            .and_then(|p| self.partners.get(p.as_str()).cloned())
            .unwrap_or(Dynamic::UNIT);
        self.offering_with(o, partner)
    }

    /// An offering as a map, with `partner` (the partner map, or `()`).
    fn offering_with(&mut self, o: &Offering, partner: Dynamic) -> Dynamic {
        let mut kits = Map::new();
        if let Some(sales) = &o.kits.sales {
            kits.insert("sales".into(), s(sales));
        }
        if let Some(delivery) = &o.kits.delivery {
            kits.insert("delivery".into(), s(delivery));
        }
        let price = match &o.price {
            None => Dynamic::UNIT,
            Some(p) => {
                let currency = self.text(p.currency.as_str());
                let per = self.text(p.per.as_str());
                self.price
                    .fill([Dynamic::from_float(p.amount), currency, per])
            }
        };
        let provides = o
            .provides
            .iter()
            .map(|p| {
                let interface = self.text(p.interface.as_str());
                let version = self.displayed(&p.version);
                self.provide.fill([interface, version])
            })
            .collect();
        let requires = o.requires.iter().map(|r| self.requirement(r)).collect();
        let values = [
            s(o.id.as_str()),
            s(&o.name),
            self.displayed(&o.version),
            opt(o.summary.as_deref()),
            self.text(o.portfolio.as_str()),
            partner,
            self.text(o.lifecycle.as_str()),
            self.texts(o.capabilities.iter().map(Id::as_str)),
            Dynamic::from_array(provides),
            Dynamic::from_array(requires),
            ids(&o.conflicts),
            self.texts(o.configurations.iter().map(String::as_str)),
            Dynamic::from_map(kits),
            price,
            self.texts(o.markets.iter().map(Id::as_str)),
            self.attributes(&o.attributes),
        ];
        self.offering.fill(values)
    }
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

/// An offering as a map, with `partner` replaced by the partner document
/// (`partner` is the already-built map of it, `()` for internal offerings).
///
/// Builds the shared parts (and caches of some 100 KiB) afresh; to build
/// many offerings, use [`Values`].
pub fn offering_value(o: &Offering, partner: Dynamic) -> Dynamic {
    Values::empty().offering_with(o, partner)
}

/// A composed bundle as the map `b` of `bundle(b)`.
pub fn bundle_value(bundle: &Bundle, catalog: &Catalog, request: &BundleRequest) -> Dynamic {
    let mut values = Values::new(catalog);
    let offerings: Array = bundle
        .offerings
        .iter()
        .filter_map(|m| catalog.get(m.id.as_str()))
        .map(|o| values.offering(o))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Offering maps built field by field, each part afresh: what
    /// [`Values`] must reproduce.
    fn reference(o: &Offering, partner: Dynamic) -> Dynamic {
        fn interface_req(r: &InterfaceReq) -> Dynamic {
            Dynamic::from_map(map([
                ("interface", s(r.interface.as_str())),
                ("version", s(&r.version.to_string())),
            ]))
        }
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
        let provides = o
            .provides
            .iter()
            .map(|p| {
                Dynamic::from_map(map([
                    ("interface", s(p.interface.as_str())),
                    ("version", s(&p.version.to_string())),
                ]))
            })
            .collect();
        Dynamic::from_map(map([
            ("id", s(o.id.as_str())),
            ("name", s(&o.name)),
            ("version", s(&o.version.to_string())),
            ("summary", opt(o.summary.as_deref())),
            ("portfolio", s(o.portfolio.as_str())),
            ("partner", partner),
            ("lifecycle", s(o.lifecycle.as_str())),
            ("capabilities", ids(&o.capabilities)),
            ("provides", Dynamic::from_array(provides)),
            (
                "requires",
                Dynamic::from_array(o.requires.iter().map(requirement).collect()),
            ),
            ("conflicts", ids(&o.conflicts)),
            (
                "configurations",
                Dynamic::from_array(o.configurations.iter().map(|c| s(c)).collect()),
            ),
            ("kits", Dynamic::from_map(kits)),
            ("price", price),
            ("markets", ids(&o.markets)),
            ("attributes", attributes(&o.attributes)),
        ]))
    }

    fn same_values(catalog: &Catalog) {
        let mut values = Values::new(catalog);
        for o in catalog.offerings() {
            let partner = o
                .partner
                .as_ref()
                .and_then(|p| catalog.partners().get(p))
                .map_or(Dynamic::UNIT, partner_value);
            let expected = format!("{:?}", reference(o, partner.clone()));
            assert_eq!(format!("{:?}", values.offering(o)), expected, "{}", o.id);
            assert_eq!(format!("{:?}", offering_value(o, partner)), expected);
        }
    }

    #[test]
    fn values_are_those_built_field_by_field() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
        same_values(&ensemble_model::load_catalog(&root).expect("example catalog"));
        let docs = ensemble_synth::documents(&ensemble_synth::Config {
            offerings: 2000,
            shape: ensemble_synth::Shape::Portfolio,
            ..ensemble_synth::Config::default()
        })
        .expect("synthetic catalog");
        same_values(
            &ensemble_model::catalog_from_documents(docs, "synth.yaml".as_ref())
                .expect("valid catalog"),
        );
    }
}
