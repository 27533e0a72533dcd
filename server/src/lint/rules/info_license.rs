//! `info-license`: the Info Object has a `license` object.

use serde_json::json;

use super::{at_top, insert_fix, top, truthy};
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "info-license",
    description: "Info object must have \"license\" object.",
    severity: Severity::Warning,
    recommended: false,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "An `info` object without a `license`.",
        why: "Users of a public API need to know under which terms they may use it.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\n  license:\n    name: Apache 2.0\n    url: https://www.apache.org/licenses/LICENSE-2.0\npaths: {}\n",
        fix: "Inserts a placeholder `license: {name: TODO, url: TODO}`. Unsafe: a placeholder to edit.",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let info = top(doc, "info").map(|(_, v)| v);
    if truthy(info.and_then(|i| doc.get(i, "license"))) {
        return;
    }
    let fix = info.and_then(|i| {
        insert_fix(
            doc,
            i,
            "license",
            &json!({"name": "TODO", "url": "TODO"}),
            "Add a placeholder `info.license`",
            Applicability::Unsafe,
        )
    });
    out.push(
        RULE.diagnostic(
            at_top(doc, "info"),
            "Info object must have \"license\" object.",
        )
        .with_fix(fix),
    );
}
