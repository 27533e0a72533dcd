//! Loading rulesets: what each shape gives, and the diagnostics of broken ones.

use super::*;

fn load_text(text: &str) -> Ruleset {
    let dir = std::env::temp_dir();
    load(&dir.join(".spectral.yaml"), text, &dir)
}

fn codes(r: &Ruleset) -> Vec<(&'static str, String)> {
    r.diagnostics
        .iter()
        .map(|d| (d.code, r.text[d.range.clone()].to_string()))
        .collect()
}

#[test]
fn extends_and_severities() {
    let r = load_text(
        "extends: [[spectral:oas, all]]\nrules:\n  info-contact: off\n  operation-tags: 0\n",
    );
    assert_eq!(r.preset, Preset::All);
    assert_eq!(r.levels["info-contact"], Level::Off);
    assert_eq!(r.levels["operation-tags"], Level::Error);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let r = load_text("rules: {}\n");
    assert_eq!(r.preset, Preset::Off);
    let r = load_text("extends: spectral:oas\n");
    assert_eq!(r.preset, Preset::Recommended);
    let r = load_text("extends:\nrules:\noverrides:\n");
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn broken_rulesets_get_diagnostics_where_they_are_wrong() {
    let r = load_text(
        "extends: [spectral:oas, spectral:asyncapi, 'https://example.com/r.yaml']\nfunctions: [myFn]\nrules:\n  a:\n    given: $.info[\n    then: {function: truthy}\n  b:\n    given: $.info\n    then: {function: truthy2}\n  c:\n    given: $.info\n    severity: loud\n    then: {function: truthy}\n  d:\n    given: $.info\n    then: {function: myFn}\n  info-contct: off\n  e:\n    given: $.paths\n    then: {function: pattern, functionOptions: {match: '(?<=a)b'}}\n",
    );
    let found = codes(&r);
    let has = |code: &str, text: &str| found.iter().any(|(c, t)| *c == code && t == text);
    assert!(has("ruleset/bad-jsonpath", "$.info["), "{found:?}");
    assert!(has("ruleset/unknown-function", "truthy2"), "{found:?}");
    assert!(has("ruleset/bad-severity", "loud"), "{found:?}");
    assert!(has("ruleset/js-function", "myFn"), "{found:?}");
    assert!(has("ruleset/unknown-rule", "info-contct"), "{found:?}");
    assert!(has("ruleset/unsupported", "spectral:asyncapi"), "{found:?}");
    // The hint names the `spectral:asyncapi` rules that are skipped, and only those.
    let hint = &r
        .diagnostics
        .iter()
        .find(|d| {
            d.code == "ruleset/unsupported" && r.text[d.range.clone()] == *"spectral:asyncapi"
        })
        .unwrap()
        .message;
    assert!(hint.contains("`asyncapi-schema`"), "{hint}");
    assert!(!hint.contains("asyncapi-payload"), "{hint}");
    assert!(!hint.contains("asyncapi-channel-servers"), "{hint}");
    assert!(!hint.contains("uniqueness"), "{hint}");
    assert!(!hint.contains("asyncapi-schema-default"), "{hint}");
    assert!(!hint.contains("asyncapi-message-examples"), "{hint}");
    assert!(
        has("ruleset/remote-extends", "'https://example.com/r.yaml'"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(c, _)| *c == "ruleset/bad-options"),
        "{found:?}"
    );
    let msg = &r
        .diagnostics
        .iter()
        .find(|d| d.code == "ruleset/unknown-rule")
        .unwrap()
        .message;
    assert!(msg.contains("`info-contact`"), "{msg}");
    // The rules that could be read are kept.
    let own: Vec<_> = r
        .rules
        .iter()
        .map(|x| x.id)
        .filter(|id| !id.starts_with("asyncapi-"))
        .collect();
    assert_eq!(own, ["c"]);
}

#[test]
fn extends_outside_the_workspace_is_refused() {
    let r = load_text("extends: ['../../etc/ruleset.yaml']\n");
    assert_eq!(codes(&r)[0].0, "ruleset/extends");
}

fn scratch(tag: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("specls-ruleset-unit-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    dir
}

#[test]
fn project_settings_win_over_the_ruleset_and_its_overrides() {
    use crate::settings::{for_workspace, parse_project_file};
    let dir = scratch("precedence");
    std::fs::write(
        dir.join("rules/team.yaml"),
        "extends: [[spectral:oas, all]]\nrules:\n  info-contact: error\n  info-license: error\noverrides:\n  - files: ['legacy/**']\n    rules:\n      info-contact: hint\n      info-license: hint\n",
    )
    .unwrap();
    // Not found by default: the name is not a default one.
    assert!(for_workspace(&dir, &[]).unwrap().lint.ruleset.is_none());
    let project = parse_project_file(
        "ruleset_path = \"rules/team.yaml\"\n[lint.rules]\ninfo-contact = \"warn\"\n",
    )
    .unwrap();
    let s = for_workspace(&dir, &[&project]).unwrap();
    assert_eq!(s.lint.preset, Preset::All);
    assert_eq!(s.lint.rules["info-contact"], Level::Warn);
    assert_eq!(s.lint.rules["info-license"], Level::Error);
    // Globs are relative to the ruleset's folder (`rules/`); `specls.toml` keeps its setting.
    let legacy = s.lint.for_path(Some(Path::new("rules/legacy/a.yaml")));
    assert_eq!(legacy.rules["info-contact"], Level::Warn);
    assert_eq!(legacy.rules["info-license"], Level::Hint);
    let other = s.lint.for_path(Some(Path::new("legacy/a.yaml")));
    assert_eq!(other.rules["info-license"], Level::Error);
    // A `rulesetPath` outside the workspace is not read.
    let outside = parse_project_file("ruleset_path = \"../elsewhere.yaml\"\n").unwrap();
    let e = for_workspace(&dir.join("rules"), &[&outside]).unwrap_err();
    assert!(e.contains("outside the workspace"), "{e}");
}

#[test]
fn documentation_urls_name_each_custom_rule() {
    let r = load_text("documentationUrl: https://example.com/style\nrules:\n  doc-url-a:\n    given: $\n    then: {function: truthy}\n  doc-url-b:\n    documentationUrl: https://example.com/b\n    given: $\n    then: {function: truthy}\n");
    assert_eq!(r.rules.len(), 2);
    assert_eq!(
        crate::analysis::doc_url("doc-url-a"),
        "https://example.com/style#doc-url-a"
    );
    assert_eq!(
        crate::analysis::doc_url("doc-url-b"),
        "https://example.com/b"
    );
}

/// A ruleset cut anywhere (as while it is typed) loads with diagnostics, never a panic, and a
/// document still runs the rules that could be read.
#[test]
fn a_ruleset_cut_anywhere_still_loads() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../test-workspaces/rulesets/functions/.spectral.yaml"),
    )
    .unwrap();
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../test-workspaces/rulesets/functions/bad.yaml"),
    )
    .unwrap();
    let parsed = Parsed::new(Lang::Yaml, &spec);
    let kind = crate::spec::detect(&parsed.tree, &parsed.rope, None);
    for (i, _) in text.char_indices().step_by(7) {
        let r = load_text(&text[..i]);
        let _ = run(&r, &parsed, &kind, None);
    }
}

