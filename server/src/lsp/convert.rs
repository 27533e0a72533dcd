//! Conversions between the analysis layer's types and LSP types: the only place that knows both.

use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

use crate::analysis::outline::OutlineItem;
use crate::analysis::{Diagnostic, Severity};
use crate::syntax::text::{offset_of, position_of};
use crate::syntax::{LineCol, PositionEncoding, TextChange};

pub fn position(rope: &Rope, offset: usize, enc: PositionEncoding) -> lsp::Position {
    let p = position_of(rope, offset, enc);
    lsp::Position {
        line: p.line,
        character: p.col,
    }
}

pub fn range(rope: &Rope, r: &std::ops::Range<usize>, enc: PositionEncoding) -> lsp::Range {
    lsp::Range {
        start: position(rope, r.start, enc),
        end: position(rope, r.end, enc),
    }
}

pub fn line_col(p: lsp::Position) -> LineCol {
    LineCol {
        line: p.line,
        col: p.character,
    }
}

pub fn offset(rope: &Rope, p: lsp::Position, enc: PositionEncoding) -> usize {
    offset_of(rope, line_col(p), enc)
}

pub fn text_change(c: lsp::TextDocumentContentChangeEvent) -> TextChange {
    TextChange {
        range: c.range.map(|r| (line_col(r.start), line_col(r.end))),
        text: c.text,
    }
}

fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(
    uri: &lsp::Uri,
    rope: &Rope,
    d: &Diagnostic,
    enc: PositionEncoding,
) -> lsp::Diagnostic {
    let related = (!d.related.is_empty()).then(|| {
        d.related
            .iter()
            .map(|r| lsp::DiagnosticRelatedInformation {
                location: lsp::Location {
                    uri: uri.clone(),
                    range: range(rope, &r.range, enc),
                },
                message: r.message.clone(),
            })
            .collect()
    });
    // A breaking-change hint (its code is a check's id) has its own source and pages.
    let breaking = crate::diff::checks::check(d.code).is_some();
    lsp::Diagnostic {
        range: range(rope, &d.range, enc),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: if breaking { crate::diff::editor::doc_url(d.code) } else { crate::analysis::doc_url(d.code) }
            .parse()
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some(if breaking { crate::diff::editor::SOURCE } else { "specls" }.into()),
        message: d.message.clone(),
        related_information: related,
        tags: crate::analysis::unnecessary(d.code).then(|| vec![lsp::DiagnosticTag::UNNECESSARY]),
        // The fix rides on the diagnostic: what it does and how safe it is (the edits are
        // worked out again by `codeAction`, against the text they were made for).
        data: d.fix.as_ref().map(|f| {
            serde_json::json!({"fix": {"title": f.title, "applicability": f.applicability.as_str()}})
        }),
    }
}

/// The encoding to use: UTF-8 when the client offers it, else UTF-16 (the LSP default).
pub fn negotiate_encoding(caps: &lsp::ClientCapabilities) -> PositionEncoding {
    let offered = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => PositionEncoding::Utf8,
        _ => PositionEncoding::Utf16,
    }
}

pub fn encoding_kind(enc: PositionEncoding) -> lsp::PositionEncodingKind {
    match enc {
        PositionEncoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => lsp::PositionEncodingKind::UTF16,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be given.
pub fn document_symbol(
    rope: &Rope,
    item: &OutlineItem,
    enc: PositionEncoding,
) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: if item.name.is_empty() {
            "\"\"".into()
        } else {
            item.name.clone()
        },
        detail: Some(item.detail.clone()),
        kind: if item.is_root {
            lsp::SymbolKind::FILE
        } else {
            lsp::SymbolKind::KEY
        },
        tags: None,
        deprecated: None,
        range: range(rope, &item.range, enc),
        selection_range: range(rope, &item.selection, enc),
        children: Some(
            item.children
                .iter()
                .map(|c| document_symbol(rope, c, enc))
                .collect(),
        ),
    }
}
