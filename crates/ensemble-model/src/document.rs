//! One YAML document, dispatched on its top-level `kind`.
//!
//! A file is first split into its documents at the `---` / `...` lines, and
//! each document is parsed on its own: a syntax error or an unknown anchor in
//! one document then never hides, or garbles, the documents after it, and
//! serde_yaml never sees a stream left half-read by an error.
//!
//! `kind` is normally the first key, so the fast path reads it and then
//! streams the rest of the mapping straight into the typed document: one
//! parse, no intermediate tree, and serde_yaml keeps the line and column of
//! every error. When `kind` comes later, a first pass finds it and a second
//! pass reads the document as that kind, skipping the `kind` key, so errors
//! keep their exact position there too.

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, IntoDeserializer, MapAccess,
    Visitor,
};
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
        deserializer.deserialize_any(DocumentVisitor { retry: None })
    }
}

/// Reads a document. With `retry`, a document whose `kind` is not its first
/// key is only scanned for its kind, which is left in `retry` so the caller
/// can read the document again with [`KnownKind`]; without, the mapping is
/// buffered as a YAML value (and errors lose their position).
struct DocumentVisitor<'a> {
    retry: Option<&'a Cell<Option<Kind>>>,
}

impl<'de> DeserializeSeed<'de> for DocumentVisitor<'_> {
    type Value = Document;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Document, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DocumentVisitor<'_> {
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
        if let Some(retry) = self.retry {
            // Slow path, first pass: find the kind.
            map.next_value::<IgnoredAny>()?;
            let mut kind = None;
            while let Some(key) = map.next_key::<String>()? {
                if key == "kind" {
                    kind = Some(map.next_value::<String>()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            let Some(kind) = kind else {
                return Err(de::Error::custom(format_args!(
                    "missing field `kind`: expected one of {CATALOG_KINDS}, `bundle`"
                )));
            };
            retry.set(Some(Kind::parse(&kind)?));
            return Err(de::Error::custom("`kind` is not the first key"));
        }
        // Slow path without a second pass: buffer the mapping, then read it.
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

/// Reads a mapping as a document of a known kind, skipping its `kind` key.
#[derive(Clone, Copy)]
struct KnownKind(Kind);

impl<'de> DeserializeSeed<'de> for KnownKind {
    type Value = Document;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Document, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for KnownKind {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping with a `kind` field")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Document, A::Error> {
        self.0
            .read(de::value::MapAccessDeserializer::new(SkipKind(map)))
    }
}

/// A mapping without its `kind` entries. Keys other than `kind` are handed
/// on as they are read, so an unknown field is located at its key.
struct SkipKind<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for SkipKind<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let mut seed = seed;
        loop {
            match self.0.next_key_seed(KeyOrKind(seed))? {
                None => return Ok(None),
                Some(Keyed::Key(key)) => return Ok(Some(key)),
                Some(Keyed::Kind(unused)) => {
                    self.0.next_value::<IgnoredAny>()?;
                    seed = unused;
                }
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.0.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// A key read for `seed`, unless it is `kind`: then the seed comes back.
enum Keyed<K, V> {
    Key(V),
    Kind(K),
}

struct KeyOrKind<K>(K);

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeyOrKind<K> {
    type Value = Keyed<K, K::Value>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, K: DeserializeSeed<'de>> Visitor<'de> for KeyOrKind<K> {
    type Value = Keyed<K, K::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        if key == "kind" {
            Ok(Keyed::Kind(self.0))
        } else {
            self.0.deserialize(key.into_deserializer()).map(Keyed::Key)
        }
    }
}

/// Parses every document of `text`, calling `each` with the document or the
/// error and its 1-based line and column. Empty documents are passed on as
/// [`Document::Empty`]; a file of nothing but comments has no documents.
pub(crate) fn parse_documents(text: &str, mut each: impl FnMut(Result<Document, YamlError>)) {
    for (lines_before, chunk) in split_documents(text) {
        each(parse_document(chunk).map_err(|e| {
            let mut error = refine(YamlError::new(&e, 0), chunk);
            error.line += lines_before;
            error.message = rewrite_marks(&error.message, (0, 0), lines_before);
            error
        }));
    }
}

/// Parses the text of one document.
fn parse_document(text: &str) -> Result<Document, serde_yaml::Error> {
    let retry = Cell::new(None);
    let seed = DocumentVisitor {
        retry: Some(&retry),
    };
    match seed.deserialize(serde_yaml::Deserializer::from_str(text)) {
        Ok(document) => Ok(document),
        Err(e) => {
            if let Some(kind) = retry.get() {
                // The first pass read the whole document: it is valid YAML.
                return KnownKind(kind).deserialize(serde_yaml::Deserializer::from_str(text));
            }
            // serde_yaml deserializes the events read before a syntax error
            // (or an unknown anchor), which can fail first with a misleading
            // type error: report the YAML error itself.
            match IgnoredAny::deserialize(serde_yaml::Deserializer::from_str(text)) {
                Err(syntax) => Err(syntax),
                Ok(_) => Err(e),
            }
        }
    }
}

/// Splits a YAML stream into the texts of its documents, each with the
/// number of lines before it. A document starts at a `---` line and ends
/// before the next one or after a `...` line. Comments, blank lines and
/// directives before a `---` belong to the document it starts; a stretch of
/// nothing else at the end of the stream is no document.
fn split_documents(text: &str) -> Vec<(usize, &str)> {
    let marker = |line: &str, m: &str| {
        line.strip_prefix(m)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']))
    };
    let mut chunks = Vec::new();
    let (mut start, mut start_line, mut content) = (0, 0, false);
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        if marker(bare, "---") {
            if content {
                chunks.push((start_line, &text[start..offset]));
                (start, start_line) = (offset, i);
            }
            content = true;
        } else if marker(bare, "...") {
            chunks.push((start_line, &text[start..offset + line.len()]));
            (start, start_line, content) = (offset + line.len(), i + 1, false);
        } else if !content {
            let t = bare.trim_start();
            content = !(t.is_empty() || t.starts_with('#') || bare.starts_with('%'));
        }
        offset += line.len();
    }
    if content {
        chunks.push((start_line, &text[start..]));
    }
    chunks
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
        YamlError::new(e, 0)
    }
}

impl YamlError {
    /// The error of a document that starts after `lines_before` lines of
    /// its file.
    fn new(e: &serde_yaml::Error, lines_before: usize) -> Self {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        YamlError {
            message: rewrite_marks(&e.to_string(), (line, column), lines_before),
            line: line + lines_before,
            column,
        }
    }
}

/// serde_yaml writes positions into messages as ` at line L column C`: the
/// error's own position is dropped (it is shown as the `file:line:column`
/// prefix), and any other (where a flow sequence began, say) is shifted to
/// count lines from the start of the file.
fn rewrite_marks(message: &str, at: (usize, usize), lines_before: usize) -> String {
    const MARK: &str = " at line ";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    let mut dropped = false;
    while let Some(i) = rest.find(MARK) {
        out.push_str(&rest[..i]);
        let after = &rest[i + MARK.len()..];
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let n = digits(after);
        let parsed = after[n..].strip_prefix(" column ").and_then(|tail| {
            let m = digits(tail);
            let line = after[..n].parse::<usize>().ok()?;
            let column = tail[..m].parse::<usize>().ok()?;
            Some((line, column, &tail[m..]))
        });
        match parsed {
            Some((line, column, tail)) => {
                if (line, column) == at && !dropped {
                    dropped = true;
                } else {
                    out.push_str(&format!("{MARK}{} column {column}", line + lines_before));
                }
                rest = tail;
            }
            None => {
                out.push_str(MARK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Makes serde_yaml's terser messages more precise, with what only the
/// document's text tells: which alias is unknown, where a key is repeated.
fn refine(mut error: YamlError, text: &str) -> YamlError {
    let line_text = |line: usize| text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    if error.message == "unknown anchor" {
        let line = line_text(error.line);
        let name: String = line
            .get(error.column.saturating_sub(1)..)
            .unwrap_or("")
            .trim_start_matches('*')
            .chars()
            .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
            .collect();
        if !name.is_empty() {
            error.message =
                format!("unknown alias `*{name}`: no anchor `&{name}` before it in this document");
        }
    } else if let Some(field) = error
        .message
        .strip_prefix("duplicate field `")
        .and_then(|f| f.strip_suffix('`'))
    {
        // A repeated top-level key: serde reports it at the document start.
        let key = format!("{field}:");
        if let Some((i, _)) = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with(&key))
            .nth(1)
        {
            (error.line, error.column) = (i + 1, 1);
        }
    }
    error
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

    fn errors(text: &str) -> Vec<(usize, usize, String)> {
        parse(text)
            .into_iter()
            .filter_map(Result::err)
            .map(|e| (e.line, e.column, e.message))
            .collect()
    }

    const OFFERING: &str =
        "kind: offering\nid: a\nname: A\nversion: 1.0.0\nportfolio: p\nlifecycle: formation\n";

    #[test]
    fn syntax_error_is_reported_once_and_later_documents_are_read() {
        let docs = parse("kind: market\nid: m\nname: [\n---\nkind: market\nid: n\nname: N\n");
        assert_eq!(docs.len(), 2);
        // Not the misleading "invalid type: sequence" of the half-read value.
        let e = docs[0].as_ref().unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.line, e.column),
            (
                "did not find expected node content, while parsing a flow node",
                4,
                1
            )
        );
        assert!(matches!(docs[1], Ok(Document::Market(_))));
    }

    #[test]
    fn syntax_error_in_a_later_document_is_located_in_the_file() {
        let text = format!("{OFFERING}---\nkind: offering\nid: b\nname: \"B\n---\n{OFFERING}");
        let errs = errors(&text);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].0, 11, "{errs:?}");
        assert!(errs[0].2.contains("quoted scalar"), "{errs:?}");
    }

    #[test]
    fn unknown_anchor_is_an_error_not_a_panic() {
        let text = format!(
            "{OFFERING}attributes:\n  x: *nope\n---\n{OFFERING}conflicts: [*y]\n---\n{OFFERING}"
        );
        let docs = parse(&text);
        assert_eq!(docs.len(), 3);
        let errs = errors(&text);
        assert_eq!(
            errs,
            vec![
                (
                    8,
                    6,
                    "unknown alias `*nope`: no anchor `&nope` before it in this document"
                        .to_owned()
                ),
                (
                    16,
                    13,
                    "unknown alias `*y`: no anchor `&y` before it in this document".to_owned()
                )
            ]
        );
        assert!(matches!(docs[2], Ok(Document::Offering(_))));
    }

    #[test]
    fn kind_later_in_the_document_keeps_error_positions() {
        let docs = parse(
            "id: a\nname: A\nkind: offering\nversion: 1.0.0\nportfolio: p\nlifecycle: formation\n",
        );
        assert!(matches!(&docs[0], Ok(Document::Offering(o)) if o.id == "a"));
        let e = err(
            "id: a\nkind: offering\nname: A\nversion: 1.x\nportfolio: p\nlifecycle: formation\n",
        );
        assert_eq!((e.line, e.column), (4, 10), "{e:?}");
        assert!(
            e.message.starts_with("version: unexpected character 'x'"),
            "{e:?}"
        );
        let e = err("id: a\nkind: partner\nname: P\nagreement: {status: active}\ntier: gold\n");
        assert_eq!((e.line, e.column), (5, 1), "{e:?}");
        assert!(e.message.starts_with("unknown field `tier`"), "{e:?}");
        let e = err("id: a\nkind: offerin\n");
        assert!(e.message.starts_with("unknown kind `offerin`"), "{e:?}");
    }

    #[test]
    fn missing_field_is_located_at_its_document() {
        let e = err(&format!(
            "{OFFERING}---\n# the partner\nkind: partner\nid: p\n"
        ));
        assert_eq!((e.line, e.column), (9, 1), "{e:?}");
        assert_eq!(e.message, "missing field `name`");
    }

    #[test]
    fn wrong_types_are_located() {
        let e = err(&format!("{OFFERING}capabilities: fraud.scoring\n"));
        assert_eq!((e.line, e.column), (7, 15));
        assert_eq!(
            e.message,
            "capabilities: invalid type: string \"fraud.scoring\", expected a sequence"
        );
        let e = err(&format!(
            "{OFFERING}price: {{amount: lots, currency: USD, per: month}}\n"
        ));
        assert_eq!(
            e.message,
            "price.amount: invalid type: string \"lots\", expected f64"
        );
        let e = err(&format!(
            "{OFFERING}price: {{amount: 1, currency: usd, per: month}}\n"
        ));
        assert!(e.message.contains("invalid currency `usd`"), "{e:?}");
        let e = err(
            "kind: offering\nid: a\nname: A\nversion: 1.0.0\nportfolio: p\nlifecycle: sunset\n",
        );
        assert_eq!((e.line, e.column), (6, 12));
        assert!(
            e.message.starts_with("lifecycle: unknown variant `sunset`"),
            "{e:?}"
        );
        let e = err(
            "kind: partner\nid: p\nname: P\nagreement: {status: active, expires: 2027-02-30}\n",
        );
        assert!(e.message.contains("invalid date `2027-02-30`"), "{e:?}");
    }

    #[test]
    fn bad_ids_are_located() {
        let e = err("kind: offering\nid: Fraud_Shield\nname: A\nversion: 1.0.0\nportfolio: p\nlifecycle: formation\n");
        assert_eq!((e.line, e.column), (2, 5));
        assert_eq!(
            e.message,
            "id: invalid id `Fraud_Shield`: expected lowercase letters, digits, `.` and `-`, starting with a letter or digit"
        );
        let e = err(&format!("{OFFERING}capabilities: [ok, -bad]\n"));
        assert_eq!((e.line, e.column), (7, 20), "{e:?}");
    }

    #[test]
    fn malformed_requirements_are_reported() {
        for (req, message) in [
            ("- any_of: []", "`any_of` needs at least one alternative"),
            (
                "- interface: i",
                "missing field `version` next to `interface`",
            ),
            (
                "- version: \"^1\"",
                "missing field `interface` next to `version`",
            ),
            ("- optional: true", "expected a requirement"),
            (
                "- {interface: i, version: \"1\", any_of: [{interface: j, version: \"1\"}]}",
                "not both",
            ),
        ] {
            let e = err(&format!("{OFFERING}requires:\n  {req}\n"));
            assert_eq!(e.line, 8, "{req}: {e:?}");
            assert!(e.message.contains(message), "{req}: {e:?}");
        }
    }

    #[test]
    fn documents_that_are_not_mappings_are_errors() {
        assert_eq!(
            errors("- a\n- b\n"),
            vec![(
                1,
                1,
                "invalid type: sequence, expected a mapping with a `kind` field".to_owned()
            )]
        );
        assert_eq!(
            errors("hello\n")[0].2,
            "invalid type: string \"hello\", expected a mapping with a `kind` field"
        );
    }

    #[test]
    fn empty_documents_and_comments_are_not_errors() {
        assert!(parse("").is_empty());
        assert!(parse("# just a comment\n\n").is_empty());
        let docs = parse("---\n---\n# nothing\n");
        assert_eq!(docs.len(), 2);
        assert!(docs.iter().all(|d| matches!(d, Ok(Document::Empty))));
        let docs = parse(&format!(
            "# header\n%YAML 1.2\n---\n{OFFERING}...\n---\n{OFFERING}"
        ));
        assert_eq!(docs.len(), 2, "{docs:?}");
        assert!(docs.iter().all(|d| matches!(d, Ok(Document::Offering(_)))));
    }

    #[test]
    fn duplicate_keys_are_located_at_the_repetition() {
        let e = err(&format!("{OFFERING}---\n{OFFERING}name: B\n"));
        assert_eq!(e.message, "duplicate field `name`");
        assert_eq!((e.line, e.column), (14, 1));
    }

    #[test]
    fn positions_inside_messages_count_from_the_file_start() {
        let e = err(&format!(
            "{OFFERING}---\nkind: offering\nid: b\ncapabilities: [a, b\nname: B\n"
        ));
        assert_eq!((e.line, e.column), (11, 5), "{e:?}");
        assert_eq!(
            e.message,
            "did not find expected ',' or ']', while parsing a flow sequence at line 10 column 15"
        );
        assert_eq!(
            rewrite_marks(
                "x at line 2 column 3, y at line 1 column 1 at line",
                (2, 3),
                10
            ),
            "x, y at line 11 column 1 at line"
        );
    }

    #[test]
    fn splits_at_document_markers_only() {
        let text = "# c\n---\na: 1\n--- # doc\nb: |\n  ---\n---x: 1\n...\nc: 1\n";
        let chunks = split_documents(text);
        assert_eq!(
            chunks,
            vec![
                (0, "# c\n---\na: 1\n"),
                (3, "--- # doc\nb: |\n  ---\n---x: 1\n...\n"),
                (8, "c: 1\n")
            ]
        );
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
