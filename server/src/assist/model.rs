//! What a path of keys names in a specification: walks the tables of [`super::fields`] from the
//! root object of the spec kind.

use super::context::Seg;
use super::fields::{self, Field, Obj, Val};
use crate::spec::{Family, Line, SpecKind};
use crate::syntax::node::{NodeKind, NodeRef};
use crate::syntax::Parsed;

/// What is at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Obj(Obj),
    /// A mapping of names to objects.
    Map(Obj),
    /// A sequence of objects.
    List(Obj),
    /// A sequence of strings.
    Texts,
    /// A scalar.
    Scalar,
    Unknown,
}

/// A spec kind's version line and root object; fragments are guessed from their root keys.
#[derive(Clone, Copy, Debug)]
pub struct Model {
    pub line: Line,
    pub root: Option<Obj>,
}

impl Model {
    pub fn new(kind: &SpecKind, parsed: &Parsed) -> Model {
        // A document broken while typed may have no root the detection can read: its head
        // still says what it is.
        let sniffed;
        let kind = match kind.family {
            Family::Fragment => match sniff(parsed) {
                Some(k) => {
                    sniffed = k;
                    &sniffed
                }
                None => kind,
            },
            _ => kind,
        };
        let root = match kind.family {
            Family::OpenApi | Family::Swagger => Some(Obj::OaRoot),
            Family::AsyncApi => Some(Obj::AaRoot),
            Family::JsonSchema => Some(Obj::Schema),
            Family::Fragment => parsed.tree.root().and_then(guess),
        };
        Model {
            line: kind.line,
            root,
        }
    }

    /// The type at a path, and the field that led to it (its last step).
    pub fn walk(&self, path: &[Seg]) -> (Ty, Option<&'static Field>) {
        let Some(root) = self.root else {
            return (Ty::Unknown, None);
        };
        let mut ty = Ty::Obj(root);
        let mut last = None;
        for seg in path {
            (ty, last) = self.step(ty, seg);
            if ty == Ty::Unknown {
                break;
            }
        }
        (ty, last)
    }

    fn step(&self, ty: Ty, seg: &Seg) -> (Ty, Option<&'static Field>) {
        match (ty, seg) {
            (Ty::Obj(o), Seg::Key(k)) => {
                if let Some(f) = fields::field(o, self.line, k) {
                    return (ty_of(f.val), Some(f));
                }
                match fields::patterned(o) {
                    Some(v) if !k.starts_with("x-") => (Ty::Obj(v), None),
                    _ => (Ty::Unknown, None),
                }
            }
            (Ty::Map(o), Seg::Key(_)) => (Ty::Obj(o), None),
            (Ty::List(o), Seg::Item) => (Ty::Obj(o), None),
            (Ty::Texts, Seg::Item) => (Ty::Scalar, None),
            _ => (Ty::Unknown, None),
        }
    }
}

pub fn ty_of(val: Val) -> Ty {
    match val {
        Val::Obj(o) => Ty::Obj(o),
        Val::Map(o) => Ty::Map(o),
        Val::List(o) => Ty::List(o),
        Val::Texts => Ty::Texts,
        _ => Ty::Scalar,
    }
}

/// The kind named by a root marker near the start of the text (`openapi: 3.1.0`,
/// `"swagger": "2.0"`), for a document whose tree has no readable root.
fn sniff(parsed: &Parsed) -> Option<SpecKind> {
    let head = crate::syntax::text::slice(&parsed.rope, 0..4096);
    for (marker, family) in [
        ("openapi", "openapi"),
        ("swagger", "swagger"),
        ("asyncapi", "asyncapi"),
    ] {
        // A YAML key at the start of a line, or a JSON key.
        let Some(at) = head
            .match_indices(marker)
            .map(|(i, _)| i)
            .find(|&i| matches!(head[..i].chars().next_back(), None | Some('\n' | '"')))
        else {
            continue;
        };
        let rest = head[at + marker.len()..]
            .trim_start_matches('"')
            .trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        let version: String = rest
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let name = match (family, version.get(..3).unwrap_or(&version)) {
            ("openapi", "3.0") => "openapi-3.0",
            ("openapi", "3.1") => "openapi-3.1",
            ("openapi", "3.2") => "openapi-3.2",
            ("swagger", _) => "openapi-2.0",
            ("asyncapi", v) if v.starts_with('2') => "asyncapi-2",
            ("asyncapi", v) if v.starts_with('3') => "asyncapi-3",
            _ => continue,
        };
        return crate::spec::parse_kind_name(name);
    }
    None
}

