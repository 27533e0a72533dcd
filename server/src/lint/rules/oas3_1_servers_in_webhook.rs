//! `oas3_1-servers-in-webhook`: no `servers` in a webhook's operations.

use super::top;
use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, DocCtx, Docs, Format, Rule};

pub(crate) static RULE: Rule = Rule {
    id: "oas3_1-servers-in-webhook",
    description: "Servers should not be defined in a webhook.",
    severity: Severity::Warning,
    recommended: true,
    formats: &[Format::Oas31, Format::Oas32],
    fix: None,
    docs: Docs {
        what: "`servers` in an operation (or the path item) of a webhook, in OpenAPI 3.1 and 3.2.",
        why: "A webhook is a request the API sends: it has no server of the API's to go to, and nothing calls back from it.",
        invalid: "openapi: 3.1.0\ninfo:\n  title: Pets\n  version: 1.0.0\nwebhooks:\n  newPet:\n    post:\n      servers: {}\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.1.0\ninfo:\n  title: Pets\n  version: 1.0.0\nwebhooks:\n  newPet:\n    post:\n      responses:\n        '200':\n          description: ok\n",
        fix: "",
    },
    check: Check::Document(check),
};

/// Spectral's `$.webhooks[*][*].servers` (and, for servers, `$.webhooks.servers`).
fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let Some((_, webhooks)) = top(doc, "webhooks") else {
        return;
    };
    let message = "Servers should not be defined in a webhook.";
    if let Some((k, _)) = super::entry(doc, webhooks, "servers") {
        out.push(RULE.diagnostic(k.range(), message));
    }
    for (_, hook) in doc.entries(webhooks) {
        for (_, op) in doc.entries(hook) {
            if let Some((k, _)) = super::entry(doc, op, "servers") {
                out.push(RULE.diagnostic(k.range(), message));
            }
        }
    }
}
