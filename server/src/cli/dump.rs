//! `specls dump FILE`: the document's value as JSON, `--tree` its syntax tree, `--nodes` its node
//! tree with ranges.

use std::io::{self, Write};
use std::process::ExitCode;

use super::DumpArgs;
use crate::analysis::{self, Loaded};
use crate::syntax::node::{NodeKind, NodeRef};
pub use crate::syntax::value::{to_json, MAX_EXPANDED_NODES};
use crate::syntax::{Lang, Parsed};

pub fn run(args: DumpArgs) -> ExitCode {
    let settings = match super::load_settings(None) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("specls: {e}");
            return ExitCode::from(2);
        }
    };
    let text = match analysis::load_file(&args.file, settings.max_file_size()) {
        Ok(Loaded::Text(t)) => t,
        Ok(Loaded::Skipped { diagnostic, .. }) => {
            eprintln!("specls: {}: {}", args.file.display(), diagnostic.message);
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("specls: {}: {e}", args.file.display());
            return ExitCode::from(2);
        }
    };
    let lang = Lang::from_path(&args.file).unwrap_or(Lang::Yaml);
    let parsed = Parsed::new(lang, &text);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = if args.tree {
        write_cst(&mut out, &parsed)
    } else if args.nodes {
        write_nodes(&mut out, &parsed)
    } else {
        match to_json(&parsed.tree) {
            Ok(v) => serde_json::to_writer_pretty(&mut out, &v)
                .map_err(io::Error::from)
                .and_then(|_| writeln!(out)),
            Err(e) => {
                eprintln!("specls: {}: {e}", args.file.display());
                return ExitCode::from(1);
            }
        }
    };
    if let Err(e) = result.and_then(|_| out.flush()) {
        eprintln!("specls: {e}");
        return ExitCode::from(2);
    }
    for e in parsed.errors() {
        let (l, c) = crate::syntax::text::human_position(&parsed.rope, e.range.start);
        eprintln!("specls: {}:{l}:{c}: {}", args.file.display(), e.message);
    }
    ExitCode::from(u8::from(!parsed.errors().is_empty()))
}

fn write_cst(out: &mut impl Write, parsed: &Parsed) -> io::Result<()> {
    let cst = parsed.cst();
    let mut cursor = cst.walk();
    let mut depth = 0usize;
    loop {
        let n = cursor.node();
        let field = cursor
            .field_name()
            .map(|f| format!("{f}: "))
            .unwrap_or_default();
        let kind = if n.is_missing() {
            format!("MISSING {}", n.kind())
        } else if n.is_named() {
            n.kind().to_string()
        } else {
            format!("{:?}", n.kind())
        };
        writeln!(
            out,
            "{}{field}{kind} {}..{}",
            "  ".repeat(depth),
            n.start_byte(),
            n.end_byte()
        )?;
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return Ok(());
            }
            depth -= 1;
        }
    }
}

fn write_nodes(out: &mut impl Write, parsed: &Parsed) -> io::Result<()> {
    fn walk(out: &mut impl Write, n: NodeRef<'_>, label: &str, depth: usize) -> io::Result<()> {
        let r = n.range();
        let what = match n.node.kind() {
            NodeKind::Mapping(_) => "mapping".to_string(),
            NodeKind::Sequence(_) => "sequence".to_string(),
            NodeKind::Scalar(s) => format!("{:?} {:?}", s.style, s.value),
            NodeKind::Alias(a) => format!("alias *{a}"),
            NodeKind::Invalid => "invalid".to_string(),
        };
        writeln!(
            out,
            "{}{label}{what} {}..{}",
            "  ".repeat(depth),
            r.start,
            r.end
        )?;
        for (k, v) in n.entries() {
            walk(out, k, "key: ", depth + 1)?;
            walk(out, v, "value: ", depth + 1)?;
        }
        for i in n.items() {
            walk(out, i, "- ", depth + 1)?;
        }
        Ok(())
    }
    match parsed.tree.root() {
        Some(root) => walk(out, root, "", 0),
        None => writeln!(out, "(empty document)"),
    }
}
