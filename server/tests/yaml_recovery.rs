//! Local error recovery of the YAML grammar, on real specs from `../shared/corpus`.
//!
//! Lines are chosen deterministically (an even stride over each group) at several depths: mapping
//! keys at depth 1, 2, 3, 4 and 5+, block sequence items (`- `) and lines inside multi-line flow
//! collections. On each chosen line, one at a time, a mistake is injected: over-indent by two
//! spaces, under-indent by one (only where that lands between two levels), a tab as the last
//! character of the indentation, a tab as the first character of the line, an unclosed quote in
//! the value, an unclosed `[` and an unclosed `{` in the value.
//!
//! For every injection, with B the innermost block collection that holds the line in the original
//! document (the mapping of the line's key, the sequence of the line's `- ` item, the block
//! collection around a flow collection; the root for a top-level key):
//! - (a) when the damaged text is not YAML (saphyr rejects it), specls reports an error whose
//!   range starts within B's lines;
//! - (b) the document outside B is intact: `dump::to_json` of the original and of the damaged
//!   text are equal once the subtree at B's pointer is replaced by null in both;
//! - (c) the spec kind detected is the same (unless the mistake is on the kind's marker line).
//!
//! A second test reads two corpus files that really are broken and checks that their errors are
//! on the broken lines and that the rest of each document is read.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use rayon::prelude::*;
use serde_json::Value;
use specls::analysis::{self, Severity};
use specls::cli::dump;
use specls::spec;
use specls::syntax::node::{pointer_of, PathSegment};
use specls::syntax::{Lang, NodeKind, NodeRef, Parsed};

mod support;

use support::values::{normalize, saphyr_json};

/// Specs of different shapes: OpenAPI 3.0 with flow sequences, a small OpenAPI 3.1, AsyncAPI 2.6
/// and 3.0, YAML with JSON-style examples as multi-line flow collections, a fragment of a multi-file
/// spec (indentless sequences, block scalars), and a large Swagger 2.0 file.
const FILES: &[&str] = &[
    "openapi/swagger-petstore/openapi.yaml",
    "openapi/redocly-museum/openapi.yaml",
    "asyncapi/asyncapi-spec-examples-2.6.0/streetlights-kafka.yml",
    "asyncapi/asyncapi-spec-examples-3.0.0/slack-rtm-asyncapi.yml",
    "openapi/oai-learn/v3.0/uspto.yaml",
    "multifile/digitalocean/resources/apps/models/app_spec.yml",
    "openapi/sendgrid/oai.yaml",
];

/// Lines chosen per group (shape and depth) of each file.
const PER_GROUP: usize = 3;

/// Injections whose recovery is known not to be local, with the reason: (file, 1-based line,
/// mistake). Kept short; each one is a finding about the grammar, not a test tolerance.
const KNOWN_NOT_LOCAL: &[(&str, usize, Mistake, &str)] = &[];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Group {
    Key(usize),
    Item,
    Flow,
}

