//! The `given` (and `then.field`) paths of Spectral rulesets: the JSONPath Plus dialect as real
//! rulesets write it, evaluated over specls's node tree so that every match keeps its position.
//!
//! Why not a crate: the maintained Rust JSONPath crates (`jsonpath-rust`, `serde_json_path`)
//! evaluate RFC 9535 over `serde_json::Value`, which has no positions, and none reads JSONPath
//! Plus's extensions (`@property`/`@key` in filters, `~` for a key, JavaScript-like filter
//! expressions). This is a small evaluator for the subset rulesets use:
//!
//! - `$`, `.name`, `['name']` / `["name"]`, `.*` / `[*]`, `..` (recursive descent, then a name,
//!   `*` or a bracket), `[n]` (negative counts from the end), unions `[a,b]` / `['a','b']`;
//! - a trailing `~`: the key of each match rather than its value;
//! - filters `[?(…)]` with `@`, `@.x`, `@['x']`, `@.x.y`, `@property` / `@key`, strings, numbers,
//!   `true` / `false` / `null`, `==` `===` `!=` `!==` `<` `<=` `>` `>=`, `&&`, `||`, `!`,
//!   parentheses, `.length`, and the methods `.match(/re/flags)`, `.test`, `.startsWith`,
//!   `.endsWith`, `.includes`.
//!
//! A walk sees Spectral's resolved document when asked to ([`Follow`]): `$ref`s are followed
//! within the document and into the other files of [`Docs`] (loaded before the walk), each
//! target at most once per path; a match remembers its document and the `$ref` of the linted
//! document it went through ([`Match::site`]).
//!
//! Anything else is a parse error, which the ruleset file shows. Evaluation is bounded: a path
//! may visit at most [`MAX_VISITS`] nodes in a document, and regexes are the `regex` crate's
//! (linear time).

use std::path::PathBuf;
use std::rc::Rc;

use crate::syntax::{NodeKind, NodeRef, ScalarValue, Tree};

/// How many nodes one evaluation of a path may visit before it stops.
pub const MAX_VISITS: usize = 1_000_000;

#[derive(Debug, Clone)]
pub struct Path {
    steps: Vec<Step>,
    /// `~` at the end: the matches' keys.
    pub key: bool,
}

#[derive(Debug, Clone)]
enum Step {
    Child(Selector),
    Descend(Selector),
}

#[derive(Debug, Clone)]
enum Selector {
    Wild,
    Names(Vec<Name>),
    Filter(Expr),
}

#[derive(Debug, Clone)]
enum Name {
    Key(String),
    Index(i64),
}

#[derive(Debug, Clone)]
enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Cmp(Box<Expr>, Op, Box<Expr>),
    /// `@` followed by accessors.
    Current(Vec<Access>),
    /// `@property` / `@key`, maybe with accessors (`.length`).
    Property(Vec<Access>),
    Lit(Lit),
    Regex(regex::Regex),
    /// `value ~= 'regex'`: whether the value, as a string, matches.
    Matches(Box<Expr>, regex::Regex),
}

#[derive(Debug, Clone)]
enum Access {
    Key(String),
    Index(i64),
    Length,
    Call(Method, Box<Expr>),
}

#[derive(Debug, Clone, Copy)]
enum Method {
    Match,
    StartsWith,
    EndsWith,
    Includes,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    /// `===`.
    Eq,
    /// `!==`.
    Ne,
    /// `==`: a number equals a string that reads as it (`@property == 200`).
    LooseEq,
    /// `!=`.
    LooseNe,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
}

/// One segment of a match's location.
#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Where a match is: a chain of steps up to the root, shared between the matches below it (a
/// match's location is a pointer bump, not a copy of its path).
#[derive(Clone, Debug, Default)]
pub struct Trail<'a>(Option<Rc<Link<'a>>>);

#[derive(Debug)]
struct Link<'a> {
    parent: Trail<'a>,
    step: TrailStep<'a>,
}

/// One step of a [`Trail`]: a mapping key (its node) or a list index.
#[derive(Clone, Copy, Debug)]
enum TrailStep<'a> {
    Key(NodeRef<'a>),
    Index(usize),
}

impl<'a> Trail<'a> {
    fn key(&self, k: NodeRef<'a>) -> Trail<'a> {
        self.with(TrailStep::Key(k))
    }
    fn index(&self, i: usize) -> Trail<'a> {
        self.with(TrailStep::Index(i))
    }
    fn with(&self, step: TrailStep<'a>) -> Trail<'a> {
        Trail(Some(Rc::new(Link {
            parent: self.clone(),
            step,
        })))
    }
    /// The last segment.
    pub fn last(&self) -> Option<Seg> {
        self.0.as_ref().map(|l| seg(l.step))
    }
    /// The segments from the root.
    pub fn segs(&self) -> Vec<Seg> {
        let mut out = Vec::new();
        let mut cur = self.0.as_ref();
        while let Some(l) = cur {
            out.push(seg(l.step));
            cur = l.parent.0.as_ref();
        }
        out.reverse();
        out
    }
}

fn seg(step: TrailStep<'_>) -> Seg {
    match step {
        TrailStep::Key(k) => Seg::Key(k.node.key_text().unwrap_or_default().into_owned()),
        TrailStep::Index(i) => Seg::Index(i),
    }
}

/// A node a path found: the node, the key it is the value of (if any) and where it is.
#[derive(Clone, Debug)]
pub struct Match<'a> {
    pub node: NodeRef<'a>,
    pub key: Option<NodeRef<'a>>,
    pub trail: Trail<'a>,
    /// The match is a key (`~`): `node` is the key node.
    pub is_key: bool,
    /// The document (of [`Docs`]) `node` is in: 0, the one linted, or a file its `$ref`s reach.
    pub doc: usize,
    /// When `node` is in another file: the `$ref` of the linted document the walk went through
    /// to reach it (where a finding on it is reported).
    pub site: Option<NodeRef<'a>>,
    /// The `$ref` targets followed on the way here (each at most once per path).
    pub via: Via,
}

