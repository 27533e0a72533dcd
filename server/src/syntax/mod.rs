//! Syntax: text as a rope, the tree-sitter tree kept in step with edits, and the node tree built
//! from it. Knows nothing of LSP or of the workspace. Parsing never fails: it gives a tree and
//! a list of errors.

pub mod build;
pub mod errors;
pub mod node;
pub mod scalar;
pub mod strict_json;
pub mod text;
pub mod value;

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use ropey::Rope;
pub use specls_grammars::Lang;
use tree_sitter::{InputEdit, Parser};

pub use build::Dirty;
pub use errors::SyntaxError;
pub use node::{Node, NodeKind, NodeRef, ScalarValue, Tree};
pub use text::{LineCol, PositionEncoding};

/// One change to a text: a range (in line/column of the given encoding) and its replacement;
/// no range means the whole text.
#[derive(Clone, Debug)]
pub struct TextChange {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

/// Applies a change to a rope (positions clamped); returns the byte offsets of the replaced
/// range's start and end before the change, and of the new text's end after it.
pub fn apply_change(
    rope: &mut Rope,
    change: &TextChange,
    enc: PositionEncoding,
) -> (usize, usize, usize) {
    let (start, old_end) = match change.range {
        Some((a, b)) => {
            let a = text::offset_of(rope, a, enc);
            let b = text::offset_of(rope, b, enc);
            (a.min(b), a.max(b))
        }
        None => (0, rope.len_bytes()),
    };
    let start_char = rope.byte_to_char(start);
    let old_end_char = rope.byte_to_char(old_end);
    rope.remove(start_char..old_end_char);
    rope.insert(start_char, &change.text);
    (start, old_end, start + change.text.len())
}

/// A parsed text: the text, the tree-sitter tree, the node tree and the syntax errors.
/// Immutable; shared between the analyses that read it.
pub struct Parsed {
    pub lang: Lang,
    pub rope: Rope,
    /// `None` for strict JSON read without tree-sitter ([`Parsed::new`]): it has no syntax
    /// errors, and what needs the syntax tree parses it ([`Parsed::cst`]).
    cst: Option<tree_sitter::Tree>,
    pub tree: Tree,
    /// Worked out on first use ([`Parsed::errors`]): a request that parses the newest text does
    /// not need them, the analysis does.
    errors: std::sync::OnceLock<Vec<SyntaxError>>,
    /// False for an incremental reparse of a text with syntax errors (tree-sitter errors, or
    /// YAML lines the grammar set aside): around them, what tree-sitter reuses from the old tree
    /// can make the result differ from a fresh parse, so such a parse is redone from scratch
    /// when there is time ([`SourceFile::settle`]). Every other parse is what a fresh parse of
    /// the text gives.
    pub settled: bool,
}

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parsed")
            .field("lang", &self.lang)
            .field("len", &self.rope.len_bytes())
            .finish()
    }
}

/// The largest text after whose parse a thread keeps its parser.
const KEEP_PARSER_UP_TO: usize = 1 << 20;

thread_local! {
    static PARSERS: std::cell::RefCell<[Option<Parser>; 2]> = const { std::cell::RefCell::new([None, None]) };
}

/// Parses `rope` with tree-sitter, reusing `old` (a tree already told about the edits) when
/// given. Returns `None` only when `cancel` was set during the parse.
pub fn parse_cst(
    lang: Lang,
    rope: &Rope,
    old: Option<&tree_sitter::Tree>,
    cancel: Option<&AtomicBool>,
) -> Option<tree_sitter::Tree> {
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let slot = &mut parsers[lang as usize];
        let parser = slot.get_or_insert_with(|| {
            let mut p = Parser::new();
            p.set_language(&lang.language())
                .expect("grammar ABI matches tree-sitter");
            p
        });
        let mut read = |byte: usize, _| -> &[u8] {
            if byte >= rope.len_bytes() {
                return &[];
            }
            let (chunk, chunk_start, _, _) = rope.chunk_at_byte(byte);
            &chunk.as_bytes()[byte - chunk_start..]
        };
        let mut progress = |_: &tree_sitter::ParseState| {
            if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let options = tree_sitter::ParseOptions::new().progress_callback(&mut progress);
        let tree = parser.parse_with_options(&mut read, old, Some(options));
        if tree.is_none() {
            parser.reset();
        }
        // A parser keeps the work arrays its largest parse needed; a thread that parsed a large
        // file and then idles would hold them. A new parser costs microseconds.
        if rope.len_bytes() > KEEP_PARSER_UP_TO {
            *slot = None;
        }
        tree
    })
}

