//! `vouch bench`: indexing, start-up and checking, per corpus.
//!
//! Each measured phase runs in a process of its own, so a cold build starts
//! with nothing of the index in memory, a warm start is a real new process
//! reusing the persisted index, and peak RSS is that phase's own:
//!
//! - cold index: `Corpus::open` on an empty index folder;
//! - warm start: `Corpus::open` on the index it left;
//! - short check: a whole `vouch check` process of a ~190-word draft, as a
//!   reporter runs it (start, open the index, check, print);
//! - draft check: a 2,000-word draft checked again and again in one process.
//!
//! With `--vs-floor` the same run also times `cat` of the index files and
//! one `rg` pass over the corpus, and reports vouch's ratio to each.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use super::process::{self, Run};
use super::{CorpusArgs, Measured, draft_from, floor, machine, median, percentile, spec};
use crate::engine::check::{Options, check_text};
use crate::engine::corpus;
use crate::engine::index::{Corpus, OpenOptions, Silent};
use crate::engine::text::Format;

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Runs of each timed phase; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Also time `cat` of the index and one `rg` pass over the corpus (a
    /// plain read of every file when rg is absent), and give the ratios.
    #[arg(long)]
    pub vs_floor: bool,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// Internal: run one phase and print its figures as JSON.
    #[arg(long, hide = true)]
    pub phase: Option<String>,
    #[arg(long, hide = true)]
    pub index_dir: Option<std::path::PathBuf>,
}

/// Words in the short draft: about what the issue measured (190).
const SHORT_WORDS: usize = 190;
/// Words in the long draft.
const LONG_WORDS: usize = 2000;

/// What one phase measured in its process.
#[derive(Debug, Default, Serialize, Deserialize)]
struct PhaseResult {
    seconds: f64,
    peak_rss_kb: u64,
    #[serde(default)]
    extra: Vec<f64>,
}

/// The floors, measured in the same run.
#[derive(Debug, Serialize)]
struct Floor {
    /// `rg` or `read` (a plain read of every file, when rg is absent).
    reader: String,
    read_pass_ms: f64,
    cold_over_read_pass: f64,
    cat_index_ms: f64,
    short_check_over_cat: f64,
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
    short_draft_words: usize,
    short_check_ms: f64,
    short_check_peak_rss_mb: f64,
    draft_words: usize,
    check_ms_median: f64,
    check_ms_p95: f64,
    check_peak_rss_mb: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    floor: Option<Floor>,
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
            let draft = draft_from(corpus_dir, LONG_WORDS)?;
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
        "read" => {
            let start = Instant::now();
            let bytes = floor::read_pass(corpus_dir);
            PhaseResult {
                seconds: start.elapsed().as_secs_f64(),
                peak_rss_kb: peak_rss_kb(),
                extra: vec![bytes as f64],
            }
        }
        other => bail!("unknown bench phase {other:?}"),
    };
    println!("{}", serde_json::to_string(&result)?);
    Ok(())
}

fn vouch() -> Result<Command> {
    Ok(Command::new(
        std::env::current_exe().context("cannot find the vouch executable")?,
    ))
}

