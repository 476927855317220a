//! The floors vouch is measured against, in the same run: `cat` of the
//! whole index (what reading the index costs at best, for a warm start) and
//! one `rg` pass over the corpus (what reading the sources costs, for a cold
//! index), or a plain parallel read of every file when `rg` is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::process::{self, Run};

/// The files of an index folder, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

/// `cat` of every file of the index, output read and dropped.
pub fn cat_index(index_dir: &Path) -> Result<Run> {
    let files = files_under(index_dir);
    process::time(Command::new("cat").args(&files), &[0]).context("cat of the index")
}

/// Whether `rg` is on PATH.
pub fn has_rg() -> bool {
    Command::new("rg")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// One `rg` pass over the corpus that reads every byte: a count of the lines
/// with a digit in each file (exit 1 means no match anywhere).
pub fn rg_pass(corpus: &Path) -> Result<Run> {
    process::time(
        Command::new("rg")
            .args(["--no-ignore", "--count", "--no-messages", "[0-9]"])
            .arg(corpus),
        &[0, 1],
    )
}

/// A plain read of every corpus file on all cores, in this process: the
/// floor when `rg` is absent. Returns the bytes read.
pub fn read_pass(corpus: &Path) -> u64 {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(corpus)
        .follow_links(true)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files
        .par_iter()
        .map(|p| std::fs::read(p).map_or(0, |b| b.len() as u64))
        .sum()
}
