//! The rules' docs, generated into `docs/rules/` (one page per rule and an index). A test
//! fails when the files there are not what this gives (`UPDATE_EXPECT=1` rewrites them).

use super::{Check, Rule};
use crate::analysis::{Applicability, Severity};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warn",
        Severity::Info => "info",
        Severity::Hint => "hint",
    }
}

fn formats(rule: &Rule) -> String {
    rule.formats
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn fix_label(rule: &Rule) -> &'static str {
    match rule.fix {
        Some(Applicability::Safe) => "safe",
        Some(Applicability::Unsafe) => "unsafe",
        Some(Applicability::DisplayOnly) => "display only",
        None => "none",
    }
}

fn example_lang(text: &str) -> &'static str {
    if text.trim_start().starts_with('{') {
        "json"
    } else {
        "yaml"
    }
}

/// The page of one rule (`docs/rules/<id>.md`).
pub fn page(rule: &Rule) -> String {
    let mut s = String::new();
    s.push_str(&format!("# `{}`\n\n", rule.id));
    s.push_str("<!-- Generated from server/src/lint/rules/: edit the rule, then run `UPDATE_EXPECT=1 cargo test -p specls --test lint_docs`. -->\n\n");
    s.push_str(&format!("{}\n\n", rule.description));
    s.push_str("| | |\n|---|---|\n");
    s.push_str(&format!(
        "| Default severity | `{}` |\n",
        severity(rule.severity)
    ));
    s.push_str(&format!(
        "| Recommended | {} |\n",
        if rule.recommended {
            "yes (on by default)"
        } else {
            "no (on with `preset = \"all\"` or by id)"
        }
    ));
    s.push_str(&format!("| Formats | {} |\n", formats(rule)));
    s.push_str(&format!("| Fix | {} |\n", fix_label(rule)));
    if let Check::Existing(codes) = &rule.check {
        let codes: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
        s.push_str(&format!("| Reported as | {} |\n", codes.join(", ")));
    }
    s.push_str(&format!("\n## What it reports\n\n{}\n", rule.docs.what));
    s.push_str(&format!("\n## Why\n\n{}\n", rule.docs.why));
    s.push_str(&format!(
        "\n## Invalid\n\n```{}\n{}```\n",
        example_lang(rule.docs.invalid),
        rule.docs.invalid
    ));
    s.push_str(&format!(
        "\n## Valid\n\n```{}\n{}```\n",
        example_lang(rule.docs.valid),
        rule.docs.valid
    ));
    s.push_str("\n## Fix\n\n");
    if rule.docs.fix.is_empty() {
        s.push_str("None.\n");
    } else {
        s.push_str(&format!("{}\n", rule.docs.fix));
    }
    s.push_str(&format!(
        "\n## Settings\n\n```toml\n# specls.toml\n[lint.rules]\n\"{}\" = \"off\" # or \"on\", \"error\", \"warn\", \"info\", \"hint\"\n```\n",
        rule.id
    ));
    s
}

/// The index of the rules (`docs/rules/README.md`).
pub fn index() -> String {
    let all = super::all();
    let fixes = all.iter().filter(|r| r.fix.is_some()).count();
    let mut s = String::from("# Lint rules\n\n<!-- Generated from server/src/lint/rules/: run `UPDATE_EXPECT=1 cargo test -p specls --test lint_docs`. -->\n\n");
    s.push_str(&format!(
        "specls runs {} rules of Spectral's `spectral:oas` ruleset, with Spectral's ids, default severities, `recommended` flags and formats; {} of them have a fix (a quick-fix in the editor; the safe ones are applied by `source.fixAll.specls` and `specls check --fix`).\n\n",
        all.len(),
        fixes
    ));
    s.push_str("The recommended rules are on by default. In `specls.toml`:\n\n```toml\n[lint]\npreset = \"recommended\" # or \"all\", or \"off\"\nrules = { \"info-contact\" = \"off\", \"info-license\" = \"warn\" }\n```\n\n");
    s.push_str("Rules marked *existing check* are specls checks that were there before the rules: their findings keep their `spec/…` or `ref/…` code, and the rule id sets them in the settings.\n\n");
    s.push_str("| Rule | Severity | Recommended | Formats | Fix |\n|---|---|---|---|---|\n");
    for r in all {
        let existing = if matches!(r.check, Check::Existing(_)) {
            " (existing check)"
        } else {
            ""
        };
        s.push_str(&format!(
            "| [`{}`]({}.md){} | {} | {} | {} | {} |\n",
            r.id,
            r.id,
            existing,
            severity(r.severity),
            if r.recommended { "yes" } else { "no" },
            formats(r),
            fix_label(r)
        ));
    }
    s
}

/// Every generated file of `docs/rules/`: its name and its text.
pub fn files() -> Vec<(String, String)> {
    let mut out = vec![("README.md".to_string(), index())];
    out.extend(
        super::all()
            .iter()
            .map(|r| (format!("{}.md", r.id), page(r))),
    );
    out
}
