//! The checks' docs, generated into `docs/breaking/` (one page per check and an index). A test
//! fails when the files there are not what this gives (`UPDATE_EXPECT=1` rewrites them).

use super::checks::{Check, CHECKS};

const GENERATED: &str = "<!-- Generated from server/src/diff/checks.rs: edit the catalogue, then run `UPDATE_EXPECT=1 cargo test -p specls --test diff`. -->";

/// The page of one check (`docs/breaking/<id>.md`); `cases` are the folders of
/// `test-workspaces/breaking/` whose report shows it.
pub fn page(c: &Check, cases: &[String]) -> String {
    let mut s = format!("# `{}`\n\n{GENERATED}\n\n{}\n\n", c.id, c.description);
    s.push_str("| | |\n|---|---|\n");
    s.push_str(&format!("| Level | {} |\n", c.level.as_str()));
    s.push_str(&format!("| Direction | {} |\n", c.direction.as_str()));
    match c.oasdiff {
        Some(a) => s.push_str(&format!("| oasdiff | `{a}` |\n")),
        None => s.push_str("| oasdiff | (no check of the same change) |\n"),
    }
    s.push_str(&format!("\n## Who it breaks\n\n{}\n", c.impact));
    s.push_str("\n## Examples\n\n");
    if cases.is_empty() {
        s.push_str("None yet.\n");
    } else {
        s.push_str("Before/after pairs that show it (each folder's `report.txt` is the report of `specls diff` on it):\n\n");
        for case in cases {
            s.push_str(&format!(
                "- [`test-workspaces/breaking/{case}`](../../test-workspaces/breaking/{case})\n"
            ));
        }
    }
    s.push_str("\n## In CI\n\n");
    s.push_str(match c.level {
        super::Level::Breaking => "Fails `specls diff` (exit code 1) by default:\n\n```sh\nspecls diff --base origin/main openapi.yaml\n```\n",
        super::Level::Warning => "Fails `specls diff` (exit code 1) with `--fail-on warning`:\n\n```sh\nspecls diff --base origin/main openapi.yaml --fail-on warning\n```\n",
        super::Level::Info => "Reported (for changelogs); never makes the exit code of `specls diff` 1.\n",
    });
    s
}

/// The index (`docs/breaking/README.md`).
pub fn index() -> String {
    let mut s = format!("# Breaking-change checks\n\n{GENERATED}\n\n");
    let count = |l| CHECKS.iter().filter(|c| c.level == l).count();
    s.push_str(&format!(
        "`specls diff` runs {} checks: {} breaking, {} potentially breaking (warning), {} non-breaking (info). Where oasdiff's catalogue names the same change, its id is given.\n\n",
        CHECKS.len(),
        count(super::Level::Breaking),
        count(super::Level::Warning),
        count(super::Level::Info)
    ));
    s.push_str("| Check | Level | Direction | oasdiff | What |\n|---|---|---|---|---|\n");
    for c in CHECKS {
        s.push_str(&format!(
            "| [`{}`]({}.md) | {} | {} | {} | {} |\n",
            c.id,
            c.id,
            c.level.as_str(),
            c.direction.as_str(),
            c.oasdiff.map(|a| format!("`{a}`")).unwrap_or_default(),
            c.description.replace('|', "\\|")
        ));
    }
    s
}

/// Every generated file of `docs/breaking/`: its name and its text. `cases_of` gives the test
/// cases that show a check.
pub fn files(cases_of: &dyn Fn(&str) -> Vec<String>) -> Vec<(String, String)> {
    let mut out = vec![("README.md".to_string(), index())];
    out.extend(
        CHECKS
            .iter()
            .map(|c| (format!("{}.md", c.id), page(c, &cases_of(c.id)))),
    );
    out
}
