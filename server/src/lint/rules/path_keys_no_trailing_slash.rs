//! `path-keys-no-trailing-slash`: paths do not end with `/`.

use super::removal_fix;
use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::checks::Doc;
use crate::lint::edit::Editor;
use crate::lint::{Check, Docs, Rule, OAS};
use crate::syntax::NodeRef;

pub(crate) static RULE: Rule = Rule {
    id: "path-keys-no-trailing-slash",
    description: "Path must not end with slash.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "A key of `paths` that ends with `/` (but `/` itself).",
        why: "`/pets` and `/pets/` are different URLs to most servers; a trailing slash is usually an accident, and clients that drop it get a 404 or a redirect.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets/:\n    get:\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n",
        fix: "Removes the trailing `/`. Unsafe: it changes the URL the description promises; make sure the server answers there.",
    },
    check: Check::PathKey(check),
};

fn check(doc: &Doc<'_>, key: NodeRef<'_>, path: &str, out: &mut Vec<Diagnostic>) {
    // Spectral's pattern: `.+\/$`.
    if path.len() < 2 || !path.ends_with('/') {
        return;
    }
    let fix = removal_fix(
        Editor::new(doc.parsed).trailing_slash(key),
        "Remove the trailing `/`",
        Applicability::Unsafe,
    );
    out.push(
        RULE.diagnostic(key.range(), "Path must not end with slash.")
            .with_fix(fix),
    );
}
