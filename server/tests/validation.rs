//! Schema validation on real documents:
//! - validating unit by unit (what the server does) gives exactly the diagnostics of validating
//!   the whole document at once, on every spec of `../shared/corpus`;
//! - after random edits, the diagnostics kept up to date through the unit cache equal those of a
//!   whole-document validation without the cache, and the cache really is used;
//! - known-valid documents get no schema diagnostic.

use std::path::{Path, PathBuf};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use specls::analysis::Diagnostic;
use specls::spec::{self, Family};
use specls::syntax::{Lang, LineCol, Parsed, PositionEncoding, SourceFile, TextChange};
use specls::validate::{self, Cache};

mod support;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

fn lang_of(p: &Path) -> Option<Lang> {
    match p.extension()?.to_str()? {
        "yaml" | "yml" => Some(Lang::Yaml),
        "json" => Some(Lang::Json),
        _ => None,
    }
}

fn show(text: &str, ds: &[Diagnostic]) -> Vec<String> {
    ds.iter()
        .map(|d| {
            let line = text[..d.range.start.min(text.len())].matches('\n').count() + 1;
            format!("{line}: {} {} {:?}", d.code, d.message, d.range)
        })
        .collect()
}

#[test]
fn units_give_the_diagnostics_of_the_whole_document_on_the_corpus() {
    let mut files = Vec::new();
    for dir in ["openapi", "asyncapi", "multifile"] {
        files.extend(
            support::walk(&corpus().join(dir))
                .into_iter()
                .filter(|p| lang_of(p).is_some()),
        );
    }
    assert!(files.len() > 150, "corpus not found: {}", files.len());
    let (mut checked, mut with_units, mut with_errors) = (0, 0, 0);
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let parsed = Parsed::new(lang_of(file).unwrap(), &text);
        let kind = spec::detect(&parsed.tree, &parsed.rope, Some(file));
        if matches!(kind.family, Family::Fragment | Family::JsonSchema) {
            continue;
        }
        checked += 1;
        let (by_units, stats) = validate::validate(&parsed, &kind, &mut Cache::default());
        let whole = validate::validate_whole(&parsed, &kind);
        assert_eq!(
            show(&text, &by_units),
            show(&text, &whole),
            "{}: unit by unit vs whole",
            file.display()
        );
        with_units += usize::from(stats.validated > 0);
        with_errors += usize::from(!whole.is_empty());
    }
    eprintln!("{checked} specs: {with_units} validated by units, {with_errors} with schema errors");
    assert!(checked > 150, "{checked}");
    assert!(with_units > 100, "{with_units}");
}

/// A UTF-8 position of a byte offset (the test's texts are edited at char boundaries).
fn pos(text: &str, offset: usize) -> LineCol {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let col = (offset - before.rfind('\n').map_or(0, |i| i + 1)) as u32;
    LineCol { line, col }
}

