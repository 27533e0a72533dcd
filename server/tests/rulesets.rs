//! Spectral rulesets end to end: `specls check` prints custom findings and the ruleset's own
//! problems; a pathological ruleset finishes with a bounded result; over LSP, a ruleset's rule
//! yields diagnostics on a spec, and editing the ruleset on disk changes them. The findings of
//! each ruleset shape are the snapshots under `test-workspaces/rulesets/` (see `workspaces.rs`).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use support::lsp_client::{diagnostic_codes, file_uri, LspClient};

const BIN: &str = env!("CARGO_BIN_EXE_specls");

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../test-workspaces/rulesets")
        .join(name)
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("specls-rulesets-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn specls_check_prints_custom_findings_and_the_rulesets_own_problems() {
    let o = Command::new(BIN)
        .args(["check", "--format", "json"])
        .current_dir(case("broken"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let text = report.to_string();
    // The custom rule that could be read runs, and so do the built-in rules.
    assert!(text.contains("\"tags-described\""), "{text}");
    assert!(text.contains("\"info-contact\""), "{text}");
    // The ruleset's problems, in the ruleset file.
    for code in [
        "ruleset/unknown-function",
        "ruleset/bad-jsonpath",
        "ruleset/bad-severity",
        "ruleset/unknown-rule",
        "ruleset/js-function",
    ] {
        assert!(text.contains(code), "{code} missing: {text}");
    }
    assert!(text.contains(".spectral.yaml"), "{text}");
    assert_eq!(o.status.code(), Some(1), "the ruleset has errors");

    let o = Command::new(BIN)
        .args(["check"])
        .current_dir(case("functions"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("bad.yaml:2:1 warning[f-truthy]"), "{out}");
    assert!(!out.contains("good.yaml"), "{out}");
}

/// Spectral's ids for the rules specls implements as its own checks (the example rules, the
/// meta-schema rules) are read in a ruleset, not rejected as unknown: `off` and a severity
/// apply to those checks, split as Spectral splits them (media examples apart from schema
/// examples).
#[test]
fn spectral_ids_of_specls_s_own_checks_set_those_checks() {
    let o = Command::new(BIN)
        .args(["check"])
        .current_dir(case("spectral-check-ids"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains("ruleset/"), "{out}");
    // `oas3-valid-media-example: off`.
    assert!(!out.contains("media-example-mismatch"), "{out}");
    // `oas3-valid-schema-example` left as it is.
    assert!(
        out.contains("api.yaml:30:16 warning[spec/example-mismatch]"),
        "{out}"
    );
    // `oas3-schema: warn` (the meta-schema check's findings are errors otherwise).
    assert!(
        out.contains("api.yaml:2:1 warning[schema/missing-field]"),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(0), "no errors left: {out}");
}

/// A ruleset written to be slow: a regex that backtracks exponentially in JavaScript, a
/// `$..*` over every node of a large spec, and a path that expands to far more nodes than
/// the document has. The results are what they must be (the time is for the benches).
#[test]
fn pathological_rulesets_give_bounded_results() {
    let dir = scratch("bounded");
    std::fs::write(
        dir.join(".spectral.yaml"),
        "extends: [[spectral:oas, off]]\nrules:\n  \
         backtrack:\n    given: $..description\n    then:\n      function: pattern\n      functionOptions: {match: '^(a+)+$'}\n  \
         everything:\n    given: $..*\n    then: {function: defined}\n  \
         explode:\n    given: $..*..*..*..*..*..*\n    then: {function: falsy}\n",
    )
    .unwrap();
    let mut spec =
        String::from("openapi: 3.0.3\ninfo: {title: t, version: '1', description: ok}\npaths:\n");
    for i in 0..3000 {
        spec.push_str(&format!(
            "  /p{i}:\n    get:\n      description: {}!\n      responses:\n        '200': {{description: ok}}\n",
            "a".repeat(40)
        ));
    }
    // A chain 40 deep: six `..*` steps expand it to millions of matches.
    spec.push_str(&format!(
        "x-deep: {}1{}\n",
        "{a: ".repeat(40),
        "}".repeat(40)
    ));
    std::fs::write(dir.join("api.yaml"), &spec).unwrap();
    let settings = specls::settings::for_workspace(&dir, &[]).unwrap();
    let report = specls::cli::check_file(&dir.join("api.yaml"), &settings).unwrap();
    let count = |code: &str| report.diagnostics.iter().filter(|d| d.code == code).count();
    // Every `description` fails `^(a+)+$`: an operation's (`aaa…!`) and a response's (`ok`)
    // per path, and the `info` one.
    assert_eq!(count("backtrack"), 3000 * 2 + 1);
    assert_eq!(count("everything"), 0);
    // The exploding path stops at the visit limit, says so, and reports what it found.
    let explode: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "explode")
        .collect();
    assert!(
        explode
            .iter()
            .any(|d| d.message.contains("visits more than")),
        "{:?}",
        explode.first()
    );
    assert!(explode.len() <= 10_002, "{}", explode.len());
}

#[test]
fn a_ruleset_change_on_disk_changes_the_diagnostics_over_lsp() {
    let dir = scratch("lsp");
    let ruleset = dir.join(".spectral.yaml");
    std::fs::write(
        &ruleset,
        "rules:\n  title-capital:\n    given: $.info.title\n    severity: error\n    then:\n      function: pattern\n      functionOptions: {match: '^[A-Z]'}\n",
    )
    .unwrap();
    let spec = "openapi: 3.0.3\ninfo:\n  title: pets\n  version: 1.0.0\npaths: {}\n";
    std::fs::write(dir.join("api.yaml"), spec).unwrap();
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    let uri = file_uri(&dir.join("api.yaml"));
    c.did_open(&uri, "yaml", 1, spec);
    let d = c.diagnostics(&uri, Some(1)).unwrap();
    assert_eq!(diagnostic_codes(&d), ["title-capital"], "{d}");
    let first = &d["diagnostics"][0];
    assert_eq!(first["severity"], 1);
    assert_eq!(first["range"]["start"], json!({"line": 2, "character": 9}));

    // The rule changes on disk: a different rule, and a mistake in the ruleset.
    std::fs::write(
        &ruleset,
        "rules:\n  version-semver:\n    given: $.info.version\n    then:\n      function: pattern\n      functionOptions: {match: '^1\\.'}\n  needs-license:\n    given: $.info\n    then: {field: license, function: truthy}\n  broken:\n    given: $.info\n    then: {function: nope}\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&ruleset), "type": 2}]}),
    );
    let d = c
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && !m["params"].to_string().contains("title-capital")
        })
        .expect("new diagnostics after the ruleset changed")["params"]
        .clone();
    assert_eq!(diagnostic_codes(&d), ["needs-license"], "{d}");
    let ruleset_uri = file_uri(&ruleset);
    let r = c
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == ruleset_uri.as_str()
                && m["params"]["diagnostics"] != json!([])
        })
        .expect("the ruleset's diagnostics")["params"]
        .clone();
    assert_eq!(diagnostic_codes(&r), ["ruleset/unknown-function"], "{r}");
    assert_eq!(
        r["diagnostics"][0]["range"]["start"],
        json!({"line": 11, "character": 21})
    );

    // Open in the editor, the ruleset shows its problems as it is typed (before it is saved).
    let typed = "rules:\n  a:\n    given: $.info[\n    then: {function: truthy}\n";
    c.did_open(&ruleset_uri, "yaml", 1, typed);
    let r = c.diagnostics(&ruleset_uri, Some(1)).unwrap();
    assert_eq!(diagnostic_codes(&r), ["ruleset/bad-jsonpath"], "{r}");
    assert_eq!(
        r["diagnostics"][0]["range"]["start"],
        json!({"line": 2, "character": 11})
    );
    c.shutdown();
}

