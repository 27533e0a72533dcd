//! Schema validation, spec checks and lint rules: any text, parsed as YAML and as JSON, analyzed
//! as the kind it says it is (the seeds are real OpenAPI, AsyncAPI and JSON Schema documents),
//! and with its fixes applied.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specls::settings::Settings;
use specls::syntax::{Lang, Parsed};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let settings = Settings::default();
    for lang in [Lang::Yaml, Lang::Json] {
        let parsed = Parsed::new(lang, text);
        let report = specls::analysis::check(&parsed, None, &settings);
        for d in &report.diagnostics {
            assert!(
                d.range.start <= d.range.end && d.range.end <= text.len(),
                "a diagnostic out of the text: {d:?}"
            );
        }
        let edits = specls::analysis::fix::fix_all_edits(&report.diagnostics);
        let _ = specls::analysis::fix::apply_edits(text, &edits);
    }
});
