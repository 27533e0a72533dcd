//! `oas2-discriminator`: a definition's `discriminator` names one of its `properties`, and a
//! `required` one (Spectral's `oasDiscriminator`).

use serde_json::Value;

use super::{entry, top, truthy};
use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::edit::{At, Editor};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS2};
use crate::syntax::NodeKind;

pub(crate) static RULE: Rule = Rule {
    id: "oas2-discriminator",
    description: "discriminator property must be defined and required",
    severity: Severity::Error,
    recommended: true,
    formats: OAS2,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "A schema of `definitions` whose `discriminator` is not the name of one of its `properties`, or not in its `required` list.",
        why: "In Swagger 2.0 the discriminator is the property whose value says which schema an instance is: the schema must define it, and every instance must have it.",
        invalid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ndefinitions:\n  Pet:\n    type: object\n    discriminator: petType\n    properties:\n      petType:\n        type: string\n",
        valid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ndefinitions:\n  Pet:\n    type: object\n    discriminator: petType\n    properties:\n      petType:\n        type: string\n    required:\n      - petType\n",
        fix: "Adds the discriminator to `required` when it is one of the schema's `properties`. Unsafe: instances without the property no longer validate.",
    },
    check: Check::Document(check),
};

/// Spectral's `$.definitions[?(@ && @.discriminator)]`.
fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let Some((_, defs)) = top(doc, "definitions") else {
        return;
    };
    let e = Editor::new(doc.parsed);
    for (_, schema) in doc.entries(defs) {
        if !matches!(
            doc.tree.follow_alias(schema).node.kind(),
            NodeKind::Mapping(_)
        ) {
            continue;
        }
        let Some((d_key, d)) = entry(doc, schema, "discriminator") else {
            continue;
        };
        if !truthy(Some(d)) {
            continue;
        }
        let Some(name) = doc.str_of(d) else {
            continue;
        };
        let props = entry(doc, schema, "properties");
        let defined = props.is_some_and(|(_, p)| {
            matches!(doc.tree.follow_alias(p).node.kind(), NodeKind::Mapping(_))
                && doc
                    .entries(p)
                    .any(|(k, _)| k.node.key_text().as_deref() == Some(name))
        });
        if !defined {
            let range = props.map_or_else(|| d_key.range(), |(k, _)| k.range());
            out.push(RULE.diagnostic(
                range,
                "The discriminator property must be defined in this schema.",
            ));
        }
        let required = entry(doc, schema, "required");
        let is_list = |n| matches!(doc.tree.follow_alias(n).node.kind(), NodeKind::Sequence(_));
        let listed = required
            .is_some_and(|(_, r)| is_list(r) && doc.items(r).any(|i| doc.str_of(i) == Some(name)));
        if !listed {
            let range = required.map_or_else(|| d_key.range(), |(k, _)| k.range());
            let item = e.value(&Value::String(name.to_string()));
            let edit = if !defined {
                None
            } else {
                match required {
                    Some((_, r)) if is_list(r) => e.append_item(r, &item),
                    Some(_) => None,
                    None => {
                        let n = doc.entries(schema).count();
                        let at = n.checked_sub(1).map_or(At::First, At::After);
                        e.insert_entry(schema, "required", &format!("[{item}]"), at)
                    }
                }
            };
            let fix = edit.map(|ed| {
                Fix::new(
                    format!("Add `{name}` to `required`"),
                    vec![ed],
                    Applicability::Unsafe,
                )
            });
            out.push(
                RULE.diagnostic(
                    range,
                    "The discriminator property must be in the required property list.",
                )
                .with_fix(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    fn findings(text: &str) -> Vec<(String, String)> {
        super::super::findings_of("oas2-discriminator", text)
    }

    const HEAD: &str = "swagger: '2.0'\ninfo:\n  title: t\n  version: '1'\npaths: {}\n";

    #[test]
    fn discriminator_not_defined_and_not_required() {
        let text = format!(
            "{HEAD}definitions:\n  Pet:\n    discriminator: kind\n    properties:\n      name:\n        type: string\n    required: [name]\n  Cat:\n    discriminator: kind\n"
        );
        assert_eq!(
            findings(&text),
            vec![
                (
                    "The discriminator property must be defined in this schema.".to_string(),
                    "properties".to_string()
                ),
                (
                    "The discriminator property must be in the required property list.".to_string(),
                    "required".to_string()
                ),
                (
                    "The discriminator property must be defined in this schema.".to_string(),
                    "discriminator".to_string()
                ),
                (
                    "The discriminator property must be in the required property list.".to_string(),
                    "discriminator".to_string()
                ),
            ]
        );
    }

    #[test]
    fn discriminator_defined_and_required_or_not_a_string_gives_nothing() {
        let text = format!(
            "{HEAD}definitions:\n  Pet:\n    discriminator: kind\n    properties:\n      kind:\n        type: string\n    required: [kind]\n  Odd:\n    discriminator: {{propertyName: kind}}\n  Empty:\n    discriminator: ''\n"
        );
        assert_eq!(findings(&text), vec![]);
    }
}