impl Group {
    fn of_key(depth: usize) -> Group {
        Group::Key(depth.min(5))
    }
    fn label(self) -> String {
        match self {
            Group::Key(5) => "key depth 5+".into(),
            Group::Key(d) => format!("key depth {d}"),
            Group::Item => "sequence item".into(),
            Group::Flow => "flow line".into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Mistake {
    OverIndent,
    UnderIndent,
    TabLast,
    TabFirst,
    UnclosedQuote,
    UnclosedBracket,
    UnclosedBrace,
}

const MISTAKES: &[Mistake] = &[
    Mistake::OverIndent,
    Mistake::UnderIndent,
    Mistake::TabLast,
    Mistake::TabFirst,
    Mistake::UnclosedQuote,
    Mistake::UnclosedBracket,
    Mistake::UnclosedBrace,
];

impl Mistake {
    fn label(self) -> &'static str {
        match self {
            Mistake::OverIndent => "over-indent +2",
            Mistake::UnderIndent => "under-indent -1",
            Mistake::TabLast => "tab ends indent",
            Mistake::TabFirst => "tab first char",
            Mistake::UnclosedQuote => "unclosed \"",
            Mistake::UnclosedBracket => "unclosed [",
            Mistake::UnclosedBrace => "unclosed {",
        }
    }
    fn value_text(self) -> Option<&'static str> {
        match self {
            Mistake::UnclosedQuote => Some("\"abc"),
            Mistake::UnclosedBracket => Some("[a, b"),
            Mistake::UnclosedBrace => Some("{a: b"),
            _ => None,
        }
    }
}

/// A block collection: its JSON pointer and its first and last lines (0-based).
#[derive(Clone, Debug)]
struct Block {
    pointer: String,
    lines: (usize, usize),
}

/// A line where mistakes are injected.
#[derive(Clone, Debug)]
struct Site {
    line: usize,
    group: Group,
    /// B for an indentation mistake.
    block: Block,
    /// Columns of the block collections that hold the line (an under-indent must not land on one).
    ancestor_cols: Vec<usize>,
    /// Where an unclosed quote or bracket goes: the byte range it replaces (empty: inserted after
    /// the key's `:`), and B for it.
    value: Option<(Range<usize>, Block)>,
}

struct Doc<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str) -> Doc<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Doc { text, line_starts }
    }
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }
    fn col_of(&self, offset: usize) -> usize {
        offset - self.line_starts[self.line_of(offset)]
    }
    fn line(&self, line: usize) -> &'a str {
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches('\r')
    }
    fn line_end(&self, line: usize) -> usize {
        self.line_starts[line] + self.line(line).len()
    }
    /// The offset of the first character of a line that is not a space.
    fn first_char(&self, line: usize) -> usize {
        let l = self.line(line);
        self.line_starts[line] + (l.len() - l.trim_start_matches(' ').len())
    }
    fn block(&self, node: NodeRef<'_>, path: &[PathSegment]) -> Block {
        let r = node.range();
        Block {
            pointer: pointer_of(path),
            lines: (
                self.line_of(r.start),
                self.line_of(r.end.max(r.start + 1) - 1),
            ),
        }
    }
    fn is_flow(&self, node: NodeRef<'_>) -> bool {
        matches!(
            node.node.kind(),
            NodeKind::Mapping(_) | NodeKind::Sequence(_)
        ) && matches!(
            self.text.as_bytes().get(node.value_range().start),
            Some(b'[' | b'{')
        )
    }
    /// Where a value mistake goes for a key: over the value's text on the key's line, or just
    /// after the `:` when the value starts on a later line (or is empty).
    fn value_spot(&self, key: NodeRef<'_>, value: NodeRef<'_>) -> Option<Range<usize>> {
        let line = self.line_of(key.start);
        let v = value.value_range();
        if !v.is_empty() && self.line_of(v.start) == line {
            return Some(v.start..v.end.min(self.line_end(line)));
        }
        let after = key.range().end;
        let colon = self.text[after..self.line_end(line)].find(':')? + after + 1;
        Some(colon..colon)
    }
}

/// Every line where a mistake can be injected, by line.
fn sites(doc: &Doc<'_>, parsed: &Parsed) -> BTreeMap<usize, Site> {
    let mut out = BTreeMap::new();
    if let Some(root) = parsed.tree.root() {
        let whole = Block {
            pointer: String::new(),
            lines: (0, usize::MAX),
        };
        walk(
            doc,
            root,
            &mut Vec::new(),
            &mut Vec::new(),
            &whole,
            &mut out,
        );
    }
    out
}

