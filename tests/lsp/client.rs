//! A minimal LSP client over in-memory streams, driving the real server.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tokio::sync::mpsc;

use vouch::lsp::ServerOptions;

pub const WAIT: Duration = Duration::from_secs(60);

pub struct Client {
    writer: DuplexStream,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Notifications and requests from the server not yet looked at.
    pub seen: VecDeque<Value>,
    next_id: i64,
    pub server: tokio::task::JoinHandle<bool>,
}

/// A temporary workspace: the seed corpus and the example drafts.
pub struct Workspace {
    pub dir: tempfile::TempDir,
    pub index: tempfile::TempDir,
}

impl Workspace {
    pub fn seeds() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        for entry in std::fs::read_dir("corpus").unwrap() {
            let p = entry.unwrap().path();
            std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
        }
        for name in ["aid-and-territory.md", "meeting-timeline.md"] {
            std::fs::copy(Path::new("examples").join(name), dir.path().join(name)).unwrap();
        }
        Workspace {
            dir,
            index: tempfile::tempdir().unwrap(),
        }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().canonicalize().unwrap()
    }

    pub fn uri(&self, name: &str) -> String {
        format!("file://{}", self.root().join(name).display())
    }

    pub fn text(&self, name: &str) -> String {
        std::fs::read_to_string(self.root().join(name)).unwrap()
    }

    pub fn options(&self, debounce_ms: u64) -> ServerOptions {
        ServerOptions {
            debounce: Duration::from_millis(debounce_ms),
            index_root: Some(self.index.path().to_path_buf()),
            check_hook: None,
            verify_gate: None,
            // Merges change nothing a test sees but their log line; the
            // test of merges asks for them.
            merge_idle: None,
        }
    }
}

impl Client {
    pub fn start(options: ServerOptions) -> Client {
        let (client_out, server_in) = tokio::io::duplex(1 << 20);
        let (server_out, client_in) = tokio::io::duplex(1 << 20);
        let server = tokio::spawn(vouch::lsp::serve(server_in, server_out, options));
        let (tx, incoming) = mpsc::unbounded_channel();
        tokio::spawn(read_messages(client_in, tx));
        Client {
            writer: client_out,
            incoming,
            seen: VecDeque::new(),
            next_id: 1,
            server,
        }
    }

    /// Starts a server and initializes it for one workspace folder.
    pub async fn initialized(ws: &Workspace, debounce_ms: u64, init: Value) -> Client {
        Self::initialized_with(ws, ws.options(debounce_ms), init, capabilities(false)).await
    }

