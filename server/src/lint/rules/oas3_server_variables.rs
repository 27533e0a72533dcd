//! `oas3-server-variables`: the `{variables}` of a server URL are defined, the defined ones are
//! used, and each has a `default` (in its `enum` if it has one), as Spectral's `serverVariables`
//! (with `checkSubstitutions` and `requireDefault`) checks.

use serde_json::{Map, Value};

use super::{entry, top};
use crate::analysis::{Applicability, Diagnostic, Fix, Severity};
use crate::checks::Doc;
use crate::lint::edit::{At, Editor};
use crate::lint::{Check, DocCtx, Docs, Rule, OAS3, SPECTRAL_METHODS};
use crate::syntax::{NodeKind, NodeRef};

pub(crate) static RULE: Rule = Rule {
    id: "oas3-server-variables",
    description: "Server variables must be defined and valid and there must be no unused variables.",
    severity: Severity::Error,
    recommended: true,
    formats: OAS3,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "A Server Object (top-level, of a path item, of an operation, or a link's `server`) whose URL uses a `{variable}` that `variables` does not define, or that defines a variable its URL does not use, or whose variable has no `default` or a `default` that is not in its `enum`, or whose URL is not a valid absolute URL once the variables' values are put in it.",
        why: "A client builds the server's URL by replacing each `{variable}` with its value: a variable without a definition or a default cannot be replaced, and an unused one says something about the URL that is not so.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\nservers:\n  - url: https://{region}.example.com/v1\npaths: {}\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\nservers:\n  - url: https://{region}.example.com/v1\n    variables:\n      region:\n        default: eu\n        enum: [eu, us]\npaths: {}\n",
        fix: "Adds the missing variables to `variables`, each with its name as a placeholder `default` to replace; removes a variable the URL does not use. Unsafe: the placeholder is not a real value, and an unused variable may be a misspelt one the URL meant to use.",
    },
    check: Check::Document(check),
};

const INVALID: &str = "Invalid Server Object";

/// Spectral's `$.servers[*]`, `#PathItem.servers[*]`, `#OperationObject.servers[*]` and
/// `#LinkObject.server` (links of `components.links` and of responses).
fn check(ctx: &DocCtx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let mut servers = Vec::new();
    if let Some((_, list)) = top(doc, "servers") {
        servers.extend(members(doc, list));
    }
    let mut responses = Vec::new();
    if let Some((_, paths)) = top(doc, "paths") {
        for (_, item) in doc.entries(paths) {
            if let Some(list) = doc.get(item, "servers") {
                servers.extend(members(doc, list));
            }
            for (k, op) in doc.entries(item) {
                if !k
                    .node
                    .key_text()
                    .is_some_and(|m| SPECTRAL_METHODS.contains(&m.as_ref()))
                {
                    continue;
                }
                if let Some(list) = doc.get(op, "servers") {
                    servers.extend(members(doc, list));
                }
                if let Some(rs) = doc.get(op, "responses") {
                    responses.extend(members(doc, rs));
                }
            }
        }
    }
    let mut links = Vec::new();
    if let Some((_, components)) = top(doc, "components") {
        if let Some(ls) = doc.get(components, "links") {
            links.extend(members(doc, ls));
        }
        if let Some(rs) = doc.get(components, "responses") {
            responses.extend(members(doc, rs));
        }
    }
    for r in responses {
        if let Some(ls) = doc.get(r, "links") {
            links.extend(members(doc, ls));
        }
    }
    for l in links {
        if let Some(s) = doc.get(l, "server") {
            servers.push(s);
        }
    }
    for s in servers {
        server(doc, s, out);
    }
}

/// JSONPath's `[*]`: the items of a list, the values of a mapping.
fn members<'a>(doc: &Doc<'a>, node: NodeRef<'a>) -> Vec<NodeRef<'a>> {
    match doc.tree.follow_alias(node).node.kind() {
        NodeKind::Sequence(_) => doc.items(node).collect(),
        NodeKind::Mapping(_) => doc.entries(node).map(|(_, v)| v).collect(),
        _ => Vec::new(),
    }
}

fn is_map(doc: &Doc<'_>, n: NodeRef<'_>) -> bool {
    matches!(doc.tree.follow_alias(n).node.kind(), NodeKind::Mapping(_))
}

