//! Errors that end a command with exit code 2 (bad input or usage).

use std::path::PathBuf;

use ensemble_model::{Diagnostics, Id};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Problems in the catalog or a request, already located.
    #[error("{0}")]
    Input(#[from] Diagnostics),
    /// A rule file, rule test or rule evaluation failed. Boxed: rule errors
    /// carry a location and context, and errors are the cold path.
    #[error("{0}")]
    Rules(Box<ensemble_rules::RuleError>),
    /// A request problem found by the solver rather than the loader.
    #[error("{}: {source}", path.display())]
    Request {
        path: PathBuf,
        source: ensemble_solver::SolveError,
    },
    #[error("unknown offering `{id}`")]
    UnknownOffering { id: String, suggestions: Vec<Id> },
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot encode output: {0}")]
    Encode(String),
}

impl CliError {
    /// Advice printed on a `hint:` line after the message.
    pub fn hint(&self) -> Option<String> {
        match self {
            CliError::UnknownOffering { suggestions, .. } if !suggestions.is_empty() => {
                let names: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
                Some(format!("did you mean {}?", names.join(", ")))
            }
            CliError::UnknownOffering { .. } => Some("`ensemble list` shows every offering".into()),
            CliError::Rules(e) => e.hint(),
            _ => None,
        }
    }
}

impl From<ensemble_rules::RuleError> for CliError {
    fn from(e: ensemble_rules::RuleError) -> Self {
        CliError::Rules(Box::new(e))
    }
}
