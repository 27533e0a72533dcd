//! The framing of stdin, in front of tower-lsp-server's.
//!
//! tower-lsp-server reads messages through tokio-util's `FramedRead`, which ends the stream at
//! the first message it cannot decode: one malformed message (bad JSON, a bad header, a JSON
//! value that is not a JSON-RPC message) would end the session and lose the user's unsaved
//! state in the server. So specls frames stdin itself: a well-formed message goes on to
//! tower-lsp-server byte for byte; a malformed one becomes a request for
//! `specls/malformedMessage`, which answers the JSON-RPC error the client is owed (`-32700`
//! parse error, or `-32600` invalid request, with the message's id when it has one), and the
//! session goes on at the next `Content-Length` header.
//!
//! Before `initialize` and after `shutdown`, tower-lsp-server answers that request itself
//! (`-32002` not initialized, `-32600` invalid request), as it does for every request then.

use serde_json::{json, Value};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt};

/// The method a malformed message is turned into.
pub const MALFORMED: &str = "specls/malformedMessage";

/// Longest header line read; a longer one is garbage and skipped.
const MAX_HEADER_LINE: usize = 64 * 1024;

/// Messages larger than this are refused (and skipped) rather than read into memory.
const MAX_MESSAGE: usize = 1 << 30;

/// stdin, framed and checked: what tower-lsp-server reads.
pub fn stdin() -> impl AsyncRead {
    let (mut to_server, from_filter) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut input = tokio::io::BufReader::with_capacity(1 << 16, tokio::io::stdin());
        let mut frames = Frames::default();
        while let Some(frame) = frames.next(&mut input).await {
            let body = match frame {
                Frame::Message(body) => body,
                Frame::Malformed { id, code, message } => {
                    tracing::warn!(code, %message, "malformed message from the client");
                    serde_json::to_vec(&json!({
                        "jsonrpc": "2.0",
                        "id": id,
                        "method": MALFORMED,
                        "params": {"code": code, "message": message},
                    }))
                    .unwrap_or_default()
                }
            };
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            let sent = async {
                to_server.write_all(header.as_bytes()).await?;
                to_server.write_all(&body).await?;
                to_server.flush().await
            };
            if sent.await.is_err() {
                break;
            }
        }
        // Dropping `to_server` ends tower-lsp-server's input, as the end of stdin would.
    });
    from_filter
}

/// One message read from the client.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A JSON-RPC message tower-lsp-server can decode, as the client sent it.
    Message(Vec<u8>),
    /// Something else: the error it gets, and the id it answers to (`null` when unknown).
    Malformed {
        id: Value,
        code: i64,
        message: String,
    },
}

/// Reads frames; remembers a header line read ahead while looking for the next message.
#[derive(Default)]
pub struct Frames {
    pending_line: Option<Vec<u8>>,
    /// An error was just reported: bytes up to the next header are skipped without another one.
    skipping: bool,
}

impl Frames {
    /// The next frame, or `None` at the end of the input.
    pub async fn next(&mut self, input: &mut (impl AsyncBufRead + Unpin)) -> Option<Frame> {
        let mut length: Option<Result<usize, String>> = None;
        let mut saw_header = false;
        loop {
            let line = match self.pending_line.take() {
                Some(line) => line,
                None => read_line(input).await?,
            };
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                if !saw_header {
                    // Blank lines between messages.
                    continue;
                }
                break;
            }
            // A line that is not a header: garbage before (or glued to) the next message.
            // Resynchronize at a `Content-Length` inside it, if there is one.
            let Some((name, value)) = text.split_once(':').filter(|(n, _)| is_token(n)) else {
                if let Some(at) = find_ci(text, "content-length:") {
                    self.pending_line = Some(text.as_bytes()[at..].to_vec());
                }
                if self.skipping && !saw_header {
                    continue;
                }
                return Some(self.error(
                    Value::Null,
                    -32700,
                    "bytes outside of a message (expected a `Content-Length` header)",
                ));
            };
            saw_header = true;
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("invalid Content-Length `{}`", value.trim())),
                );
            }
            // Other headers (`Content-Type`) are accepted as they are: the body is read as
            // UTF-8 JSON whatever they say.
        }
        let length = match length {
            Some(Ok(n)) if n <= MAX_MESSAGE => n,
            Some(Ok(n)) => {
                // Skip the body without keeping it.
                let skipped = tokio::io::copy(&mut input.take(n as u64), &mut tokio::io::sink())
                    .await
                    .ok()?;
                if skipped < n as u64 {
                    return None;
                }
                return Some(self.error(
                    Value::Null,
                    -32600,
                    &format!("a message of {n} bytes is larger than the {MAX_MESSAGE} accepted"),
                ));
            }
            Some(Err(e)) => return Some(self.error(Value::Null, -32700, &e)),
            None => {
                return Some(self.error(
                    Value::Null,
                    -32700,
                    "a message without a `Content-Length` header",
                ))
            }
        };
        self.skipping = false;
        let mut body = vec![0u8; length];
        input.read_exact(&mut body).await.ok()?;
        Some(check(body))
    }

    /// An error for the client; what follows, up to the next header, is skipped quietly.
    fn error(&mut self, id: Value, code: i64, message: &str) -> Frame {
        self.skipping = true;
        malformed(id, code, message)
    }
}

