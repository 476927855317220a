//! `--index-dir` never costs the user a file: vouch writes only into a new,
//! empty or vouch-marked folder, and removes only the files it wrote there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::{repo as root, shipped_workspace, vouch};

/// A folder with the shipped corpus as ./corpus and a draft.
fn workspace() -> tempfile::TempDir {
    let dir = shipped_workspace();
    std::fs::copy(
        root().join("examples/aid-and-territory.md"),
        dir.path().join("draft.md"),
    )
    .unwrap();
    dir
}

/// Every file under `dir` (but the test cache) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".test-cache")
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_foreign_index_dir_is_refused_and_nothing_in_it_is_touched() {
    for target in [".", "corpus", "notes"] {
        let dir = workspace();
        let notes = dir.path().join("notes");
        std::fs::create_dir(&notes).unwrap();
        std::fs::write(notes.join("meta.json"), "{\"mine\": true}").unwrap();
        std::fs::write(notes.join("todo.txt"), "call the ministry").unwrap();
        let before = snapshot(dir.path());
        let out = vouch(dir.path(), &["check", "--index-dir", target, "draft.md"]);
        assert_eq!(out.status.code(), Some(2), "{target}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(
            err.contains(&format!("index folder {target} ")) && err.contains("not empty"),
            "names the folder: {err}"
        );
        assert_eq!(before, snapshot(dir.path()), "{target}: nothing touched");
    }
}

#[test]
fn a_file_as_index_dir_is_refused_and_left_alone() {
    let dir = workspace();
    let before = snapshot(dir.path());
    let out = vouch(
        dir.path(),
        &["check", "--index-dir", "draft.md", "draft.md"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("draft.md"), "{}", stderr(&out));
    assert_eq!(before, snapshot(dir.path()));
}

#[test]
fn a_new_or_empty_index_dir_is_claimed_and_reused() {
    let dir = workspace();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    for target in ["empty", "new/deeper"] {
        let out = vouch(dir.path(), &["check", "--index-dir", target, "draft.md"]);
        assert_eq!(out.status.code(), Some(1), "{target}: {}", stderr(&out));
        let index = dir.path().join(target);
        assert!(index.join("vouch-index.json").is_file(), "{target}: marked");
        // A file of the user's put there later survives every later run,
        // including a rebuild of an index vouch cannot read any more.
        std::fs::write(index.join("README.txt"), "index for the story").unwrap();
        std::fs::write(index.join("meta.json"), "not tantivy's").unwrap();
        let again = vouch(dir.path(), &["check", "--index-dir", target, "draft.md"]);
        assert_eq!(again.status.code(), Some(1), "{target}: {}", stderr(&again));
        assert_eq!(out.stdout, again.stdout, "{target}: same findings");
        assert_eq!(
            std::fs::read_to_string(index.join("README.txt")).unwrap(),
            "index for the story"
        );
    }
}

#[test]
fn the_corpus_and_drafts_survive_every_run() {
    let dir = workspace();
    let before = snapshot(dir.path());
    for args in [
        &["check", "draft.md"][..],
        &["check", "--index-dir", "idx", "draft.md"],
        &["check", "--index-dir", "idx", "draft.md"],
        &["check", "--index-dir", ".", "draft.md"],
        &["check", "--index-dir", "corpus", "draft.md"],
    ] {
        vouch(dir.path(), args);
    }
    let after: BTreeMap<_, _> = snapshot(dir.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with("idx"))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn an_endless_or_huge_draft_is_refused_in_one_line() {
    let dir = workspace();
    std::fs::write(dir.path().join("vouch.toml"), "[limits]\ndraft-mb = 1\n").unwrap();
    std::fs::write(
        dir.path().join("big.md"),
        "The aid totals $5 billion. ".repeat(50_000),
    )
    .unwrap();
    let out = vouch(dir.path(), &["check", "big.md"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("big.md") && err.contains("larger than 1 MB"),
        "{err}"
    );
    #[cfg(unix)]
    {
        let out = vouch(dir.path(), &["check", "/dev/zero"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("/dev/zero"), "{}", stderr(&out));
    }
}
