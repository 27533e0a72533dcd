//! `oas2-anyOf`: no `anyOf` in Swagger 2.0.

use super::entry;
use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, Docs, Rule, Visit, OAS2};

pub(crate) static RULE: Rule = Rule {
    id: "oas2-anyOf",
    description: "anyOf is not available in OpenAPI v2, it was added in OpenAPI v3",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS2,
    fix: None,
    docs: Docs {
        what: "A `anyOf` key anywhere in a Swagger 2.0 document.",
        why: "Swagger 2.0's Schema Object has no `anyOf`: tools ignore it, and the schema accepts anything.",
        invalid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ndefinitions:\n  Id:\n    anyOf: [{type: string}, {type: integer}]\n",
        valid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ndefinitions:\n  Id:\n    type: string\n",
        fix: "",
    },
    check: Check::Node(check),
};

fn check(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    if let Some((k, _)) = entry(v.doc, v.node, "anyOf") {
        out.push(RULE.diagnostic(
            k.range(),
            "\"anyOf\" keyword must not be used in OpenAPI v2 document.",
        ));
    }
}