impl<'a> Match<'a> {
    /// The root of the linted document (document 0).
    pub fn root(node: NodeRef<'a>) -> Match<'a> {
        Match {
            node,
            key: None,
            trail: Trail::default(),
            is_key: false,
            doc: 0,
            site: None,
            via: Via::default(),
        }
    }

    /// A node below this match, in the same document and on the same path of `$ref`s.
    fn below(&self, node: NodeRef<'a>, key: Option<NodeRef<'a>>, trail: Trail<'a>) -> Match<'a> {
        Match {
            node,
            key,
            trail,
            is_key: false,
            doc: self.doc,
            site: self.site,
            via: self.via.clone(),
        }
    }
}

/// The `$ref` targets (document, offset) a walk followed to reach a node, newest first.
#[derive(Clone, Debug, Default)]
pub struct Via(Option<Rc<ViaLink>>);

#[derive(Debug)]
pub struct ViaLink {
    parent: Via,
    doc: usize,
    start: usize,
}

impl Via {
    fn has(&self, doc: usize, start: usize) -> bool {
        let mut cur = self.0.as_ref();
        while let Some(l) = cur {
            if l.doc == doc && l.start == start {
                return true;
            }
            cur = l.parent.0.as_ref();
        }
        false
    }
    fn with(&self, doc: usize, start: usize) -> Via {
        Via(Some(Rc::new(ViaLink {
            parent: self.clone(),
            doc,
            start,
        })))
    }
}

/// The documents a walk sees: the one linted (0) and the files its `$ref`s reach, loaded
/// before the walk (as Spectral resolves a document before it runs the rules).
pub struct Docs<'a> {
    files: Vec<(Option<PathBuf>, &'a Tree)>,
}

impl<'a> Docs<'a> {
    /// The linted document alone (its `$ref`s to other files are not followed).
    pub fn one(tree: &'a Tree) -> Docs<'a> {
        Docs {
            files: vec![(None, tree)],
        }
    }
    /// The linted document (first) and other files, each with its absolute path.
    pub fn new(files: Vec<(Option<PathBuf>, &'a Tree)>) -> Docs<'a> {
        Docs { files }
    }
    pub fn tree(&self, doc: usize) -> &'a Tree {
        self.files[doc].1
    }
    pub fn path(&self, doc: usize) -> Option<&std::path::Path> {
        self.files[doc].0.as_deref()
    }
    /// The node a `$ref` written in `doc` names: a JSON pointer in the same document, or in
    /// another of the documents (an `$anchor` name, or a file not loaded: `None`).
    fn target(&self, doc: usize, raw: &str) -> Option<(usize, NodeRef<'a>)> {
        if let Some(p) = raw.strip_prefix('#') {
            return Some((doc, self.tree(doc).at_pointer(p)?));
        }
        let from = self.path(doc)?;
        let crate::refs::Target::At { file, fragment } = crate::refs::target_of(raw, from) else {
            return None;
        };
        if !(fragment.is_empty() || fragment.starts_with('/')) {
            return None;
        }
        let i = self
            .files
            .iter()
            .position(|(p, _)| p.as_deref() == Some(&*file))?;
        Some((i, self.tree(i).at_pointer(&fragment)?))
    }
}

/// Which `$ref`s a step follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follow {
    /// None (`resolved: false`).
    No,
    /// Every one that leads somewhere (child steps, filters, `field`).
    All,
    /// Those whose target is not in the linted document (recursive descent: what the linted
    /// document references in itself is reached where it is written).
    OutOfRoot,
}

/// A node as the resolved document has it: the document it is in, the node (aliases and
/// `$ref`s followed), the `$ref` of the linted document it was reached through (if it is in
/// another file), and the targets followed.
pub struct Seen<'a> {
    pub doc: usize,
    pub node: NodeRef<'a>,
    pub site: Option<NodeRef<'a>>,
    pub via: Via,
}

/// Follows aliases and (as `follow` says) `$ref`s from `n` in `doc`: a few hops at most, and
/// no target twice on one path (`via`), so cycles end. A `$ref` that cannot be followed stays.
pub fn deref<'a>(
    docs: &Docs<'a>,
    doc: usize,
    n: NodeRef<'a>,
    via: &Via,
    follow: Follow,
) -> Seen<'a> {
    let mut seen = Seen {
        doc,
        node: docs.tree(doc).follow_alias(n),
        site: None,
        via: via.clone(),
    };
    if follow == Follow::No {
        return seen;
    }
    for _ in 0..16 {
        let Some(raw) = ref_of(seen.node) else { break };
        let Some((d, t)) = docs.target(seen.doc, raw) else {
            break;
        };
        if (follow == Follow::OutOfRoot && d == 0) || seen.via.has(d, t.start) {
            break;
        }
        seen.via = seen.via.with(d, t.start);
        if seen.doc == 0 && d != 0 {
            seen.site = Some(seen.node);
        }
        seen.doc = d;
        seen.node = docs.tree(d).follow_alias(t);
    }
    seen
}

impl Match<'_> {
    /// Where the match is, from the root.
    pub fn path(&self) -> Vec<Seg> {
        self.trail.segs()
    }
}

/// Parses a path; the error says what is wrong and at which byte of the path.
pub fn parse(text: &str) -> Result<Path, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
    };
    p.ws();
    if !p.eat("$") {
        return Err("a path starts with `$`".into());
    }
    let mut steps = Vec::new();
    let mut key = false;
    loop {
        p.ws();
        if p.i >= p.s.len() {
            break;
        }
        if p.eat("~") {
            p.ws();
            if p.i < p.s.len() {
                return Err(p.err("`~` (the key) comes last"));
            }
            key = true;
            break;
        }
        if p.eat("..") {
            let sel = if p.peek() == Some(b'[') {
                p.bracket()?
            } else {
                p.dot_name()?
            };
            steps.push(Step::Descend(sel));
        } else if p.eat(".") {
            p.ws();
            // `$.` is the root, as JSONPath Plus reads it (IBM's ruleset has one).
            if p.i >= p.s.len() && steps.is_empty() {
                break;
            }
            steps.push(Step::Child(p.dot_name()?));
        } else if p.peek() == Some(b'[') {
            steps.push(Step::Child(p.bracket()?));
        } else if p.eat("^") {
            return Err(p.err("`^` (the parent) is not supported by specls"));
        } else {
            return Err(p.err("expected `.`, `..`, `[` or `~`"));
        }
        if steps.len() > 256 {
            return Err("the path is too long".into());
        }
    }
    Ok(Path { steps, key })
}

