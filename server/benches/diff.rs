//! `specls diff` of two releases of GitHub's OpenAPI description (`@octokit/openapi` 22.0.0 and
//! 23.0.2, ~12 MB of JSON each; `server/benches/prepare.sh` fetches them into `.bench/`), in
//! process: reading and parsing both sides, then the diff itself, and the whole. Also checks the
//! report against its snapshot, `test-workspaces/breaking-github/report.md` (`UPDATE_EXPECT=1`
//! rewrites it), and fails when it differs.
//!
//! ```text
//! server/benches/prepare.sh && cargo bench -p specls --bench diff [-- RUNS]
//! ```
//! Prints median and p95 of each as a markdown table.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use specls::diff::{self, Side};
use specls::refs::DiskLoader;

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let median = v[v.len() / 2];
    let p95 = v[((v.len() as f64) * 0.95).ceil() as usize - 1];
    (median, p95)
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(7)
        .max(5);
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bench = manifest.join("../.bench");
    let (old_path, new_path) = (
        bench.join("api.github.com.old.json"),
        bench.join("api.github.com.json"),
    );
    for p in [&old_path, &new_path] {
        if !p.is_file() {
            eprintln!(
                "{} is missing: run server/benches/prepare.sh first",
                p.display()
            );
            std::process::exit(2);
        }
    }
    let (mut load, mut compare, mut total) = (Vec::new(), Vec::new(), Vec::new());
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let loader = DiskLoader::new(vec![bench.clone()], 64 << 20);
        let (old, new) = std::thread::scope(|s| {
            let o = s.spawn(|| Side::load(&old_path, &loader).unwrap());
            let n = Side::load(&new_path, &loader).unwrap();
            (o.join().unwrap(), n)
        });
        let loaded = t.elapsed();
        let changes = diff::diff(&old, &new).unwrap();
        let all = t.elapsed();
        load.push(loaded);
        compare.push(all - loaded);
        total.push(all);
        last = Some((old, new, changes));
    }
    let (old, new, changes) = last.unwrap();
    println!("| `specls diff` GitHub 22.0.0 → 23.0.2, {runs} runs | median | p95 |\n|---|---|---|");
    for (name, v) in [
        ("read + parse both sides", load),
        ("diff", compare),
        ("total", total),
    ] {
        let (m, p) = stats(v);
        println!("| {name} | {} | {} |", ms(m), ms(p));
    }
    // What an editor redoes after an edit of one operation: that operation's walk only.
    let scope = diff::Scope::Operation("POST /repos/{owner}/{repo}/pulls".into());
    let mut one = Vec::new();
    let mut found = 0;
    for _ in 0..30 {
        let t = Instant::now();
        found = diff::diff_only(&old, &new, std::slice::from_ref(&scope))
            .unwrap()
            .len();
        one.push(t.elapsed());
    }
    let (m, p) = stats(one);
    println!(
        "| re-diff of one operation (`{}`, {found} changes), 30 runs | {:.2} ms | {:.2} ms |",
        scope.label(),
        m.as_secs_f64() * 1e3,
        p.as_secs_f64() * 1e3
    );
    keystrokes(&old, &new_path, &bench);
    println!("\n{}", diff::report::summary(&changes));

    let report = github_report(&old, &new, &changes);
    let snapshot = manifest.join("../test-workspaces/breaking-github/report.md");
    let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
    if report != expected {
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
            std::fs::write(&snapshot, &report).unwrap();
            eprintln!("{} rewritten", snapshot.display());
        } else {
            eprintln!(
                "the report differs from {} (UPDATE_EXPECT=1 rewrites it)",
                snapshot.display()
            );
            std::process::exit(1);
        }
    }
}