/// Over LSP, a custom rule sees through a `$ref` to another file of the workspace (the
/// editor's text of that file when it is open), and reports what it finds there on the `$ref`.
#[test]
fn a_custom_rule_sees_through_a_ref_to_another_file_over_lsp() {
    let dir = scratch("ref-files");
    std::fs::write(
        dir.join(".spectral.yaml"),
        "rules:\n  property-described:\n    given: $.components.schemas[*].properties[*]\n    then: {field: description, function: truthy}\n",
    )
    .unwrap();
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      $ref: 'pet.yaml'\n";
    std::fs::write(dir.join("api.yaml"), spec).unwrap();
    let pet = "type: object\nproperties:\n  name: {type: string}\n";
    std::fs::write(dir.join("pet.yaml"), pet).unwrap();
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    let uri = file_uri(&dir.join("api.yaml"));
    c.did_open(&uri, "yaml", 1, spec);
    // The rule's findings (beside the hint that `Pet` is not used).
    let rule = |d: &Value| -> Vec<Value> {
        d["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["code"] == "property-described")
            .cloned()
            .collect()
    };
    let d = c.diagnostics(&uri, Some(1)).unwrap();
    let found = rule(&d);
    assert_eq!(found.len(), 1, "{d}");
    let first = &found[0];
    assert_eq!(first["range"]["start"], json!({"line": 6, "character": 6}));
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .ends_with("(in `pet.yaml` line 3)"),
        "{first}"
    );
    // Described on disk: no finding once the spec is analyzed again.
    std::fs::write(
        dir.join("pet.yaml"),
        "type: object\nproperties:\n  name: {type: string, description: The name.}\n",
    )
    .unwrap();
    c.did_change(&uri, 2, json!([{"text": spec}]));
    let d = c.diagnostics(&uri, Some(2)).unwrap();
    assert_eq!(rule(&d), Vec::<Value>::new(), "{d}");
    c.shutdown();
}

