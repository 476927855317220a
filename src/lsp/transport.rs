//! The framing layer between the client's byte streams and tower-lsp-server.
//!
//! tower-lsp-server's transport stops reading after the first frame it
//! cannot decode (its `FramedRead` ends the stream on a decode error), so
//! one malformed message would end the session. This layer reads the
//! client's frames itself, answers a malformed one with the fitting JSON-RPC
//! error, logs it on stderr, resynchronises on the next `Content-Length`
//! header and hands only well-formed messages to the server, re-framed.
//!
//! The server's output passes through one writer that copies whole frames,
//! so the error replies made here never interleave with the server's frames.
//!
//! The reading side is a plain state machine ([`Framer`]) over a byte buffer,
//! so every recovery path is unit-tested without I/O.

use std::future::Future;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{
    AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream,
};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest message accepted (a whole draft fits many times over). A
/// larger one is answered with an error and skipped without buffering it.
pub const MAX_MESSAGE: usize = 64 << 20;
/// Headers are a few dozen bytes; this many without their end is garbage.
const MAX_HEADERS: usize = 8 << 10;
/// How long the input may stay quiet, with a message still incomplete,
/// before the framer checks whether its `Content-Length` overstated it.
const IDLE: Duration = Duration::from_millis(20);
const HEADER: &[u8] = b"Content-Length";

/// JSON-RPC error codes.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// What the framer found in the input.
#[derive(Debug, PartialEq)]
pub enum Event {
    /// A well-formed JSON-RPC message: its JSON text.
    Message(Vec<u8>),
    /// A malformed frame: the reply to send (a JSON-RPC error response) and
    /// what to log.
    Malformed { reply: Value, log: String },
}

/// What reading the headers did.
enum Step {
    /// They are not all there yet.
    Wait,
    /// The state moved on (or garbage was skipped quietly).
    Moved,
    /// A problem to answer.
    Report(Event),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    /// Expecting headers.
    Headers,
    /// Expecting a body of this many bytes.
    Body(usize),
    /// Dropping this many bytes of an oversized body.
    Skip(usize),
}

/// Splits the client's bytes into messages, recovering from bad frames.
#[derive(Debug)]
pub struct Framer {
    buf: Vec<u8>,
    /// Bytes of `buf` already consumed.
    at: usize,
    state: State,
    /// Inside garbage already reported: stay quiet until a good header.
    resyncing: bool,
    /// `buf`'s length when the body was last checked for an overstated length.
    checked: usize,
}

impl Default for Framer {
    fn default() -> Self {
        Framer {
            buf: Vec::new(),
            at: 0,
            state: State::Headers,
            resyncing: false,
            checked: 0,
        }
    }
}

impl Framer {
    /// Appends bytes read from the client.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.at > 0 && self.at * 2 >= self.buf.len() {
            self.buf.drain(..self.at);
            self.checked = self.checked.saturating_sub(self.at);
            self.at = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    fn pending(&self) -> &[u8] {
        &self.buf[self.at..]
    }

    fn consume(&mut self, n: usize) {
        self.at += n;
    }

    /// The next complete event, if the buffer holds one.
    pub fn next_event(&mut self) -> Option<Event> {
        loop {
            match self.state {
                State::Skip(n) => {
                    let k = n.min(self.pending().len());
                    self.consume(k);
                    if k < n {
                        self.state = State::Skip(n - k);
                        return None;
                    }
                    self.state = State::Headers;
                }
                State::Headers => match self.headers() {
                    Step::Wait => return None,
                    Step::Moved => {}
                    Step::Report(event) => return Some(event),
                },
                State::Body(len) => {
                    if self.pending().len() < len {
                        return None;
                    }
                    return Some(self.body(len));
                }
            }
        }
    }

    /// Reads the headers at the front of the buffer.
    fn headers(&mut self) -> Step {
        // Blank lines between frames are harmless.
        let blank = self
            .pending()
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        self.consume(blank);
        let pending = self.pending();
        if pending.is_empty() {
            return Step::Wait;
        }
        let Some((block_len, total)) = header_end(pending) else {
            // Headers still arriving, or garbage.
            if pending.len() <= MAX_HEADERS && starts_like_header(pending) {
                return Step::Wait;
            }
            return self.resync("bytes that are not a message header");
        };
        let block = String::from_utf8_lossy(&pending[..block_len]).into_owned();
        match content_length(&block) {
            Ok(len) => {
                self.consume(total);
                self.resyncing = false;
                if len > MAX_MESSAGE {
                    self.state = State::Skip(len);
                    return Step::Report(malformed(
                        INVALID_REQUEST,
                        Value::Null,
                        format!("a message of {len} bytes, over the limit of {MAX_MESSAGE}"),
                    ));
                }
                self.state = State::Body(len);
                self.checked = 0;
                Step::Moved
            }
            Err(problem) => self.resync(&problem),
        }
    }