/// The input schema of Spectral's function: `url` a string, `variables` a mapping of mappings
/// with string `default`, `description`, `examples`, a list of strings `enum`, and `x-` keys.
fn valid_input(doc: &Doc<'_>, server: NodeRef<'_>) -> bool {
    if !is_map(doc, server) || doc.get(server, "url").and_then(|u| doc.str_of(u)).is_none() {
        return false;
    }
    let Some(vars) = doc.get(server, "variables") else {
        return true;
    };
    if !is_map(doc, vars) {
        return false;
    }
    doc.entries(vars).all(|(_, var)| {
        is_map(doc, var)
            && doc.entries(var).all(|(k, v)| {
                let Some(k) = k.node.key_text() else {
                    return false;
                };
                match k.as_ref() {
                    "default" | "description" | "examples" => doc.str_of(v).is_some(),
                    "enum" => {
                        matches!(doc.tree.follow_alias(v).node.kind(), NodeKind::Sequence(_))
                            && doc.items(v).all(|i| doc.str_of(i).is_some())
                    }
                    other => other.starts_with("x-"),
                }
            })
    })
}

/// Spectral's `parseUrlVariables`: the matches of `/{(.+?)}/g`, repeats kept.
pub(crate) fn url_variables(url: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(open) = url[i..].find('{').map(|o| i + o) {
        let body = open + 1;
        // `.+?`: at least one character, none a line break, up to the first `}` after it.
        let first_len = url[body..].chars().next().map(char::len_utf8);
        let close = first_len.and_then(|n| {
            if url[body..].starts_with(['\n', '\r', '\u{2028}', '\u{2029}']) {
                return None;
            }
            url[body + n..].find('}').map(|c| body + n + c)
        });
        match close {
            Some(c) if !url[body..c].contains(['\n', '\r', '\u{2028}', '\u{2029}']) => {
                found.push(&url[body..c]);
                i = c + 1;
            }
            _ => i = body,
        }
    }
    found
}