impl Parsed {
    /// A full parse of a text that is read, not edited. Strict JSON is read without
    /// tree-sitter ([`strict_json`]): the same node tree, several times faster.
    pub fn new(lang: Lang, text: &str) -> Arc<Parsed> {
        if lang == Lang::Json {
            if let Some(tree) = strict_json::build(text) {
                let rope = Rope::from_str(text);
                return Arc::new(Parsed {
                    lang,
                    rope,
                    cst: None,
                    tree,
                    errors: std::sync::OnceLock::from(Vec::new()),
                    settled: true,
                });
            }
        }
        SourceFile::new(lang, text).parsed()
    }

    /// The tree-sitter tree of the text (parsed now if the text was read without it).
    pub fn cst(&self) -> std::borrow::Cow<'_, tree_sitter::Tree> {
        match &self.cst {
            Some(cst) => std::borrow::Cow::Borrowed(cst),
            None => std::borrow::Cow::Owned(
                parse_cst(self.lang, &self.rope, None, None)
                    .expect("a parse without cancellation finishes"),
            ),
        }
    }

    /// A parse put together from its parts (`errors`: the syntax errors if already known).
    pub fn from_parts(
        lang: Lang,
        rope: Rope,
        cst: tree_sitter::Tree,
        tree: Tree,
        errors: Option<Vec<SyntaxError>>,
        settled: bool,
    ) -> Parsed {
        let cell = std::sync::OnceLock::new();
        if let Some(errors) = errors {
            let _ = cell.set(errors);
        }
        Parsed {
            lang,
            rope,
            cst: Some(cst),
            tree,
            errors: cell,
            settled,
        }
    }

    /// The syntax errors of the text.
    pub fn errors(&self) -> &[SyntaxError] {
        self.errors
            .get_or_init(|| errors::syntax_errors(self.lang, &self.rope, &self.cst()))
    }
}

/// A text being edited: the rope, the tree-sitter tree told about every edit since the last
/// parse, and the last parse. Edits are cheap and synchronous; the reparse is separate, so that
/// it can run elsewhere ([`SourceFile::pending`]).
#[derive(Clone)]
pub struct SourceFile {
    lang: Lang,
    rope: Rope,
    /// The last parse's tree with the edits since applied (`tree.edit`), and the last parse;
    /// `None` before the first parse.
    last: Option<(tree_sitter::Tree, Arc<Parsed>)>,
    dirty: Option<Dirty>,
}

/// The work of a reparse, detached from the [`SourceFile`] so that it can run on another thread.
pub struct PendingParse {
    lang: Lang,
    rope: Rope,
    last: Option<(tree_sitter::Tree, Arc<Parsed>)>,
    dirty: Option<Dirty>,
}

impl PendingParse {
    /// Parses (incrementally when there is a previous parse) and builds the node tree, reusing
    /// what the edits left alone. `None` if `cancel` was set before the parse finished.
    pub fn run(self, cancel: Option<&AtomicBool>) -> Option<Arc<Parsed>> {
        let incremental = self.last.is_some();
        let (cst, tree) = match (&self.last, self.dirty) {
            (Some((_, last)), None) => return Some(last.clone()),
            (Some((edited, last)), Some(dirty)) => {
                let cst = parse_cst(self.lang, &self.rope, Some(edited), cancel)?;
                let reuse = build::Reuse {
                    old: &last.tree,
                    old_cst: edited,
                    dirty,
                };
                let tree = build::build(self.lang, &self.rope, &cst, Some(reuse));
                (cst, tree)
            }
            (None, _) => {
                let cst = parse_cst(self.lang, &self.rope, None, cancel)?;
                let tree = build::build(self.lang, &self.rope, &cst, None);
                (cst, tree)
            }
        };
        let settled = !(incremental && (cst.root_node().has_error() || tree.has_invalid_lines()));
        Some(Arc::new(Parsed::from_parts(
            self.lang, self.rope, cst, tree, None, settled,
        )))
    }
}

