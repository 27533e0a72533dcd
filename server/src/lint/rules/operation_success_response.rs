//! `operation-success-response`: every operation has a 2xx or 3xx response.

use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::edit::{At, Editor};
use crate::lint::{Check, Docs, Format, Op, Rule, OAS};
use crate::syntax::NodeKind;

pub(crate) static RULE: Rule = Rule {
    id: "operation-success-response",
    description: "Operation must have at least one \"2xx\" or \"3xx\" response.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "An operation whose `responses` hold no status code from 200 to 399 (nor `2XX`/`3XX` in OpenAPI 3.x). `default` does not count.",
        why: "Clients and generators need to know what success looks like; with only error responses, a generated client has no return type.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        '404':\n          description: not found\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: OK\n        '404':\n          description: not found\n",
        fix: "Inserts `'200': {description: OK}` first in `responses`. Unsafe: it claims what the API answers; check the status and add the content.",
    },
    check: Check::Operation(check),
};

fn check(op: &Op<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = op.doc;
    let Some(responses) = doc.get(op.op, "responses") else {
        return;
    };
    if !matches!(responses.node.kind(), NodeKind::Mapping(_)) {
        return;
    }
    let oas3 = Format::of(doc.line) != Some(Format::Oas2);
    let success = doc.entries(responses).any(|(k, _)| {
        let Some(code) = k.node.key_text() else {
            return false;
        };
        (oas3 && (code == "2XX" || code == "3XX"))
            || code
                .parse::<f64>()
                .is_ok_and(|n| (200.0..400.0).contains(&n))
    });
    if success {
        return;
    }
    let e = Editor::new(doc.parsed);
    let value = e.value(&serde_json::json!({"description": "OK"}));
    // `200` is written quoted in YAML (`'200'`), so that it reads as a string key.
    let fix = e
        .insert_entry(responses, "200", &value, At::First)
        .map(|edit| Fix::new("Add a `200` response", vec![edit], Applicability::Unsafe));
    out.push(
        RULE.diagnostic(
            op.method_key.range(),
            "Operation must define at least a single 2xx or 3xx response",
        )
        .with_fix(fix),
    );
}