/// Spectral's AsyncAPI functions, run natively, reach an editor: over LSP, the `spectral:asyncapi`
/// findings on each document of the `asyncapi-functions` case are those of its snapshot.
#[test]
fn spectral_asyncapi_functions_run_over_lsp() {
    let dir = case("asyncapi-functions");
    let snapshot = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    for file in ["v2.yaml", "v3.yaml"] {
        // `v2.yaml:12:18 error[asyncapi-server-variables] …`: the codes the snapshot lists.
        let mut expected: Vec<String> = snapshot
            .lines()
            .filter_map(|l| l.strip_prefix(file)?.strip_prefix(':'))
            .filter_map(|l| Some(l.split_once('[')?.1.split_once(']')?.0.to_string()))
            .filter(|code| code.starts_with("asyncapi-"))
            .collect();
        expected.sort();
        assert!(
            !expected.is_empty(),
            "no asyncapi finding for {file} in the snapshot"
        );
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let uri = file_uri(&dir.join(file));
        c.did_open(&uri, "yaml", 1, &text);
        let d = c.diagnostics(&uri, Some(1)).unwrap();
        let mut found: Vec<String> = diagnostic_codes(&d)
            .into_iter()
            .filter(|code| code.starts_with("asyncapi-"))
            .collect();
        found.sort();
        assert_eq!(found, expected, "{file}: {d}");
    }
    c.shutdown();
}

/// A tiny HTTP server on 127.0.0.1 for remote rulesets: `/rules.yaml` extends `base.yaml`
/// (relative to its URL), which defines a rule. It counts the requests it gets.
fn ruleset_server() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::time::Duration;
    support::http::serve(vec![
        ("/rules.yaml", "extends: ./base.yaml\n", Duration::ZERO),
        (
            "/base.yaml",
            "rules:\n  remote-title:\n    given: $.info.title\n    then:\n      function: pattern\n      functionOptions: {match: '^[A-Z]'}\n",
            Duration::ZERO,
        ),
    ])
}

