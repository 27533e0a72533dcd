//! `operation-tags`: every operation has a non-empty `tags` list.

use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, Docs, Op, Rule, OAS};
use crate::syntax::NodeKind;

pub(crate) static RULE: Rule = Rule {
    id: "operation-tags",
    description: "Operation must have non-empty \"tags\" array.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: None,
    docs: Docs {
        what: "An operation of `paths` without `tags`, or with an empty list.",
        why: "Docs and code generators group operations by their first tag; an untagged operation lands in a catch-all group.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      tags: [pets]\n      responses:\n        '200':\n          description: ok\n",
        fix: "",
    },
    check: Check::Operation(check),
};

fn check(op: &Op<'_, '_>, out: &mut Vec<Diagnostic>) {
    let tags = op.doc.get(op.op, "tags");
    if tags.is_some_and(|t| matches!(t.node.kind(), NodeKind::Sequence(items) if !items.is_empty()))
    {
        return;
    }
    out.push(RULE.diagnostic(
        op.method_key.range(),
        "Operation must have non-empty \"tags\" array.",
    ));
}
