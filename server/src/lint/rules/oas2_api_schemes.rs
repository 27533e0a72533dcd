//! `oas2-api-schemes`: a Swagger document lists its `schemes`.

use super::{at_top, top};
use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::edit::{At, Editor};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS2};
use crate::syntax::NodeKind;

pub(crate) static RULE: Rule = Rule {
    id: "oas2-api-schemes",
    description: "OpenAPI host \"schemes\" must be present and non-empty array.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS2,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "A Swagger 2.0 document without `schemes`, or with an empty list or one that is not of strings.",
        why: "Without schemes, tools use the scheme the description was fetched with: say whether the API is on `https`.",
        invalid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\nhost: api.example.com\npaths: {}\n",
        valid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\nhost: api.example.com\nschemes: [https]\npaths: {}\n",
        fix: "Inserts `schemes: [https]` after `host` (or `info`). Unsafe: check the API is served over HTTPS.",
    },
    check: Check::Document(check),
};

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let schemes = top(doc, "schemes");
    if let Some((_, list)) = schemes {
        let items: Vec<_> = doc.items(list).collect();
        if matches!(list.node.kind(), NodeKind::Sequence(_))
            && !items.is_empty()
            && items.iter().all(|i| doc.str_of(*i).is_some())
        {
            return;
        }
    }
    let e = Editor::new(doc.parsed);
    let fix = schemes.is_none().then(|| {
        let keys: Vec<_> = doc.root.entries().map(|(k, _)| k.node.key_text()).collect();
        let after = ["host", "info"]
            .iter()
            .find_map(|name| keys.iter().position(|k| k.as_deref() == Some(name)))?;
        let value = e.value(&serde_json::json!(["https"]));
        let edit = e.insert_entry(doc.root, "schemes", &value, At::After(after))?;
        Some(Fix::new(
            "Add `schemes: [https]`",
            vec![edit],
            Applicability::Unsafe,
        ))
    });
    let range = schemes.map_or_else(|| at_top(doc, "swagger"), |(k, _)| k.range());
    out.push(
        RULE.diagnostic(
            range,
            "OpenAPI host \"schemes\" must be present and non-empty array.",
        )
        .with_fix(fix.flatten()),
    );
}
