//! The YAML grammar benchmark: the grammar specls uses (`specls_grammars::Lang::Yaml`) beside
//! the published `tree-sitter-yaml` 0.7 (`tree_sitter_yaml::LANGUAGE`, a dev-dependency), on the
//! same inputs. A plain binary (`harness = false`) that prints one markdown table per measure,
//! a column per grammar, on stdout (progress goes to stderr).
//!
//! ```text
//! server/benches/prepare.sh && cargo bench -p specls --bench yaml_grammar [-- FILE...]
//! ```
//!
//! Files: the arguments (relative paths are tried from the current folder, then from the
//! repository root; `cargo bench` runs this binary in `server/`), or by default GitHub's OpenAPI
//! description rendered as YAML by `prepare.sh` (`.bench/api.github.com.yaml`, 259k lines) and
//! the largest YAML specs of the corpus (`../shared/corpus`; files not found are skipped).
//!
//! Knobs (environment):
//! - `SPECLS_BENCH_PARSE_RUNS` (default 11): full parses per file and grammar.
//! - `SPECLS_BENCH_EDITS` (default 200): incremental edits per kind, file and grammar.
//! - `SPECLS_BENCH_SEED` (default 1): the seed of the edits' positions and characters.
//! - `SPECLS_BENCH_SESSION=1`: keep each reparsed tree and the edited text for the next edit (a
//!   session of edits, in which the edits' damage accumulates). By default every edit is
//!   reverted: each one is made on the original text and a copy of its fresh tree.
//! - `SPECLS_BENCH_VERIFY` (default 20): every Nth incremental reparse is compared, node by node
//!   (kind, byte range, MISSING), with a fresh parse of the same text; 0 turns this off.
//! - `SPECLS_BENCH_SKIP` (comma-separated of `parse`, `tree`, `edits`).
//! - `SPECLS_BENCH_SLOW_MS` (default 0: off): every reparse of the specls grammar slower than
//!   this is printed on stderr with what it edited (the innermost node at the edit in the old
//!   tree, the line, where a line break moved the rest of the line, the next line's
//!   indentation), then a count per class.
//! - `SPECLS_BENCH_ONLY_SPECLS=1`: leave out the published grammar (faster runs).
//!
//! What is measured, per file and grammar:
//! 1. **Full parse**: `Parser::parse(&str, None)`, timed without dropping the tree; MB/s (10^6
//!    bytes) from the median time and from the p95 time (nearest rank: with 11 runs, the slowest).
//! 2. **Errors**: whether the fresh tree has an ERROR or MISSING node, how many, the share of the
//!    file inside (outermost) ERROR nodes, the first one's line. The published grammar keeps the
//!    row in an `int16_t` and turns a file over 32,768 lines into ERROR: the table shows that,
//!    and where the tree stops when it does not reach the end of the file (the published grammar
//!    leaves everything after about line 32,768 out of the tree: its MB/s on such files are for
//!    reading a part of them, and edits after that point have nothing to reparse).
//! 3. **Tree size**: the heap the `Tree` holds, measured as the bytes freed by dropping it. This
//!    binary's global allocator is mimalloc wrapped in a counter of live bytes, and tree-sitter's
//!    C allocations are routed to the same counter with `tree_sitter::set_allocator` (installed
//!    first thing in `main`, before any other tree-sitter call); bytes are mimalloc's usable sizes
//!    (requested size rounded up to its size class; no allocator metadata). The counter is on
//!    only for one extra, untimed parse, so the timed parses pay one relaxed load per allocation.
//!    The figure was checked once by hand against the RSS growth over a process's first parse
//!    (sendgrid: 27.3 MiB counted, 26.2 MiB RSS). Also the peak of live heap during the parse,
//!    above what was live before it (parser stacks included), the node count (a `TreeCursor` walk
//!    over every node, named or not), bytes per node, and the drop time.
//! 4. **Incremental reparse**: `SPECLS_BENCH_EDITS` edits of each kind at uniformly random byte
//!    positions over the whole file (`rand` `StdRng`, seeded): insert one character (one of
//!    ``a e x s t 1 _ ␠ : - # ' "``), delete one character (possibly a newline), insert a
//!    newline. The kinds take turns; both grammars get the same edits. Each is applied with
//!    `Tree::edit` and `parser.parse(new_text, Some(&old_tree))`; only that reparse is timed.
//!    Median, p95, p99 (nearest rank) and max per kind and over all edits. Also how many reparses
//!    have an error (`has_error()` at the root) where the fresh parse of the original file had
//!    none (information: many random edits make invalid YAML), and the `SPECLS_BENCH_VERIFY`
//!    comparison with fresh parses.
//!
//! Until the project's own grammar takes `Lang::Yaml`'s place, both columns measure the same
//! published grammar (the first table says whether the two `Language`s are the same object). The
//! two grammars must export different C symbols: two static libraries both defining
//! `tree_sitter_yaml` would make the linker fail or, worse, silently pick one for both columns.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use libmimalloc_sys::{mi_calloc, mi_free, mi_malloc, mi_realloc, mi_usable_size};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tree_sitter::{InputEdit, Language, Parser, Point, Tree};

