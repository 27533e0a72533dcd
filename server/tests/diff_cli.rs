//! `specls diff` through the binary: the five formats, exit codes, folders, and the git baseline
//! (`--base REV`) on a repository built in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod support;

use support::{git, run_specls as run, stdout};

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../test-workspaces/breaking")
        .join(name)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn formats_and_exit_codes() {
    let dir = case("paths-and-operations");
    let o = run(&["diff", "before.yaml", "after.yaml"], &dir);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains(
            "after.yaml:3:1 breaking[api-path-removed-without-deprecation] path `/stores` removed"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("1 compared: 12 changes: 2 breaking, 4 warnings, 6 info\n"),
        "{text}"
    );

    let o = run(
        &["diff", "--format", "json", "before.yaml", "after.yaml"],
        &dir,
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let changes = v["pairs"][0]["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 12);
    let removed = changes
        .iter()
        .find(|c| c["id"] == "api-removed-without-deprecation")
        .unwrap();
    assert_eq!(removed["oasdiff"], "api-removed-without-deprecation");
    assert_eq!(removed["scopes"][0], "POST /pets");
    assert_eq!(removed["old"]["line"], 10, "the key `post:`");
    assert!(removed["removed"].as_str().unwrap().starts_with("post:"));

    let o = run(
        &["diff", "--format", "sarif", "before.yaml", "after.yaml"],
        &dir,
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 12);
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "api-path-removed-without-deprecation" && r["level"] == "error"));

    let o = run(
        &["diff", "--format", "github", "before.yaml", "after.yaml"],
        &dir,
    );
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 12);
    assert!(lines.iter().all(|l| l.starts_with("::")), "{lines:?}");
    assert!(lines
        .iter()
        .any(|l| l.starts_with("::error file=after.yaml,line=3,")
            && l.contains("title=api-path-removed-without-deprecation")));

    let o = run(
        &["diff", "--format", "markdown", "before.yaml", "after.yaml"],
        &dir,
    );
    let md = stdout(&o);
    assert!(
        md.starts_with("# API changes: before.yaml → after.yaml\n"),
        "{md}"
    );
    assert!(md.contains("## Breaking changes (2)"), "{md}");
    assert!(md.contains("| `operation-id-changed` |"), "{md}");

    // Warnings and info alone pass, unless --fail-on warning.
    let dir = case("security");
    let o = run(
        &["diff", "before.yaml", "after.yaml"],
        &case("negative-json-reformatted"),
    );
    assert_eq!(o.status.code(), Some(2), "before.yaml is not in that case");
    let o = run(
        &["diff", "before.json", "after.json"],
        &case("negative-json-reformatted"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).ends_with("1 compared: 0 changes: 0 breaking, 0 warnings, 0 info\n"));
    let o = run(
        &["diff", "before.yaml", "after.yaml", "--fail-on", "warning"],
        &dir,
    );
    assert_eq!(o.status.code(), Some(1));

    // Usage errors: 2, with what to do.
    let o = run(&["diff", "before.yaml"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("give two files or folders"),
        "{}",
        stderr(&o)
    );
    let o = run(&["diff", "before.yaml", "missing.yaml"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.yaml"), "{}", stderr(&o));
}

#[test]
fn folders_are_compared_spec_by_spec() {
    let dir = case("multi-file-moved-component");
    let o = run(&["diff", "--format", "json", "before", "after"], &dir);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let pairs = v["pairs"].as_array().unwrap();
    // `schemas/pet.yaml` has no root marker: only `spec.yaml` is a spec root.
    assert_eq!(pairs.len(), 1, "{v}");
    let changes = pairs[0]["changes"].as_array().unwrap();
    assert!(changes
        .iter()
        .any(|c| c["id"] == "request-property-enum-value-removed"
            && c["file"] == "after/schemas/pet.yaml"));
}

const SPEC: &str = "openapi: 3.0.3
info: {title: Git, version: '1.0'}
paths:
  /pets:
    get:
      parameters:
        - name: kind
          in: query
          schema:
            $ref: './schemas/kind.yaml'
      responses:
        '200': {description: ok}
    delete:
      responses:
        '204': {description: gone}
";

#[test]
fn git_baseline_reads_the_revision_not_the_working_tree() {
    let dir = std::env::temp_dir().join(format!("specls-diff-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("api/schemas")).unwrap();
    std::fs::write(dir.join("api/spec.yaml"), SPEC).unwrap();
    std::fs::write(
        dir.join("api/schemas/kind.yaml"),
        "type: string\nenum: [cat, dog, bird]\n",
    )
    .unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "first"]);
    // The working tree changes both files: an operation goes, an enum value goes.
    let new_spec = SPEC.replace(
        "    delete:\n      responses:\n        '204': {description: gone}\n",
        "",
    );
    std::fs::write(dir.join("api/spec.yaml"), &new_spec).unwrap();
    std::fs::write(
        dir.join("api/schemas/kind.yaml"),
        "type: string\nenum: [cat, dog]\n",
    )
    .unwrap();

    let o = run(
        &["diff", "--base", "HEAD", "--format", "json", "spec.yaml"],
        &dir.join("api"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let changes = v["pairs"][0]["changes"].as_array().unwrap();
    let mut ids: Vec<&str> = changes.iter().map(|c| c["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "api-removed-without-deprecation",
            "request-parameter-enum-value-removed"
        ],
        "{v}"
    );
    let enum_change = changes
        .iter()
        .find(|c| c["id"] == "request-parameter-enum-value-removed")
        .unwrap();
    assert_eq!(enum_change["file"], "schemas/kind.yaml");
    // Old positions are read in the old versions of the files.
    assert_eq!(enum_change["old"]["line"], 2, "{v}");
    assert_eq!(enum_change["old"]["column"], 18, "{v}");
    assert!(enum_change["message"].as_str().unwrap().contains("`bird`"));
    // The working tree is as it was left.
    assert_eq!(
        std::fs::read_to_string(dir.join("api/spec.yaml")).unwrap(),
        new_spec
    );

    // From the repository's top, the spec named by its path; HEAD against itself after a commit.
    git(&dir, &["commit", "-qam", "second"]);
    let o = run(&["diff", "--base", "HEAD", "api/spec.yaml"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let o = run(&["diff", "--base", "HEAD~1", "api/spec.yaml"], &dir);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));

    // Errors say what to do.
    let o = run(&["diff", "--base", "no-such-branch", "api/spec.yaml"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a revision"), "{}", stderr(&o));
    let outside = std::env::temp_dir().join(format!("specls-diff-nogit-{}", std::process::id()));
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("spec.yaml"), SPEC).unwrap();
    let o = run(&["diff", "--base", "HEAD", "spec.yaml"], &outside);
    if o.status.code() == Some(2) {
        assert!(stderr(&o).contains("specls diff OLD NEW"), "{}", stderr(&o));
    } else {
        // The temporary folder is itself inside a repository: then the spec is not in HEAD.
        assert!(stderr(&o).contains("not in HEAD"), "{}", stderr(&o));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&outside);
}