fn server(doc: &Doc<'_>, server: NodeRef<'_>, out: &mut Vec<Diagnostic>) {
    if !valid_input(doc, server) {
        out.push(RULE.diagnostic(server.value_range(), INVALID));
        return;
    }
    let e = Editor::new(doc.parsed);
    let (url_key, url_node) = entry(doc, server, "url").expect("checked");
    let url = doc.str_of(url_node).unwrap_or_default();
    let found = url_variables(url);
    let vars = entry(doc, server, "variables");
    let defined: Vec<(NodeRef<'_>, NodeRef<'_>, String)> = vars
        .map(|(_, v)| {
            doc.entries(v)
                .filter_map(|(k, val)| Some((k, val, k.node.key_text()?.into_owned())))
                .collect()
        })
        .unwrap_or_default();

    // Defined, not used.
    for (i, (k, _, name)) in defined.iter().enumerate() {
        if found.contains(&name.as_str()) {
            continue;
        }
        let (vars_key, vars_map) = vars.expect("defined");
        let range = if defined.len() == 1 {
            doc.entries(server)
                .position(|(k, _)| k.start == vars_key.start)
                .and_then(|j| e.remove_entry(server, j))
        } else {
            e.remove_entry(vars_map, i)
        };
        let fix = super::removal_fix(
            range,
            format!("Remove the unused variable `{name}`"),
            Applicability::Unsafe,
        );
        out.push(
            RULE.diagnostic(
                k.range(),
                format!(
                    "Server's \"variables\" object has unused defined \"{name}\" url variable."
                ),
            )
            .with_fix(fix),
        );
    }
    if found.is_empty() {
        return;
    }

    // Used, not defined.
    let missing: Vec<&str> = found
        .iter()
        .copied()
        .filter(|f| !defined.iter().any(|(_, _, n)| n == f))
        .collect();
    if !missing.is_empty() {
        let mut distinct: Vec<&str> = Vec::new();
        for m in &missing {
            if !distinct.contains(m) {
                distinct.push(m);
            }
        }
        let title = format!(
            "Define {} with a placeholder default",
            distinct
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let placeholder = |m: &str| {
            let mut var = Map::new();
            var.insert("default".into(), Value::String(m.to_string()));
            Value::Object(var)
        };
        let edit = match vars {
            None => {
                let mut all = Map::new();
                for m in &distinct {
                    all.insert(m.to_string(), placeholder(m));
                }
                let after = doc
                    .entries(server)
                    .position(|(k, _)| k.start == url_key.start)
                    .map_or(At::First, At::After);
                e.insert_entry(server, "variables", &e.value(&Value::Object(all)), after)
            }
            Some((_, map)) if distinct.len() == 1 => {
                let n = doc.entries(map).count();
                let at = n.checked_sub(1).map_or(At::First, At::After);
                e.insert_entry(map, distinct[0], &e.value(&placeholder(distinct[0])), at)
            }
            Some(_) => None,
        };
        let fix = edit.map(|ed| Fix::new(title, vec![ed], Applicability::Unsafe));
        let range = vars.map_or_else(|| url_node.value_range(), |(k, _)| k.range());
        out.push(
            RULE.diagnostic(
                range,
                format!(
                    "Not all server's variables are described with \"variables\" object. Missed: {}.",
                    missing.join(", ")
                ),
            )
            .with_fix(fix),
        );
    }

    // Each used and defined variable: its default, and the URLs its values give.
    let mut pairs: Vec<(&str, Vec<&str>)> = Vec::new();
    for (k, var, name) in &defined {
        if !found.contains(&name.as_str()) {
            continue;
        }
        let default = doc.get(*var, "default");
        let default_text = default.and_then(|d| doc.str_of(d));
        if let Some(list) = doc.get(*var, "enum") {
            let values: Vec<&str> = doc.items(list).filter_map(|i| doc.str_of(i)).collect();
            if let (Some(d), Some(text)) = (default, default_text) {
                if !values.contains(&text) {
                    out.push(RULE.diagnostic(
                        d.value_range(),
                        format!("Server Variable \"{name}\" has a default not listed in the enum."),
                    ));
                }
            }
            pairs.push((name, values));
        } else if let Some(text) = default_text {
            pairs.push((name, vec![text]));
        } else {
            pairs.push((name, Vec::new()));
        }
        if default.is_none() {
            out.push(RULE.diagnostic(
                k.range(),
                format!("Server Variable \"{name}\" has a missing default."),
            ));
        }
    }
    if let Some(message) = substitutions(url, &pairs) {
        let range = vars.map_or_else(|| url_node.value_range(), |(k, _)| k.range());
        out.push(RULE.diagnostic(range, message));
    }
}

/// Spectral's `checkSubstitutions`: the URLs every combination of the variables' values gives
/// (enum values, else the default), of which the first five that are not valid absolute URLs
/// are reported.
fn substitutions(url: &str, pairs: &[(&str, Vec<&str>)]) -> Option<String> {
    if pairs.is_empty() {
        return None;
    }
    let mut invalid = Vec::new();
    let mut idx = vec![0usize; pairs.len()];
    if pairs.iter().any(|(_, v)| v.is_empty()) {
        return None;
    }
    'outer: loop {
        let mut u = url.to_string();
        for ((name, values), &i) in pairs.iter().zip(&idx) {
            u = u.replace(&format!("{{{name}}}"), &encode_uri(values[i]));
        }
        if !valid_absolute_url(&u) {
            invalid.push(u);
            if invalid.len() == 5 {
                break;
            }
        }
        // The last variable varies fastest, as Spectral's recursion goes.
        for j in (0..pairs.len()).rev() {
            idx[j] += 1;
            if idx[j] < pairs[j].1.len() {
                continue 'outer;
            }
            idx[j] = 0;
        }
        break;
    }
    match invalid.len() {
        0 => None,
        5 => Some(format!(
            "At least 5 substitutions of server variables resulted in invalid URLs: {} and more",
            invalid.join(", ")
        )),
        _ => Some(format!(
            "A few substitutions of server variables resulted in invalid URLs: {}",
            invalid.join(", ")
        )),
    }
}