/// Runs a phase in a child process and reads its figures.
fn child(phase: &str, corpus_dir: &Path, index_dir: &Path, runs: usize) -> Result<PhaseResult> {
    let out = vouch()?
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

/// A whole `vouch check` of `draft`, run where no vouch.toml applies.
fn short_check(work: &Path, draft: &Path, corpus_dir: &Path, index_dir: &Path) -> Result<Run> {
    process::time(
        vouch()?
            .current_dir(work)
            .args(["check", "--format", "json", "--corpus"])
            .arg(corpus_dir)
            .arg("--index-dir")
            .arg(index_dir)
            .arg(draft),
        // 1: findings at error severity, as a draft with changed figures has.
        &[0, 1],
    )
}

/// The read-pass floor: `rg` when it is installed, else vouch's own read.
fn read_floor(corpus_dir: &Path) -> Result<(String, f64)> {
    if floor::has_rg() {
        return Ok(("rg".into(), floor::rg_pass(corpus_dir)?.seconds));
    }
    let run = process::time(
        vouch()?
            .args(["bench", "--phase", "read", "--index-dir", "-", "--corpus"])
            .arg(corpus_dir),
        &[0],
    )?;
    Ok(("read".into(), run.seconds))
}

fn measure(m: &Measured, runs: usize, vs_floor: bool) -> Result<CorpusFigures> {
    let corpus_dir = m.dir.canonicalize().context("corpus folder")?;
    let files = corpus::discover(&spec(&corpus_dir), &mut Vec::new())?;
    let bytes: u64 = files.iter().map(|f| f.size).sum();
    let tmp = tempfile::tempdir().context("cannot make a temporary index folder")?;
    let index_dir = tmp.path().join("index");
    let runs = runs.max(1);

    let mut read_before = None;
    if vs_floor {
        // Warm the page cache as the cold index will find it, then time.
        read_floor(&corpus_dir)?;
        read_before = Some(read_floor(&corpus_dir)?);
    }
    let cold = child("cold", &corpus_dir, &index_dir, runs)?;
    let index_size: u64 = walkdir::WalkDir::new(&index_dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let mut warm: Vec<f64> = (0..runs)
        .map(|_| child("warm", &corpus_dir, &index_dir, runs).map(|r| r.seconds))
        .collect::<Result<_>>()?;

    let short = tmp.path().join("short.md");
    std::fs::write(&short, draft_from(&corpus_dir, SHORT_WORDS)?)?;
    let short_words = std::fs::read_to_string(&short)?.split_whitespace().count();
    // Interleaved with `cat`, so both see the same machine.
    let (mut short_s, mut short_rss, mut cat_s) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let r = short_check(tmp.path(), &short, &corpus_dir, &index_dir)?;
        short_s.push(r.seconds);
        short_rss.push(r.peak_rss_kb as f64);
        if vs_floor {
            cat_s.push(floor::cat_index(&index_dir)?.seconds);
        }
    }
    let check = child("check", &corpus_dir, &index_dir, runs)?;

    let floor = match read_before {
        Some((reader, before)) => {
            let (_, after) = read_floor(&corpus_dir)?;
            let read = (before + after) / 2.0;
            let cat = median(&mut cat_s);
            Some(Floor {
                reader,
                read_pass_ms: read * 1000.0,
                cold_over_read_pass: cold.seconds / read,
                cat_index_ms: cat * 1000.0,
                short_check_over_cat: median(&mut short_s.clone()) / cat,
            })
        }
        None => None,
    };
    let mb = bytes as f64 / 1e6;
    Ok(CorpusFigures {
        corpus: m.name.clone(),
        files: files.len(),
        megabytes: mb,
        cold_index_seconds: cold.seconds,
        cold_index_mb_per_s: mb / cold.seconds,
        cold_index_peak_rss_mb: cold.peak_rss_kb as f64 / 1024.0,
        index_size_mb: index_size as f64 / 1e6,
        warm_start_ms: median(&mut warm) * 1000.0,
        short_draft_words: short_words,
        short_check_ms: median(&mut short_s) * 1000.0,
        short_check_peak_rss_mb: median(&mut short_rss) / 1024.0,
        draft_words: check.extra.get(1).copied().unwrap_or(0.0) as usize,
        check_ms_median: check.seconds * 1000.0,
        check_ms_p95: check.extra.first().copied().unwrap_or(0.0) * 1000.0,
        check_peak_rss_mb: check.peak_rss_kb as f64 / 1024.0,
        floor,
    })
}

pub fn run(args: &BenchArgs) -> Result<()> {
    if let Some(phase) = &args.phase {
        let corpus = args
            .corpus
            .corpora
            .first()
            .context("a phase needs --corpus")?;
        let index = args
            .index_dir
            .as_deref()
            .context("a phase needs --index-dir")?;
        return run_phase(phase, corpus, index, args.runs);
    }
    let corpora = args.corpus.corpora("bench")?;
    let mut all = Vec::new();
    for c in &corpora {
        all.push(measure(c, args.runs, args.vs_floor)?);
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
        "| corpus | files | MB | cold index | MB/s | peak RSS (index) | index on disk | warm start | `vouch check`, {} words (RSS) | {}-word check (median / p95) | peak RSS (check) |",
        all.first().map_or(SHORT_WORDS, |f| f.short_draft_words),
        all.first().map_or(LONG_WORDS, |f| f.draft_words)
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for f in &all {
        println!(
            "| {} | {} | {:.1} | {:.2} s | {:.1} | {:.0} MB | {:.1} MB | {:.0} ms | {:.0} ms ({:.0} MB) | {:.1} ms / {:.1} ms | {:.0} MB |",
            f.corpus,
            f.files,
            f.megabytes,
            f.cold_index_seconds,
            f.cold_index_mb_per_s,
            f.cold_index_peak_rss_mb,
            f.index_size_mb,
            f.warm_start_ms,
            f.short_check_ms,
            f.short_check_peak_rss_mb,
            f.check_ms_median,
            f.check_ms_p95,
            f.check_peak_rss_mb
        );
    }
    if all.iter().any(|f| f.floor.is_some()) {
        println!();
        println!(
            "| corpus | cold index | one read pass ({}) | × | `vouch check`, short draft | `cat` of the index | × |",
            all.iter()
                .find_map(|f| f.floor.as_ref())
                .map_or("rg", |x| x.reader.as_str())
        );
        println!("|---|---:|---:|---:|---:|---:|---:|");
        for f in &all {
            let Some(x) = &f.floor else { continue };
            println!(
                "| {} | {:.2} s | {:.0} ms | {:.1}× | {:.0} ms | {:.1} ms | {:.1}× |",
                f.corpus,
                f.cold_index_seconds,
                x.read_pass_ms,
                x.cold_over_read_pass,
                f.short_check_ms,
                x.cat_index_ms,
                x.short_check_over_cat
            );
        }
    }
    Ok(())
}
