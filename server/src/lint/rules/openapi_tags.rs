//! `openapi-tags`: the document has a non-empty top-level `tags` list.

use super::{at_top, top};
use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS};
use crate::syntax::NodeKind;

pub(crate) static RULE: Rule = Rule {
    id: "openapi-tags",
    description: "OpenAPI object must have non-empty \"tags\" array.",
    severity: Severity::Warning,
    recommended: false,
    formats: OAS,
    fix: None,
    docs: Docs {
        what: "A document without top-level `tags`, or with an empty list.",
        why: "Declared tags give each group of operations a description and an order in the docs.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\ntags:\n  - name: pets\npaths: {}\n",
        fix: "",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let tags = top(doc, "tags");
    if let Some((_, t)) = tags {
        if matches!(t.node.kind(), NodeKind::Sequence(items) if !items.is_empty()) {
            return;
        }
    }
    let range = tags.map_or_else(|| at_top(doc, "openapi"), |(k, _)| k.range());
    out.push(RULE.diagnostic(range, "OpenAPI object must have non-empty \"tags\" array."));
}
