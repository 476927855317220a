//! `vouch bench-lsp`: the language server's figures in the README, measured
//! by driving the real server (`vouch lsp`, a child process on pipes) the
//! way an editor does.
//!
//! - edit → diagnostics: a one-character edit in a 2,000-word draft, from
//!   sending `didChange` to receiving `publishDiagnostics` for that version,
//!   with the server's default settings (what a user gets) and with the
//!   debounce set to 0 (the work alone);
//! - with `--compare CMD`, another language server (harper-ls) gets the same
//!   draft and the same edits, interleaved edit by edit with vouch's, so both
//!   are timed on the same machine at the same moment;
//! - initialize → first diagnostics with the index persisted by an earlier
//!   session (a new server process each time), and its memory then; when
//!   that index is split into segments, a server left idle merges them
//!   (timed, with its peak memory) and the starts are timed again;
//! - the server's resident memory over an hour of typing compressed in time.

use std::collections::VecDeque;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use tokio::sync::mpsc;

use super::{CorpusArgs, Measured, draft_from, machine, percentile, spec};
use crate::engine::corpus;
use crate::position::{Encoding, LineMap};

#[derive(Debug, clap::Args)]
pub struct BenchLspArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// One-character edits timed per corpus.
    #[arg(long, default_value_t = 200)]
    pub edits: usize,
    /// Server starts timed per corpus (warm index).
    #[arg(long, default_value_t = 5)]
    pub starts: usize,
    /// Keystrokes of simulated typing for the memory figure (an hour at
    /// 200 characters a minute is 12,000).
    #[arg(long, default_value_t = 12_000)]
    pub keystrokes: usize,
    /// Another language server to time on the same draft and edits,
    /// interleaved with vouch's: its command line, split at spaces
    /// (e.g. "harper-ls --stdio").
    #[arg(long, value_name = "COMMAND")]
    pub compare: Option<String>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

/// How long to wait for the server before calling it stuck.
const STUCK: Duration = Duration::from_secs(300);

/// How long to wait for another server's diagnostics after an edit: a
/// server may publish nothing when nothing changed.
const OTHER_QUIET: Duration = Duration::from_secs(5);

/// How vouch's server is started for a measure.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Debounce {
    /// The server's own defaults, as a user gets them.
    Default,
    /// No debounce: only the work counts.
    Zero,
}

/// The client side of one server process.
struct Session {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::UnboundedReceiver<(Instant, Value)>,
    held: VecDeque<(Instant, Value)>,
    next_id: i64,
    /// The server takes whole texts in `didChange` (`TextDocumentSyncKind`
    /// Full, as harper-ls does), not ranges: a range sent to it would be read
    /// as the whole new text (a one-character document, linted in no time).
    full_sync: bool,
}

impl Session {
    /// `vouch lsp`, with its index cache in `cache`.
    fn vouch(cache: &Path, debounce: Debounce) -> Result<Session> {
        let exe = std::env::current_exe().context("cannot find the vouch executable")?;
        let mut command = Command::new(exe);
        command
            .args(["lsp", "--stdio"])
            .env("XDG_CACHE_HOME", cache);
        match debounce {
            Debounce::Zero => command.env("VOUCH_LSP_DEBOUNCE_MS", "0"),
            Debounce::Default => command.env_remove("VOUCH_LSP_DEBOUNCE_MS"),
        };
        Session::spawn(command, "vouch lsp")
    }

    /// Another server, from its command line.
    fn other(command_line: &str, cache: &Path) -> Result<Session> {
        let mut words = command_line.split_whitespace();
        let program = words.next().context("--compare needs a command")?;
        let mut command = Command::new(program);
        command.args(words).env("XDG_CACHE_HOME", cache);
        Session::spawn(command, command_line)
    }