// ---------------------------------------------------------------------------------------------
// Counting allocator: live bytes and their peak, while `COUNTING` is on. The counters are signed
// deltas from the last `reset`: a block allocated before and freed during a measure counts
// negative, so a measure is always a difference of two readings taken while counting.

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicI64 = AtomicI64::new(0);
static PEAK: AtomicI64 = AtomicI64::new(0);

#[inline]
fn track(delta: i64) {
    if COUNTING.load(Relaxed) {
        let now = LIVE.fetch_add(delta, Relaxed) + delta;
        PEAK.fetch_max(now, Relaxed);
    }
}

#[inline]
fn usable(p: *const c_void) -> i64 {
    if p.is_null() || !COUNTING.load(Relaxed) {
        0
    } else {
        // SAFETY: `p` is a live block of mimalloc's.
        unsafe { mi_usable_size(p) as i64 }
    }
}

struct Counting;

// SAFETY: forwards to mimalloc's `GlobalAlloc`; the counting reads sizes of live blocks only.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc(layout) };
        track(usable(p.cast()));
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) };
        track(usable(p.cast()));
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-usable(ptr.cast()));
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = usable(ptr.cast());
        let q = unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) };
        if !q.is_null() {
            track(usable(q.cast()) - old);
        }
        q
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

// tree-sitter's C allocations (the trees), through the same counter.
unsafe extern "C" fn c_malloc(size: usize) -> *mut c_void {
    let p = unsafe { mi_malloc(size) };
    track(usable(p));
    p
}
unsafe extern "C" fn c_calloc(n: usize, size: usize) -> *mut c_void {
    let p = unsafe { mi_calloc(n, size) };
    track(usable(p));
    p
}
unsafe extern "C" fn c_realloc(p: *mut c_void, size: usize) -> *mut c_void {
    let old = usable(p);
    let q = unsafe { mi_realloc(p, size) };
    // On failure (null for a non-zero size) the old block is still there.
    if !q.is_null() || size == 0 {
        track(usable(q) - old);
    }
    q
}
unsafe extern "C" fn c_free(p: *mut c_void) {
    track(-usable(p));
    unsafe { mi_free(p) }
}

fn install_c_allocator() {
    // SAFETY: called first in `main`, before any other tree-sitter call, once; one allocator
    // family (mimalloc), whose blocks have malloc's alignment.
    unsafe {
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc: c_malloc,
            calloc: c_calloc,
            realloc: c_realloc,
            free: c_free,
        }))
    };
}

/// Runs `f` with counting on, from live and peak = 0 (`f` reads `LIVE` and `PEAK` itself).
fn counting<T>(f: impl FnOnce() -> T) -> T {
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let r = f();
    COUNTING.store(false, Relaxed);
    r
}

// ---------------------------------------------------------------------------------------------
// Inputs and statistics

