//! The rules, one file each (named after the Spectral id), and what several of them share.

mod array_items;
mod contact_properties;
mod duplicated_entry_in_enum;
mod info_contact;
mod info_description;
mod info_license;
mod license_url;
mod no_eval_in_markdown;
mod no_ref_siblings;
mod no_script_tags_in_markdown;
mod oas2_anyof;
mod oas2_api_host;
mod oas2_api_schemes;
mod oas2_discriminator;
mod oas2_host_not_example;
mod oas2_host_trailing_slash;
mod oas2_oneof;
mod oas2_operation_formdata_consume_check;
mod oas2_operation_security_defined;
mod oas2_parameter_description;
mod oas2_schema;
mod oas2_unused_definition;
mod oas2_valid_media_example;
mod oas2_valid_schema_example;
mod oas3_1_callbacks_in_webhook;
mod oas3_1_servers_in_webhook;
mod oas3_2_no_deprecated_xml_attribute;
mod oas3_api_servers;
mod oas3_callbacks_in_callbacks;
mod oas3_examples_value_or_externalvalue;
mod oas3_operation_security_defined;
mod oas3_parameter_description;
mod oas3_schema;
mod oas3_server_not_example_com;
mod oas3_server_trailing_slash;
mod oas3_server_variables;
mod oas3_unused_component;
mod oas3_valid_media_example;
mod oas3_valid_schema_example;
mod openapi_tags;
mod openapi_tags_alphabetical;
mod openapi_tags_uniqueness;
mod operation_description;
mod operation_operationid;
mod operation_operationid_unique;
mod operation_operationid_valid_in_url;
mod operation_parameters;
mod operation_singular_tag;
mod operation_success_response;
mod operation_tag_defined;
mod operation_tags;
mod path_declarations_must_exist;
mod path_keys_no_trailing_slash;
mod path_not_include_query;
mod path_params;
mod tag_description;
mod typed_enum;

use std::ops::Range;

use serde_json::Value;

use super::edit::{At, Editor};
use super::Rule;
use crate::analysis::{Applicability, Fix};
use crate::checks::Doc;
use crate::syntax::{NodeKind, NodeRef, ScalarValue};

/// Every rule, sorted by id.
pub(super) static ALL: &[&Rule] = &[
    &array_items::RULE,
    &contact_properties::RULE,
    &duplicated_entry_in_enum::RULE,
    &info_contact::RULE,
    &info_description::RULE,
    &info_license::RULE,
    &license_url::RULE,
    &no_ref_siblings::RULE,
    &no_eval_in_markdown::RULE,
    &no_script_tags_in_markdown::RULE,
    &oas2_anyof::RULE,
    &oas2_api_host::RULE,
    &oas2_api_schemes::RULE,
    &oas2_discriminator::RULE,
    &oas2_host_not_example::RULE,
    &oas2_host_trailing_slash::RULE,
    &oas2_oneof::RULE,
    &oas2_operation_formdata_consume_check::RULE,
    &oas2_operation_security_defined::RULE,
    &oas2_parameter_description::RULE,
    &oas2_schema::RULE,
    &oas2_unused_definition::RULE,
    &oas2_valid_media_example::RULE,
    &oas2_valid_schema_example::RULE,
    &oas3_api_servers::RULE,
    &oas3_callbacks_in_callbacks::RULE,
    &oas3_examples_value_or_externalvalue::RULE,
    &oas3_operation_security_defined::RULE,
    &oas3_parameter_description::RULE,
    &oas3_schema::RULE,
    &oas3_server_not_example_com::RULE,
    &oas3_server_trailing_slash::RULE,
    &oas3_server_variables::RULE,
    &oas3_unused_component::RULE,
    &oas3_valid_media_example::RULE,
    &oas3_valid_schema_example::RULE,
    &oas3_1_callbacks_in_webhook::RULE,
    &oas3_1_servers_in_webhook::RULE,
    &oas3_2_no_deprecated_xml_attribute::RULE,
    &openapi_tags::RULE,
    &openapi_tags_alphabetical::RULE,
    &openapi_tags_uniqueness::RULE,
    &operation_description::RULE,
    &operation_operationid::RULE,
    &operation_operationid_unique::RULE,
    &operation_operationid_valid_in_url::RULE,
    &operation_parameters::RULE,
    &operation_singular_tag::RULE,
    &operation_success_response::RULE,
    &operation_tag_defined::RULE,
    &operation_tags::RULE,
    &path_declarations_must_exist::RULE,
    &path_keys_no_trailing_slash::RULE,
    &path_not_include_query::RULE,
    &path_params::RULE,
    &tag_description::RULE,
    &typed_enum::RULE,
];