/// The committed report: counts per check, then every finding (Markdown).
fn github_report(old: &Side, new: &Side, changes: &[diff::Change]) -> String {
    let place = |l: &diff::Location, is_old: bool| {
        let side = if is_old { old } else { new };
        let (line, col) = side
            .files
            .iter()
            .find(|(p, _)| *p == l.file)
            .map(|(_, parsed)| specls::syntax::text::human_position(&parsed.rope, l.range.start))
            .unwrap_or((1, 1));
        let name = Path::new(&l.file).file_name().unwrap().to_string_lossy();
        (name.into_owned(), line, col)
    };
    let mut counts: Vec<(&str, &str, usize)> = Vec::new();
    for c in changes {
        match counts.iter_mut().find(|(id, _, _)| *id == c.check.id) {
            Some(e) => e.2 += 1,
            None => counts.push((c.check.id, c.level().as_str(), 1)),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    let mut s = String::from(
        "<!-- Generated by `cargo bench -p specls --bench diff` (UPDATE_EXPECT=1 rewrites it) from GitHub's OpenAPI description in @octokit/openapi 22.0.0 (api.github.com.old.json) and 23.0.2 (api.github.com.json); see server/benches/prepare.sh. -->\n\n",
    );
    s.push_str("## Findings per check\n\n| Check | Level | Findings |\n|---|---|---|\n");
    for (id, level, n) in counts {
        s.push_str(&format!("| `{id}` | {level} | {n} |\n"));
    }
    s.push('\n');
    s.push_str(&diff::report::markdown(
        "GitHub REST API: @octokit/openapi 22.0.0 → 23.0.2",
        changes,
        &place,
    ));
    s
}

/// What the editor's breaking-change hints cost per keystroke: random one-character edits of
/// the new side (a letter in a line's content, or a new line, as the keystroke bench types
/// them), each compared again where it touched the spec ([`Hinted::rediff`]); the parse is not
/// timed. Each result is checked against a whole comparison of the same text, and the bench
/// fails if one differs.
fn keystrokes(old: &Side, new_path: &Path, bench: &Path) {
    use specls::diff::incremental::Hinted;
    use specls::syntax::{Lang, LineCol, PositionEncoding, SourceFile, TextChange};
    const EDITS: usize = 100;
    let text = std::fs::read_to_string(new_path).unwrap();
    let loader = DiskLoader::new(vec![bench.to_path_buf()], 64 << 20);
    let root = specls::refs::normalize(new_path);
    let mut file = SourceFile::new(Lang::Json, &text);
    let side = Side::with_root(root.clone(), file.parsed(), &loader);
    let changes = diff::diff(old, &side).unwrap();
    let mut hinted = Hinted::new(side, changes);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut below = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let (mut times, mut whole) = (Vec::new(), std::collections::BTreeMap::new());
    let (mut again, mut nothing) = (0, 0);
    for k in 0..EDITS {
        let li = below(lines.len());
        let line = &lines[li];
        let (col, typed) = if k % 3 == 2 {
            (line.len(), "\n")
        } else {
            let indent = line.len() - line.trim_start().len();
            let mut col = indent + below(line.len() - indent + 1);
            while !line.is_char_boundary(col) {
                col -= 1;
            }
            (col, ["a", "e", "x", "s", "1", "_", " "][below(7)])
        };
        let at = LineCol {
            line: li as u32,
            col: col as u32,
        };
        file.edit(
            &TextChange {
                range: Some((at, at)),
                text: typed.into(),
            },
            PositionEncoding::Utf8,
        );
        if typed == "\n" {
            lines.insert(li + 1, String::new());
        } else {
            lines[li].insert_str(col, typed);
        }
        let parsed = file.parsed();
        let t = Instant::now();
        let redone = hinted.rediff(old, parsed.clone(), &loader);
        let took = t.elapsed();
        let side = Side::with_root(root.clone(), parsed, &loader);
        let full = diff::diff(old, &side).unwrap();
        match redone {
            Ok(r) => {
                times.push(took);
                if r.scopes.is_empty() {
                    nothing += 1;
                } else {
                    again += 1;
                }
                let key = |c: &diff::Change| (c.check.id, c.at.clone(), c.full_message());
                let (a, b): (Vec<_>, Vec<_>) = (
                    hinted.changes.iter().map(key).collect(),
                    full.iter().map(key).collect(),
                );
                if a != b {
                    eprintln!("edit {k} ({typed:?} at {}:{col}): the changes differ from a whole comparison", li + 1);
                    std::process::exit(1);
                }
            }
            Err(why) => {
                *whole.entry(why).or_insert(0) += 1;
                hinted = Hinted::new(side, full);
            }
        }
    }
    let (m, p) = stats(times.clone());
    println!(
        "| hints after a keystroke: compared again where the edit touched ({} of {EDITS} edits: {again} re-diffed some operations, {nothing} nothing), each equal to a whole comparison | {:.2} ms | {:.2} ms |",
        times.len(),
        m.as_secs_f64() * 1e3,
        p.as_secs_f64() * 1e3
    );
    println!("\nEdits compared as a whole (when typing pauses): {whole:?}");
}
