//! The shapes completions insert (a key with the value it needs), written out as LSP snippet
//! text for YAML block style, YAML flow style or JSON, at the cursor's indentation.

use super::context::Style;

/// A placeholder.
#[derive(Clone, Debug)]
pub enum Ph {
    /// A string, with a default.
    Text(String),
    /// A string that YAML must quote (a `$ref`'s `#/...`).
    Quoted(String),
    /// A number, boolean or other non-string, with a default.
    Word(String),
    /// One of these values; `true` if they are strings.
    Choice(Vec<String>, bool),
    /// Text written as is (`[]`).
    Raw(String),
}

#[derive(Clone, Debug)]
pub enum Shape {
    Leaf(Ph),
    Map(Vec<(String, Shape)>),
    List(Box<Shape>),
}

/// Escapes text for a snippet (`$`, `}`, `\`).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn esc_choice(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\' | ',' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether a YAML plain scalar would not read back as this string.
pub fn yaml_needs_quotes(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "!&*{}[]|>'\"%@`#,?:-".contains(first)
        && !(first == '-' && s.len() > 1 && !s[1..].starts_with(' '))
    {
        return true;
    }
    if s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.starts_with(' ')
        || s.ends_with(' ')
    {
        return true;
    }
    !matches!(
        crate::syntax::scalar::core_schema(s),
        crate::syntax::ScalarValue::Str(_)
    )
}

/// A string as YAML writes it (single quotes when needed).
pub fn yaml_str(s: &str) -> String {
    if yaml_needs_quotes(s) {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        s.to_string()
    }
}

pub fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// A key as written in a style (escaped for a snippet).
pub fn key_text(key: &str, style: Style) -> String {
    match style {
        Style::Json => esc(&json_str(key)),
        _ => esc(&yaml_str(key)),
    }
}

pub struct Writer {
    pub style: Style,
    pub unit: usize,
    n: usize,
}

impl Writer {
    pub fn new(style: Style, unit: usize) -> Writer {
        Writer { style, unit, n: 0 }
    }

    fn next(&mut self) -> usize {
        self.n += 1;
        self.n
    }

    fn ph(&mut self, ph: &Ph) -> String {
        let json = self.style == Style::Json;
        match ph {
            Ph::Text(d) => {
                let n = self.next();
                let p = if d.is_empty() {
                    format!("${n}")
                } else {
                    format!("${{{n}:{}}}", esc(d))
                };
                if json {
                    format!("\"{p}\"")
                } else {
                    p
                }
            }
            Ph::Quoted(d) => {
                let n = self.next();
                let p = if d.is_empty() {
                    format!("${n}")
                } else {
                    format!("${{{n}:{}}}", esc(d))
                };
                if json {
                    format!("\"{p}\"")
                } else {
                    format!("'{p}'")
                }
            }
            Ph::Word(d) => {
                let n = self.next();
                if d.is_empty() {
                    format!("${n}")
                } else {
                    format!("${{{n}:{}}}", esc(d))
                }
            }
            Ph::Choice(values, strings) => {
                let n = self.next();
                let list: Vec<String> = values
                    .iter()
                    .map(|v| match (self.style, *strings) {
                        (Style::Json, _) => esc_choice(v),
                        (_, true) => esc_choice(&yaml_str(v)),
                        _ => esc_choice(v),
                    })
                    .collect();
                let p = format!("${{{n}|{}|}}", list.join(","));
                if json && *strings {
                    format!("\"{p}\"")
                } else {
                    p
                }
            }
            Ph::Raw(s) => esc(s),
        }
    }

    /// `key` and its value, the key at column `indent`; the first line is not indented.
    pub fn entry(&mut self, key: &str, shape: &Shape, indent: usize) -> String {
        let sep = ":";
        format!(
            "{}{sep}{}",
            key_text(key, self.style),
            self.value(shape, indent)
        )
    }