struct Parser<'t> {
    s: &'t [u8],
    text: &'t str,
    i: usize,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> String {
        format!("{what} (at character {} of `{}`)", self.i + 1, self.text)
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }
    fn eat(&mut self, t: &str) -> bool {
        if self.s[self.i..].starts_with(t.as_bytes()) {
            self.i += t.len();
            true
        } else {
            false
        }
    }
    fn ident(&mut self) -> String {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'$' || c >= 0x80 {
                self.i += 1;
            } else {
                break;
            }
        }
        self.text[start..self.i].to_string()
    }
    fn dot_name(&mut self) -> Result<Selector, String> {
        if self.eat("*") {
            return Ok(Selector::Wild);
        }
        if self.peek() == Some(b'[') {
            return self.bracket();
        }
        // JSONPath Plus splits a path at `.` and `[`: a name may hold a `/`
        // (`.content.application/json`).
        let start = self.i;
        loop {
            let before = self.i;
            self.ident();
            if self.peek() == Some(b'/') {
                self.i += 1;
            }
            if self.i == before {
                break;
            }
        }
        let name = self.text[start..self.i].to_string();
        if name.is_empty() {
            return Err(self.err("expected a name or `*`"));
        }
        Ok(Selector::Names(vec![Name::Key(name)]))
    }
    fn bracket(&mut self) -> Result<Selector, String> {
        self.eat("[");
        self.ws();
        if self.eat("*") {
            self.ws();
            return self.close().map(|_| Selector::Wild);
        }
        if self.eat("?") {
            self.ws();
            let paren = self.eat("(");
            let e = self.expr(0)?;
            self.ws();
            if paren && !self.eat(")") {
                return Err(self.err("expected `)` closing the filter"));
            }
            self.ws();
            return self.close().map(|_| Selector::Filter(e));
        }
        if self.peek() == Some(b'(') {
            return Err(self.err("script expressions `[(…)]` are not supported by specls"));
        }
        let mut names = Vec::new();
        loop {
            self.ws();
            match self.peek() {
                Some(q @ (b'\'' | b'"')) => names.push(Name::Key(self.string(q)?)),
                Some(c) if c == b'-' || c.is_ascii_digit() => {
                    let start = self.i;
                    self.i += 1;
                    while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                        self.i += 1;
                    }
                    if self.peek() == Some(b':') {
                        return Err(self.err("slices `[a:b]` are not supported by specls"));
                    }
                    let n = self.text[start..self.i]
                        .parse()
                        .map_err(|_| self.err("bad index"))?;
                    names.push(Name::Index(n));
                }
                _ => {
                    let name = self.ident();
                    if name.is_empty() {
                        return Err(self.err("expected a name, an index, `*` or `?(…)`"));
                    }
                    names.push(Name::Key(name));
                }
            }
            self.ws();
            if !self.eat(",") {
                break;
            }
        }
        self.close()?;
        Ok(Selector::Names(names))
    }
    fn close(&mut self) -> Result<(), String> {
        if self.eat("]") {
            Ok(())
        } else {
            Err(self.err("expected `]`"))
        }
    }
    fn string(&mut self, q: u8) -> Result<String, String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(self.err("unclosed string")),
                Some(c) if c == q => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.text[self.i..]
                        .chars()
                        .next()
                        .ok_or_else(|| self.err("unclosed string"))?;
                    out.push(c);
                    self.i += c.len_utf8();
                }
                Some(_) => {
                    let c = self.text[self.i..].chars().next().unwrap_or('?');
                    out.push(c);
                    self.i += c.len_utf8();
                }
            }
        }
    }

    /// Precedence climbing: 0 `||`, 1 `&&`, 2 comparison, 3 unary.
    fn expr(&mut self, depth: usize) -> Result<Expr, String> {
        if depth > 64 {
            return Err(self.err("the filter nests too deeply"));
        }
        let mut left = self.and(depth)?;
        loop {
            self.ws();
            if self.eat("||") {
                let right = self.and(depth)?;
                left = Expr::Or(Box::new(left), Box::new(right));
            } else {
                return Ok(left);
            }
        }
    }
    fn and(&mut self, depth: usize) -> Result<Expr, String> {
        let mut left = self.cmp(depth)?;
        loop {
            self.ws();
            if self.eat("&&") {
                let right = self.cmp(depth)?;
                left = Expr::And(Box::new(left), Box::new(right));
            } else {
                return Ok(left);
            }
        }
    }
    fn cmp(&mut self, depth: usize) -> Result<Expr, String> {
        let left = self.unary(depth)?;
        self.ws();
        let op = if self.eat("===") {
            Op::Eq
        } else if self.eat("==") {
            Op::LooseEq
        } else if self.eat("!==") {
            Op::Ne
        } else if self.eat("!=") {
            Op::LooseNe
        } else if self.eat("<=") {
            Op::Le
        } else if self.eat(">=") {
            Op::Ge
        } else if self.eat("<") {
            Op::Lt
        } else if self.eat(">") {
            Op::Gt
        } else if self.eat("~=") {
            // Nimma's (Spectral's) regular-expression test: `@property ~= '^x-'`.
            self.ws();
            let Some(q @ (b'\'' | b'"')) = self.peek() else {
                return Err(self.err("expected a string (a regular expression) after `~=`"));
            };
            let source = self.string(q)?;
            let re = compile_regex(&source, "").map_err(|e| self.err(&e))?;
            return Ok(Expr::Matches(Box::new(left), re));
        } else {
            return Ok(left);
        };
        let right = self.unary(depth)?;
        Ok(Expr::Cmp(Box::new(left), op, Box::new(right)))
    }
    fn unary(&mut self, depth: usize) -> Result<Expr, String> {
        self.ws();
        if self.eat("!") {
            return Ok(Expr::Not(Box::new(self.unary(depth + 1)?)));
        }
        if self.eat("(") {
            let e = self.expr(depth + 1)?;
            self.ws();
            if !self.eat(")") {
                return Err(self.err("expected `)`"));
            }
            return Ok(e);
        }
        match self.peek() {
            Some(q @ (b'\'' | b'"')) => Ok(Expr::Lit(Lit::Str(self.string(q)?))),
            Some(b'/') => self.regex(),
            Some(c) if c == b'-' || c.is_ascii_digit() => {
                let start = self.i;
                self.i += 1;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_digit() || c == b'.' || c == b'e' || c == b'E')
                {
                    self.i += 1;
                }
                let n = self.text[start..self.i]
                    .parse()
                    .map_err(|_| self.err("bad number"))?;
                Ok(Expr::Lit(Lit::Num(n)))
            }
            Some(b'@') => {
                self.i += 1;
                let word = self.ident();
                match word.as_str() {
                    "" => Ok(Expr::Current(self.accessors(depth)?)),
                    "property" | "key" => Ok(Expr::Property(self.accessors(depth)?)),
                    other => Err(self.err(&format!(
                        "`@{other}` is not supported by specls (use `@`, `@.name`, `@property` or `@key`)"
                    ))),
                }
            }
            _ => {
                let word = self.ident();
                match word.as_str() {
                    "true" => Ok(Expr::Lit(Lit::Bool(true))),
                    "false" => Ok(Expr::Lit(Lit::Bool(false))),
                    "null" | "undefined" => Ok(Expr::Lit(Lit::Null)),
                    "" => Err(self.err("expected a value in the filter")),
                    other => Err(self.err(&format!("`{other}` is not supported in a filter"))),
                }
            }
        }
    }
    fn accessors(&mut self, depth: usize) -> Result<Vec<Access>, String> {
        let mut out = Vec::new();
        loop {
            if self.peek() == Some(b'.') && self.s.get(self.i + 1) != Some(&b'.') {
                self.i += 1;
                let name = self.ident();
                if name.is_empty() {
                    return Err(self.err("expected a name after `.`"));
                }
                if self.peek() == Some(b'(') {
                    let method = match name.as_str() {
                        "match" | "test" => Method::Match,
                        "startsWith" => Method::StartsWith,
                        "endsWith" => Method::EndsWith,
                        "includes" => Method::Includes,
                        other => {
                            return Err(self
                                .err(&format!("the method `{other}` is not supported by specls")))
                        }
                    };
                    self.i += 1;
                    let arg = self.expr(depth + 1)?;
                    self.ws();
                    if !self.eat(")") {
                        return Err(self.err("expected `)`"));
                    }
                    let arg = match (method, arg) {
                        (Method::Match, Expr::Lit(Lit::Str(s))) => {
                            Expr::Regex(compile_regex(&s, "").map_err(|e| self.err(&e))?)
                        }
                        (_, a) => a,
                    };
                    out.push(Access::Call(method, Box::new(arg)));
                } else if name == "length" {
                    out.push(Access::Length);
                } else {
                    out.push(Access::Key(name));
                }
            } else if self.peek() == Some(b'[') {
                self.i += 1;
                self.ws();
                match self.peek() {
                    Some(q @ (b'\'' | b'"')) => {
                        let s = self.string(q)?;
                        out.push(Access::Key(s));
                    }
                    _ => {
                        let start = self.i;
                        while self.peek().is_some_and(|c| c.is_ascii_digit() || c == b'-') {
                            self.i += 1;
                        }
                        let n = self.text[start..self.i]
                            .parse()
                            .map_err(|_| self.err("expected a string or an index"))?;
                        out.push(Access::Index(n));
                    }
                }
                self.ws();
                self.close()?;
            } else {
                return Ok(out);
            }
        }
    }
    fn regex(&mut self) -> Result<Expr, String> {
        self.i += 1;
        let start = self.i;
        let mut class = false;
        loop {
            match self.peek() {
                None => return Err(self.err("unclosed regular expression")),
                Some(b'\\') => {
                    self.i += 1;
                    self.i += self.text[self.i..].chars().next().map_or(0, char::len_utf8);
                }
                Some(b'[') => {
                    class = true;
                    self.i += 1
                }
                Some(b']') => {
                    class = false;
                    self.i += 1
                }
                Some(b'/') if !class => break,
                Some(_) => self.i += 1,
            }
        }
        let body = self.text[start..self.i.min(self.text.len())].to_string();
        self.i += 1;
        let fstart = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        let flags = &self.text[fstart..self.i];
        compile_regex(&body, flags)
            .map(Expr::Regex)
            .map_err(|e| self.err(&e))
    }
}

