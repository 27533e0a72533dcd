//! `openapi-tags-alphabetical`: the top-level `tags` are sorted by name.

use super::top;
use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::edit::Editor;
use crate::lint::{Check, DocCtx, Docs, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "openapi-tags-alphabetical",
    description: "OpenAPI object must have alphabetical \"tags\".",
    severity: Severity::Warning,
    recommended: false,
    formats: OAS,
    fix: Some(Applicability::Safe),
    docs: Docs {
        what: "Top-level `tags` not in alphabetical order of their `name` (compared as Spectral does with `localeCompare`: case folded first).",
        why: "Documentation tools list the tags in the order they are declared; sorted, they are easier to find.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\ntags:\n  - name: pets\n  - name: owners\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\ntags:\n  - name: owners\n  - name: pets\npaths: {}\n",
        fix: "Sorts the tags, each moved with its text as written. Safe: tag order only changes the order of the docs' sections.",
    },
    check: Check::Document(check),
};

/// Spectral compares names with `localeCompare`: roughly, case folded, then as written.
fn sort_key(name: &str) -> (String, String) {
    (name.to_lowercase(), name.to_string())
}

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let Some((key, tags)) = top(doc, "tags") else {
        return;
    };
    let names: Vec<Option<&str>> = doc
        .items(tags)
        .map(|t| doc.get(t, "name").and_then(|n| doc.str_of(n)))
        .collect();
    let Some(names) = names.into_iter().collect::<Option<Vec<&str>>>() else {
        return;
    };
    if names.windows(2).all(|w| sort_key(w[0]) <= sort_key(w[1])) {
        return;
    }
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| sort_key(names[i]));
    let fix = Editor::new(doc.parsed)
        .reorder(tags, &order)
        .map(|edits| Fix::new("Sort the tags by name", edits, Applicability::Safe));
    out.push(
        RULE.diagnostic(
            key.range(),
            "OpenAPI object must have alphabetical \"tags\".",
        )
        .with_fix(fix),
    );
}
