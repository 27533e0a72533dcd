//! `duplicated-entry-in-enum`: an `enum` lists each value once.

use super::entry;
use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::edit::Editor;
use crate::lint::{Check, Docs, Rule, Visit, OAS};
use crate::syntax::NodeKind;

pub(crate) static RULE: Rule = Rule {
    id: "duplicated-entry-in-enum",
    description: "Enum values must not have duplicate entry.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Safe),
    docs: Docs {
        what: "An `enum` with a value listed twice (anywhere in the document, as Spectral's `$..` finds it, but on a `properties` map).",
        why: "JSON Schema requires `enum` values to be unique; a duplicate is a copy-paste slip, and some generators emit one constant twice and fail to compile.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Kind:\n      type: string\n      enum: [cat, dog, cat]\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Kind:\n      type: string\n      enum: [cat, dog]\n",
        fix: "Removes the later copies. Safe: the set of allowed values stays the same.",
    },
    check: Check::Node(check),
};

fn check(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    if v.key == Some("properties") {
        return;
    }
    let doc = v.doc;
    let Some((key, list)) = entry(doc, v.node, "enum") else {
        return;
    };
    if !matches!(list.node.kind(), NodeKind::Sequence(_)) {
        return;
    }
    let values: Vec<Option<serde_json::Value>> = doc
        .items(list)
        .map(|i| crate::syntax::value::node_to_json(doc.tree, i).ok())
        .collect();
    let mut later = Vec::new();
    let mut pair = None;
    for (i, value) in values.iter().enumerate() {
        let Some(value) = value else { continue };
        if let Some(first) = values[..i].iter().position(|p| p.as_ref() == Some(value)) {
            pair.get_or_insert((first, i));
            later.push(i);
        }
    }
    let Some((a, b)) = pair else { return };
    let fix = Editor::new(doc.parsed)
        .remove_items(list, &later)
        .map(|ranges| {
            Fix::new(
                "Remove the duplicate values",
                ranges.into_iter().map(|r| (r, String::new())).collect(),
                Applicability::Safe,
            )
        });
    out.push(
        RULE.diagnostic(
            key.range(),
            format!("\"enum\" property must not have duplicate items (items ## {} and {} are identical)", a + 1, b + 1),
        )
        .with_fix(fix),
    );
}
