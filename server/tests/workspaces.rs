//! Data-driven cases: every folder under `test-workspaces/` that holds an `expected.txt` is
//! checked as `specls check` would check it (paths relative to the folder), and the human report
//! must equal `expected.txt`. `UPDATE_EXPECT=1 cargo test --test workspaces` rewrites them.

use std::path::{Path, PathBuf};

use specls::cli::{self, report, FileReport};
use specls::settings::Settings;

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
    let settings = Settings::default();
    let files = cli::collect_files(case).unwrap();
    // `$ref`s are followed inside the case's folder, as the server does in a workspace folder.
    let loader = specls::refs::DiskLoader::new(vec![case.to_path_buf()], settings.max_file_size());
    let reports: Vec<FileReport> = cli::check_all(&files, &settings, &loader)
        .into_iter()
        .map(|r| {
            let mut r = r.unwrap();
            r.path = r.path.strip_prefix(case).unwrap().to_path_buf();
            r
        })
        .collect();
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
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for case in &all {
        let actual = report_for(case);
        let expected_path = case.join("expected.txt");
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            if update {
                std::fs::write(&expected_path, &actual).unwrap();
            } else {
                failures.push(format!(
                    "== {}\n-- expected\n{expected}\n-- actual\n{actual}",
                    case.strip_prefix(workspaces()).unwrap().display()
                ));
            }
        }
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