#[test]
fn incremental_validation_equals_a_fresh_one_after_random_edits() {
    let specs = [
        "openapi/oai-learn/v3.1/tictactoe.yaml",
        "openapi/oai-learn/v3.1/webhook-example.json",
        "openapi/paypal/invoicing_v2.json",
        "openapi/box/openapi.json",
        "openapi/docusign/monitor.rest.swagger-v2.0.json",
        "asyncapi/asyncapi-spec-examples-3.0.0/streetlights-kafka-asyncapi.yml",
    ];
    let inserts = [
        "a",
        " ",
        "\n",
        "1",
        "\"",
        ":",
        "x-",
        "{}",
        "[]",
        "true",
        "-",
        "\"in\": \"quer\",",
    ];
    let seed: u64 = std::env::var("SPECLS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261123);
    let mut rng = StdRng::seed_from_u64(seed);
    // Per language: [JSON, YAML].
    let (mut edits, mut reused, mut validated) = (0usize, [0usize; 2], [0usize; 2]);
    for spec in specs {
        let path = corpus().join(spec);
        let Ok(mut text) = std::fs::read_to_string(&path) else {
            panic!("missing {}", path.display());
        };
        let lang = lang_of(&path).unwrap();
        let mut file = SourceFile::new(lang, &text);
        let mut cache = Cache::default();
        let mut checks_cache = specls::checks::Cache::default();
        let mut sites_cache = specls::refs::SitesCache::default();
        let parsed = file.parsed();
        let kind = spec::detect(&parsed.tree, &parsed.rope, Some(&path));
        validate::validate(&parsed, &kind, &mut cache);
        for _ in 0..60 {
            let mut at = rng.random_range(0..=text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + rng.random_range(0..4)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let insert = if rng.random_bool(0.3) {
                ""
            } else {
                inserts[rng.random_range(0..inserts.len())]
            };
            let change = TextChange {
                range: Some((pos(&text, at), pos(&text, end))),
                text: insert.to_string(),
            };
            text.replace_range(at..end, insert);
            file.edit(&change, PositionEncoding::Utf8);
            let parsed = file.parsed();
            assert_eq!(parsed.rope.to_string(), text);
            let kind = spec::detect(&parsed.tree, &parsed.rope, Some(&path));
            let (inc, stats) = validate::validate(&parsed, &kind, &mut cache);
            // The same tree validated whole, without the cache. (A tree-sitter tree built
            // incrementally may recover from a syntax error differently from a fresh parse;
            // `random_edits.rs` covers the parse, this test the validation.)
            let fresh = validate::validate_whole(&parsed, &kind);
            assert_eq!(
                show(&text, &inc),
                show(&text, &fresh),
                "{spec} after edit {edits} (seed {seed})"
            );
            // The spec checks with their cache of example outcomes, against a run without it.
            let cached = specls::checks::run_with(&parsed, &kind, &mut checks_cache);
            let uncached = specls::checks::run(&parsed, &kind);
            assert_eq!(
                show(&text, &cached),
                show(&text, &uncached),
                "{spec} after edit {edits}: spec checks (seed {seed})"
            );
            // The `$ref`s found with what the previous parse kept, against a fresh walk.
            assert_eq!(
                specls::refs::ref_sites_with(&parsed, &mut sites_cache),
                specls::refs::ref_sites(&parsed),
                "{spec} after edit {edits}: $ref sites (seed {seed})"
            );
            edits += 1;
            let l = usize::from(lang == Lang::Yaml);
            reused[l] += stats.reused;
            validated[l] += stats.validated;
        }
    }
    eprintln!(
        "{edits} edits: JSON {} units validated, {} from the cache; YAML {} validated, {} from the cache",
        validated[0], reused[0], validated[1], reused[1]
    );
    // Most units are untouched by an edit: the cache must serve them.
    assert!(
        reused[0] > 10 * validated[0],
        "JSON: {} reused, {} validated",
        reused[0],
        validated[0]
    );
    // YAML too (the node tree shares what an edit did not touch); these YAML specs are small,
    // so an edit touches a larger share of their units.
    assert!(
        reused[1] > 3 * validated[1],
        "YAML: {} reused, {} validated",
        reused[1],
        validated[1]
    );
}

/// Documents written to be valid get no schema diagnostic.
#[test]
fn valid_documents_get_no_schema_diagnostic() {
    for spec in [
        "openapi/oai-learn/v3.1/tictactoe.yaml",
        "openapi/oai-learn/v3.1/webhook-example.yaml",
        "openapi/oai-learn/v3.0/petstore-expanded.yaml",
        "openapi/box/openapi.json",
        "asyncapi/asyncapi-spec-examples-3.0.0/streetlights-kafka-asyncapi.yml",
        "asyncapi/asyncapi-spec-examples-2.6.0/streetlights-kafka.yml",
    ] {
        let path = corpus().join(spec);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{spec}"));
        let parsed = Parsed::new(lang_of(&path).unwrap(), &text);
        let kind = spec::detect(&parsed.tree, &parsed.rope, Some(&path));
        assert!(!matches!(kind.family, Family::Fragment), "{spec}");
        let d = validate::validate_whole(&parsed, &kind);
        assert!(d.is_empty(), "{spec}: {:?}", show(&text, &d));
    }
}

fn json_schema_kind(line: spec::Line) -> spec::SpecKind {
    spec::SpecKind {
        family: Family::JsonSchema,
        line,
        version: String::new(),
        source: spec::Source::None,
    }
}

/// Every schema of the JSON-Schema-Test-Suite (each case's `schema`, and the `remotes`) and every
/// SchemaStore schema of the corpus is valid under the meta-schema of its draft.
#[test]
fn real_json_schemas_are_valid_under_their_meta_schemas() {
    let suite = corpus().join("jsonschema/JSON-Schema-Test-Suite");
    let mut checked = 0;
    for (folder, line) in [
        ("tests/draft7", spec::Line::Draft07),
        ("tests/draft2020-12", spec::Line::Draft202012),
    ] {
        for file in support::walk(&suite.join(folder)) {
            let text = std::fs::read_to_string(&file).unwrap();
            let cases: serde_json::Value = serde_json::from_str(&text).unwrap();
            for case in cases.as_array().unwrap() {
                let schema = serde_json::to_string_pretty(&case["schema"]).unwrap();
                let parsed = Parsed::new(Lang::Json, &schema);
                let d = validate::validate_whole(&parsed, &json_schema_kind(line));
                assert!(
                    d.is_empty(),
                    "{}: {}: {:?}",
                    file.display(),
                    case["description"],
                    show(&schema, &d)
                );
                checked += 1;
            }
        }
    }
    let mut stores = 0;
    for file in support::walk(&corpus().join("jsonschema/schemastore")) {
        if lang_of(&file) != Some(Lang::Json) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let parsed = Parsed::new(Lang::Json, &text);
        let kind = spec::detect(&parsed.tree, &parsed.rope, Some(&file));
        if kind.family != Family::JsonSchema {
            continue;
        }
        let d = validate::validate_whole(&parsed, &kind);
        assert!(d.is_empty(), "{}: {:?}", file.display(), show(&text, &d));
        stores += 1;
    }
    eprintln!("{checked} Test-Suite schemas and {stores} SchemaStore schemas are valid");
    assert!(checked > 700 && stores > 40, "{checked} {stores}");
}

/// Broken copies of real schemas: each mistake is reported on the value that is wrong.
#[test]
fn broken_json_schemas_are_caught_at_the_right_range() {
    let file = corpus().join("jsonschema/schemastore/github-workflow.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut found = 0;
    for (needle, broken, code) in [
        ("\"type\": \"string\"", "\"type\": \"strin\"", "schema/enum"),
        ("\"type\": \"object\"", "\"type\": 12", "schema/type"),
        ("\"minimum\": 1", "\"minimum\": \"1\"", "schema/type"),
        ("\"required\": [", "\"required\": {\"a\": [", "schema/type"),
    ] {
        let Some(at) = text.find(needle) else {
            continue;
        };
        let mut copy = text.clone();
        let mut replacement = broken.to_string();
        if broken.ends_with("[") && broken.contains('{') {
            // Keep the JSON well formed: close the object after the list.
            let end = at + text[at..].find(']').unwrap() + 1;
            replacement = format!("{}{}}}", broken, &text[at + needle.len()..end]);
            copy.replace_range(at..end, &replacement);
        } else {
            copy.replace_range(at..at + needle.len(), &replacement);
        }
        let parsed = Parsed::new(Lang::Json, &copy);
        assert!(
            parsed.errors().is_empty(),
            "{broken}: the copy must stay valid JSON"
        );
        let kind = spec::detect(&parsed.tree, &parsed.rope, Some(&file));
        let d = validate::validate_whole(&parsed, &kind);
        assert_eq!(d.len(), 1, "{broken}: {:?}", show(&copy, &d));
        assert_eq!(d[0].code, code, "{broken}");
        // A scalar: the range is the value after the key. A collection: its key (a whole block
        // is never underlined).
        let expected_start = if replacement.contains('{') {
            at
        } else {
            at + replacement.find(':').unwrap() + 2
        };
        assert_eq!(
            d[0].range.start,
            expected_start,
            "{broken}: {:?}",
            show(&copy, &d)
        );
        found += 1;
    }
    assert!(found >= 3, "{found}");
}

/// Of a duplicated key, only the last value counts (as when the document is read as JSON), unit
/// by unit as in the whole document.
#[test]
fn duplicated_unit_keys_are_judged_like_the_whole_document() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {responses: {}}\n  /a:\n    get: {responses: {'200': {description: ok}}}\n";
    let parsed = Parsed::new(Lang::Yaml, text);
    let kind = spec::detect(&parsed.tree, &parsed.rope, None);
    let (by_units, _) = validate::validate(&parsed, &kind, &mut Cache::default());
    let whole = validate::validate_whole(&parsed, &kind);
    assert_eq!(show(text, &by_units), show(text, &whole));
    assert!(whole.is_empty(), "{:?}", show(text, &whole));
}
