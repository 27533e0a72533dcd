//! The lint rules' docs: every rule's doc examples run (the invalid one has exactly one finding
//! of the rule, and its fix, applied, leaves a document that parses without it; the valid one
//! has none), and `docs/rules/` is what the rules generate (`UPDATE_EXPECT=1` rewrites it).

use std::path::{Path, PathBuf};

use specls::analysis::{fix::apply_edits, Diagnostic};
use specls::cli::{self, FileReport};
use specls::lint::{self, Preset};
use specls::settings::Settings;

fn all_rules() -> Settings {
    let mut s = Settings::default();
    s.lint.preset = Preset::All;
    s
}

/// The report of one document written as `spec.yaml` in a folder of its own (as `specls check
/// <folder>` gives it, hints included).
fn check_text(dir: &Path, text: &str) -> FileReport {
    std::fs::create_dir_all(dir).unwrap();
    let file = dir.join("spec.yaml");
    std::fs::write(&file, text).unwrap();
    let settings = all_rules();
    let loader = specls::refs::DiskLoader::new(vec![dir.to_path_buf()], settings.max_file_size());
    cli::check_all(&[file], &settings, &loader)
        .pop()
        .unwrap()
        .unwrap()
}

fn of_rule<'a>(r: &lint::Rule, report: &'a FileReport) -> Vec<&'a Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| r.codes().contains(&d.code))
        .collect()
}

#[test]
fn every_rule_s_examples_and_fix() {
    let base = std::env::temp_dir().join(format!("specls-lint-docs-{}", std::process::id()));
    let mut failures = Vec::new();
    for (i, r) in lint::all().iter().enumerate() {
        let dir: PathBuf = base.join(i.to_string());
        let report = check_text(&dir, r.docs.invalid);
        let found = of_rule(r, &report);
        if found.len() != 1 {
            failures.push(format!("{}: the invalid example gives {found:?}", r.id));
            continue;
        }
        let d = found[0];
        match (r.fix, &d.fix) {
            (None, None) => {}
            (Some(a), Some(fix)) => {
                if fix.applicability != a {
                    failures.push(format!(
                        "{}: fix is {:?}, the rule says {a:?}",
                        r.id, fix.applicability
                    ));
                }
                let mut edits = fix.edits.clone();
                edits.sort_by_key(|(r, _)| r.start);
                let fixed = apply_edits(r.docs.invalid, &edits).expect("the edits fit the text");
                let after = check_text(&dir, &fixed);
                let syntax: Vec<_> = after
                    .diagnostics
                    .iter()
                    .filter(|d| d.code.starts_with("syntax/") || d.code.starts_with("document/"))
                    .collect();
                if !syntax.is_empty() || !of_rule(r, &after).is_empty() {
                    failures.push(format!(
                        "{}: after the fix\n{fixed}\n{syntax:?} {:?}",
                        r.id,
                        of_rule(r, &after)
                    ));
                }
            }
            (want, got) => failures.push(format!("{}: fix {want:?}, finding's fix {got:?}", r.id)),
        }
        let valid = check_text(&dir, r.docs.valid);
        let found = of_rule(r, &valid);
        if !found.is_empty() {
            failures.push(format!("{}: the valid example gives {found:?}", r.id));
        }
    }
    let _ = std::fs::remove_dir_all(&base);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules")
}

#[test]
fn generated_docs_are_fresh() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let files = lint::docs::files();
    let mut stale = Vec::new();
    for (name, text) in &files {
        let path = rules_dir().join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if update {
                std::fs::create_dir_all(rules_dir()).unwrap();
                std::fs::write(&path, text).unwrap();
            } else {
                stale.push(name.clone());
            }
        }
    }
    for e in std::fs::read_dir(rules_dir()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !files.iter().any(|(n, _)| *n == name) {
            if update {
                std::fs::remove_file(e.path()).unwrap();
            } else {
                stale.push(format!("{name} (no such rule)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules/ is stale (UPDATE_EXPECT=1 cargo test -p specls --test lint_docs rewrites it): {stale:?}"
    );
}

/// Each rule's code links to its page, one of the generated ones (whose freshness the test
/// above checks).
#[test]
fn codes_link_to_their_pages() {
    let pages: Vec<String> = lint::docs::files().into_iter().map(|(n, _)| n).collect();
    for r in lint::all() {
        let url = specls::analysis::doc_url(r.id);
        assert!(url.ends_with(&format!("/docs/rules/{}.md", r.id)), "{url}");
        assert!(pages.contains(&format!("{}.md", r.id)), "{}", r.id);
    }
}
