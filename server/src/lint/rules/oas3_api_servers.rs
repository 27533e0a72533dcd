//! `oas3-api-servers`: the document has a non-empty `servers` list.

use serde_json::json;

use super::{at_top, top};
use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::edit::{At, Editor};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS3};
use crate::syntax::NodeKind;

pub(crate) static RULE: Rule = Rule {
    id: "oas3-api-servers",
    description: "OpenAPI \"servers\" must be present and non-empty array.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS3,
    fix: Some(Applicability::Safe),
    docs: Docs {
        what: "An OpenAPI 3.x document without `servers`, or with an empty list, or with servers that are not objects.",
        why: "Without servers, tools call the API on the host that served the description: rarely what was meant. Saying it explicitly documents where the API lives.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\nservers:\n  - url: https://api.example.com/v1\npaths: {}\n",
        fix: "Inserts `servers: [{url: /}]` after `info`: what OpenAPI assumes when `servers` is missing or empty, so the meaning does not change. Safe; edit the URL afterwards.",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let servers = top(doc, "servers");
    if let Some((_, list)) = servers {
        let items: Vec<_> = doc.items(list).collect();
        let ok = matches!(list.node.kind(), NodeKind::Sequence(_))
            && !items.is_empty()
            && items
                .iter()
                .all(|i| matches!(i.node.kind(), NodeKind::Mapping(_)));
        if ok {
            return;
        }
    }
    let e = Editor::new(doc.parsed);
    let fix = match servers {
        None => {
            let after = doc
                .root
                .entries()
                .position(|(k, _)| k.node.key_text().as_deref() == Some("info"));
            after.and_then(|i| {
                let value = e.value(&json!([{"url": "/"}]));
                e.insert_entry(doc.root, "servers", &value, At::After(i))
                    .map(|edit| {
                        Fix::new("Add `servers: [{url: /}]`", vec![edit], Applicability::Safe)
                    })
            })
        }
        Some((_, list)) if list.node.items().is_empty() => {
            let value = e.value(&json!({"url": "/"}));
            e.append_item(list, &value)
                .map(|edit| Fix::new("Add the server `/`", vec![edit], Applicability::Safe))
        }
        Some(_) => None,
    };
    let range = servers.map_or_else(|| at_top(doc, "openapi"), |(k, _)| k.range());
    out.push(
        RULE.diagnostic(
            range,
            "OpenAPI \"servers\" must be present and non-empty array.",
        )
        .with_fix(fix),
    );
}
