//! Spectral's core functions, over specls's node tree: each looks at one target (a node, or
//! nothing when `then.field` names a missing key) and says what is wrong with it.

use std::sync::Arc;

use serde_json::Value;

use crate::syntax::{NodeKind, NodeRef, ScalarValue, Tree};

/// A core function with its options, checked when the ruleset is loaded.
#[derive(Clone, Debug)]
pub enum Function {
    Truthy,
    Falsy,
    Defined,
    Undefined,
    Pattern {
        matches: Option<(String, regex::Regex)>,
        not_match: Option<(String, regex::Regex)>,
    },
    Casing {
        kind: String,
        re: regex::Regex,
    },
    Length {
        min: Option<f64>,
        max: Option<f64>,
    },
    Enumeration {
        values: Vec<Value>,
    },
    Alphabetical {
        keyed_by: Option<String>,
    },
    Schema {
        validator: Arc<jsonschema::Validator>,
    },
    Xor {
        properties: Vec<String>,
    },
    Or {
        properties: Vec<String>,
    },
    TypedEnum,
    UnreferencedReusableObject {
        location: String,
    },
    /// Spectral's AsyncAPI functions (see `asyncapi.rs`).
    MessageIdUniqueness,
    OperationIdUniqueness,
    UniquenessTags,
    ChannelServers,
    ChannelParameters,
    ServerVariables {
        require_default: bool,
    },
    Security {
        object_type: String,
    },
    /// `examples` false: the `default`.
    SchemaValidation {
        examples: bool,
    },
    MessageExamples,
    Payload,
}

/// The names of the core functions specls runs.
pub const NAMES: &[&str] = &[
    "truthy",
    "falsy",
    "defined",
    "undefined",
    "pattern",
    "casing",
    "length",
    "enumeration",
    "alphabetical",
    "schema",
    "xor",
    "or",
    "typedEnum",
    "unreferencedReusableObject",
    // The JavaScript functions of Spectral's AsyncAPI ruleset that specls runs natively.
    "asyncApi2MessageIdUniqueness",
    "asyncApi2OperationIdUniqueness",
    "uniquenessTags",
    "asyncApi2ChannelServers",
    "asyncApiChannelParameters",
    "serverVariables",
    "asyncApiSecurity",
    "asyncApiSchemaValidation",
    "asyncApi2MessageExamplesValidation",
    "asyncApiPayloadValidation",
];

/// Spectral core functions specls does not run (yet).
pub const UNSUPPORTED: &[&str] = &[
    "oasDocumentSchema",
    "oasOpSuccessResponse",
    "oasOpIdUnique",
    "oasOpFormDataConsumeCheck",
    "oasOpParams",
    "oasPathParam",
    "oasTagDefined",
    "oasUnusedComponent",
    "oasExample",
    "oasSchema",
    "oasDiscriminator",
    "refSiblings",
    "schemaPath",
];

