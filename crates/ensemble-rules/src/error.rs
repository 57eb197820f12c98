//! Errors of the rules engine. Each names the rule file and, where there is
//! one, the line and column; errors raised while a rule runs also name the
//! function being run and what it was judging.

use std::fmt;

use ensemble_model::Location;
use std::path::PathBuf;

/// What a rule was judging when it failed: an offering or a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Offering(Box<str>),
    Bundle(Box<str>),
    /// Reading the rule's `meta()`.
    Meta,
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Offering(id) => write!(f, " (offering `{id}`)"),
            Subject::Bundle(id) => write!(f, " (bundle `{id}`)"),
            Subject::Meta => Ok(()),
        }
    }
}

/// Why rules could not be loaded, run or tested. Every variant means exit
/// code 2 (bad input): the rules themselves are broken.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// A rules directory, rule file or rule test file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The rules directory given does not exist.
    #[error("{}: rules directory not found", path.display())]
    MissingDir { path: PathBuf },
    /// A rule file does not parse.
    #[error("{at}: syntax error: {message}")]
    Syntax { at: Location, message: String },
    /// A rule file parses but is not a rule: no `offering` / `bundle`
    /// function, a wrong arity, a bad `meta()`.
    #[error("{at}: {message}")]
    Definition { at: Location, message: String },
    /// Two rule files declare the same id.
    #[error("{at}: duplicate rule id `{id}`, first defined in `{}`", first.display())]
    DuplicateId {
        at: Location,
        id: String,
        first: PathBuf,
    },
    /// A rule failed while running (including exceeding a sandbox limit).
    #[error("{at}: in `{function}`{subject}: {message}")]
    Runtime {
        at: Location,
        function: String,
        subject: Subject,
        message: String,
    },
    /// A rule returned something that is not a finding.
    #[error("{at}: in `{function}`{subject}: rule `{rule}` returned {found}; expected `()`, a string, a map with `message`, or an array of those")]
    BadReturn {
        at: Location,
        rule: Box<str>,
        function: &'static str,
        subject: Subject,
        found: Box<str>,
    },
    /// A rule test file is malformed.
    #[error("{at}: {message}")]
    Test { at: Location, message: String },
    /// A rule test names a rule that is not loaded.
    #[error("{at}: unknown rule `{rule}`")]
    UnknownRule {
        at: Location,
        rule: String,
        suggestion: Option<String>,
    },
}

impl RuleError {
    /// Advice for the user, printed on its own `hint:` line.
    pub fn hint(&self) -> Option<String> {
        match self {
            RuleError::UnknownRule {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            RuleError::UnknownRule { .. } => Some("`ensemble rules list` shows every rule".into()),
            RuleError::MissingDir { .. } => {
                Some("pass `--rules DIR` to name the directory holding the `*.rhai` rules".into())
            }
            RuleError::Runtime { message, .. } if message.contains("does not exist") => {
                Some("test for an optional key with `\"key\" in map` before reading it".into())
            }
            _ => None,
        }
    }
}
