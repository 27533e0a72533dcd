//! Spec kinds: what a file is (Swagger/OpenAPI, AsyncAPI, JSON Schema, or a fragment of a spec),
//! from its root marker, its name, or the settings. Knows nothing of LSP.

use std::ops::Range;
use std::path::Path;

use crate::syntax::node::{NodeKind, Tree};
use crate::syntax::text::slice;

/// The family of a spec file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// `swagger: "2.0"`.
    Swagger,
    /// `openapi: 3.x.y`.
    OpenApi,
    /// `asyncapi: x.y.z`.
    AsyncApi,
    /// A JSON Schema document (by `$schema`, by a `*.schema.json` name, or by settings).
    JsonSchema,
    /// No root marker: a piece of a spec, used through `$ref` (`schemas/Pet.yaml`).
    Fragment,
}

/// The version line within a family, where the validation differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Line {
    Swagger2,
    OpenApi30,
    OpenApi31,
    OpenApi32,
    AsyncApi2,
    AsyncApi3,
    Draft04,
    Draft06,
    Draft07,
    Draft201909,
    Draft202012,
    /// A version this release of specls does not know (e.g. `openapi: 4.0.0`).
    Unknown,
}

/// Where the kind came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The root marker (`openapi`, `swagger`, `asyncapi`, `$schema`), at this range of its value.
    Marker(Range<usize>),
    /// The file's name (`*.schema.json`).
    FileName,
    /// A setting (`kinds` glob).
    Setting(String),
    /// No marker at all.
    None,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecKind {
    pub family: Family,
    pub line: Line,
    /// The version as written (`3.1.0`, `2.0`, or the `$schema` URI); empty when not known.
    pub version: String,
    pub source: Source,
}

impl SpecKind {
    pub fn fragment() -> SpecKind {
        SpecKind {
            family: Family::Fragment,
            line: Line::Unknown,
            version: String::new(),
            source: Source::None,
        }
    }

    /// For people: `OpenAPI 3.1.0`, `JSON Schema draft-07`, `fragment`.
    pub fn label(&self) -> String {
        match self.family {
            Family::Swagger => format!("Swagger {}", self.version),
            Family::OpenApi => format!("OpenAPI {}", self.version),
            Family::AsyncApi => format!("AsyncAPI {}", self.version),
            Family::JsonSchema => format!("JSON Schema {}", draft_name(self.line)),
            Family::Fragment => "fragment".to_string(),
        }
    }
}

fn draft_name(line: Line) -> &'static str {
    match line {
        Line::Draft04 => "draft-04",
        Line::Draft06 => "draft-06",
        Line::Draft07 => "draft-07",
        Line::Draft201909 => "2019-09",
        Line::Draft202012 => "2020-12",
        _ => "(dialect unknown)",
    }
}

/// The line of an OpenAPI/AsyncAPI/Swagger version string.
fn line_of(family: Family, version: &str) -> Line {
    let mut parts = version.split('.');
    let major = parts.next().unwrap_or("");
    let minor = parts.next().unwrap_or("");
    match (family, major, minor) {
        (Family::Swagger, "2", "0") => Line::Swagger2,
        (Family::OpenApi, "3", "0") => Line::OpenApi30,
        (Family::OpenApi, "3", "1") => Line::OpenApi31,
        (Family::OpenApi, "3", "2") => Line::OpenApi32,
        (Family::AsyncApi, "2", "0" | "1" | "2" | "3" | "4" | "5" | "6") => Line::AsyncApi2,
        (Family::AsyncApi, "3", "0" | "1") => Line::AsyncApi3,
        _ => Line::Unknown,
    }
}

/// The JSON Schema dialect of a `$schema` URI (`http://json-schema.org/draft-07/schema#`).
pub fn dialect_of(uri: &str) -> Line {
    let u = uri.trim_end_matches('#');
    if u.contains("draft-04") {
        Line::Draft04
    } else if u.contains("draft-06") {
        Line::Draft06
    } else if u.contains("draft-07") {
        Line::Draft07
    } else if u.contains("2019-09") {
        Line::Draft201909
    } else if u.contains("2020-12") {
        Line::Draft202012
    } else {
        Line::Unknown
    }
}

/// A kind named in settings: `openapi-3.1`, `asyncapi-3`, `jsonschema-draft-07`, `fragment`, …
pub fn parse_kind_name(name: &str) -> Option<SpecKind> {
    let (family, version, line) = match name {
        "swagger-2.0" | "openapi-2.0" => (Family::Swagger, "2.0", Line::Swagger2),
        "openapi-3.0" => (Family::OpenApi, "3.0", Line::OpenApi30),
        "openapi-3.1" => (Family::OpenApi, "3.1", Line::OpenApi31),
        "openapi-3.2" => (Family::OpenApi, "3.2", Line::OpenApi32),
        "asyncapi-2" => (Family::AsyncApi, "2", Line::AsyncApi2),
        "asyncapi-3" => (Family::AsyncApi, "3", Line::AsyncApi3),
        "jsonschema-draft-04" => (Family::JsonSchema, "", Line::Draft04),
        "jsonschema-draft-06" => (Family::JsonSchema, "", Line::Draft06),
        "jsonschema-draft-07" => (Family::JsonSchema, "", Line::Draft07),
        "jsonschema-2019-09" => (Family::JsonSchema, "", Line::Draft201909),
        "jsonschema-2020-12" | "jsonschema" => (Family::JsonSchema, "", Line::Draft202012),
        "fragment" => (Family::Fragment, "", Line::Unknown),
        _ => return None,
    };
    Some(SpecKind {
        family,
        line,
        version: version.to_string(),
        source: Source::Setting(name.to_string()),
    })
}

