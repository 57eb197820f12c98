//! One YAML document, dispatched on its top-level `kind`.
//!
//! `kind` is normally the first key, so the fast path reads it and then
//! streams the rest of the mapping straight into the typed document: one
//! parse, no intermediate tree, and serde_yaml keeps the line and column of
//! every error. When `kind` comes later, the mapping is buffered as a YAML
//! value first; errors are then located at the document.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::{BundleRequest, Market, Offering, Partner};

/// A parsed document of any kind Ensemble reads.
#[derive(Debug)]
pub enum Document {
    Offering(Box<Offering>),
    Partner(Partner),
    Market(Market),
    Bundle(Box<BundleRequest>),
    /// An empty document (`---` with nothing after it); ignored.
    Empty,
}

impl Document {
    /// The `kind` the document was written with.
    pub fn kind(&self) -> &'static str {
        match self {
            Document::Offering(_) => "offering",
            Document::Partner(_) => "partner",
            Document::Market(_) => "market",
            Document::Bundle(_) => "bundle",
            Document::Empty => "empty",
        }
    }
}

/// The kinds a catalog file may hold, as shown in messages.
pub const CATALOG_KINDS: &str = "`offering`, `partner`, `market`";

#[derive(Clone, Copy)]
enum Kind {
    Offering,
    Partner,
    Market,
    Bundle,
}

impl Kind {
    fn parse<E: de::Error>(s: &str) -> Result<Kind, E> {
        match s {
            "offering" => Ok(Kind::Offering),
            "partner" => Ok(Kind::Partner),
            "market" => Ok(Kind::Market),
            "bundle" => Ok(Kind::Bundle),
            other => Err(E::custom(format_args!(
                "unknown kind `{other}`: expected one of {CATALOG_KINDS}, `bundle`"
            ))),
        }
    }

    /// Deserializes the rest of a document of this kind.
    fn read<'de, D: Deserializer<'de>>(self, rest: D) -> Result<Document, D::Error> {
        Ok(match self {
            Kind::Offering => Document::Offering(Box::new(Offering::deserialize(rest)?)),
            Kind::Partner => Document::Partner(Partner::deserialize(rest)?),
            Kind::Market => Document::Market(Market::deserialize(rest)?),
            Kind::Bundle => Document::Bundle(Box::new(BundleRequest::deserialize(rest)?)),
        })
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping with a `kind` field")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Document, E> {
        Ok(Document::Empty)
    }

    fn visit_none<E: de::Error>(self) -> Result<Document, E> {
        Ok(Document::Empty)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Err(de::Error::custom(format_args!(
                "missing field `kind`: expected one of {CATALOG_KINDS}, `bundle`"
            )));
        };
        if first == "kind" {
            let kind: String = map.next_value()?;
            return Kind::parse(&kind)?.read(de::value::MapAccessDeserializer::new(map));
        }
        // Slow path: `kind` is not first. Buffer the mapping, then read it.
        let mut buffered = serde_yaml::Mapping::new();
        buffered.insert(first.into(), map.next_value()?);
        while let Some((key, value)) = map.next_entry::<serde_yaml::Value, serde_yaml::Value>()? {
            buffered.insert(key, value);
        }
        let kind = match buffered.remove("kind") {
            Some(serde_yaml::Value::String(kind)) => Kind::parse(&kind)?,
            Some(_) => return Err(de::Error::custom("`kind` must be a string")),
            None => {
                return Err(de::Error::custom(format_args!(
                    "missing field `kind`: expected one of {CATALOG_KINDS}, `bundle`"
                )))
            }
        };
        kind.read(serde_yaml::Value::Mapping(buffered))
            .map_err(de::Error::custom)
    }
}