/// JavaScript's `encodeURI`.
fn encode_uri(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || ";,/?:@&=+$-_.!~*'()#".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Whether `new URL(u)` (no base) accepts `u`, as far as server URLs go: a scheme, and for the
/// special schemes a host without forbidden characters and a port that is a number up to 65535.
/// An approximation of the WHATWG URL parser (no IDNA or IPv4 number checks).
fn valid_absolute_url(u: &str) -> bool {
    let u = u.trim_matches(|c: char| c <= ' ');
    let Some(colon) = u.find(':') else {
        return false;
    };
    let scheme = &u[..colon];
    let mut chars = scheme.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        || !chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return false;
    }
    let scheme = scheme.to_ascii_lowercase();
    if !["http", "https", "ws", "wss", "ftp", "file"].contains(&scheme.as_str()) {
        return true;
    }
    let rest = u[colon + 1..].trim_start_matches(['/', '\\']);
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
    let hostport = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(end) => (&hostport[..=end], hostport[end + 1..].strip_prefix(':')),
            None => return false,
        }
    } else {
        match hostport.rfind(':') {
            Some(c) => (&hostport[..c], Some(&hostport[c + 1..])),
            None => (hostport, None),
        }
    };
    if let Some(p) = port {
        if !p.is_empty()
            && (!p.bytes().all(|b| b.is_ascii_digit())
                || p.parse::<u32>().map_or(true, |n| n > 65535))
        {
            return false;
        }
    }
    if host.is_empty() {
        return scheme == "file";
    }
    if host.starts_with('[') {
        return true;
    }
    let host = percent_decode(host);
    !host
        .chars()
        .any(|c| c <= ' ' || c == '\u{7f}' || "#%/:<>?@[\\]^|".contains(c))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    fn findings(text: &str) -> Vec<(String, String)> {
        super::super::findings_of("oas3-server-variables", text)
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n";

    #[test]
    fn url_variables_as_spectral_parses_them() {
        assert_eq!(
            super::url_variables("https://{a}.x/{b}/{a}{}"),
            vec!["a", "b", "a"]
        );
        assert_eq!(super::url_variables("{}}x"), vec!["}"]);
        assert!(super::url_variables("https://x/{").is_empty());
    }

    #[test]
    fn server_variables_missing_unused_and_defaults() {
        let text = format!(
            "{HEAD}servers:\n  - url: https://{{region}}.example.com/{{v}}\n    variables:\n      region:\n        default: mars\n        enum: [eu, us]\n      old:\n        default: x\npaths: {{}}\n"
        );
        let f = findings(&text);
        assert_eq!(
            f,
            vec![
                (
                    "Not all server's variables are described with \"variables\" object. Missed: v.".to_string(),
                    "variables".to_string()
                ),
                (
                    "Server Variable \"region\" has a default not listed in the enum.".to_string(),
                    "mars".to_string()
                ),
                (
                    "Server's \"variables\" object has unused defined \"old\" url variable.".to_string(),
                    "old".to_string()
                ),
            ]
        );
    }

    #[test]
    fn server_variables_in_paths_operations_and_links() {
        let text = format!(
            "{HEAD}paths:\n  /a:\n    servers:\n      - url: https://{{p}}.example.com\n    get:\n      servers:\n        - url: https://{{o}}.example.com\n      responses:\n        '200':\n          description: ok\n          links:\n            l:\n              operationId: x\n              server:\n                url: https://{{l}}.example.com\ncomponents:\n  links:\n    c:\n      operationId: x\n      server:\n        url: https://example.com\n        variables:\n          port:\n            default: '1'\n"
        );
        let f: Vec<String> = findings(&text).into_iter().map(|(m, _)| m).collect();
        assert_eq!(
            f,
            vec![
                "Not all server's variables are described with \"variables\" object. Missed: p.",
                "Not all server's variables are described with \"variables\" object. Missed: o.",
                "Not all server's variables are described with \"variables\" object. Missed: l.",
                "Server's \"variables\" object has unused defined \"port\" url variable.",
            ]
        );
    }

    #[test]
    fn server_variables_missing_default_substitutions_and_invalid_input() {
        let text = format!(
            "{HEAD}servers:\n  - url: /api/{{v}}\n    variables:\n      v:\n        enum: [v1, v2]\n  - url: https://{{h}}.example.com\n    variables:\n      h:\n        default: 1\n  - https://example.com\npaths: {{}}\n"
        );
        let f: Vec<String> = findings(&text).into_iter().map(|(m, _)| m).collect();
        assert_eq!(
            f,
            vec![
                "A few substitutions of server variables resulted in invalid URLs: /api/v1, /api/v2",
                "Server Variable \"v\" has a missing default.",
                "Invalid Server Object",
                "Invalid Server Object",
            ]
        );
    }

    #[test]
    fn server_variables_valid_servers_give_nothing() {
        let text = format!(
            "{HEAD}servers:\n  - url: https://{{region}}.example.com:{{port}}/v1\n    variables:\n      region:\n        default: eu\n        enum: [eu, us]\n      port:\n        default: '443'\n  - url: https://example.com\n  - url: /relative\npaths: {{}}\n"
        );
        assert_eq!(findings(&text), vec![]);
    }

    #[test]
    fn absolute_urls() {
        use super::valid_absolute_url as ok;
        assert!(ok("https://api.example.com:8443/v1"));
        assert!(ok("localhost:8080/x"));
        assert!(ok("http://[::1]:80/"));
        assert!(!ok("/v1"));
        assert!(!ok("https://"));
        assert!(!ok("https://a b.com"));
        assert!(!ok("https://a.com:99999"));
        assert!(!ok("https://a%20b.com"));
    }
}
