//! `oas3-operation-security-defined`: security requirements name schemes of
//! `components.securitySchemes`, and scopes those schemes list.

use super::top;
use crate::analysis::{Diagnostic, Severity};
use crate::checks::Doc;
use crate::lint::{Check, DocCtx, Docs, Rule, SecurityUse, OAS3};
use crate::syntax::NodeRef;

pub(crate) static RULE: Rule = Rule {
    id: "oas3-operation-security-defined",
    description: "Operation \"security\" values must match a scheme defined in the \"components.securitySchemes\" object.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS3,
    fix: None,
    docs: Docs {
        what: "A security requirement (top-level or of an operation of `paths`) that names a scheme `components.securitySchemes` does not define, or a scope none of the scheme's OAuth flows lists.",
        why: "A requirement naming an undefined scheme cannot be met by any client: the operation is documented as unreachable, and generators drop or reject it.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      security:\n        - apiKey: []\n      responses:\n        '200':\n          description: ok\ncomponents:\n  securitySchemes:\n    api_key: {type: apiKey, in: header, name: X-Key}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      security:\n        - api_key: []\n      responses:\n        '200':\n          description: ok\ncomponents:\n  securitySchemes:\n    api_key: {type: apiKey, in: header, name: X-Key}\n",
        fix: "",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let schemes = top(doc, "components").and_then(|(_, c)| doc.get(c, "securitySchemes"));
    report(&RULE, ctx, schemes, "components.securitySchemes", out);
}

/// Whether a scheme lists a scope: in Swagger 2.0 its `scopes`, in 3.x one of its `flows`.
fn has_scope(doc: &Doc<'_>, scheme: NodeRef<'_>, scope: &str) -> bool {
    if doc.is_swagger() {
        return doc
            .get(scheme, "scopes")
            .and_then(|s| doc.get(s, scope))
            .is_some();
    }
    doc.get(scheme, "flows").is_some_and(|flows| {
        doc.entries(flows).any(|(_, f)| {
            doc.get(f, "scopes")
                .and_then(|s| doc.get(s, scope))
                .is_some()
        })
    })
}

/// The findings of both versions' rules, over the top-level requirements and the operations'.
pub(super) fn report(
    rule: &Rule,
    ctx: &DocCtx<'_, '_>,
    schemes: Option<NodeRef<'_>>,
    location: &str,
    out: &mut Vec<Diagnostic>,
) {
    let doc = ctx.doc;
    let top_level = top(doc, "security")
        .map(|(_, list)| SecurityUse::of_list(doc, list))
        .unwrap_or_default();
    let uses = top_level
        .iter()
        .map(|u| (u, "API"))
        .chain(ctx.facts.security.iter().map(|u| (u, "Operation")));
    for (u, object) in uses {
        let Some(scheme) = schemes.and_then(|s| doc.get(s, &u.scheme)) else {
            out.push(rule.diagnostic(
                u.range.clone(),
                format!("{object} \"security\" values must match a scheme defined in the \"{location}\" object."),
            ));
            continue;
        };
        for (scope, range) in &u.scopes {
            if !has_scope(doc, scheme, scope) {
                out.push(rule.diagnostic(
                    range.clone(),
                    format!("\"{scope}\" must be listed among scopes."),
                ));
            }
        }
    }
}
