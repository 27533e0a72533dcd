//! `info-description`: the Info Object has a non-empty `description`.

use serde_json::json;

use super::{at_top, insert_fix, top, truthy};
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "info-description",
    description: "Info \"description\" must be present and non-empty string.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "An `info` object without a `description`, or with an empty one.",
        why: "The description is the first thing the generated docs show: what the API is for, how to authenticate, where to start.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\n  description: Adopt a pet.\npaths: {}\n",
        fix: "Inserts a placeholder `description: TODO` (or replaces an empty one). Unsafe: a placeholder to edit.",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let info = top(doc, "info").map(|(_, v)| v);
    let description = info.and_then(|i| doc.get(i, "description"));
    if truthy(description) {
        return;
    }
    let fix = match (info, description) {
        (Some(i), None) => insert_fix(
            doc,
            i,
            "description",
            &json!("TODO"),
            "Add a placeholder `info.description`",
            Applicability::Unsafe,
        ),
        _ => None,
    };
    out.push(
        RULE.diagnostic(
            at_top(doc, "info"),
            "Info \"description\" must be present and non-empty string.",
        )
        .with_fix(fix),
    );
}
