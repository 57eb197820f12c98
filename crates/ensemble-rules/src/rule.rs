//! One rule: a `*.rhai` file compiled once, with its `meta()` read and its
//! hooks checked.

use std::path::{Path, PathBuf};

use ensemble_model::{Id, Severity};
use rhai::{CallFnOptions, Dynamic, Engine, Map, Scope, AST};
use serde::Serialize;

use crate::error::{RuleError, Subject};
use crate::sandbox;
use ensemble_model::Location;

/// The severity of a rule whose `meta()` does not say: a policy blocks
/// unless its author says it only warns.
pub const DEFAULT_SEVERITY: Severity = Severity::Deny;

/// Which functions a rule defines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Hooks {
    /// `offering(o)` (1) or `offering(o, as_of)` (2); `None` if not defined.
    pub offering: Option<u8>,
    /// Whether `bundle(b)` is defined.
    pub bundle: bool,
}

impl Hooks {
    /// The hook names, e.g. `["offering", "bundle"]`.
    pub fn names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        if self.offering.is_some() {
            names.push("offering");
        }
        if self.bundle {
            names.push("bundle");
        }
        names
    }
}

/// A compiled rule and what its `meta()` says about it.
#[derive(Debug, Clone)]
pub struct Rule {
    /// From `meta().id`, else the file stem.
    pub id: String,
    /// From `meta().title`, else the id.
    pub title: String,
    /// The severity of its findings unless a finding says otherwise.
    pub severity: Severity,
    pub description: Option<String>,
    pub remediation: Option<String>,
    pub hooks: Hooks,
    /// The file it was read from, as given (relative paths stay relative).
    pub file: PathBuf,
    pub(crate) ast: AST,
    text: String,
}

