//! `oas3-valid-schema-example`: the existing checks `spec/example-mismatch`, `spec/default-not-in-enum` in OpenAPI 3.x.

use crate::analysis::Severity;
use crate::lint::{Check, Docs, Rule, OAS3};

pub(crate) static RULE: Rule = Rule {
    id: "oas3-valid-schema-example",
    description: "Examples must be valid against their defined schema.",
    severity: Severity::Error,
    recommended: true,
    formats: OAS3,
    fix: None,
    docs: Docs {
        what: "A Schema Object's `example` (and `examples` in OpenAPI 3.1+) or `default` that does not match the schema it is in: type, bounds, pattern, `enum`, the formats `date`, `date-time`, `email`, `uri`, `uuid`, `ipv4` and `ipv6`, required properties. Reported by specls's checks `spec/example-mismatch` and, for a `default` beside an `enum`, `spec/default-not-in-enum` (docs/diagnostics.md), with their own severity (warning) unless this rule is given one; the range is the smallest offending part of the value.",
        why: "An example is what readers copy and what mock servers and generated docs show: one that breaks its own schema teaches clients to send what the API rejects, or shows the schema is wrong.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Age:\n      type: integer\n      minimum: 0\n      example: -1\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Age:\n      type: integer\n      minimum: 0\n      example: 3\n",
        fix: "",
    },
    check: Check::Existing(&["spec/example-mismatch", "spec/default-not-in-enum"]),
};