#[test]
fn spectral_asyncapi_loads_its_core_function_rules() {
    let r = load_text("extends: [[spectral:asyncapi, all]]\nrules:\n  asyncapi-tags: off\n");
    assert!(
        r.diagnostics.iter().all(|d| d.severity == Severity::Hint),
        "{:?}",
        r.diagnostics
    );
    assert_eq!(r.preset, Preset::Off);
    // Spectral 1.23's 55 but its meta-schema rules (`asyncapi-schema`,
    // `asyncapi-3-document-resolved`, `asyncapi-3-document-unresolved`).
    assert_eq!(r.rules.len(), 52);
    let tags = r.rules.iter().find(|x| x.id == "asyncapi-tags").unwrap();
    assert_eq!(tags.severity, None);
    let url = r
        .rules
        .iter()
        .find(|x| x.id == "asyncapi-info-license-url")
        .unwrap();
    assert!(url.recommended);
    assert!(url
        .documentation_url
        .as_deref()
        .unwrap()
        .ends_with("asyncapi-rules.md#asyncapi-info-license-url"));
}

#[test]
fn rules_defined_in_overrides_apply_only_to_the_files_they_match() {
    let r = load_text(
        "extends: spectral:oas\nrules:\n  mine:\n    given: $.info\n    then: {function: truthy}\noverrides:\n  - files: ['legacy/**']\n    rules:\n      mine:\n        given: $.paths\n        severity: error\n        then: {function: truthy}\n      info-contact:\n        given: $.info\n        then: {field: contact, function: truthy}\n      extra:\n        given: $.info\n        then: {function: truthy}\n      bad:\n        given: $.info[\n        then: {function: truthy}\n  - files: ['legacy/old/**']\n    rules:\n      extra: off\n      nowhere: error\n",
    );
    let found = codes(&r);
    // A definition that cannot be read, and a severity for no rule, where they are written.
    assert_eq!(
        found,
        [
            ("ruleset/bad-jsonpath", "$.info[".to_string()),
            ("ruleset/unknown-rule", "nowhere".to_string())
        ]
    );
    let ids = |p: &str| {
        let here = r.for_file(Some(Path::new(p)));
        let ids: Vec<_> = here.rules.iter().map(|x| (x.id, x.given.len())).collect();
        (ids, here.custom, here.builtin)
    };
    let (rules, custom, builtin) = ids("api.yaml");
    assert_eq!(rules, [("mine", 1)]);
    assert!(custom.is_empty() && builtin.is_empty());
    let (rules, custom, builtin) = ids("legacy/a.yaml");
    assert_eq!(
        rules.iter().map(|x| x.0).collect::<Vec<_>>(),
        ["mine", "info-contact", "extra"]
    );
    let mine = r.for_file(Some(Path::new("legacy/a.yaml"))).rules[0];
    assert_eq!(
        mine.severity,
        Some(Severity::Error),
        "the override's definition"
    );
    assert!(custom.is_empty());
    // The built-in rule the override redefines is off there.
    assert_eq!(builtin.get("info-contact"), Some(&Level::Off));
    // A later override sets the severity of a rule an earlier one defined.
    let (_, custom, _) = ids("legacy/old/b.yaml");
    assert_eq!(custom.get("extra"), Some(&Level::Off));
}