    fn spawn(mut command: Command, name: &str) -> Result<Session> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("cannot start `{name}`"))?;
        let stdin = child.stdin.take().context("no stdin")?;
        let stdout = child.stdout.take().context("no stdout")?;
        let (tx, incoming) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
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
                        length = v.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).await.is_err() {
                    return;
                }
                let Ok(value) = serde_json::from_slice::<Value>(&body) else {
                    return;
                };
                // Stamped on arrival, so a busy bench loop does not inflate timings.
                if tx.send((Instant::now(), value)).is_err() {
                    return;
                }
            }
        });
        Ok(Session {
            child,
            stdin,
            incoming,
            held: VecDeque::new(),
            next_id: 1,
            full_sync: false,
        })
    }

    async fn send(&mut self, message: Value) -> Result<()> {
        let body = serde_json::to_string(&message)?;
        self.stdin
            .write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
            .await?;
        self.stdin.flush().await?;
        Ok(())
    }

    async fn notify(&mut self, method: &str, params: Value) -> Result<()> {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await
    }

    async fn next(&mut self) -> Result<(Instant, Value)> {
        let (at, m) = tokio::time::timeout(STUCK, self.incoming.recv())
            .await
            .context("the server stopped answering")?
            .context("the server exited")?;
        // Answer the server's requests (progress tokens, registrations).
        if m.get("method").is_some()
            && let Some(id) = m.get("id")
        {
            self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}))
                .await?;
        }
        Ok((at, m))
    }

    async fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Result<(Instant, Value)> {
        if let Some(i) = self.held.iter().position(|(_, m)| pred(m)) {
            return Ok(self.held.remove(i).expect("held message"));
        }
        loop {
            let (at, m) = self.next().await?;
            if pred(&m) {
                return Ok((at, m));
            }
            // Keep only what a later wait may look for.
            if m["method"] == "textDocument/publishDiagnostics" || m.get("method").is_none() {
                self.held.push_back((at, m));
                if self.held.len() > 64 {
                    self.held.pop_front();
                }
            }
        }
    }

    async fn request(&mut self, method: &str, params: Value) -> Result<Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await?;
        let (_, m) = self
            .wait(|m| m.get("method").is_none() && m["id"] == json!(id))
            .await?;
        if let Some(e) = m.get("error") {
            bail!("{method} failed: {e}");
        }
        Ok(m["result"].clone())
    }

    async fn diagnostics(&mut self, uri: &str, version: i64) -> Result<Instant> {
        let (at, _) = self
            .wait(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == json!(version)
            })
            .await?;
        Ok(at)
    }

    /// The next diagnostics for `uri` after an edit to `version`, from a
    /// server that may not say which version they are for; None when it
    /// publishes none within [`OTHER_QUIET`].
    async fn any_diagnostics(
        &mut self,
        uri: &str,
        version: i64,
        sent: Instant,
    ) -> Result<Option<Instant>> {
        // Without a version, a publish that came before the edit answers an
        // earlier one: it is dropped, never timed (it would time as zero).
        let fits = |at: Instant, m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && (m["params"]["version"] == json!(version)
                    || (m["params"]["version"].is_null() && at >= sent))
        };
        self.held.retain(|(at, m)| {
            !(*at < sent
                && m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri)
        });
        if let Some(i) = self.held.iter().position(|(at, m)| fits(*at, m)) {
            return Ok(self.held.remove(i).map(|(at, _)| at));
        }
        let deadline = Instant::now() + OTHER_QUIET;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(next) = tokio::time::timeout(left, self.next()).await else {
                return Ok(None);
            };
            let (at, m) = next?;
            if fits(at, &m) {
                return Ok(Some(at));
            }
        }
    }

    async fn initialize(&mut self, root: &Path, corpus: &Path) -> Result<()> {
        let root_uri = format!("file://{}", root.display());
        let result = self
            .request(
                "initialize",
                json!({"processId": null, "rootUri": root_uri, "capabilities": {},
                   "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
                   "initializationOptions": {"corpus": {"paths": [corpus]}}}),
            )
            .await?;
        // `textDocumentSync` is a kind (1 = Full) or options with `change`.
        let sync = &result["capabilities"]["textDocumentSync"];
        self.full_sync = sync == &json!(1) || sync["change"] == json!(1);
        self.notify("initialized", json!({})).await
    }

    async fn open(&mut self, uri: &str, text: &str) -> Result<()> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        )
        .await
    }

    /// Replaces `range` (bytes of `text`) with `insert`, as version `version`.
    async fn edit(
        &mut self,
        uri: &str,
        version: i64,
        text: &mut String,
        range: std::ops::Range<usize>,
        insert: &str,
    ) -> Result<()> {
        let map = LineMap::new(text);
        let (start, end) = (
            map.position(range.start, Encoding::Utf16),
            map.position(range.end, Encoding::Utf16),
        );
        let range_change = json!({
            "range": {"start": {"line": start.line, "character": start.character},
                      "end": {"line": end.line, "character": end.character}},
            "text": insert,
        });
        text.replace_range(range, insert);
        let change = if self.full_sync {
            json!({ "text": text.as_str() })
        } else {
            range_change
        };
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        )
        .await
    }

    fn rss_kb(&self) -> u64 {
        self.status_kb("VmRSS:")
    }

    /// The most the server has been resident so far.
    fn peak_rss_kb(&self) -> u64 {
        self.status_kb("VmHWM:")
    }

    fn status_kb(&self, field: &str) -> u64 {
        self.child
            .id()
            .and_then(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with(field))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            })
            .unwrap_or(0)
    }

    async fn stop(mut self) -> Result<()> {
        self.request("shutdown", Value::Null).await?;
        self.notify("exit", Value::Null).await?;
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
        Ok(())
    }
}

