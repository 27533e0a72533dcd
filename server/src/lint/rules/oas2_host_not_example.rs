//! `oas2-host-not-example`: the Swagger `host` does not point at example.com.

use super::top;
use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS2};

pub(crate) static RULE: Rule = Rule {
    id: "oas2-host-not-example",
    description: "Host URL must not point at example.com.",
    severity: Severity::Warning,
    recommended: false,
    formats: OAS2,
    fix: None,
    docs: Docs {
        what: "A Swagger 2.0 `host` containing `example.com`.",
        why: "`example.com` is a placeholder: a published description should say where the API really is.",
        invalid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\nhost: api.example.com\npaths: {}\n",
        valid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\nhost: api.pets.dev\npaths: {}\n",
        fix: "",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let Some((_, host)) = top(doc, "host") else {
        return;
    };
    if doc.str_of(host).is_some_and(|h| h.contains("example.com")) {
        out.push(RULE.diagnostic(
            host.value_range(),
            "Host URL must not point at example.com.",
        ));
    }
}
