//! Set-up the integration tests share: the repository, the vouch binary run
//! with a private cache, a folder holding the shipped corpus, a corpus
//! indexed in a temporary folder, and the protocol's message frames.
//!
//! Each test binary uses some of these, so unused ones are allowed.
#![allow(dead_code)]

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vouch::engine::corpus::CorpusSpec;
use vouch::engine::index::{Corpus, OpenOptions, Silent};

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The vouch binary, run in `dir` with its own cache and home, so tests
/// never share an index or read the user's settings.
pub fn vouch_command(dir: &Path, cache: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vouch"));
    c.current_dir(dir)
        .env("XDG_CACHE_HOME", cache)
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .env_remove("VOUCH_TRACE")
        .env_remove("VOUCH_TUNE");
    c
}

/// Runs vouch in `dir` with a cache under it, to the end.
pub fn vouch(dir: &Path, args: &[&str]) -> Output {
    vouch_command(dir, &dir.join(".test-cache"))
        .args(args)
        .output()
        .expect("vouch runs")
}

/// A temporary folder with the shipped corpus copied in as ./corpus.
pub fn shipped_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(repo().join("corpus")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
    }
    dir
}

/// The corpus folders `roots` indexed in `dir`/index.
pub fn index_in(dir: &Path, roots: Vec<PathBuf>) -> Corpus {
    let (corpus, _, _) = Corpus::open(
        &CorpusSpec {
            roots,
            ..CorpusSpec::default()
        },
        &OpenOptions {
            index_dir: Some(dir.join("index")),
        },
        &Silent,
    )
    .unwrap();
    corpus
}

/// The shipped corpus, indexed in a temporary folder (kept alive with the
/// corpus).
pub fn seeds() -> (tempfile::TempDir, Corpus) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = index_in(dir.path(), vec![repo().join("corpus")]);
    (dir, corpus)
}

/// Sources given as (file name, text), written to a temporary corpus
/// folder and indexed beside it.
pub fn corpus_of(sources: &[(&str, &str)]) -> (tempfile::TempDir, Corpus) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir(&root).unwrap();
    for (name, text) in sources {
        std::fs::write(root.join(name), text).unwrap();
    }
    let corpus = index_in(dir.path(), vec![root]);
    (dir, corpus)
}

/// Reads one protocol message (`Content-Length` header, blank line, JSON
/// body); None at the end of the stream.
pub fn read_frame(r: &mut impl BufRead) -> Option<serde_json::Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Writes one protocol message.
pub fn send(w: &mut impl Write, message: serde_json::Value) {
    let body = message.to_string();
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    w.flush().unwrap();
}
