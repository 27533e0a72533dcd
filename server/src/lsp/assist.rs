//! Completion, hover (beyond `$ref`s), folding and selection ranges: the analysis is
//! `crate::assist`; this converts its byte ranges and items to LSP types.

use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::{convert, loader, off_thread, Shared};
use crate::assist::{self, Completion, Env, ItemKind};
use crate::spec::SpecKind;
use crate::syntax::Parsed;

/// The parse of a document's current text and its kind. Requests here come right after the
/// edit that typed what they ask about, before the analysis of that edit has finished: the
/// text is parsed now (incrementally from the last parse), not read from the last analysis.
async fn current(shared: &Arc<Shared>, uri: &Uri) -> Option<(Arc<Parsed>, SpecKind)> {
    let (s, u) = (shared.clone(), uri.clone());
    let now = off_thread("parse", move || {
        let parsed = s.docs.parse_now(&u)?;
        let path = s.workspace_path(&u);
        let kind = crate::analysis::kind_of(&parsed, path.as_deref(), &s.settings());
        Some((parsed, kind))
    })
    .await;
    match now {
        Some(n) => Some(n),
        None => shared.parse_of(uri).await,
    }
}

/// The trigger characters of completion: a value after `: `, a key's quote, a path or pointer.
pub fn completion_options() -> CompletionOptions {
    CompletionOptions {
        trigger_characters: Some(
            [":", " ", "\"", "'", "/", "#", "-"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
        ..Default::default()
    }
}

pub async fn completion(
    shared: &Arc<Shared>,
    params: CompletionParams,
) -> Option<CompletionResponse> {
    let at = params.text_document_position;
    let uri = at.text_document.uri;
    let started = std::time::Instant::now();
    let (parsed, kind) = current(shared, &uri).await?;
    let parse_ms = started.elapsed().as_secs_f64() * 1e3;
    let file = uri.to_file_path().map(|p| crate::refs::normalize(&p));
    let enc = shared.encoding();
    let offset = convert::offset(&parsed.rope, at.position, enc);
    let shared = shared.clone();
    off_thread("completion", move || {
        let loader = loader::WorkspaceLoader::new(&shared);
        let files = shared.index.files();
        let env = Env {
            parsed: &parsed,
            kind: &kind,
            file: file.as_deref(),
            loader: Some(&loader),
            files: &files,
        };
        let (items, cut) = assist::completions(&env, offset);
        let items: Vec<_> = items
            .into_iter()
            .map(|c| item(&parsed.rope, c, enc))
            .collect();
        tracing::debug!(
            parse_ms,
            ms = started.elapsed().as_secs_f64() * 1e3,
            items = items.len(),
            "completion"
        );
        Some(CompletionResponse::List(CompletionList {
            is_incomplete: cut,
            items,
        }))
    })
    .await
}

fn item(rope: &ropey::Rope, c: Completion, enc: crate::syntax::PositionEncoding) -> CompletionItem {
    // Plain items leave out what the defaults say (lists of a thousand `$ref`s travel lighter).
    let filter_text = (c.filter != c.label).then_some(c.filter);
    let (format, mode) = if c.snippet {
        (
            Some(InsertTextFormat::SNIPPET),
            // The server writes the indentation of every line itself.
            Some(InsertTextMode::AS_IS),
        )
    } else {
        (None, None)
    };
    CompletionItem {
        label: c.label,
        kind: Some(match c.kind {
            ItemKind::Field => CompletionItemKind::PROPERTY,
            ItemKind::Value => CompletionItemKind::VALUE,
            ItemKind::Reference => CompletionItemKind::REFERENCE,
            ItemKind::File => CompletionItemKind::FILE,
            ItemKind::Folder => CompletionItemKind::FOLDER,
        }),
        detail: c.detail,
        documentation: c.doc.map(|d| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: d,
            })
        }),
        sort_text: Some(c.sort),
        filter_text,
        insert_text_format: format,
        insert_text_mode: mode,
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: convert::range(rope, &c.range, enc),
            new_text: c.insert,
        })),
        ..Default::default()
    }
}

/// The hover of a place that is not a `$ref`: a key's documentation, a status code, a media
/// type, a schema's shape.
pub async fn hover(shared: &Arc<Shared>, uri: &Uri, position: Position) -> Option<Hover> {
    let (parsed, kind) = current(shared, uri).await?;
    let file = uri.to_file_path().map(|p| crate::refs::normalize(&p));
    let enc = shared.encoding();
    let offset = convert::offset(&parsed.rope, position, enc);
    let shared = shared.clone();
    off_thread("hover", move || {
        let loader = loader::WorkspaceLoader::new(&shared);
        let env = Env {
            parsed: &parsed,
            kind: &kind,
            file: file.as_deref(),
            loader: Some(&loader),
            files: &[],
        };
        let h = assist::hover(&env, offset)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: h.markdown,
            }),
            range: Some(convert::range(&parsed.rope, &h.range, enc)),
        })
    })
    .await
}

