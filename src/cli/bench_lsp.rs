//! `vouch bench-lsp`: the language server's figures in the README, measured
//! by driving the real server (`vouch lsp`, a child process on pipes) the
//! way an editor does, with the debounce set to 0 so only the work counts.
//!
//! - edit → diagnostics: a one-character edit in a 2,000-word draft, from
//!   sending `didChange` to receiving `publishDiagnostics` for that version;
//! - initialize → first diagnostics with the index persisted by an earlier
//!   session (a new server process each time);
//! - the server's resident memory over an hour of typing compressed in time.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use tokio::sync::mpsc;

use super::bench::draft_from;
use crate::engine::corpus::{self, CorpusSpec};
use crate::position::{Encoding, LineMap};

#[derive(Debug, clap::Args)]
pub struct BenchLspArgs {
    /// Corpora to measure (default: ./corpus and, when present,
    /// ../shared/datasets/reuters21578/docs).
    #[arg(long = "corpus", value_name = "DIR")]
    pub corpora: Vec<PathBuf>,
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
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

/// How long to wait for the server before calling it stuck.
const STUCK: Duration = Duration::from_secs(300);

/// The client side of one server process.
struct Session {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::UnboundedReceiver<(Instant, Value)>,
    held: VecDeque<(Instant, Value)>,
    next_id: i64,
}

impl Session {
    fn start(cache: &Path) -> Result<Session> {
        let exe = std::env::current_exe().context("cannot find the vouch executable")?;
        let mut child = Command::new(exe)
            .args(["lsp", "--stdio"])
            .env("XDG_CACHE_HOME", cache)
            .env("VOUCH_LSP_DEBOUNCE_MS", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .context("cannot start `vouch lsp`")?;
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

    async fn initialize(&mut self, root: &Path, corpus: &Path) -> Result<()> {
        let root_uri = format!("file://{}", root.display());
        self.request(
            "initialize",
            json!({"processId": null, "rootUri": root_uri, "capabilities": {},
                   "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
                   "initializationOptions": {"corpus": {"paths": [corpus]}}}),
        )
        .await?;
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
        let change = json!({
            "range": {"start": {"line": start.line, "character": start.character},
                      "end": {"line": end.line, "character": end.character}},
            "text": insert,
        });
        text.replace_range(range, insert);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        )
        .await
    }

    fn rss_kb(&self) -> u64 {
        self.child
            .id()
            .and_then(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
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
    edit_ms_median: f64,
    edit_ms_p95: f64,
    first_diagnostics_warm_ms_median: f64,
    keystrokes: usize,
    typing_seconds: f64,
    rss_start_mb: f64,
    rss_tenth_mb: f64,
    rss_end_mb: f64,
    rss_max_mb: f64,
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
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

async fn measure(corpus_dir: &Path, args: &BenchLspArgs) -> Result<Figures> {
    let corpus_dir = corpus_dir
        .canonicalize()
        .with_context(|| format!("{}: not found", corpus_dir.display()))?;
    let files = corpus::discover(
        &CorpusSpec {
            roots: vec![corpus_dir.clone()],
            ..CorpusSpec::default()
        },
        &mut Vec::new(),
    )?
    .len();
    let tmp = tempfile::tempdir()?;
    let root = tmp.path().join("story");
    let cache = tmp.path().join("cache");
    std::fs::create_dir_all(&root)?;
    let draft = draft_from(&corpus_dir, 2000)?;
    let uri = format!("file://{}", root.join("draft.md").display());

    // Session 1 builds the index (cold), then times one-character edits.
    let mut s = Session::start(&cache)?;
    s.initialize(&root, &corpus_dir).await?;
    s.open(&uri, &draft).await?;
    s.diagnostics(&uri, 1).await?;
    let mut text = draft.clone();
    let points = edit_points(&text);
    if points.is_empty() {
        bail!("the draft has no paragraphs to edit");
    }
    let mut version = 1;
    let mut times = Vec::new();
    for n in 0..args.edits {
        // Type a character, then take it back: the draft stays the same size.
        let at = points[(n / 2 * 7) % points.len()];
        version += 1;
        let sent = Instant::now();
        if n % 2 == 0 {
            s.edit(&uri, version, &mut text, at..at, "x").await?;
        } else {
            s.edit(&uri, version, &mut text, at..at + 1, "").await?;
        }
        let got = s.diagnostics(&uri, version).await?;
        times.push(got.duration_since(sent).as_secs_f64() * 1000.0);
    }
    s.stop().await?;

    // Fresh servers on the persisted index: initialize → first diagnostics.
    let mut starts = Vec::new();
    for _ in 0..args.starts.max(1) {
        let mut s = Session::start(&cache)?;
        let sent = Instant::now();
        s.initialize(&root, &corpus_dir).await?;
        s.open(&uri, &draft).await?;
        let got = s.diagnostics(&uri, 1).await?;
        starts.push(got.duration_since(sent).as_secs_f64() * 1000.0);
        s.stop().await?;
    }

    // An hour of typing, compressed: sentences typed a key at a time into
    // the draft and then deleted a key at a time, with a hover now and then.
    let mut s = Session::start(&cache)?;
    s.initialize(&root, &corpus_dir).await?;
    s.open(&uri, &draft).await?;
    s.diagnostics(&uri, 1).await?;
    let mut text = draft.clone();
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

    let name = if corpus_dir.ends_with("reuters21578/docs") {
        "Reuters-21578".to_string()
    } else {
        corpus_dir.file_name().map_or_else(
            || corpus_dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    Ok(Figures {
        corpus: name,
        files,
        draft_words: draft.split_whitespace().count(),
        edit_ms_median: percentile(&mut times, 0.5),
        edit_ms_p95: percentile(&mut times, 0.95),
        first_diagnostics_warm_ms_median: percentile(&mut starts, 0.5),
        keystrokes: keys,
        typing_seconds,
        rss_start_mb: rss_start as f64 / 1024.0,
        rss_tenth_mb: rss_warm as f64 / 1024.0,
        rss_end_mb: rss_end as f64 / 1024.0,
        rss_max_mb: rss_max as f64 / 1024.0,
    })
}

pub fn run(args: &BenchLspArgs) -> Result<()> {
    let corpora = super::bench::corpora_to_measure(&args.corpora, "bench-lsp");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut all = Vec::new();
    for c in &corpora {
        all.push(runtime.block_on(measure(c, args))?);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    println!(
        "| corpus | files | draft | edit → diagnostics (median / p95) | initialize → first diagnostics, warm index | server RSS over {} keystrokes: start → after a tenth → end (max), time |",
        args.keystrokes
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for f in &all {
        println!(
            "| {} | {} | {} words | {:.1} ms / {:.1} ms | {:.0} ms | {:.0} MB → {:.0} MB → {:.0} MB ({:.0} MB), {:.0} s |",
            f.corpus,
            f.files,
            f.draft_words,
            f.edit_ms_median,
            f.edit_ms_p95,
            f.first_diagnostics_warm_ms_median,
            f.rss_start_mb,
            f.rss_tenth_mb,
            f.rss_end_mb,
            f.rss_max_mb,
            f.typing_seconds
        );
    }
    Ok(())
}
