//! The `specls` command line: exit codes, the four report formats, `dump`.

mod support;

use support::{run_specls as run, stdout};

use std::path::{Path, PathBuf};

use serde_json::Value;

fn ws(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../test-workspaces")
        .join(rel)
}

#[test]
fn exit_codes() {
    let examples = ws("examples");
    let o = run(&["check", "."], &examples);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).ends_with("no problems\n"));

    let o = run(&["check", "broken-json"], &ws("syntax"));
    assert_eq!(o.status.code(), Some(1));

    // A warning fails only with --fail-on warning.
    let o = run(&["check", "multi-document.yaml"], &ws("syntax/broken-yaml"));
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(
        &["check", "--fail-on", "warning", "multi-document.yaml"],
        &ws("syntax/broken-yaml"),
    );
    assert_eq!(o.status.code(), Some(1));

    // Usage and I/O errors: 2, with a message on stderr.
    let o = run(&["check", "does-not-exist.yaml"], &examples);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does-not-exist.yaml"));
    let o = run(&["check", "--format", "xml", "."], &examples);
    assert_eq!(o.status.code(), Some(2));

    let o = run(&["--version"], &examples);
    assert_eq!(
        stdout(&o).trim(),
        format!("specls {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn human_report_shows_the_line_and_carets() {
    let o = run(&["check", "trailing-comma.json"], &ws("syntax/broken-json"));
    let out = stdout(&o);
    assert!(
        out.starts_with("trailing-comma.json:3:40 error[syntax/trailing-comma] "),
        "{out}"
    );
    assert!(
        out.contains("3 |   \"tags\": [{\"name\": \"a\"}, {\"name\": \"b\"},],\n  |                                        ^\n"),
        "{out}"
    );
}

#[test]
fn json_and_github_formats() {
    let dir = ws("syntax/broken-yaml");
    let o = run(&["check", "--format", "json", "duplicate-key.yaml"], &dir);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64(), d["code"].as_str()),
        (Some(5), Some(3), Some("document/duplicate-key"))
    );
    assert_eq!(d["related"][0]["line"], 3);
    // The JSON pointer of the node the finding starts on (the second `title` key).
    assert_eq!(d["pointer"], "/info/title", "{d}");
    assert_eq!(v["files"][0]["kind"], "OpenAPI 3.0.0");

    // Kinds of the bundled examples, one per family.
    let o = run(&["check", "--format", "json", "."], &ws("examples"));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<(String, String)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (file, kind) in [
        ("asyncapi-3.0/asyncapi.yaml", "AsyncAPI 3.0.0"),
        ("json-schema/product.schema.json", "JSON Schema 2020-12"),
        ("json-schema/address.schema.yaml", "JSON Schema draft-07"),
        ("openapi-3.1/openapi.yaml", "OpenAPI 3.1.0"),
        ("petstore-3.0/openapi.yaml", "OpenAPI 3.0.3"),
        ("petstore-3.0/schemas/Pet.yaml", "fragment"),
        ("swagger-2.0/swagger.json", "Swagger 2.0"),
    ] {
        assert!(
            kinds.contains(&(file.to_string(), kind.to_string())),
            "{file}: {kind} not in {kinds:?}"
        );
    }

    let o = run(
        &[
            "check",
            "--format",
            "github",
            "duplicate-key.yaml",
            "tab-indent.yaml",
        ],
        &dir,
    );
    let out = stdout(&o);
    assert!(out.contains("::error file=duplicate-key.yaml,line=5,col=3,endLine=5,endColumn=8,title=document/duplicate-key::duplicate key `title`"), "{out}");
    assert!(out.contains("title=syntax/tab-indent::"), "{out}");
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema_path = support::corpus_dir().join("jsonschema/schemastore/sarif-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let o = run(&["check", "--format", "sarif", "."], &ws("syntax"));
    assert_eq!(o.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF output is invalid: {errors:#?}");
    let results = report["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 10);
    assert!(
        results.iter().any(|r| r["relatedLocations"].is_array()),
        "duplicate keys carry related locations"
    );
    // The schema really checks: a broken report fails it.
    let mut broken = report.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn dump_prints_the_value_as_json_and_the_tree() {
    let o = run(&["dump", "openapi.yaml"], &ws("examples/openapi-3.1"));
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["components"]["schemas"]["Pet2"], v["components"]["schemas"]["Pet"],
        "aliases are expanded"
    );
    assert_eq!(
        v["components"]["schemas"]["Scores"]["examples"][0],
        serde_json::json!([1.5, null, "-0x1F", 15, null])
    );
    // Key order is the document's.
    let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        ["openapi", "info", "servers", "webhooks", "components"]
    );

    let o = run(
        &["dump", "--tree", "openapi.yaml"],
        &ws("examples/openapi-3.1"),
    );
    assert!(stdout(&o).starts_with("stream 0.."), "{}", stdout(&o));

    // An alias bomb stops at the expansion limit, at once.
    let start = std::time::Instant::now();
    let o = run(&["dump", "alias-bomb.yaml"], &ws("bad-input"));
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("expanding aliases gives more than"));
    assert!(start.elapsed().as_secs() < 30);
}

/// Every diagnostic code in the source is documented in docs/diagnostics.md.
#[test]
fn every_code_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("../docs/diagnostics.md")).unwrap();
    let mut codes = Vec::new();
    for file in support::walk(&root.join("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for prefix in [
            "\"syntax/",
            "\"document/",
            "\"file/",
            "\"spec/",
            "\"schema/",
            "\"ref/",
        ] {
            for (i, _) in text.match_indices(prefix) {
                let rest = &text[i + 1..];
                let end = rest.find('"').unwrap();
                codes.push(rest[..end].to_string());
            }
        }
    }
    codes.sort();
    codes.dedup();
    assert!(codes.len() >= 20, "{codes:?}");
    let missing: Vec<_> = codes
        .iter()
        .filter(|c| !docs.contains(&format!("`{c}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from docs/diagnostics.md: {missing:?}"
    );
}

/// A component that is only another name for a component of its own file, and that nothing
/// names, is unused (as Spectral's `oas3-unused-component` says); one that names a file the spec
/// uses directly is that file's name, and used.
#[test]
fn a_local_alias_that_nothing_names_is_unused_and_a_file_s_name_is_not() {
    let o = run(&["check", "--hints", "."], &ws("refs/unused-aliases"));
    let out = stdout(&o);
    let unused: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("[ref/unused-component]") || l.contains("[ref/used-only-by-unused]"))
        .collect();
    assert_eq!(unused.len(), 1, "{out}");
    assert!(
        unused[0].contains("'LimitAlias' (parameters) is not used"),
        "{out}"
    );
}
