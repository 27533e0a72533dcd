//! A `default` that is not one of its `enum` values (Schema Objects, and Swagger 2.0 parameters,
//! headers and `items`, which carry `enum` and `default` themselves).

use serde_json::Value;

use super::Doc;
use crate::analysis::{Diagnostic, Severity};
use crate::syntax::value::node_to_json;
use crate::syntax::{NodeKind, NodeRef};

pub(crate) fn check(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    for (schema, _) in &doc.schemas {
        check_one(doc, *schema, out);
    }
    if doc.is_swagger() {
        for p in &doc.parameters {
            let mut node = Some(*p);
            let mut depth = 0;
            while let Some(n) = node {
                check_one(doc, n, out);
                depth += 1;
                node = doc.get(n, "items").filter(|_| depth < 16);
            }
        }
    }
}

fn check_one(doc: &Doc<'_>, node: NodeRef<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(default), Some(values)) = (doc.get(node, "default"), doc.get(node, "enum")) else {
        return;
    };
    if !matches!(values.node.kind(), NodeKind::Sequence(_)) {
        return;
    }
    let Ok(d) = node_to_json(doc.tree, default) else {
        return;
    };
    // `default: null` usually means "no default": leave it to the type checks.
    if d.is_null() {
        return;
    }
    let options: Vec<Value> = doc
        .items(values)
        .filter_map(|v| node_to_json(doc.tree, v).ok())
        .collect();
    if options.iter().any(|o| json_eq(o, &d)) {
        return;
    }
    let mut listed: Vec<String> = options.iter().take(6).map(short).collect();
    if options.len() > 6 {
        listed.push(format!("… {} in all", options.len()));
    }
    out.push(Diagnostic::new(
        default.value_range(),
        Severity::Warning,
        "spec/default-not-in-enum",
        format!(
            "the default {} is not one of the `enum` values ({}): use one of them as the default, or add it to `enum`",
            short(&d),
            listed.join(", ")
        ),
    ));
}

/// JSON equality where `1` and `1.0` are the same number.
pub(crate) fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        format!("`{s}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::found;

    #[test]
    fn defaults_outside_their_enum() {
        let text = "\
openapi: 3.0.3
components:
  schemas:
    Status: {type: string, enum: [on, off], default: maybe}
    Ok: {type: string, enum: [on, off], default: 'on'}
    Num: {type: number, enum: [1, 2.5], default: 1.0}
    Null: {type: string, nullable: true, enum: [a], default: null}
    Wrong: {type: integer, enum: [1, 2], default: '1'}
";
        assert_eq!(
            found(text, check),
            [
                ("spec/default-not-in-enum", "maybe".to_string()),
                ("spec/default-not-in-enum", "'1'".to_string()),
            ]
        );
        let text = "\
swagger: '2.0'
paths:
  /a:
    get:
      parameters:
        - {name: s, in: query, type: string, enum: [asc, desc], default: up}
        - name: t
          in: query
          type: array
          items: {type: string, enum: [x, y], default: z}
";
        assert_eq!(
            found(text, check),
            [
                ("spec/default-not-in-enum", "up".to_string()),
                ("spec/default-not-in-enum", "z".to_string()),
            ]
        );
    }
}