fn walk(
    doc: &Doc<'_>,
    node: NodeRef<'_>,
    path: &mut Vec<PathSegment>,
    cols: &mut Vec<usize>,
    enclosing: &Block,
    out: &mut BTreeMap<usize, Site>,
) {
    if doc.is_flow(node) {
        // B is the block collection around the flow collection.
        let r = node.range();
        let (first, last) = (doc.line_of(r.start), doc.line_of(r.end - 1));
        let mut keyed = BTreeMap::new();
        flow_keys(doc, node, &mut keyed);
        for line in first + 1..=last {
            let fc = doc.first_char(line);
            if fc >= doc.line_end(line) || !r.contains(&fc) {
                continue;
            }
            let block = enclosing.clone();
            out.entry(line).or_insert(Site {
                line,
                group: Group::Flow,
                block: block.clone(),
                ancestor_cols: cols.clone(),
                value: keyed
                    .get(&line)
                    .map(|spot: &Range<usize>| (spot.clone(), block)),
            });
        }
        return;
    }
    match node.node.kind() {
        NodeKind::Mapping(_) => {
            let Some((first_key, _)) = node.entries().next() else {
                return;
            };
            cols.push(doc.col_of(first_key.start));
            let block = doc.block(node, path);
            for (k, v) in node.entries() {
                let name = k
                    .node
                    .key_text()
                    .map(|k| k.into_owned())
                    .unwrap_or_default();
                path.push(PathSegment::Key(name));
                let line = doc.line_of(k.start);
                if doc.first_char(line) == k.start {
                    out.entry(line).or_insert(Site {
                        line,
                        group: Group::of_key(path.len()),
                        block: block.clone(),
                        ancestor_cols: cols.clone(),
                        value: doc.value_spot(k, v).map(|s| (s, block.clone())),
                    });
                }
                walk(doc, v, path, cols, &block, out);
                path.pop();
            }
            cols.pop();
        }
        NodeKind::Sequence(_) => {
            cols.push(doc.col_of(node.value_range().start));
            let block = doc.block(node, path);
            for (i, item) in node.items().enumerate() {
                path.push(PathSegment::Index(i));
                let line = doc.line_of(item.start);
                let fc = doc.first_char(line);
                if doc.text.as_bytes()[fc] == b'-' && fc < item.start {
                    // `- scalar` or `- [flow]`: the item is the value; `- key: v`: the first
                    // key's value, in the item's mapping.
                    let value = match item.node.kind() {
                        NodeKind::Mapping(_) if !doc.is_flow(item) => {
                            item.entries().next().and_then(|(k, v)| {
                                let spot = doc.value_spot(k, v)?;
                                Some((spot, doc.block(item, path)))
                            })
                        }
                        NodeKind::Sequence(_) if !doc.is_flow(item) => None,
                        _ => {
                            let v = item.value_range();
                            (doc.line_of(v.start) == line && !v.is_empty())
                                .then(|| (v.start..v.end.min(doc.line_end(line)), block.clone()))
                        }
                    };
                    out.entry(line).or_insert(Site {
                        line,
                        group: Group::Item,
                        block: block.clone(),
                        ancestor_cols: cols.clone(),
                        value,
                    });
                }
                walk(doc, item, path, cols, &block, out);
                path.pop();
            }
            cols.pop();
        }
        _ => {}
    }
}

/// Keys inside a flow collection that start their line, with their value spots.
fn flow_keys(doc: &Doc<'_>, node: NodeRef<'_>, out: &mut BTreeMap<usize, Range<usize>>) {
    for (k, v) in node.entries() {
        let line = doc.line_of(k.start);
        if doc.first_char(line) == k.start {
            if let Some(spot) = doc.value_spot(k, v) {
                out.entry(line).or_insert(spot);
            }
        }
        flow_keys(doc, v, out);
    }
    for i in node.items() {
        flow_keys(doc, i, out);
    }
}

/// Up to `n` sites of each group, evenly spread over the file.
fn choose(all: &BTreeMap<usize, Site>, n: usize) -> Vec<Site> {
    let mut groups: BTreeMap<Group, Vec<&Site>> = BTreeMap::new();
    for s in all.values() {
        groups.entry(s.group).or_default().push(s);
    }
    let mut out = Vec::new();
    for sites in groups.values() {
        let len = sites.len();
        let k = n.min(len);
        for i in 0..k {
            out.push(sites[(2 * i + 1) * len / (2 * k)].clone());
        }
    }
    out
}

