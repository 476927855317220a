//! `vouch bench`: the speed and memory figures in the README.
//!
//! Each measured phase runs in a child process of its own (`vouch bench
//! --phase ...`), so a cold build starts with nothing cached in memory, a
//! warm start is a real new process reusing the persisted index, and peak RSS
//! is that phase's own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::engine::check::{Options, check_text};
use crate::engine::corpus::{self, CorpusSpec};
use crate::engine::index::{Corpus, OpenOptions, Silent};
use crate::engine::text::Format;

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Corpora to measure (default: ./corpus and, when present,
    /// ../shared/datasets/reuters21578/docs).
    #[arg(long = "corpus", value_name = "DIR")]
    pub corpora: Vec<PathBuf>,
    /// Runs of each timed phase; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// Internal: run one phase and print its figures as JSON.
    #[arg(long, hide = true)]
    pub phase: Option<String>,
    #[arg(long, hide = true)]
    pub index_dir: Option<PathBuf>,
}

/// What one phase measured in its process.
#[derive(Debug, Default, Serialize, Deserialize)]
struct PhaseResult {
    seconds: f64,
    peak_rss_kb: u64,
    #[serde(default)]
    extra: Vec<f64>,
}

/// The figures for one corpus.
#[derive(Debug, Serialize)]
struct CorpusFigures {
    corpus: String,
    files: usize,
    megabytes: f64,
    cold_index_seconds: f64,
    cold_index_mb_per_s: f64,
    cold_index_peak_rss_mb: f64,
    index_size_mb: f64,
    warm_start_ms: f64,
    draft_words: usize,
    check_ms_median: f64,
    check_ms_p95: f64,
    check_peak_rss_mb: f64,
}

/// Peak resident memory of this process, from /proc (Linux); 0 elsewhere.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn spec(dir: &Path) -> CorpusSpec {
    CorpusSpec {
        roots: vec![dir.to_path_buf()],
        ..CorpusSpec::default()
    }
}

/// The corpora a bench measures: those given, else the seeds and, when it
/// is beside the project, Reuters.
pub fn corpora_to_measure(given: &[PathBuf], command: &str) -> Vec<PathBuf> {
    if !given.is_empty() {
        return given.to_vec();
    }
    let mut v = vec![PathBuf::from("corpus")];
    let reuters = PathBuf::from("../shared/datasets/reuters21578/docs");
    if reuters.is_dir() {
        v.push(reuters);
    } else {
        eprintln!(
            "vouch {command}: {} not found; measuring the seeds only",
            reuters.display()
        );
    }
    v
}

