//! The specls benchmark (see BENCHMARKS.md): cold parse, `specls check`, and keystroke → diagnostics
//! over LSP, on large real specifications. A plain binary (`harness = false`) that prints medians
//! and p95 as markdown tables on stdout (progress goes to stderr).
//!
//! ```text
//! server/benches/prepare.sh && cargo bench -p specls --bench specls [-- FILE...]
//! ```
//!
//! Files: the arguments (relative paths are tried from the current folder, then from the
//! repository root; `cargo bench` runs this binary in `server/`), or by default the files that
//! `prepare.sh` puts in `.bench/` plus a few of the largest corpus files (`../shared/corpus`,
//! skipped when absent).
//!
//! The `specls` binary measured: `$SPECLS_BIN` if set, else the one Cargo builds with this bench
//! (`CARGO_BIN_EXE_specls`, same profile: `bench`, which inherits `release`).
//!
//! Knobs (environment): `SPECLS_BENCH_PARSE_RUNS` (default 7), `SPECLS_BENCH_CHECK_RUNS`
//! (default 5), `SPECLS_BENCH_EDITS` (default 60), `SPECLS_BENCH_SEED` (default 1),
//! `SPECLS_BENCH_SKIP` (comma-separated of `parse`, `check`, `lsp`, `phases`).

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ropey::Rope;
use serde_json::json;
use specls::syntax::{
    self, build, errors, text, Lang, LineCol, Parsed, PositionEncoding, SourceFile, TextChange,
};

const DEFAULT_FILES: &[&str] = &[
    ".bench/api.github.com.json",
    ".bench/api.github.com.yaml",
    "../shared/corpus/openapi/box/openapi.json",
    "../shared/corpus/openapi/discord/openapi.json",
    "../shared/corpus/openapi/sendgrid/oai.yaml",
    "../shared/corpus/openapi/xero/xero_accounting.yaml",
    "../shared/corpus/openapi/go-swagger-canary/docker-v1.41/swagger.yaml",
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

fn specls_bin() -> String {
    std::env::var("SPECLS_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_specls").to_string())
}

// ---------------------------------------------------------------------------------------------
// Statistics

#[derive(Clone, Copy)]
struct Stats {
    median: Duration,
    p95: Duration,
    max: Duration,
    n: usize,
}

