//! Any bytes as a catalog file next to the example catalog, loaded through
//! `load_catalog` (reading, splitting, locating and rendering problems).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("fuzz.yaml"), data).expect("write");
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../catalog/markets.yaml");
    if let Ok(markets) = std::fs::read(example) {
        std::fs::write(dir.path().join("markets.yaml"), markets).expect("write");
    }
    if let Err(problems) = ensemble_model::load_catalog(dir.path()) {
        let _ = problems.to_string();
    }
});
