//! `path-not-include-query`: paths hold no query string.

use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::checks::Doc;
use crate::lint::{Check, Docs, Rule, OAS};
use crate::syntax::NodeRef;

pub(crate) static RULE: Rule = Rule {
    id: "path-not-include-query",
    description: "Path must not include query string.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "A key of `paths` with a `?`.",
        why: "Query parameters are declared as `in: query` parameters; in the path they are part of a template that no request matches.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets?limit=10:\n    get:\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      parameters:\n        - {name: limit, in: query, schema: {type: integer}}\n      responses:\n        '200':\n          description: ok\n",
        fix: "Removes the query string from the path. Unsafe: declare its parameters as `in: query` parameters yourself.",
    },
    check: Check::PathKey(check),
};

fn check(doc: &Doc<'_>, key: NodeRef<'_>, path: &str, out: &mut Vec<Diagnostic>) {
    let Some(at) = path.find('?') else {
        return;
    };
    // The fix needs the key written as it reads (quotes aside, no escapes).
    let raw = doc.text(key.value_range());
    let q = usize::from(raw.starts_with(['"', '\'']));
    let inner = raw.get(q..raw.len() - q);
    let fix = (inner == Some(path)).then(|| {
        let start = key.value_range().start + q;
        Fix::new(
            "Remove the query string",
            vec![(start + at..start + path.len(), String::new())],
            Applicability::Unsafe,
        )
    });
    out.push(
        RULE.diagnostic(key.range(), "Path must not include query string.")
            .with_fix(fix),
    );
}
