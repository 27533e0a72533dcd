//! `oas2-valid-media-example`: the existing check `spec/media-example-mismatch` in Swagger 2.0.

use crate::analysis::Severity;
use crate::lint::{Check, Docs, Rule, OAS2};

pub(crate) static RULE: Rule = Rule {
    id: "oas2-valid-media-example",
    description: "Examples must be valid against their defined schema.",
    severity: Severity::Error,
    recommended: true,
    formats: OAS2,
    fix: None,
    docs: Docs {
        what: "An example of a Response Object's `examples` (one per media type) that does not match the response's `schema`. Reported by specls's check `spec/media-example-mismatch` (docs/diagnostics.md), with its own severity (warning) unless this rule is given one. A string example of a media type that is not JSON is its serialized form and is not checked.",
        why: "An example is what readers copy and what mock servers and generated docs show: one that breaks its own schema teaches clients to send what the API rejects, or shows the schema is wrong.",
        invalid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      produces:\n        - application/json\n      responses:\n        '200':\n          description: ok\n          schema:\n            type: integer\n          examples:\n            application/json: ten\n",
        valid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      produces:\n        - application/json\n      responses:\n        '200':\n          description: ok\n          schema:\n            type: integer\n          examples:\n            application/json: 10\n",
        fix: "",
    },
    check: Check::Existing(&["spec/media-example-mismatch"]),
};
