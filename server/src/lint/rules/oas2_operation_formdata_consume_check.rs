//! `oas2-operation-formData-consume-check`: an operation with form data consumes a form type.

use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::edit::Editor;
use crate::lint::{Check, Docs, Op, Rule, OAS2};
use crate::syntax::NodeKind;

pub(crate) static RULE: Rule = Rule {
    id: "oas2-operation-formData-consume-check",
    description: "Operations with \"in: formData\" parameter must include \"application/x-www-form-urlencoded\" or \"multipart/form-data\" in their \"consumes\" property.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS2,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "A Swagger 2.0 operation with an `in: formData` parameter whose own `consumes` lists neither `application/x-www-form-urlencoded` nor `multipart/form-data` (as in Spectral, only operations with both `consumes` and `parameters` are looked at).",
        why: "Form data is sent in one of those two media types: a client that follows `consumes` sends something the server cannot read as form fields.",
        invalid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    post:\n      consumes: [application/json]\n      parameters:\n        - {name: name, in: formData, type: string}\n      responses:\n        '200':\n          description: ok\n",
        valid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    post:\n      consumes: [application/x-www-form-urlencoded]\n      parameters:\n        - {name: name, in: formData, type: string}\n      responses:\n        '200':\n          description: ok\n",
        fix: "Adds `application/x-www-form-urlencoded` to the operation's `consumes`. Unsafe: for a file upload, `multipart/form-data` is the one; and the other types stay listed.",
    },
    check: Check::Operation(check),
};

fn check(op: &Op<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = op.doc;
    let (Some(consumes), Some(params)) = (doc.get(op.op, "consumes"), doc.get(op.op, "parameters"))
    else {
        return;
    };
    if !matches!(consumes.node.kind(), NodeKind::Sequence(_)) {
        return;
    }
    let form = doc
        .items(params)
        .any(|p| doc.get(p, "in").and_then(|i| doc.str_of(i)) == Some("formData"));
    let ok = doc.items(consumes).filter_map(|c| doc.str_of(c)).any(|c| {
        c.contains("application/x-www-form-urlencoded") || c.contains("multipart/form-data")
    });
    if !form || ok {
        return;
    }
    let e = Editor::new(doc.parsed);
    let fix = e
        .append_item(
            consumes,
            &e.value(&serde_json::json!("application/x-www-form-urlencoded")),
        )
        .map(|edit| {
            Fix::new(
                "Add `application/x-www-form-urlencoded` to `consumes`",
                vec![edit],
                Applicability::Unsafe,
            )
        });
    out.push(
        RULE.diagnostic(
            op.method_key.range(),
            "Consumes must include urlencoded, multipart, or form-data media type when using formData parameter.",
        )
        .with_fix(fix),
    );
}