/// The damaged text, and the B it is judged against; `None` where the mistake does not apply.
fn inject(doc: &Doc<'_>, site: &Site, mistake: Mistake) -> Option<(String, Block)> {
    let start = doc.line_starts[site.line];
    let line = doc.line(site.line);
    let indent = line.len() - line.trim_start_matches(' ').len();
    let (range, text, block) = match mistake {
        Mistake::OverIndent => (start..start, "  ".to_string(), &site.block),
        Mistake::UnderIndent => {
            if indent == 0 || site.ancestor_cols.contains(&(indent - 1)) {
                return None;
            }
            (start..start + 1, String::new(), &site.block)
        }
        Mistake::TabLast => {
            if indent == 0 {
                return None;
            }
            (
                start + indent - 1..start + indent,
                "\t".to_string(),
                &site.block,
            )
        }
        Mistake::TabFirst => {
            let end = if indent == 0 { start } else { start + 1 };
            (start..end, "\t".to_string(), &site.block)
        }
        _ => {
            let (spot, block) = site.value.as_ref()?;
            let v = mistake.value_text().expect("a value mistake");
            let text = if spot.is_empty() {
                format!(" {v}")
            } else {
                v.to_string()
            };
            (spot.clone(), text, block)
        }
    };
    let mut damaged = String::with_capacity(doc.text.len() + 8);
    damaged.push_str(&doc.text[..range.start]);
    damaged.push_str(&text);
    damaged.push_str(&doc.text[range.end..]);
    Some((damaged, block.clone()))
}

/// `value` with the node at `pointer` replaced by null; whether the pointer was found.
fn blank(mut value: Value, pointer: &str) -> (Value, bool) {
    if pointer.is_empty() {
        return (Value::Null, true);
    }
    let found = match value.pointer_mut(pointer) {
        Some(v) => {
            *v = Value::Null;
            true
        }
        None => false,
    };
    (value, found)
}

/// The first pointer where two values differ.
fn first_diff(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                match y.get(k) {
                    Some(vb) => {
                        if let Some(d) = first_diff(va, vb, &p) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{p} (missing after the mistake)")),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!("{at}/{k} (appears after the mistake)"))
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_diff(va, vb, &format!("{at}/{i}")) {
                    return Some(d);
                }
            }
            (x.len() != y.len()).then(|| format!("{at} ({} items, then {})", x.len(), y.len()))
        }
        _ => (a != b).then(|| format!("{at} ({a} → {b})")),
    }
}

/// saphyr's reading of a text: `Err` when it is not YAML; `Ok(None)` when its value cannot be
/// compared fairly (aliases, tags, NaN, complex keys).
fn saphyr_value(text: &str) -> Result<Option<Value>, ()> {
    use saphyr::LoadableYamlNode;
    let docs = saphyr::Yaml::load_from_str(text).map_err(|_| ())?;
    Ok(docs.first().and_then(saphyr_json).map(normalize))
}

#[derive(Default, Clone, Copy)]
struct Counts {
    checked: usize,
    /// Damaged texts that are not YAML, those whose damage stays in B, those with an error in B.
    invalid: usize,
    local: usize,
    reported: usize,
    /// Damaged texts that are still YAML, and those read as saphyr reads them.
    valid: usize,
    agree: usize,
}

impl Counts {
    fn add(&mut self, o: &Outcome) {
        self.checked += 1;
        if o.invalid {
            self.invalid += 1;
            self.local += usize::from(o.local);
            self.reported += usize::from(o.reported);
        } else {
            self.valid += 1;
            self.agree += usize::from(o.failures.is_empty());
        }
    }
    fn sum(&mut self, c: &Counts) {
        self.checked += c.checked;
        self.invalid += c.invalid;
        self.local += c.local;
        self.reported += c.reported;
        self.valid += c.valid;
        self.agree += c.agree;
    }
    fn row(&self, label: &str) -> String {
        format!(
            "  {:<18} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}\n",
            label, self.checked, self.invalid, self.local, self.reported, self.valid, self.agree
        )
    }
}

