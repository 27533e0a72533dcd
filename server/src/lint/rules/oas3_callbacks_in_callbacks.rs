//! `oas3-callbacks-in-callbacks`: no callbacks inside a callback.

use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, Docs, Op, Rule, OAS3};

pub(crate) static RULE: Rule = Rule {
    id: "oas3-callbacks-in-callbacks",
    description: "Callbacks should not be defined within a callback",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS3,
    fix: None,
    docs: Docs {
        what: "An operation of a callback (of an operation of `paths`) that has `callbacks` of its own.",
        why: "A callback's callback describes requests the API's client would make back to... the API's client: almost always a mistake of indentation.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /subscribe:\n    post:\n      callbacks:\n        onEvent:\n          '{$request.body#/url}':\n            post:\n              callbacks:\n                again: {}\n              responses:\n                '200':\n                  description: ok\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /subscribe:\n    post:\n      callbacks:\n        onEvent:\n          '{$request.body#/url}':\n            post:\n              responses:\n                '200':\n                  description: ok\n      responses:\n        '200':\n          description: ok\n",
        fix: "",
    },
    check: Check::Operation(check),
};

fn check(op: &Op<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = op.doc;
    let Some(callbacks) = doc.get(op.op, "callbacks") else {
        return;
    };
    for (_, callback) in doc.entries(callbacks) {
        for (_, item) in doc.entries(callback) {
            for (_, inner) in doc.entries(item) {
                if let Some((k, _)) = super::entry(doc, inner, "callbacks") {
                    out.push(RULE.diagnostic(
                        k.range(),
                        "Callbacks should not be defined within a callback",
                    ));
                }
            }
        }
    }
}