/// A remote `extends` is refused by default, with a warning that names the setting that allows
/// it; with its URL in `remoteRefs`, it is fetched (its own relative `extends` too) and its
/// rules run. Nothing leaves 127.0.0.1.
#[test]
fn a_remote_extends_is_loaded_only_when_remote_refs_allows_it() {
    let (port, hits) = ruleset_server();
    let dir = scratch("remote-extends");
    std::fs::write(
        dir.join(".spectral.yaml"),
        format!("extends: ['http://127.0.0.1:{port}/rules.yaml']\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: pets, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    let codes = |settings: &specls::settings::Settings| -> Vec<&'static str> {
        let report = specls::cli::check_file(&dir.join("api.yaml"), settings).unwrap();
        report.diagnostics.iter().map(|d| d.code).collect()
    };

    let refused = specls::settings::for_workspace(&dir, &[]).unwrap();
    let rs = refused.lint.ruleset.clone().unwrap();
    let warning =
        rs.0.diagnostics
            .iter()
            .find(|d| d.code == "ruleset/remote-extends")
            .expect("a warning on the remote `extends`");
    assert!(
        warning.message.contains("remoteRefs"),
        "{}",
        warning.message
    );
    assert!(
        warning
            .message
            .contains(&format!("remote_refs = [\"http://127.0.0.1:{port}/\"]")),
        "{}",
        warning.message
    );
    assert!(!codes(&refused).contains(&"remote-title"));
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);

    let allow = specls::settings::parse_project_file(&format!(
        "remote_refs = [\"http://127.0.0.1:{port}/\"]\n"
    ))
    .unwrap();
    let allowed = specls::settings::for_workspace(&dir, &[&allow]).unwrap();
    let rs = allowed.lint.ruleset.clone().unwrap();
    assert!(rs.0.diagnostics.is_empty(), "{:?}", rs.0.diagnostics);
    assert_eq!(codes(&allowed), ["remote-title"]);
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 2);

    // Allowed, but the server has no such ruleset: a warning that says why.
    std::fs::write(
        dir.join(".spectral.yaml"),
        format!("extends: ['http://127.0.0.1:{port}/gone.yaml']\n"),
    )
    .unwrap();
    let gone = specls::settings::for_workspace(&dir, &[&allow]).unwrap();
    let rs = gone.lint.ruleset.clone().unwrap();
    assert!(
        rs.0.diagnostics
            .iter()
            .any(|d| d.code == "ruleset/remote-extends" && d.message.contains("HTTP 404")),
        "{:?}",
        rs.0.diagnostics
    );
}

/// `initialize` for a client that takes versioned edits and creates files.
fn initialize_with_edits(c: &mut LspClient, dir: &Path) {
    let root = file_uri(dir);
    let resp = c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{"uri": root, "name": "ws"}],
            "capabilities": {
                "workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}},
                "textDocument": {"publishDiagnostics": {"versionSupport": true}},
            },
        }),
    );
    assert!(resp.get("result").is_some(), "{resp}");
    c.notify("initialized", json!({}));
}

const NO_CONTACT: &str = "openapi: 3.0.3\ninfo:\n  title: pets\n  version: 1.0.0\npaths: {}\n";

/// The code actions at a diagnostic of `code` in the document's published diagnostics.
fn actions_at(
    c: &mut LspClient,
    uri: &str,
    published: &Value,
    code: &str,
    only: Option<&str>,
) -> Vec<Value> {
    let d = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {published}"))
        .clone();
    let mut context = json!({"diagnostics": [d]});
    if let Some(kind) = only {
        context["only"] = json!([kind]);
    }
    let resp = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": context}),
    );
    resp["result"].as_array().cloned().unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:?}"))
}

fn has_code(published: &Value, code: &str) -> bool {
    diagnostic_codes(published).iter().any(|c| c == code)
}

/// A full-text `didChange` (the same text): the next diagnostics of that version.
fn reanalyze(c: &mut LspClient, uri: &str, version: i64, text: &str) -> Value {
    c.did_change(uri, version, json!([{"text": text}]));
    c.diagnostics(uri, Some(version)).unwrap()
}

/// Writes the ruleset, tells the server (a watched-file event: 1 created, 2 changed), and
/// waits for diagnostics of `uri` that no longer name `code`.
fn rewrite_ruleset_and_wait(
    c: &mut LspClient,
    ruleset: &std::path::Path,
    text: &str,
    event: u8,
    uri: &str,
    code: &str,
) -> Value {
    std::fs::write(ruleset, text).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(ruleset), "type": event}]}),
    );
    c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && !m["params"].to_string().contains(code)
    })
    .unwrap_or_else(|| panic!("{uri}: diagnostics without {code}"))["params"]
        .clone()
}

