//! `$ref` navigation on DigitalOcean's multi-file spec (2,907 files, ~9,400 refs), in process:
//! cold index of the workspace, go-to-definition (resolving one `$ref`), hover (resolve and
//! preview), find references of the most used target, and the edits of a rename. Over LSP, with
//! the built server: an edit in an open fragment (`shared/headers.yml`, which 462 files use)
//! until an open document that references it (`shared/responses/bad_request.yml`) is published
//! with diagnostics that reflect the edit.
//!
//! ```text
//! cargo bench -p specls --bench refs [-- SPEC_FOLDER]
//! ```
//! Prints median and p95 of each as a markdown table.

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use specls::refs::index::{rename_edits, workspace_files, RefIndex};
use specls::refs::{self, DiskLoader, Loader, Resolution};

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let median = v[v.len() / 2];
    let p95 = v[((v.len() as f64) * 0.95).ceil() as usize - 1];
    (median, p95)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let folder = arg
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../shared/corpus/multifile/digitalocean"));
    let root = refs::normalize(&refs::absolute(&folder));
    let mut rows = Vec::new();

    // Cold index: list the files, parse them, collect their refs (a fresh loader each time).
    let mut cold = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let t = Instant::now();
        let disk = DiskLoader::new(vec![root.clone()], 64 << 20);
        let index = RefIndex::default();
        let files = workspace_files(std::slice::from_ref(&root));
        index.scan(&files, &disk, &|_| {});
        cold.push(t.elapsed());
        last = Some((disk, index, files));
    }
    let (disk, index, files) = last.unwrap();
    let (nfiles, nrefs) = index.size();
    let (m, p) = stats(cold);
    rows.push(format!(
        "| cold index ({nfiles} files, {nrefs} refs), 5 runs | {} | {} |",
        ms(m),
        ms(p)
    ));

    // Every site, with its file.
    let mut sites = Vec::new();
    for f in &files {
        if let Some(parsed) = disk.load(f) {
            for s in refs::ref_sites(&parsed) {
                sites.push((f.clone(), parsed.clone(), s));
            }
        }
    }
    let step = (sites.len() / 500).max(1);
    let sample: Vec<_> = sites.iter().step_by(step).collect();

    // Go-to-definition: one resolution.
    let mut def = Vec::new();
    let mut targets: std::collections::HashMap<(PathBuf, std::ops::Range<usize>), usize> =
        Default::default();
    for (f, parsed, s) in &sample {
        let t = Instant::now();
        let r = refs::resolve(&s.raw, f, parsed, &disk);
        def.push(t.elapsed());
        if let Resolution::Found { file, range } = r {
            *targets.entry((file, range)).or_default() += 1;
        }
    }
    let (m, p) = stats(def);
    rows.push(format!(
        "| go-to-definition ({} refs) | {} | {} |",
        sample.len(),
        ms(m),
        ms(p)
    ));

    // Hover: resolve and preview.
    let mut hover = Vec::new();
    for (f, parsed, s) in &sample {
        let t = Instant::now();
        if let Resolution::Found { file, range } = refs::resolve(&s.raw, f, parsed, &disk) {
            if let Some(tp) = disk.load(&file) {
                std::hint::black_box(refs::preview(&file, &tp, &range, ""));
            }
        }
        hover.push(t.elapsed());
    }
    let (m, p) = stats(hover);
    rows.push(format!(
        "| hover ({} refs) | {} | {} |",
        sample.len(),
        ms(m),
        ms(p)
    ));

    // References of the most used target (in the sample).
    let ((tf, tr), uses) = targets.into_iter().max_by_key(|(_, n)| *n).unwrap();
    let mut refs_t = Vec::new();
    let mut found = 0;
    for _ in 0..20 {
        let t = Instant::now();
        found = index.references(&tf, &tr, &disk, &|_| None).len();
        refs_t.push(t.elapsed());
    }
    let first = refs_t.remove(0);
    let (m, p) = stats(refs_t);
    rows.push(format!(
        "| references of the most used target ({found} refs; {uses} in the sample): first query after a change (every `$ref` resolved) | {} | – |",
        ms(first)
    ));
    rows.push(format!(
        "| … the next 19 queries (resolutions cached until something changes) | {} | {} |",
        ms(m),
        ms(p)
    ));
    // After an edit of the target's own file (what every file that reads it must resolve again).
    let mut after_edit = Vec::new();
    for _ in 0..10 {
        index.touch_file(&tf);
        let t = Instant::now();
        std::hint::black_box(index.references(&tf, &tr, &disk, &|_| None).len());
        after_edit.push(t.elapsed());
    }
    let (m, p) = stats(after_edit);
    rows.push(format!(
        "| … the first query after an edit of the target's file ({}), 10 edits | {} | {} |",
        tf.strip_prefix(&root).unwrap_or(&tf).display(),
        ms(m),
        ms(p)
    ));

    // Rename: the edits for renaming a component key that many refs name (if the spec has one).
    let candidates: Vec<(PathBuf, Vec<String>)> = files
        .iter()
        .filter_map(|f| {
            let parsed = disk.load(f)?;
            let root = parsed.tree.root()?;
            let (k, v) = root.entries().next()?;
            let _ = v;
            Some((f.clone(), vec![k.node.key_text()?.into_owned()]))
        })
        .take(50)
        .collect();
    let mut rename = Vec::new();
    let mut edits = 0;
    for (f, path) in &candidates {
        let parsed = disk.load(f).unwrap();
        let t = Instant::now();
        edits += rename_edits(&index, &|_| None, f, &parsed, path, "renamed_by_bench")
            .map_or(0, |e| e.len());
        rename.push(t.elapsed());
    }
    if !rename.is_empty() {
        let (m, p) = stats(rename);
        rows.push(format!(
            "| rename edits ({} keys, {edits} edits in all) | {} | {} |",
            candidates.len(),
            ms(m),
            ms(p)
        ));
    }
    // Unused components: reachability over the whole workspace, once per index generation.
    let mut unused_t = Vec::new();
    let mut unused_n = 0;
    for _ in 0..10 {
        index.touch();
        let t = Instant::now();
        let u = specls::refs::unused::unused_components(&index, &disk, &|_| None, None);
        unused_t.push(t.elapsed());
        unused_n = u.by_file.values().map(Vec::len).sum::<usize>();
    }
    let t = Instant::now();
    std::hint::black_box(specls::refs::unused::unused_components(
        &index,
        &disk,
        &|_| None,
        None,
    ));
    let cached = t.elapsed();
    let (m, p) = stats(unused_t);
    rows.push(format!(
        "| unused components after a change ({unused_n} unused), 10 runs | {} | {} |",
        ms(m),
        ms(p)
    ));
    rows.push(format!(
        "| … again in the same generation (cached) | {} | – |",
        ms(cached)
    ));

    // Code lens counts: every component of the file that holds the most, in one pass.
    let (lens_file, components) = files
        .iter()
        .filter_map(|f| {
            let parsed = disk.load(f)?;
            let family = specls::spec::detect(&parsed.tree, &parsed.rope, Some(f)).family;
            let c = specls::refs::unused::layout(&parsed, family).components;
            Some((f.clone(), c))
        })
        .max_by_key(|(_, c)| c.len())
        .unwrap();
    let lens_parsed = disk.load(&lens_file).unwrap();
    let mut lens_t = Vec::new();
    let mut lens_refs = 0;
    for _ in 0..10 {
        let t = Instant::now();
        let targets: Vec<(PathBuf, std::ops::Range<usize>)> = components
            .iter()
            .filter_map(|c| {
                let segments: Vec<specls::syntax::node::PathSegment> = c
                    .path
                    .iter()
                    .cloned()
                    .map(specls::syntax::node::PathSegment::Key)
                    .collect();
                let pointer = format!("#{}", specls::syntax::node::pointer_of(&segments));
                match refs::resolve(&pointer, &lens_file, &lens_parsed, &disk) {
                    Resolution::Found { file, range } => Some((file, range)),
                    _ => None,
                }
            })
            .collect();
        lens_refs = index
            .references_many(&targets, &disk, &|_| None)
            .iter()
            .map(Vec::len)
            .sum();
        lens_t.push(t.elapsed());
    }
    let (m, p) = stats(lens_t);
    rows.push(format!(
        "| code lens counts of the file with the most components ({} components, {lens_refs} refs), cached resolutions | {} | {} |",
        components.len(),
        ms(m),
        ms(p)
    ));

    if let Some(row) = fragment_edit_over_lsp(&root) {
        rows.push(row);
    }

    let name = folder.file_name().unwrap_or_default().to_string_lossy();
    println!("| `{name}` | median | p95 |");
    println!("|---|---:|---:|");
    for r in rows {
        println!("{r}");
    }
    let _ = disk.exists(&root);
}

