//! `operation-operationId-valid-in-url`: operation ids use only characters valid in a URL.

use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, Docs, Op, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "operation-operationId-valid-in-url",
    description: "operationId must not contain characters that are invalid when used in URL.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: None,
    docs: Docs {
        what: "An `operationId` with a character outside `A-Za-z0-9-._~:/?#[]@!$&'()*+,;=` (a space, say).",
        why: "Docs tools put operation ids in URLs (anchors, links to an operation); other characters break them.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      operationId: list pets\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n",
        fix: "",
    },
    check: Check::Operation(check),
};

fn valid(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=".contains(c)
}

fn check(op: &Op<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(id) = op.doc.get(op.op, "operationId") else {
        return;
    };
    let Some(text) = op.doc.str_of(id) else {
        return;
    };
    if text.chars().all(valid) {
        return;
    }
    out.push(RULE.diagnostic(
        id.value_range(),
        "operationId must not contain characters that are invalid when used in URL.",
    ));
}
