//! The `bundle` document: what a solution architect asks for.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Id;

/// A bundle request, as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleRequest {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub customer: Option<String>,
    #[serde(default)]
    pub market: Option<Id>,
    /// Priority ids of `market`, expanded into needs.
    #[serde(default)]
    pub priorities: Vec<Id>,
    #[serde(default)]
    pub needs: Vec<Need>,
    #[serde(default)]
    pub include: Vec<Id>,
    #[serde(default)]
    pub exclude: Vec<Id>,
    #[serde(default)]
    pub partners: PartnerPolicy,
    /// Extra rule files, relative to the request file.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
}

/// A capability the bundle must deliver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Need {
    pub capability: Id,
}

/// Which partners' offerings a bundle may contain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PartnerPolicy {
    /// Any partner (the default).
    #[default]
    Allow,
    /// No partner offerings at all.
    Deny,
    /// Only these partners.
    Only(Vec<Id>),
}

impl PartnerPolicy {
    /// Whether an offering of `partner` (or an internal one, `None`) may be used.
    pub fn allows(&self, partner: Option<&Id>) -> bool {
        match (self, partner) {
            (_, None) | (PartnerPolicy::Allow, _) => true,
            (PartnerPolicy::Deny, Some(_)) => false,
            (PartnerPolicy::Only(list), Some(p)) => list.contains(p),
        }
    }
}

impl fmt::Display for PartnerPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartnerPolicy::Allow => f.write_str("allow"),
            PartnerPolicy::Deny => f.write_str("deny"),
            PartnerPolicy::Only(list) => {
                let names: Vec<&str> = list.iter().map(Id::as_str).collect();
                write!(f, "[{}]", names.join(", "))
            }
        }
    }
}

impl Serialize for PartnerPolicy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PartnerPolicy::Allow => serializer.serialize_str("allow"),
            PartnerPolicy::Deny => serializer.serialize_str("deny"),
            PartnerPolicy::Only(list) => list.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for PartnerPolicy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PolicyVisitor;
        impl<'de> serde::de::Visitor<'de> for PolicyVisitor {
            type Value = PartnerPolicy;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`allow`, `deny` or a list of partner ids")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PartnerPolicy, E> {
                match v {
                    "allow" => Ok(PartnerPolicy::Allow),
                    "deny" => Ok(PartnerPolicy::Deny),
                    other => Err(E::invalid_value(serde::de::Unexpected::Str(other), &self)),
                }
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<PartnerPolicy, A::Error> {
                let mut list = Vec::new();
                while let Some(id) = seq.next_element::<Id>()? {
                    list.push(id);
                }
                Ok(PartnerPolicy::Only(list))
            }
        }
        deserializer.deserialize_any(PolicyVisitor)
    }
}