/// A JavaScript regular expression (its source and flags) as a `regex` crate regex (linear
/// time). What that crate cannot do (look-around, back-references) is an error that says so.
pub fn compile_regex(source: &str, flags: &str) -> Result<regex::Regex, String> {
    let translated = js_to_rust(source);
    let mut b = regex::RegexBuilder::new(&translated);
    b.size_limit(1 << 22).dfa_size_limit(1 << 22);
    for f in flags.chars() {
        match f {
            'i' => {
                b.case_insensitive(true);
            }
            'm' => {
                b.multi_line(true);
            }
            's' => {
                b.dot_matches_new_line(true);
            }
            'g' | 'u' | 'd' | 'v' => {}
            other => {
                return Err(format!(
                    "the regular expression flag `{other}` is not supported"
                ))
            }
        }
    }
    b.build().map_err(|e| {
        let js_only = ["(?=", "(?!", "(?<=", "(?<!"]
            .iter()
            .any(|l| source.contains(l))
            || source.contains("\\1");
        if js_only {
            format!(
                "the regular expression `{source}` uses look-around or back-references, which specls's linear-time regex engine does not run"
            )
        } else {
            let first = e.to_string();
            let last = first.lines().last().unwrap_or_default().trim().to_string();
            format!("invalid regular expression `{source}`: {last}")
        }
    })
}