pub async fn folding_ranges(shared: &Arc<Shared>, uri: &Uri) -> Option<Vec<FoldingRange>> {
    let (parsed, _) = current(shared, uri).await?;
    off_thread("foldingRange", move || {
        Some(
            assist::folding_ranges(&parsed)
                .into_iter()
                .map(|f| FoldingRange {
                    start_line: f.start_line as u32,
                    end_line: f.end_line as u32,
                    kind: Some(FoldingRangeKind::Region),
                    ..Default::default()
                })
                .collect(),
        )
    })
    .await
}

pub async fn selection_ranges(
    shared: &Arc<Shared>,
    uri: &Uri,
    positions: Vec<Position>,
) -> Option<Vec<SelectionRange>> {
    let (parsed, _) = current(shared, uri).await?;
    let enc = shared.encoding();
    let out = positions
        .into_iter()
        .map(|p| {
            let offset = convert::offset(&parsed.rope, p, enc);
            let chain = assist::selection_ranges(&parsed, offset);
            // Outermost first, each the parent of the next.
            let mut sel: Option<SelectionRange> = None;
            for r in chain.iter().rev() {
                sel = Some(SelectionRange {
                    range: convert::range(&parsed.rope, r, enc),
                    parent: sel.map(Box::new),
                });
            }
            sel.unwrap_or(SelectionRange {
                range: Range { start: p, end: p },
                parent: None,
            })
        })
        .collect();
    Some(out)
}

/// The legend: one token type per [`assist::TokenKind`], in its order.
pub fn semantic_tokens_options() -> SemanticTokensServerCapabilities {
    let types = assist::TokenKind::ALL
        .iter()
        .map(|k| match k {
            assist::TokenKind::Key => SemanticTokenType::PROPERTY,
            assist::TokenKind::String => SemanticTokenType::STRING,
            assist::TokenKind::Number => SemanticTokenType::NUMBER,
            assist::TokenKind::Keyword => SemanticTokenType::KEYWORD,
            assist::TokenKind::Reference => SemanticTokenType::TYPE,
        })
        .collect();
    SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
        legend: SemanticTokensLegend {
            token_types: types,
            token_modifiers: Vec::new(),
        },
        range: Some(true),
        full: Some(SemanticTokensFullOptions::Bool(true)),
        ..Default::default()
    })
}

/// Documents larger than this get semantic tokens by range only (the whole of GitHub's
/// description would be millions of tokens on every change).
const FULL_TOKENS_MAX: usize = 2 << 20;

pub async fn semantic_tokens(
    shared: &Arc<Shared>,
    uri: &Uri,
    range: Option<Range>,
) -> Option<SemanticTokens> {
    let (parsed, _) = current(shared, uri).await?;
    let enc = shared.encoding();
    if range.is_none() && parsed.rope.len_bytes() > FULL_TOKENS_MAX {
        return None;
    }
    off_thread("semanticTokens", move || {
        let within = range.map(|r| {
            convert::offset(&parsed.rope, r.start, enc)..convert::offset(&parsed.rope, r.end, enc)
        });
        let tokens = assist::semantic_tokens(&parsed, within);
        let mut data = Vec::with_capacity(tokens.len());
        let (mut last_line, mut last_col) = (0, 0);
        for t in tokens {
            let start = convert::position(&parsed.rope, t.range.start, enc);
            let end = convert::position(&parsed.rope, t.range.end, enc);
            if end.line != start.line || end.character <= start.character {
                continue;
            }
            let delta_line = start.line - last_line;
            let delta_start = if delta_line == 0 {
                start.character - last_col
            } else {
                start.character
            };
            let kind = assist::TokenKind::ALL
                .iter()
                .position(|k| *k == t.kind)
                .unwrap_or(0) as u32;
            data.push(SemanticToken {
                delta_line,
                delta_start,
                length: end.character - start.character,
                token_type: kind,
                token_modifiers_bitset: 0,
            });
            (last_line, last_col) = (start.line, start.character);
        }
        Some(SemanticTokens {
            result_id: None,
            data,
        })
    })
    .await
}
