// Temporary: reproduce an incremental/fresh mismatch from two texts.
use tree_sitter::{InputEdit, Parser, Point};
fn point(s: &str, off: usize) -> Point {
    let before = &s[..off];
    let row = before.matches('\n').count();
    let col = off - before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    Point { row, column: col }
}
fn check(before: &str, after: &str) -> bool {
    let lang = specls_grammars::Lang::Yaml.language();
    let mut p = Parser::new();
    p.set_language(&lang).unwrap();
    let mut old = p.parse(before, None).unwrap();
    let pre = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let max_suf = before.len().min(after.len()) - pre;
    let suf = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(max_suf)
        .take_while(|(a, b)| a == b)
        .count();
    let edit = InputEdit {
        start_byte: pre,
        old_end_byte: before.len() - suf,
        new_end_byte: after.len() - suf,
        start_position: point(before, pre),
        old_end_position: point(before, before.len() - suf),
        new_end_position: point(after, after.len() - suf),
    };
    old.edit(&edit);
    let inc = p.parse(after, Some(&old)).unwrap();
    let fresh = p.parse(after, None).unwrap();
    inc.root_node().to_sexp() == fresh.root_node().to_sexp()
}
fn check_edits(before: &str, edits: &[(usize, usize, String)]) -> bool {
    let lang = specls_grammars::Lang::Yaml.language();
    let mut p = Parser::new();
    p.set_language(&lang).unwrap();
    let mut tree = p.parse(before, None).unwrap();
    let mut text = before.to_string();
    for (s, e, ins) in edits {
        let (s, e) = (*s, *e);
        if e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            return true;
        }
        let mut new = text.clone();
        new.replace_range(s..e, ins);
        tree.edit(&InputEdit {
            start_byte: s,
            old_end_byte: e,
            new_end_byte: s + ins.len(),
            start_position: point(&text, s),
            old_end_position: point(&text, e),
            new_end_position: point(&new, s + ins.len()),
        });
        text = new;
    }
    let inc = p.parse(&text, Some(&tree)).unwrap();
    let fresh = p.parse(&text, None).unwrap();
    let ok = inc.root_node().to_sexp() == fresh.root_node().to_sexp();
    if !ok && std::env::var("SHOW").is_ok() {
        std::fs::write(
            "/tmp/rf/x_inc.txt",
            format!("{}", inc.root_node().to_sexp()),
        )
        .unwrap();
        std::fs::write(
            "/tmp/rf/x_fresh.txt",
            format!("{}", fresh.root_node().to_sexp()),
        )
        .unwrap();
    }
    ok
}

fn main() {
    if std::env::var("EDITS").is_ok() {
        let a: Vec<String> = std::env::args().collect();
        let mut before = std::fs::read_to_string(&a[1]).unwrap();
        let edits: Vec<(usize, usize, String)> =
            serde_json::from_str(&std::fs::read_to_string(&a[2]).unwrap()).unwrap();
        println!("consistent: {}", check_edits(&before, &edits));
        // minimize: remove lines not touched by edits, adjusting offsets
        let mut edits = edits;
        loop {
            let mut progress = false;
            let lines: Vec<(usize, usize)> = {
                let mut v = vec![];
                let mut st = 0;
                for l in before.split_inclusive('\n') {
                    v.push((st, st + l.len()));
                    st += l.len();
                }
                v
            };
            for &(ls, le) in lines.iter().rev() {
                // skip lines overlapping any edit (in original coordinates approx: first edit applies to original)
                let touches = edits.iter().any(|(s, e, _)| *s < le && *e >= ls);
                if touches {
                    continue;
                }
                let len = le - ls;
                let mut b2 = before.clone();
                b2.replace_range(ls..le, "");
                // shift edits after the line; the second edit's coordinates are after the first edit
                let mut e2 = edits.clone();
                let mut ok = true;
                for (i, (s, e, _)) in e2.iter_mut().enumerate() {
                    let _ = i;
                    if *s >= le {
                        *s -= len;
                        *e -= len;
                    } else if *e > ls {
                        ok = false;
                    }
                }
                if !ok {
                    continue;
                }
                if !check_edits(&b2, &e2) {
                    before = b2;
                    edits = e2;
                    progress = true;
                    break;
                }
            }
            if !progress {
                break;
            }
        }
        // then single characters
        loop {
            let mut progress = false;
            let idx: Vec<usize> = before.char_indices().map(|(i, _)| i).collect();
            for &i in idx.iter().rev() {
                let clen = before[i..].chars().next().unwrap().len_utf8();
                if edits
                    .iter()
                    .any(|(s, e, _)| i + clen > *s && i < (*e).max(*s + 1))
                {
                    continue;
                }
                let mut b2 = before.clone();
                b2.replace_range(i..i + clen, "");
                let mut e2 = edits.clone();
                for (s, e, _) in e2.iter_mut() {
                    if *s > i {
                        *s -= clen;
                        *e -= clen;
                    }
                }
                if !check_edits(&b2, &e2) {
                    before = b2;
                    edits = e2;
                    progress = true;
                    break;
                }
            }
            if !progress {
                break;
            }
        }
        std::fs::write("/tmp/rf/min_before.yaml", &before).unwrap();
        println!(
            "minimized: {} lines, edits {:?}",
            before.lines().count(),
            edits
        );
        return;
    }
    let a: Vec<String> = std::env::args().collect();
    let before = std::fs::read_to_string(&a[1]).unwrap();
    let after = std::fs::read_to_string(&a[2]).unwrap();
    println!("consistent: {}", check(&before, &after));
    if a.len() > 3 {
        // minimize: drop lines while the mismatch stays
        let mut b: Vec<String> = before.lines().map(|l| format!("{l}\n")).collect();
        let mut c: Vec<String> = after.lines().map(|l| format!("{l}\n")).collect();
        // only drop lines identical in both at the same index from the end/start
        let mut changed = true;
        while changed {
            changed = false;
            let mut i = 0;
            while i < b.len().min(c.len()) {
                // find an identical line in both texts at aligned positions (prefix region)
                let (bi, ci) = (i, i);
                if b[bi] == c[ci] {
                    let mut b2 = b.clone();
                    let mut c2 = c.clone();
                    b2.remove(bi);
                    c2.remove(ci);
                    if !check(&b2.concat(), &c2.concat()) {
                        b = b2;
                        c = c2;
                        changed = true;
                        continue;
                    }
                }
                let (bj, cj) = (b.len() - 1 - i, c.len() - 1 - i);
                if bj < b.len() && cj < c.len() && b[bj] == c[cj] {
                    let mut b2 = b.clone();
                    let mut c2 = c.clone();
                    b2.remove(bj);
                    c2.remove(cj);
                    if !check(&b2.concat(), &c2.concat()) {
                        b = b2;
                        c = c2;
                        changed = true;
                        continue;
                    }
                }
                i += 1;
            }
        }
        std::fs::write("/tmp/rf/min_before.yaml", b.concat()).unwrap();
        std::fs::write("/tmp/rf/min_after.yaml", c.concat()).unwrap();
        println!("minimized to {} / {} lines", b.len(), c.len());
    }
}
