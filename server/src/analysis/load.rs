//! Reading a file from disk for analysis: size limit, UTF-8, binary content.

use std::path::Path;

use super::{Diagnostic, Severity};

/// What a file gave: text to analyze, or one diagnostic saying why it was not analyzed (with the
/// text that its range refers to: empty, or the valid UTF-8 before a bad byte).
#[derive(Debug)]
pub enum Loaded {
    Text(String),
    Skipped {
        text: String,
        diagnostic: Diagnostic,
    },
}

/// Reads a file; I/O errors (missing, unreadable) are the caller's to report.
pub fn load_file(path: &Path, max_size: u64) -> std::io::Result<Loaded> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > max_size {
        return Ok(too_large(meta.len(), max_size));
    }
    let bytes = std::fs::read(path)?;
    Ok(from_bytes(bytes, max_size))
}

/// Checks bytes (from disk or from an editor) before analysis.
pub fn from_bytes(bytes: Vec<u8>, max_size: u64) -> Loaded {
    if bytes.len() as u64 > max_size {
        return too_large(bytes.len() as u64, max_size);
    }
    if let Some(nul) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Loaded::Skipped {
            text: String::new(),
            diagnostic: Diagnostic::new(
                0..0,
                Severity::Warning,
                "file/binary",
                format!("this looks like a binary file (a NUL byte at offset {nul}): not analyzed"),
            ),
        };
    }
    match String::from_utf8(bytes) {
        Ok(text) => Loaded::Text(text),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(valid);
            let text = String::from_utf8(bytes).expect("valid up to here");
            Loaded::Skipped {
                diagnostic: Diagnostic::new(
                    valid..valid,
                    Severity::Error,
                    "file/invalid-utf8",
                    format!("invalid UTF-8 at byte {valid}: specls reads UTF-8 only; save the file as UTF-8"),
                ),
                text,
            }
        }
    }
}

/// The diagnostic for a text too large to analyze, if it is.
pub fn size_limit(len: u64, max_size: u64) -> Option<Diagnostic> {
    (len > max_size).then(|| too_large_diagnostic(len, max_size))
}

fn too_large(size: u64, max: u64) -> Loaded {
    Loaded::Skipped {
        text: String::new(),
        diagnostic: too_large_diagnostic(size, max),
    }
}

fn too_large_diagnostic(size: u64, max: u64) -> Diagnostic {
    Diagnostic::new(
        0..0,
        Severity::Warning,
        "file/too-large",
        format!(
            "analysis skipped: the file is {:.1} MB, over the {} MB limit (setting `maxFileSizeMb`)",
            size as f64 / (1024.0 * 1024.0),
            max / (1024 * 1024)
        ),
    )
}
