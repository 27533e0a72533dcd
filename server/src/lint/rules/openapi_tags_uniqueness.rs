//! `openapi-tags-uniqueness`: each top-level tag name is declared once.

use super::{removal_fix, top};
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::edit::Editor;
use crate::lint::{Check, DocCtx, Docs, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "openapi-tags-uniqueness",
    description: "Each tag must have a unique name.",
    severity: Severity::Error,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "Two top-level tags with the same `name` (each later one is reported).",
        why: "The specification requires tag names to be unique; tools pick one of the two and drop the other's description.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\ntags:\n  - name: pets\n  - name: pets\n    description: Pets\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\ntags:\n  - name: pets\n    description: Pets\npaths: {}\n",
        fix: "Removes the later tag. Unsafe: its other fields (a description) go with it; merge them by hand if they matter.",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let Some((_, tags)) = top(doc, "tags") else {
        return;
    };
    let e = Editor::new(doc.parsed);
    let mut seen = std::collections::HashSet::new();
    for (i, tag) in doc.items(tags).enumerate() {
        let Some(name) = doc.get(tag, "name") else {
            continue;
        };
        let Some(text) = doc.str_of(name) else {
            continue;
        };
        if seen.insert(text) {
            continue;
        }
        let fix = removal_fix(
            e.remove_item(tags, i),
            format!("Remove the second tag `{text}`"),
            Applicability::Unsafe,
        );
        out.push(
            RULE.diagnostic(
                name.value_range(),
                format!("\"tags\" object contains duplicate tag name \"{text}\"."),
            )
            .with_fix(fix),
        );
    }
}
