//! `no-script-tags-in-markdown`: descriptions and titles hold no `<script` tag.

use super::markdown_fields;
use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, Docs, Rule, Visit, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "no-script-tags-in-markdown",
    description: "Markdown descriptions must not have \"<script>\" tags.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: None,
    docs: Docs {
        what: "A `description` or `title` (anywhere) containing `<script`.",
        why: "Descriptions are rendered as Markdown, often as HTML in a browser: a script tag in them runs in the readers' browsers.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\n  description: 'Hello <script>alert(1)</script>'\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\n  description: Hello\npaths: {}\n",
        fix: "",
    },
    check: Check::Node(check),
};

fn check(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (text, node) in markdown_fields(v.doc, v.node) {
        if text.contains("<script") {
            out.push(RULE.diagnostic(
                node.value_range(),
                "Markdown descriptions must not have \"<script>\" tags.",
            ));
        }
    }
}