const DEFAULT_FILES: &[&str] = &[
    ".bench/api.github.com.yaml",
    "../shared/corpus/openapi/vacuum-testfiles/stripe.yaml",
    "../shared/corpus/openapi/openai/openapi.yaml",
    "../shared/corpus/openapi/pinterest/openapi.yaml",
    "../shared/corpus/openapi/sendgrid/oai.yaml",
    "../shared/corpus/openapi/xero/xero_accounting.yaml",
];

/// The published grammar's line limit (its scanner keeps the row in an `int16_t`).
const PUBLISHED_MAX_LINES: usize = 32_768;

/// Characters inserted by the "insert a character" edits.
const INSERTED: [&str; 13] = [
    "a", "e", "x", "s", "t", "1", "_", " ", ":", "-", "#", "'", "\"",
];

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("server/ has a parent")
        .to_path_buf()
}

fn resolve(arg: &str) -> Option<PathBuf> {
    let p = PathBuf::from(arg);
    if p.exists() {
        return Some(p);
    }
    let q = repo_root().join(arg);
    q.exists().then_some(q)
}

/// Sorted samples; percentiles by nearest rank.
struct Sorted(Vec<Duration>);

impl Sorted {
    fn new(mut v: Vec<Duration>) -> Sorted {
        assert!(!v.is_empty());
        v.sort();
        Sorted(v)
    }
    fn pct(&self, p: f64) -> Duration {
        let n = self.0.len();
        self.0[((p / 100.0 * n as f64).ceil() as usize).clamp(1, n) - 1]
    }
    fn median(&self) -> Duration {
        let s = &self.0;
        let n = s.len();
        if n % 2 == 1 {
            s[n / 2]
        } else {
            (s[n / 2 - 1] + s[n / 2]) / 2
        }
    }
    fn max(&self) -> Duration {
        *self.0.last().expect("not empty")
    }
}

fn ms(d: Duration) -> String {
    let v = d.as_secs_f64() * 1e3;
    if v >= 100.0 {
        format!("{v:.0} ms")
    } else if v >= 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.2} ms")
    }
}

fn mib(bytes: i64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn mb_per_s(bytes: usize, d: Duration) -> String {
    format!("{:.1}", bytes as f64 / 1e6 / d.as_secs_f64())
}

// ---------------------------------------------------------------------------------------------
// Trees

fn parser_for(lang: &Language) -> Parser {
    let mut p = Parser::new();
    p.set_language(lang).expect("grammar ABI supported");
    p
}

/// What a walk over every node finds.
#[derive(Default)]
struct Walk {
    nodes: u64,
    named: u64,
    errors: u64,
    missing: u64,
    /// Bytes inside ERROR nodes that are not inside another ERROR node.
    error_bytes: usize,
    /// Line (1-based) of the first ERROR or MISSING node.
    first_error_line: Option<usize>,
}

fn walk(tree: &Tree) -> Walk {
    let mut w = Walk::default();
    let mut c = tree.walk();
    // Depth of the outermost ERROR node we are inside, if any.
    let mut depth = 0usize;
    let mut error_depth: Option<usize> = None;
    loop {
        let n = c.node();
        w.nodes += 1;
        w.named += u64::from(n.is_named());
        if n.is_error() || n.is_missing() {
            if n.is_error() {
                w.errors += 1;
                if error_depth.is_none() {
                    error_depth = Some(depth);
                    w.error_bytes += n.byte_range().len();
                }
            } else {
                w.missing += 1;
            }
            if w.first_error_line.is_none() {
                w.first_error_line = Some(n.start_position().row + 1);
            }
        }
        if c.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if error_depth == Some(depth) {
                error_depth = None;
            }
            if c.goto_next_sibling() {
                break;
            }
            if !c.goto_parent() {
                return w;
            }
            depth -= 1;
        }
    }
}