/// Builds a function from its name and options (`functionOptions` as JSON). The error names
/// what is wrong.
pub fn build(name: &str, options: &Value) -> Result<Function, String> {
    let opt = |k: &str| options.get(k);
    let strings = |k: &str| -> Result<Vec<String>, String> {
        match opt(k) {
            Some(Value::Array(a)) if a.len() >= 2 => a
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| format!("`{k}` lists strings"))
                })
                .collect(),
            _ => Err(format!(
                "`{name}` needs `functionOptions.{k}`: a list of two or more property names"
            )),
        }
    };
    Ok(match name {
        "truthy" => Function::Truthy,
        "falsy" => Function::Falsy,
        "defined" => Function::Defined,
        "undefined" => Function::Undefined,
        "typedEnum" => Function::TypedEnum,
        "pattern" => {
            let re = |k: &str| -> Result<Option<(String, regex::Regex)>, String> {
                match opt(k) {
                    None => Ok(None),
                    Some(Value::String(s)) => {
                        super::jsonpath::regex_of(s).map(|r| Some((s.clone(), r)))
                    }
                    Some(_) => Err(format!("`functionOptions.{k}` is a string")),
                }
            };
            let (matches, not_match) = (re("match")?, re("notMatch")?);
            if matches.is_none() && not_match.is_none() {
                return Err("`pattern` needs `functionOptions.match` or `notMatch`".into());
            }
            Function::Pattern { matches, not_match }
        }
        "casing" => {
            let kind = opt("type")
                .and_then(Value::as_str)
                .ok_or("`casing` needs `functionOptions.type` (flat, camel, pascal, kebab, cobol, snake or macro)")?
                .to_string();
            let digits = if opt("disallowDigits").and_then(Value::as_bool) == Some(true) {
                ""
            } else {
                "0-9"
            };
            let d = digits;
            let p = match kind.as_str() {
                "flat" => format!("[a-z][a-z{d}]*"),
                "camel" => format!("[a-z][a-z{d}]*(?:[A-Z{d}](?:[a-z{d}]+|$))*"),
                "pascal" => format!("[A-Z][a-z{d}]*(?:[A-Z{d}](?:[a-z{d}]+|$))*"),
                "kebab" => format!("[a-z][a-z{d}]*(?:-[a-z{d}]+)*"),
                "cobol" => format!("[A-Z][A-Z{d}]*(?:-[A-Z{d}]+)*"),
                "snake" => format!("[a-z][a-z{d}]*(?:_[a-z{d}]+)*"),
                "macro" => format!("[A-Z][A-Z{d}]*(?:_[A-Z{d}]+)*"),
                other => {
                    return Err(format!(
                        "unknown casing `{other}`: use flat, camel, pascal, kebab, cobol, snake or macro"
                    ))
                }
            };
            let full = match opt("separator") {
                Some(sep) => {
                    let ch = sep.get("char").and_then(Value::as_str).unwrap_or_default();
                    if ch.chars().count() != 1 {
                        return Err("`separator.char` is one character".into());
                    }
                    let e = regex::escape(ch);
                    let lead = if sep.get("allowLeading").and_then(Value::as_bool) == Some(true) {
                        format!("(?:{e})?")
                    } else {
                        String::new()
                    };
                    format!("^{lead}(?:{p})(?:{e}(?:{p}))*$")
                }
                None => format!("^(?:{p})$"),
            };
            Function::Casing {
                kind,
                re: regex::Regex::new(&full).map_err(|e| e.to_string())?,
            }
        }
        "length" => {
            let num = |k: &str| -> Result<Option<f64>, String> {
                match opt(k) {
                    None => Ok(None),
                    Some(v) => v
                        .as_f64()
                        .map(Some)
                        .ok_or_else(|| format!("`functionOptions.{k}` is a number")),
                }
            };
            let (min, max) = (num("min")?, num("max")?);
            if min.is_none() && max.is_none() {
                return Err("`length` needs `functionOptions.min` or `max`".into());
            }
            Function::Length { min, max }
        }
        "enumeration" => match opt("values") {
            Some(Value::Array(a)) => Function::Enumeration { values: a.clone() },
            _ => return Err("`enumeration` needs `functionOptions.values`: a list".into()),
        },
        "alphabetical" => Function::Alphabetical {
            keyed_by: opt("keyedBy").and_then(Value::as_str).map(str::to_string),
        },
        "schema" => {
            let schema = opt("schema").ok_or("`schema` needs `functionOptions.schema`")?;
            let validator = jsonschema::validator_for(schema)
                .map_err(|e| format!("the schema in `functionOptions.schema` is invalid: {e}"))?;
            Function::Schema {
                validator: Arc::new(validator),
            }
        }
        "xor" => Function::Xor {
            properties: strings("properties")?,
        },
        "or" => Function::Or {
            properties: strings("properties")?,
        },
        "unreferencedReusableObject" => Function::UnreferencedReusableObject {
            location: opt("reusableObjectsLocation")
                .and_then(Value::as_str)
                .ok_or("`unreferencedReusableObject` needs `functionOptions.reusableObjectsLocation` (`#/components/schemas`)")?
                .to_string(),
        },
        "asyncApi2MessageIdUniqueness" => Function::MessageIdUniqueness,
        "asyncApi2OperationIdUniqueness" => Function::OperationIdUniqueness,
        "uniquenessTags" => Function::UniquenessTags,
        "asyncApi2ChannelServers" => Function::ChannelServers,
        "asyncApiChannelParameters" => Function::ChannelParameters,
        "serverVariables" => {
            if opt("checkSubstitutions").and_then(Value::as_bool) == Some(true) {
                return Err("`serverVariables`: specls does not check substitutions (`checkSubstitutions`)".into());
            }
            Function::ServerVariables {
                require_default: opt("requireDefault").and_then(Value::as_bool) == Some(true),
            }
        }
        "asyncApiSecurity" => match opt("objectType").and_then(Value::as_str) {
            Some(t @ ("Server" | "Operation")) => Function::Security {
                object_type: t.to_string(),
            },
            _ => {
                return Err(
                    "`asyncApiSecurity` needs `functionOptions.objectType`: `Server` or `Operation`"
                        .into(),
                )
            }
        },
        "asyncApi2MessageExamplesValidation" => Function::MessageExamples,
        "asyncApiPayloadValidation" => Function::Payload,
        "asyncApiSchemaValidation" => match opt("type").and_then(Value::as_str) {
            Some(t @ ("default" | "examples")) => Function::SchemaValidation {
                examples: t == "examples",
            },
            _ => {
                return Err(
                    "`asyncApiSchemaValidation` needs `functionOptions.type`: `default` or `examples`"
                        .into(),
                )
            }
        },
        other => return Err(format!("unknown function `{other}`")),
    })
}