impl Rule {
    /// Reads and compiles a rule file, reads its `meta()` and checks its hooks.
    pub(crate) fn load(engine: &Engine, path: &Path) -> Result<Rule, RuleError> {
        let text = std::fs::read_to_string(path).map_err(|source| RuleError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Rule::compile(engine, path, text)
    }

    /// Compiles rule source `text` read from `path`.
    pub(crate) fn compile(engine: &Engine, path: &Path, text: String) -> Result<Rule, RuleError> {
        let mut ast = engine
            .compile(&text)
            .map_err(|e| sandbox::syntax_error(path, &e))?;
        ast.set_source(path.display().to_string());

        let mut hooks = Hooks::default();
        let mut has_meta = false;
        let mut problems = Vec::new();
        for f in ast.iter_functions() {
            match (f.name, f.params.len()) {
                ("offering", 1 | 2) => hooks.offering = Some(f.params.len() as u8),
                ("bundle", 1) => hooks.bundle = true,
                ("meta", 0) => has_meta = true,
                ("offering", n) => {
                    problems.push(("offering", n, "`offering(o)` or `offering(o, as_of)`"))
                }
                ("bundle", n) => problems.push(("bundle", n, "`bundle(b)`")),
                ("meta", n) => problems.push(("meta", n, "`meta()`")),
                _ => {}
            }
        }
        if let Some((name, n, expected)) = problems.first() {
            return Err(RuleError::Definition {
                at: locate_fn(path, &text, name),
                message: format!(
                    "`{name}` takes {n} parameter{}: expected {expected}",
                    if *n == 1 { "" } else { "s" }
                ),
            });
        }
        if hooks.offering.is_none() && !hooks.bundle {
            return Err(RuleError::Definition {
                at: Location::file(path),
                message:
                    "a rule defines `fn offering(o)` or `fn bundle(b)` (or both); found neither"
                        .into(),
            });
        }

        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut rule = Rule {
            title: stem.clone(),
            id: stem,
            severity: DEFAULT_SEVERITY,
            description: None,
            remediation: None,
            hooks,
            file: path.to_path_buf(),
            ast,
            text,
        };
        if has_meta {
            rule.read_meta(engine)?;
        }
        if Id::new(&rule.id).is_err() {
            return Err(RuleError::Definition {
                at: if has_meta {
                    rule.fn_at("meta")
                } else {
                    Location::file(path)
                },
                message: format!(
                    "invalid rule id `{}`: expected lowercase letters, digits, `.` and `-`, starting with a letter or digit",
                    rule.id
                ),
            });
        }
        Ok(rule)
    }

    /// Calls `meta()` and applies what it says.
    fn read_meta(&mut self, engine: &Engine) -> Result<(), RuleError> {
        let value = self.call(engine, &mut Scope::new(), "meta", Subject::Meta, ())?;
        let meta_at = self.fn_at("meta");
        let bad = |message: String| RuleError::Definition {
            at: meta_at.clone(),
            message,
        };
        let Some(map) = value.clone().try_cast::<Map>() else {
            return Err(bad(format!(
                "`meta()` returned {}; expected a map such as `#{{ title: \"…\", severity: \"warn\" }}`",
                crate::findings::describe_value(&value)
            )));
        };
        let mut title = None;
        for (key, v) in map {
            let text = || -> Result<String, RuleError> {
                v.clone()
                    .into_string()
                    .map_err(|found| bad(format!("`meta().{key}` must be a string, found {found}")))
            };
            match key.as_str() {
                "id" => self.id = text()?,
                "title" => title = Some(text()?),
                "severity" => {
                    let s = text()?;
                    self.severity = crate::findings::parse_severity(&s).ok_or_else(|| {
                        bad(format!(
                            "unknown severity `{s}` in `meta()`: expected `deny`, `warn` or `info`"
                        ))
                    })?;
                }
                "description" => self.description = Some(text()?),
                "remediation" => self.remediation = Some(text()?),
                other => {
                    return Err(bad(format!(
                        "unknown key `{other}` in `meta()`: expected `id`, `title`, `severity`, `description`, `remediation`"
                    )))
                }
            }
        }
        self.title = title.unwrap_or_else(|| self.id.clone());
        Ok(())
    }

    /// Calls a function of the rule in the sandbox, with the time limit armed.
    pub(crate) fn call(
        &self,
        engine: &Engine,
        scope: &mut Scope,
        function: &str,
        subject: Subject,
        args: impl rhai::FuncArgs,
    ) -> Result<Dynamic, RuleError> {
        self.call_in(engine, &self.ast, scope, function, || subject, args)
    }

    /// The rule compiled afresh for `engine` (another engine of the same
    /// sandbox, on another thread), from the text it was loaded from.
    pub(crate) fn recompile(&self, engine: &Engine) -> AST {
        let mut ast = engine
            .compile(&self.text)
            .unwrap_or_else(|_| self.ast.clone());
        ast.set_source(self.file.display().to_string());
        ast
    }

    /// [`Rule::call`] with the rule compiled as `ast` for `engine` (see
    /// [`Rule::recompile`]), and what it judges made only for an error.
    pub(crate) fn call_in(
        &self,
        engine: &Engine,
        ast: &AST,
        scope: &mut Scope,
        function: &str,
        subject: impl FnOnce() -> Subject,
        args: impl rhai::FuncArgs,
    ) -> Result<Dynamic, RuleError> {
        let options = CallFnOptions::new().eval_ast(false).rewind_scope(true);
        sandbox::with_deadline(|| {
            engine.call_fn_with_options::<Dynamic>(options, scope, ast, function, args)
        })
        .map_err(|e| {
            let mut e = sandbox::runtime_error(&self.file, function, subject(), *e);
            // Rhai reports some limits (data sizes) without a position: the
            // function being run is the closest place known.
            if let RuleError::Runtime { at, .. } = &mut e {
                if at.line.is_none() {
                    *at = self.fn_at(function);
                }
            }
            e
        })
    }

    /// Where `fn <name>` is written in the rule file.
    pub(crate) fn fn_at(&self, name: &str) -> Location {
        locate_fn(&self.file, &self.text, name)
    }
}

/// The line and column of `fn <name>` in `text`, else the whole file.
fn locate_fn(path: &Path, text: &str, name: &str) -> Location {
    for (i, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(found) = line[from..].find("fn") {
            let at = from + found;
            let rest = line[at + 2..].trim_start();
            let starts_word = at == 0
                || !line[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
            if starts_word
                && rest.len() < line.len() - at - 2
                && rest.starts_with(name)
                && rest[name.len()..].trim_start().starts_with('(')
            {
                return Location::new(path, Some(i + 1), Some(at + 1));
            }
            from = at + 2;
        }
    }
    Location::file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_function_definitions() {
        let text = "// fn bundle( in a comment is skipped only when not at the start\nfn meta() { #{} }\n\n  fn  offering (o) { }\n";
        let at = locate_fn(Path::new("r.rhai"), text, "offering");
        assert_eq!((at.line, at.column), (Some(4), Some(3)));
        let at = locate_fn(Path::new("r.rhai"), text, "meta");
        assert_eq!((at.line, at.column), (Some(2), Some(1)));
    }
}
