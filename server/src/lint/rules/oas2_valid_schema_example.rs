//! `oas2-valid-schema-example`: the existing checks `spec/example-mismatch`, `spec/default-not-in-enum` in Swagger 2.0.

use crate::analysis::Severity;
use crate::lint::{Check, Docs, Rule, OAS2};

pub(crate) static RULE: Rule = Rule {
    id: "oas2-valid-schema-example",
    description: "Examples must be valid against their defined schema.",
    severity: Severity::Error,
    recommended: true,
    formats: OAS2,
    fix: None,
    docs: Docs {
        what: "A Schema Object's `example` or `default` that does not match the schema it is in: type, bounds, pattern, `enum`, the formats `date`, `date-time`, `email`, `uri`, `uuid`, `ipv4` and `ipv6`, required properties. Reported by specls's checks `spec/example-mismatch` and, for a `default` beside an `enum`, `spec/default-not-in-enum` (docs/diagnostics.md), with their own severity (warning) unless this rule is given one; the range is the smallest offending part of the value.",
        why: "An example is what readers copy and what mock servers and generated docs show: one that breaks its own schema teaches clients to send what the API rejects, or shows the schema is wrong.",
        invalid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ndefinitions:\n  Age:\n    type: integer\n    default: ten\n",
        valid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ndefinitions:\n  Age:\n    type: integer\n    default: 10\n",
        fix: "",
    },
    check: Check::Existing(&["spec/example-mismatch", "spec/default-not-in-enum"]),
};