    pub async fn initialized_with(
        ws: &Workspace,
        options: ServerOptions,
        init: Value,
        caps: Value,
    ) -> Client {
        let mut c = Client::start(options);
        let result = c
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": null,
                    "capabilities": caps,
                    "workspaceFolders": [{"uri": format!("file://{}", ws.root().display()), "name": "ws"}],
                    "initializationOptions": init,
                }),
            )
            .await;
        assert!(result["capabilities"].is_object(), "{result}");
        c.notify("initialized", json!({})).await;
        c
    }

    pub async fn send(&mut self, message: Value) {
        let body = serde_json::to_string(&message).unwrap();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.writer.write_all(frame.as_bytes()).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    /// Sends notifications in one write, so the server reads them together.
    #[allow(dead_code)] // Not every test binary that includes this file uses it.
    pub async fn notify_together(&mut self, notifications: &[(&str, Value)]) {
        let mut frames = String::new();
        for (method, params) in notifications {
            let body = serde_json::to_string(
                &json!({"jsonrpc": "2.0", "method": method, "params": params}),
            )
            .unwrap();
            frames.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        }
        self.writer.write_all(frames.as_bytes()).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Sends a request and waits for its response; Err holds an error response.
    pub async fn try_request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        loop {
            let m = self.next_message().await;
            if m.get("method").is_none() && m["id"] == json!(id) {
                return match m.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(m["result"].clone()),
                };
            }
            self.seen.push_back(m);
        }
    }

    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        match self.try_request(method, params).await {
            Ok(v) => v,
            Err(e) => panic!("{method} failed: {e}"),
        }
    }

    async fn next_message(&mut self) -> Value {
        let m = tokio::time::timeout(WAIT, self.incoming.recv())
            .await
            .expect("the server said nothing in time")
            .expect("the server closed the stream");
        self.answer(&m).await;
        m
    }

    /// Answers the server's own requests (progress tokens, registrations,
    /// documents to show) as an editor that accepts them does.
    async fn answer(&mut self, m: &Value) {
        if let (Some(method), Some(id)) = (m.get("method"), m.get("id")) {
            let result = match method.as_str() {
                Some("window/showDocument") => json!({"success": true}),
                _ => Value::Null,
            };
            self.send(json!({"jsonrpc": "2.0", "id": id, "result": result}))
                .await;
        }
    }

    /// Waits for a message from the server that `pred` accepts, keeping the others.
    pub async fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&pred) {
            return self.seen.remove(i).unwrap();
        }
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let m = tokio::time::timeout_at(deadline, self.next_message())
                .await
                .unwrap_or_else(|_| panic!("no {what} in time; seen: {:?}", self.seen));
            if pred(&m) {
                return m;
            }
            self.seen.push_back(m);
        }
    }

    /// The diagnostics published for a document at exactly this version.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self
            .wait_for(&format!("diagnostics for {uri} v{version}"), |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == json!(version)
            })
            .await;
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        )
        .await;
    }

    /// Opens a file of the workspace as it is on disk: its URI and text.
    pub async fn open_file(&mut self, ws: &Workspace, name: &str) -> (String, String) {
        let (uri, text) = (ws.uri(name), ws.text(name));
        self.open(&uri, &text).await;
        (uri, text)
    }

    pub async fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    /// Messages of one method seen so far (without consuming them).
    pub fn seen_method(&self, method: &str) -> Vec<Value> {
        self.seen
            .iter()
            .filter(|m| m["method"] == method)
            .cloned()
            .collect()
    }

    /// Reads everything the server sends within `ms` into `seen`.
    pub async fn drain(&mut self, ms: u64) {
        while let Ok(Some(m)) =
            tokio::time::timeout(Duration::from_millis(ms), self.incoming.recv()).await
        {
            self.answer(&m).await;
            self.seen.push_back(m);
        }
    }

    pub async fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", Value::Null).await, Value::Null);
        self.notify("exit", Value::Null).await;
        let clean = tokio::time::timeout(WAIT, self.server)
            .await
            .expect("the server did not exit")
            .unwrap();
        assert!(clean, "shutdown was said: a clean exit");
    }
}

/// Messages the server showed or logged: each starts with `vouch: `, once.
pub fn assert_prefixed_once(seen: &VecDeque<Value>) {
    for m in seen {
        if m["method"] == "window/showMessage" || m["method"] == "window/logMessage" {
            let text = m["params"]["message"].as_str().unwrap();
            assert!(text.starts_with("vouch: "), "{text}");
            assert!(!text.contains("vouch: vouch"), "{text}");
        }
    }
}

/// Client capabilities: UTF-16 only unless `utf8`; dynamic file watching
/// and progress supported.
pub fn capabilities(utf8: bool) -> Value {
    let encodings = if utf8 {
        json!(["utf-8", "utf-16"])
    } else {
        json!(["utf-16"])
    };
    json!({
        "general": {"positionEncodings": encodings},
        "window": {"workDoneProgress": true},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
    })
}

async fn read_messages(stream: DuplexStream, tx: mpsc::UnboundedSender<Value>) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.expect("Content-Length")];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
            return;
        }
    }
}

/// Line and UTF-16 character of a byte offset, computed independently of
/// the server's own conversions.
pub fn utf16_position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = text[line_start..offset].encode_utf16().count();
    json!({"line": line, "character": character})
}

/// The byte offset of an LSP position (UTF-16), independently computed.
pub fn utf16_offset(text: &str, pos: &Value) -> usize {
    let (line, character) = (
        pos["line"].as_u64().unwrap() as usize,
        pos["character"].as_u64().unwrap() as usize,
    );
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').unwrap() + 1;
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Applies LSP text edits (UTF-16 positions) to a text, last first.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                utf16_offset(text, &e["range"]["start"]),
                utf16_offset(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}