fn stats(samples: &[Duration]) -> Stats {
    assert!(!samples.is_empty());
    let mut s = samples.to_vec();
    s.sort();
    let n = s.len();
    let median = if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2
    };
    // Nearest rank.
    let p95 = s[((0.95 * n as f64).ceil() as usize).clamp(1, n) - 1];
    Stats {
        median,
        p95,
        max: s[n - 1],
        n,
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

fn med_p95(s: &Stats) -> String {
    format!("{} / {}", ms(s.median), ms(s.p95))
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

// ---------------------------------------------------------------------------------------------
// The edits: single characters at pseudo-random places, a third of them newlines.

/// A small deterministic generator (SplitMix64), so that every run makes the same edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Clone)]
struct Edit {
    at: LineCol,
    text: &'static str,
}

const LETTERS: [&str; 8] = ["a", "e", "x", "s", "t", "1", "_", " "];

/// Makes `n` single-character insertions on the client's own copy of the text (a list of lines),
/// positions in UTF-16 code units: two letters (somewhere in a line's content, after its
/// indentation) for every newline (at the end of a line: a new empty line, valid in JSON and
/// YAML alike). Lines are picked uniformly over the whole file.
fn make_edits(text: &str, n: usize, seed: u64) -> Vec<Edit> {
    let mut lines: Vec<String> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect();
    if text.ends_with('\n') {
        lines.pop();
    }
    let mut rng = Rng(seed);
    let mut edits = Vec::with_capacity(n);
    for k in 0..n {
        let li = rng.below(lines.len());
        let line = &lines[li];
        let utf16_len: usize = line.chars().map(char::len_utf16).sum();
        if k % 3 == 2 {
            edits.push(Edit {
                at: LineCol {
                    line: li as u32,
                    col: utf16_len as u32,
                },
                text: "\n",
            });
            lines.insert(li + 1, String::new());
        } else {
            let indent_chars = line.chars().take_while(|c| *c == ' ' || *c == '\t').count();
            let content_chars = line.chars().count();
            let char_col = indent_chars + rng.below(content_chars - indent_chars + 1);
            let byte_col = line
                .char_indices()
                .nth(char_col)
                .map_or(line.len(), |(b, _)| b);
            let col16: usize = line[..byte_col].chars().map(char::len_utf16).sum();
            let ch = LETTERS[rng.below(LETTERS.len())];
            edits.push(Edit {
                at: LineCol {
                    line: li as u32,
                    col: col16 as u32,
                },
                text: ch,
            });
            lines[li].insert_str(byte_col, ch);
        }
    }
    edits
}

// ---------------------------------------------------------------------------------------------
// 1. Cold parse + node tree

fn bench_parse(lang: Lang, text: &str, runs: usize) -> (Stats, usize) {
    let mut samples = Vec::new();
    let mut n_errors = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let parsed = Parsed::new(lang, text);
        samples.push(t.elapsed());
        n_errors = parsed.errors().len();
        // Dropping a large tree is not free: keep it out of the timing.
        drop(parsed);
    }
    (stats(&samples), n_errors)
}

// ---------------------------------------------------------------------------------------------
// 2. `specls check FILE`: wall time and peak RSS of the process

struct CheckResult {
    wall: Stats,
    max_rss: u64,
    exit: i32,
}

/// Runs one `specls check` and returns its wall time, peak RSS and exit code.
///
/// The peak RSS comes from `wait4`, which gives that child's own rusage. But on Linux a child's
/// `ru_maxrss` starts from the RSS of the process it was forked (or vforked) from, recorded at
/// `exec`: measured from this big process, every small `check` would report this process's peak.
/// So this process starts a fresh, small copy of itself as a launcher (`SPECLS_BENCH_LAUNCH=1`),
/// and that launcher starts `specls check`, waits for it and prints what it measured.
fn run_check_once(bin: &str, path: &Path) -> (Duration, u64, i32) {
    let out = Command::new(std::env::current_exe().expect("own path"))
        .env("SPECLS_BENCH_LAUNCH", "1")
        .arg(bin)
        .arg(path)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .expect("start the launcher");
    let line = String::from_utf8_lossy(&out.stdout);
    let v: Vec<u64> = line
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    assert_eq!(v.len(), 3, "launcher said {line:?}");
    (Duration::from_nanos(v[0]), v[1], v[2] as i32)
}

/// The launcher: `specls check PATH` from a small process; prints `wall_ns max_rss_bytes exit`.
fn launch(bin: &str, path: &str) {
    let t = Instant::now();
    let child = Command::new(bin)
        .arg("check")
        .arg(path)
        .current_dir(repo_root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start specls check");
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: plain system call on our own child; `rusage` is a plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = t.elapsed();
    assert_eq!(r, pid, "wait4 failed: {}", std::io::Error::last_os_error());
    // The child is reaped: `Child` must not wait for it again (dropping it does not).
    std::mem::forget(child);
    let exit = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        255
    };
    // Linux reports ru_maxrss in KiB.
    println!(
        "{} {} {}",
        wall.as_nanos(),
        usage.ru_maxrss as u64 * 1024,
        exit
    );
}

fn bench_check(bin: &str, path: &Path, runs: usize) -> CheckResult {
    let mut walls = Vec::new();
    let mut max_rss = 0;
    let mut exit = 0;
    for _ in 0..runs {
        let (w, rss, e) = run_check_once(bin, path);
        walls.push(w);
        max_rss = max_rss.max(rss);
        exit = e;
    }
    CheckResult {
        wall: stats(&walls),
        max_rss,
        exit,
    }
}

// ---------------------------------------------------------------------------------------------
// 3. LSP: didOpen → diagnostics, then keystroke → diagnostics

struct LspResult {
    open: Duration,
    open_diags: usize,
    edits: Stats,
    last_diags: usize,
    /// The server's RSS after the first diagnostics, and its peak RSS (VmHWM) after the edits,
    /// when /proc says.
    rss_open: Option<u64>,
    server_hwm: Option<u64>,
}

/// A size from `/proc/PID/status` (`VmRSS:`, `VmHWM:`), Linux only.
fn proc_status_bytes(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn bench_lsp(bin: &str, path: &Path, lang: Lang, text: &str, edits: &[Edit]) -> LspResult {
    let mut client = lsp_client::LspClient::start(bin, &[]);
    let dir = path.parent().unwrap_or(Path::new("."));
    let root_uri = lsp_client::file_uri(dir);
    let init = client.initialize(&root_uri, &["utf-16"], json!({}));
    let enc = init["capabilities"]["positionEncoding"]
        .as_str()
        .unwrap_or("utf-16");
    assert_eq!(enc, "utf-16", "the server should negotiate utf-16");
    let uri = lsp_client::file_uri(path);

    // The timer includes the client's serialization and the pipe: what an editor would see.
    let t = Instant::now();
    client.did_open(&uri, lang.name(), 1, text);
    let d = client
        .diagnostics(&uri, Some(1))
        .expect("diagnostics after didOpen");
    let open = t.elapsed();
    let open_diags = d["diagnostics"].as_array().map_or(0, Vec::len);
    let rss_open = proc_status_bytes(client.pid(), "VmRSS:");
    // `SPECLS_BENCH_SETTLE=SECONDS`: a pause before typing, for the background work the open
    // started to finish (the breaking-change baseline of a spec in git takes ~2 s to read), so
    // that the edits measure the keystroke path alone.
    if let Some(s) = std::env::var("SPECLS_BENCH_SETTLE")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
    {
        std::thread::sleep(Duration::from_secs_f64(s));
    }

    let mut samples = Vec::with_capacity(edits.len());
    let mut last_diags = open_diags;
    for (i, e) in edits.iter().enumerate() {
        let version = i as i64 + 2;
        let range = json!({
            "start": {"line": e.at.line, "character": e.at.col},
            "end": {"line": e.at.line, "character": e.at.col},
        });
        let t = Instant::now();
        client.did_change(&uri, version, json!([{"range": range, "text": e.text}]));
        let d = client.diagnostics(&uri, Some(version)).unwrap_or_else(|| {
            panic!("no diagnostics for version {version} of {}", path.display())
        });
        samples.push(t.elapsed());
        last_diags = d["diagnostics"].as_array().map_or(0, Vec::len);
    }
    let server_hwm = proc_status_bytes(client.pid(), "VmHWM:");
    client.shutdown();
    LspResult {
        open,
        open_diags,
        edits: stats(&samples),
        last_diags,
        rss_open,
        server_hwm,
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Phases of one incremental edit, in process: the same steps as `PendingParse::run` plus the
//    server's diagnostics and their conversion to positions, each timed on its own.

#[derive(Default)]
struct Phases {
    edit: Vec<Duration>,
    reparse: Vec<Duration>,
    build: Vec<Duration>,
    errors: Vec<Duration>,
    diagnostics: Vec<Duration>,
    positions: Vec<Duration>,
    total: Vec<Duration>,
    /// `SourceFile::edit` + `parsed()` + `analysis::diagnostics`, the library's own path.
    library: Vec<Duration>,
}

#[derive(Default)]
struct ColdSamples {
    ts_str: Vec<Duration>,
    ts_rope: Vec<Duration>,
    ts_rope_progress: Vec<Duration>,
    build: Vec<Duration>,
    errors: Vec<Duration>,
    diagnostics: Vec<Duration>,
    drop: Vec<Duration>,
    strict_json: Vec<Duration>,
}

struct Cold {
    ts_str: Stats,
    ts_rope: Stats,
    ts_rope_progress: Stats,
    build: Stats,
    errors: Stats,
    diagnostics: Stats,
    drop: Stats,
    /// JSON only: the node tree read straight from the text (`syntax::strict_json`).
    strict_json: Option<Stats>,
}

fn parser_for(lang: Lang) -> tree_sitter::Parser {
    let mut p = tree_sitter::Parser::new();
    p.set_language(&lang.language()).expect("grammar ABI");
    p
}

fn parse_rope(
    parser: &mut tree_sitter::Parser,
    rope: &Rope,
    old: Option<&tree_sitter::Tree>,
) -> tree_sitter::Tree {
    let mut read = |byte: usize, _| -> &[u8] {
        if byte >= rope.len_bytes() {
            return &[];
        }
        let (chunk, chunk_start, _, _) = rope.chunk_at_byte(byte);
        &chunk.as_bytes()[byte - chunk_start..]
    };
    parser
        .parse_with_options(&mut read, old, None)
        .expect("parse finishes")
}

/// What the server does after the analysis: every diagnostic's range as line/column.
fn convert_positions(rope: &Rope, diags: &[specls::analysis::Diagnostic]) -> usize {
    let mut acc = 0usize;
    for d in diags {
        let a = text::position_of(rope, d.range.start, PositionEncoding::Utf16);
        let b = text::position_of(rope, d.range.end, PositionEncoding::Utf16);
        acc = acc.wrapping_add((a.line ^ b.col) as usize);
        for r in &d.related {
            let a = text::position_of(rope, r.range.start, PositionEncoding::Utf16);
            acc = acc.wrapping_add(a.line as usize);
        }
    }
    acc
}

fn bench_phases(lang: Lang, text_in: &str, edits: &[Edit]) -> Phases {
    let enc = PositionEncoding::Utf16;
    let mut parser = parser_for(lang);
    let rope = Rope::from_str(text_in);
    let cst = parse_rope(&mut parser, &rope, None);
    let tree = build::build(lang, &rope, &cst, None);
    let errs = errors::syntax_errors(lang, &rope, &cst);
    let mut parsed = Arc::new(Parsed::from_parts(lang, rope, cst, tree, Some(errs), true));
    let verbose = std::env::var_os("SPECLS_BENCH_VERBOSE").is_some();

    let mut ph = Phases::default();
    for e in edits {
        let change = TextChange {
            range: Some((e.at, e.at)),
            text: e.text.to_string(),
        };
        let t0 = Instant::now();
        // The edit, as `SourceFile::edit` does it.
        let mut rope = parsed.rope.clone();
        let mut edited = parsed.cst().into_owned();
        let a = text::offset_of(&rope, e.at, enc);
        let start_position = text::ts_point(&rope, a);
        let (start, old_end, new_end) = syntax::apply_change(&mut rope, &change, enc);
        let new_end_position = text::ts_point(&rope, new_end);
        edited.edit(&tree_sitter::InputEdit {
            start_byte: start,
            old_end_byte: old_end,
            new_end_byte: new_end,
            start_position,
            old_end_position: start_position,
            new_end_position,
        });
        let dirty = build::Dirty::add(None, start, old_end, new_end);
        let t1 = Instant::now();
        let cst = parse_rope(&mut parser, &rope, Some(&edited));
        let t2 = Instant::now();
        let tree = build::build(
            lang,
            &rope,
            &cst,
            Some(build::Reuse {
                old: &parsed.tree,
                old_cst: &edited,
                dirty,
            }),
        );
        let t3 = Instant::now();
        let errs = errors::syntax_errors(lang, &rope, &cst);
        let t4 = Instant::now();
        let next = Arc::new(Parsed::from_parts(lang, rope, cst, tree, Some(errs), true));
        let diags = specls::analysis::diagnostics(&next);
        let t5 = Instant::now();
        std::hint::black_box(convert_positions(&next.rope, &diags));
        let t6 = Instant::now();
        ph.edit.push(t1 - t0);
        ph.reparse.push(t2 - t1);
        ph.build.push(t3 - t2);
        ph.errors.push(t4 - t3);
        ph.diagnostics.push(t5 - t4);
        ph.positions.push(t6 - t5);
        ph.total.push(t6 - t0);
        if verbose {
            eprintln!(
                "  edit {:?} at {}:{}: reparse {} node tree {} errors {} ({} errors, {} diagnostics)",
                e.text,
                e.at.line + 1,
                e.at.col + 1,
                ms(t2 - t1),
                ms(t3 - t2),
                ms(t4 - t3),
                next.errors().len(),
                diags.len()
            );
        }
        // The old parse is dropped outside the timing (the server drops it on another thread too).
        parsed = next;
    }

    // The library's own path, for comparison (it also installs a progress callback for
    // cancellation and keeps the edited tree between edits).
    let mut file = SourceFile::new(lang, text_in);
    for e in edits {
        let change = TextChange {
            range: Some((e.at, e.at)),
            text: e.text.to_string(),
        };
        let t = Instant::now();
        file.edit(&change, enc);
        let p = file.parsed();
        let d = specls::analysis::diagnostics(&p);
        ph.library.push(t.elapsed());
        std::hint::black_box(d.len());
    }
    // Same text at the end on both paths.
    assert_eq!(file.rope().len_bytes(), parsed.rope.len_bytes());
    ph
}

/// The cold parse step by step, `runs` times each: tree-sitter on one contiguous string, on the
/// rope's chunks (what specls does), and on the rope's chunks with a progress callback (what
/// specls does, for cancellation); then the node tree, the syntax errors, the diagnostics, and
/// dropping the result.
fn bench_cold(lang: Lang, text: &str, runs: usize) -> Cold {
    let mut c = ColdSamples::default();
    let mut parser = parser_for(lang);
    let rope = Rope::from_str(text);
    for _ in 0..runs {
        let t = Instant::now();
        let cst = parser.parse(text, None).expect("parse");
        c.ts_str.push(t.elapsed());
        drop(cst);

        let t = Instant::now();
        let cst = parse_rope(&mut parser, &rope, None);
        c.ts_rope.push(t.elapsed());
        drop(cst);

        let cancel = std::sync::atomic::AtomicBool::new(false);
        let t = Instant::now();
        let cst = specls::syntax::parse_cst(lang, &rope, None, Some(&cancel)).expect("parse");
        c.ts_rope_progress.push(t.elapsed());

        let t = Instant::now();
        let tree = build::build(lang, &rope, &cst, None);
        c.build.push(t.elapsed());
        let t = Instant::now();
        let errs = errors::syntax_errors(lang, &rope, &cst);
        c.errors.push(t.elapsed());
        let parsed = Parsed::from_parts(lang, rope.clone(), cst, tree, Some(errs), true);
        let t = Instant::now();
        let d = specls::analysis::diagnostics(&parsed);
        c.diagnostics.push(t.elapsed());
        std::hint::black_box(d.len());
        let t = Instant::now();
        drop(parsed);
        c.drop.push(t.elapsed());

        if lang == Lang::Json {
            let t = Instant::now();
            let tree = specls::syntax::strict_json::build(text);
            c.strict_json.push(t.elapsed());
            assert!(tree.is_some(), "not strict JSON");
        }
    }
    Cold {
        ts_str: stats(&c.ts_str),
        ts_rope: stats(&c.ts_rope),
        ts_rope_progress: stats(&c.ts_rope_progress),
        build: stats(&c.build),
        errors: stats(&c.errors),
        diagnostics: stats(&c.diagnostics),
        drop: stats(&c.drop),
        strict_json: (!c.strict_json.is_empty()).then(|| stats(&c.strict_json)),
    }
}

// ---------------------------------------------------------------------------------------------

struct Row {
    name: String,
    size: u64,
    lines: usize,
    parse: Option<(Stats, usize)>,
    check: Option<CheckResult>,
    lsp: Option<LspResult>,
    phases: Option<Phases>,
    cold: Option<Cold>,
}

fn resolve(arg: &str) -> Option<PathBuf> {
    let p = PathBuf::from(arg);
    if p.exists() {
        return Some(p);
    }
    let q = repo_root().join(arg);
    q.exists().then_some(q)
}

fn main() {
    if std::env::var_os("SPECLS_BENCH_LAUNCH").is_some() {
        let a: Vec<String> = std::env::args().collect();
        launch(&a[1], &a[2]);
        return;
    }
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
    let parse_runs = env_usize("SPECLS_BENCH_PARSE_RUNS", 7).max(1);
    let check_runs = env_usize("SPECLS_BENCH_CHECK_RUNS", 5).max(1);
    let n_edits = env_usize("SPECLS_BENCH_EDITS", 60).max(1);
    let cold_runs = env_usize("SPECLS_BENCH_COLD_RUNS", 3).max(1);
    let seed = env_usize("SPECLS_BENCH_SEED", 1) as u64;
    let skip = std::env::var("SPECLS_BENCH_SKIP").unwrap_or_default();
    let skip = |what: &str| skip.split(',').any(|s| s.trim() == what);
    let bin = specls_bin();
    // Other work on the machine skews every figure: say how busy it was.
    let load_start = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    eprintln!("specls bench: binary {bin}; {parse_runs} parse runs, {check_runs} check runs, {n_edits} edits per file");

    let mut rows = Vec::new();
    for name in &names {
        let Some(path) = resolve(name) else {
            if explicit {
                panic!("{name}: no such file");
            }
            eprintln!("skip {name}: not found (run server/benches/prepare.sh; the corpus is ../shared/corpus)");
            continue;
        };
        let lang = Lang::from_path(&path).unwrap_or_else(|| panic!("{name}: not .json/.yaml/.yml"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let lines = text.lines().count();
        let mut row = Row {
            name: name.clone(),
            size: text.len() as u64,
            lines,
            parse: None,
            check: None,
            lsp: None,
            phases: None,
            cold: None,
        };
        let edits = make_edits(&text, n_edits, seed);
        if !skip("parse") {
            eprintln!("{name}: parse ×{parse_runs}");
            row.parse = Some(bench_parse(lang, &text, parse_runs));
        }
        if !skip("check") {
            eprintln!("{name}: specls check ×{check_runs}");
            row.check = Some(bench_check(&bin, &path, check_runs));
        }
        if !skip("lsp") {
            eprintln!("{name}: LSP open + {n_edits} edits");
            row.lsp = Some(bench_lsp(&bin, &path, lang, &text, &edits));
        }
        if !skip("phases") {
            eprintln!("{name}: phases of {n_edits} edits, in process");
            row.phases = Some(bench_phases(lang, &text, &edits));
        }
        if !skip("cold") {
            eprintln!("{name}: cold parse step by step ×{cold_runs}");
            row.cold = Some(bench_cold(lang, &text, cold_runs));
        }
        rows.push(row);
    }

    let load_end = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    print_tables(&rows, n_edits);
    println!(
        "(load average at start: {}; at end: {})",
        load_start.trim(),
        load_end.trim()
    );
}

fn print_tables(rows: &[Row], n_edits: usize) {
    let na = || "–".to_string();
    println!();
    println!(
        "| file | size | lines | parse+tree median / p95 | `check` wall median | `check` peak RSS | open → diagnostics | edit → diagnostics median / p95 (max) | diagnostics after open / after edits | server RSS after open / peak |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let name = format!("`{}`", r.name);
        let parse = r.parse.as_ref().map_or_else(na, |(s, _)| med_p95(s));
        let (check_wall, check_rss) = r.check.as_ref().map_or_else(
            || (na(), na()),
            |c| {
                let exit = if c.exit == 0 {
                    String::new()
                } else {
                    format!(" (exit {})", c.exit)
                };
                (format!("{}{exit}", ms(c.wall.median)), mib(c.max_rss))
            },
        );
        let (open, edit, diags, hwm) = r.lsp.as_ref().map_or_else(
            || (na(), na(), na(), na()),
            |l| {
                (
                    ms(l.open),
                    format!("{} ({})", med_p95(&l.edits), ms(l.edits.max)),
                    format!("{} / {}", l.open_diags, l.last_diags),
                    format!(
                        "{} / {}",
                        l.rss_open.map_or_else(na, mib),
                        l.server_hwm.map_or_else(na, mib)
                    ),
                )
            },
        );
        println!(
            "| {name} | {} | {} | {parse} | {check_wall} | {check_rss} | {open} | {edit} | {diags} | {hwm} |",
            mib(r.size),
            r.lines
        );
    }

    if rows.iter().any(|r| r.phases.is_some()) {
        println!();
        println!("Phases of one incremental edit, in process, on the same {n_edits} edits (median / p95):");
        println!();
        println!(
            "| file | edit (rope + tree.edit) | tree-sitter reparse | node tree (reuse) | syntax errors | diagnostics | positions | total | library path (`SourceFile`) |"
        );
        println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for r in rows {
            let Some(p) = &r.phases else { continue };
            let f = |v: &Vec<Duration>| med_p95(&stats(v));
            println!(
                "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.name,
                f(&p.edit),
                f(&p.reparse),
                f(&p.build),
                f(&p.errors),
                f(&p.diagnostics),
                f(&p.positions),
                f(&p.total),
                f(&p.library),
            );
        }
    }
    if rows.iter().any(|r| r.cold.is_some()) {
        let runs = rows
            .iter()
            .find_map(|r| r.cold.as_ref().map(|c| c.build.n))
            .unwrap_or(0);
        println!();
        println!("The cold parse step by step, in process (median of {runs}):");
        println!();
        println!(
            "| file | tree-sitter on a `&str` | tree-sitter on the rope | … with progress callback (specls) | node tree | syntax errors | diagnostics | drop | strict JSON, node tree without tree-sitter (`specls check`) |"
        );
        println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for r in rows {
            let Some(c) = &r.cold else { continue };
            println!(
                "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.name,
                ms(c.ts_str.median),
                ms(c.ts_rope.median),
                ms(c.ts_rope_progress.median),
                ms(c.build.median),
                ms(c.errors.median),
                ms(c.diagnostics.median),
                ms(c.drop.median),
                c.strict_json.as_ref().map_or("–".into(), |s| ms(s.median)),
            );
        }
    }
    let n = rows
        .iter()
        .find_map(|r| r.parse.as_ref().map(|(s, _)| s.n))
        .unwrap_or(0);
    println!();
    println!(
        "(parse runs per file: {n}; sizes in MiB of UTF-8; lines as `str::lines` counts them)"
    );
}