/// What a function found: a message, and a more precise place (a node under the target) if
/// it has one.
pub struct Finding<'a> {
    pub message: String,
    pub at: Option<NodeRef<'a>>,
    /// The name of the property the finding is about, when not the target's.
    pub property: Option<String>,
    /// The message is a whole sentence (Spectral's own functions): `{{error}}` is it as is,
    /// not prefixed with the property.
    pub whole: bool,
}

fn finding<'a>(message: impl Into<String>) -> Finding<'a> {
    Finding {
        message: message.into(),
        at: None,
        property: None,
        whole: false,
    }
}

/// JavaScript truthiness of a target (`None`: undefined).
fn truthy(tree: &Tree, n: Option<NodeRef<'_>>) -> bool {
    n.is_some_and(|n| super::jsonpath::node_truthy(tree.follow_alias(n)))
}

pub(super) fn json_of(tree: &Tree, n: NodeRef<'_>) -> Value {
    crate::syntax::value::node_to_json(tree, n).unwrap_or(Value::Null)
}

fn text_of(tree: &Tree, n: NodeRef<'_>) -> Option<String> {
    let n = tree.follow_alias(n);
    match n.node.as_scalar()? {
        ScalarValue::Str(s) => Some(s.to_string()),
        _ => None,
    }
}

impl Function {
    /// Whether [`Function::run`] needs the target's name (its key), which costs a walk up.
    pub fn needs_name(&self) -> bool {
        matches!(self, Function::ChannelParameters)
    }

