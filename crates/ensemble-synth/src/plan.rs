//! The shape of a synthetic catalog, decided before any text is written.
//!
//! Interfaces are arranged in layers. Every interface has one **canonical**
//! provider: internal, never end-of-life, whose non-optional requirements
//! only name interfaces of the same or lower layers at versions their
//! canonical providers match, and which conflicts with no other canonical
//! provider. The canonical offerings together are therefore a closed,
//! conflict-free set, so any needs delivered by canonical offerings are
//! composable. Every other offering (alternative providers, partner
//! offerings, conflicting ones) only adds choice on top.
//!
//! Two traps make unsatisfiable requests whose cause is deep in the graph:
//! a capability whose every provider chain ends in a requirement no version
//! meets, and two offerings whose closures conflict unavoidably.

use crate::rng::Rng;
use crate::{Config, Shape};

/// A semantic version.
pub(crate) type Ver = (u64, u64, u64);

pub(crate) struct Plan {
    pub portfolios: Vec<String>,
    pub interfaces: Vec<String>,
    pub capabilities: Vec<String>,
    pub partners: Vec<PartnerSpec>,
    pub markets: Vec<MarketSpec>,
    pub offerings: Vec<OfferingSpec>,
    /// Capabilities delivered by a canonical offering (safe needs).
    pub safe_capabilities: Vec<usize>,
    /// The capability whose every provider chain dead-ends.
    pub dead_end_capability: usize,
    /// Two offerings that can never share a bundle, though neither conflicts
    /// with the other directly.
    pub clashing_pair: (usize, usize),
}

pub(crate) struct PartnerSpec {
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub expires: String,
    pub tier: &'static str,
}

pub(crate) struct MarketSpec {
    pub id: String,
    pub name: String,
    /// Priority ids and their capabilities.
    pub priorities: Vec<(String, Vec<usize>)>,
}

pub(crate) struct OfferingSpec {
    pub id: String,
    pub name: String,
    pub version: Ver,
    pub portfolio: usize,
    pub partner: Option<usize>,
    pub lifecycle: &'static str,
    pub capabilities: Vec<usize>,
    pub provides: Vec<(usize, Ver)>,
    pub requires: Vec<Req>,
    pub conflicts: Vec<usize>,
    pub canonical: bool,
    pub markets: Vec<usize>,
    pub price: Option<(u64, &'static str, &'static str)>,
    pub region: &'static str,
}

pub(crate) struct Req {
    pub alternatives: Vec<(usize, String)>,
    pub any_of: bool,
    pub optional: bool,
}

const DOMAINS: &[&str] = &[
    "payments",
    "risk",
    "compliance",
    "data",
    "identity",
    "customer",
    "infra",
    "analytics",
    "lending",
    "treasury",
    "wealth",
    "insurance",
    "marketing",
    "support",
    "security",
    "messaging",
    "billing",
    "trading",
    "cards",
    "hr",
    "logistics",
    "commerce",
    "media",
    "health",
];

const SECTIONS: &[&str] = &[
    "libs",
    "net",
    "devel",
    "admin",
    "utils",
    "text",
    "mail",
    "web",
    "database",
    "python",
    "perl",
    "graphics",
    "sound",
    "video",
    "x11",
    "gnome",
    "kde",
    "science",
    "math",
    "fonts",
    "shells",
    "editors",
    "games",
    "kernel",
    "doc",
    "interpreters",
    "java",
    "rust",
    "golang",
    "lisp",
];

const NOUNS: &[&str] = &[
    "ledger", "gateway", "stream", "vault", "ledger", "router", "broker", "index", "cache",
    "scoring", "engine", "portal", "hub", "bridge", "monitor", "registry", "catalog", "planner",
    "tracker", "notifier", "archive", "mesh", "relay", "sync", "forge", "lens", "pulse", "beacon",
    "shield", "atlas", "orbit", "spark", "harbor", "prism", "quill", "ember",
];

const ADJECTIVES: &[&str] = &[
    "swift", "prime", "core", "nova", "blue", "smart", "open", "rapid", "secure", "global",
    "bright", "clear", "deep", "agile", "solid", "true", "unified", "silver", "vivid", "lucid",
];

const LIFECYCLES: &[&str] = &[
    "formation",
    "rationalization",
    "standardization",
    "modernization",
    "optimization",
];

/// Sizes derived from the configuration.
struct Dims {
    interfaces: usize,
    layers: usize,
    portfolios: usize,
    capabilities: usize,
    partners: usize,
    markets: usize,
    requires: (usize, usize),
    down_bias: f64,
    any_of: f64,
    conflict: f64,
    partner_share: f64,
    virtual_share: f64,
    dead_end_depth: usize,
    clash_depth: usize,
}

