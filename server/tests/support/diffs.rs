//! What the breaking-change tests (`diff.rs`, `diff_checks.rs`) share: finding a case's two
//! roots, loading a side, and checking that a finding's fixes take it away.

use std::path::{Path, PathBuf};

use specls::diff::{self, Change, Side};
use specls::refs::DiskLoader;
use specls::syntax::{Lang, Parsed};

/// The old and new roots of a case: `before.yaml`/`after.yaml` (or `.json`), or the `spec.*` of
/// folders `before/` and `after/`.
pub fn roots(case: &Path) -> (PathBuf, PathBuf) {
    (root(case, "before"), root(case, "after"))
}

/// One root of a case: `{stem}.yaml` or `{stem}.json`, else `{stem}/spec.*`.
pub fn root(case: &Path, stem: &str) -> PathBuf {
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
}

/// The side whose root is `root`, reading files under `case` only.
pub fn load(root: &Path, case: &Path) -> Side {
    let loader = DiskLoader::new(vec![case.to_path_buf()], 64 << 20);
    Side::load(root, &loader).unwrap()
}

/// `text` with byte-range edits applied.
pub fn apply(text: &str, edits: &[(std::ops::Range<usize>, String)]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0.start));
    let mut out = text.to_string();
    for (r, t) in edits {
        out.replace_range(r, &t);
    }
    out
}

/// Each fix of `change` (a finding of `old` → `new`), applied to the new side, leaves valid
/// syntax and, when it edits the root, takes the finding away. Problems go to `failures`,
/// named `name`.
pub fn check_fixes(
    name: &str,
    case: &Path,
    old: &Side,
    new: &Side,
    change: &Change,
    failures: &mut Vec<String>,
) {
    for f in &change.fixes {
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
        if !reparsed.errors().is_empty() {
            failures.push(format!(
                "{name}: fix `{}` leaves syntax errors:\n{fixed}",
                f.title
            ));
            continue;
        }
        if i != 0 {
            continue;
        }
        let loader = DiskLoader::new(vec![case.to_path_buf()], 64 << 20);
        let fixed_side = Side::with_root(path.clone(), reparsed, &loader);
        let again = diff::diff(old, &fixed_side).unwrap();
        if again
            .iter()
            .any(|d| d.check.id == change.check.id && d.message == change.message)
        {
            failures.push(format!(
                "{name}: fix `{}` does not take `{}` away:\n{fixed}",
                f.title, change.message
            ));
        }
    }
}