/// A top-level entry: its key and value.
pub(super) fn top<'a>(doc: &Doc<'a>, name: &str) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
    entry(doc, doc.root, name)
}

/// An entry of a mapping: its key and value (aliases followed).
pub(super) fn entry<'a>(
    doc: &Doc<'a>,
    map: NodeRef<'a>,
    name: &str,
) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
    doc.entries(map)
        .find(|(k, _)| k.node.key_text().as_deref() == Some(name))
}

/// JavaScript's truthiness, as Spectral's `truthy` sees a value.
pub(super) fn truthy(node: Option<NodeRef<'_>>) -> bool {
    let Some(node) = node else { return false };
    match node.node.kind() {
        NodeKind::Scalar(s) => match &s.value {
            ScalarValue::Null => false,
            ScalarValue::Bool(b) => *b,
            ScalarValue::Int(i) => *i != 0,
            ScalarValue::BigInt(_) => true,
            ScalarValue::Float(f) => *f != 0.0 && !f.is_nan(),
            ScalarValue::Str(s) => !s.is_empty(),
        },
        _ => true,
    }
}

/// Where a finding about a missing field of the top-level `name` object goes: its key, else the
/// first key of the document.
pub(super) fn at_top(doc: &Doc<'_>, name: &str) -> Range<usize> {
    top(doc, name)
        .map(|(k, _)| k.range())
        .or_else(|| doc.root.entries().next().map(|(k, _)| k.range()))
        .unwrap_or_else(|| doc.root.range())
}

/// A fix that inserts `key: value` first in a mapping.
pub(super) fn insert_fix(
    doc: &Doc<'_>,
    map: NodeRef<'_>,
    key: &str,
    value: &Value,
    title: impl Into<String>,
    applicability: Applicability,
) -> Option<Fix> {
    let e = Editor::new(doc.parsed);
    let edit = e.insert_entry(map, key, &e.value(value), At::First)?;
    Some(Fix::new(title, vec![edit], applicability))
}

/// A fix that removes a range.
pub(super) fn removal_fix(
    range: Option<Range<usize>>,
    title: impl Into<String>,
    applicability: Applicability,
) -> Option<Fix> {
    range.map(|r| Fix::new(title, vec![(r, String::new())], applicability))
}

/// The string values of a mapping's `description` and `title` (Spectral's `$..[description,title]`).
pub(super) fn markdown_fields<'a>(doc: &Doc<'a>, node: NodeRef<'a>) -> Vec<(&'a str, NodeRef<'a>)> {
    ["description", "title"]
        .into_iter()
        .filter_map(|k| doc.get(node, k))
        .filter_map(|v| Some((doc.str_of(v)?, v)))
        .collect()
}

/// The parameter-description rules: the inline parameters (with `in`) of a mapping's
/// `parameters` list or map without a `description`.
pub(super) fn parameter_descriptions(
    rule: &Rule,
    v: &super::Visit<'_, '_>,
    out: &mut Vec<crate::analysis::Diagnostic>,
) {
    let doc = v.doc;
    let Some(params) = doc.get(v.node, "parameters") else {
        return;
    };
    let list: Vec<NodeRef<'_>> = match params.node.kind() {
        NodeKind::Sequence(_) => doc.items(params).collect(),
        NodeKind::Mapping(_) => doc.entries(params).map(|(_, p)| p).collect(),
        _ => return,
    };
    for p in list {
        if doc.get(p, "in").is_none() {
            continue;
        }
        let description = doc.get(p, "description");
        if truthy(description) {
            continue;
        }
        let fix = description.is_none().then(|| {
            insert_fix(
                doc,
                p,
                "description",
                &serde_json::json!("TODO"),
                "Add a placeholder `description`",
                Applicability::Unsafe,
            )
        });
        let range = doc.get(p, "name").map_or(p.range(), |n| n.value_range());
        out.push(
            rule.diagnostic(range, "Parameter objects must have \"description\".")
                .with_fix(fix.flatten()),
        );
    }
}

/// For rule tests: the findings of rule `code` on a YAML document, as (message, the text they
/// are on).
#[cfg(test)]
pub(crate) fn findings_of(code: &str, text: &str) -> Vec<(String, String)> {
    let parsed = crate::syntax::Parsed::new(crate::syntax::Lang::Yaml, text);
    crate::analysis::check(&parsed, None, &crate::settings::Settings::default())
        .diagnostics
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| (d.message, text[d.range].to_string()))
        .collect()
}
