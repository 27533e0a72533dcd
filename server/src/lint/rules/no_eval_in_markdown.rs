//! `no-eval-in-markdown`: descriptions and titles hold no `eval(`.

use super::markdown_fields;
use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, Docs, Rule, Visit, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "no-eval-in-markdown",
    description: "Markdown descriptions must not have \"eval(\".",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: None,
    docs: Docs {
        what: "A `description` or `title` (anywhere) containing `eval(`.",
        why: "Descriptions are rendered as Markdown, often as HTML in a browser: script in them is an injection risk for whoever publishes the docs.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\n  description: 'Try eval(\"alert(1)\")'\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\n  description: Adopt a pet.\npaths: {}\n",
        fix: "",
    },
    check: Check::Node(check),
};

fn check(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (text, node) in markdown_fields(v.doc, v.node) {
        if text.contains("eval(") {
            out.push(RULE.diagnostic(
                node.value_range(),
                "Markdown descriptions must not have \"eval(\".",
            ));
        }
    }
}