/// Over LSP: the time from the `didChange` of an open fragment to the `publishDiagnostics` of an
/// open document that references it, showing the edit's effect. The edit renames a key of the
/// fragment that the dependent names (`ratelimit-limit` → `ratelimit-limiX`: the dependent gets
/// a `ref/missing-pointer`), then renames it back (the diagnostic goes), 40 times each way, with
/// the workspace indexed. `None` if the folder is not DigitalOcean's spec.
fn fragment_edit_over_lsp(root: &Path) -> Option<String> {
    use serde_json::json;
    let fragment = root.join("shared/headers.yml");
    let dependent = root.join("shared/responses/bad_request.yml");
    let (ftext, dtext) = (
        std::fs::read_to_string(&fragment).ok()?,
        std::fs::read_to_string(&dependent).ok()?,
    );
    let key = "ratelimit-limit:";
    let line = ftext.lines().position(|l| l.starts_with(key))?;
    let bin = std::env::var("SPECLS_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_specls").into());
    let mut c = lsp_client::LspClient::start(&bin, &[]);
    c.initialize(&lsp_client::file_uri(root), &["utf-16"], json!({}));
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("the index is built");
    let (furi, duri) = (
        lsp_client::file_uri(&fragment),
        lsp_client::file_uri(&dependent),
    );
    c.did_open(&furi, "yaml", 1, &ftext);
    c.did_open(&duri, "yaml", 1, &dtext);
    c.diagnostics(&furi, Some(1))?;
    c.diagnostics(&duri, Some(1))?;
    let broken = |m: &serde_json::Value| {
        m["params"]["diagnostics"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d["code"] == "ref/missing-pointer"))
    };
    let mut samples = Vec::new();
    for i in 0..80 {
        let breaking = i % 2 == 0;
        let col = key.len() - 2;
        let range = json!({"start": {"line": line, "character": col},
                           "end": {"line": line, "character": col + 1}});
        let t = Instant::now();
        c.did_change(
            &furi,
            i + 2,
            json!([{"range": range, "text": if breaking { "X" } else { "t" }}]),
        );
        let uri = duri.clone();
        c.wait_for(move |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && broken(m) == breaking
        })
        .expect("the dependent's diagnostics follow the edit");
        samples.push(t.elapsed());
        // The fragment's own diagnostics (not measured) are read before the next edit.
        c.diagnostics(&furi, Some(i + 2));
    }
    c.shutdown();
    let (m, p) = stats(samples);
    Some(format!(
        "| over LSP: `didChange` of the open fragment `shared/headers.yml` → `publishDiagnostics` of the open `shared/responses/bad_request.yml` reflecting it (80 edits) | {} | {} |",
        ms(m),
        ms(p)
    ))
}
