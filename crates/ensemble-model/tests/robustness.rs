//! Bad input never panics the loader, and loading does not depend on file
//! order.
//!
//! The mutation loop is a poor man's fuzzer: a fixed seed, about 2,500
//! random byte flips, deletions, insertions, splices and truncations of the
//! example catalog's files, each loaded as a whole catalog. A panic anywhere
//! (serde_yaml included) fails the test and prints the seed and mutation.

use std::fs;
use std::path::{Path, PathBuf};

use ensemble_model::{load_catalog, parse_str};

/// splitmix64: deterministic everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn example_catalog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog")
}

/// The example catalog's YAML files, by path relative to the catalog.
fn example_files() -> Vec<(PathBuf, Vec<u8>)> {
    let root = example_catalog();
    ensemble_model::catalog_files(&root)
        .unwrap()
        .into_iter()
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (p.strip_prefix(&root).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

/// Bytes that matter to YAML, to make mutations bite.
const INTERESTING: &[u8] = b":-[]{},#&*!|>'\"%@`\n\t ?0.^~=<>\xff\xc3";

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) -> String {
    let at = rng.below(bytes.len() + 1);
    match rng.below(6) {
        0 if at < bytes.len() => {
            bytes[at] ^= 1 << rng.below(8);
            format!("flip a bit at {at}")
        }
        1 if at < bytes.len() => {
            let len = (1 + rng.below(16)).min(bytes.len() - at);
            bytes.drain(at..at + len);
            format!("delete {len} bytes at {at}")
        }
        2 => {
            let b = INTERESTING[rng.below(INTERESTING.len())];
            bytes.insert(at, b);
            format!("insert {b:#04x} at {at}")
        }
        3 => {
            bytes.truncate(at);
            format!("truncate at {at}")
        }
        4 if !bytes.is_empty() => {
            // Copy a line elsewhere: duplicates keys, ids, documents.
            let from = rng.below(bytes.len());
            let start = bytes[..from]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = bytes[from..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| from + i + 1);
            let line = bytes[start..end].to_vec();
            let at = at.min(bytes.len());
            bytes.splice(at..at, line);
            format!("copy bytes {start}..{end} to {at}")
        }
        _ if at < bytes.len() => {
            bytes[at] = INTERESTING[rng.below(INTERESTING.len())];
            format!("replace byte {at}")
        }
        _ => "nothing".to_owned(),
    }
}

#[test]
fn mutated_catalogs_never_panic_the_loader() {
    let files = example_files();
    assert!(files.len() >= 3);
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in &files {
        let full = dir.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, bytes).unwrap();
    }
    assert!(
        load_catalog(dir.path()).is_ok(),
        "the example catalog is valid"
    );

    let mut rng = Rng(0x00C0_FFEE);
    // About 2,500 mutations in 1,000 catalogs.
    let rounds = 1000;
    let mut rejected = 0;
    for round in 0..rounds {
        let (path, original) = &files[rng.below(files.len())];
        let mut bytes = original.clone();
        let mut log = Vec::new();
        for _ in 0..1 + rng.below(4) {
            log.push(mutate(&mut rng, &mut bytes));
        }
        let full = dir.path().join(path);
        fs::write(&full, &bytes).unwrap();
        let outcome = std::panic::catch_unwind(|| {
            // Rendering the diagnostics is part of not panicking.
            load_catalog(dir.path()).map_err(|d| d.to_string())
        });
        match outcome {
            Ok(Ok(_)) => {}
            Ok(Err(text)) => {
                rejected += 1;
                assert!(!text.is_empty());
                assert!(!text.contains("panicked"), "{text}");
            }
            Err(_) => panic!(
                "round {round}: loading panicked after mutating `{}`: {log:?}",
                path.display()
            ),
        }
        // Also the in-memory parser, on the text as it stands.
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = parse_str(text);
        }
        fs::write(&full, original).unwrap();
    }
    // Most mutations must be caught; a few (in comments, say) are harmless.
    assert!(
        rejected > rounds / 3,
        "only {rejected} of {rounds} rejected"
    );
}

