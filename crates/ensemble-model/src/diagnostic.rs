//! Problems found in user input, each with where it was found.
//!
//! Loading collects every problem rather than stopping at the first, so a
//! catalog author fixes them all in one pass. Messages follow the project
//! style: user values in backticks, no trailing period, advice on a separate
//! `hint:` line.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::Id;

/// A place in a file: the file, and the line and column when known (1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub path: Arc<Path>,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    /// The whole file, without a line.
    pub fn file(path: impl Into<Arc<Path>>) -> Self {
        Location {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    /// A place in a file, as precisely as it is known.
    pub fn new(path: impl Into<Arc<Path>>, line: Option<usize>, column: Option<usize>) -> Self {
        Location {
            path: path.into(),
            line,
            column,
        }
    }

    /// A line and column of a file.
    pub fn at(path: impl Into<Arc<Path>>, line: usize, column: usize) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// What is wrong with a piece of input.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("cannot read: {0}")]
    Io(#[source] std::io::Error),
    #[error("{0}")]
    Yaml(String),
    #[error("missing field `kind`: expected one of {expected}")]
    MissingKind { expected: &'static str },
    #[error("unexpected kind `{kind}`: expected one of {expected}")]
    UnexpectedKind {
        kind: String,
        expected: &'static str,
    },
    #[error("duplicate {kind} id `{id}`, first defined at {first}")]
    DuplicateId {
        kind: &'static str,
        id: Id,
        first: Location,
    },
    #[error("offering `{offering}` names unknown partner `{partner}`")]
    UnknownPartner {
        offering: Id,
        partner: Id,
        suggestion: Option<Id>,
    },
    #[error("offering `{offering}` names unknown market `{market}`")]
    UnknownOfferingMarket {
        offering: Id,
        market: Id,
        suggestion: Option<Id>,
    },
    #[error("offering `{offering}` conflicts with unknown offering `{other}`")]
    UnknownConflict {
        offering: Id,
        other: Id,
        suggestion: Option<Id>,
    },
    #[error("offering `{0}` conflicts with itself")]
    SelfConflict(Id),
    #[error("duplicate priority id `{priority}` in market `{market}`")]
    DuplicatePriority { market: Id, priority: Id },
    #[error("priority `{priority}` of market `{market}` names capability `{capability}`, which no offering delivers")]
    UndeliveredCapability {
        market: Id,
        priority: Id,
        capability: Id,
        suggestion: Option<Id>,
    },
    #[error("expected one `bundle` document, found {0}")]
    BundleDocumentCount(usize),
    #[error("unknown market `{market}`")]
    UnknownMarket { market: Id, suggestion: Option<Id> },
    #[error("`priorities` need a `market` to expand them")]
    PrioritiesWithoutMarket,
    #[error("unknown priority `{priority}` of market `{market}`")]
    UnknownPriority {
        market: Id,
        priority: Id,
        suggestion: Option<Id>,
    },
    #[error("unknown offering `{offering}` in `{field}`")]
    UnknownOffering {
        field: &'static str,
        offering: Id,
        suggestion: Option<Id>,
    },
    #[error("unknown partner `{partner}` in `partners`")]
    UnknownRequestPartner { partner: Id, suggestion: Option<Id> },
    #[error("offering `{0}` is both included and excluded")]
    IncludedAndExcluded(Id),
}

impl Problem {
    /// Advice for the user, printed on its own `hint:` line.
    pub fn hint(&self) -> Option<String> {
        use Problem::*;
        let suggestion = match self {
            UnknownPartner { suggestion, .. }
            | UnknownOfferingMarket { suggestion, .. }
            | UnknownConflict { suggestion, .. }
            | UndeliveredCapability { suggestion, .. }
            | UnknownMarket { suggestion, .. }
            | UnknownPriority { suggestion, .. }
            | UnknownOffering { suggestion, .. }
            | UnknownRequestPartner { suggestion, .. } => suggestion.as_ref(),
            PrioritiesWithoutMarket => {
                return Some("add `market: <market-id>` to the request".into())
            }
            Io(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return Some("save the file as UTF-8 text".into())
            }
            Yaml(message) => return yaml_hint(message),
            _ => None,
        };
        match (self, suggestion) {
            (_, Some(s)) => Some(format!("did you mean `{s}`?")),
            (UndeliveredCapability { .. }, None) => {
                Some("add the capability to an offering's `capabilities`, or remove it from the priority".into())
            }
            _ => None,
        }
    }
}

/// Advice for a YAML problem, from the field it is about.
fn yaml_hint(message: &str) -> Option<String> {
    let (path, _) = message.split_once(": ")?;
    if !path.ends_with("version") {
        return None;
    }
    Some(if path.contains("requires") {
        "write a requirement in Cargo's syntax, such as `^1.2`, `~1.4`, `>=2.0, <4.0`, `=1.2.3` or `*`".into()
    } else {
        "write a semantic version: `MAJOR.MINOR.PATCH`, such as `2.3.0`".into()
    })
}

/// A problem and where it was found.
#[derive(Debug)]
pub struct Diagnostic {
    pub location: Location,
    pub problem: Problem,
}

impl Diagnostic {
    pub fn new(location: Location, problem: Problem) -> Self {
        Diagnostic { location, problem }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.problem)?;
        if let Some(hint) = self.problem.hint() {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found in one piece of work (a catalog, a request), in file
/// order. Never empty.
#[derive(Debug)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The problems, in the order they are reported.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: a `Diagnostics` holds at least one problem.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorts by file, line and column so output does not depend on the order
    /// work was done in.
    pub(crate) fn sorted(mut diags: Vec<Diagnostic>) -> Self {
        diags.sort_by(|a, b| a.location.cmp(&b.location));
        Diagnostics(diags)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The candidate closest to `wanted` by edit distance, if it is close enough
/// to be a plausible typo.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a Id>) -> Option<Id> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, c.as_str()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c.clone())
}

/// Turns a path into the shared form used by [`Location`].
pub(crate) fn shared_path(path: &Path) -> Arc<Path> {
    Arc::from(PathBuf::from(path).into_boxed_path())
}