impl Dims {
    fn new(config: &Config) -> Self {
        let n = config.offerings;
        let (dead_end_depth, clash_depth) = if n >= 1000 { (6, 5) } else { (3, 2) };
        match config.shape {
            Shape::Portfolio => Dims {
                interfaces: (n / 3).max(8),
                layers: if n >= 300 { 6 } else { 3 },
                portfolios: (n / 100).clamp(3, 400),
                capabilities: (n / 4).max(6),
                partners: (n / 400).clamp(4, 200),
                markets: (n / 2000).clamp(3, 50),
                requires: (1, 3),
                down_bias: 0.4,
                any_of: 0.12,
                conflict: 0.15,
                partner_share: 0.25,
                virtual_share: 0.1,
                dead_end_depth,
                clash_depth,
            },
            Shape::Distro => Dims {
                interfaces: (n / 4).max(8),
                layers: if n >= 2000 {
                    16
                } else if n >= 300 {
                    8
                } else {
                    3
                },
                portfolios: SECTIONS.len().min((n / 20).max(3)),
                capabilities: (n / 5).max(6),
                partners: (n / 2000).clamp(4, 40),
                markets: (n / 5000).clamp(3, 20),
                requires: (2, 5),
                down_bias: 0.7,
                any_of: 0.2,
                conflict: 0.35,
                partner_share: 0.05,
                virtual_share: 0.3,
                dead_end_depth: dead_end_depth + 3,
                clash_depth: clash_depth + 3,
            },
        }
    }

    /// Offerings used by the two traps.
    fn trap_offerings(&self) -> usize {
        2 + 2 * self.dead_end_depth + 2 + 2 * self.clash_depth
    }
}

/// The smallest `--offerings` the generator accepts.
pub const MIN_OFFERINGS: usize = 60;

