//! Identifiers of catalog documents, capabilities and interfaces.
//!
//! Ids are validated while deserializing, so a bad id is reported by serde_yaml
//! with the line and column of the offending value.

use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An identifier matching `[a-z0-9][a-z0-9.-]*`.
///
/// Used for offering, partner, market, priority and bundle ids and for the
/// names of capabilities and interfaces. It is reference counted because the
/// catalog indexes hold many copies of the same names.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(Arc<str>);

/// Why a string is not a valid [`Id`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("expected an id, found an empty string")]
    Empty,
    #[error("invalid id `{0}`: expected lowercase letters, digits, `.` and `-`, starting with a letter or digit")]
    Invalid(String),
}

impl Id {
    /// Validates `s` and turns it into an id.
    pub fn new(s: &str) -> Result<Self, IdError> {
        let mut bytes = s.bytes();
        match bytes.next() {
            None => return Err(IdError::Empty),
            Some(b) if !(b.is_ascii_lowercase() || b.is_ascii_digit()) => {
                return Err(IdError::Invalid(s.to_owned()))
            }
            Some(_) => {}
        }
        if bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-') {
            Ok(Id(Arc::from(s)))
        } else {
            Err(IdError::Invalid(s.to_owned()))
        }
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl std::str::FromStr for Id {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Id::new(s)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl serde::de::Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id such as `fraud-shield`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Id, E> {
                Id::new(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(IdVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_dotted_and_dashed_ids() {
        for ok in ["a", "fraud-shield", "fraud.scoring", "9lives", "a.b-c.1"] {
            assert_eq!(Id::new(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn rejects_bad_ids() {
        assert_eq!(Id::new(""), Err(IdError::Empty));
        for bad in ["-a", ".a", "Fraud", "a b", "a_b", "é"] {
            assert_eq!(Id::new(bad), Err(IdError::Invalid(bad.to_owned())), "{bad}");
        }
    }
}
