//! Breaking changes, one check at a time: every check of the catalogue has a folder in
//! `test-workspaces/breaking-checks/` named by its id, with a `before.yaml`, an `after.yaml`
//! (the one change the check is about: the diff must report the check) and a `negative.yaml`
//! (a near miss of the same change, compared with `before.yaml`: the diff must not report it).
//!
//! Each pair is also compared
//! - as JSON: the three files converted by specls' own parser, which must give the same
//!   findings (check id and message) as the YAML;
//! - split into two files, where the spec has reusable parts and `$ref`s into them: the root
//!   keeps what is not reusable, `components.yaml` gets `components` (OpenAPI 3, AsyncAPI; the
//!   security schemes stay, as requirements name them without `$ref`) or `definitions`,
//!   `parameters` and `responses` (Swagger 2.0), and the root's `$ref`s into them name the new
//!   file; the findings must again be the same.
//!
//! Every fix of a positive finding, applied to `after.yaml`, leaves valid syntax and takes the
//! finding away. A folder for a check that is not in the catalogue, or a check without a
//! folder, fails the test. Every problem of every folder is reported at once.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use specls::diff::{self, checks::CHECKS, Change, Side};
use specls::syntax::{Lang, Parsed};
use support::diffs::{check_fixes, load};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/breaking-checks")
}

/// The findings compared between the YAML, JSON and multi-file runs: check id and message.
/// Messages name properties, parameters, media types and the like, never files or lines (a
/// `$ref`'s target is named by its last pointer token, the same in `#/components/schemas/Pet`
/// and `components.yaml#/components/schemas/Pet`), so they compare as they are.
type Found = BTreeSet<(&'static str, String)>;

fn found(changes: &[Change]) -> Found {
    changes
        .iter()
        .map(|c| (c.check.id, c.message.clone()))
        .collect()
}

/// Checks whose multi-file run is expected to give other findings than the single file, and
/// why. Their multi-file runs compare the findings of the other checks only.
const MULTI_FILE_DIFFERS: &[(&str, &str)] = &[(
    "api-schema-removed",
    "split, the root declares no schemas: those of components.yaml are reached through `$ref`s \
     only, they are not the document's components, so removing one that nothing uses is no \
     change of the document (what operations use is still compared)",
)];

/// The diff of two files read from `dir`.
fn diff_files(dir: &Path, old: &Path, new: &Path) -> Result<(Side, Side, Vec<Change>), String> {
    let (o, n) = (load(old, dir), load(new, dir));
    if !o.missing.is_empty() || !n.missing.is_empty() {
        return Err(format!("missing files: {:?} {:?}", o.missing, n.missing));
    }
    let changes = diff::diff(&o, &n)?;
    Ok((o, n, changes))
}

/// A YAML file as pretty JSON, by specls' own parser.
fn to_json(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let parsed = Parsed::new(Lang::Yaml, &text);
    if !parsed.errors().is_empty() {
        return Err(format!(
            "{}: syntax errors {:?}",
            path.display(),
            parsed.errors()
        ));
    }
    let value = specls::syntax::value::to_json(&parsed.tree)?;
    serde_json::to_string_pretty(&value).map_err(|e| e.to_string())
}

/// The top-level blocks of a block-style YAML text: each starts at a line that is not indented
/// (comments and blank lines go with the block before them).
fn blocks(text: &str, indent: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        let starts = line.len() > indent
            && line.as_bytes()[..indent].iter().all(|b| *b == b' ')
            && !matches!(line.as_bytes()[indent], b' ' | b'#' | b'\n' | b'\r');
        match out.last_mut() {
            Some(last) if !starts => last.push_str(line),
            _ => out.push(line.to_string()),
        }
    }
    out
}

fn key_of(block: &str) -> &str {
    block.trim_start().split(':').next().unwrap_or("")
}

/// A spec split into a root and `components.yaml`: the reusable sections move, and the root's
/// `$ref`s into them are rewritten. `None` when the spec has no such section or no `$ref` of
/// the root reaches one.
fn split(text: &str) -> Option<(String, String)> {
    let top = blocks(text, 0);
    let mut root = String::new();
    let mut parts = String::new();
    // The JSON-pointer prefixes of what moved.
    let mut moved: Vec<String> = Vec::new();
    let swagger = top.iter().any(|b| key_of(b) == "swagger");
    for b in &top {
        let key = key_of(b);
        if swagger && matches!(key, "definitions" | "parameters" | "responses") {
            parts.push_str(b);
            moved.push(format!("#/{key}/"));
        } else if !swagger && key == "components" {
            let (head, body) = b.split_once('\n')?;
            if head.trim_end() != "components:" {
                return None;
            }
            let (mut keep, mut go) = (String::new(), String::new());
            for s in blocks(body, 2) {
                let k = key_of(&s);
                if k == "securitySchemes" {
                    keep.push_str(&s);
                } else {
                    go.push_str(&s);
                    moved.push(format!("#/components/{k}/"));
                }
            }
            if !go.is_empty() {
                parts.push_str("components:\n");
                parts.push_str(&go);
            }
            if !keep.is_empty() {
                root.push_str("components:\n");
                root.push_str(&keep);
            }
        } else {
            root.push_str(b);
        }
    }
    let mut rewritten = 0;
    for prefix in &moved {
        for quote in ["'", "\"", ""] {
            let from = format!("$ref: {quote}{prefix}");
            rewritten += root.matches(&from).count();
            root = root.replace(&from, &format!("$ref: {quote}components.yaml{prefix}"));
        }
    }
    (rewritten > 0).then_some((root, parts))
}

