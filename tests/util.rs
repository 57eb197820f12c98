//! The end-to-end harness: fixture files in a temporary directory, the real
//! `ensemble` binary run on them, and its outcome as one snapshot-able text.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary working directory with files in it.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Self {
        Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Writes `contents` to `path` (relative to the fixture), creating
    /// directories as needed.
    pub fn file(&self, path: &str, contents: &str) -> &Self {
        let full = self.dir.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, contents).unwrap();
        self
    }

    /// Copies the repository's example catalog (and bundles and rules, where
    /// they exist) into the fixture.
    pub fn with_examples(&self) -> &Self {
        for dir in ["catalog", "bundles", "rules"] {
            let src = repo_root().join(dir);
            if src.exists() {
                copy_dir(&src, &self.dir.path().join(dir));
            }
        }
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `ensemble` with `args` in the fixture directory.
    pub fn run(&self, args: &[&str]) -> Outcome {
        let output = Command::new(env!("CARGO_BIN_EXE_ensemble"))
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run ensemble");
        let root = self.dir.path().to_string_lossy().into_owned();
        let clean = |bytes: &[u8]| String::from_utf8_lossy(bytes).replace(&root, "[TEMP]");
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: clean(&output.stdout),
            stderr: clean(&output.stderr),
        }
    }
}

/// What a run of `ensemble` did.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Exit code, stdout and stderr as one text, for snapshots.
    pub fn snapshot(&self) -> String {
        format!(
            "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// Asserts the exit code, showing everything on failure.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "{}", self.snapshot());
        self
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for entry in fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), to).unwrap();
        }
    }
}

/// Snapshots an outcome under `name` (in `tests/snapshots/`).
#[macro_export]
macro_rules! assert_cli_snapshot {
    ($name:expr, $outcome:expr) => {
        insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!($name, $outcome.snapshot());
        });
    };
}
