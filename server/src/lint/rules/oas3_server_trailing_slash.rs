//! `oas3-server-trailing-slash`: server URLs do not end with `/`.

use super::{removal_fix, top};
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::edit::Editor;
use crate::lint::{Check, DocCtx, Docs, Rule, OAS3};

pub(crate) static RULE: Rule = Rule {
    id: "oas3-server-trailing-slash",
    description: "Server URL must not have trailing slash.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS3,
    fix: Some(Applicability::Safe),
    docs: Docs {
        what: "A top-level server `url` that ends with `/` (a lone `/` is fine).",
        why: "Paths start with `/`: a server URL ending with one gives `//` in every URL built from the two, which some servers and proxies treat as another path.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\nservers:\n  - url: https://api.example.com/v1/\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\nservers:\n  - url: https://api.example.com/v1\npaths: {}\n",
        fix: "Removes the trailing `/`. Safe: OpenAPI joins the server URL and the path as if it were not there.",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let Some((_, servers)) = top(doc, "servers") else {
        return;
    };
    let e = Editor::new(doc.parsed);
    for server in doc.items(servers) {
        let Some(url) = doc.get(server, "url") else {
            continue;
        };
        let Some(text) = doc.str_of(url) else {
            continue;
        };
        // Spectral's pattern: `./$`.
        if text.chars().count() < 2 || !text.ends_with('/') {
            continue;
        }
        let fix = removal_fix(
            e.trailing_slash(url),
            "Remove the trailing `/`",
            Applicability::Safe,
        );
        out.push(
            RULE.diagnostic(
                url.value_range(),
                "Server URL must not have trailing slash.",
            )
            .with_fix(fix),
        );
    }
}