/// The three versions of a case, written elsewhere: `{to}/{version}/spec.yaml` (and
/// `components.yaml` where it splits), or `{to}/{version}.json`. Gives the roots, and whether
/// `before.yaml` split.
fn write_versions(case: &Path, to: &Path, json: bool) -> Result<(Vec<PathBuf>, bool), String> {
    let mut roots = Vec::new();
    let mut before_split = false;
    for version in ["before", "after", "negative"] {
        let src = case.join(format!("{version}.yaml"));
        let root = if json {
            let root = to.join(format!("{version}.json"));
            std::fs::write(&root, to_json(&src)?).map_err(|e| e.to_string())?;
            root
        } else {
            let text = std::fs::read_to_string(&src).map_err(|e| e.to_string())?;
            let dir = to.join(version);
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            let root = dir.join("spec.yaml");
            match split(&text) {
                Some((r, parts)) => {
                    before_split |= version == "before";
                    std::fs::write(&root, r).map_err(|e| e.to_string())?;
                    std::fs::write(dir.join("components.yaml"), parts)
                        .map_err(|e| e.to_string())?;
                }
                None => std::fs::write(&root, text).map_err(|e| e.to_string())?,
            }
            root
        };
        roots.push(root);
    }
    Ok((roots, before_split))
}

/// `a` and `b` as a failure message, when they differ.
fn differ(what: &str, a: &Found, b: &Found) -> Option<String> {
    (a != b).then(|| {
        let only_a: Vec<_> = a.difference(b).collect();
        let only_b: Vec<_> = b.difference(a).collect();
        format!("{what}: only in the YAML run {only_a:?}; only in this run {only_b:?}")
    })
}