#[test]
fn hostile_documents_never_panic() {
    let nasty = [
        "kind: offering\nid: a\nattributes: &a [*a]\n",
        "kind: offering\nattributes:\n  x: *nope\n---\n]\n",
        "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
        "kind: offering\nid: a\nname: A\nversion: 1.0.0\nportfolio: p\nlifecycle: formation\nattributes: {a: &x {b: *x}}\n",
        "kind: !!binary offering\n",
        "? [kind]\n: offering\n",
        "kind: offering\n? complex\n: key\n",
        "--- |\n  text\n--- >\n  folded\n",
        "kind: offering\nid: a\n<<: {name: A}\n",
        "%TAG ! tag:x,2000:\n--- !x\nkind: market\n",
        "kind: market\nid: m\nname: M\npriorities: [{id: p, capabilities: [c]}, {id: p, capabilities: [c]}]\n",
        "\u{feff}kind: market\nid: m\nname: M\n",
        "kind: market\r\nid: m\r\nname: M\r\n",
        "...\n...\n---\n...\n",
        "kind: partner\nid: p\nname: P\nagreement: {status: active, expires: 99999-99-99}\n",
        "kind: offering\nid: a\nname: A\nversion: 18446744073709551616.0.0\nportfolio: p\nlifecycle: formation\n",
        "kind: offering\nid: a\nname: A\nversion: 1.0.0\nportfolio: p\nlifecycle: formation\nprice: {amount: .nan, currency: USD, per: month}\n",
    ];
    let deep = format!("kind: market\nid: m\nname: {}\n", "[".repeat(10_000));
    for text in nasty.iter().copied().chain([deep.as_str()]) {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("x.yaml"), text).unwrap();
        let result =
            std::panic::catch_unwind(|| load_catalog(dir.path()).map_err(|d| d.to_string()));
        assert!(result.is_ok(), "panicked on {text:?}");
    }
}

/// Copies `files` into a fresh catalog, naming each by `rename`.
fn catalog_with(
    files: &[(PathBuf, Vec<u8>)],
    rename: impl Fn(usize, &Path) -> PathBuf,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (i, (path, bytes)) in files.iter().enumerate() {
        let full = dir.path().join(rename(i, path));
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, bytes).unwrap();
    }
    dir
}

#[test]
fn file_order_does_not_change_the_catalog() {
    let files = example_files();
    let n = files.len();
    let as_is = catalog_with(&files, |_, p| p.to_path_buf());
    // Reversed order, flattened into one directory, different names.
    let reversed = catalog_with(&files, |i, _| PathBuf::from(format!("{:02}.yaml", n - i)));
    let nested = catalog_with(&files, |i, p| {
        PathBuf::from(format!(
            "z{i}/a/{}",
            p.file_name().unwrap().to_string_lossy()
        ))
    });
    let summary = |dir: &Path| {
        let catalog = load_catalog(dir).unwrap();
        let offerings = serde_json::to_string(catalog.offerings()).unwrap();
        let conflicts: Vec<Vec<usize>> = catalog
            .indexes()
            .map(|ix| catalog.conflicts(ix).iter().map(|c| c.index()).collect())
            .collect();
        let mut providers: Vec<(String, Vec<(usize, String)>)> = catalog
            .interfaces()
            .map(|i| {
                let list = catalog
                    .providers(i.as_str())
                    .iter()
                    .map(|p| (p.offering.index(), p.version.to_string()))
                    .collect();
                (i.to_string(), list)
            })
            .collect();
        providers.sort();
        let partners: Vec<String> = catalog.partners().keys().map(|k| k.to_string()).collect();
        let markets: Vec<String> = catalog.markets().keys().map(|k| k.to_string()).collect();
        (offerings, conflicts, providers, partners, markets)
    };
    let expected = summary(as_is.path());
    assert_eq!(summary(reversed.path()), expected);
    assert_eq!(summary(nested.path()), expected);
}

#[test]
fn problems_are_reported_in_the_same_order_whatever_the_file_order() {
    let bad = "kind: offering\nid: dup\nname: D\nversion: 1.0.0\nportfolio: p\nlifecycle: formation\npartner: nobody\n";
    let render = |dir: &Path| {
        let root = dir.display().to_string();
        load_catalog(dir)
            .unwrap_err()
            .to_string()
            .replace(&root, "[CATALOG]")
    };
    let a = tempfile::tempdir().unwrap();
    for name in ["b.yaml", "a.yaml", "c/d.yaml"] {
        fs::create_dir_all(a.path().join("c")).unwrap();
        fs::write(a.path().join(name), bad).unwrap();
    }
    let first = render(a.path());
    for _ in 0..5 {
        assert_eq!(render(a.path()), first);
    }
    assert!(first.contains("[CATALOG]/b.yaml:2:1: duplicate offering id `dup`, first defined at [CATALOG]/a.yaml:2:1"), "{first}");
}