#[derive(Debug, serde::Serialize)]
struct Figures {
    corpus: String,
    files: usize,
    draft_words: usize,
    /// Edit → diagnostics with the server's default settings.
    edit_ms_median: f64,
    edit_ms_p95: f64,
    /// Edit → diagnostics with the debounce at 0: the check alone.
    edit_no_debounce_ms_median: f64,
    edit_no_debounce_ms_p95: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    compared: Option<Compared>,
    first_diagnostics_warm_ms_median: f64,
    /// The server's resident memory when its first diagnostics arrive.
    first_diagnostics_rss_mb: f64,
    /// When the index had segments to merge: what the server's idle merge
    /// took, and the starts on the merged index.
    #[serde(skip_serializing_if = "Option::is_none")]
    merged: Option<IdleMerge>,
    keystrokes: usize,
    typing_seconds: f64,
    rss_start_mb: f64,
    rss_tenth_mb: f64,
    rss_end_mb: f64,
    rss_max_mb: f64,
}

/// The server's merge of the index's segments once the editor is idle.
#[derive(Debug, serde::Serialize)]
struct IdleMerge {
    /// Segments before.
    segments: usize,
    /// From the first diagnostics to the merge's log line (the idle wait
    /// included).
    seconds: f64,
    /// The server's peak resident memory over its session, the merge
    /// included.
    peak_rss_mb: f64,
    /// initialize → first diagnostics of new servers on the merged index.
    first_diagnostics_ms_median: f64,
    first_diagnostics_rss_mb: f64,
}

/// Another server's edit → diagnostics, timed interleaved with vouch's.
#[derive(Debug, serde::Serialize)]
struct Compared {
    command: String,
    edit_ms_median: f64,
    edit_ms_p95: f64,
    /// Edits after which it published nothing within a few seconds.
    unanswered: usize,
    /// vouch's median (default settings) over its median.
    ratio: f64,
}

/// Byte offsets just after a word in the middle of each paragraph: where
/// the one-character edits go, spread over the draft.
fn edit_points(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = 0;
    for para in text.split("\n\n") {
        if let Some(mid) = para
            .char_indices()
            .nth(para.chars().count() / 2)
            .map(|(i, _)| i)
            && let Some(space) = para[mid..].find(' ')
            && !para.starts_with('#')
        {
            out.push(at + mid + space);
        }
        at += para.len() + 2;
    }
    out
}

/// Times one-character edits, each answered before the next: vouch's
/// server, and when given another one on the same edits, edit by edit.
/// Both have the draft open; returns vouch's times, the other's times and
/// how many of its edits went unanswered.
async fn time_edits(
    vouch: &mut Session,
    mut other: Option<&mut Session>,
    uri: &str,
    draft: &str,
    edits: usize,
) -> Result<(Vec<f64>, Vec<f64>, usize)> {
    let mut text = draft.to_string();
    let mut other_text = draft.to_string();
    let points = edit_points(&text);
    if points.is_empty() {
        bail!("the draft has no paragraphs to edit");
    }
    let (mut mine, mut theirs, mut unanswered) = (Vec::new(), Vec::new(), 0);
    let mut version = 1;
    for n in 0..edits {
        // Type a character, then take it back: the draft stays the same size.
        let at = points[(n / 2 * 7) % points.len()];
        let (range, insert) = if n % 2 == 0 {
            (at..at, "x")
        } else {
            (at..at + 1, "")
        };
        version += 1;
        let sent = Instant::now();
        vouch
            .edit(uri, version, &mut text, range.clone(), insert)
            .await?;
        let got = vouch.diagnostics(uri, version).await?;
        mine.push(got.duration_since(sent).as_secs_f64() * 1000.0);
        if let Some(o) = other.as_deref_mut() {
            let sent = Instant::now();
            o.edit(uri, version, &mut other_text, range, insert).await?;
            match o.any_diagnostics(uri, version, sent).await? {
                Some(got) => theirs.push(got.duration_since(sent).as_secs_f64() * 1000.0),
                None => unanswered += 1,
            }
        }
    }
    Ok((mine, theirs, unanswered))
}

