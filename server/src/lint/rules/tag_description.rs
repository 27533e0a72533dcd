//! `tag-description`: each top-level tag has a `description`.

use serde_json::json;

use super::{insert_fix, top, truthy};
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "tag-description",
    description: "Tag object must have \"description\".",
    severity: Severity::Warning,
    recommended: false,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "A top-level tag without a `description`.",
        why: "Docs show the tag's description at the top of its group of operations.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\ntags:\n  - name: pets\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\ntags:\n  - name: pets\n    description: Everything about pets.\npaths: {}\n",
        fix: "Inserts a placeholder `description: TODO`. Unsafe: a placeholder to edit.",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let Some((_, tags)) = top(doc, "tags") else {
        return;
    };
    for tag in doc.items(tags) {
        let description = doc.get(tag, "description");
        if truthy(description) {
            continue;
        }
        let range = doc
            .get(tag, "name")
            .map_or(tag.range(), |n| n.value_range());
        let fix = description.is_none().then(|| {
            insert_fix(
                doc,
                tag,
                "description",
                &json!("TODO"),
                "Add a placeholder tag `description`",
                Applicability::Unsafe,
            )
        });
        out.push(
            RULE.diagnostic(range, "Tag object must have \"description\".")
                .with_fix(fix.flatten()),
        );
    }
}