    /// Drops bytes up to the next `Content-Length` header (past the start),
    /// reporting the problem unless this garbage was reported already.
    fn resync(&mut self, problem: &str) -> Step {
        let pending = self.pending();
        let skip = match find(&pending[1.min(pending.len())..], HEADER) {
            Some(i) => i + 1,
            // Keep a tail that may be the start of a header still arriving.
            None => pending.len().saturating_sub(HEADER.len() - 1).max(1),
        };
        let skip = skip.min(pending.len());
        self.consume(skip);
        self.state = State::Headers;
        if std::mem::replace(&mut self.resyncing, true) {
            return Step::Moved;
        }
        Step::Report(malformed(PARSE_ERROR, Value::Null, problem.to_string()))
    }

    /// Takes a complete body of `len` bytes.
    fn body(&mut self, len: usize) -> Event {
        self.state = State::Headers;
        let body = &self.pending()[..len];
        match validate(body) {
            Ok(()) => {
                let message = body.to_vec();
                self.consume(len);
                Event::Message(message)
            }
            Err(event) => {
                // A length that overstated the message swallows the start
                // of the next one: resynchronise on a header inside it.
                let skip = json_end(body)
                    .and_then(|end| after_space(body, end))
                    .filter(|&i| body[i..].starts_with(HEADER))
                    .unwrap_or(len);
                self.consume(skip);
                // Whatever of this frame follows is part of the same fault.
                self.resyncing = true;
                event
            }
        }
    }

    /// Whether a body is incomplete with bytes that [`Framer::idle`] has not
    /// looked at yet.
    pub fn may_be_overstated(&self) -> bool {
        matches!(self.state, State::Body(len) if self.pending().len() < len && self.pending().len() != self.checked)
    }

    /// Called when the input went quiet with a body incomplete: if what
    /// arrived already is a whole message followed by a next header, the
    /// `Content-Length` overstated it. Reports that frame and resynchronises
    /// on the header, instead of waiting for bytes that may never come.
    pub fn idle(&mut self) -> Option<Event> {
        let State::Body(len) = self.state else {
            return None;
        };
        let have = self.pending().len();
        if have >= len || have == self.checked {
            return None;
        }
        self.checked = have;
        let pending = self.pending();
        let end = json_end(pending)?;
        let next = after_space(pending, end)?;
        if !pending[next..].starts_with(HEADER) {
            return None;
        }
        self.consume(next);
        self.state = State::Headers;
        Some(malformed(
            PARSE_ERROR,
            Value::Null,
            format!("Content-Length said {len} bytes but the message ended after {end}"),
        ))
    }
}

/// A JSON-RPC error response and its log line.
fn malformed(code: i64, id: Value, problem: String) -> Event {
    let kind = if code == PARSE_ERROR {
        "Parse error"
    } else {
        "Invalid request"
    };
    Event::Malformed {
        reply: json!({"jsonrpc": "2.0", "error": {"code": code, "message": format!("{kind}: {problem}")}, "id": id}),
        log: format!("vouch: skipped a malformed message ({problem})"),
    }
}

/// A message as tower-lsp-server decodes one (its own type is private).
#[derive(serde::Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // only whether it decodes matters
enum Message {
    Response(Response),
    Request(Request),
}

