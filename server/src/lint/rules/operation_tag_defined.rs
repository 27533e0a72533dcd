//! `operation-tag-defined`: every tag an operation names is declared in the top-level `tags`.

use std::collections::HashSet;

use serde_json::json;

use super::top;
use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::edit::{At, Editor};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "operation-tag-defined",
    description: "Operation tags must be defined in global tags.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Safe),
    docs: Docs {
        what: "An operation of `paths` whose `tags` name a tag the top-level `tags` does not declare.",
        why: "Declared tags carry the description and the order of each group in the docs; an undeclared one is often a typo that makes a group of its own.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\ntags:\n  - name: pets\npaths:\n  /owners:\n    get:\n      tags: [owners]\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\ntags:\n  - name: pets\n  - name: owners\npaths:\n  /owners:\n    get:\n      tags: [owners]\n      responses:\n        '200':\n          description: ok\n",
        fix: "Declares the tag: appends `{name: …}` to the top-level `tags` (or adds `tags` after `info`). Safe: the operations stay as they are; the docs gain a group heading.",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let tags = top(doc, "tags");
    let declared: HashSet<&str> = tags
        .map(|(_, t)| {
            doc.items(t)
                .filter_map(|tag| doc.get(tag, "name").and_then(|n| doc.str_of(n)))
                .collect()
        })
        .unwrap_or_default();
    let e = Editor::new(doc.parsed);
    for (name, range) in &ctx.facts.tags {
        if declared.contains(name.as_str()) {
            continue;
        }
        let value = e.value(&json!({ "name": name }));
        let edit = match tags {
            Some((_, list)) => e.append_item(list, &value),
            None => doc
                .root
                .entries()
                .position(|(k, _)| k.node.key_text().as_deref() == Some("info"))
                .and_then(|i| {
                    e.insert_entry(doc.root, "tags", &format!("[{value}]"), At::After(i))
                }),
        };
        let fix = edit.map(|edit| {
            Fix::new(
                format!("Declare the tag `{name}` in the top-level `tags`"),
                vec![edit],
                Applicability::Safe,
            )
        });
        out.push(
            RULE.diagnostic(
                range.clone(),
                "Operation tags must be defined in global tags.",
            )
            .with_fix(fix),
        );
    }
}
