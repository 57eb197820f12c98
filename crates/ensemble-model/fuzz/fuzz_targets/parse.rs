//! Any text, parsed as catalog documents and built into a catalog: errors
//! are fine, panics are bugs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(docs) = ensemble_model::parse_str(text) {
        if let Err(problems) =
            ensemble_model::catalog_from_documents(docs, std::path::Path::new("fuzz.yaml"))
        {
            let _ = problems.to_string();
        }
    }
});
