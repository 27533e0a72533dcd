//! `path-declarations-must-exist`: path variables have names.

use crate::analysis::{Diagnostic, Severity};
use crate::checks::Doc;
use crate::lint::{Check, Docs, Rule, OAS};
use crate::syntax::NodeRef;

pub(crate) static RULE: Rule = Rule {
    id: "path-declarations-must-exist",
    description: "Path parameter declarations must not be empty, ex.\"/given/{}\" is invalid.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: None,
    docs: Docs {
        what: "A key of `paths` with an empty variable, `{}`.",
        why: "A variable is matched with its `in: path` parameter by name: one without a name can never be declared.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets/{}:\n    get:\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n",
        fix: "",
    },
    check: Check::PathKey(check),
};

fn check(_: &Doc<'_>, key: NodeRef<'_>, path: &str, out: &mut Vec<Diagnostic>) {
    if path.contains("{}") {
        out.push(RULE.diagnostic(
            key.range(),
            "Path parameter declarations must not be empty, ex.\"/given/{}\" is invalid.",
        ));
    }
}