/// What JavaScript reads differently: a `{` or `}` that is no quantifier is a literal there
/// (`/{.+}` in a path pattern), an error in Rust's syntax; escaped here.
fn js_to_rust(source: &str) -> String {
    let b = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let (mut i, mut class) = (0, false);
    let quantifier = |from: usize| -> Option<usize> {
        // `{n}`, `{n,}`, `{n,m}`: the index after the `}`.
        let rest = &source[from + 1..];
        let end = rest.find('}')?;
        let inner = &rest[..end];
        let (a, c) = inner.split_once(',').unwrap_or((inner, ""));
        let ok = !a.is_empty()
            && a.bytes().all(|x| x.is_ascii_digit())
            && c.bytes().all(|x| x.is_ascii_digit());
        ok.then_some(from + 1 + end + 1)
    };
    while i < b.len() {
        let c = source[i..].chars().next().unwrap_or_default();
        match c {
            '\\' => {
                let next = source[i + 1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&source[i..i + 1 + next]);
                i += 1 + next;
                continue;
            }
            '[' if !class => class = true,
            ']' if class => class = false,
            '{' if !class => {
                if let Some(end) = quantifier(i) {
                    out.push_str(&source[i..end]);
                    i = end;
                    continue;
                }
                out.push_str("\\{");
                i += 1;
                continue;
            }
            '}' if !class => {
                out.push_str("\\}");
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Parses Spectral's `/re/flags` form, or a bare pattern.
pub fn regex_of(pattern: &str) -> Result<regex::Regex, String> {
    if let Some(rest) = pattern.strip_prefix('/') {
        if let Some(end) = rest.rfind('/') {
            let (body, flags) = (&rest[..end], &rest[end + 1..]);
            if flags.chars().all(|c| c.is_ascii_alphabetic()) {
                return compile_regex(body, flags);
            }
        }
    }
    compile_regex(pattern, "")
}

/// The outcome of an evaluation.
pub struct Found<'a> {
    pub matches: Vec<Match<'a>>,
    /// The evaluation stopped at [`MAX_VISITS`].
    pub truncated: bool,
}

struct Eval<'a, 'd> {
    docs: &'d Docs<'a>,
    budget: usize,
    stopped: bool,
    /// Follow `$ref`s (Spectral's `resolved: true`) in child steps and filters.
    resolve: bool,
}

impl<'a> Path {
    /// Evaluates the path from the linted document's root.
    pub fn eval(&self, docs: &Docs<'a>, resolve: bool) -> Found<'a> {
        let Some(root) = docs.tree(0).root() else {
            return Found {
                matches: Vec::new(),
                truncated: false,
            };
        };
        self.eval_budget(docs, Match::root(root), MAX_VISITS, resolve)
    }

    /// Evaluates the path from `start`, visiting at most `budget` nodes.
    pub fn eval_budget(
        &self,
        docs: &Docs<'a>,
        start: Match<'a>,
        budget: usize,
        resolve: bool,
    ) -> Found<'a> {
        let mut ev = Eval {
            docs,
            budget,
            stopped: false,
            resolve,
        };
        let mut cur = vec![start];
        for step in &self.steps {
            let mut next = Vec::new();
            for m in &cur {
                match step {
                    Step::Child(sel) => ev.select(m, sel, &mut next, ev.follow()),
                    Step::Descend(sel) => ev.descend(m, sel, &mut next, 0),
                }
                if ev.stopped {
                    break;
                }
            }
            cur = next;
            if ev.stopped {
                break;
            }
        }
        if self.key {
            cur.retain(|m| m.key.is_some());
            for m in &mut cur {
                if let Some(k) = m.key {
                    m.node = k;
                    m.is_key = true;
                }
            }
        }
        Found {
            matches: cur,
            truncated: ev.stopped,
        }
    }
}

/// The `$ref` a mapping is (its value), if it is one.
fn ref_of<'a>(n: NodeRef<'a>) -> Option<&'a str> {
    if !matches!(n.node.kind(), NodeKind::Mapping(_)) {
        return None;
    }
    n.node.get("$ref")?.as_str()
}

/// Whether a node is a `$ref` that [`deref`] could not follow (to a file not loaded, or in a
/// cycle).
pub fn is_unresolved_ref(n: NodeRef<'_>) -> bool {
    matches!(n.node.kind(), NodeKind::Mapping(_)) && n.node.get("$ref").is_some()
}

