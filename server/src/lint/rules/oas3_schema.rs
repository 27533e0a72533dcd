//! `oas3-schema`: the existing checks `schema/ambiguous`, `schema/bad-name`, `schema/enum`, … in OpenAPI 3.x.

use crate::analysis::Severity;
use crate::lint::{Check, Docs, Rule, OAS3};

pub(crate) static RULE: Rule = Rule {
    id: "oas3-schema",
    description: "Validate structure of OpenAPI v3 specification.",
    severity: Severity::Error,
    recommended: true,
    formats: OAS3,
    fix: None,
    docs: Docs {
        what: "The document against the OpenAPI 3.x meta-schema: a missing required field, a field the object does not allow, a value of the wrong type or out of its enum. Reported by specls's own meta-schema validation under the `schema/…` codes (docs/diagnostics.md), with its own severity unless this rule is given one: turning this rule off turns those findings off in OpenAPI 3.x documents, as it turns off Spectral's. specls validates against the official meta-schema of the document's exact version and words each finding itself (the field and the object it belongs to), where Spectral reports the raw JSON Schema errors.",
        why: "Tools that read the document (generators, gateways, docs) reject or misread what the specification does not allow.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\n",
        fix: "",
    },
    check: Check::Existing(&["schema/ambiguous", "schema/bad-name", "schema/enum", "schema/format", "schema/invalid", "schema/length", "schema/missing-field", "schema/not-allowed", "schema/pattern", "schema/range", "schema/too-few", "schema/too-many", "schema/type", "schema/unique", "schema/unknown-field", "schema/used-differently"]),
};