/// A lint finding offers "disable rule … in this file" and "… in the workspace": edits of the
/// ruleset (versioned when it is open), never preferred and not in "fix all"; once applied and
/// the ruleset reloaded, the finding is gone where they say and only there.
#[test]
fn disabling_a_rule_from_its_finding_over_lsp() {
    let dir = scratch("disable");
    let ruleset = dir.join(".spectral.yaml");
    let rules = "# the team's rules\nextends: [[spectral:oas, recommended]]\n";
    std::fs::write(&ruleset, rules).unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("a.yaml"), NO_CONTACT).unwrap();
    std::fs::write(dir.join("sub/b.yaml"), NO_CONTACT).unwrap();
    let mut c = LspClient::start(BIN, &[]);
    initialize_with_edits(&mut c, &dir);
    let a = file_uri(&dir.join("a.yaml"));
    let b = file_uri(&dir.join("sub/b.yaml"));
    let ruleset_uri = file_uri(&ruleset);
    c.did_open(&a, "yaml", 1, NO_CONTACT);
    c.did_open(&b, "yaml", 1, NO_CONTACT);
    let da = c.diagnostics(&a, Some(1)).unwrap();
    let db = c.diagnostics(&b, Some(1)).unwrap();
    assert!(
        has_code(&da, "info-contact") && has_code(&db, "info-contact"),
        "{da}\n{db}"
    );

    // "In this file" on b: an overrides entry for `sub/b.yaml`.
    let actions = actions_at(&mut c, &b, &db, "info-contact", None);
    let here = titled(&actions, "Disable rule `info-contact` in this file").clone();
    let everywhere = titled(&actions, "Disable rule `info-contact` in the workspace");
    for a in [&here, everywhere] {
        assert_eq!(a["kind"], "quickfix", "{a}");
        assert_ne!(a["isPreferred"], true, "{a}");
    }
    let change = &here["edit"]["documentChanges"][0];
    assert_eq!(
        change["textDocument"]["uri"],
        ruleset_uri.as_str(),
        "{here}"
    );
    assert_eq!(
        change["textDocument"]["version"],
        Value::Null,
        "closed: the disk's text"
    );
    let text = support::apply_lsp_edits(rules, change["edits"].as_array().unwrap());
    assert_eq!(
        text,
        "# the team's rules\nextends: [[spectral:oas, recommended]]\noverrides:\n  - files: [sub/b.yaml]\n    rules:\n      info-contact: off\n"
    );
    let db = rewrite_ruleset_and_wait(&mut c, &ruleset, &text, 2, &b, "info-contact");
    assert!(!has_code(&db, "info-contact"), "{db}");
    let da = reanalyze(&mut c, &a, 2, NO_CONTACT);
    assert!(has_code(&da, "info-contact"), "a keeps it: {da}");

    // "Fix all" does not turn rules off.
    let fix_all = actions_at(
        &mut c,
        &a,
        &da,
        "info-contact",
        Some("source.fixAll.specls"),
    );
    assert!(
        fix_all
            .iter()
            .all(|x| !x.to_string().contains("Disable rule")
                && !x.to_string().contains(".spectral.yaml")),
        "{fix_all:?}"
    );

    // "In the workspace" on a, with the ruleset open in the editor: for its version.
    c.did_open(&ruleset_uri, "yaml", 7, &text);
    c.diagnostics(&ruleset_uri, Some(7)).unwrap();
    let actions = actions_at(&mut c, &a, &da, "info-contact", None);
    let everywhere = titled(&actions, "Disable rule `info-contact` in the workspace");
    assert_ne!(everywhere["isPreferred"], true, "{everywhere}");
    let change = &everywhere["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["uri"], ruleset_uri.as_str());
    assert_eq!(change["textDocument"]["version"], 7, "{everywhere}");
    let text = support::apply_lsp_edits(&text, change["edits"].as_array().unwrap());
    assert!(
        text.ends_with("      info-contact: off\nrules:\n  info-contact: off\n"),
        "{text}"
    );
    c.did_change(&ruleset_uri, 8, json!([{"text": text}]));
    let da = rewrite_ruleset_and_wait(&mut c, &ruleset, &text, 2, &a, "info-contact");
    assert!(!has_code(&da, "info-contact"), "{da}");
    let db = reanalyze(&mut c, &b, 2, NO_CONTACT);
    assert!(!has_code(&db, "info-contact"), "{db}");
    c.shutdown();
}

