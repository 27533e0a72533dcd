//! `oas3-server-not-example.com`: server URLs do not point at example.com.

use super::top;
use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS3};

pub(crate) static RULE: Rule = Rule {
    id: "oas3-server-not-example.com",
    description: "Server URL must not point at example.com.",
    severity: Severity::Warning,
    recommended: false,
    formats: OAS3,
    fix: None,
    docs: Docs {
        what: "A top-level server `url` containing `example.com`.",
        why: "`example.com` is a placeholder: a published description should say where the API really is.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\nservers:\n  - url: https://api.example.com\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\nservers:\n  - url: https://api.pets.dev\npaths: {}\n",
        fix: "",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let Some((_, servers)) = top(doc, "servers") else {
        return;
    };
    for server in doc.items(servers) {
        let Some(url) = doc.get(server, "url") else {
            continue;
        };
        if doc.str_of(url).is_some_and(|u| u.contains("example.com")) {
            out.push(RULE.diagnostic(
                url.value_range(),
                "Server URL must not point at example.com.",
            ));
        }
    }
}
