//! `required` names a property the schema does not define. Conservative: only a schema with
//! `properties` and nothing that could supply other properties (composition, conditionals,
//! `patternProperties`, an `additionalProperties` other than `false`, a `$ref` beside it), and
//! not itself a member of an `allOf`/`anyOf`/`oneOf` (its siblings may define the property).

use std::collections::HashSet;

use super::{addr, Doc, Target};
use crate::analysis::{Diagnostic, Severity};
use crate::syntax::NodeKind;

/// Keywords whose presence means other properties may be defined elsewhere.
const OPEN: [&str; 11] = [
    "allOf",
    "anyOf",
    "oneOf",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependencies",
    "patternProperties",
    "$ref",
    "$dynamicRef",
];

#[cfg(test)]
pub(crate) fn check(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    let composed: HashSet<usize> = composed(doc).into_iter().collect();
    let mut found = Vec::new();
    check_by_schema(doc, &mut found);
    out.extend(
        found
            .into_iter()
            .filter(|(schema, _)| !composed.contains(schema))
            .map(|(_, d)| d),
    );
}

/// Schemas that a composition names through `$ref` (a base schema whose `required` its derived
/// schemas' properties satisfy), by node address: their findings are dropped.
pub(crate) fn composed(doc: &Doc<'_>) -> Vec<usize> {
    doc.schemas
        .iter()
        .filter(|(_, ctx)| ctx.in_composition)
        .filter_map(|(s, _)| match doc.resolve(*s) {
            Target::Found(t) if addr(t.node) != addr(s.node) => Some(addr(t.node)),
            _ => None,
        })
        .collect()
}

/// The findings on the schemas `doc` holds, each with the address of its schema.
pub(crate) fn check_by_schema(doc: &Doc<'_>, out: &mut Vec<(usize, Diagnostic)>) {
    for (schema, ctx) in &doc.schemas {
        if ctx.in_composition || OPEN.iter().any(|k| doc.get(*schema, k).is_some()) {
            continue;
        }
        if let Some(extra) = doc.get(*schema, "additionalProperties") {
            if !matches!(
                extra.node.as_scalar(),
                Some(crate::syntax::ScalarValue::Bool(false))
            ) {
                continue;
            }
        }
        let (Some(props), Some(required)) =
            (doc.get(*schema, "properties"), doc.get(*schema, "required"))
        else {
            continue;
        };
        if !matches!(props.node.kind(), NodeKind::Mapping(_))
            || !matches!(required.node.kind(), NodeKind::Sequence(_))
        {
            continue;
        }
        let names: Vec<String> = doc
            .entries(props)
            .filter_map(|(k, _)| k.node.key_text().map(|k| k.into_owned()))
            .collect();
        let defined: HashSet<&str> = names.iter().map(String::as_str).collect();
        for entry in doc.items(required) {
            let Some(name) = doc.str_of(entry) else {
                continue;
            };
            if defined.contains(name) {
                continue;
            }
            let known = if names.len() <= 8 {
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                format!("{} properties", names.len())
            };
            let known = if names.is_empty() {
                "none".to_string()
            } else {
                known
            };
            out.push((
                addr(schema.node),
                Diagnostic::new(
                entry.value_range(),
                Severity::Warning,
                "spec/required-undefined",
                format!(
                    "`{name}` is required, but this schema's `properties` ({known}) do not define it: add it to `properties`, or fix the name in `required`"
                ),
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::found;

    #[test]
    fn required_names_without_a_property() {
        let text = "\
openapi: 3.0.3
components:
  schemas:
    Pet:
      type: object
      required: [id, nmae]
      properties: {id: {type: integer}, name: {type: string}}
    Open:
      type: object
      required: [extra]
      properties: {id: {type: integer}}
      additionalProperties: true
    Composed:
      allOf:
        - $ref: '#/components/schemas/Base'
        - required: [name, tag]
          properties: {tag: {type: string}}
    Base:
      required: [items]
      properties: {total: {type: integer}}
    Page:
      allOf:
        - $ref: '#/components/schemas/Base'
        - properties: {items: {type: array}}
    Closed:
      required: [a]
      properties: {b: {}}
      additionalProperties: false
";
        assert_eq!(
            found(text, check),
            [
                ("spec/required-undefined", "nmae".to_string()),
                ("spec/required-undefined", "a".to_string()),
            ]
        );
    }
}