    /// A value after `key:` (with its leading space or line break).
    pub fn value(&mut self, shape: &Shape, indent: usize) -> String {
        let pad = |n: usize| " ".repeat(n);
        match (self.style, shape) {
            (_, Shape::Leaf(ph)) => format!(" {}", self.ph(ph)),
            (Style::Block, Shape::Map(entries)) => {
                let inner = indent + self.unit;
                if entries.is_empty() {
                    let n = self.next();
                    return format!("\n{}${n}", pad(inner));
                }
                let mut out = String::new();
                for (k, v) in entries {
                    out.push('\n');
                    out.push_str(&pad(inner));
                    out.push_str(&self.entry(k, v, inner));
                }
                out
            }
            (Style::Block, Shape::List(item)) => {
                let inner = indent + self.unit;
                format!("\n{}- {}", pad(inner), self.item(item, inner + 2))
            }
            (Style::Flow, Shape::Map(entries)) => {
                if entries.is_empty() {
                    let n = self.next();
                    return format!(" {{${n}}}");
                }
                let parts: Vec<String> = entries.iter().map(|(k, v)| self.entry(k, v, 0)).collect();
                format!(" {{{}}}", parts.join(", "))
            }
            (Style::Flow, Shape::List(item)) => format!(" [{}]", self.item(item, 0)),
            (Style::Json, Shape::Map(entries)) => {
                if entries.is_empty() {
                    let n = self.next();
                    return format!(" {{${n}}}");
                }
                let inner = indent + self.unit;
                let parts: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}{}", pad(inner), self.entry(k, v, inner)))
                    .collect();
                format!(" {{\n{}\n{}}}", parts.join(",\n"), pad(indent))
            }
            (Style::Json, Shape::List(item)) => match &**item {
                Shape::Map(e) if !e.is_empty() => {
                    let inner = indent + self.unit;
                    let body = self.value(item, inner);
                    format!(" [\n{}{}\n{}]", pad(inner), body.trim_start(), pad(indent))
                }
                _ => format!(" [{}]", self.item(item, indent)),
            },
        }
    }

    /// A sequence item's content, its first line after `- ` (block) or at the bracket.
    pub fn item(&mut self, shape: &Shape, indent: usize) -> String {
        match (self.style, shape) {
            (_, Shape::Leaf(ph)) => self.ph(ph),
            (Style::Block, Shape::Map(entries)) if !entries.is_empty() => {
                let mut out = String::new();
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                        out.push_str(&" ".repeat(indent));
                    }
                    out.push_str(&self.entry(k, v, indent));
                }
                out
            }
            (Style::Block, Shape::Map(_)) => {
                let n = self.next();
                format!("${n}")
            }
            _ => self.value(shape, indent).trim_start().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn responses() -> Shape {
        Shape::Map(vec![(
            "200".into(),
            Shape::Map(vec![(
                "description".into(),
                Shape::Leaf(Ph::Text("OK".into())),
            )]),
        )])
    }

    #[test]
    fn one_shape_three_styles() {
        let mut w = Writer::new(Style::Block, 2);
        assert_eq!(
            w.entry("responses", &responses(), 4),
            "responses:\n      '200':\n        description: ${1:OK}"
        );
        let mut w = Writer::new(Style::Json, 2);
        assert_eq!(
            w.entry("responses", &responses(), 4),
            "\"responses\": {\n      \"200\": {\n        \"description\": \"${1:OK}\"\n      }\n    }"
        );
        let mut w = Writer::new(Style::Flow, 2);
        assert_eq!(
            w.entry("responses", &responses(), 0),
            "responses: {'200': {description: ${1:OK}}}"
        );
        let list = Shape::List(Box::new(Shape::Map(vec![
            ("name".into(), Shape::Leaf(Ph::Text(String::new()))),
            (
                "in".into(),
                Shape::Leaf(Ph::Choice(vec!["query".into(), "path".into()], true)),
            ),
        ])));
        let mut w = Writer::new(Style::Block, 2);
        assert_eq!(
            w.entry("parameters", &list, 2),
            "parameters:\n    - name: $1\n      in: ${2|query,path|}"
        );
        let mut w = Writer::new(Style::Block, 2);
        assert_eq!(
            w.entry("$ref", &Shape::Leaf(Ph::Quoted(String::new())), 0),
            "\\$ref: '$1'"
        );
    }

    #[test]
    fn yaml_quoting() {
        for s in ["200", "*/*", "#/a", "true", "null", "a: b", "", "-"] {
            assert!(yaml_needs_quotes(s), "{s}");
        }
        for s in [
            "application/json",
            "get",
            "2XX",
            "x-y",
            "/pets/{id}",
            "$ref",
        ] {
            assert!(!yaml_needs_quotes(s), "{s}");
        }
    }
}