    /// Runs the function on a target. `name` is the target's key (for
    /// [`Function::needs_name`]); `doc` is the linted document's tree and root, for the
    /// functions that look around (`unreferencedReusableObject`, the AsyncAPI ones).
    pub fn run<'a>(
        &self,
        tree: &'a Tree,
        target: Option<NodeRef<'a>>,
        name: Option<&str>,
        doc: (&'a Tree, NodeRef<'a>),
    ) -> Vec<Finding<'a>> {
        let mut out = Vec::new();
        match self {
            Function::Truthy => {
                if !truthy(tree, target) {
                    out.push(finding("must be truthy"));
                }
            }
            Function::Falsy => {
                if truthy(tree, target) {
                    out.push(finding("must be falsy"));
                }
            }
            Function::Defined => {
                if target.is_none() {
                    out.push(finding("must be defined"));
                }
            }
            Function::Undefined => {
                if target.is_some() {
                    out.push(finding("must be undefined"));
                }
            }
            // Spectral's `schema` reports a missing target itself (`"servers" property must
            // exist`), where the other functions look at nothing.
            Function::Schema { .. } if target.is_none() => out.push(finding("must exist")),
            _ => {
                let Some(t) = target else { return out };
                self.run_on(tree, tree.follow_alias(t), name, doc, &mut out);
            }
        }
        out
    }

    fn run_on<'a>(
        &self,
        tree: &'a Tree,
        t: NodeRef<'a>,
        name: Option<&str>,
        (doc_tree, doc): (&'a Tree, NodeRef<'a>),
        out: &mut Vec<Finding<'a>>,
    ) {
        use super::asyncapi as aas;
        match self {
            // Given the whole document: only meaningful on the linted document's own tree.
            Function::MessageIdUniqueness if std::ptr::eq(tree, doc_tree) => {
                aas::message_id_uniqueness(tree, t, out)
            }
            Function::OperationIdUniqueness if std::ptr::eq(tree, doc_tree) => {
                aas::operation_id_uniqueness(tree, t, out)
            }
            Function::ChannelServers if std::ptr::eq(tree, doc_tree) => {
                aas::channel_servers(tree, t, out)
            }
            Function::MessageIdUniqueness
            | Function::OperationIdUniqueness
            | Function::ChannelServers => {}
            Function::UniquenessTags => aas::uniqueness_tags(tree, t, out),
            Function::ChannelParameters => aas::channel_parameters(tree, t, name, out),
            Function::ServerVariables { require_default } => {
                aas::server_variables(tree, t, *require_default, out)
            }
            Function::Security { object_type } => {
                aas::security(tree, t, object_type, (doc_tree, doc), out)
            }
            Function::SchemaValidation { examples } => {
                aas::schema_validation(tree, t, *examples, out)
            }
            Function::MessageExamples => aas::message_examples(tree, t, out),
            Function::Payload => aas::payload(tree, t, (doc_tree, doc), out),
            Function::Pattern { matches, not_match } => {
                let Some(s) = text_of(tree, t).or_else(|| {
                    t.node
                        .as_scalar()
                        .filter(|v| !matches!(v, ScalarValue::Null))
                        .and_then(|_| t.node.key_text().map(|c| c.into_owned()))
                }) else {
                    return;
                };
                if let Some((src, re)) = matches {
                    if !re.is_match(&s) {
                        out.push(finding(format!("must match the pattern `{src}`")));
                    }
                }
                if let Some((src, re)) = not_match {
                    if re.is_match(&s) {
                        out.push(finding(format!("must not match the pattern `{src}`")));
                    }
                }
            }
            Function::Casing { kind, re } => {
                if let Some(s) = text_of(tree, t) {
                    if !s.is_empty() && !re.is_match(&s) {
                        out.push(finding(format!("must be {kind} case")));
                    }
                }
            }
            Function::Length { min, max } => {
                let len = match t.node.kind() {
                    NodeKind::Mapping(e) => e.len() as f64,
                    NodeKind::Sequence(i) => i.len() as f64,
                    NodeKind::Scalar(s) => match &s.value {
                        ScalarValue::Str(s) => s.chars().count() as f64,
                        ScalarValue::Int(i) => *i as f64,
                        ScalarValue::Float(f) => *f,
                        _ => return,
                    },
                    _ => return,
                };
                if let Some(min) = min {
                    if len < *min {
                        out.push(finding(format!("must not be shorter than {min}")));
                    }
                }
                if let Some(max) = max {
                    if len > *max {
                        out.push(finding(format!("must not be longer than {max}")));
                    }
                }
            }
            Function::Enumeration { values } => {
                if t.node.as_scalar().is_none() {
                    return;
                }
                let v = json_of(tree, t);
                if !values.iter().any(|a| same_value(a, &v)) {
                    let list: Vec<String> = values.iter().map(show).collect();
                    out.push(finding(format!(
                        "must be equal to one of the allowed values: {}",
                        list.join(", ")
                    )));
                }
            }
            Function::Alphabetical { keyed_by } => {
                let names: Vec<(String, NodeRef<'a>)> = match t.node.kind() {
                    NodeKind::Mapping(_) => t
                        .entries()
                        .map(|(k, _)| (k.node.key_text().unwrap_or_default().into_owned(), k))
                        .collect(),
                    NodeKind::Sequence(_) => t
                        .items()
                        .filter_map(|i| {
                            let i = tree.follow_alias(i);
                            let v = match keyed_by {
                                Some(k) => i.child(k)?,
                                None => i,
                            };
                            let v = tree.follow_alias(v);
                            Some((v.node.key_text()?.into_owned(), v))
                        })
                        .collect(),
                    _ => return,
                };
                if let Some(w) = names.windows(2).find(|w| compare_names(&w[0].0, &w[1].0)) {
                    out.push(Finding {
                        message: format!("must be sorted: `{}` comes before `{}`", w[1].0, w[0].0),
                        at: Some(w[1].1),
                        property: None,
                        whole: false,
                    });
                }
            }
            Function::Schema { validator } => {
                let v = json_of(tree, t);
                for e in validator.iter_errors(&v).take(50) {
                    let pointer = e.instance_path().to_string();
                    let at = tree.at_pointer_from(t, &pointer);
                    out.push(Finding {
                        message: e.to_string(),
                        at,
                        property: pointer
                            .rsplit('/')
                            .next()
                            .filter(|s| !s.is_empty())
                            .map(str::to_string),
                        whole: false,
                    });
                }
            }
            Function::Xor { properties } => {
                if !matches!(t.node.kind(), NodeKind::Mapping(_)) {
                    return;
                }
                let n = properties.iter().filter(|p| t.child(p).is_some()).count();
                if n != 1 {
                    let list = properties
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    out.push(finding(format!("must have exactly one of {list}")));
                }
            }
            Function::Or { properties } => {
                if !matches!(t.node.kind(), NodeKind::Mapping(_)) {
                    return;
                }
                if !properties.iter().any(|p| t.child(p).is_some()) {
                    let list = properties
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    out.push(finding(format!("must have at least one of {list}")));
                }
            }
            Function::TypedEnum => {
                let (Some(en), Some(ty)) = (t.child("enum"), t.child("type")) else {
                    return;
                };
                let ty = tree.follow_alias(ty);
                let types: Vec<String> = match ty.node.kind() {
                    NodeKind::Sequence(_) => ty.items().filter_map(|i| text_of(tree, i)).collect(),
                    _ => text_of(tree, ty).into_iter().collect(),
                };
                if types.is_empty() {
                    return;
                }
                let en = tree.follow_alias(en);
                for item in en.items() {
                    let v = json_of(tree, item);
                    if !types.iter().any(|ty| of_type(&v, ty)) {
                        out.push(Finding {
                            message: format!(
                                "enum value {} must be of the type {}",
                                show(&v),
                                types.join(" or ")
                            ),
                            at: Some(item),
                            property: None,
                            whole: false,
                        });
                    }
                }
            }
            Function::UnreferencedReusableObject { location } => {
                if !matches!(t.node.kind(), NodeKind::Mapping(_)) {
                    return;
                }
                let mut refs = std::collections::HashSet::new();
                collect_refs(doc, &mut refs, 0);
                let location = location.trim_end_matches('/');
                for (k, _) in t.entries() {
                    let name = k.node.key_text().unwrap_or_default();
                    let escaped = crate::syntax::node::escape_pointer_token(&name);
                    let target = format!("{location}/{escaped}");
                    let used = refs
                        .iter()
                        .any(|r: &String| r.find('#').is_some_and(|i| r[i..] == target));
                    if !used {
                        out.push(Finding {
                            message: "is a potentially unused reusable object".into(),
                            at: Some(k),
                            property: Some(name.into_owned()),
                            whole: false,
                        });
                    }
                }
            }
            Function::Truthy | Function::Falsy | Function::Defined | Function::Undefined => {}
        }
    }
}

/// Spectral's alphabetical order: numbers by value, else by string.
fn compare_names(a: &str, b: &str) -> bool {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x > y,
        _ => a > b,
    }
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

fn of_type(v: &Value, ty: &str) -> bool {
    match ty {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}

fn collect_refs(n: NodeRef<'_>, out: &mut std::collections::HashSet<String>, depth: usize) {
    if depth > 256 {
        return;
    }
    match n.node.kind() {
        NodeKind::Mapping(_) => {
            for (k, v) in n.entries() {
                if k.node.as_str() == Some("$ref") {
                    if let Some(s) = v.node.as_str() {
                        out.insert(s.to_string());
                    }
                } else {
                    collect_refs(v, out, depth + 1);
                }
            }
        }
        NodeKind::Sequence(_) => {
            for i in n.items() {
                collect_refs(i, out, depth + 1);
            }
        }
        _ => {}
    }
}
