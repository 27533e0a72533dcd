//! The server's side of stdin and stdout: messages framed, decoded and served here, in front of
//! tower-lsp-server's service.
//!
//! tower-lsp-server's own `Server` reads messages through tokio-util's `FramedRead`, which ends
//! the stream at the first message it cannot decode: one malformed message (bad JSON, a bad
//! header, a JSON value that is not a JSON-RPC message) would end the session and lose the
//! user's unsaved state in the server. It also keeps its read buffer at the size of the largest
//! message it ever read (16 MiB for good, once a 13 MB document was opened). So specls frames
//! stdin itself: a well-formed message is decoded once and handed to the service; a malformed
//! one becomes a request for `specls/malformedMessage`, which answers the JSON-RPC error the
//! client is owed (`-32700` parse error, or `-32600` invalid request, with the message's id when
//! it has one), and the session goes on at the next `Content-Length` header.
//!
//! Before `initialize` and after `shutdown`, tower-lsp-server answers that request itself
//! (`-32002` not initialized, `-32600` invalid request), as it does for every request then.
//! [`serve`] keeps the rest of what tower-lsp-server's `Server` does: at most four requests
//! served at once (the others wait, in order), the server's own requests to the client written
//! out beside the responses, and the end at `exit` even when the client keeps stdin open.

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt,
};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::Loopback;
use tower_service::Service;

/// The method a malformed message is turned into.
pub const MALFORMED: &str = "specls/malformedMessage";

/// Longest header line read; a longer one is garbage and skipped.
const MAX_HEADER_LINE: usize = 64 * 1024;

/// Messages larger than this are refused (and skipped) rather than read into memory.
const MAX_MESSAGE: usize = 1 << 30;

/// The most of a message body read at once: tokio's stdin keeps a buffer as large as the
/// largest read (up to 2 MiB) for the life of the process.
const READ_PIECE: usize = 64 * 1024;

/// Requests served at once (tower-lsp-server's default); the others wait, in order.
const CONCURRENCY: usize = 4;

/// Serves `service` on `input` and `output` (stdin and stdout) until `exit` or the end of the
/// input.
pub async fn serve<S>(
    mut service: S,
    socket: impl Loopback,
    input: impl AsyncRead + Unpin,
    mut output: impl AsyncWrite + Unpin,
) where
    S: Service<Request, Response = Option<Response>>,
    S::Error: std::fmt::Display,
{
    let (to_client, mut client_answers) = socket.split();
    let (to_client, stop_to_client) = futures::stream::abortable(to_client);
    let (answers_tx, answers_rx) = futures::channel::mpsc::channel::<Outgoing>(0);
    let (mut tasks_tx, tasks_rx) = futures::channel::mpsc::channel(100);

    let answer = tasks_rx
        .buffer_unordered(CONCURRENCY)
        .filter_map(futures::future::ready)
        .map(|r| Ok(Outgoing::Response(r)))
        .forward(answers_tx.clone());

    let write = async {
        let mut out = futures::stream::select(answers_rx, to_client.map(Outgoing::Request));
        while let Some(message) = out.next().await {
            let body = match &message {
                Outgoing::Response(r) => serde_json::to_vec(r),
                Outgoing::Request(r) => serde_json::to_vec(r),
            };
            let Ok(body) = body else { continue };
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            let sent = async {
                output.write_all(header.as_bytes()).await?;
                output.write_all(&body).await?;
                output.flush().await
            };
            if let Err(e) = sent.await {
                tracing::error!("cannot write to the client: {e}");
                break;
            }
        }
    };

    let read = async {
        let mut input = tokio::io::BufReader::with_capacity(1 << 16, input);
        let mut frames = Frames::default();
        while let Some(frame) = frames.next(&mut input).await {
            let request = match frame {
                Frame::Message(Incoming::Response(r)) => {
                    if client_answers.send(r).await.is_err() {
                        break;
                    }
                    continue;
                }
                Frame::Message(Incoming::Request(r)) => r,
                Frame::Malformed { id, code, message } => {
                    tracing::warn!(code, %message, "malformed message from the client");
                    let params = json!({"code": code, "message": message});
                    let request =
                        json!({"jsonrpc": "2.0", "id": id, "method": MALFORMED, "params": params});
                    match serde_json::from_value(request) {
                        Ok(r) => r,
                        Err(_) => continue,
                    }
                }
            };
            if let Err(e) = futures::future::poll_fn(|cx| service.poll_ready(cx)).await {
                tracing::error!("the server takes no more requests: {e}");
                break;
            }
            // The server ends at `exit` whether or not the client closes stdin.
            let exit = request.method() == "exit";
            let task = service.call(request);
            let task = async move {
                task.await.unwrap_or_else(|e| {
                    tracing::error!("{e}");
                    None
                })
            };
            if tasks_tx.send(task).await.is_err() || exit {
                break;
            }
        }
        tasks_tx.disconnect();
        stop_to_client.abort();
    };

    let answered = async {
        let _ = answer.await;
        // Every response is out: the writer ends once the server's own requests have.
        drop(answers_tx);
    };
    futures::join!(answered, write, read);
}

/// A message to the client.
enum Outgoing {
    Response(Response),
    Request(Request),
}

/// A message from the client, decoded.
#[derive(Debug, PartialEq)]
pub enum Incoming {
    Request(Request),
    Response(Response),
}

/// One message read from the client.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A JSON-RPC message, decoded.
    Message(Incoming),
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
        // In pieces of READ_PIECE (see there).
        for piece in body.chunks_mut(READ_PIECE) {
            input.read_exact(piece).await.ok()?;
        }
        Some(check(body))
    }

    /// An error for the client; what follows, up to the next header, is skipped quietly.
    fn error(&mut self, id: Value, code: i64, message: &str) -> Frame {
        self.skipping = true;
        malformed(id, code, message)
    }
}

/// A body decoded as tower-lsp-server's service takes it, or the error it is owed.
pub fn check(body: Vec<u8>) -> Frame {
    // A message with a method is a request (or notification), else a response: a first pass
    // that allocates nothing tells which, and tower-lsp-server's own type for it decodes it.
    #[derive(serde::Deserialize)]
    struct Shape {
        method: Option<serde::de::IgnoredAny>,
    }
    let decoded = match serde_json::from_slice::<Shape>(&body) {
        Ok(Shape { method: Some(_) }) => serde_json::from_slice(&body).map(Incoming::Request),
        Ok(Shape { method: None }) => serde_json::from_slice(&body).map(Incoming::Response),
        Err(e) => Err(e),
    };
    if let Ok(message) = decoded {
        return Frame::Message(message);
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
    fn well_formed_messages_are_decoded() {
        let input = format!(
            "{}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n{}",
            framed(OK),
            framed(r#"{"jsonrpc":"2.0","method":"exit"}"#)
        );
        let f = frames(input.as_bytes());
        assert_eq!(f.len(), 2);
        match &f[0] {
            Frame::Message(Incoming::Request(r)) => assert_eq!(r.method(), "shutdown"),
            other => panic!("{other:?}"),
        }
        let answer = framed(r#"{"jsonrpc":"2.0","id":7,"result":null}"#);
        match &frames(answer.as_bytes())[0] {
            Frame::Message(Incoming::Response(r)) => assert_eq!(r.id().to_string(), "7"),
            other => panic!("{other:?}"),
        }
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