/// A body as tower-lsp-server will take it, or the error it is owed.
pub fn check(body: Vec<u8>) -> Frame {
    // tower-lsp-server's own types decide (one pass over the body for the common case).
    use tower_lsp_server::jsonrpc::{Request, Response};
    if serde_json::from_slice::<Request>(&body).is_ok()
        || serde_json::from_slice::<Response>(&body).is_ok()
    {
        return Frame::Message(body);
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return malformed(Value::Null, -32700, &format!("invalid JSON: {e}")),
    };
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    malformed(
        id,
        -32600,
        "not a JSON-RPC 2.0 request, notification or response",
    )
}

fn malformed(id: Value, code: i64, message: &str) -> Frame {
    Frame::Malformed {
        id,
        code,
        message: message.to_string(),
    }
}

/// Reads a line (with its end), at most [`MAX_HEADER_LINE`] bytes of it; the rest of a longer
/// line is skipped. `None` at the end of the input.
async fn read_line(input: &mut (impl AsyncBufRead + Unpin)) -> Option<Vec<u8>> {
    let mut line = Vec::new();
    let n = input
        .take(MAX_HEADER_LINE as u64)
        .read_until(b'\n', &mut line)
        .await
        .ok()?;
    if n == 0 {
        return None;
    }
    if !line.ends_with(b"\n") && line.len() >= MAX_HEADER_LINE {
        // Skip to the end of this overlong line.
        let mut rest = Vec::new();
        loop {
            rest.clear();
            let n = input
                .take(MAX_HEADER_LINE as u64)
                .read_until(b'\n', &mut rest)
                .await
                .ok()?;
            if n == 0 || rest.ends_with(b"\n") {
                break;
            }
        }
        line.truncate(0);
        line.extend_from_slice(b"x-overlong-line\n");
    }
    Some(line)
}

/// Whether `s` is an HTTP header name (a token).
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The byte index of `needle` (ASCII, lower case) in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.to_ascii_lowercase().find(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let mut input = tokio::io::BufReader::new(input);
            let mut frames = Frames::default();
            let mut out = Vec::new();
            while let Some(f) = frames.next(&mut input).await {
                out.push(f);
            }
            out
        })
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const OK: &str = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;

    fn code(f: &Frame) -> i64 {
        match f {
            Frame::Malformed { code, .. } => *code,
            Frame::Message(_) => 0,
        }
    }

    #[test]
    fn well_formed_messages_pass_byte_for_byte() {
        let input = format!(
            "{}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n{}",
            framed(OK),
            framed(r#"{"jsonrpc":"2.0","method":"exit"}"#)
        );
        let f = frames(input.as_bytes());
        assert_eq!(f.len(), 2);
        assert_eq!(f[0], Frame::Message(OK.as_bytes().to_vec()));
    }

    #[test]
    fn malformed_messages_become_errors_and_reading_resumes() {
        let input = [
            framed("{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": "),
            framed("[1, 2, 3]"),
            framed(r#"{"jsonrpc":"1.0","id":"a","method":"x"}"#),
            "Content-Length: nope\r\n\r\n{}".to_string(),
            framed(OK),
            "X-Nothing: 1\r\n\r\n{}".to_string(),
            framed(OK),
            "garbage without a newline".to_string(),
            framed(OK),
        ]
        .concat();
        let f = frames(input.as_bytes());
        let codes: Vec<i64> = f.iter().map(code).collect();
        assert_eq!(
            codes,
            vec![-32700, -32600, -32600, -32700, 0, -32700, 0, -32700, 0],
            "{f:?}"
        );
        match &f[2] {
            Frame::Malformed { id, .. } => assert_eq!(id, "a"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn invalid_utf8_and_a_truncated_body() {
        let mut input = b"Content-Length: 4\r\n\r\n\xff\xfe\x00x".to_vec();
        input.extend_from_slice(framed(OK).as_bytes());
        input.extend_from_slice(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"");
        let f = frames(&input);
        let codes: Vec<i64> = f.iter().map(code).collect();
        assert_eq!(codes, vec![-32700, 0], "{f:?}");
    }
}
