//! Breaking changes: every case of `test-workspaces/breaking/` (a before/after pair, files or
//! folders) gives its `report.txt`; every check of the catalogue is shown by some case; the
//! negative cases (`negative-*`) give nothing; every fix, applied, takes its finding away; the
//! docs in `docs/breaking/` are what the catalogue generates. `UPDATE_EXPECT=1` rewrites the
//! snapshots and the docs.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use specls::diff::{self, checks::CHECKS, Change, Side};
use specls::refs::DiskLoader;
use support::diffs::{check_fixes, load, roots};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/breaking")
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
        support::check_snapshot(&case.join("report.txt"), &text, &name, &mut failures);
        // Each fix, applied to the new side, takes its finding away and leaves valid syntax.
        for c in &changes {
            check_fixes(&name, case, &old, &new, c, &mut failures);
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
    // The cases whose report names each check, for its page's examples.
    let mut cases: Vec<(String, String)> = Vec::new();
    for e in std::fs::read_dir(cases_dir()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let report = std::fs::read_to_string(e.path().join("report.txt")).unwrap_or_default();
        cases.push((name, report));
    }
    cases.sort();
    let cases_of = |id: &str| -> Vec<String> {
        let tag = format!("[{id}]");
        cases
            .iter()
            .filter(|(_, r)| r.contains(&tag))
            .map(|(n, _)| n.clone())
            .collect()
    };
    let files = diff::docs::files(&cases_of);
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

/// Bad input never panics: broken syntax, a missing referenced file, `$ref` cycles, an alias
/// bomb, a document that is no spec, a binary file.
#[test]
fn bad_input_gives_errors_or_findings_not_panics() {
    let dir = std::env::temp_dir().join(format!("specls-diff-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &[u8]| {
        std::fs::write(dir.join(name), text).unwrap();
        dir.join(name)
    };
    let good = write(
        "good.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n  /b:\n    get:\n      responses:\n        '200': {description: ok}\n",
    );
    let broken = write(
        "broken.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: [\n        '200': {description: ok\n",
    );
    let missing = write(
        "missing.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: './nowhere.yaml'\n",
    );
    let cycle = write(
        "cycle.yaml",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n    C: {$ref: '#'}\n",
    );
    let mut bomb = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx0: &a0 {type: object, properties: {p: {type: string}}}\n");
    for i in 1..12 {
        let refs: Vec<String> = (0..8).map(|k| format!("p{k}: *a{}", i - 1)).collect();
        bomb.push_str(&format!(
            "x{i}: &a{i} {{type: object, properties: {{{}}}}}\n",
            refs.join(", ")
        ));
    }
    bomb.push_str("paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: *a11\n");
    let bomb_old = write("bomb-old.yaml", bomb.as_bytes());
    let bomb_new = write(
        "bomb-new.yaml",
        bomb.replace("p: {type: string}", "p: {type: integer}")
            .as_bytes(),
    );
    let schema = write(
        "schema.json",
        b"{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\"}\n",
    );
    let binary = write("binary.yaml", b"openapi: 3.0.3\n\0\0\0");

    let loader = DiskLoader::new(vec![dir.clone()], 64 << 20);
    let side = |p: &Path| Side::load(p, &loader);
    let good_side = side(&good).unwrap();
    // Broken syntax: the readable part is compared.
    let changes = diff::diff(&good_side, &side(&broken).unwrap()).unwrap();
    assert!(changes
        .iter()
        .any(|c| c.check.id == "api-path-removed-without-deprecation"));
    // A missing file is named, and the rest is compared.
    let m = side(&missing).unwrap();
    assert!(
        m.missing.iter().any(|e| e.contains("nowhere.yaml")),
        "{:?}",
        m.missing
    );
    diff::diff(&good_side, &m).unwrap();
    // Cycles of bare `$ref`s end.
    let c = side(&cycle).unwrap();
    diff::diff(&c, &c).unwrap();
    diff::diff(&good_side, &c).unwrap();
    // An alias bomb ends, quickly, and the change at its bottom is still found.
    let t = std::time::Instant::now();
    let changes = diff::diff(&side(&bomb_old).unwrap(), &side(&bomb_new).unwrap()).unwrap();
    assert!(
        t.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        t.elapsed()
    );
    assert!(changes
        .iter()
        .any(|c| c.check.id == "response-property-type-changed"));
    // Not a spec, or not text: errors that say so.
    let e = diff::diff(&side(&schema).unwrap(), &side(&schema).unwrap()).unwrap_err();
    assert!(e.contains("not an OpenAPI"), "{e}");
    let e = diff::diff(&good_side, &side(&schema).unwrap()).unwrap_err();
    assert!(e.contains("only two versions of the same kind"), "{e}");
    let e = side(&binary).err().unwrap();
    assert!(e.contains("cannot be read"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}
