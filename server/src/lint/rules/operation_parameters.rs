//! `operation-parameters`: an operation's parameters are unique, and it has at most one body.

use super::removal_fix;
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::edit::Editor;
use crate::lint::{Check, Docs, Op, Rule, OAS};
use crate::syntax::NodeKind;

pub(crate) static RULE: Rule = Rule {
    id: "operation-parameters",
    description: "Operation parameters are unique and non-repeating.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "In an operation's `parameters` (written inline; `$ref`s are not followed, as in Spectral): a second parameter with the same `name` and `in`, a second `in: body`, or both `in: body` and `in: formData`.",
        why: "A parameter is known by its name and location: a repeated one is ambiguous, and the specification forbids it. Swagger 2.0 allows one body, and a body or form data, not both.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      parameters:\n        - {name: limit, in: query, schema: {type: integer}}\n        - {name: limit, in: query, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      parameters:\n        - {name: limit, in: query, schema: {type: integer}}\n      responses:\n        '200':\n          description: ok\n",
        fix: "For a repeated parameter, removes the later one. Unsafe: the two may differ (a schema, a description); check which one to keep.",
    },
    check: Check::Operation(check),
};

fn check(op: &Op<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = op.doc;
    let Some(list) = doc.get(op.op, "parameters") else {
        return;
    };
    if !matches!(list.node.kind(), NodeKind::Sequence(_)) {
        return;
    }
    let params: Vec<_> = doc.items(list).collect();
    if params.len() < 2 {
        return;
    }
    let e = Editor::new(doc.parsed);
    let mut seen = std::collections::HashSet::new();
    let (mut body, mut form) = (Vec::new(), 0);
    for (i, p) in params.iter().enumerate() {
        if !matches!(p.node.kind(), NodeKind::Mapping(_)) || doc.get(*p, "$ref").is_some() {
            continue;
        }
        let text = |k: &str| {
            doc.get(*p, k)
                .map(|n| {
                    n.node
                        .key_text()
                        .map(|t| t.into_owned())
                        .unwrap_or_else(|| "undefined".into())
                })
                .unwrap_or_else(|| "undefined".into())
        };
        let location = text("in");
        if !seen.insert((location.clone(), text("name"))) {
            let fix = removal_fix(
                e.remove_item(list, i),
                "Remove the repeated parameter",
                Applicability::Unsafe,
            );
            out.push(
                RULE.diagnostic(
                    p.range(),
                    "A parameter in this operation already exposes the same combination of \"name\" and \"in\" values.",
                )
                .with_fix(fix),
            );
        }
        match location.as_str() {
            "body" => body.push(*p),
            "formData" => form += 1,
            _ => {}
        }
    }
    if !body.is_empty() && form > 0 {
        out.push(RULE.diagnostic(
            list.value_range(),
            "Operation must not have both \"in:body\" and \"in:formData\" parameters.",
        ));
    }
    for p in body.iter().skip(1) {
        out.push(RULE.diagnostic(
            p.range(),
            "Operation must not have more than a single instance of the \"in:body\" parameter.",
        ));
    }
}
