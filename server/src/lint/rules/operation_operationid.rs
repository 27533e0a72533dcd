//! `operation-operationId`: every operation has an `operationId`.

use std::collections::HashSet;

use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "operation-operationId",
    description: "Operation must have \"operationId\".",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Safe),
    docs: Docs {
        what: "An operation of `paths` without an `operationId` (or with an empty one).",
        why: "Code generators name methods after operation ids, and links and docs point at operations by them; without one, each tool makes up its own name.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets/{petId}:\n    get:\n      parameters:\n        - {name: petId, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets/{petId}:\n    get:\n      operationId: getPetsByPetId\n      parameters:\n        - {name: petId, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n",
        fix: "Inserts an `operationId` made of the method and the path (`get /pets/{petId}` → `getPetsByPetId`), made unique in the document with a number if needed. Safe: nothing used the operation by an id before.",
    },
    check: Check::Document(check),
};

/// `get` `/pets/{petId}/photos` → `getPetsByPetIdPhotos`.
pub(crate) fn generated_id(method: &str, path: &str) -> String {
    let mut out = method.to_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let mut upper = true;
        for c in segment.chars() {
            if c == '{' {
                out.push_str("By");
                upper = true;
            } else if c.is_ascii_alphanumeric() {
                if upper {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                upper = false;
            } else {
                upper = true;
            }
        }
    }
    out
}

fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let mut taken: HashSet<String> = ctx.facts.ids.iter().cloned().collect();
    for missing in &ctx.facts.missing_ids {
        let base = generated_id(&missing.method, &missing.path);
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}{n}");
            n += 1;
        }
        taken.insert(id.clone());
        let fix = missing.insert.as_ref().map(|(range, before, after)| {
            let quoted = if ctx.doc.parsed.lang == crate::syntax::Lang::Json {
                format!("\"{id}\"")
            } else {
                id.clone()
            };
            Fix::new(
                format!("Add `operationId: {id}`"),
                vec![(range.clone(), format!("{before}{quoted}{after}"))],
                Applicability::Safe,
            )
        });
        out.push(
            RULE.diagnostic(
                missing.range.clone(),
                "Operation must have \"operationId\".",
            )
            .with_fix(fix),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_from_method_and_path() {
        assert_eq!(
            super::generated_id("get", "/pets/{petId}/photos"),
            "getPetsByPetIdPhotos"
        );
        assert_eq!(super::generated_id("post", "/"), "post");
        assert_eq!(
            super::generated_id("put", "/user-accounts/{id}.json"),
            "putUserAccountsByIdJson"
        );
    }
}