impl<'a> Eval<'a, '_> {
    fn tick(&mut self) -> bool {
        if self.budget == 0 {
            self.stopped = true;
            return false;
        }
        self.budget -= 1;
        true
    }

    /// What child steps and filters follow.
    fn follow(&self) -> Follow {
        if self.resolve {
            Follow::All
        } else {
            Follow::No
        }
    }

    /// A match's node as the evaluation sees it.
    fn see(&self, m: &Match<'a>, follow: Follow) -> Seen<'a> {
        deref(self.docs, m.doc, m.node, &m.via, follow)
    }

    /// A node in a filter as the evaluation sees it.
    fn look(&self, doc: usize, n: NodeRef<'a>) -> Val<'a> {
        let seen = deref(self.docs, doc, n, &Via::default(), self.follow());
        Val::Node(seen.doc, seen.node)
    }

    /// A match, seen through its `$ref`s: where its children are.
    fn inner(&self, m: &Match<'a>, follow: Follow) -> (NodeRef<'a>, Match<'a>) {
        let seen = self.see(m, follow);
        let at = Match {
            node: seen.node,
            key: m.key,
            trail: m.trail.clone(),
            is_key: false,
            doc: seen.doc,
            site: m.site.or(seen.site),
            via: seen.via,
        };
        (seen.node, at)
    }

    /// The children of a match, each with its key and location.
    fn children(&self, m: &Match<'a>, out: &mut Vec<Match<'a>>, follow: Follow) {
        let (node, at) = self.inner(m, follow);
        match node.node.kind() {
            NodeKind::Mapping(_) => {
                for (k, v) in node.entries() {
                    out.push(at.below(v, Some(k), m.trail.key(k)));
                }
            }
            NodeKind::Sequence(_) => {
                for (i, v) in node.items().enumerate() {
                    out.push(at.below(v, None, m.trail.index(i)));
                }
            }
            _ => {}
        }
    }

    /// `follow`: which `$ref`s of the match are followed (in recursive descent, only those to
    /// other files: what the linted document references in itself is reached where it is
    /// written, and following it would expand every reference).
    fn select(&mut self, m: &Match<'a>, sel: &Selector, out: &mut Vec<Match<'a>>, follow: Follow) {
        let (node, at) = self.inner(m, follow);
        match sel {
            Selector::Wild => {
                let mut kids = Vec::new();
                self.children(m, &mut kids, follow);
                for k in kids {
                    if !self.tick() {
                        return;
                    }
                    out.push(k);
                }
            }
            Selector::Names(names) => {
                for n in names {
                    if !self.tick() {
                        return;
                    }
                    match (n, node.node.kind()) {
                        (Name::Key(k), NodeKind::Mapping(_)) => {
                            if let Some((kn, v)) = node
                                .entries()
                                .find(|(kn, _)| kn.node.key_text().as_deref() == Some(k.as_str()))
                            {
                                out.push(at.below(v, Some(kn), m.trail.key(kn)));
                            }
                        }
                        (Name::Index(i), NodeKind::Sequence(items)) => {
                            let len = items.len() as i64;
                            let i = if *i < 0 { len + i } else { *i };
                            if (0..len).contains(&i) {
                                if let Some(v) = node.items().nth(i as usize) {
                                    out.push(at.below(v, None, m.trail.index(i as usize)));
                                }
                            }
                        }
                        (Name::Index(i), NodeKind::Mapping(_)) => {
                            // `[200]` names the key `200` of a mapping.
                            let k = i.to_string();
                            self.select(m, &Selector::Names(vec![Name::Key(k)]), out, follow);
                        }
                        _ => {}
                    }
                }
            }
            Selector::Filter(e) => {
                let mut kids = Vec::new();
                self.children(m, &mut kids, follow);
                for k in kids {
                    if !self.tick() {
                        return;
                    }
                    let v = self.value(e, &k);
                    if truthy(&v) {
                        out.push(k);
                    }
                }
            }
        }
    }

    /// `..sel`: `sel` applied to the match and to every node under it. When resolving, the
    /// walk goes on into the other files the `$ref`s name (each target once per path).
    fn descend(&mut self, m: &Match<'a>, sel: &Selector, out: &mut Vec<Match<'a>>, depth: usize) {
        if self.stopped || depth > 256 {
            return;
        }
        let follow = if self.resolve {
            Follow::OutOfRoot
        } else {
            Follow::No
        };
        self.select(m, sel, out, follow);
        let mut kids = Vec::new();
        self.children(m, &mut kids, follow);
        for k in kids {
            if !self.tick() {
                return;
            }
            self.descend(&k, sel, out, depth + 1);
        }
    }

    fn value(&mut self, e: &Expr, m: &Match<'a>) -> Val<'a> {
        match e {
            Expr::Or(a, b) => {
                let l = self.value(a, m);
                if truthy(&l) {
                    l
                } else {
                    self.value(b, m)
                }
            }
            Expr::And(a, b) => {
                let l = self.value(a, m);
                if truthy(&l) {
                    self.value(b, m)
                } else {
                    l
                }
            }
            Expr::Not(a) => Val::Bool(!truthy(&self.value(a, m))),
            Expr::Cmp(a, op, b) => {
                let (l, r) = (self.value(a, m), self.value(b, m));
                Val::Bool(compare(&l, *op, &r))
            }
            Expr::Lit(l) => match l {
                Lit::Str(s) => Val::Str(s.clone()),
                Lit::Num(n) => Val::Num(*n),
                Lit::Bool(b) => Val::Bool(*b),
                Lit::Null => Val::Null,
            },
            Expr::Regex(_) => Val::Undefined,
            Expr::Matches(a, re) => Val::Bool(
                self.value(a, m)
                    .as_string()
                    .is_some_and(|s| re.is_match(&s)),
            ),
            Expr::Current(acc) => {
                let start = self.look(m.doc, m.node);
                self.access(start, acc, m)
            }
            Expr::Property(acc) => {
                let start = match m.trail.last() {
                    Some(Seg::Key(k)) => Val::Str(k),
                    Some(Seg::Index(i)) => Val::Num(i as f64),
                    None => Val::Undefined,
                };
                self.access(start, acc, m)
            }
        }
    }

    fn access(&mut self, mut v: Val<'a>, acc: &[Access], m: &Match<'a>) -> Val<'a> {
        for a in acc {
            v = match (a, v) {
                (Access::Key(k), Val::Node(doc, n)) => n
                    .child(k)
                    .filter(|_| matches!(n.node.kind(), NodeKind::Mapping(_)))
                    .map(|c| self.look(doc, c))
                    .unwrap_or(Val::Undefined),
                (Access::Index(i), Val::Node(doc, n)) => {
                    let len = n.node.items().len() as i64;
                    let i = if *i < 0 { len + i } else { *i };
                    if i < 0 {
                        Val::Undefined
                    } else {
                        n.items()
                            .nth(i as usize)
                            .map(|c| self.look(doc, c))
                            .unwrap_or(Val::Undefined)
                    }
                }
                (Access::Length, v) => match &v {
                    Val::Str(s) => Val::Num(s.encode_utf16().count() as f64),
                    Val::Node(_, n) => match n.node.kind() {
                        NodeKind::Sequence(i) => Val::Num(i.len() as f64),
                        _ => match n.node.as_str() {
                            Some(s) => Val::Num(s.encode_utf16().count() as f64),
                            None => Val::Undefined,
                        },
                    },
                    _ => Val::Undefined,
                },
                (Access::Call(method, arg), v) => {
                    let Some(s) = v.as_string() else {
                        return Val::Bool(false);
                    };
                    match (method, &**arg) {
                        (Method::Match, Expr::Regex(re)) => Val::Bool(re.is_match(&s)),
                        (Method::Match, _) => Val::Bool(false),
                        (m2, a) => {
                            let a = self.value(a, m).as_string().unwrap_or_default();
                            Val::Bool(match m2 {
                                Method::StartsWith => s.starts_with(&a),
                                Method::EndsWith => s.ends_with(&a),
                                _ => s.contains(&a),
                            })
                        }
                    }
                }
                _ => Val::Undefined,
            };
        }
        v
    }
}

/// A value in a filter: a node of a document (of [`Docs`]), or a literal.
#[derive(Debug)]
enum Val<'a> {
    Node(usize, NodeRef<'a>),
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Undefined,
}

impl Val<'_> {
    fn as_string(&self) -> Option<String> {
        match self {
            Val::Str(s) => Some(s.clone()),
            Val::Num(n) => Some(n.to_string()),
            Val::Node(_, n) => match n.node.as_scalar()? {
                ScalarValue::Str(s) => Some(s.to_string()),
                _ => n.node.key_text().map(|c| c.into_owned()),
            },
            _ => None,
        }
    }
    /// A scalar node as a literal.
    fn lit(&self) -> Option<Lit> {
        Some(match self {
            Val::Str(s) => Lit::Str(s.clone()),
            Val::Num(n) => Lit::Num(*n),
            Val::Bool(b) => Lit::Bool(*b),
            Val::Null => Lit::Null,
            Val::Undefined => return None,
            Val::Node(_, n) => match n.node.as_scalar()? {
                ScalarValue::Str(s) => Lit::Str(s.to_string()),
                ScalarValue::Int(i) => Lit::Num(*i as f64),
                ScalarValue::BigInt(s) => Lit::Num(s.parse().ok()?),
                ScalarValue::Float(f) => Lit::Num(*f),
                ScalarValue::Bool(b) => Lit::Bool(*b),
                ScalarValue::Null => Lit::Null,
            },
        })
    }
}

