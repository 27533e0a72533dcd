//! `operation-singular-tag`: an operation has at most one tag.

use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, Docs, Op, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "operation-singular-tag",
    description: "Operation must not have more than a single tag.",
    severity: Severity::Warning,
    recommended: false,
    formats: OAS,
    fix: None,
    docs: Docs {
        what: "An operation whose `tags` list more than one tag.",
        why: "Some generators make one client class per tag: an operation with two tags is generated twice.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      tags: [pets, store]\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      tags: [pets]\n      responses:\n        '200':\n          description: ok\n",
        fix: "",
    },
    check: Check::Operation(check),
};

fn check(op: &Op<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(tags) = op.doc.get(op.op, "tags") else {
        return;
    };
    if tags.node.items().len() > 1 {
        out.push(RULE.diagnostic(
            tags.value_range(),
            "Operation must not have more than a single tag.",
        ));
    }
}