/// What a fragment (a file used through `$ref`) most likely is, from its root keys.
pub fn guess(root: NodeRef<'_>) -> Option<Obj> {
    if !matches!(root.node.kind(), NodeKind::Mapping(_)) {
        return None;
    }
    let has = |k: &str| root.node.get(k).is_some();
    let any = |ks: &[&str]| ks.iter().any(|k| has(k));
    if any(&["get", "put", "post", "delete", "patch"]) {
        return Some(Obj::PathItem);
    }
    if any(&["operationId", "responses", "requestBody"]) {
        return Some(Obj::Operation);
    }
    if has("in") && has("name") {
        return Some(Obj::Parameter);
    }
    if any(&[
        "type",
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
        "items",
        "enum",
        "required",
        "additionalProperties",
        "$schema",
    ]) {
        return Some(Obj::Schema);
    }
    if has("description") && any(&["content", "headers", "links"]) {
        return Some(Obj::Response);
    }
    if has("content") {
        return Some(Obj::RequestBody);
    }
    None
}

/// The components section a `$ref` in an object of this kind names, for each spec family:
/// its JSON pointers.
pub fn sections_for(obj: Obj, family: Family, line: Line) -> Vec<&'static str> {
    let swagger = line == Line::Swagger2 || family == Family::Swagger;
    match (obj, family) {
        (Obj::Schema, Family::JsonSchema) => vec!["/$defs", "/definitions"],
        (Obj::Schema, _) if swagger => vec!["/definitions"],
        (Obj::Parameter, _) if swagger => vec!["/parameters"],
        (Obj::Response, _) if swagger => vec!["/responses"],
        (Obj::Schema, _) => vec!["/components/schemas", "/$defs", "/definitions"],
        (Obj::Parameter | Obj::AaParameter, _) => vec!["/components/parameters"],
        (Obj::Response, _) => vec!["/components/responses"],
        (Obj::RequestBody, _) => vec!["/components/requestBodies"],
        (Obj::Header, _) => vec!["/components/headers"],
        (Obj::Example, _) => vec!["/components/examples"],
        (Obj::Link, _) => vec!["/components/links"],
        (Obj::Callback, _) => vec!["/components/callbacks"],
        (Obj::SecurityScheme, _) => vec!["/components/securitySchemes"],
        (Obj::PathItem, _) => vec!["/components/pathItems"],
        (Obj::AaMessage, _) => vec!["/components/messages"],
        (Obj::AaChannel, _) => vec!["/components/channels", "/channels"],
        (Obj::AaOperation, _) => vec!["/components/operations", "/operations"],
        (Obj::AaServer, _) => vec!["/components/servers", "/servers"],
        (Obj::AaCorrelationId, _) => vec!["/components/correlationIds"],
        (Obj::AaReply, _) => vec!["/components/replies"],
        (Obj::AaTrait, _) => vec!["/components/operationTraits", "/components/messageTraits"],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Lang;

    fn keys(p: &[&str]) -> Vec<Seg> {
        p.iter()
            .map(|k| match *k {
                "[]" => Seg::Item,
                k => Seg::Key(k.to_string()),
            })
            .collect()
    }

    #[test]
    fn paths_name_objects() {
        let text = "openapi: 3.1.0\n";
        let p = Parsed::new(Lang::Yaml, text);
        let kind = crate::spec::detect(&p.tree, &p.rope, None);
        let m = Model::new(&kind, &p);
        let at = |path: &[&str]| m.walk(&keys(path)).0;
        assert_eq!(at(&["paths", "/pets", "get"]), Ty::Obj(Obj::Operation));
        assert_eq!(
            at(&["paths", "/pets", "get", "responses", "200"]),
            Ty::Obj(Obj::Response)
        );
        assert_eq!(
            at(&["paths", "/p", "get", "parameters", "[]"]),
            Ty::Obj(Obj::Parameter)
        );
        assert_eq!(
            at(&["components", "schemas", "Pet", "properties", "id"]),
            Ty::Obj(Obj::Schema)
        );
        assert_eq!(at(&["webhooks", "new", "post"]), Ty::Obj(Obj::Operation));
        assert_eq!(at(&["paths", "/p", "get", "tags"]), Ty::Texts);
        assert_eq!(at(&["x-foo", "bar"]), Ty::Unknown);
    }
}