/// A draft of about `words` words built from the corpus: its sentences with
/// figures, every third with a figure changed, as a reporter's draft mixes
/// right and wrong figures. Deterministic for a given corpus.
pub fn draft_from(dir: &Path, words: usize) -> Result<String> {
    let mut warnings = Vec::new();
    let files = corpus::discover(&spec(dir), &mut warnings)?;
    let digits = regex::Regex::new(r"\b\d+(\.\d+)?\b").expect("regex");
    // Up to two sentences with figures from each of up to 400 sources.
    let step = (files.len() / 400).max(1);
    let mut pool = Vec::new();
    for file in files.iter().step_by(step) {
        let Ok(source) = crate::engine::sources::read(&file.abs, file.kind, corpus::MAX_FILE_BYTES)
        else {
            continue;
        };
        let doc = crate::engine::document::Document::analyze(source.text, source.format);
        let limit = if files.len() < 50 { usize::MAX } else { 2 };
        for s in doc
            .sentences
            .iter()
            .filter(|s| !s.figures.is_empty() && !s.headline)
            .take(limit)
        {
            pool.push(
                doc.sentence_text(s)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    if pool.is_empty() {
        bail!(
            "{}: no sentences with figures to build a draft from",
            dir.display()
        );
    }
    let mut out = String::from("# Draft\n\n");
    let mut count = 0;
    for (n, sentence) in pool.iter().cycle().enumerate() {
        let mut sentence = sentence.clone();
        if n % 3 == 2
            && let Some(m) = digits.find(&sentence)
        {
            let changed: String = m
                .as_str()
                .chars()
                .map(|c| if c == '1' { '7' } else { c })
                .collect();
            let changed = if changed == m.as_str() {
                format!("{}1", m.as_str())
            } else {
                changed
            };
            sentence.replace_range(m.range(), &changed);
        }
        count += sentence.split_whitespace().count();
        out.push_str(&sentence);
        out.push_str("\n\n");
        if count >= words {
            break;
        }
    }
    Ok(out)
}

/// Runs one phase in this process and prints its figures (child side).
fn run_phase(phase: &str, corpus_dir: &Path, index_dir: &Path, runs: usize) -> Result<()> {
    let options = OpenOptions {
        index_dir: Some(index_dir.to_path_buf()),
    };
    let result = match phase {
        "cold" => {
            let start = Instant::now();
            let (_corpus, stats, _) = Corpus::open(&spec(corpus_dir), &options, &Silent)?;
            if stats.added == 0 {
                bail!(
                    "cold build found an existing index in {}",
                    index_dir.display()
                );
            }
            PhaseResult {
                seconds: start.elapsed().as_secs_f64(),
                peak_rss_kb: peak_rss_kb(),
                extra: vec![stats.bytes_indexed as f64],
            }
        }
        "warm" => {
            let start = Instant::now();
            let (corpus, stats, _) = Corpus::open(&spec(corpus_dir), &options, &Silent)?;
            let seconds = start.elapsed().as_secs_f64();
            if stats.touched() > 0 {
                bail!("warm start re-indexed {} files", stats.touched());
            }
            drop(corpus);
            PhaseResult {
                seconds,
                peak_rss_kb: peak_rss_kb(),
                extra: vec![],
            }
        }
        "check" => {
            let draft = draft_from(corpus_dir, 2000)?;
            let (corpus, _, _) = Corpus::open(&spec(corpus_dir), &options, &Silent)?;
            // One check to warm caches, as an editor's session would have.
            check_text(&corpus, &draft, Format::Markdown, &Options::default());
            let mut times = Vec::new();
            for _ in 0..runs.max(1) * 4 {
                let start = Instant::now();
                check_text(&corpus, &draft, Format::Markdown, &Options::default());
                times.push(start.elapsed().as_secs_f64());
            }
            PhaseResult {
                seconds: median(&mut times),
                peak_rss_kb: peak_rss_kb(),
                extra: vec![
                    percentile(&mut times, 0.95),
                    draft.split_whitespace().count() as f64,
                ],
            }
        }
        other => bail!("unknown bench phase {other:?}"),
    };
    println!("{}", serde_json::to_string(&result)?);
    Ok(())
}

fn median(v: &mut [f64]) -> f64 {
    percentile(v, 0.5)
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let i = ((v.len() - 1) as f64 * p).round() as usize;
    v[i]
}

/// Runs a phase in a child process and reads its figures.
fn child(phase: &str, corpus_dir: &Path, index_dir: &Path, runs: usize) -> Result<PhaseResult> {
    let exe = std::env::current_exe().context("cannot find the vouch executable")?;
    let out = Command::new(exe)
        .args([
            "bench",
            "--phase",
            phase,
            "--runs",
            &runs.to_string(),
            "--index-dir",
        ])
        .arg(index_dir)
        .arg("--corpus")
        .arg(corpus_dir)
        .output()
        .context("cannot run a bench phase")?;
    if !out.status.success() {
        bail!(
            "bench phase {phase} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(serde_json::from_slice(&out.stdout)?)
}

fn measure(corpus_dir: &Path, runs: usize) -> Result<CorpusFigures> {
    let mut warnings = Vec::new();
    let files = corpus::discover(&spec(corpus_dir), &mut warnings)?;
    let bytes: u64 = files.iter().map(|f| f.size).sum();
    let tmp = tempfile::tempdir().context("cannot make a temporary index folder")?;
    let index_dir = tmp.path().join("index");
    let cold = child("cold", corpus_dir, &index_dir, runs)?;
    let index_size: u64 = walkdir::WalkDir::new(&index_dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let mut warm: Vec<f64> = (0..runs.max(1))
        .map(|_| child("warm", corpus_dir, &index_dir, runs).map(|r| r.seconds))
        .collect::<Result<_>>()?;
    let check = child("check", corpus_dir, &index_dir, runs)?;
    let name = corpus_dir
        .canonicalize()
        .ok()
        .and_then(|p| {
            let base = p.file_name()?.to_string_lossy().into_owned();
            if base == "docs" {
                Some(p.parent()?.file_name()?.to_string_lossy().into_owned())
            } else {
                Some(base)
            }
        })
        .unwrap_or_else(|| corpus_dir.display().to_string());
    let mb = bytes as f64 / 1e6;
    Ok(CorpusFigures {
        corpus: name,
        files: files.len(),
        megabytes: mb,
        cold_index_seconds: cold.seconds,
        cold_index_mb_per_s: mb / cold.seconds,
        cold_index_peak_rss_mb: cold.peak_rss_kb as f64 / 1024.0,
        index_size_mb: index_size as f64 / 1e6,
        warm_start_ms: median(&mut warm) * 1000.0,
        draft_words: check.extra.get(1).copied().unwrap_or(0.0) as usize,
        check_ms_median: check.seconds * 1000.0,
        check_ms_p95: check.extra.first().copied().unwrap_or(0.0) * 1000.0,
        check_peak_rss_mb: check.peak_rss_kb as f64 / 1024.0,
    })
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!(
        "{cores} cores, {cpu}, {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

pub fn run(args: &BenchArgs) -> Result<()> {
    if let Some(phase) = &args.phase {
        let corpus = args.corpora.first().context("a phase needs --corpus")?;
        let index = args
            .index_dir
            .as_deref()
            .context("a phase needs --index-dir")?;
        return run_phase(phase, corpus, index, args.runs);
    }
    let corpora = corpora_to_measure(&args.corpora, "bench");
    let mut all = Vec::new();
    for c in &corpora {
        all.push(measure(c, args.runs)?);
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"machine": machine(), "corpora": all})
            )?
        );
        return Ok(());
    }
    println!("machine: {}", machine());
    println!(
        "| corpus | files | MB | cold index | MB/s | peak RSS (index) | index on disk | warm start | {}-word check (median / p95) | peak RSS (check) |",
        all.first().map_or(2000, |f| f.draft_words)
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for f in &all {
        println!(
            "| {} | {} | {:.1} | {:.2} s | {:.1} | {:.0} MB | {:.1} MB | {:.0} ms | {:.1} ms / {:.1} ms | {:.0} MB |",
            f.corpus,
            f.files,
            f.megabytes,
            f.cold_index_seconds,
            f.cold_index_mb_per_s,
            f.cold_index_peak_rss_mb,
            f.index_size_mb,
            f.warm_start_ms,
            f.check_ms_median,
            f.check_ms_p95,
            f.check_peak_rss_mb
        );
    }
    Ok(())
}
