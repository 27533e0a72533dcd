//! `specls check` output formats: human, JSON, SARIF 2.1.0, GitHub workflow annotations.

use std::io::{self, Write};

use ropey::Rope;
use serde_json::json;

use super::{FileReport, Format};
use crate::analysis::{Diagnostic, Severity};
use crate::syntax::text::human_position;

pub fn write(format: Format, reports: &[FileReport]) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match format {
        Format::Human => human(&mut out, reports)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &json_report(reports))?;
            writeln!(out)?;
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut out, &sarif(reports))?;
            writeln!(out)?;
        }
        Format::Github => github(&mut out, reports)?,
    }
    out.flush()
}

/// One-based line and column (in characters) of both ends of a range.
struct Span {
    line: usize,
    col: usize,
    end_line: usize,
    end_col: usize,
}

fn span(text: &Rope, d: &std::ops::Range<usize>) -> Span {
    let (line, col) = human_position(text, d.start);
    let (end_line, end_col) = human_position(text, d.end);
    Span {
        line,
        col,
        end_line,
        end_col,
    }
}

fn display_path(r: &FileReport) -> String {
    let s = r.path.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// `file:line:col severity[code] message`, the source line, and `^^^` under the range.
pub fn human(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    let mut counts = [0usize; 4];
    for r in reports {
        let path = display_path(r);
        for d in &r.diagnostics {
            counts[d.severity as usize] += 1;
            write_human(out, &path, &r.text, d)?;
        }
    }
    let files = format!(
        "{} file{} checked{}",
        reports.len(),
        plural(reports.len()),
        kinds_summary(reports)
    );
    let [e, w, i, h] = counts;
    if e + w + i + h == 0 {
        writeln!(out, "{files}: no problems")?;
    } else {
        writeln!(
            out,
            "{files}: {e} error{}, {w} warning{}, {} info",
            plural(e),
            plural(w),
            i + h
        )?;
    }
    Ok(())
}

/// ` (2 OpenAPI, 1 AsyncAPI, 3 fragments)`: what the checked files are.
fn kinds_summary(reports: &[FileReport]) -> String {
    use crate::spec::Family;
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for r in reports {
        let Some(kind) = &r.kind else { continue };
        let name = match kind.family {
            Family::Swagger => "Swagger",
            Family::OpenApi => "OpenAPI",
            Family::AsyncApi => "AsyncAPI",
            Family::JsonSchema => "JSON Schema",
            Family::Fragment => "fragment",
        };
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, c)) => *c += 1,
            None => counts.push((name, 1)),
        }
    }
    if counts.is_empty() {
        return String::new();
    }
    counts.sort_by_key(|(n, _)| {
        ["OpenAPI", "Swagger", "AsyncAPI", "JSON Schema", "fragment"]
            .iter()
            .position(|k| k == n)
    });
    let parts: Vec<String> = counts
        .iter()
        .map(|(n, c)| {
            if *n == "fragment" {
                format!("{c} fragment{}", plural(*c))
            } else {
                format!("{c} {n}")
            }
        })
        .collect();
    format!(" ({})", parts.join(", "))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub fn write_human(
    out: &mut impl Write,
    path: &str,
    text: &Rope,
    d: &Diagnostic,
) -> io::Result<()> {
    let s = span(text, &d.range);
    writeln!(
        out,
        "{path}:{}:{} {}[{}] {}",
        s.line,
        s.col,
        d.severity.as_str(),
        d.code,
        d.message
    )?;
    if text.len_bytes() > 0 && s.line <= text.len_lines() {
        let line_text = text.line(s.line - 1).to_string();
        let line_text = line_text.trim_end_matches(['\n', '\r']);
        // Long lines (minified JSON) are cut around the range.
        let chars: Vec<char> = line_text.chars().collect();
        let from = s.col.saturating_sub(1).saturating_sub(40);
        let to = (s.col + 80).min(chars.len());
        let shown: String = chars[from.min(chars.len())..to.max(from).min(chars.len())]
            .iter()
            .collect();
        let shown = shown.replace('\t', " ");
        let gutter = s.line.to_string().len();
        writeln!(
            out,
            "{:>gutter$} | {}{}",
            s.line,
            if from > 0 { "…" } else { "" },
            shown
        )?;
        let width = if s.end_line == s.line {
            s.end_col.saturating_sub(s.col).max(1)
        } else {
            (chars.len() + 1).saturating_sub(s.col).max(1)
        };
        let pad = s.col - 1 - from + usize::from(from > 0);
        writeln!(
            out,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(pad),
            "^".repeat(width.min(120))
        )?;
    }
    for rel in &d.related {
        let (l, c) = human_position(text, rel.range.start);
        writeln!(out, "  note: {path}:{l}:{c} {}", rel.message)?;
    }
    Ok(())
}

fn json_report(reports: &[FileReport]) -> serde_json::Value {
    let mut diagnostics = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            let s = span(&r.text, &d.range);
            diagnostics.push(json!({
                "file": display_path(r),
                "line": s.line, "column": s.col, "endLine": s.end_line, "endColumn": s.end_col,
                "pointer": r.pointers.get(&d.range.start),
                "severity": d.severity, "code": d.code, "message": d.message,
                "related": d.related.iter().map(|rel| {
                    let (l, c) = human_position(&r.text, rel.range.start);
                    json!({"line": l, "column": c, "message": rel.message})
                }).collect::<Vec<_>>(),
            }));
        }
    }
    let files: Vec<_> = reports
        .iter()
        .map(|r| json!({"file": display_path(r), "kind": r.kind.as_ref().map(|k| k.label())}))
        .collect();
    json!({"files": files, "diagnostics": diagnostics})
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn sarif_uri(r: &FileReport) -> String {
    display_path(r).replace('\\', "/").replace(' ', "%20")
}

fn sarif_region(text: &Rope, range: &std::ops::Range<usize>) -> serde_json::Value {
    let s = span(text, range);
    json!({"startLine": s.line, "startColumn": s.col, "endLine": s.end_line, "endColumn": s.end_col})
}

pub fn sarif(reports: &[FileReport]) -> serde_json::Value {
    let mut rules: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(|d| d.code))
        .collect();
    rules.sort_unstable();
    rules.dedup();
    let mut results = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            let location = |range: &std::ops::Range<usize>| {
                json!({"physicalLocation": {
                    "artifactLocation": {"uri": sarif_uri(r)},
                    "region": sarif_region(&r.text, range),
                }})
            };
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": rules.binary_search(&d.code).unwrap_or(0),
                "level": sarif_level(d.severity),
                "message": {"text": d.message},
                "locations": [location(&d.range)],
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, rel)| {
                        let mut l = location(&rel.range);
                        l["id"] = json!(i);
                        l["message"] = json!({"text": rel.message});
                        l
                    })
                    .collect();
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "specls",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|id| json!({"id": id})).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// GitHub workflow commands: `::error file=…,line=…::message`.
pub fn github(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    for r in reports {
        let path = display_path(r);
        for d in &r.diagnostics {
            let s = span(&r.text, &d.range);
            let cmd = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            writeln!(
                out,
                "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&path),
                s.line,
                s.col,
                s.end_line,
                s.end_col,
                escape_property(d.code),
                escape_data(&d.message)
            )?;
        }
    }
    Ok(())
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