/// JavaScript truthiness of a node: collections are truthy, scalars as JavaScript says.
pub(super) fn node_truthy(n: NodeRef<'_>) -> bool {
    match n.node.as_scalar() {
        None => !matches!(n.node.kind(), NodeKind::Invalid),
        Some(ScalarValue::Str(s)) => !s.is_empty(),
        Some(ScalarValue::Bool(b)) => *b,
        Some(ScalarValue::Int(i)) => *i != 0,
        Some(ScalarValue::Float(f)) => *f != 0.0 && !f.is_nan(),
        Some(ScalarValue::BigInt(_)) => true,
        Some(ScalarValue::Null) => false,
    }
}

fn truthy(v: &Val<'_>) -> bool {
    match v {
        Val::Node(_, n) => node_truthy(*n),
        Val::Str(s) => !s.is_empty(),
        Val::Num(n) => *n != 0.0 && !n.is_nan(),
        Val::Bool(b) => *b,
        Val::Null | Val::Undefined => false,
    }
}

fn compare(l: &Val<'_>, op: Op, r: &Val<'_>) -> bool {
    let (mut a, mut b) = (l.lit(), r.lit());
    // JavaScript compares a number with a string as numbers (`@property >= 200`), except
    // with `===` / `!==`.
    if !matches!(op, Op::Eq | Op::Ne) {
        let num = |x: &Option<Lit>| match x {
            Some(Lit::Str(s)) => s.trim().parse::<f64>().ok().map(Lit::Num),
            _ => None,
        };
        match (&a, &b) {
            (Some(Lit::Num(_)), Some(Lit::Str(_))) => b = num(&b).or(b),
            (Some(Lit::Str(_)), Some(Lit::Num(_))) => a = num(&a).or(a),
            _ => {}
        }
    }
    match op {
        Op::Eq | Op::Ne | Op::LooseEq | Op::LooseNe => {
            let eq = match (&a, &b) {
                (Some(a), Some(b)) => a == b,
                (None, None) => matches!((l, r), (Val::Undefined, Val::Undefined)),
                // `@.x == null` holds for a missing `x` too (JavaScript's loose equality).
                (None, Some(Lit::Null)) | (Some(Lit::Null), None) => {
                    matches!(op, Op::LooseEq | Op::LooseNe)
                        && (matches!(l, Val::Undefined) || matches!(r, Val::Undefined))
                }
                _ => false,
            };
            matches!(op, Op::Eq | Op::LooseEq) == eq
        }
        _ => match (a, b) {
            (Some(Lit::Num(a)), Some(Lit::Num(b))) => match op {
                Op::Lt => a < b,
                Op::Le => a <= b,
                Op::Gt => a > b,
                _ => a >= b,
            },
            (Some(Lit::Str(a)), Some(Lit::Str(b))) => match op {
                Op::Lt => a < b,
                Op::Le => a <= b,
                Op::Gt => a > b,
                _ => a >= b,
            },
            _ => false,
        },
    }
}

