//! URI references as JSON Schema reads them (RFC 3986, section 5): enough to resolve a `$ref`
//! or an `$id` against a base URI. A file's base is its `file://` URI, a fetched document's its
//! URL; no network, no normalization beyond dot segments.

use std::path::{Path, PathBuf};

/// Whether `s` starts with a URI scheme (`https:`, `urn:`, `file:`).
pub fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(end) if end > 0 => {
            let scheme = &s[..end];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// Whether a URI can be fetched (`http://` or `https://`).
pub fn is_http(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The `file://` URI of a path (the characters that would end or change a URI path escaped).
pub fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            ' ' => out.push_str("%20"),
            '\\' => out.push('/'),
            c => out.push(c),
        }
    }
    out
}

/// The path a `file://` URI names (percent-decoded, dot segments removed), if it is one.
pub fn to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    Some(super::normalize(Path::new(&super::percent_decode(rest))))
}

struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
}

fn parts(s: &str) -> Parts<'_> {
    let (scheme, rest) = if has_scheme(s) {
        let (a, b) = s.split_once(':').unwrap_or((s, ""));
        (Some(a), b)
    } else {
        (None, s)
    };
    let (rest, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(r) => {
            let end = r.find('/').unwrap_or(r.len());
            (Some(&r[..end]), &r[end..])
        }
        None => (None, rest),
    };
    Parts {
        scheme,
        authority,
        path,
        query,
    }
}

fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let absolute = path.starts_with('/');
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > usize::from(absolute) {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

fn assemble(
    scheme: Option<&str>,
    authority: Option<&str>,
    path: &str,
    query: Option<&str>,
) -> String {
    let mut out = String::new();
    if let Some(s) = scheme {
        out.push_str(s);
        out.push(':');
    }
    if let Some(a) = authority {
        out.push_str("//");
        out.push_str(a);
    }
    out.push_str(path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// `reference` (without its fragment) resolved against `base` (an absolute URI, without
/// fragment).
pub fn join(base: &str, reference: &str) -> String {
    let r = parts(reference);
    if r.scheme.is_some() {
        return assemble(r.scheme, r.authority, &remove_dot_segments(r.path), r.query);
    }
    let b = parts(base);
    if r.authority.is_some() {
        return assemble(b.scheme, r.authority, &remove_dot_segments(r.path), r.query);
    }
    if r.path.is_empty() {
        return assemble(b.scheme, b.authority, b.path, r.query.or(b.query));
    }
    let path = if r.path.starts_with('/') {
        remove_dot_segments(r.path)
    } else if b.authority.is_some() && b.path.is_empty() {
        remove_dot_segments(&format!("/{}", r.path))
    } else {
        let dir = b.path.rfind('/').map_or("", |i| &b.path[..=i]);
        remove_dot_segments(&format!("{dir}{}", r.path))
    };
    assemble(b.scheme, b.authority, &path, r.query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_as_rfc_3986_says() {
        let base = "http://a/b/c/d;p?q";
        for (r, want) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("g:h", "g:h"),
        ] {
            assert_eq!(join(base, r), want, "{r}");
        }
        assert_eq!(
            join("https://example.com/schemas/customer", "address"),
            "https://example.com/schemas/address"
        );
        assert_eq!(
            join("file:///w/s/root.schema.json", "item.json"),
            "file:///w/s/item.json"
        );
        assert_eq!(
            to_path(&join(&file_uri(Path::new("/w/a b/r.json")), "../c.json")),
            Some(PathBuf::from("/w/c.json"))
        );
        assert!(has_scheme("urn:x") && !has_scheme("a/b:c") && !has_scheme("./x"));
    }
}