async fn measure(m: &Measured, args: &BenchLspArgs) -> Result<Figures> {
    let corpus_dir = m
        .dir
        .canonicalize()
        .with_context(|| format!("{}: not found", m.dir.display()))?;
    let files = corpus::discover(&spec(&corpus_dir), &mut Vec::new())?.len();
    let tmp = tempfile::tempdir()?;
    let root = tmp.path().join("story");
    let cache = tmp.path().join("cache");
    std::fs::create_dir_all(&root)?;
    let draft = draft_from(&corpus_dir, 2000)?;
    let uri = format!("file://{}", root.join("draft.md").display());

    // Session 1 builds the index (cold), then times edits with no debounce.
    let mut s = Session::vouch(&cache, Debounce::Zero)?;
    s.initialize(&root, &corpus_dir).await?;
    s.open(&uri, &draft).await?;
    s.diagnostics(&uri, 1).await?;
    let (mut bare, _, _) = time_edits(&mut s, None, &uri, &draft, args.edits).await?;
    s.stop().await?;

    // Session 2: default settings, and the other server on the same edits.
    let mut s = Session::vouch(&cache, Debounce::Default)?;
    s.initialize(&root, &corpus_dir).await?;
    s.open(&uri, &draft).await?;
    s.diagnostics(&uri, 1).await?;
    let mut other = match &args.compare {
        Some(command) => {
            let mut o = Session::other(command, &tmp.path().join("other-cache"))?;
            o.initialize(&root, &corpus_dir).await?;
            let sent = Instant::now();
            o.open(&uri, &draft).await?;
            o.any_diagnostics(&uri, 1, sent).await?;
            Some(o)
        }
        None => None,
    };
    let (mut times, mut theirs, unanswered) =
        time_edits(&mut s, other.as_mut(), &uri, &draft, args.edits).await?;
    s.stop().await?;
    if let Some(o) = other {
        // Whatever it does on shutdown is not ours to judge.
        let _ = tokio::time::timeout(Duration::from_secs(10), o.stop()).await;
    }
    let edit_ms_median = percentile(&mut times, 0.5);
    let compared = args.compare.as_ref().map(|command| {
        let theirs_median = percentile(&mut theirs, 0.5);
        Compared {
            command: command.clone(),
            edit_ms_median: theirs_median,
            edit_ms_p95: percentile(&mut theirs, 0.95),
            unanswered,
            ratio: edit_ms_median / theirs_median,
        }
    });

    // Fresh servers on the persisted index: initialize → first diagnostics.
    let (mut starts, mut start_rss) =
        time_starts(&cache, &root, &corpus_dir, &uri, &draft, args.starts).await?;

    // A server left idle merges the index's segments (when that helps):
    // how long it took, and the starts again on the merged index.
    let merged = match segments_to_merge(&cache, &corpus_dir) {
        Some(segments) => {
            let mut s = Session::vouch(&cache, Debounce::Default)?;
            s.initialize(&root, &corpus_dir).await?;
            s.open(&uri, &draft).await?;
            let shown = s.diagnostics(&uri, 1).await?;
            let (done, m) = s
                .wait(|m| {
                    m["method"] == "window/logMessage"
                        && m["params"]["message"]
                            .as_str()
                            .is_some_and(|t| t.contains("merg"))
                })
                .await?;
            let said = m["params"]["message"].as_str().unwrap_or_default();
            if !said.contains("merged the index's") {
                bail!("the server did not merge the index: {said}");
            }
            let peak_rss_mb = s.peak_rss_kb() as f64 / 1024.0;
            s.stop().await?;
            let (mut starts, mut rss) =
                time_starts(&cache, &root, &corpus_dir, &uri, &draft, args.starts).await?;
            Some(IdleMerge {
                segments,
                seconds: done.duration_since(shown).as_secs_f64(),
                peak_rss_mb,
                first_diagnostics_ms_median: percentile(&mut starts, 0.5),
                first_diagnostics_rss_mb: percentile(&mut rss, 0.5),
            })
        }
        None => None,
    };

    // An hour of typing, compressed: sentences typed a key at a time into
    // the draft and then deleted a key at a time, with a hover now and then.
    // No debounce, so that every few keys are checked however fast they come.
    let mut s = Session::vouch(&cache, Debounce::Zero)?;
    s.initialize(&root, &corpus_dir).await?;
    s.open(&uri, &draft).await?;
    s.diagnostics(&uri, 1).await?;
    let mut text = draft.clone();
    let points = edit_points(&text);
    let rss_start = s.rss_kb();
    let mut rss_max = rss_start;
    // After the first tenth of the session: caches and allocator pools filled.
    let mut rss_warm = 0;
    let sentences: Vec<&str> = draft
        .split("\n\n")
        .filter(|p| !p.starts_with('#') && p.len() > 20)
        .collect();
    let typing = Instant::now();
    let (mut version, mut keys, mut n) = (1i64, 0usize, 0usize);
    // The last version whose diagnostics were waited for.
    let mut checked = 1i64;
    while keys < args.keystrokes {
        let sentence = format!(" {}", sentences[n % sentences.len()]);
        let at = points[(n * 5) % points.len()];
        n += 1;
        let mut typed = 0;
        for c in sentence.chars() {
            version += 1;
            keys += 1;
            let mut buf = [0u8; 4];
            s.edit(
                &uri,
                version,
                &mut text,
                at + typed..at + typed,
                c.encode_utf8(&mut buf),
            )
            .await?;
            typed += c.len_utf8();
            // A typist's pauses: the checks keep up every few keys.
            if keys % 8 == 0 {
                s.diagnostics(&uri, version).await?;
                checked = version;
            }
        }
        let map = LineMap::new(&text);
        let p = map.position(at + typed / 2, Encoding::Utf16);
        s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": p.line, "character": p.character}}),
        )
        .await?;
        while typed > 0 {
            let len = text[..at + typed]
                .chars()
                .next_back()
                .map_or(1, char::len_utf8);
            version += 1;
            keys += 1;
            s.edit(&uri, version, &mut text, at + typed - len..at + typed, "")
                .await?;
            typed -= len;
            if keys % 8 == 0 {
                s.diagnostics(&uri, version).await?;
                checked = version;
            }
        }
        if checked != version {
            s.diagnostics(&uri, version).await?;
            checked = version;
        }
        rss_max = rss_max.max(s.rss_kb());
        if rss_warm == 0 && keys >= args.keystrokes / 10 {
            rss_warm = s.rss_kb();
        }
    }
    let typing_seconds = typing.elapsed().as_secs_f64();
    let rss_end = s.rss_kb();
    s.stop().await?;

    Ok(Figures {
        corpus: m.name.clone(),
        files,
        draft_words: draft.split_whitespace().count(),
        edit_ms_median,
        edit_ms_p95: percentile(&mut times, 0.95),
        edit_no_debounce_ms_median: percentile(&mut bare, 0.5),
        edit_no_debounce_ms_p95: percentile(&mut bare, 0.95),
        compared,
        first_diagnostics_warm_ms_median: percentile(&mut starts, 0.5),
        first_diagnostics_rss_mb: percentile(&mut start_rss, 0.5),
        merged,
        keystrokes: keys,
        typing_seconds,
        rss_start_mb: rss_start as f64 / 1024.0,
        rss_tenth_mb: rss_warm as f64 / 1024.0,
        rss_end_mb: rss_end as f64 / 1024.0,
        rss_max_mb: rss_max as f64 / 1024.0,
    })
}

