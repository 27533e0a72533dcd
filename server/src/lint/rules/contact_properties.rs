//! `contact-properties`: the Contact Object has a `name`, a `url` and an `email`.

use serde_json::json;

use super::{entry, insert_fix, top, truthy};
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "contact-properties",
    description: "Contact object must have \"name\", \"url\" and \"email\".",
    severity: Severity::Warning,
    recommended: false,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "An `info.contact` without one of `name`, `url`, `email` (one finding for each).",
        why: "A contact is useful when it says who, and how to reach them.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\n  contact:\n    name: Pets team\n    url: https://pets.example.com\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\n  contact:\n    name: Pets team\n    url: https://pets.example.com\n    email: pets@example.com\npaths: {}\n",
        fix: "Inserts the missing field with a placeholder value `TODO`. Unsafe: a placeholder to edit.",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let Some((_, info)) = top(doc, "info") else {
        return;
    };
    let Some((key, contact)) = entry(doc, info, "contact") else {
        return;
    };
    for field in ["name", "url", "email"] {
        let value = doc.get(contact, field);
        if truthy(value) {
            continue;
        }
        let fix = value.is_none().then(|| {
            insert_fix(
                doc,
                contact,
                field,
                &json!("TODO"),
                format!("Add a placeholder contact `{field}`"),
                Applicability::Unsafe,
            )
        });
        out.push(
            RULE.diagnostic(
                key.range(),
                format!("Contact object must have \"{field}\"."),
            )
            .with_fix(fix.flatten()),
        );
    }
}