#[test]
fn every_check_has_a_positive_and_a_negative_case() {
    let scratch = std::env::temp_dir().join(format!("specls-diff-checks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let mut failures = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let names: BTreeSet<String> = folders
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for c in CHECKS {
        if !names.contains(c.id) {
            failures.push(format!("{}: the check has no folder", c.id));
        }
    }
    let (mut json_runs, mut multi_runs, mut multi_partial) = (0, 0, 0);
    for case in &folders {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let Some(check) = CHECKS.iter().find(|c| c.id == name) else {
            failures.push(format!(
                "{name}: the folder names no check of the catalogue"
            ));
            continue;
        };
        let id = check.id;
        let files: Vec<PathBuf> = ["before", "after", "negative"]
            .iter()
            .map(|v| case.join(format!("{v}.yaml")))
            .collect();
        let run = |dir: &Path, roots: &[PathBuf], what: &str| -> Result<[Found; 2], String> {
            let (_, _, pos) = diff_files(dir, &roots[0], &roots[1])
                .map_err(|e| format!("{name} ({what}, after): {e}"))?;
            let (_, _, neg) = diff_files(dir, &roots[0], &roots[2])
                .map_err(|e| format!("{name} ({what}, negative): {e}"))?;
            Ok([found(&pos), found(&neg)])
        };
        // YAML: the positive reports the check, the negative does not; the fixes work.
        let (old, new, pos) = match diff_files(case, &files[0], &files[1]) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!("{name} (after): {e}"));
                continue;
            }
        };
        if !pos.iter().any(|c| c.check.id == id) {
            failures.push(format!(
                "{name}: after.yaml does not report the check; it reports {:?}",
                found(&pos)
            ));
        }
        for c in pos.iter().filter(|c| c.check.id == id) {
            check_fixes(&name, case, &old, &new, c, &mut failures);
        }
        let yaml = match diff_files(case, &files[0], &files[2]) {
            Ok((_, _, neg)) => [found(&pos), found(&neg)],
            Err(e) => {
                failures.push(format!("{name} (negative): {e}"));
                continue;
            }
        };
        if let Some(c) = yaml[1].iter().find(|(c, _)| *c == id) {
            failures.push(format!("{name}: negative.yaml reports the check: {}", c.1));
        }
        // JSON.
        let dir = scratch.join(&name).join("json");
        std::fs::create_dir_all(&dir).unwrap();
        match write_versions(case, &dir, true).and_then(|(roots, _)| run(&dir, &roots, "JSON")) {
            Ok(json) => {
                json_runs += 1;
                for (i, which) in ["after", "negative"].iter().enumerate() {
                    failures.extend(differ(
                        &format!("{name} (JSON, {which})"),
                        &yaml[i],
                        &json[i],
                    ));
                }
            }
            Err(e) => failures.push(format!("{name} (JSON): {e}")),
        }
        // Multi-file.
        let dir = scratch.join(&name).join("multi");
        match write_versions(case, &dir, false) {
            Ok((_, false)) => {}
            Ok((roots, true)) => match run(&dir, &roots, "multi-file") {
                Ok(multi) => {
                    let differs = MULTI_FILE_DIFFERS.iter().find(|(c, _)| *c == id);
                    let keep = |s: &Found| -> Found {
                        s.iter()
                            .filter(|(c, _)| differs.is_none_or(|(d, _)| d != c))
                            .cloned()
                            .collect()
                    };
                    if differs.is_some() {
                        multi_partial += 1;
                    } else {
                        multi_runs += 1;
                    }
                    for (i, which) in ["after", "negative"].iter().enumerate() {
                        failures.extend(differ(
                            &format!("{name} (multi-file, {which})"),
                            &keep(&yaml[i]),
                            &keep(&multi[i]),
                        ));
                    }
                }
                Err(e) => failures.push(e),
            },
            Err(e) => failures.push(format!("{name} (multi-file): {e}")),
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    eprintln!(
        "{} folders: {json_runs} compared as JSON, {multi_runs} split into two files \
         ({multi_partial} more with a documented difference)",
        folders.len()
    );
    if json_runs != folders.len() {
        failures.push(format!(
            "only {json_runs} of {} folders were compared as JSON",
            folders.len()
        ));
    }
    if multi_runs * 10 < folders.len() * 6 {
        failures.push(format!(
            "only {multi_runs} of {} folders were split into two files (at least 60% should be)",
            folders.len()
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The split itself: sections moved, the root's `$ref`s rewritten, the others left alone.
#[test]
fn split_moves_the_reusable_sections() {
    let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Ok'\ncomponents:\n  responses:\n    Ok:\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '#/components/schemas/A'}\n  schemas:\n    A: {type: string}\n  securitySchemes:\n    key: {type: apiKey, in: header, name: k}\n";
    let (root, parts) = split(text).unwrap();
    assert_eq!(
        root,
        "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: 'components.yaml#/components/responses/Ok'\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: k}\n"
    );
    assert_eq!(
        parts,
        "components:\n  responses:\n    Ok:\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '#/components/schemas/A'}\n  schemas:\n    A: {type: string}\n"
    );
    let swagger = "swagger: '2.0'\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/parameters/P'\n      responses:\n        '200': {description: ok}\nparameters:\n  P: {name: p, in: query, type: string}\n";
    let (root, parts) = split(swagger).unwrap();
    assert!(
        root.contains("$ref: 'components.yaml#/parameters/P'"),
        "{root}"
    );
    assert_eq!(
        parts,
        "parameters:\n  P: {name: p, in: query, type: string}\n"
    );
    assert!(split("openapi: 3.0.3\npaths: {}\n").is_none());
}

/// Swagger 2.0: the `in: body` parameter is the request body, and its checks fire as they do
/// for an OpenAPI 3 `requestBody` (the folders above show them in OpenAPI 3).
#[test]
fn a_swagger_body_parameter_is_the_request_body() {
    let dir = std::env::temp_dir().join(format!("specls-diff-swagger-body-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = |body: &str| {
        format!(
            "swagger: '2.0'\ninfo: {{title: Pets, version: '1.0'}}\npaths:\n  /pets:\n    post:\n      consumes: [application/json]\n      parameters:\n        - {{name: dryRun, in: query, type: boolean}}\n{body}      responses:\n        '201': {{description: Created.}}\n"
        )
    };
    let body = |req: bool| {
        format!("        - {{name: pet, in: body, required: {req}, schema: {{type: object}}}}\n")
    };
    let write = |name: &str, text: String| {
        std::fs::write(dir.join(name), text).unwrap();
        dir.join(name)
    };
    let none = write("none.yaml", spec(""));
    let required = write("required.yaml", spec(&body(true)));
    let optional = write("optional.yaml", spec(&body(false)));
    for (old, new, id) in [
        (&none, &required, "request-body-added-required"),
        (&none, &optional, "request-body-added-optional"),
        (&required, &none, "request-body-removed"),
        (&optional, &required, "request-body-became-required"),
        (&required, &optional, "request-body-became-optional"),
    ] {
        let (o, n, changes) = diff_files(&dir, old, new).unwrap();
        let ids: Vec<&str> = changes.iter().map(|c| c.check.id).collect();
        assert_eq!(ids, [id], "{} -> {}", old.display(), new.display());
        let mut failures = Vec::new();
        check_fixes(id, &dir, &o, &n, &changes[0], &mut failures);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