/// New servers on the persisted index, one after another: initialize →
/// first diagnostics of the draft (ms), and the server's memory then (MB).
async fn time_starts(
    cache: &Path,
    root: &Path,
    corpus_dir: &Path,
    uri: &str,
    draft: &str,
    n: usize,
) -> Result<(Vec<f64>, Vec<f64>)> {
    let (mut starts, mut rss) = (Vec::new(), Vec::new());
    for _ in 0..n.max(1) {
        let mut s = Session::vouch(cache, Debounce::Default)?;
        let sent = Instant::now();
        s.initialize(root, corpus_dir).await?;
        s.open(uri, draft).await?;
        let got = s.diagnostics(uri, 1).await?;
        starts.push(got.duration_since(sent).as_secs_f64() * 1000.0);
        rss.push(s.rss_kb() as f64 / 1024.0);
        s.stop().await?;
    }
    Ok((starts, rss))
}

/// How many segments the servers' persisted index has, when an idle
/// server would merge them (the one index folder under `cache`).
fn segments_to_merge(cache: &Path, corpus_dir: &Path) -> Option<usize> {
    use crate::engine::index::{Corpus, OpenOptions};
    let mut folders = std::fs::read_dir(cache.join("vouch")).ok()?.flatten();
    let folder = folders.next()?.path();
    if folders.next().is_some() {
        return None;
    }
    let options = OpenOptions {
        index_dir: Some(folder),
    };
    let corpus = Corpus::open_persisted(&spec(corpus_dir), &options).ok()??;
    corpus.merge_would_help().then(|| corpus.segments())
}