/// Parses every document of `text`, calling `each` with the document or the
/// error and its 1-based line and column.
///
/// Stops at the first syntax error: the YAML stream cannot be resynchronised
/// after one (serde_yaml would report it again for every later document).
pub(crate) fn parse_documents(text: &str, mut each: impl FnMut(Result<Document, YamlError>)) {
    let mut last_error: Option<(usize, usize, String)> = None;
    for doc in serde_yaml::Deserializer::from_str(text) {
        match Document::deserialize(doc) {
            Ok(document) => each(Ok(document)),
            Err(e) => {
                let error = YamlError::from(&e);
                let key = (error.line, error.column, error.message.clone());
                if last_error.as_ref() == Some(&key) {
                    break;
                }
                last_error = Some(key);
                each(Err(error));
            }
        }
    }
}

/// Parses one YAML value of type `T` from `text`, for files that are not
/// catalog documents (rule tests, for instance).
pub fn parse_single<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| YamlError::from(&e))
}

/// A serde_yaml error split into its message and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl From<&serde_yaml::Error> for YamlError {
    fn from(e: &serde_yaml::Error) -> Self {
        let mut message = e.to_string();
        let (line, column) = match e.location() {
            Some(loc) => {
                // serde_yaml appends " at line L column C"; the location is
                // rendered as a `file:line:column` prefix instead.
                if let Some(cut) = message.rfind(" at line ") {
                    message.truncate(cut);
                }
                (loc.line(), loc.column())
            }
            None => (1, 1),
        };
        YamlError {
            message,
            line,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Result<Document, YamlError>> {
        let mut out = Vec::new();
        parse_documents(text, |d| out.push(d));
        out
    }

    fn err(text: &str) -> YamlError {
        parse(text)
            .into_iter()
            .find_map(Result::err)
            .expect("an error")
    }

    #[test]
    fn dispatches_on_kind_first_or_later() {
        let docs = parse(
            "kind: partner\nid: p\nname: P\nagreement: {status: active}\n---\nid: m\nkind: market\nname: M\n---\n",
        );
        assert_eq!(docs.len(), 3);
        assert!(matches!(docs[0], Ok(Document::Partner(_))));
        assert!(matches!(docs[1], Ok(Document::Market(_))));
        assert!(matches!(docs[2], Ok(Document::Empty)));
    }

    #[test]
    fn unknown_field_is_located() {
        let e = err("kind: partner\nid: p\nname: P\nagrement: {status: active}\n");
        assert_eq!((e.line, e.column), (4, 1));
        assert!(
            e.message
                .starts_with("unknown field `agrement`, expected one of"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unknown_kind_is_reported() {
        let e = err("kind: offerin\nid: x\n");
        assert_eq!(
            e.message,
            "unknown kind `offerin`: expected one of `offering`, `partner`, `market`, `bundle`"
        );
    }

    #[test]
    fn missing_kind_is_reported() {
        let e = err("id: x\nname: y\n");
        assert!(e.message.contains("missing field `kind`"), "{}", e.message);
    }

    #[test]
    fn syntax_error_stops_the_file() {
        let docs = parse("kind: market\nid: m\nname: [\n---\nkind: market\n");
        // serde_yaml reads events lazily, so the first document may fail on
        // the truncated value before the syntax error itself is reported;
        // the syntax error is reported once, and nothing after it.
        let last = docs.last().unwrap().as_ref().unwrap_err();
        assert_eq!(
            (last.message.as_str(), last.line),
            ("did not find expected node content", 4)
        );
        assert!(docs.len() <= 2);
    }

    #[test]
    fn bad_version_is_located() {
        let text =
            "kind: offering\nid: o\nname: O\nversion: 1.x\nportfolio: p\nlifecycle: formation\n";
        let e = err(text);
        assert_eq!(e.line, 4);
        assert!(e.message.contains("version"), "{}", e.message);
    }

    #[test]
    fn bad_requirement_is_located() {
        let text = "kind: offering\nid: o\nname: O\nversion: 1.0.0\nportfolio: p\nlifecycle: formation\nrequires:\n  - interface: a\n    version: \">>1\"\n";
        let e = err(text);
        assert_eq!(e.line, 9, "{e:?}");
    }
}
