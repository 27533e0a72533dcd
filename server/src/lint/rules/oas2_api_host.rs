//! `oas2-api-host`: a Swagger document has a `host`.

use super::{at_top, top, truthy};
use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS2};

pub(crate) static RULE: Rule = Rule {
    id: "oas2-api-host",
    description: "OpenAPI \"host\" must be present and non-empty string.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS2,
    fix: None,
    docs: Docs {
        what: "A Swagger 2.0 document without `host`.",
        why: "Without a host, tools call the API on the host that served the description: say where the API lives.",
        invalid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\n",
        valid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\nhost: api.example.com\npaths: {}\n",
        fix: "",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let host = top(doc, "host");
    if truthy(host.map(|(_, v)| v)) {
        return;
    }
    let range = host.map_or_else(|| at_top(doc, "swagger"), |(k, _)| k.range());
    out.push(RULE.diagnostic(
        range,
        "OpenAPI \"host\" must be present and non-empty string.",
    ));
}
