//! `oas2-operation-security-defined`: security requirements name schemes of
//! `securityDefinitions`, and scopes those schemes list.

use super::top;
use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS2};

pub(crate) static RULE: Rule = Rule {
    id: "oas2-operation-security-defined",
    description: "Operation \"security\" values must match a scheme defined in the \"securityDefinitions\" object.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS2,
    fix: None,
    docs: Docs {
        what: "A security requirement (top-level or of an operation of `paths`) that names a scheme `securityDefinitions` does not define, or a scope the scheme does not list.",
        why: "A requirement naming an undefined scheme cannot be met by any client: the operation is documented as unreachable.",
        invalid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\nsecurity:\n  - oauth: [admin]\npaths: {}\nsecurityDefinitions:\n  oauth:\n    type: oauth2\n    flow: implicit\n    authorizationUrl: https://example.com/auth\n    scopes: {read: Read}\n",
        valid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\nsecurity:\n  - oauth: [read]\npaths: {}\nsecurityDefinitions:\n  oauth:\n    type: oauth2\n    flow: implicit\n    authorizationUrl: https://example.com/auth\n    scopes: {read: Read}\n",
        fix: "",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let schemes = top(ctx.doc, "securityDefinitions").map(|(_, v)| v);
    super::oas3_operation_security_defined::report(&RULE, ctx, schemes, "securityDefinitions", out);
}