pub(crate) fn plan(config: &Config) -> Plan {
    let mut rng = Rng::new(config.seed);
    let d = Dims::new(config);
    let distro = config.shape == Shape::Distro;
    let n = config.offerings;
    let canon = d.interfaces;
    let alternatives = n - canon - d.trap_offerings();

    let portfolios: Vec<String> = (0..d.portfolios)
        .map(|p| {
            let base = if distro {
                SECTIONS[p % SECTIONS.len()]
            } else {
                DOMAINS[p % DOMAINS.len()]
            };
            match p / if distro {
                SECTIONS.len()
            } else {
                DOMAINS.len()
            } {
                0 => base.to_owned(),
                k => format!("{base}-{}", k + 1),
            }
        })
        .collect();

    // Interfaces: layer by index, a domain, and the major versions offered.
    let layer_of = |i: usize| i * d.layers / canon;
    let layer_start: Vec<usize> = (0..=d.layers)
        .map(|k| (0..canon).find(|&i| layer_of(i) >= k).unwrap_or(canon))
        .collect();
    let mut interfaces = Vec::with_capacity(canon + 8);
    let mut majors = Vec::with_capacity(canon);
    let mut iface_portfolio = Vec::with_capacity(canon);
    for i in 0..canon {
        let p = rng.below(d.portfolios);
        iface_portfolio.push(p);
        let domain = portfolios[p].split('-').next().unwrap_or("x");
        let name = if distro {
            if i % 50 == 0 {
                format!("virtual.{}-{i}", rng.pick(NOUNS))
            } else {
                format!("lib.{}{}-{i}", rng.pick(NOUNS), rng.pick(ADJECTIVES))
            }
        } else {
            format!("{domain}.{}-api-{i}", rng.pick(NOUNS))
        };
        interfaces.push(name);
        majors.push(rng.range(1, if distro { 4 } else { 3 }) as u64);
    }
    let max_major = 4;

    // Capabilities: every one is delivered by at least one canonical offering.
    let capabilities: Vec<String> = (0..d.capabilities)
        .map(|c| {
            let domain = portfolios[c % d.portfolios]
                .split('-')
                .next()
                .unwrap_or("x");
            format!("{domain}.{}-{}-{c}", rng.pick(ADJECTIVES), rng.pick(NOUNS))
        })
        .collect();

    let partners: Vec<PartnerSpec> = (0..d.partners)
        .map(|p| {
            let (status, expires) = match p {
                0 => ("expired", "2025-03-31".to_owned()),
                1 => ("pending", "2028-01-31".to_owned()),
                _ => ("active", format!("{}-{:02}-28", 2027 + p % 3, 1 + p % 12)),
            };
            PartnerSpec {
                id: format!("{}-{}-partner-{p}", rng.pick(ADJECTIVES), rng.pick(NOUNS)),
                name: format!("Partner {p} Ltd."),
                status,
                expires,
                tier: rng.pick(&["gold", "silver", "bronze"]),
            }
        })
        .collect();

    let markets: Vec<MarketSpec> = (0..d.markets)
        .map(|m| MarketSpec {
            id: format!("market-{}-{m}", rng.pick(DOMAINS)),
            name: format!("Market {m}"),
            priorities: (0..rng.range(3, 6))
                .map(|p| {
                    let caps = (0..rng.range(1, 3))
                        .map(|_| rng.below(d.capabilities))
                        .collect();
                    (format!("priority-{p}-{}", rng.pick(NOUNS)), caps)
                })
                .collect(),
        })
        .collect();

    let version_req = |rng: &mut Rng, v: Ver| -> String {
        let (a, b, c) = v;
        match rng.below(20) {
            0..=7 => format!("^{a}"),
            8..=10 => format!(">={a}.0, <{}.0", a + 1),
            11..=12 => format!("~{a}.{b}"),
            13..=14 => format!(">={a}.{b}"),
            15..=17 => format!("^{a}.{b}"),
            18 => format!("={a}.{b}.{c}"),
            _ => "*".to_owned(),
        }
    };
    let random_version = |rng: &mut Rng, majors: u64| -> Ver {
        (
            rng.range(1, majors as usize) as u64,
            rng.below(10) as u64,
            rng.below(10) as u64,
        )
    };
    // A lower interface for a consumer in `layer` (> 0).
    let lower = |rng: &mut Rng, layer: usize| -> usize {
        if rng.chance(d.down_bias) {
            rng.range(layer_start[layer - 1], layer_start[layer] - 1)
        } else {
            rng.below(layer_start[layer])
        }
    };

    let mut offerings: Vec<OfferingSpec> = Vec::with_capacity(n);
    let mut canonical_version = Vec::with_capacity(canon);
    let mut providers: Vec<Vec<usize>> = vec![Vec::new(); canon];

    let name_of = |rng: &mut Rng, i: usize, portfolio: &str| -> (String, String) {
        let noun = rng.pick(NOUNS);
        let adj = rng.pick(ADJECTIVES);
        if distro {
            (
                format!(
                    "{}{adj}{noun}-{i}",
                    if i.is_multiple_of(3) { "lib" } else { "" }
                ),
                format!("{adj}{noun} {i}"),
            )
        } else {
            let short = portfolio.split('-').next().unwrap_or("x");
            (
                format!("{short}-{adj}-{noun}-{i}"),
                format!("{} {} {i}", title(adj), title(noun)),
            )
        }
    };

    // Canonical providers: one per interface.
    for i in 0..canon {
        let v = random_version(&mut rng, majors[i]);
        canonical_version.push(v);
        let p = iface_portfolio[i];
        let (id, name) = name_of(&mut rng, i, &portfolios[p]);
        let mut capabilities = vec![i % d.capabilities];
        if rng.chance(0.3) {
            capabilities.push(rng.below(d.capabilities));
            capabilities.dedup();
        }
        providers[i].push(offerings.len());
        offerings.push(OfferingSpec {
            id,
            name,
            version: (
                rng.range(1, 5) as u64,
                rng.below(10) as u64,
                rng.below(10) as u64,
            ),
            portfolio: p,
            partner: None,
            lifecycle: rng.pick(LIFECYCLES),
            capabilities,
            provides: vec![(i, v)],
            requires: Vec::new(),
            conflicts: Vec::new(),
            canonical: true,
            markets: Vec::new(),
            price: None,
            region: "",
        });
    }
    // Their requirements, now that every canonical version is known.
    for i in 0..canon {
        let layer = layer_of(i);
        let mut requires = Vec::new();
        if layer > 0 {
            let mut targets: Vec<usize> = Vec::new();
            for _ in 0..rng.range(d.requires.0, d.requires.1) {
                let t = lower(&mut rng, layer);
                if !targets.contains(&t) {
                    targets.push(t);
                }
            }
            for t in targets {
                let matching = (t, version_req(&mut rng, canonical_version[t]));
                let other = lower(&mut rng, layer);
                if other != t && rng.chance(d.any_of) {
                    let ov = random_version(&mut rng, majors[other]);
                    let mut alternatives = vec![(other, version_req(&mut rng, ov)), matching];
                    if rng.chance(0.5) {
                        alternatives.swap(0, 1);
                    }
                    requires.push(Req {
                        alternatives,
                        any_of: true,
                        optional: false,
                    });
                } else {
                    requires.push(Req {
                        alternatives: vec![matching],
                        any_of: false,
                        optional: false,
                    });
                }
            }
            // Wiring cycles: now and then two canonical providers of one
            // layer require each other.
            if i % 37 == 5 && i + 1 < layer_start[layer + 1] {
                requires.push(Req {
                    alternatives: vec![(i + 1, version_req(&mut rng, canonical_version[i + 1]))],
                    any_of: false,
                    optional: false,
                });
            }
            if i % 37 == 6 && i > layer_start[layer] {
                requires.push(Req {
                    alternatives: vec![(i - 1, version_req(&mut rng, canonical_version[i - 1]))],
                    any_of: false,
                    optional: false,
                });
            }
        }
        if rng.chance(0.1) {
            // Optional requirements may point anywhere, even up the layers.
            let t = rng.below(canon);
            if t != i {
                requires.push(Req {
                    alternatives: vec![(t, version_req(&mut rng, canonical_version[t]))],
                    any_of: false,
                    optional: true,
                });
            }
        }
        offerings[i].requires = requires;
    }

    // Alternative providers: other versions, partners, conflicts.
    let virtuals: Vec<usize> = (0..canon).filter(|i| i % 50 == 0).collect();
    for a in 0..alternatives {
        let i = if rng.chance(d.virtual_share) {
            rng.pick(&virtuals)
        } else {
            rng.below(canon)
        };
        let layer = layer_of(i);
        let v = random_version(&mut rng, majors[i]);
        let p = if rng.chance(0.8) {
            iface_portfolio[i]
        } else {
            rng.below(d.portfolios)
        };
        let (id, name) = name_of(&mut rng, canon + a, &portfolios[p]);
        let mut capabilities = vec![rng.below(d.capabilities)];
        if rng.chance(0.3) {
            capabilities.push(rng.below(d.capabilities));
            capabilities.dedup();
        }
        let mut provides = vec![(i, v)];
        if rng.chance(0.1) {
            let j = rng.range(layer_start[layer], layer_start[layer + 1] - 1);
            if j != i {
                provides.push((j, random_version(&mut rng, majors[j])));
            }
        }
        let mut requires = Vec::new();
        if layer > 0 {
            for _ in 0..rng.range(d.requires.0, d.requires.1) {
                let t = lower(&mut rng, layer);
                let tv = if rng.chance(0.8) {
                    canonical_version[t]
                } else {
                    random_version(&mut rng, majors[t])
                };
                let first = (t, version_req(&mut rng, tv));
                let req = if rng.chance(d.any_of) {
                    let u = lower(&mut rng, layer);
                    let mut alternatives =
                        vec![first, (u, version_req(&mut rng, canonical_version[u]))];
                    alternatives.dedup_by_key(|x| x.0);
                    Req {
                        alternatives,
                        any_of: true,
                        optional: false,
                    }
                } else {
                    Req {
                        alternatives: vec![first],
                        any_of: false,
                        optional: rng.chance(0.1),
                    }
                };
                requires.push(req);
            }
        }
        let mut conflicts = Vec::new();
        if rng.chance(d.conflict) {
            let rivals = &providers[i];
            let rival = rivals[rng.below(rivals.len())];
            conflicts.push(rival);
        }
        let partner = if rng.chance(d.partner_share) {
            Some(rng.below(d.partners))
        } else {
            None
        };
        let lifecycle = if rng.chance(0.08) {
            "end-of-life"
        } else {
            rng.pick(LIFECYCLES)
        };
        providers[i].push(offerings.len());
        offerings.push(OfferingSpec {
            id,
            name,
            version: (
                rng.range(0, 6) as u64,
                rng.below(10) as u64,
                rng.below(10) as u64,
            ),
            portfolio: p,
            partner,
            lifecycle,
            capabilities,
            provides,
            requires,
            conflicts,
            canonical: false,
            markets: Vec::new(),
            price: None,
            region: "",
        });
    }

    // Trap 1: a capability whose providers all dead-end. Each level has two
    // providers of its interface, each requiring the next level; the last
    // level requires a version of a real interface nobody provides.
    let dead_end_capability = capabilities.len();
    let mut capabilities = capabilities;
    capabilities.push("legacy.mainframe-bridge".to_owned());
    let bottom = rng.below(layer_start[1].max(1));
    let trap_portfolio = 0;
    let trap = |offerings: &mut Vec<OfferingSpec>,
                id: String,
                capabilities: Vec<usize>,
                provides: Vec<(usize, Ver)>,
                requires: Vec<Req>,
                conflicts: Vec<usize>| {
        offerings.push(OfferingSpec {
            name: format!("Trap {id}"),
            id,
            version: (1, 0, 0),
            portfolio: trap_portfolio,
            partner: None,
            lifecycle: "standardization",
            capabilities,
            provides,
            requires,
            conflicts,
            canonical: false,
            markets: Vec::new(),
            price: None,
            region: "",
        });
    };
    let plain = |iface: usize, req: String| Req {
        alternatives: vec![(iface, req)],
        any_of: false,
        optional: false,
    };
    let first_trap_iface = interfaces.len();
    for level in 0..d.dead_end_depth {
        interfaces.push(format!("legacy.bridge-stage-{}", level + 1));
    }
    for side in ["a", "b"] {
        trap(
            &mut offerings,
            format!("mainframe-bridge-{side}"),
            vec![dead_end_capability],
            Vec::new(),
            vec![plain(first_trap_iface, "^1".to_owned())],
            Vec::new(),
        );
    }
    for level in 0..d.dead_end_depth {
        for side in ["a", "b"] {
            let requires = if level + 1 < d.dead_end_depth {
                vec![plain(first_trap_iface + level + 1, "^1".to_owned())]
            } else {
                vec![plain(bottom, format!("^{}", max_major + 5))]
            };
            trap(
                &mut offerings,
                format!("mainframe-stage-{}-{side}", level + 1),
                Vec::new(),
                vec![(first_trap_iface + level, (1, level as u64, 0))],
                requires,
                Vec::new(),
            );
        }
    }

    // Trap 2: two offerings, each fine alone, whose only requirement chains
    // end in two offerings that conflict.
    let first_clash_iface = interfaces.len();
    for side in ["east", "west"] {
        for level in 0..d.clash_depth {
            interfaces.push(format!("settlement.{side}-link-{}", level + 1));
        }
    }
    let clash_top = offerings.len();
    for (s, side) in ["east", "west"].into_iter().enumerate() {
        let base = first_clash_iface + s * d.clash_depth;
        trap(
            &mut offerings,
            format!("settlement-{side}"),
            vec![safe_capability(s, d.capabilities)],
            Vec::new(),
            vec![plain(base, "^2".to_owned())],
            Vec::new(),
        );
    }
    let clash_bottom_east = offerings.len() + d.clash_depth - 1;
    for (s, side) in ["east", "west"].into_iter().enumerate() {
        let base = first_clash_iface + s * d.clash_depth;
        for level in 0..d.clash_depth {
            let requires = if level + 1 < d.clash_depth {
                vec![plain(base + level + 1, "^2".to_owned())]
            } else {
                Vec::new()
            };
            let conflicts = if s == 1 && level + 1 == d.clash_depth {
                vec![clash_bottom_east]
            } else {
                Vec::new()
            };
            trap(
                &mut offerings,
                format!("settlement-{side}-link-{}", level + 1),
                Vec::new(),
                vec![(base + level, (2, level as u64, 0))],
                requires,
                conflicts,
            );
        }
    }

    // Commercial details, for every offering.
    for o in &mut offerings {
        if !markets.is_empty() && rng.chance(0.5) {
            o.markets.push(rng.below(markets.len()));
            if rng.chance(0.3) {
                o.markets.push(rng.below(markets.len()));
                o.markets.dedup();
            }
        }
        if rng.chance(0.85) {
            o.price = Some((
                rng.range(1, 400) as u64 * 25,
                rng.pick(&["USD", "USD", "EUR"]),
                rng.pick(&["month", "month", "year", "one-time"]),
            ));
        }
        o.region = rng.pick(&["global", "eu", "us", "apac"]);
    }

    let safe_capabilities = (0..d.capabilities).collect();
    Plan {
        portfolios,
        interfaces,
        capabilities,
        partners,
        markets,
        offerings,
        safe_capabilities,
        dead_end_capability,
        clashing_pair: (clash_top, clash_top + 1),
    }
}

/// A capability the clash-trap tops deliver: a normal one, so the trap only
/// bites when both are included.
fn safe_capability(s: usize, capabilities: usize) -> usize {
    s % capabilities
}

fn title(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The number of offerings a configuration needs at least.
pub(crate) fn minimum(config: &Config) -> usize {
    let d = Dims::new(config);
    (d.interfaces + d.trap_offerings() + 1).max(MIN_OFFERINGS)
}