/// A location as Spectral prints `{{path}}`: `#/paths/~1pets/get`.
pub fn pointer_path(path: &[Seg]) -> String {
    let mut out = String::from("#");
    for s in path {
        out.push('/');
        match s {
            Seg::Key(k) => out.push_str(&crate::syntax::node::escape_pointer_token(k)),
            Seg::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// A location with dots: `paths./pets.get.responses`.
pub fn display_path(path: &[Seg]) -> String {
    path.iter()
        .map(|s| match s {
            Seg::Key(k) => k.clone(),
            Seg::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{Lang, Parsed};

    fn run(text: &str, path: &str) -> Vec<String> {
        let parsed = Parsed::new(Lang::Yaml, text);
        let p = parse(path).unwrap();
        let root = parsed.tree.root().unwrap();
        let _ = root;
        p.eval(&Docs::one(&parsed.tree), true)
            .matches
            .iter()
            .map(|m| {
                format!(
                    "{}={}",
                    display_path(&m.path()),
                    &text[m.node.value_range()]
                )
            })
            .collect()
    }

    const DOC: &str = "a:\n  b: 1\n  c: x\nl:\n  - {n: 1, t: s}\n  - {n: 2}\nx-y: {b: 3}\n";

    /// What real rulesets (IBM's) write that JSONPath Plus and Nimma read: `$.` for the root,
    /// a media type as a dotted name, and Nimma's `~=` regular-expression test.
    #[test]
    fn jsonpath_plus_and_nimma_forms_of_real_rulesets() {
        let doc = "c:\n  application/json: {s: 1}\n  text/plain: {s: 2}\n  application/json;v=2: {s: 3}\n";
        assert_eq!(run(doc, "$."), [format!("={}", doc.trim_end())]);
        assert_eq!(
            run(doc, "$.c.application/json.s"),
            ["c.application/json.s=1"]
        );
        assert_eq!(
            run(
                doc,
                r#"$.c[?(@property ~= "^application\\/json(;.*)*$")].s"#
            ),
            ["c.application/json.s=1", "c.application/json;v=2.s=3"]
        );
        assert_eq!(
            run(doc, "$.c[?(@.s ~= '^[23]$')].s"),
            ["c.text/plain.s=2", "c.application/json;v=2.s=3"]
        );
        for bad in [
            "$.c[?(@property ~= 3)]",
            "$.c[?(@property ~= '(')]",
            "$..",
            "$.a.",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn forms() {
        assert_eq!(run(DOC, "$.a.b"), ["a.b=1"]);
        assert_eq!(run(DOC, "$['a']['c']"), ["a.c=x"]);
        assert_eq!(run(DOC, "$.a[*]"), ["a.b=1", "a.c=x"]);
        assert_eq!(run(DOC, "$..b"), ["a.b=1", "x-y.b=3"]);
        assert_eq!(run(DOC, "$.l[1].n"), ["l.1.n=2"]);
        assert_eq!(run(DOC, "$.l[-1].n"), ["l.1.n=2"]);
        assert_eq!(run(DOC, "$.l[?(@.t)].n"), ["l.0.n=1"]);
        assert_eq!(
            run(DOC, "$.l[?(@.n == 2 || @.t === 's')].n"),
            ["l.0.n=1", "l.1.n=2"]
        );
        assert_eq!(run(DOC, "$.l[?(!@.t)].n"), ["l.1.n=2"]);
        assert_eq!(run(DOC, "$[?(@property.match(/^x-/))].b"), ["x-y.b=3"]);
        assert_eq!(
            run(DOC, "$[?(@property != 'a' && @property.startsWith('x'))]"),
            ["x-y={b: 3}"]
        );
        assert_eq!(run(DOC, "$.a[b,c]"), ["a.b=1", "a.c=x"]);
        assert_eq!(run(DOC, "$.a['b','c']"), ["a.b=1", "a.c=x"]);
        assert_eq!(run(DOC, "$.a.*~"), ["a.b=b", "a.c=c"]);
        assert_eq!(run(DOC, "$.l[?(@.n > 1)].n"), ["l.1.n=2"]);
        let r = "r:\n  '200': a\n  '204': b\n  '404': c\n";
        assert_eq!(
            run(
                r,
                "$.r[?(@property >= 200 && @property < 300 && @property != 204)]"
            ),
            ["r.200=a"]
        );
        assert_eq!(run(r, "$.r[?(@property === 204)]"), Vec::<String>::new());
        assert_eq!(run(DOC, "$.paths.[*]"), Vec::<String>::new());
        assert_eq!(run(DOC, "$..l..[?(@.t == 's')].n"), ["l.0.n=1"]);
    }

    #[test]
    fn javascript_regexes() {
        let re = regex_of(r"^(\/[a-z0-9]+|\/{.+})*$").unwrap();
        assert!(re.is_match("/pets/{petId}"));
        assert!(!re.is_match("/Pets"));
        assert!(regex_of("/^a{2,3}$/i").unwrap().is_match("AA"));
        assert!(regex_of("[{}]").unwrap().is_match("}"));
        // Linear time: a pattern that backtracks exponentially in JavaScript.
        let re = regex_of("^(a+)+$").unwrap();
        assert!(!re.is_match(&format!("{}!", "a".repeat(100_000))));
    }

    #[test]
    fn errors() {
        assert!(parse("a.b").is_err());
        assert!(parse("$.a[").is_err());
        assert!(parse("$[?(@.x ==)]").is_err());
        assert!(parse("$[?(@.x.match(/(?=a)/))]")
            .unwrap_err()
            .contains("look-around"));
        assert!(parse("$.a^").is_err());
    }

    /// Whatever the text, parsing gives a path or an error, never a panic.
    #[test]
    fn any_text_parses_or_errs() {
        let pieces = [
            "$",
            ".",
            "..",
            "[",
            "]",
            "*",
            "?(",
            ")",
            "@",
            "@.",
            "@property",
            "'",
            "\"",
            "\\",
            "/",
            "é",
            "a",
            "0",
            "-1",
            ",",
            "==",
            "!",
            "&&",
            "||",
            "~",
            "^",
            "(",
            "{",
            "}",
            " ",
            ".match(",
            "/x/i",
            "length",
            ":",
        ];
        let mut seed: u64 = 0x9e3779b97f4a7c15;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 12) as usize;
            for k in 0..n {
                let idx = ((seed >> (k * 5)) as usize) % pieces.len();
                text.push_str(pieces[idx]);
            }
            let _ = parse(&text);
            let _ = regex_of(&text);
        }
    }

    #[test]
    fn bounded() {
        let mut text = String::from("r:\n");
        for i in 0..2000 {
            text.push_str(&format!("  k{i}: {{a: 1, b: [1, 2, 3]}}\n"));
        }
        let parsed = Parsed::new(Lang::Yaml, &text);
        let p = parse("$..*").unwrap();
        let docs = Docs::one(&parsed.tree);
        let f = p.eval_budget(&docs, Match::root(parsed.tree.root().unwrap()), 1000, true);
        assert!(f.truncated);
        let f = p.eval(&docs, true);
        assert!(!f.truncated);
        assert_eq!(f.matches.len(), 1 + 2000 * 6);
    }

    /// `$ref`s to another file are followed in child steps and in `..`; each target once per
    /// path, so mutual references end; `Docs::one` does not follow them.
    #[test]
    fn refs_to_other_files() {
        let api = Parsed::new(
            Lang::Yaml,
            "s:\n  $ref: 'b.yaml#/A'\nt:\n  $ref: 'missing.yaml#/A'\n",
        );
        let b = Parsed::new(
            Lang::Yaml,
            "A:\n  id: 1\n  b: {$ref: '#/B'}\nB:\n  id: 2\n  a: {$ref: '#/A'}\n",
        );
        let dir = std::path::Path::new("/w");
        let docs = Docs::new(vec![
            (Some(dir.join("api.yaml")), &api.tree),
            (Some(dir.join("b.yaml")), &b.tree),
        ]);
        let ids = |path: &str, docs: &Docs<'_>, resolve: bool| -> Vec<(String, usize, bool)> {
            parse(path)
                .unwrap()
                .eval(docs, resolve)
                .matches
                .iter()
                .map(|m| (display_path(&m.path()), m.doc, m.site.is_some()))
                .collect()
        };
        assert_eq!(ids("$.s.id", &docs, true), [("s.id".into(), 1, true)]);
        assert_eq!(ids("$.s.b.id", &docs, true), [("s.b.id".into(), 1, true)]);
        // `A` again on the same path: not followed (the `$ref` stays as it is).
        assert!(ids("$.s.b.a.id", &docs, true).is_empty());
        assert_eq!(
            ids("$..id", &docs, true),
            [("s.id".into(), 1, true), ("s.b.id".into(), 1, true),]
        );
        assert!(ids("$.s.id", &docs, false).is_empty());
        assert!(ids("$.s.id", &Docs::one(&api.tree), true).is_empty());
        assert!(ids("$.t.id", &docs, true).is_empty());
    }
}
