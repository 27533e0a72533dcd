//! Breaking changes: every case of `test-workspaces/breaking/` (a before/after pair, files or
//! folders) gives its `expected.txt`; every check of the catalogue is shown by some case; the
//! negative cases (`negative-*`) give nothing; every fix, applied, takes its finding away; the
//! docs in `docs/breaking/` are what the catalogue generates. `UPDATE_EXPECT=1` rewrites the
//! snapshots and the docs.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use specls::diff::{self, checks::CHECKS, Change, Side};
use specls::refs::DiskLoader;
use specls::syntax::{Lang, Parsed};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/breaking")
}

/// The old and new roots of a case: `before.yaml`/`after.yaml` (or `.json`), or the `spec.*` of
/// folders `before/` and `after/`.
fn roots(case: &Path) -> (PathBuf, PathBuf) {
    let pick = |stem: &str| -> PathBuf {
        for name in [format!("{stem}.yaml"), format!("{stem}.json")] {
            if case.join(&name).is_file() {
                return case.join(name);
            }
        }
        for name in ["spec.yaml", "spec.json"] {
            if case.join(stem).join(name).is_file() {
                return case.join(stem).join(name);
            }
        }
        panic!(
            "{}: no {stem}.yaml, {stem}.json or {stem}/spec.*",
            case.display()
        );
    };
    (pick("before"), pick("after"))
}

fn load(root: &Path, case: &Path) -> Side {
    let loader = DiskLoader::new(vec![case.to_path_buf()], 64 << 20);
    Side::load(root, &loader).unwrap()
}

fn report(case: &Path, old: &Side, new: &Side, changes: &[Change]) -> String {
    let base = specls::refs::normalize(&specls::refs::absolute(case));
    let place = |l: &diff::Location, is_old: bool| {
        let order = if is_old { [old, new] } else { [new, old] };
        let side = order
            .into_iter()
            .find_map(|s| s.files.iter().find(|(p, _)| *p == l.file))
            .expect("a location in one of the sides");
        let (line, col) = specls::syntax::text::human_position(&side.1.rope, l.range.start);
        let rel = l.file.strip_prefix(&base).unwrap_or(&l.file);
        (rel.display().to_string().replace('\\', "/"), line, col)
    };
    let mut out = String::new();
    diff::report::text(&mut out, changes, &place);
    for c in changes {
        for f in &c.fixes {
            out.push_str(&format!(
                "fix [{}] {}: {}\n",
                c.check.id, c.message, f.title
            ));
        }
    }
    out.push_str(&diff::report::summary(changes));
    out.push('\n');
    out
}

fn apply(text: &str, edits: &[(std::ops::Range<usize>, String)]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0.start));
    let mut out = text.to_string();
    for (r, t) in edits {
        out.replace_range(r, &t);
    }
    out
}

#[test]
fn every_case_gives_its_report() {
    let mut failures = Vec::new();
    let mut shown = BTreeSet::new();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let (before, after) = roots(case);
        let (old, new) = (load(&before, case), load(&after, case));
        assert!(
            old.missing.is_empty() && new.missing.is_empty(),
            "{name}: {:?} {:?}",
            old.missing,
            new.missing
        );
        let changes = diff::diff(&old, &new).unwrap_or_else(|e| panic!("{name}: {e}"));
        if name.starts_with("negative-") {
            assert!(
                changes.is_empty(),
                "{name}: a harmless change gives {}",
                report(case, &old, &new, &changes)
            );
        } else {
            assert!(!changes.is_empty(), "{name}: no changes found");
        }
        shown.extend(changes.iter().map(|c| c.check.id));
        let text = report(case, &old, &new, &changes);
        support::check_snapshot(&case.join("expected.txt"), &text, &name, &mut failures);
        // Each fix, applied to the new side, takes its finding away and leaves valid syntax.
        for c in &changes {
            for f in &c.fixes {
                let Some(i) = new.files.iter().position(|(p, _)| *p == f.file) else {
                    failures.push(format!(
                        "{name}: fix `{}` edits a file of neither side",
                        f.title
                    ));
                    continue;
                };
                let (path, parsed) = &new.files[i];
                let fixed = apply(&parsed.rope.to_string(), &f.edits);
                let lang = Lang::from_path(path).unwrap_or(Lang::Yaml);
                let reparsed = Parsed::new(lang, &fixed);
                if !reparsed.errors.is_empty() {
                    failures.push(format!(
                        "{name}: fix `{}` leaves syntax errors:\n{fixed}",
                        f.title
                    ));
                    continue;
                }
                if i != 0 {
                    continue;
                }
                let loader = DiskLoader::new(vec![case.clone()], 64 << 20);
                let fixed_side = Side::with_root(path.clone(), reparsed, &loader);
                let again = diff::diff(&old, &fixed_side).unwrap();
                if again
                    .iter()
                    .any(|d| d.check.id == c.check.id && d.message == c.message)
                {
                    failures.push(format!(
                        "{name}: fix `{}` does not take `{}` away:\n{fixed}",
                        f.title, c.message
                    ));
                }
            }
        }
    }
    if cases.len() < 10 {
        failures.push(format!("only {} cases", cases.len()));
    }
    let missing: Vec<&str> = CHECKS
        .iter()
        .map(|c| c.id)
        .filter(|id| !shown.contains(id))
        .collect();
    if !missing.is_empty() {
        failures.push(format!("checks no case shows: {missing:?}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn docs_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/breaking");
    let mut failures = Vec::new();
    let files = diff::docs::files();
    for (name, text) in &files {
        support::check_snapshot(&dir.join(name), text, name, &mut failures);
    }
    let listed: BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if !listed.contains(n.as_str()) {
            failures.push(format!("docs/breaking/{n} is no check's page: remove it"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
