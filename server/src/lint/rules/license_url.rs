//! `license-url`: the License Object has a `url`.

use serde_json::json;

use super::{entry, insert_fix, top, truthy};
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "license-url",
    description: "License object must include \"url\".",
    severity: Severity::Warning,
    recommended: false,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "An `info.license` without a `url` (reported only when there is a license: `info-license` reports a missing one).",
        why: "A license name alone can be ambiguous; the URL says exactly which text applies.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\n  license:\n    name: Apache 2.0\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\n  license:\n    name: Apache 2.0\n    url: https://www.apache.org/licenses/LICENSE-2.0\npaths: {}\n",
        fix: "Inserts a placeholder `url: TODO`. Unsafe: a placeholder to edit.",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let Some((_, info)) = top(doc, "info") else {
        return;
    };
    // Spectral reports a missing license here too; `info-license` says that already.
    let Some((key, license)) = entry(doc, info, "license") else {
        return;
    };
    if truthy(doc.get(license, "url")) || !truthy(Some(license)) {
        return;
    }
    let fix = doc.get(license, "url").is_none().then(|| {
        insert_fix(
            doc,
            license,
            "url",
            &json!("TODO"),
            "Add a placeholder license `url`",
            Applicability::Unsafe,
        )
    });
    out.push(
        RULE.diagnostic(key.range(), "License object must include \"url\".")
            .with_fix(fix.flatten()),
    );
}