/// The names `parse_kind_name` accepts, for error messages and editor settings.
pub const KIND_NAMES: &[&str] = &[
    "openapi-2.0",
    "openapi-3.0",
    "openapi-3.1",
    "openapi-3.2",
    "asyncapi-2",
    "asyncapi-3",
    "jsonschema-draft-04",
    "jsonschema-draft-06",
    "jsonschema-draft-07",
    "jsonschema-2019-09",
    "jsonschema-2020-12",
    "fragment",
];

/// What a document is, from its root marker, else its name. (Settings are applied by the caller
/// first: see [`crate::settings::Settings::forced_kind`].)
pub fn detect(tree: &Tree, rope: &ropey::Rope, path: Option<&Path>) -> SpecKind {
    let Some(root) = tree.root() else {
        return by_name(path);
    };
    if !matches!(root.node.kind(), NodeKind::Mapping(_)) {
        return by_name(path);
    }
    for (key, value) in root.entries() {
        let family = match key.node.as_str() {
            Some("openapi") => Family::OpenApi,
            Some("swagger") => Family::Swagger,
            Some("asyncapi") => Family::AsyncApi,
            Some("$schema") => Family::JsonSchema,
            _ => continue,
        };
        // The version as written: `openapi: 3.0` is a float to YAML, but "3.0" to the author.
        let range = value.value_range();
        let written = slice(rope, range.clone());
        let version = written.trim().trim_matches(['"', '\'']).to_string();
        let line = if family == Family::JsonSchema {
            dialect_of(&version)
        } else {
            line_of(family, &version)
        };
        return SpecKind {
            family,
            line,
            version,
            source: Source::Marker(range),
        };
    }
    by_name(path)
}

fn by_name(path: Option<&Path>) -> SpecKind {
    let name = path
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".schema.json")
        || lower.ends_with(".schema.yaml")
        || lower.ends_with(".schema.yml")
    {
        return SpecKind {
            family: Family::JsonSchema,
            line: Line::Draft202012,
            version: String::new(),
            source: Source::FileName,
        };
    }
    SpecKind::fragment()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{Lang, Parsed};

    fn kind(lang: Lang, text: &str, path: &str) -> SpecKind {
        let p = Parsed::new(lang, text);
        detect(&p.tree, &p.rope, Some(Path::new(path)))
    }

    #[test]
    fn root_markers() {
        let k = kind(Lang::Yaml, "openapi: 3.1.0\ninfo: {}\n", "a.yaml");
        assert_eq!(
            (k.family, k.line, k.version.as_str(), k.label()),
            (
                Family::OpenApi,
                Line::OpenApi31,
                "3.1.0",
                "OpenAPI 3.1.0".into()
            )
        );
        assert_eq!(k.source, Source::Marker(9..14));
        // Written as a YAML float, read as written.
        assert_eq!(
            kind(Lang::Yaml, "openapi: 3.0\n", "a.yaml").line,
            Line::OpenApi30
        );
        assert_eq!(
            kind(Lang::Json, r#"{"swagger": "2.0"}"#, "a.json").line,
            Line::Swagger2
        );
        assert_eq!(
            kind(Lang::Yaml, "asyncapi: '2.6.0'\n", "a.yaml").line,
            Line::AsyncApi2
        );
        assert_eq!(
            kind(Lang::Yaml, "asyncapi: 3.0.0\n", "a.yaml").line,
            Line::AsyncApi3
        );
        assert_eq!(
            kind(Lang::Yaml, "asyncapi: 1.2.0\n", "a.yaml").line,
            Line::Unknown
        );
        assert_eq!(
            kind(Lang::Yaml, "openapi: 3.2.0\n", "a.yaml").label(),
            "OpenAPI 3.2.0"
        );
        let k = kind(
            Lang::Json,
            r#"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}"#,
            "x.json",
        );
        assert_eq!(
            (k.family, k.label()),
            (Family::JsonSchema, "JSON Schema draft-07".into())
        );
    }

    #[test]
    fn fragments_and_names() {
        assert_eq!(
            kind(Lang::Yaml, "type: object\n", "schemas/Pet.yaml").family,
            Family::Fragment
        );
        assert_eq!(
            kind(Lang::Yaml, "- a\n", "list.yaml").family,
            Family::Fragment
        );
        assert_eq!(kind(Lang::Yaml, "", "empty.yaml").family, Family::Fragment);
        let k = kind(
            Lang::Json,
            r#"{"type": "object"}"#,
            "dir/product.schema.json",
        );
        assert_eq!((k.family, k.source), (Family::JsonSchema, Source::FileName));
        // A marker deeper than the root does not count.
        assert_eq!(
            kind(Lang::Yaml, "x:\n  openapi: 3.0.0\n", "a.yaml").family,
            Family::Fragment
        );
    }

    #[test]
    fn kind_names_parse() {
        for name in KIND_NAMES {
            assert!(parse_kind_name(name).is_some(), "{name}");
        }
        assert!(parse_kind_name("openapi-4").is_none());
    }
}
