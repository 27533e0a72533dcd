//! A small LSP client over stdio for the end-to-end tests and the benchmarks: it starts the built
//! `specls` binary and speaks JSON-RPC with Content-Length framing.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub struct LspClient {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Messages read but not yet asked for.
    backlog: VecDeque<Value>,
    next_id: i64,
}

pub const TIMEOUT: Duration = Duration::from_secs(60);

impl LspClient {
    /// Starts `specls serve` with extra environment variables.
    pub fn start(bin: &str, env: &[(&str, &str)]) -> LspClient {
        Self::start_logged(bin, env, None)
    }

    /// [`LspClient::start`], with the server's log (stderr) written to `log`.
    pub fn start_logged(
        bin: &str,
        env: &[(&str, &str)],
        log: Option<&std::path::Path>,
    ) -> LspClient {
        let mut cmd = Command::new(bin);
        cmd.arg("serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(log) = log {
            cmd.stderr(std::fs::File::create(log).expect("create the log file"));
        } else if std::env::var_os("SPECLS_TEST_STDERR").is_some() {
            cmd.stderr(Stdio::inherit());
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start specls");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        LspClient {
            child,
            stdin,
            incoming: rx,
            backlog: VecDeque::new(),
            next_id: 1,
        }
    }

    pub fn send(&mut self, msg: &Value) {
        self.send_raw(serde_json::to_string(msg).unwrap().as_bytes());
    }

    /// Sends a body with a correct header.
    pub fn send_raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(body);
        // The server may have exited (tests of exit): a broken pipe is not this helper's business.
        let _ = stdin.write_all(&framed).and_then(|_| stdin.flush());
    }

    /// Writes bytes as they are, without a header (for tests of malformed framing).
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        let _ = stdin.write_all(bytes).and_then(|_| stdin.flush());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and waits for its response (the whole response: `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .unwrap_or_else(|| panic!("no response to {method}"))
    }

    /// The next message that satisfies `pred`, answering server requests on the way; other
    /// messages are kept for later.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        self.wait_for_timeout(pred, TIMEOUT)
    }

    pub fn wait_for_timeout(
        &mut self,
        pred: impl Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.incoming.recv_timeout(left) {
                Ok(msg) => {
                    // Server-to-client requests (registerCapability, …) get an empty answer.
                    if msg.get("id").is_some() && msg.get("method").is_some() {
                        let id = msg["id"].clone();
                        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                    }
                    if pred(&msg) {
                        return Some(msg);
                    }
                    self.backlog.push_back(msg);
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return None
                }
            }
        }
    }

    /// The next `publishDiagnostics` for `uri` (optionally for one version).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Option<Value> {
        self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        })
        .map(|m| m["params"].clone())
    }

    /// `initialize` + `initialized`; returns the initialize result.
    pub fn initialize(&mut self, root_uri: &str, encodings: &[&str], options: Value) -> Value {
        let resp = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "ws"}],
                "capabilities": {
                    "general": {"positionEncodings": encodings},
                    "window": {"workDoneProgress": true},
                    "textDocument": {"publishDiagnostics": {"relatedInformation": true, "versionSupport": true}},
                },
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        resp["result"].clone()
    }

    pub fn did_open(&mut self, uri: &str, language_id: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": version, "text": text}}),
        );
    }

    /// One `didChange` with the given content changes.
    pub fn did_change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// `shutdown` then `exit`; returns the exit status.
    pub fn shutdown(mut self) -> Option<ExitStatus> {
        let resp = self.request("shutdown", Value::Null);
        assert!(resp.get("error").is_none(), "shutdown failed: {resp}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Closes stdin without shutting down.
    pub fn close_stdin(mut self) -> Option<ExitStatus> {
        self.stdin.take();
        self.wait_exit()
    }

    pub fn wait_exit(mut self) -> Option<ExitStatus> {
        self.stdin.take();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        None
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let Some(length) = length else {
        eprintln!("lsp client: a message without Content-Length; the connection is dropped");
        return None;
    };
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    match serde_json::from_slice(&body) {
        Ok(v) => Some(v),
        Err(e) => {
            // Loud: a message the client cannot read is a bug of the server (or of the client).
            eprintln!(
                "lsp client: unreadable message ({e}); the connection is dropped: {}",
                String::from_utf8_lossy(&body[..body.len().min(2000)])
            );
            None
        }
    }
}

/// A `file://` URI for an absolute path, percent-encoded as editors and the server write it
/// (`{` is `%7B`: real specs name files `paths/users_{id}.yaml`).
pub fn file_uri(path: &std::path::Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    tower_lsp_server::ls_types::Uri::from_file_path(&abs)
        .unwrap_or_else(|| panic!("no URI for {}", abs.display()))
        .to_string()
}

/// The path of a `file://` URI ([`file_uri`] backwards).
pub fn uri_path(uri: &str) -> std::path::PathBuf {
    let uri: tower_lsp_server::ls_types::Uri = uri.parse().unwrap_or_else(|_| panic!("{uri}"));
    uri.to_file_path()
        .unwrap_or_else(|| panic!("not a file URI: {uri:?}"))
        .into_owned()
}

/// The codes of the diagnostics of one `publishDiagnostics`.
pub fn diagnostic_codes(publish: &serde_json::Value) -> Vec<String> {
    publish["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}