impl SourceFile {
    /// A text that is parsed on first use ([`SourceFile::parsed`] or [`SourceFile::pending`]).
    pub fn unparsed(lang: Lang, text: &str) -> SourceFile {
        SourceFile {
            lang,
            rope: Rope::from_str(text),
            last: None,
            dirty: None,
        }
    }

    /// A text, parsed now.
    pub fn new(lang: Lang, text: &str) -> SourceFile {
        let mut file = SourceFile::unparsed(lang, text);
        file.parsed();
        file
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// Applies one change to the text and tells the tree about it (no reparse yet).
    pub fn edit(&mut self, change: &TextChange, enc: PositionEncoding) {
        let (start_position, old_end_position) = match change.range {
            Some((a, b)) => {
                let (a, b) = (
                    text::offset_of(&self.rope, a, enc),
                    text::offset_of(&self.rope, b, enc),
                );
                (
                    text::ts_point(&self.rope, a.min(b)),
                    text::ts_point(&self.rope, a.max(b)),
                )
            }
            None => (
                text::ts_point(&self.rope, 0),
                text::ts_point(&self.rope, self.rope.len_bytes()),
            ),
        };
        let (start, old_end, new_end) = apply_change(&mut self.rope, change, enc);
        let new_end_position = text::ts_point(&self.rope, new_end);
        if let Some((edited, _)) = &mut self.last {
            edited.edit(&InputEdit {
                start_byte: start,
                old_end_byte: old_end,
                new_end_byte: new_end,
                start_position,
                old_end_position,
                new_end_position,
            });
        }
        self.dirty = Some(Dirty::add(self.dirty, start, old_end, new_end));
    }

    /// Whether the text changed since the last parse (or was never parsed).
    pub fn needs_parse(&self) -> bool {
        self.last.is_none() || self.dirty.is_some()
    }

    /// The parse to run for the current text.
    pub fn pending(&self) -> PendingParse {
        PendingParse {
            lang: self.lang,
            rope: self.rope.clone(),
            last: self.last.clone(),
            dirty: self.dirty,
        }
    }

    /// A fresh parse of the current text, if the last parse is an incremental one with syntax
    /// errors (not [`Parsed::settled`]) and no edit came since.
    pub fn settle_pending(&self) -> Option<PendingParse> {
        let (_, last) = self.last.as_ref()?;
        if last.settled || self.dirty.is_some() {
            return None;
        }
        Some(PendingParse {
            lang: self.lang,
            rope: self.rope.clone(),
            last: None,
            dirty: None,
        })
    }

    /// Redoes an unsettled parse from scratch now (see [`Parsed::settled`]); returns the parse
    /// of the current text.
    pub fn settle(&mut self) -> Arc<Parsed> {
        if let Some(pending) = self.settle_pending() {
            let parsed = pending
                .run(None)
                .expect("a parse without cancellation finishes");
            self.install(parsed);
        }
        self.parsed()
    }

    /// Takes the result of [`PendingParse::run`] for the current text (the caller checks that
    /// no edit came in between).
    pub fn install(&mut self, parsed: Arc<Parsed>) {
        self.last = parsed.cst.clone().map(|cst| (cst, parsed));
        self.dirty = None;
    }

    /// Parses now if needed, and returns the parse of the current text.
    pub fn parsed(&mut self) -> Arc<Parsed> {
        if self.needs_parse() {
            let parsed = self
                .pending()
                .run(None)
                .expect("a parse without cancellation finishes");
            self.install(parsed);
        }
        self.last
            .as_ref()
            .map(|(_, p)| p.clone())
            .expect("parsed above")
    }
}