struct Outcome {
    file: &'static str,
    mistake: Mistake,
    group: Group,
    line: usize,
    invalid: bool,
    local: bool,
    reported: bool,
    /// Empty when every expectation holds; else the case and what went wrong.
    failures: Vec<String>,
}

fn check_one(
    file: &'static str,
    doc: &Doc<'_>,
    original: &Value,
    kind: &spec::SpecKind,
    site: &Site,
    mistake: Mistake,
) -> Option<Outcome> {
    let (damaged, block) = inject(doc, site, mistake)?;
    let parsed = Parsed::new(Lang::Yaml, &damaged);
    let ddoc = Doc::new(&damaged);
    let after = dump::to_json(&parsed.tree);
    let mut failures = Vec::new();
    // A tab before a block key or `-` is never YAML (YAML Test Suite DK95/06, Y79Y/004), though
    // saphyr accepts some: for those, saphyr is not asked.
    let tab = matches!(mistake, Mistake::TabLast | Mistake::TabFirst);
    let saphyr = if tab && site.group != Group::Flow {
        Err(())
    } else {
        saphyr_value(&damaged)
    };
    let invalid = saphyr.is_err();
    // (a) an error within B.
    let block_lines = if block.pointer.is_empty() {
        (0, usize::MAX)
    } else {
        block.lines
    };
    let reported = analysis::diagnostics(&parsed).iter().any(|d| {
        let l = ddoc.line_of(d.range.start);
        d.severity == Severity::Error && block_lines.0 <= l && l <= block_lines.1
    });
    // (b) the document outside B is intact.
    let (theirs, _) = blank(original.clone(), &block.pointer);
    let (ours, found) = match &after {
        Ok(v) => blank(v.clone(), &block.pointer),
        Err(_) => (Value::Null, false),
    };
    let local = theirs == ours;
    // (c) the same spec kind, unless the mistake is on the marker's line.
    let after_kind = spec::detect(&parsed.tree, &parsed.rope, None);
    let marker_line = match &kind.source {
        spec::Source::Marker(r) => Some(doc.line_of(r.start)),
        _ => None,
    };
    match saphyr {
        Err(()) => {
            if !reported {
                failures.push("no error diagnostic within B's lines".to_string());
            }
            if !local {
                let diff = first_diff(&theirs, &ours, "").unwrap_or_default();
                let gone = if found { "" } else { " (B itself is gone)" };
                failures.push(format!(
                    "damage outside B{gone}: first difference at {diff}"
                ));
            }
            if marker_line != Some(site.line) && after_kind != *kind {
                failures.push(format!(
                    "spec kind changed: {} → {}",
                    kind.label(),
                    after_kind.label()
                ));
            }
        }
        // Still YAML (the mistake changed the structure legitimately): read it as saphyr does.
        Ok(Some(expected)) => {
            let ours = after.map(normalize).unwrap_or(Value::Null);
            if ours != expected {
                let diff = first_diff(&expected, &ours, "").unwrap_or_default();
                failures.push(format!(
                    "still YAML, but read differently from saphyr: first difference at {diff}"
                ));
            }
        }
        Ok(None) => {}
    }
    if !failures.is_empty() {
        let l = site.line;
        let show = |t: &str| {
            Doc::new(t)
                .line(l)
                .chars()
                .take(70)
                .collect::<String>()
                .replace('\t', "→")
        };
        failures.insert(
            0,
            format!(
                "{file}:{} [{}, {}] B = {:?} (lines {}–{})\n      was: {}\n      now: {}",
                l + 1,
                site.group.label(),
                mistake.label(),
                block.pointer,
                block_lines.0 + 1,
                block_lines.1.min(doc.line_starts.len() - 1) + 1,
                show(doc.text),
                show(&damaged),
            ),
        );
    }
    Some(Outcome {
        file,
        mistake,
        group: site.group,
        line: site.line,
        invalid,
        local,
        reported,
        failures,
    })
}

