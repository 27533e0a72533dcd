use super::*;
use crate::settings::Settings;
use crate::syntax::{Lang, Parsed};

fn codes(text: &str, settings: &Settings) -> Vec<(&'static str, crate::analysis::Severity)> {
    let parsed = Parsed::new(Lang::Yaml, text);
    crate::analysis::check(&parsed, None, settings)
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.severity))
        .collect()
}

#[test]
fn ids_are_sorted_unique_and_formats_known() {
    let ids: Vec<&str> = all().iter().map(|r| r.id).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted);
    for r in all() {
        assert!(!r.formats.is_empty(), "{}", r.id);
        assert_eq!(
            r.fix.is_some(),
            !r.docs.fix.is_empty(),
            "{}: fix and its docs",
            r.id
        );
        assert!(rule(r.id).is_some());
    }
    assert!(all().len() >= 30);
    assert!(all().iter().filter(|r| r.fix.is_some()).count() >= 20);
}

const SPEC: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a/:\n    get:\n      operationId: a\n      responses: {'200': {description: ok}}\n";

#[test]
fn presets_and_rules_by_id() {
    let default = codes(SPEC, &Settings::default());
    assert!(
        default.contains(&("info-contact", Severity::Warning)),
        "{default:?}"
    );
    assert!(default.contains(&("path-keys-no-trailing-slash", Severity::Warning)));
    // Not recommended: off by default, on with the `all` preset.
    assert!(!default.iter().any(|(c, _)| *c == "info-license"));
    let mut s = Settings::default();
    s.lint.preset = Preset::All;
    assert!(codes(SPEC, &s).iter().any(|(c, _)| *c == "info-license"));
    s.lint.preset = Preset::Off;
    s.lint.rules.insert("info-contact".into(), Level::Error);
    let found = codes(SPEC, &s);
    assert_eq!(found, [("info-contact", Severity::Error)]);
    s.lint.rules.insert("info-contact".into(), Level::Off);
    assert!(codes(SPEC, &s).is_empty());
}

#[test]
fn existing_checks_are_set_by_their_rule_id() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get: {operationId: x, responses: {'200': {description: ok}}}\n";
    let mut s = Settings::default();
    s.lint.preset = Preset::Off;
    assert_eq!(
        codes(text, &s),
        [("spec/path-param-undeclared", Severity::Error)]
    );
    s.lint.rules.insert("path-params".into(), Level::Warn);
    assert_eq!(
        codes(text, &s),
        [("spec/path-param-undeclared", Severity::Warning)]
    );
    s.lint.rules.insert("path-params".into(), Level::Off);
    assert!(codes(text, &s).is_empty());
}

#[test]
fn generated_operation_ids_are_unique() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      responses: {'200': {description: ok}}\n    post:\n      operationId: getPets\n      responses: {'200': {description: ok}}\n";
    let parsed = Parsed::new(Lang::Yaml, text);
    let d = crate::analysis::check(&parsed, None, &Settings::default()).diagnostics;
    let fix = d
        .iter()
        .find(|d| d.code == "operation-operationId")
        .and_then(|d| d.fix.clone())
        .unwrap();
    assert_eq!(fix.edits[0].1, "operationId: getPets2\n      ");
    assert_eq!(fix.applicability, Applicability::Safe);
}

#[test]
fn node_rules_do_not_read_extensions_as_openapi_objects() {
    // An `examples` map without `value` in an operation's media type is reported; the same
    // shape under an extension (OpenAI's `x-oaiMeta.examples`) is the extension's own.
    let doc = |at: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      {at}\n        examples:\n          one: {{summary: s}}\n      responses:\n        '200': {{description: ok}}\n"
        )
    };
    let count = |text: &str| {
        codes(text, &Settings::default())
            .iter()
            .filter(|(c, _)| *c == "oas3-examples-value-or-externalValue")
            .count()
    };
    assert_eq!(count(&doc("x-meta:")), 0);
    let media = doc("requestBody:\n        content:\n          application/json:").replace(
        "        examples:\n          one",
        "            examples:\n              one",
    );
    assert_eq!(count(&media), 1, "{media}");
}
