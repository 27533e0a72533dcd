//! `array-items`: a schema of `type: array` has `items`.

use serde_json::json;

use super::{insert_fix, truthy};
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::{Check, Docs, Format, Rule, Visit, OAS};
use crate::syntax::NodeKind;

pub(crate) static RULE: Rule = Rule {
    id: "array-items",
    description: "Schemas with \"type: array\", require a sibling \"items\" field",
    severity: Severity::Error,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "An object with `type: array` (in 3.1, also a `type` list holding `array`) and no `items`, anywhere in the document.",
        why: "Without `items` any item is allowed: generators make a list of untyped values, and docs show nothing about what the list holds. Swagger 2.0 and OpenAPI 3.0 require `items`.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Names:\n      type: array\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Names:\n      type: array\n      items:\n        type: string\n",
        fix: "Inserts `items: {}` (any item) to fill in. Unsafe: a placeholder to edit.",
    },
    check: Check::Node(check),
};

fn check(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = v.doc;
    let Some(ty) = doc.get(v.node, "type") else {
        return;
    };
    let is_array = match ty.node.kind() {
        NodeKind::Scalar(_) => doc.str_of(ty) == Some("array"),
        NodeKind::Sequence(_) => {
            matches!(Format::of(doc.line), Some(Format::Oas31 | Format::Oas32))
                && doc.items(ty).any(|t| doc.str_of(t) == Some("array"))
        }
        _ => false,
    };
    let items = doc.get(v.node, "items");
    if !is_array || truthy(items) {
        return;
    }
    let fix = items.is_none().then(|| {
        insert_fix(
            doc,
            v.node,
            "items",
            &json!({}),
            "Add `items: {}`",
            Applicability::Unsafe,
        )
    });
    out.push(
        RULE.diagnostic(
            ty.value_range(),
            "Schemas with \"type: array\", require a sibling \"items\" field",
        )
        .with_fix(fix.flatten()),
    );
}
