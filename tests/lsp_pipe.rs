//! The release binary's `vouch lsp` over real pipes: malformed frames are
//! answered with an error and the server keeps serving.

use std::io::{BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

mod common;

use common::read_frame;

struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
}

impl Server {
    fn start(dir: &std::path::Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vouch"))
            .arg("lsp")
            .current_dir(dir)
            .env("XDG_CACHE_HOME", dir.join("cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("vouch lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(m) = read_frame(&mut r) {
                if tx.send(m).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
        }
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    /// The next message that is a response (with or without an id),
    /// skipping the server's notifications and requests.
    fn response(&mut self) -> Value {
        loop {
            let m = self
                .messages
                .recv_timeout(Duration::from_secs(30))
                .expect("the server answers within 30 s");
            if m.get("method").is_none() {
                return m;
            }
        }
    }
}

fn frame_with_length(len: usize, body: &str) -> Vec<u8> {
    format!("Content-Length: {len}\r\n\r\n{body}").into_bytes()
}

fn error_code(m: &Value) -> i64 {
    m["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("an error reply, got {m}"))
}

#[test]
fn malformed_frames_are_answered_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut s = Server::start(&root);
    s.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}}));
    assert_eq!(s.response()["id"], 1);
    s.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    // Invalid JSON, a message that is not an object, and one that is not
    // JSON-RPC: each gets its error reply.
    let bad = r#"{"jsonrpc": "2.0", "id": 2, "method": "#;
    s.raw(&frame_with_length(bad.len(), bad));
    let r = s.response();
    assert_eq!((error_code(&r), &r["id"]), (-32700, &Value::Null), "{r}");
    s.raw(&frame_with_length(7, "[1,2,3]"));
    assert_eq!(error_code(&s.response()), -32600);
    let not_rpc = r#"{"id": 9, "method": "x"}"#;
    s.raw(&frame_with_length(not_rpc.len(), not_rpc));
    let r = s.response();
    assert_eq!((error_code(&r), &r["id"]), (-32600, &json!(9)), "{r}");

    // A Content-Length shorter than the message: its rest is garbage up to
    // the next header.
    let uri = format!("file://{}", root.join("draft.md").display());
    let open =
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
        {"uri": uri, "languageId": "markdown", "version": 1, "text": "Sales rose 5 percent.\n"}}})
        .to_string();
    s.raw(&frame_with_length(open.len() - 20, &open));
    assert_eq!(error_code(&s.response()), -32700);
    s.send(serde_json::from_str(&open).unwrap());

    // A Content-Length longer than the message, then a request the client
    // waits on: the server sees the next header and answers it.
    let hover = json!({"jsonrpc": "2.0", "id": 3, "method": "vouch/documentState",
        "params": {"uri": uri}})
    .to_string();
    let mut bytes = frame_with_length(hover.len() + 400, r#"{"jsonrpc":"2.0","method":"x"}"#);
    bytes.extend(frame_with_length(hover.len(), &hover));
    s.raw(&bytes);
    let r = s.response();
    assert_eq!(error_code(&r), -32700, "{r}");
    let r = s.response();
    assert_eq!(r["id"], 3, "{r}");
    assert_eq!(
        r["result"]["text"], "Sales rose 5 percent.\n",
        "the notification after the bad frames was applied: {r}"
    );

    s.send(json!({"jsonrpc": "2.0", "id": 4, "method": "shutdown"}));
    assert_eq!(s.response()["id"], 4);
    s.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = s.child.wait().unwrap();
    assert!(status.success(), "{status}");
    let mut stderr = String::new();
    s.child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        stderr.contains("vouch: skipped a malformed message (invalid JSON"),
        "logged: {stderr}"
    );
}