/// Without a ruleset, "disable rule" creates `.spectral.yaml` (extending Spectral's
/// recommended rules, as they were in effect): the finding goes, the other rules stay.
#[test]
fn disabling_a_rule_without_a_ruleset_creates_one_over_lsp() {
    let dir = scratch("disable-create");
    std::fs::write(dir.join("a.yaml"), NO_CONTACT).unwrap();
    let mut c = LspClient::start(BIN, &[]);
    initialize_with_edits(&mut c, &dir);
    let a = file_uri(&dir.join("a.yaml"));
    c.did_open(&a, "yaml", 1, NO_CONTACT);
    let da = c.diagnostics(&a, Some(1)).unwrap();
    let before = diagnostic_codes(&da);
    assert!(before.iter().any(|c| c == "info-contact"), "{da}");
    let actions = actions_at(&mut c, &a, &da, "info-contact", None);
    let here = titled(&actions, "Disable rule `info-contact` in this file");
    let ruleset = dir.join(".spectral.yaml");
    let ops = here["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], "create", "{here}");
    assert_eq!(ops[0]["uri"], file_uri(&ruleset).as_str());
    let text = support::apply_lsp_edits("", ops[1]["edits"].as_array().unwrap());
    let da = rewrite_ruleset_and_wait(&mut c, &ruleset, &text, 1, &a, "info-contact");
    let mut after = diagnostic_codes(&da);
    after.push("info-contact".into());
    let mut before = before;
    before.sort();
    after.sort();
    assert_eq!(before, after, "only info-contact went: {da}");
    c.shutdown();
}

/// A finding of a specls check that a Spectral rule stands for (a media example that does not
/// match its schema: `oas3-valid-media-example`) offers to turn that rule off; applied, the
/// finding goes and the schema example's finding (`oas3-valid-schema-example`) stays.
#[test]
fn disabling_the_rule_a_check_stands_for_over_lsp() {
    let dir = scratch("disable-check");
    let ruleset = dir.join(".spectral.yaml");
    let rules = "extends: [[spectral:oas, recommended]]\n";
    std::fs::write(&ruleset, rules).unwrap();
    let text = std::fs::read_to_string(case("spectral-check-ids").join("api.yaml")).unwrap();
    std::fs::write(dir.join("api.yaml"), &text).unwrap();
    let mut c = LspClient::start(BIN, &[]);
    initialize_with_edits(&mut c, &dir);
    let uri = file_uri(&dir.join("api.yaml"));
    c.did_open(&uri, "yaml", 1, &text);
    let d = c.diagnostics(&uri, Some(1)).unwrap();
    let media = "spec/media-example-mismatch";
    assert!(
        has_code(&d, media) && has_code(&d, "spec/example-mismatch"),
        "{d}"
    );
    let actions = actions_at(&mut c, &uri, &d, media, None);
    let everywhere = titled(
        &actions,
        "Disable rule `oas3-valid-media-example` in the workspace",
    );
    assert_ne!(everywhere["isPreferred"], true, "{everywhere}");
    let change = &everywhere["edit"]["documentChanges"][0];
    let new_rules = support::apply_lsp_edits(rules, change["edits"].as_array().unwrap());
    assert!(
        new_rules.ends_with("rules:\n  oas3-valid-media-example: off\n"),
        "{new_rules}"
    );
    let d = rewrite_ruleset_and_wait(&mut c, &ruleset, &new_rules, 1, &uri, media);
    assert!(!has_code(&d, media), "{d}");
    let d = reanalyze(&mut c, &uri, 2, &text);
    assert!(!has_code(&d, media), "{d}");
    assert!(has_code(&d, "spec/example-mismatch"), "{d}");
    c.shutdown();
}

/// A custom rule of a built-in rule's id replaces it everywhere, also where the custom rule
/// does not run (its `formats`): the built-in rule's findings do not come back under that id
/// (IBM's ruleset redefines `typed-enum` for OpenAPI 3 only; Swagger 2.0 files then have none).
#[test]
fn a_custom_rule_replaces_the_built_in_one_where_it_does_not_run() {
    let dir = scratch("replace");
    std::fs::write(
        dir.join(".spectral.yaml"),
        "extends: [[spectral:oas, recommended]]\nformats: [oas3]\nrules:\n  typed-enum:\n    given: $.components.schemas[*]\n    then: {function: typedEnum}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("v2.yaml"),
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  X: {type: string, enum: [1, a]}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("v3.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    X: {type: string, enum: [1, a]}\n",
    )
    .unwrap();
    let o = Command::new(BIN)
        .args(["check", "--format", "json"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let typed: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "typed-enum")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(typed, ["v3.yaml"], "{report}");
}
