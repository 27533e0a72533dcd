//! `operation-description`: every operation has a non-empty `description`.

use serde_json::json;

use super::{insert_fix, truthy};
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::{Check, Docs, Op, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "operation-description",
    description: "Operation \"description\" must be present and non-empty string.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "An operation of `paths` without a `description`, or with an empty one.",
        why: "The description is where the docs say what an operation does beyond its summary: side effects, errors, limits.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      description: Lists the pets, newest first.\n      responses:\n        '200':\n          description: ok\n",
        fix: "Inserts a placeholder `description: TODO`. Unsafe: a placeholder to edit.",
    },
    check: Check::Operation(check),
};

fn check(op: &Op<'_, '_>, out: &mut Vec<Diagnostic>) {
    let description = op.doc.get(op.op, "description");
    if truthy(description) {
        return;
    }
    let fix = description.is_none().then(|| {
        insert_fix(
            op.doc,
            op.op,
            "description",
            &json!("TODO"),
            "Add a placeholder `description`",
            Applicability::Unsafe,
        )
    });
    // On the falsy `description` where there is one (as Spectral's path says), else on the
    // operation's method.
    let at = description.map_or(op.method_key.range(), |d| d.range());
    out.push(
        RULE.diagnostic(
            at,
            "Operation \"description\" must be present and non-empty string.",
        )
        .with_fix(fix.flatten()),
    );
}
