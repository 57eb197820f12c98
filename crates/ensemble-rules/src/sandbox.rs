//! The sandboxed Rhai engine rules run in, and the translation of Rhai's
//! errors into [`RuleError`]s that name file, line, column and function.
//!
//! The engine has Rhai's standard library (strings, arrays, maps, maths) and
//! nothing else: no module resolver (`import` and `export` are disabled at
//! parse time), no `eval`, and no function touching files, the network or
//! processes (core Rhai has none). Limits are set explicitly, so they are the
//! same in debug and release builds (Rhai's own defaults differ).

use std::cell::Cell;
use std::path::Path;
use std::time::{Duration, Instant};

use rhai::{packages::Package, Dynamic, Engine, EvalAltResult, ParseError, Position};

use crate::error::{RuleError, Subject};
use ensemble_model::Location;

/// Operations one call of a rule function may run. Rhai counts an operation
/// per statement, expression step and loop iteration; policies need far
/// fewer than this, and a runaway loop reaches it in well under a second.
pub const MAX_OPERATIONS: u64 = 1_000_000;
/// Wall-clock limit of one call, a backstop for operations that are slow
/// without counting many steps.
pub const TIME_LIMIT: Duration = Duration::from_millis(500);
/// Nesting of function calls (recursion depth).
pub const MAX_CALL_LEVELS: usize = 32;
/// Nesting of expressions at the top level and inside functions.
pub const MAX_EXPR_DEPTH: usize = 64;
pub const MAX_FUNCTION_EXPR_DEPTH: usize = 48;
// Rhai checks the next three on every value an operation yields, counting
// everything nested inside it: reading `b.offerings` of a bundle counts all
// its members' strings, arrays and maps. So they must hold the largest value
// a rule is given: a 7,400-member bundle holds megabytes of text and
// hundreds of thousands of entries. They still stop a runaway rule (a string
// doubled in a loop passes 16 MiB on its 25th turn) long before memory
// matters.
/// Length of a string, and of all strings inside one value, in bytes.
pub const MAX_STRING_SIZE: usize = 16 * 1024 * 1024;
/// Elements of an array, and of all arrays inside one value.
pub const MAX_ARRAY_SIZE: usize = 1_000_000;
/// Entries of an object map, and of all maps inside one value.
pub const MAX_MAP_SIZE: usize = 1_000_000;
/// Variables in scope at once.
pub const MAX_VARIABLES: usize = 1_000;
/// Functions a rule file may define.
pub const MAX_FUNCTIONS: usize = 256;

thread_local! {
    /// When the rule call running on this thread must stop.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Runs `f` with the per-call time limit armed on this thread.
pub(crate) fn with_deadline<T>(f: impl FnOnce() -> T) -> T {
    DEADLINE.with(|d| d.set(Some(Instant::now() + TIME_LIMIT)));
    let out = f();
    DEADLINE.with(|d| d.set(None));
    out
}

/// The marker value a call is terminated with when its time is up.
const TIMEOUT_TOKEN: &str = "ensemble:time-limit";

/// Builds the sandboxed engine.
pub(crate) fn engine() -> Engine {
    let mut engine = Engine::new_raw();
    engine.register_global_module(rhai::packages::StandardPackage::new().as_shared_module());
    engine.set_max_strings_interned(1024);

    engine.set_max_operations(MAX_OPERATIONS);
    engine.set_max_call_levels(MAX_CALL_LEVELS);
    engine.set_max_expr_depths(MAX_EXPR_DEPTH, MAX_FUNCTION_EXPR_DEPTH);
    engine.set_max_string_size(MAX_STRING_SIZE);
    engine.set_max_array_size(MAX_ARRAY_SIZE);
    engine.set_max_map_size(MAX_MAP_SIZE);
    engine.set_max_variables(MAX_VARIABLES);
    engine.set_max_functions(MAX_FUNCTIONS);
    engine.set_max_modules(0);

    // No code from outside the rule file: no modules, no `eval`.
    for symbol in ["import", "export", "eval"] {
        engine.disable_symbol(symbol);
    }
    // Typos fail loudly: undefined variables at compile time, missing map
    // properties at run time.
    engine.set_strict_variables(true);
    engine.set_fail_on_invalid_map_property(true);

    // The one helper Ensemble adds to Rhai's standard library.
    engine.register_fn("join", join);
    // `text in array`, as Rhai's own `contains` answers it but without a
    // full `==` call per element (rules test a string against a list often).
    engine.register_fn(rhai::OP_CONTAINS, contains_string);

    engine.on_progress(|ops| {
        if ops % 1024 != 0 {
            return None;
        }
        let late = DEADLINE.with(|d| d.get().is_some_and(|d| Instant::now() > d));
        late.then(|| Dynamic::from(TIMEOUT_TOKEN))
    });
    // stdout is for data: a rule's `print` and `debug` go to stderr.
    engine.on_print(|s| eprintln!("{s}"));
    engine.on_debug(|s, source, pos| match (source, pos.line()) {
        (Some(src), Some(line)) => eprintln!("{src}:{line}: debug: {s}"),
        (Some(src), None) => eprintln!("{src}: debug: {s}"),
        (None, _) => eprintln!("debug: {s}"),
    });
    engine
}

/// `items.join(sep)`: the items as text, separated by `sep` (Rhai has no
/// array join of its own).
fn join(items: rhai::Array, sep: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&item.to_string());
    }
    out
}

