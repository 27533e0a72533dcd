//! `info-contact`: the Info Object has a `contact` object.

use serde_json::json;

use super::{at_top, insert_fix, top, truthy};
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "info-contact",
    description: "Info object must have \"contact\" object.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "An `info` object without a `contact`.",
        why: "Whoever reads the description (or the docs generated from it) needs someone to ask about the API.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\n  contact:\n    name: Pets team\n    email: pets@example.com\npaths: {}\n",
        fix: "Inserts a placeholder `contact: {name: TODO, email: TODO}` to fill in. Unsafe: the placeholder says nothing true until edited.",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let info = top(doc, "info").map(|(_, v)| v);
    if truthy(info.and_then(|i| doc.get(i, "contact"))) {
        return;
    }
    let fix = info.and_then(|i| {
        insert_fix(
            doc,
            i,
            "contact",
            &json!({"name": "TODO", "email": "TODO"}),
            "Add a placeholder `info.contact`",
            Applicability::Unsafe,
        )
    });
    out.push(
        RULE.diagnostic(
            at_top(doc, "info"),
            "Info object must have \"contact\" object.",
        )
        .with_fix(fix),
    );
}