/// Whether a body is a JSON-RPC message tower-lsp-server decodes: a request,
/// a notification or a response. Otherwise, the error event to answer.
fn validate(body: &[u8]) -> Result<(), Event> {
    if serde_json::from_slice::<Message>(body).is_ok() {
        return Ok(());
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| malformed(PARSE_ERROR, Value::Null, format!("invalid JSON: {e}")))?;
    let Value::Object(object) = &value else {
        return Err(malformed(
            INVALID_REQUEST,
            Value::Null,
            format!("the message is {}, not an object", kind_of(&value)),
        ));
    };
    let id = match object.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    let method = object.get("method").and_then(Value::as_str);
    let problem = match (object.get("jsonrpc"), method) {
        (Some(Value::String(v)), _) if v == "2.0" => match method {
            Some(m) => format!("`{m}` is not a well-formed request"),
            None => "neither a request nor a response".to_string(),
        },
        _ => "not JSON-RPC 2.0 (\"jsonrpc\": \"2.0\" is missing)".to_string(),
    };
    Err(malformed(INVALID_REQUEST, id, problem))
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Where the first JSON value in `bytes` ends, when it is complete.
fn json_end(bytes: &[u8]) -> Option<usize> {
    let mut values =
        serde_json::Deserializer::from_slice(bytes).into_iter::<serde::de::IgnoredAny>();
    match values.next() {
        Some(Ok(_)) => Some(values.byte_offset()),
        _ => None,
    }
}

/// The first byte at or after `i` that is not whitespace, if any.
fn after_space(bytes: &[u8], i: usize) -> Option<usize> {
    bytes[i..]
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|k| i + k)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether the bytes may be the start of a header block (a header name
/// followed by `:` or still being typed), rather than garbage.
fn starts_like_header(bytes: &[u8]) -> bool {
    let name = bytes
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-')
        .count();
    name > 0 && (name == bytes.len() || bytes[name] == b':')
}

/// The end of the header block: the length of its lines, and with the
/// blank line that ends it. CRLF as the protocol says, or bare LF.
fn header_end(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    while let Some(nl) = bytes[i..].iter().position(|&b| b == b'\n') {
        let line_end = i + nl;
        let line = &bytes[i..line_end];
        if line.is_empty() || line == b"\r" {
            return Some((i, line_end + 1));
        }
        i = line_end + 1;
    }
    None
}

/// The `Content-Length` of a header block, or what is wrong with it.
fn content_length(block: &str) -> Result<usize, String> {
    let mut len = None;
    for line in block.lines() {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("a header line without a colon: {:?}", clip(line)));
        };
        let name = name.trim();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(format!("not a header: {:?}", clip(line)));
        }
        if name.eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            len = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| format!("Content-Length {:?} is not a length", clip(value)))?,
            );
        }
    }
    len.ok_or_else(|| "headers without a Content-Length".to_string())
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Serves a client through the framing layer: `server` gets the streams
/// tower-lsp-server reads and writes, and must end when its input ends.
pub async fn serve<I, O, S, F>(input: I, output: O, server: S)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
    S: FnOnce(DuplexStream, DuplexStream) -> F,
    F: Future<Output = ()>,
{
    let (to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let (frames_tx, frames_rx) = mpsc::channel(64);
    let (replies_tx, replies_rx) = mpsc::unbounded_channel();
    let reader = read_client(input, to_server, replies_tx);
    let session = async {
        tokio::join!(
            server(server_in, server_out),
            pump(from_server, frames_tx),
            write_client(output, frames_rx, replies_rx),
        )
    };
    tokio::pin!(reader, session);
    tokio::select! {
        biased;
        _ = &mut session => return,
        () = &mut reader => {}
    }
    // The client's input ended: the server ends on its own, then the writer.
    session.await;
}

/// Reads the client's frames; forwards the good ones to the server and
/// sends the error replies for the bad ones to the writer.
async fn read_client<I: AsyncRead + Unpin>(
    mut input: I,
    mut to_server: DuplexStream,
    replies: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut framer = Framer::default();
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        // With a message incomplete, a quiet input is worth a look (see
        // `Framer::idle`). `read` is cancel-safe: a timeout loses no byte.
        let read = if !framer.may_be_overstated() {
            input.read(&mut chunk).await
        } else {
            match tokio::time::timeout(IDLE, input.read(&mut chunk)).await {
                Ok(read) => read,
                Err(_quiet) => {
                    if let Some(event) = framer.idle()
                        && !deliver(event, &mut to_server, &replies).await
                    {
                        return;
                    }
                    while let Some(event) = framer.next_event() {
                        if !deliver(event, &mut to_server, &replies).await {
                            return;
                        }
                    }
                    continue;
                }
            }
        };
        let n = match read {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        framer.push(&chunk[..n]);
        while let Some(event) = framer.next_event() {
            if !deliver(event, &mut to_server, &replies).await {
                return;
            }
        }
    }
}

/// Hands one event on; false when the server is gone.
async fn deliver(
    event: Event,
    to_server: &mut DuplexStream,
    replies: &mpsc::UnboundedSender<Vec<u8>>,
) -> bool {
    match event {
        Event::Message(body) => {
            let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
            frame.extend_from_slice(&body);
            to_server.write_all(&frame).await.is_ok() && to_server.flush().await.is_ok()
        }
        Event::Malformed { reply, log } => {
            eprintln!("{log}");
            let body = reply.to_string();
            let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes();
            let _ = replies.send(frame);
            true
        }
    }
}

/// Cuts the server's output into whole frames for the writer.
async fn pump(from_server: DuplexStream, frames: mpsc::Sender<Vec<u8>>) {
    let mut server = BufReader::new(from_server);
    while let Some(frame) = read_frame(&mut server).await {
        if frames.send(frame).await.is_err() {
            return;
        }
    }
}

/// The one writer of the client's output: the server's frames, and between
/// them the error replies of the framing layer. Ends with the server's output.
async fn write_client<O: AsyncWrite>(
    output: O,
    mut frames: mpsc::Receiver<Vec<u8>>,
    mut replies: mpsc::UnboundedReceiver<Vec<u8>>,
) {
    tokio::pin!(output);
    let mut replies_open = true;
    loop {
        let frame = tokio::select! {
            frame = frames.recv() => match frame {
                Some(frame) => frame,
                None => break,
            },
            reply = replies.recv(), if replies_open => match reply {
                Some(frame) => frame,
                None => {
                    replies_open = false;
                    continue;
                }
            },
        };
        if output.write_all(&frame).await.is_err() || output.flush().await.is_err() {
            // The client is gone; keep draining so the server never blocks.
            while frames.recv().await.is_some() {}
            return;
        }
    }
    let _ = output.flush().await;
}

/// One whole frame of the server's output (headers and body), or `None`
/// when the server closed it.
async fn read_frame(server: &mut BufReader<DuplexStream>) -> Option<Vec<u8>> {
    let mut frame = Vec::new();
    let mut len = None;
    loop {
        let start = frame.len();
        if server.read_until(b'\n', &mut frame).await.ok()? == 0 {
            return None;
        }
        let line = std::str::from_utf8(&frame[start..]).ok()?.trim();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            len = value.trim().parse::<usize>().ok();
        }
    }
    let len = len?;
    let start = frame.len();
    frame.resize(start + len, 0);
    server.read_exact(&mut frame[start..]).await.ok()?;
    Some(frame)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const PING: &str = r#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#;

    /// Feeds the input in pieces of `step` bytes; returns every event.
    fn events(input: &[u8], step: usize) -> Vec<Event> {
        let mut f = Framer::default();
        let mut out = Vec::new();
        for piece in input.chunks(step.max(1)) {
            f.push(piece);
            while let Some(e) = f.next_event() {
                out.push(e);
            }
        }
        out.extend(f.idle());
        while let Some(e) = f.next_event() {
            out.push(e);
        }
        out
    }

    /// Each event as `ok` or its error code and the id it answers.
    fn summary(events: &[Event]) -> Vec<String> {
        events
            .iter()
            .map(|e| match e {
                Event::Message(m) => {
                    let v: Value = serde_json::from_slice(m).unwrap();
                    format!("ok {}", v["id"])
                }
                Event::Malformed { reply, .. } => {
                    format!("{} {}", reply["error"]["code"], reply["id"])
                }
            })
            .collect()
    }

    #[test]
    fn recovers_from_every_kind_of_bad_frame() {
        let invalid_utf8 = [
            b"Content-Length: 3\r\n\r\n\xff\xfe{".as_slice(),
            frame(PING).as_bytes(),
        ]
        .concat();
        let text_cases: Vec<(&str, String, &[&str])> = vec![
            ("good", frame(PING), &["ok 7"]),
            (
                "invalid JSON",
                frame("{not json") + &frame(PING),
                &["-32700 null", "ok 7"],
            ),
            (
                "an array",
                frame("[1,2]") + &frame(PING),
                &["-32600 null", "ok 7"],
            ),
            (
                "a number",
                frame("42") + &frame(PING),
                &["-32600 null", "ok 7"],
            ),
            (
                "not JSON-RPC, with an id",
                frame(r#"{"id":3,"method":"x"}"#) + &frame(PING),
                &["-32600 3", "ok 7"],
            ),
            (
                "a bad params type",
                frame(r#"{"jsonrpc":"2.0","id":4,"method":5}"#) + &frame(PING),
                &["-32600 4", "ok 7"],
            ),
            (
                "Content-Length too short",
                format!("Content-Length: 10\r\n\r\n{PING}") + &frame(PING),
                &["-32700 null", "ok 7"],
            ),
            (
                "Content-Length too long, more input follows",
                format!("Content-Length: 60\r\n\r\n{PING}") + &frame(PING) + &frame(PING),
                &["-32700 null", "ok 7", "ok 7"],
            ),
            (
                "Content-Length not a number",
                "Content-Length: lots\r\n\r\n{}".to_string() + &frame(PING),
                &["-32700 null", "ok 7"],
            ),
            (
                "no Content-Length",
                format!("Content-Type: x\r\n\r\n{PING}") + &frame(PING),
                &["-32700 null", "ok 7"],
            ),
            (
                "garbage between frames",
                frame(PING) + "hello there {}}" + &frame(PING),
                &["ok 7", "-32700 null", "ok 7"],
            ),
            (
                "LF-only headers and blank lines between frames",
                format!("\r\n\nContent-Length: {}\n\n{PING}", PING.len()),
                &["ok 7"],
            ),
        ];
        let mut cases: Vec<(&str, Vec<u8>, &[&str])> = text_cases
            .into_iter()
            .map(|(what, input, want)| (what, input.into_bytes(), want))
            .collect();
        cases.push(("invalid UTF-8", invalid_utf8, &["-32700 null", "ok 7"]));
        for (what, input, want) in &cases {
            for step in [1, 7, input.len()] {
                let got = summary(&events(input, step));
                assert_eq!(got, *want, "{what}, in pieces of {step}");
            }
        }
    }

    #[test]
    fn an_overstated_length_is_found_when_the_input_goes_quiet() {
        // The client sends one frame whose length is too long, then a good
        // one, and waits for an answer: nothing more will come.
        let input = format!("Content-Length: 500\r\n\r\n{PING}") + &frame(PING);
        let mut f = Framer::default();
        f.push(input.as_bytes());
        assert_eq!(f.next_event(), None, "waits for the 500 bytes");
        let mut got = vec![f.idle().expect("the quiet input reveals the bad length")];
        got.extend(std::iter::from_fn(|| f.next_event()));
        assert_eq!(summary(&got), ["-32700 null", "ok 7"]);
    }

    #[test]
    fn a_message_that_contains_a_header_inside_a_string_is_not_cut() {
        let body = format!(
            r#"{{"jsonrpc":"2.0","id":1,"method":"m","params":{{"text":"{}"}}}}"#,
            "Content-Length: 5 and more"
        );
        let input = frame(&body);
        let mut f = Framer::default();
        f.push(&input.as_bytes()[..input.len() - 10]);
        assert_eq!(f.next_event(), None);
        assert_eq!(f.idle(), None, "an incomplete message is waited for");
        f.push(&input.as_bytes()[input.len() - 10..]);
        assert_eq!(summary(&[f.next_event().unwrap()]), ["ok 1"]);
    }

    #[test]
    fn an_oversized_message_is_skipped_without_buffering_it() {
        let mut f = Framer::default();
        f.push(format!("Content-Length: {}\r\n\r\n", MAX_MESSAGE + 10).as_bytes());
        let e = f.next_event().unwrap();
        assert_eq!(summary(&[e]), ["-32600 null"]);
        let filler = vec![b'x'; 1 << 16];
        let mut sent = 0;
        while sent < MAX_MESSAGE + 10 {
            let n = filler.len().min(MAX_MESSAGE + 10 - sent);
            f.push(&filler[..n]);
            sent += n;
            assert_eq!(f.next_event(), None);
            assert!(f.buf.len() <= 2 << 16, "buffered {}", f.buf.len());
        }
        f.push(frame(PING).as_bytes());
        assert_eq!(summary(&[f.next_event().unwrap()]), ["ok 7"]);
    }

    #[test]
    fn long_garbage_is_reported_once() {
        let garbage = "x".repeat(3 * MAX_HEADERS);
        let input = garbage + &frame(PING);
        for step in [100, 5000] {
            assert_eq!(
                summary(&events(input.as_bytes(), step)),
                ["-32700 null", "ok 7"],
                "pieces of {step}"
            );
        }
    }
}
