//! The `offering` document: a product or service in the catalog.

use std::fmt;

use semver::{Version, VersionReq};
use serde::{Deserialize, Serialize};

use crate::{Attributes, Id};

/// A product or service, internal or from a partner.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    pub id: Id,
    pub name: String,
    pub version: Version,
    #[serde(default)]
    pub summary: Option<String>,
    pub portfolio: Id,
    /// The partner delivering this offering; `None` for internal offerings.
    #[serde(default)]
    pub partner: Option<Id>,
    pub lifecycle: Lifecycle,
    #[serde(default)]
    pub capabilities: Vec<Id>,
    #[serde(default)]
    pub provides: Vec<Provide>,
    #[serde(default)]
    pub requires: Vec<Requirement>,
    /// Offerings that may not share a bundle with this one. Conflicts are
    /// symmetric; the catalog index records both directions.
    #[serde(default)]
    pub conflicts: Vec<Id>,
    #[serde(default)]
    pub configurations: Vec<String>,
    #[serde(default)]
    pub kits: Kits,
    #[serde(default)]
    pub price: Option<Price>,
    #[serde(default)]
    pub markets: Vec<Id>,
    #[serde(default)]
    pub attributes: Attributes,
}

impl Offering {
    /// Whether this offering comes from a partner.
    pub fn is_partner(&self) -> bool {
        self.partner.is_some()
    }
}

/// Where an offering stands in the portfolio journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lifecycle {
    Formation,
    Rationalization,
    Standardization,
    Modernization,
    Optimization,
    EndOfLife,
}

impl Lifecycle {
    /// Every stage, in portfolio-journey order.
    pub const ALL: [Lifecycle; 6] = [
        Lifecycle::Formation,
        Lifecycle::Rationalization,
        Lifecycle::Standardization,
        Lifecycle::Modernization,
        Lifecycle::Optimization,
        Lifecycle::EndOfLife,
    ];

    /// The name used in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Formation => "formation",
            Lifecycle::Rationalization => "rationalization",
            Lifecycle::Standardization => "standardization",
            Lifecycle::Modernization => "modernization",
            Lifecycle::Optimization => "optimization",
            Lifecycle::EndOfLife => "end-of-life",
        }
    }

    /// Maturity rank used to choose between providers: lower is preferred.
    ///
    /// SPEC: optimization > standardization > modernization > rationalization
    /// > formation, and end-of-life last (only usable when included by name).
    pub fn preference_rank(self) -> u8 {
        match self {
            Lifecycle::Optimization => 0,
            Lifecycle::Standardization => 1,
            Lifecycle::Modernization => 2,
            Lifecycle::Rationalization => 3,
            Lifecycle::Formation => 4,
            Lifecycle::EndOfLife => 5,
        }
    }

    /// Whether the offering has reached the standardization stage or a later
    /// one (and so is expected to carry kits and configurations).
    pub fn is_standardized(self) -> bool {
        matches!(
            self,
            Lifecycle::Standardization | Lifecycle::Modernization | Lifecycle::Optimization
        )
    }
}

impl fmt::Display for Lifecycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An interface an offering provides, at a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provide {
    pub interface: Id,
    pub version: Version,
}

/// One interface at a version requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterfaceReq {
    pub interface: Id,
    pub version: VersionReq,
}

impl InterfaceReq {
    /// Whether `provide` satisfies this requirement.
    pub fn matches(&self, provide: &Provide) -> bool {
        provide.interface == self.interface && self.version.matches(&provide.version)
    }
}

impl fmt::Display for InterfaceReq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.interface, self.version)
    }
}

/// A requirement of an offering: one interface, or alternatives of which at
/// least one must be met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawRequirement", into = "RawRequirement")]
pub struct Requirement {
    /// The alternatives; exactly one for a plain requirement.
    pub alternatives: Vec<InterfaceReq>,
    /// Whether this is written as `any_of` (kept so output mirrors the input).
    pub any_of: bool,
    /// Wired when a provider is in the bundle, never pulled in for it.
    pub optional: bool,
}

/// The written form of a [`Requirement`]: either `interface` + `version` or
/// `any_of`, with `optional` on either.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    interface: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<VersionReq>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    any_of: Option<Vec<InterfaceReq>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    optional: bool,
}

impl TryFrom<RawRequirement> for Requirement {
    type Error = String;
    fn try_from(raw: RawRequirement) -> Result<Self, String> {
        match (raw.interface, raw.version, raw.any_of) {
            (Some(interface), Some(version), None) => Ok(Requirement {
                alternatives: vec![InterfaceReq { interface, version }],
                any_of: false,
                optional: raw.optional,
            }),
            (None, None, Some(alternatives)) if !alternatives.is_empty() => Ok(Requirement {
                alternatives,
                any_of: true,
                optional: raw.optional,
            }),
            (None, None, Some(_)) => Err("`any_of` needs at least one alternative".into()),
            (Some(_), None, None) => Err("missing field `version` next to `interface`".into()),
            (None, Some(_), None) => Err("missing field `interface` next to `version`".into()),
            (None, None, None) => {
                Err("expected a requirement: `interface` with `version`, or `any_of`".into())
            }
            _ => Err(
                "a requirement has either `interface` with `version`, or `any_of`, not both".into(),
            ),
        }
    }
}

impl From<Requirement> for RawRequirement {
    fn from(r: Requirement) -> Self {
        if r.any_of {
            RawRequirement {
                interface: None,
                version: None,
                any_of: Some(r.alternatives),
                optional: r.optional,
            }
        } else {
            let alt = r.alternatives.into_iter().next();
            RawRequirement {
                interface: alt.as_ref().map(|a| a.interface.clone()),
                version: alt.map(|a| a.version),
                any_of: None,
                optional: r.optional,
            }
        }
    }
}

/// Sales and delivery kits, as paths or links.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<String>,
}

/// A list price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    pub amount: f64,
    pub currency: Currency,
    pub per: Period,
}

/// An ISO 4217-style currency code: three uppercase letters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Currency(String);

impl Currency {
    /// The code, e.g. `USD`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Currency(s))
        } else {
            Err(serde::de::Error::custom(format_args!(
                "invalid currency `{s}`: expected a three-letter code such as `USD`"
            )))
        }
    }
}

/// How often a price is charged. Periods are never summed together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    Month,
    Year,
    OneTime,
}

impl Period {
    /// The name used in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Year => "year",
            Period::OneTime => "one-time",
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