pub fn run(args: &BenchLspArgs) -> Result<()> {
    let corpora = args.corpus.corpora("bench-lsp")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut all = Vec::new();
    for c in &corpora {
        all.push(runtime.block_on(measure(c, args))?);
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"machine": machine(), "corpora": all}))?
        );
        return Ok(());
    }
    println!("machine: {}", machine());
    println!(
        "| corpus | files | draft | edit → diagnostics, default settings (median / p95) | no debounce | initialize → first diagnostics, warm index (RSS) | server RSS over {} keystrokes: start → after a tenth → end (max), time |",
        args.keystrokes
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for f in &all {
        println!(
            "| {} | {} | {} words | {:.1} ms / {:.1} ms | {:.1} ms / {:.1} ms | {:.0} ms ({:.0} MB) | {:.0} MB → {:.0} MB → {:.0} MB ({:.0} MB), {:.0} s |",
            f.corpus,
            f.files,
            f.draft_words,
            f.edit_ms_median,
            f.edit_ms_p95,
            f.edit_no_debounce_ms_median,
            f.edit_no_debounce_ms_p95,
            f.first_diagnostics_warm_ms_median,
            f.first_diagnostics_rss_mb,
            f.rss_start_mb,
            f.rss_tenth_mb,
            f.rss_end_mb,
            f.rss_max_mb,
            f.typing_seconds
        );
    }
    if all.iter().any(|f| f.merged.is_some()) {
        println!();
        println!(
            "| corpus | segments merged by an idle server: first diagnostics → merged (server peak RSS) | initialize → first diagnostics, merged index (RSS) |"
        );
        println!("|---|---:|---:|");
        for f in &all {
            let Some(m) = &f.merged else { continue };
            println!(
                "| {} | {} segments: {:.1} s ({:.0} MB) | {:.0} ms ({:.0} MB) |",
                f.corpus,
                m.segments,
                m.seconds,
                m.peak_rss_mb,
                m.first_diagnostics_ms_median,
                m.first_diagnostics_rss_mb
            );
        }
    }
    if all.iter().any(|f| f.compared.is_some()) {
        println!();
        println!(
            "| corpus | vouch, default settings (median / p95) | other server (median / p95) | vouch ÷ other |"
        );
        println!("|---|---:|---:|---:|");
        for f in &all {
            let Some(c) = &f.compared else { continue };
            println!(
                "| {} | {:.1} ms / {:.1} ms | `{}`: {:.1} ms / {:.1} ms{} | {:.2} |",
                f.corpus,
                f.edit_ms_median,
                f.edit_ms_p95,
                c.command,
                c.edit_ms_median,
                c.edit_ms_p95,
                if c.unanswered > 0 {
                    format!(" ({} edits unanswered)", c.unanswered)
                } else {
                    String::new()
                },
                c.ratio
            );
        }
    }
    Ok(())
}
