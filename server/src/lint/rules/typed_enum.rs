//! `typed-enum`: the values of an `enum` have the schema's `type`.

use super::removal_fix;
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::edit::Editor;
use crate::lint::{Check, Docs, Format, Rule, Visit, OAS};
use crate::syntax::{NodeKind, ScalarValue};

pub(crate) static RULE: Rule = Rule {
    id: "typed-enum",
    description: "Enum values must respect the specified type.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "A value of `enum` that does not have the `type` next to it (`nullable: true` in 3.0 and `x-nullable: true` in 2.0 allow `null`). One finding per value.",
        why: "Such a value can never be valid: the `type` rejects it. It is usually a number written where a string was meant (`1` for `'1'`), or a leftover.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Size:\n      type: string\n      enum: [small, large, 3]\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Size:\n      type: string\n      enum: [small, large, '3']\n",
        fix: "Removes the value. Unsafe: the value may have been meant as a string (`'3'`); quoting it may be the better fix.",
    },
    check: Check::Node(check),
};

fn value_type(node: &crate::syntax::Node, integers: bool) -> &'static str {
    match node.kind() {
        NodeKind::Mapping(_) => "object",
        NodeKind::Sequence(_) => "array",
        NodeKind::Scalar(s) => match &s.value {
            ScalarValue::Null => "null",
            ScalarValue::Bool(_) => "boolean",
            ScalarValue::Str(_) => "string",
            ScalarValue::Int(_) | ScalarValue::BigInt(_) if integers => "integer",
            ScalarValue::Float(f) if integers && f.fract() == 0.0 => "integer",
            _ => "number",
        },
        _ => "unknown",
    }
}

fn check(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = v.doc;
    let (Some(list), Some(ty)) = (doc.get(v.node, "enum"), doc.get(v.node, "type")) else {
        return;
    };
    if !matches!(list.node.kind(), NodeKind::Sequence(_)) {
        return;
    }
    let mut types: Vec<&str> = match ty.node.kind() {
        NodeKind::Scalar(_) => match doc.str_of(ty) {
            Some(t) => vec![t],
            None => return,
        },
        NodeKind::Sequence(_) => {
            let t: Option<Vec<&str>> = doc.items(ty).map(|t| doc.str_of(t)).collect();
            match t {
                Some(t) => t,
                None => return,
            }
        }
        _ => return,
    };
    let flag = |k: &str| {
        doc.get(v.node, k)
            .is_some_and(|n| matches!(n.node.as_scalar(), Some(ScalarValue::Bool(true))))
    };
    let format = Format::of(doc.line);
    if (format == Some(Format::Oas30) && flag("nullable"))
        || (format == Some(Format::Oas2) && flag("x-nullable"))
    {
        types.push("null");
    }
    let integers = types.contains(&"integer");
    let shown = if types.len() == 1 {
        types[0].to_string()
    } else {
        types.join(",")
    };
    let e = Editor::new(doc.parsed);
    for (i, item) in doc.items(list).enumerate() {
        let t = value_type(item.node, integers);
        if types.contains(&t) || t == "unknown" {
            continue;
        }
        let written = doc.text(item.value_range()).into_owned();
        let fix = removal_fix(
            e.remove_item(list, i),
            format!("Remove the value {written}"),
            Applicability::Unsafe,
        );
        out.push(
            RULE.diagnostic(
                item.value_range(),
                format!("Enum value {written} must be \"{shown}\"."),
            )
            .with_fix(fix),
        );
    }
}
