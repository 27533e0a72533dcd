//! Data-driven cases: every folder under `test-workspaces/` that holds an `expected.txt` is
//! checked as `specls check` would check it (paths relative to the folder), and the human report
//! must equal `expected.txt`, with the case's `specls.toml` if it has one (the cases about one
//! area turn the lint rules off there). `UPDATE_EXPECT=1 cargo test --test workspaces` rewrites
//! them.

use std::path::{Path, PathBuf};

use specls::cli::{self, report, FileReport};
use specls::settings::Settings;

mod support;

fn workspaces() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces")
}

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.join("expected.txt").exists() {
        out.push(dir.to_path_buf());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            cases(&e, out);
        }
    }
}

fn report_for(case: &Path) -> String {
    // As `specls check` run in the case's folder: its `specls.toml`, if it has one.
    // And its Spectral ruleset, if it has one.
    let partial = specls::settings::load_project_file(case)
        .unwrap()
        .map(|(_, p)| p)
        .unwrap_or_default();
    let settings = specls::settings::for_workspace(case, &[&partial]).unwrap();
    let files = cli::collect_files(case).unwrap();
    // `$ref`s are followed inside the case's folder, as the server does in a workspace folder.
    let loader = specls::refs::DiskLoader::new(vec![case.to_path_buf()], settings.max_file_size());
    let mut reports: Vec<FileReport> = cli::check_all(&files, &settings, &loader)
        .into_iter()
        .map(|r| {
            let mut r = r.unwrap();
            r.path = r.path.strip_prefix(case).unwrap().to_path_buf();
            r
        })
        .collect();
    reports.extend(cli::ruleset_report(&settings, case));
    // As `specls check` prints by default (hints only with `--hints`).
    cli::drop_hints(&mut reports);
    let mut out = Vec::new();
    report::human(&mut out, &reports).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn every_case_matches_its_snapshot() {
    let mut all = Vec::new();
    cases(&workspaces(), &mut all);
    assert!(
        all.len() >= 8,
        "expected at least 8 cases, found {}",
        all.len()
    );
    let mut failures = Vec::new();
    for case in &all {
        let name = case
            .strip_prefix(workspaces())
            .unwrap()
            .display()
            .to_string();
        support::check_snapshot(
            &case.join("expected.txt"),
            &report_for(case),
            &name,
            &mut failures,
        );
    }
    assert!(
        failures.is_empty(),
        "snapshots differ (UPDATE_EXPECT=1 rewrites them):\n{}",
        failures.join("\n")
    );
}

#[test]
fn examples_are_clean_and_broken_cases_are_not() {
    for case in [
        "examples/petstore-3.0",
        "examples/openapi-3.1",
        "examples/swagger-2.0",
        "examples/asyncapi-3.0",
        "examples/json-schema",
        "schema-valid",
    ] {
        let r = report_for(&workspaces().join(case));
        assert!(r.ends_with("no problems\n"), "{case}:\n{r}");
    }
    for case in [
        "syntax/broken-yaml",
        "syntax/broken-json",
        "bad-input",
        "schema",
    ] {
        let r = report_for(&workspaces().join(case));
        assert!(r.contains("error["), "{case}:\n{r}");
    }
}

/// The spec checks (`server/src/checks/`): every code shows up in `test-workspaces/checks`, its
/// `clean.yaml` gets none, and neither do a few well-kept corpus specs.
#[test]
fn spec_checks_find_what_they_should_and_nothing_else() {
    let report = report_for(&workspaces().join("checks"));
    for code in [
        "spec/path-param-undeclared",
        "spec/path-param-not-in-template",
        "spec/path-equivalent",
        "spec/duplicate-operation-id",
        "spec/example-mismatch",
        "spec/media-example-mismatch",
        "spec/required-undefined",
        "spec/default-not-in-enum",
    ] {
        assert!(report.contains(code), "{code} missing:\n{report}");
    }
    assert!(!report.contains("clean.yaml"), "{report}");
    let corpus = support::corpus_dir();
    let clean = [
        "openapi/swagger-petstore/openapi.yaml",
        "openapi/redocly-museum/openapi.yaml",
        "openapi/realworld/openapi.yml",
        "openapi/oai-learn/v3.0/petstore-expanded.yaml",
        "openapi/oai-learn/v3.0/api-with-examples.yaml",
        "openapi/oai-learn/v3.0/uspto.json",
        "openapi/oai-learn/v3.1/tictactoe.yaml",
        "openapi/oai-learn/v3.1/webhook-example.json",
        "openapi/kubernetes/swagger-1.10.json",
        "openapi/vacuum-testfiles/stripe.yaml",
    ];
    let settings = Settings::default();
    for rel in clean {
        let r = cli::check_file(&support::find_in_corpus(&corpus, rel), &settings).unwrap();
        let spec: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("spec/"))
            .map(|d| (d.code, &d.message))
            .collect();
        assert!(spec.is_empty(), "{rel}: {spec:?}");
    }
}