#[test]
fn mistakes_damage_only_their_enclosing_block() {
    let corpus = support::corpus_dir();
    let mut outcomes = Vec::new();
    let mut groups_seen: BTreeMap<Group, usize> = BTreeMap::new();
    for file in FILES {
        let path = support::find_in_corpus(&corpus, file);
        let text = std::fs::read_to_string(path).expect("a UTF-8 corpus file");
        let doc = Doc::new(&text);
        let parsed = Parsed::new(Lang::Yaml, &text);
        assert!(
            analysis::diagnostics(&parsed)
                .iter()
                .all(|d| d.severity != Severity::Error),
            "{file} should have no error before the injections"
        );
        let original = dump::to_json(&parsed.tree).expect("a value");
        let kind = spec::detect(&parsed.tree, &parsed.rope, None);
        let chosen = choose(&sites(&doc, &parsed), PER_GROUP);
        for s in &chosen {
            *groups_seen.entry(s.group).or_default() += 1;
        }
        let jobs: Vec<(&Site, Mistake)> = chosen
            .iter()
            .flat_map(|s| MISTAKES.iter().map(move |m| (s, *m)))
            .collect();
        outcomes.extend(
            jobs.par_iter()
                .filter_map(|(s, m)| check_one(file, &doc, &original, &kind, s, *m))
                .collect::<Vec<_>>(),
        );
    }

    // The summary: per file and per group of lines, per mistake.
    let mut by_file: BTreeMap<(&str, Mistake), Counts> = BTreeMap::new();
    let mut by_group: BTreeMap<(Group, Mistake), Counts> = BTreeMap::new();
    let mut by_mistake: BTreeMap<Mistake, Counts> = BTreeMap::new();
    for o in &outcomes {
        by_file.entry((o.file, o.mistake)).or_default().add(o);
        by_group.entry((o.group, o.mistake)).or_default().add(o);
        by_mistake.entry(o.mistake).or_default().add(o);
    }
    let mut summary = format!(
        "{:<20} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}\n",
        "injections:", "all", "!YAML", "local", "error", "YAML", "=saphyr"
    );
    for file in FILES {
        let _ = writeln!(summary, "{file}");
        for m in MISTAKES {
            if let Some(c) = by_file.get(&(*file, *m)) {
                summary.push_str(&c.row(m.label()));
            }
        }
    }
    for (group, n) in &groups_seen {
        let _ = writeln!(summary, "{} ({n} lines)", group.label());
        for m in MISTAKES {
            if let Some(c) = by_group.get(&(*group, *m)) {
                summary.push_str(&c.row(m.label()));
            }
        }
    }
    let _ = writeln!(summary, "all files");
    let mut total = Counts::default();
    for (m, c) in &by_mistake {
        summary.push_str(&c.row(m.label()));
        total.sum(c);
    }
    summary.push_str(&total.row("all"));
    println!("{summary}");

    let mut failures = Vec::new();
    let mut known_seen = Vec::new();
    for o in outcomes.iter().filter(|o| !o.failures.is_empty()) {
        let known = KNOWN_NOT_LOCAL
            .iter()
            .find(|(f, l, m, _)| *f == o.file && *l == o.line + 1 && *m == o.mistake);
        match known {
            Some(k) => known_seen.push(k),
            None => failures.push(o.failures.join("\n    ")),
        }
    }
    for k in KNOWN_NOT_LOCAL {
        assert!(
            known_seen.contains(&k),
            "a known exception now passes: remove it from KNOWN_NOT_LOCAL: {k:?}"
        );
    }
    // Every group of lines is represented, and most mistakes break the YAML, so that the test
    // keeps testing what it says.
    for g in [
        Group::Key(1),
        Group::Key(2),
        Group::Key(3),
        Group::Key(4),
        Group::Key(5),
        Group::Item,
        Group::Flow,
    ] {
        assert!(groups_seen.contains_key(&g), "no line of group {g:?}");
    }
    assert!(
        total.invalid > total.checked / 2,
        "most injections should break the YAML"
    );
    assert!(
        failures.is_empty(),
        "{} of {} injections fail:\n  {}",
        failures.len(),
        outcomes.len(),
        failures.join("\n  ")
    );
}

