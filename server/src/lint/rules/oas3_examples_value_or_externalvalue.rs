//! `oas3-examples-value-or-externalValue`: an Example Object has `value` or `externalValue`.

use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, Docs, Rule, Visit, OAS3};
use crate::syntax::NodeKind;

pub(crate) static RULE: Rule = Rule {
    id: "oas3-examples-value-or-externalValue",
    description: "Examples must have either \"value\" or \"externalValue\" field.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS3,
    fix: None,
    docs: Docs {
        what: "An Example Object (an entry of an `examples` map: in `components`, a media type, a parameter, a header) with neither `value` nor `externalValue`, or with both. A `$ref` is not looked into.",
        why: "An example with neither shows nothing; with both, the specification says they are mutually exclusive and tools pick one.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  examples:\n    Cat:\n      summary: A cat\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  examples:\n    Cat:\n      summary: A cat\n      value: {name: Tom}\n",
        fix: "",
    },
    check: Check::Node(check),
};

fn check(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    // An extension's own `examples` (OpenAI's `x-oaiMeta`) is no Examples map: Spectral's
    // `given` names only the places OpenAPI puts one.
    if v.key != Some("examples") || v.is_schema || v.in_extension {
        return;
    }
    let doc = v.doc;
    for (k, example) in doc.entries(v.node) {
        if !matches!(example.node.kind(), NodeKind::Mapping(_))
            || doc.get(example, "$ref").is_some()
        {
            continue;
        }
        let value = doc.get(example, "value").is_some();
        let external = doc.get(example, "externalValue").is_some();
        if value != external {
            continue;
        }
        let message = if value {
            "\"value\" and \"externalValue\" must not be both defined"
        } else {
            "\"value\" or \"externalValue\" must be defined"
        };
        out.push(RULE.diagnostic(k.range(), message));
    }
}
