//! Syntax: text as a rope, the tree-sitter tree kept in step with edits, and the node tree built
//! from it. Knows nothing of LSP or of the workspace. Parsing never fails: it gives a tree and
//! a list of errors.

pub mod build;
pub mod errors;
pub mod node;
pub mod scalar;
pub mod text;

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

/// A parsed text: the text, the tree-sitter tree, the node tree and the syntax errors.
/// Immutable; shared between the analyses that read it.
pub struct Parsed {
    pub lang: Lang,
    pub rope: Rope,
    pub cst: tree_sitter::Tree,
    pub tree: Tree,
    pub errors: Vec<SyntaxError>,
}

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parsed").field("lang", &self.lang).field("len", &self.rope.len_bytes()).finish()
    }
}

thread_local! {
    static PARSERS: std::cell::RefCell<[Option<Parser>; 2]> = const { std::cell::RefCell::new([None, None]) };
}

/// Parses `rope`, reusing `old` (a tree already told about the edits) when given. Returns `None`
/// only when `cancel` was set during the parse.
fn parse_cst(lang: Lang, rope: &Rope, old: Option<&tree_sitter::Tree>, cancel: Option<&AtomicBool>) -> Option<tree_sitter::Tree> {
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let slot = &mut parsers[lang as usize];
        let parser = slot.get_or_insert_with(|| {
            let mut p = Parser::new();
            p.set_language(&lang.language()).expect("grammar ABI matches tree-sitter");
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
        tree
    })
}

impl Parsed {
    /// A full parse of a text.
    pub fn new(lang: Lang, text: &str) -> Arc<Parsed> {
        SourceFile::new(lang, text).parsed()
    }
}

/// A text being edited: the rope, the tree-sitter tree told about every edit since the last
/// parse, and the last parse. Edits are cheap and synchronous; the reparse is separate, so that
/// it can run elsewhere ([`SourceFile::pending`]).
#[derive(Clone)]
pub struct SourceFile {
    lang: Lang,
    rope: Rope,
    /// The last parse's tree with the edits since applied (`tree.edit`), not yet reparsed.
    edited_cst: tree_sitter::Tree,
    dirty: Option<Dirty>,
    last: Arc<Parsed>,
}

/// The work of a reparse, detached from the [`SourceFile`] so that it can run on another thread.
pub struct PendingParse {
    lang: Lang,
    rope: Rope,
    edited_cst: tree_sitter::Tree,
    dirty: Option<Dirty>,
    last: Arc<Parsed>,
}

impl PendingParse {
    /// Reparses incrementally and rebuilds the node tree, reusing what the edits left alone.
    /// `None` if `cancel` was set before the parse finished.
    pub fn run(self, cancel: Option<&AtomicBool>) -> Option<Arc<Parsed>> {
        let Some(dirty) = self.dirty else { return Some(self.last) };
        let cst = parse_cst(self.lang, &self.rope, Some(&self.edited_cst), cancel)?;
        let reuse = build::Reuse { old: &self.last.tree, dirty };
        let tree = build::build(self.lang, &self.rope, &cst, Some(reuse));
        let errors = errors::syntax_errors(self.lang, &self.rope, &cst);
        Some(Arc::new(Parsed { lang: self.lang, rope: self.rope, cst, tree, errors }))
    }
}

impl SourceFile {
    pub fn new(lang: Lang, text: &str) -> SourceFile {
        let rope = Rope::from_str(text);
        let cst = parse_cst(lang, &rope, None, None).expect("a parse without cancellation finishes");
        let tree = build::build(lang, &rope, &cst, None);
        let errors = errors::syntax_errors(lang, &rope, &cst);
        let last = Arc::new(Parsed { lang, rope: rope.clone(), cst: cst.clone(), tree, errors });
        SourceFile { lang, rope, edited_cst: cst, dirty: None, last }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// Applies one change to the text and tells the tree about it (no reparse yet).
    pub fn edit(&mut self, change: &TextChange, enc: PositionEncoding) {
        let (start, old_end) = match change.range {
            Some((a, b)) => {
                let a = text::offset_of(&self.rope, a, enc);
                let b = text::offset_of(&self.rope, b, enc);
                (a.min(b), a.max(b))
            }
            None => (0, self.rope.len_bytes()),
        };
        let start_position = text::ts_point(&self.rope, start);
        let old_end_position = text::ts_point(&self.rope, old_end);
        let start_char = self.rope.byte_to_char(start);
        let old_end_char = self.rope.byte_to_char(old_end);
        self.rope.remove(start_char..old_end_char);
        self.rope.insert(start_char, &change.text);
        let new_end = start + change.text.len();
        let new_end_position = text::ts_point(&self.rope, new_end);
        self.edited_cst.edit(&InputEdit {
            start_byte: start,
            old_end_byte: old_end,
            new_end_byte: new_end,
            start_position,
            old_end_position,
            new_end_position,
        });
        self.dirty = Some(Dirty::add(self.dirty, start, old_end, new_end));
    }

    /// Whether edits wait for a reparse.
    pub fn is_dirty(&self) -> bool {
        self.dirty.is_some()
    }

    /// The reparse to run for the current text.
    pub fn pending(&self) -> PendingParse {
        PendingParse {
            lang: self.lang,
            rope: self.rope.clone(),
            edited_cst: self.edited_cst.clone(),
            dirty: self.dirty,
            last: self.last.clone(),
        }
    }

    /// Takes the result of [`PendingParse::run`] for the current text (the caller checks that
    /// no edit came in between).
    pub fn install(&mut self, parsed: Arc<Parsed>) {
        self.edited_cst = parsed.cst.clone();
        self.dirty = None;
        self.last = parsed;
    }

    /// Reparses now if needed, and returns the parse of the current text.
    pub fn parsed(&mut self) -> Arc<Parsed> {
        if self.dirty.is_some() {
            let parsed = self.pending().run(None).expect("a parse without cancellation finishes");
            self.install(parsed);
        }
        self.last.clone()
    }
}
