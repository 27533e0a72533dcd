//! `no-$ref-siblings`: nothing beside a `$ref` (OpenAPI 2.0 and 3.0 ignore it).

use super::removal_fix;
use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::edit::Editor;
use crate::lint::{Check, Docs, Format, Rule, Visit};

pub(crate) static RULE: Rule = Rule {
    id: "no-$ref-siblings",
    description: "Property must not be placed among $ref",
    severity: Severity::Error,
    recommended: true,
    formats: &[Format::Oas2, Format::Oas30],
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "A key next to a `$ref` in OpenAPI 2.0 or 3.0 (one finding per key). OpenAPI 3.1 allows them in schemas, and Spectral does not run this rule there.",
        why: "In these versions a `$ref` object is replaced by what it names: everything beside it is ignored, so a `description` or `nullable` written there silently does nothing.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        owner:\n          $ref: '#/components/schemas/Owner'\n          description: The owner\n    Owner:\n      type: object\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        owner:\n          allOf: [{$ref: '#/components/schemas/Owner'}]\n          description: The owner\n    Owner:\n      type: object\n",
        fix: "In an OpenAPI 3.0 Schema Object: wraps the `$ref` in `allOf`, so the keys beside it apply. Elsewhere: removes the key. Both unsafe: the first makes the keys count (a `nullable: true` starts to allow `null`), the second loses their text.",
    },
    check: Check::Node(check),
};

fn check(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = v.doc;
    let entries: Vec<_> = v.node.entries().collect();
    let Some((rk, rv)) = entries
        .iter()
        .copied()
        .find(|(k, _)| k.node.key_text().as_deref() == Some("$ref"))
    else {
        return;
    };
    if entries.len() < 2 {
        return;
    }
    let e = Editor::new(doc.parsed);
    let wrap = (v.is_schema && Format::of(doc.line) == Some(Format::Oas30)).then(|| {
        let target = doc.text(rv.value_range()).into_owned();
        let text = format!("{}: [{{{}: {target}}}]", e.key("allOf"), e.key("$ref"));
        Fix::new(
            "Wrap the `$ref` in `allOf`",
            vec![(rk.start..rv.range().end, text)],
            Applicability::Unsafe,
        )
    });
    for (i, (k, _)) in entries.iter().enumerate() {
        let name = k.node.key_text();
        if name.as_deref() == Some("$ref") {
            continue;
        }
        let fix = wrap.clone().or_else(|| {
            removal_fix(
                e.remove_entry(v.node, i),
                format!("Remove `{}`", name.as_deref().unwrap_or_default()),
                Applicability::Unsafe,
            )
        });
        out.push(
            RULE.diagnostic(
                k.range(),
                "$ref must not be placed next to any other properties",
            )
            .with_fix(fix),
        );
    }
}