/// Whether two trees have the same nodes (kind, byte range, MISSING), in the same shape.
fn same_tree(a: &Tree, b: &Tree) -> bool {
    let (mut x, mut y) = (a.walk(), b.walk());
    loop {
        let (m, n) = (x.node(), y.node());
        if m.kind_id() != n.kind_id()
            || m.byte_range() != n.byte_range()
            || m.is_missing() != n.is_missing()
        {
            return false;
        }
        let (dx, dy) = (x.goto_first_child(), y.goto_first_child());
        if dx != dy {
            return false;
        }
        if dx {
            continue;
        }
        loop {
            let (sx, sy) = (x.goto_next_sibling(), y.goto_next_sibling());
            if sx != sy {
                return false;
            }
            if sx {
                break;
            }
            let (px, py) = (x.goto_parent(), y.goto_parent());
            if px != py {
                return false;
            }
            if !px {
                return true;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 1–3. Full parse, errors, tree size

struct Full {
    times: Sorted,
    walk: Walk,
    root_kind: String,
    has_error: bool,
    /// Where the tree stops, when text other than whitespace follows it: the byte and the line
    /// (1-based). The published grammar stops near line 32,768 and leaves the rest out of the tree.
    stops_at: Option<(usize, usize)>,
    tree_bytes: i64,
    peak_bytes: i64,
    drop_time: Duration,
}

fn bench_full(lang: &Language, text: &str, runs: usize, skip_parse: bool, skip_tree: bool) -> Full {
    let mut parser = parser_for(lang);
    let mut times = Vec::new();
    if !skip_parse {
        for _ in 0..runs {
            let t = Instant::now();
            let tree = parser.parse(text, None).expect("parse");
            times.push(t.elapsed());
            drop(tree);
        }
    }
    // One more parse, counted: the peak during the parse, then what dropping the tree frees.
    let (tree_bytes, peak_bytes, drop_time, walk, root_kind, has_error, stops_at) =
        counting(|| {
            let tree = parser.parse(text, None).expect("parse");
            let peak = PEAK.load(Relaxed);
            let root = tree.root_node();
            let root_kind = root.kind().to_string();
            let has_error = root.has_error();
            let end = root.end_byte().min(text.len());
            let stops_at =
                (!text[end..].trim().is_empty()).then(|| (end, root.end_position().row + 1));
            let w = if skip_tree {
                Walk::default()
            } else {
                walk(&tree)
            };
            let before = LIVE.load(Relaxed);
            let t = Instant::now();
            drop(tree);
            let drop_time = t.elapsed();
            let freed = before - LIVE.load(Relaxed);
            (freed, peak, drop_time, w, root_kind, has_error, stops_at)
        });
    Full {
        times: Sorted::new(if times.is_empty() {
            vec![Duration::ZERO]
        } else {
            times
        }),
        walk,
        root_kind,
        has_error,
        stops_at,
        tree_bytes,
        peak_bytes,
        drop_time,
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Incremental reparse

const KINDS: [&str; 3] = [
    "insert a character",
    "delete a character",
    "insert a newline",
];

#[derive(Default)]
struct Edits {
    /// Reparse times, per kind.
    times: [Vec<Duration>; 3],
    /// Reparses with an error at the root where the original file's fresh parse had none.
    new_errors: [usize; 3],
    verified: usize,
    mismatched: usize,
    /// Of the mismatches, those where the fresh parse of the edited text has no error.
    mismatched_clean: usize,
    /// Reparses slower than `SPECLS_BENCH_SLOW_MS`, per class (see `describe_edit`).
    slow: std::collections::BTreeMap<String, usize>,
}

/// Start of each line, for byte → point.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect()
}

fn point(starts: &[usize], byte: usize) -> Point {
    let row = starts.partition_point(|&s| s <= byte) - 1;
    Point::new(row, byte - starts[row])
}

fn char_boundary_at_or_after(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn bench_edits(
    lang: &Language,
    original: &str,
    n_per_kind: usize,
    seed: u64,
    session: bool,
    verify_every: usize,
    slow_ms: f64,
) -> Edits {
    let mut parser = parser_for(lang);
    let mut fresh = parser_for(lang);
    let mut tree = parser.parse(original, None).expect("parse");
    let original_has_error = tree.root_node().has_error();
    let mut text = original.to_string();
    let mut starts = line_starts(&text);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut e = Edits::default();
    for i in 0..3 * n_per_kind {
        let kind = i % 3;
        let len = text.len();
        // The edit: byte range replaced, and the new text.
        let (start, old_end, new_text): (usize, usize, &str) = match kind {
            0 => {
                let at = char_boundary_at_or_after(&text, rng.random_range(0..=len));
                (at, at, INSERTED[rng.random_range(0..INSERTED.len())])
            }
            1 => {
                let at = char_boundary_at_or_after(&text, rng.random_range(0..len.max(1)));
                let ch_len = text[at..].chars().next().map_or(0, char::len_utf8);
                (at, at + ch_len, "")
            }
            _ => {
                let at = char_boundary_at_or_after(&text, rng.random_range(0..=len));
                (at, at, "\n")
            }
        };
        let start_position = point(&starts, start);
        let old_end_position = point(&starts, old_end);
        let removed = text[start..old_end].to_string();
        let text_before = if slow_ms > 0.0 {
            text.clone()
        } else {
            String::new()
        };
        text.replace_range(start..old_end, new_text);
        let new_end = start + new_text.len();
        let new_end_position = if new_text == "\n" {
            Point::new(start_position.row + 1, 0)
        } else {
            Point::new(start_position.row, start_position.column + new_text.len())
        };
        let input_edit = InputEdit {
            start_byte: start,
            old_end_byte: old_end,
            new_end_byte: new_end,
            start_position,
            old_end_position,
            new_end_position,
        };
        // Reverting: edit a copy, so that the fresh tree stays as it is for the next edit.
        let mut edited = tree.clone();
        edited.edit(&input_edit);
        let t = Instant::now();
        let reparsed = parser.parse(&text, Some(&edited)).expect("reparse");
        let took = t.elapsed();
        e.times[kind].push(took);
        if slow_ms > 0.0 && took.as_secs_f64() * 1000.0 > slow_ms {
            let (words, class) = describe_edit(&tree, &text_before, &starts, start, kind);
            eprintln!("  slow: {} — {words}", ms(took));
            *e.slow.entry(class).or_default() += 1;
        }
        if reparsed.root_node().has_error() && !original_has_error {
            e.new_errors[kind] += 1;
        }
        if verify_every > 0 && (i + 1) % verify_every == 0 {
            let f = fresh.parse(&text, None).expect("parse");
            e.verified += 1;
            if !same_tree(&reparsed, &f) {
                e.mismatched += 1;
                if !f.root_node().has_error() {
                    e.mismatched_clean += 1;
                }
                eprintln!(
                    "  mismatch: {} at byte {start} (line {}): the reparse differs from a fresh parse",
                    KINDS[kind],
                    start_position.row + 1
                );
            }
        }
        if session {
            tree = reparsed;
            starts = line_starts(&text);
        } else {
            text.replace_range(start..new_end, &removed);
        }
    }
    e
}

/// What a slow edit touched, in words, and a short class for the summary.
fn describe_edit(
    tree: &Tree,
    text: &str,
    starts: &[usize],
    at: usize,
    kind: usize,
) -> (String, String) {
    let p = point(starts, at);
    let row = p.row;
    let line_start = starts[row];
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let indent = line.len() - line.trim_start_matches(' ').len();
    let node = tree
        .root_node()
        .named_descendant_for_byte_range(at, at)
        .map_or("?", |n| n.kind());
    let in_indent = at - line_start <= indent;
    let next_indent = text[line_end.min(text.len())..]
        .lines()
        .skip(1)
        .find(|l| !l.trim().is_empty())
        .map_or(-1, |l| (l.len() - l.trim_start_matches(' ').len()) as i64);
    let short = |t: &str| -> String {
        let t: String = t.chars().take(50).collect();
        t.replace('\t', "\\t")
    };
    let mut class = format!("{} in {node}", KINDS[kind]);
    let mut words = format!(
        "{} at line {} col {} in `{node}` (line indent {indent}, next line indent {next_indent}): `{}`",
        KINDS[kind],
        row + 1,
        p.column,
        short(line.trim_start())
    );
    if kind == 2 {
        let rest = &text[at..line_end];
        let moved = rest.trim_start_matches(' ');
        let new_col = rest.len() - moved.len();
        let looks_key = moved
            .split_whitespace()
            .next()
            .is_some_and(|w| w.ends_with(':'))
            || moved.contains(": ");
        let place = if moved.is_empty() {
            "empty rest"
        } else if in_indent {
            "inside the indentation"
        } else if looks_key {
            "rest key-like"
        } else {
            "rest not key-like"
        };
        class = format!("{class}, {place}");
        words = format!("{words}; moved to column {new_col}: `{}`", short(moved));
    }
    (words, class)
}

// ---------------------------------------------------------------------------------------------

struct Grammar {
    label: &'static str,
    lang: Language,
}

struct Row {
    name: String,
    size: usize,
    lines: usize,
    full: Vec<Full>,
    edits: Vec<Option<Edits>>,
}

fn main() {
    install_c_allocator();
    // `cargo bench` passes `--bench`; other flags are ignored too.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let explicit = !args.is_empty();
    let names: Vec<String> = if explicit {
        args
    } else {
        DEFAULT_FILES.iter().map(|s| s.to_string()).collect()
    };
    let runs = env_usize("SPECLS_BENCH_PARSE_RUNS", 11).max(1);
    let n_edits = env_usize("SPECLS_BENCH_EDITS", 200);
    let seed = env_usize("SPECLS_BENCH_SEED", 1) as u64;
    let session = std::env::var("SPECLS_BENCH_SESSION").is_ok_and(|v| v == "1");
    let verify_every = env_usize("SPECLS_BENCH_VERIFY", 20);
    let skip = std::env::var("SPECLS_BENCH_SKIP").unwrap_or_default();
    let skip = |what: &str| skip.split(',').any(|s| s.trim() == what);
    let slow_ms: f64 = std::env::var("SPECLS_BENCH_SLOW_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let only_specls = std::env::var("SPECLS_BENCH_ONLY_SPECLS").is_ok_and(|v| v == "1");

    let grammars = [
        Grammar {
            label: "`Lang::Yaml`",
            lang: specls_grammars::Lang::Yaml.language(),
        },
        Grammar {
            label: "published `tree-sitter-yaml` 0.7",
            lang: tree_sitter_yaml::LANGUAGE.into(),
        },
    ];
    let load_start = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    eprintln!(
        "yaml_grammar bench: {runs} parse runs, {n_edits} edits per kind, seed {seed}, {}",
        if session {
            "session of edits"
        } else {
            "each edit reverted"
        }
    );

    let mut rows = Vec::new();
    for name in &names {
        let Some(path) = resolve(name) else {
            if explicit {
                panic!("{name}: no such file");
            }
            eprintln!("skip {name}: not found (run server/benches/prepare.sh; the corpus is ../shared/corpus)");
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut row = Row {
            name: name.clone(),
            size: text.len(),
            lines: text.lines().count(),
            full: Vec::new(),
            edits: Vec::new(),
        };
        for (gi, g) in grammars.iter().enumerate() {
            let left_out = only_specls && gi > 0;
            eprintln!("{name}: {}: full parse", g.label);
            row.full.push(bench_full(
                &g.lang,
                &text,
                runs,
                skip("parse") || left_out,
                skip("tree") || left_out,
            ));
            row.edits
                .push((!skip("edits") && n_edits > 0 && !left_out).then(|| {
                    eprintln!("{name}: {}: {} edits", g.label, 3 * n_edits);
                    // The slow edits are listed for the specls grammar only.
                    let slow = if gi == 0 { slow_ms } else { 0.0 };
                    let e = bench_edits(&g.lang, &text, n_edits, seed, session, verify_every, slow);
                    for (class, count) in &e.slow {
                        eprintln!("  slow edits: {count} × {class}");
                    }
                    e
                }));
        }
        rows.push(row);
    }
    let load_end = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();

    print_tables(&grammars, &rows, runs, n_edits, session, &skip);
    println!();
    println!(
        "(load average at start: {}; at end: {})",
        load_start.trim(),
        load_end.trim()
    );
}

fn header(grammars: &[Grammar], first: &[&str]) {
    let mut cols: Vec<&str> = first.to_vec();
    cols.extend(grammars.iter().map(|g| g.label));
    println!();
    println!("| {} |", cols.join(" | "));
    let aligns: Vec<&str> = (0..cols.len())
        .map(|i| if i == 0 { "---" } else { "---:" })
        .collect();
    println!("|{}|", aligns.join("|"));
}

fn file_cell(r: &Row) -> String {
    format!("`{}`", r.name)
}

fn print_tables(
    grammars: &[Grammar],
    rows: &[Row],
    runs: usize,
    n_edits: usize,
    session: bool,
    skip: &dyn Fn(&str) -> bool,
) {
    println!("Grammars:");
    header(grammars, &["grammar"]);
    let same = grammars[0].lang == grammars[1].lang;
    let cell = |f: &dyn Fn(&Language) -> String| -> Vec<String> {
        grammars.iter().map(|g| f(&g.lang)).collect()
    };
    let lines: [(&str, Vec<String>); 5] = [
        ("name", cell(&|l| l.name().unwrap_or("?").to_string())),
        ("ABI version", cell(&|l| l.abi_version().to_string())),
        ("node kinds", cell(&|l| l.node_kind_count().to_string())),
        ("parse states", cell(&|l| l.parse_state_count().to_string())),
        ("fields", cell(&|l| l.field_count().to_string())),
    ];
    for (what, v) in lines {
        println!("| {what} | {} |", v.join(" | "));
    }
    println!(
        "| same `Language` object as the other column | {} |",
        vec![if same { "yes" } else { "no" }; grammars.len()].join(" | ")
    );

    if !skip("parse") {
        println!();
        println!(
            "Full parse of a `&str` ({runs} runs): MB/s (10^6 bytes) from the median time / from the p95 time (median time):"
        );
        header(grammars, &["file", "size", "lines"]);
        for r in rows {
            let cells: Vec<String> = r
                .full
                .iter()
                .map(|f| {
                    let stops = f.stops_at.map_or(String::new(), |(_, line)| {
                        format!(" ⚠ the tree stops at line {line}")
                    });
                    format!(
                        "{} / {} ({}){stops}",
                        mb_per_s(r.size, f.times.median()),
                        mb_per_s(r.size, f.times.pct(95.0)),
                        ms(f.times.median())
                    )
                })
                .collect();
            println!(
                "| {} | {} | {} | {} |",
                file_cell(r),
                mib(r.size as i64),
                r.lines,
                cells.join(" | ")
            );
        }
    }

    println!();
    println!(
        "Errors in the fresh tree (the published grammar cannot read more than {PUBLISHED_MAX_LINES} lines):"
    );
    header(grammars, &["file", "lines"]);
    for r in rows {
        let cells: Vec<String> = r
            .full
            .iter()
            .map(|f| error_cell(r, f, !skip("tree")))
            .collect();
        println!("| {} | {} | {} |", file_cell(r), r.lines, cells.join(" | "));
    }

    if !skip("tree") {
        type Cell = dyn Fn(&Row, &Full) -> String;
        let tables: [(&str, &Cell); 5] = [
            (
                "Heap held by the `Tree` after a full parse (bytes freed by dropping it):",
                &|_, f| mib(f.tree_bytes),
            ),
            (
                "Peak live heap during the full parse, above what was live before it:",
                &|_, f| mib(f.peak_bytes),
            ),
            (
                "Nodes in the tree (`TreeCursor` walk, named and anonymous; named in parentheses):",
                &|_, f| format!("{} ({})", f.walk.nodes, f.walk.named),
            ),
            ("Heap bytes per node:", &|_, f| {
                format!("{:.1}", f.tree_bytes as f64 / f.walk.nodes.max(1) as f64)
            }),
            ("Dropping the tree:", &|_, f| ms(f.drop_time)),
        ];
        for (title, cell) in tables {
            println!();
            println!("{title}");
            header(grammars, &["file", "size"]);
            for r in rows {
                let cells: Vec<String> = r.full.iter().map(|f| cell(r, f)).collect();
                println!(
                    "| {} | {} | {} |",
                    file_cell(r),
                    mib(r.size as i64),
                    cells.join(" | ")
                );
            }
        }
    }

    if rows.iter().any(|r| r.edits.iter().any(Option::is_some)) {
        println!();
        println!(
            "Incremental reparse ({n_edits} edits of each kind at random positions, {}; only `parser.parse(text, Some(&edited_tree))` timed): median / p95 / p99 / max:",
            if session {
                "a session: each edit kept"
            } else {
                "each made on the original text and a copy of its fresh tree"
            }
        );
        header(grammars, &["file", "edit"]);
        for r in rows {
            for k in 0..=3 {
                let cells: Vec<String> = r
                    .edits
                    .iter()
                    .map(|e| {
                        let Some(e) = e else { return "–".to_string() };
                        let v: Vec<Duration> = if k < 3 {
                            e.times[k].clone()
                        } else {
                            e.times.concat()
                        };
                        let s = Sorted::new(v);
                        format!(
                            "{} / {} / {} / {}",
                            ms(s.median()),
                            ms(s.pct(95.0)),
                            ms(s.pct(99.0)),
                            ms(s.max())
                        )
                    })
                    .collect();
                let what = KINDS.get(k).copied().unwrap_or("**all**");
                println!("| {} | {what} | {} |", file_cell(r), cells.join(" | "));
            }
        }

        println!();
        println!(
            "Reparses with an error at the root (`has_error()`) where the fresh parse of the original file had none (information: random edits often make invalid YAML); `n/a` where the fresh parse already had one:"
        );
        header(grammars, &["file", "edit"]);
        for r in rows {
            for k in 0..=3 {
                let cells: Vec<String> = r
                    .edits
                    .iter()
                    .zip(&r.full)
                    .map(|(e, f)| {
                        let Some(e) = e else { return "–".to_string() };
                        if f.has_error {
                            return "n/a".to_string();
                        }
                        let (n, of) = if k < 3 {
                            (e.new_errors[k], e.times[k].len())
                        } else {
                            (
                                e.new_errors.iter().sum(),
                                e.times.iter().map(Vec::len).sum(),
                            )
                        };
                        format!("{n} / {of}")
                    })
                    .collect();
                let what = KINDS.get(k).copied().unwrap_or("**all**");
                println!("| {} | {what} | {} |", file_cell(r), cells.join(" | "));
            }
        }

        if rows
            .iter()
            .any(|r| r.edits.iter().flatten().any(|e| e.verified > 0))
        {
            println!();
            println!(
                "Incremental reparses that differ from a fresh parse of the same text (every `SPECLS_BENCH_VERIFY`-th edit; in parentheses: of them, where the fresh parse has no error):"
            );
            header(grammars, &["file"]);
            for r in rows {
                let cells: Vec<String> = r
                    .edits
                    .iter()
                    .map(|e| {
                        e.as_ref().map_or("–".to_string(), |e| {
                            format!(
                                "{} of {} ({})",
                                e.mismatched, e.verified, e.mismatched_clean
                            )
                        })
                    })
                    .collect();
                println!("| {} | {} |", file_cell(r), cells.join(" | "));
            }
        }
    }
}

/// The errors of a fresh tree, for the table.
fn error_cell(r: &Row, f: &Full, walked: bool) -> String {
    let stops = f.stops_at.map_or(String::new(), |(byte, line)| {
        format!(
            "; **the tree stops at line {line}** ({:.1} % of the bytes; the rest is not in it)",
            100.0 * byte as f64 / r.size.max(1) as f64
        )
    });
    if !f.has_error {
        return format!("no error (root `{}`){stops}", f.root_kind);
    }
    let mut s = if f.root_kind == "ERROR" {
        "**root is ERROR**".to_string()
    } else {
        format!("has_error (root `{}`)", f.root_kind)
    };
    if walked {
        let w = &f.walk;
        s.push_str(&format!(
            ": {} ERROR, {} MISSING; {:.1} % of the bytes in ERROR; first at line {}",
            w.errors,
            w.missing,
            100.0 * w.error_bytes as f64 / r.size.max(1) as f64,
            w.first_error_line
                .map_or("?".to_string(), |l| l.to_string())
        ));
    }
    s + &stops
}
