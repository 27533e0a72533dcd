//! `oas3-valid-media-example`: the existing check `spec/media-example-mismatch` in OpenAPI 3.x.

use crate::analysis::Severity;
use crate::lint::{Check, Docs, Rule, OAS3};

pub(crate) static RULE: Rule = Rule {
    id: "oas3-valid-media-example",
    description: "Examples must be valid against their defined schema.",
    severity: Severity::Error,
    recommended: true,
    formats: OAS3,
    fix: None,
    docs: Docs {
        what: "The `example` or `examples` (each Example Object's `value`, through its `$ref`) of a Media Type, Parameter or Header Object that does not match the object's `schema`. Reported by specls's check `spec/media-example-mismatch` (docs/diagnostics.md), with its own severity (warning) unless this rule is given one; a finding in a referenced Example Object is reported where that example is written, as Spectral does. A string example of a media type that is not JSON is its serialized form and is not checked.",
        why: "An example is what readers copy and what mock servers and generated docs show: one that breaks its own schema teaches clients to send what the API rejects, or shows the schema is wrong.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: integer\n              example: ten\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: integer\n              example: 10\n",
        fix: "",
    },
    check: Check::Existing(&["spec/media-example-mismatch"]),
};
