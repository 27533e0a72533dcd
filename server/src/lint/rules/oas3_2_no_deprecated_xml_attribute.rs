//! `oas3_2-no-deprecated-xml-attribute`: OpenAPI 3.2 writes `xml.nodeType: attribute`.

use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::edit::Editor;
use crate::lint::{Check, Docs, Format, Rule, Visit};
use crate::syntax::ScalarValue;

pub(crate) static RULE: Rule = Rule {
    id: "oas3_2-no-deprecated-xml-attribute",
    description: "\"xml.attribute\" is deprecated in OAS 3.2; use \"xml.nodeType: attribute\" instead.",
    severity: Severity::Warning,
    recommended: true,
    formats: &[Format::Oas32],
    fix: Some(Applicability::Safe),
    docs: Docs {
        what: "An XML Object with `attribute: true`, in OpenAPI 3.2.",
        why: "OpenAPI 3.2 deprecates `attribute` for `nodeType`, which also says elements, text and CDATA; tools for 3.2 may drop the old field.",
        invalid: "openapi: 3.2.0\ninfo:\n  title: Pets\n  version: 1.0.0\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        id:\n          type: integer\n          xml:\n            attribute: true\n",
        valid: "openapi: 3.2.0\ninfo:\n  title: Pets\n  version: 1.0.0\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        id:\n          type: integer\n          xml:\n            nodeType: attribute\n",
        fix: "Writes `nodeType: attribute` in place of `attribute: true`. Safe: OpenAPI 3.2 gives them the same meaning.",
    },
    check: Check::Node(check),
};

fn check(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    if v.key != Some("xml") {
        return;
    }
    let doc = v.doc;
    let Some((k, value)) = super::entry(doc, v.node, "attribute") else {
        return;
    };
    if !matches!(value.node.as_scalar(), Some(ScalarValue::Bool(true))) {
        return;
    }
    let e = Editor::new(doc.parsed);
    let text = format!(
        "{}: {}",
        e.key("nodeType"),
        e.value(&serde_json::json!("attribute"))
    );
    let fix = (doc.get(v.node, "nodeType").is_none()).then(|| {
        Fix::new(
            "Write `nodeType: attribute`",
            vec![(k.start..value.range().end, text)],
            Applicability::Safe,
        )
    });
    out.push(
        RULE.diagnostic(
            k.range(),
            "\"xml.attribute\" is deprecated in OAS 3.2; use \"xml.nodeType: attribute\" instead.",
        )
        .with_fix(fix),
    );
}