/// `value in array` for a string `value`: what Rhai's array `contains`
/// answers (`==` on each element, `false` when `==` is not defined between
/// different types), with string elements compared directly. Other
/// elements go through `==` exactly as Rhai does (a string can equal a
/// character, for instance).
fn contains_string(
    ctx: rhai::NativeCallContext,
    array: &mut rhai::Array,
    value: rhai::ImmutableString,
) -> Result<bool, Box<EvalAltResult>> {
    let mut other: Option<Dynamic> = None;
    for item in array.iter_mut() {
        if !item.is_shared() {
            if let Some(text) = item.read_lock::<rhai::ImmutableString>() {
                if *text == value {
                    return Ok(true);
                }
                continue;
            }
        }
        let value = other.get_or_insert_with(|| value.clone().into());
        let equal = ctx
            .call_native_fn_raw(rhai::OP_EQUALS, true, &mut [item, &mut value.clone()])
            .or_else(|err| match *err {
                EvalAltResult::ErrorFunctionNotFound(ref sig, ..)
                    if sig.starts_with(rhai::OP_EQUALS) =>
                {
                    if item.type_id() == value.type_id() {
                        Err(err)
                    } else {
                        Ok(Dynamic::FALSE)
                    }
                }
                _ => Err(err),
            })?
            .as_bool()
            .unwrap_or(false);
        if equal {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A syntax error of a rule file.
pub(crate) fn syntax_error(path: &Path, e: &ParseError) -> RuleError {
    RuleError::Syntax {
        at: at(path, e.1),
        message: lowercase_first(&e.0.to_string()),
    }
}

/// The location of a Rhai position in a rule file.
pub(crate) fn at(path: &Path, pos: Position) -> Location {
    Location::new(path, pos.line(), pos.position())
}

/// Turns an error raised while running `function` of the rule in `path`
/// into a [`RuleError`] at the innermost position, naming the chain of
/// script functions it went through.
pub(crate) fn runtime_error(
    path: &Path,
    function: &str,
    subject: Subject,
    mut err: EvalAltResult,
) -> RuleError {
    let mut chain = vec![function.to_owned()];
    let mut outer = Position::NONE;
    while let EvalAltResult::ErrorInFunctionCall(name, _, inner, pos) = err {
        if !pos.is_none() {
            outer = pos;
        }
        let name = if name.starts_with("anon$") {
            "closure".to_owned()
        } else {
            name
        };
        if chain.last() != Some(&name) {
            chain.push(name);
        }
        err = *inner;
    }
    let pos = if err.position().is_none() {
        outer
    } else {
        err.position()
    };
    // Innermost first: "in `helper` called from `offering`".
    chain.reverse();
    RuleError::Runtime {
        at: at(path, pos),
        function: chain.join("` called from `"),
        subject,
        message: describe(&err),
    }
}

/// A message for a Rhai runtime error, without Rhai's own position suffix.
fn describe(err: &EvalAltResult) -> String {
    use EvalAltResult as E;
    match err {
        E::ErrorPropertyNotFound(p, _) => format!("property `{p}` does not exist"),
        E::ErrorVariableNotFound(v, _) => format!("variable `{v}` is not defined"),
        E::ErrorFunctionNotFound(f, _) => format!("function `{f}` not found"),
        E::ErrorIndexNotFound(i, _) => format!("index `{i}` not found"),
        E::ErrorTooManyOperations(_) => {
            format!("too many operations (limit {MAX_OPERATIONS}); does the rule loop forever?")
        }
        E::ErrorTerminated(token, _) if token.to_string() == TIMEOUT_TOKEN => format!(
            "time limit exceeded ({} ms); does the rule loop forever?",
            TIME_LIMIT.as_millis()
        ),
        E::ErrorStackOverflow(_) => {
            format!("call depth exceeded (limit {MAX_CALL_LEVELS}); does the rule recurse forever?")
        }
        E::ErrorDataTooLarge(what, _) => {
            let what = what.to_lowercase();
            if what.contains("string") {
                format!("string too large (limit {MAX_STRING_SIZE} bytes)")
            } else if what.contains("array") {
                format!("array too large (limit {MAX_ARRAY_SIZE} elements)")
            } else if what.contains("map") {
                format!("object map too large (limit {MAX_MAP_SIZE} entries)")
            } else {
                format!("{what} too large")
            }
        }
        E::ErrorTooManyVariables(_) => {
            format!("too many variables (limit {MAX_VARIABLES})")
        }
        E::ErrorTooManyModules(_) | E::ErrorModuleNotFound(..) => {
            "modules are not available to rules".to_owned()
        }
        E::ErrorRuntime(value, _) => {
            if value.is_unit() {
                "error thrown".to_owned()
            } else {
                format!("error thrown: {value}")
            }
        }
        other => {
            let mut text = other.to_string();
            let pos = other.position();
            if !pos.is_none() {
                let suffix = format!(" ({pos})");
                if let Some(stripped) = text.strip_suffix(&suffix) {
                    text = stripped.to_owned();
                }
            }
            lowercase_first(&text)
        }
    }
}

/// Rhai capitalises its messages; the project style does not.
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if chars.clone().next().is_some_and(|n| n.is_lowercase()) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_in_array_answers_as_rhai_does() {
        let ours = engine();
        let mut rhai = Engine::new_raw();
        rhai.register_global_module(rhai::packages::StandardPackage::new().as_shared_module());
        for expr in [
            r#""b" in ["a", "b"]"#,
            r#""c" in ["a", "b"]"#,
            r#""a" in []"#,
            r#""a" in [1, 'a', "a"]"#,
            r#""a" in [1, 2.0, ()]"#,
            r#""a" in ['a']"#,
            r#""ab" in ['a']"#,
            r#""1" in [1]"#,
            r#""" in [""]"#,
            r#""x" in [["x"], #{x: 1}]"#,
            r#"let a = ["p", "q"]; let f = || a; "q" in f.call()"#,
            r#"let s = "q"; let f = || s; s in ["q"]"#,
            r#"let s = "q"; let f = || s; let a = [s]; "q" in a"#,
            r#"["a"].contains("a")"#,
            r#"2 in [1, 2]"#,
        ] {
            let want = rhai.eval::<Dynamic>(expr).map(|v| v.to_string());
            let got = ours.eval::<Dynamic>(expr).map(|v| v.to_string());
            match (want, got) {
                (Ok(w), Ok(g)) => assert_eq!(g, w, "{expr}"),
                (Err(w), Err(g)) => assert_eq!(g.to_string(), w.to_string(), "{expr}"),
                (w, g) => panic!("{expr}: {w:?} vs {g:?}"),
            }
        }
    }
}
