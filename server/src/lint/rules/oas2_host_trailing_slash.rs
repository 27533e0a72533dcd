//! `oas2-host-trailing-slash`: the Swagger `host` does not end with `/`.

use super::{removal_fix, top};
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::edit::Editor;
use crate::lint::{Check, DocCtx, Docs, Rule, OAS2};

pub(crate) static RULE: Rule = Rule {
    id: "oas2-host-trailing-slash",
    description: "Server URL must not have trailing slash.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS2,
    fix: Some(Applicability::Safe),
    docs: Docs {
        what: "A Swagger 2.0 `host` that ends with `/`.",
        why: "`host` is a host name (and port), joined with `basePath` and the paths: a trailing `/` gives `//` in every URL.",
        invalid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\nhost: api.example.com/\npaths: {}\n",
        valid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\nhost: api.example.com\npaths: {}\n",
        fix: "Removes the trailing `/`. Safe: the URLs built from the host stay the same.",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let Some((_, host)) = top(doc, "host") else {
        return;
    };
    if !doc.str_of(host).is_some_and(|h| h.ends_with('/')) {
        return;
    }
    let fix = removal_fix(
        Editor::new(doc.parsed).trailing_slash(host),
        "Remove the trailing `/`",
        Applicability::Safe,
    );
    out.push(
        RULE.diagnostic(
            host.value_range(),
            "Server URL must not have trailing slash.",
        )
        .with_fix(fix),
    );
}
