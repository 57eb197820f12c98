//! Writing results: stdout for data, stderr for diagnostics, atomic files.

use std::io::Write;
use std::path::Path;

use crate::error::CliError;

/// Prints an error (and its hint) to stderr.
pub fn report_error(e: &CliError) {
    let mut stderr = std::io::stderr().lock();
    match e {
        // Diagnostics render their own `error:` prefixes and hints.
        CliError::Input(d) => {
            let _ = writeln!(stderr, "{d}");
        }
        other => {
            let _ = writeln!(stderr, "error: {other}");
            if let Some(hint) = other.hint() {
                let _ = writeln!(stderr, "  hint: {hint}");
            }
        }
    }
}

/// Writes `contents` to `path` atomically: a temporary file in the same
/// directory, flushed, then renamed over the target. A missing directory is
/// an error, never created.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), CliError> {
    let err = |source| CliError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("directory `{}` does not exist", dir.display()),
        )));
    }
    // tempfile's errors name the random temporary file; the user only ever
    // asked for `path`, so only the cause is kept.
    let plain = |e: std::io::Error| {
        err(e.raw_os_error().map_or_else(
            || std::io::Error::from(e.kind()),
            std::io::Error::from_raw_os_error,
        ))
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(plain)?;
    // The temporary file is private (0600); the result should have the mode
    // of the file it replaces, or the usual 0644 for a new one.
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => default_permissions(tmp.as_file()).map_err(plain)?,
    };
    tmp.as_file().set_permissions(permissions).map_err(plain)?;
    tmp.write_all(contents).map_err(plain)?;
    tmp.as_file().sync_all().map_err(plain)?;
    tmp.persist(path).map_err(|e| plain(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

/// Writes data to `out` when given, else to stdout.
pub fn emit(out: Option<&Path>, contents: &str) -> Result<(), CliError> {
    match out {
        Some(path) => write_atomic(path, contents.as_bytes()),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = stdout.write_all(contents.as_bytes());
            let _ = stdout.flush();
            Ok(())
        }
    }
}

/// Renders rows as a left-aligned table with a header, columns separated by
/// two spaces, no trailing spaces.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(cell);
            let pad = widths[i].saturating_sub(cell.chars().count());
            s.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// JSON with a trailing newline, as every `--format json` prints.
pub fn json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| CliError::Encode(e.to_string()))?;
    s.push('\n');
    Ok(s)
}