/// Whether a double-quoted string's text holds its closing quote (escapes skipped).
fn closes_quote(s: &str) -> bool {
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return true,
            _ => {}
        }
    }
    false
}

/// A line scan, independent of the grammar: the double-quoted values (`key: "...`) that run over
/// several lines, as the lines of each one that are not indented more than its key.
fn underindented_quote_lines(doc: &Doc<'_>) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut line = 0;
    while line < doc.line_starts.len() {
        let text = doc.line(line);
        let body = text.trim_start_matches(' ');
        let key_col = text.len() - body.len() + if body.starts_with("- ") { 2 } else { 0 };
        let open = text
            .find(": \"")
            .filter(|&i| !text[..i].contains('"') && !body.starts_with('#'));
        line += 1;
        let Some(i) = open else { continue };
        if closes_quote(&text[i + 3..]) {
            continue;
        }
        let mut bad = Vec::new();
        while line < doc.line_starts.len() {
            let t = doc.line(line);
            if !t.trim().is_empty() && t.len() - t.trim_start_matches(' ').len() <= key_col {
                bad.push(line);
            }
            line += 1;
            if closes_quote(t) {
                break;
            }
        }
        if !bad.is_empty() {
            out.push(bad);
        }
    }
    out
}

/// Two corpus files that really are broken (quoted strings continued on lines that are not
/// indented enough): the errors are on those lines, one at least per broken string, and the rest
/// of the document is read: as many paths and top-level keys as a line scan finds.
#[test]
fn broken_corpus_files_are_read_around_their_mistakes() {
    let corpus = support::corpus_dir();
    for rel in [
        "openapi/ably/control-v1.yaml",
        "openapi/go-swagger-canary/docker-v1.41/swagger.yaml",
    ] {
        let path = support::find_in_corpus(&corpus, rel);
        let text = std::fs::read_to_string(path).expect("a UTF-8 corpus file");
        let doc = Doc::new(&text);
        let parsed = Parsed::new(Lang::Yaml, &text);
        let broken = underindented_quote_lines(&doc);
        assert!(
            !broken.is_empty(),
            "{rel}: the line scan finds no broken string"
        );
        let errors: Vec<usize> = analysis::diagnostics(&parsed)
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| doc.line_of(d.range.start))
            .collect();
        for l in &errors {
            assert!(
                broken.iter().any(|b| b.contains(l)),
                "{rel}:{}: an error away from the broken strings",
                l + 1
            );
        }
        for b in &broken {
            assert!(
                errors.iter().any(|l| b.contains(l)),
                "{rel}:{}: a broken string without an error",
                b[0] + 1
            );
        }
        let scan = |keep: fn(&str) -> bool| {
            (0..doc.line_starts.len())
                .filter(|&l| keep(doc.line(l)))
                .count()
        };
        let paths = scan(|l| {
            let l = l.strip_prefix("  ").unwrap_or("");
            l.trim_start_matches(['"', '\'']).starts_with('/') && l.trim_end().ends_with(':')
        });
        let top_keys = scan(|l| {
            l.starts_with(|c: char| c.is_ascii_alphabetic()) && l.trim_end().ends_with(':')
                || l.starts_with(|c: char| c.is_ascii_alphabetic()) && l.contains(": ")
        });
        let root = parsed.tree.root().expect("a document");
        let read_paths = parsed
            .tree
            .at_pointer("/paths")
            .map(|p| p.entries().count())
            .unwrap_or(0);
        println!(
            "{rel}: {} broken strings, {} errors, {read_paths} paths read ({paths} by line scan), {} top-level keys ({top_keys} by line scan)",
            broken.len(),
            errors.len(),
            root.entries().count()
        );
        assert_eq!(read_paths, paths, "{rel}: paths");
        assert_eq!(root.entries().count(), top_keys, "{rel}: top-level keys");
    }
}
