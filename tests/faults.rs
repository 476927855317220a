//! Fault injection against the vouch binary: runs that share a cache, a
//! damaged, interrupted, full or read-only index, and reports that must
//! not depend on any of it. Every run must give the findings a fresh run
//! gives, and never exit 2 (or 101) because of the index.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

mod common;

use common::{read_frame, repo as root, send, shipped_workspace, vouch_command};

const DRAFTS: &[&str] = &[
    "aid-and-territory.md",
    "meeting-timeline.md",
    "quotes-and-names.md",
];

/// A folder with the shipped corpus as ./corpus and the example drafts.
fn workspace() -> tempfile::TempDir {
    let dir = shipped_workspace();
    for d in DRAFTS {
        std::fs::copy(root().join("examples").join(d), dir.path().join(d)).unwrap();
    }
    dir
}

/// A workspace whose corpus is many small sources: every paragraph of the
/// seed articles, `copies` times under other names (so that indexing takes
/// long enough to be interrupted, and deletions move term statistics).
fn paragraph_workspace(copies: usize) -> tempfile::TempDir {
    let dir = workspace();
    let corpus = dir.path().join("corpus");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    for (s, seed) in seeds.iter().enumerate() {
        let text = std::fs::read_to_string(seed).unwrap();
        std::fs::remove_file(seed).unwrap();
        for (p, para) in text
            .split("\n\n")
            .filter(|p| p.trim().len() > 40)
            .enumerate()
        {
            for c in 0..copies {
                let path = corpus.join(format!("{s}-{p:03}-{c:02}.txt"));
                std::fs::write(path, format!("{}\n", para.trim())).unwrap();
            }
        }
    }
    dir
}

fn command(ws: &Path, cache: &Path, args: &[&str]) -> Command {
    let mut c = vouch_command(ws, cache);
    c.args(args);
    c
}

fn check_args(format: &str) -> Vec<&str> {
    let mut args = vec!["check", "--format", format];
    args.extend(DRAFTS);
    args
}

/// A finished run: exit status, report and warnings.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    /// The lines on stderr, but the note that another vouch is indexing
    /// the same corpus (a run that waits for it says so after a second).
    fn warnings(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| {
                !l.trim().is_empty()
                    && !l.ends_with("another vouch is indexing this corpus; waiting for it")
            })
            .collect()
    }
}

fn check(ws: &Path, cache: &Path, format: &str) -> Run {
    command(ws, cache, &check_args(format))
        .output()
        .expect("vouch runs")
        .into()
}

/// What a run on a cache of its own reports: the reference.
fn fresh(ws: &Path, format: &str) -> Run {
    let cache = tempfile::tempdir().unwrap();
    let run = check(ws, cache.path(), format);
    assert_eq!(run.code, Some(1), "the examples hold errors: {run:?}");
    assert!(run.warnings().is_empty(), "{run:?}");
    run
}

/// Asserts that `run` reports what `reference` does, with at most
/// `warnings` lines on stderr, each naming the index.
fn assert_same(run: &Run, reference: &Run, warnings: usize, what: &str) {
    assert_eq!(run.code, reference.code, "{what}: {}", run.stderr);
    assert!(
        run.stdout == reference.stdout,
        "{what}: the report differs from a fresh run's\n{}",
        run.stderr
    );
    let lines = run.warnings();
    assert!(lines.len() <= warnings, "{what}: {lines:#?}");
    for l in lines {
        assert!(l.starts_with("vouch: warning: "), "{what}: {l}");
    }
}

/// The one index folder under a cache.
fn index_dir(cache: &Path) -> PathBuf {
    let dirs: Vec<PathBuf> = std::fs::read_dir(cache.join("vouch"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs.into_iter().next().unwrap()
}

/// The index's segment files with this extension.
fn segment_files(index: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

#[test]
fn three_cold_runs_sharing_one_cache_agree() {
    let ws = workspace();
    let reference = fresh(ws.path(), "json");
    for round in 0..2 {
        let cache = tempfile::tempdir().unwrap();
        let children: Vec<Child> = (0..3)
            .map(|_| {
                command(ws.path(), cache.path(), &check_args("json"))
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (i, child) in children.into_iter().enumerate() {
            let run: Run = child.wait_with_output().unwrap().into();
            assert_same(&run, &reference, 0, &format!("round {round}, run {i}"));
        }
        // And the index they left serves a later run as it is.
        let run = check(ws.path(), cache.path(), "json");
        assert_same(&run, &reference, 0, "the run after");
    }
}

/// Damages the index the way `damage` says, then expects one warning line
/// naming the rebuild, the same report, and a quiet run after.
fn survives(damage: impl Fn(&Path), what: &str) {
    let ws = workspace();
    let reference = fresh(ws.path(), "json");
    let cache = tempfile::tempdir().unwrap();
    assert_same(&check(ws.path(), cache.path(), "json"), &reference, 0, what);
    damage(&index_dir(cache.path()));
    let run = check(ws.path(), cache.path(), "json");
    assert_same(&run, &reference, 1, what);
    assert!(
        run.stderr.contains("rebuilding it"),
        "{what}: says so: {}",
        run.stderr
    );
    let run = check(ws.path(), cache.path(), "json");
    assert_same(&run, &reference, 0, &format!("{what}, the run after"));
}

/// Overwrites bytes in the middle of `path`.
fn flip(path: &Path, keep_time: bool) {
    let before = std::fs::metadata(path).unwrap();
    let mut bytes = std::fs::read(path).unwrap();
    let n = bytes.len();
    for b in &mut bytes[n / 3..(n / 3 + 8).min(n)] {
        *b ^= 0xa5;
    }
    std::fs::write(path, &bytes).unwrap();
    if keep_time {
        let f = std::fs::File::options().write(true).open(path).unwrap();
        f.set_modified(before.modified().unwrap()).unwrap();
    }
}

#[test]
fn a_truncated_store_is_rebuilt() {
    survives(
        |index| {
            for f in segment_files(index, "store") {
                let len = std::fs::metadata(&f).unwrap().len();
                std::fs::File::options()
                    .write(true)
                    .open(&f)
                    .unwrap()
                    .set_len(len / 2)
                    .unwrap();
            }
        },
        "truncated .store",
    );
}

#[test]
fn a_deleted_idx_is_rebuilt() {
    survives(
        |index| std::fs::remove_file(&segment_files(index, "idx")[0]).unwrap(),
        "deleted .idx",
    );
}

#[test]
fn flipped_bytes_in_term_are_rebuilt() {
    survives(
        |index| {
            segment_files(index, "term")
                .iter()
                .for_each(|f| flip(f, false))
        },
        "flipped .term",
    );
}

#[test]
fn flipped_bytes_under_an_old_time_are_rebuilt() {
    // Written into with its time set back: the verified stamp must not
    // vouch for it (a reader would panic on the postings).
    survives(
        |index| {
            for ext in ["idx", "term", "store"] {
                segment_files(index, ext).iter().for_each(|f| flip(f, true));
            }
        },
        "flipped .idx/.term/.store with their times kept",
    );
}

/// Waits until `ready` holds or the child ends; true when it still runs.
fn wait_until(child: &mut Child, ready: impl Fn() -> bool) -> bool {
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn has_segment_file(cache: &Path) -> bool {
    walk(cache).iter().any(|p| {
        p.extension()
            .is_some_and(|e| ["idx", "term", "store", "pos"].contains(&e.to_str().unwrap()))
    })
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_run_killed_while_indexing_leaves_an_index_the_next_run_can_use() {
    let ws = paragraph_workspace(6);
    let reference = fresh(ws.path(), "json");
    let mut interrupted = 0;
    // Killed as soon as it locks the folder, and once it writes segments.
    for stage in 0..2 {
        let cache = tempfile::tempdir().unwrap();
        let mut child = command(ws.path(), cache.path(), &check_args("json"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let c = cache.path().to_path_buf();
        let running = wait_until(&mut child, || match stage {
            0 => walk(&c).iter().any(|p| p.ends_with("vouch.lock")),
            _ => has_segment_file(&c),
        });
        child.kill().unwrap();
        child.wait().unwrap();
        interrupted += usize::from(running);
        let run = check(ws.path(), cache.path(), "json");
        assert_same(
            &run,
            &reference,
            1,
            &format!("after a kill at stage {stage}"),
        );
        let run = check(ws.path(), cache.path(), "json");
        assert_same(&run, &reference, 0, "the run after");

        // Killed while it re-indexes half of the sources.
        let corpus = ws.path().join("corpus");
        let mut files: Vec<PathBuf> = walk(&corpus);
        files.sort();
        let index = index_dir(cache.path());
        let before: BTreeSet<PathBuf> = walk(&index).into_iter().collect();
        for f in files.iter().step_by(2) {
            let text = std::fs::read_to_string(f).unwrap();
            std::fs::write(f, format!("{text}\nThe board met on {stage} occasions.\n")).unwrap();
        }
        let reference = fresh(ws.path(), "json");
        let mut child = command(ws.path(), cache.path(), &check_args("json"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let running = wait_until(&mut child, || {
            walk(&index).iter().any(|p| {
                !before.contains(p) && p.extension().is_some_and(|e| e == "idx" || e == "store")
            })
        });
        child.kill().unwrap();
        child.wait().unwrap();
        interrupted += usize::from(running);
        let run = check(ws.path(), cache.path(), "json");
        assert_same(&run, &reference, 1, "after a kill while updating");
        for f in files.iter().step_by(2) {
            let text = std::fs::read_to_string(f).unwrap();
            let cut = text.find("\nThe board met").unwrap();
            std::fs::write(f, &text[..cut]).unwrap();
        }
    }
    assert!(
        interrupted > 0,
        "no run was still indexing when killed: the corpus is too small to test this"
    );
}

#[test]
fn an_index_updated_after_deletions_and_appends_reports_as_a_fresh_one() {
    let ws = paragraph_workspace(1);
    let cache = tempfile::tempdir().unwrap();
    let first = check(ws.path(), cache.path(), "json");
    assert_eq!(first.code, Some(1), "{first:?}");
    let mut files = walk(&ws.path().join("corpus"));
    files.sort();
    assert!(files.len() >= 40, "{} sources", files.len());
    // A third deleted, a fifth appended to: past the share of deleted
    // sentences at which the index merges, and below it.
    for (i, f) in files.iter().enumerate() {
        if i % 3 == 0 {
            std::fs::remove_file(f).unwrap();
        } else if i % 5 == 1 {
            let mut text = std::fs::read_to_string(f).unwrap();
            text.push_str("\nOfficials said the aid totals $61.4 billion since the invasion.\n");
            std::fs::write(f, text).unwrap();
        }
    }
    for format in ["json", "human"] {
        let updated = check(ws.path(), cache.path(), format);
        assert_same(&updated, &fresh(ws.path(), format), 0, format);
    }
    // A few more deletions: the updated index keeps deleted sentences.
    for f in files.iter().skip(1).step_by(17).filter(|f| f.exists()) {
        std::fs::remove_file(f).unwrap();
    }
    let updated = check(ws.path(), cache.path(), "json");
    assert_same(&updated, &fresh(ws.path(), "json"), 0, "a few deletions");
}

#[test]
fn cold_runs_give_byte_identical_reports() {
    let ws = workspace();
    for format in ["json", "human", "sarif"] {
        let first = fresh(ws.path(), format);
        for _ in 0..2 {
            assert_same(&fresh(ws.path(), format), &first, 0, format);
        }
    }
}

/// Whether this machine lets a test mount file systems of its own (in a
/// user namespace); says why not when it does not.
fn can_mount() -> bool {
    let ok = Command::new("unshare")
        .args([
            "-rm",
            "sh",
            "-c",
            "mount -t tmpfs -o size=64k tmpfs \"$0\"",
            "/tmp",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: `unshare -rm` with a tmpfs mount is not allowed on this machine");
    }
    ok
}

/// Runs `script` in a mount namespace of its own, with $VOUCH, $CACHE and
/// $OUT set, in the workspace.
fn in_namespace(ws: &Path, cache: &Path, out: &Path, script: &str) {
    let status = Command::new("unshare")
        .args(["-rm", "sh", "-ec", script])
        .current_dir(ws)
        .env("VOUCH", env!("CARGO_BIN_EXE_vouch"))
        .env("CACHE", cache)
        .env("OUT", out)
        .env("XDG_CACHE_HOME", cache)
        .env("HOME", ws)
        .env("NO_COLOR", "1")
        .status()
        .unwrap();
    assert!(status.success(), "{script}: {status}");
}

fn read_run(out: &Path, name: &str) -> Run {
    let read = |ext: &str| std::fs::read_to_string(out.join(format!("{name}.{ext}"))).unwrap();
    Run {
        code: read("rc").trim().parse().ok(),
        stdout: read("json"),
        stderr: read("err"),
    }
}

#[test]
fn a_full_disk_under_the_cache_costs_speed_only() {
    if !can_mount() {
        return;
    }
    let ws = workspace();
    let reference = fresh(ws.path(), "json");
    let out = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let drafts = DRAFTS.join(" ");
    // From a disk too small for the folder's mark to one that holds the
    // index: each size fails a different write. Each is run twice, cold and
    // then on whatever the first run left.
    let sizes = ["4k", "12k", "24k", "40k", "56k", "72k", "100k", "4m"];
    for size in sizes {
        in_namespace(
            ws.path(),
            cache.path(),
            out.path(),
            &format!(
                "mount -t tmpfs -o size={size} tmpfs \"$CACHE\"
                 for i in 1 2; do
                   rc=0; \"$VOUCH\" check --format json {drafts} >\"$OUT/{size}-$i.json\" 2>\"$OUT/{size}-$i.err\" || rc=$?
                   echo $rc >\"$OUT/{size}-$i.rc\"
                 done"
            ),
        );
        for i in 1..=2 {
            let run = read_run(out.path(), &format!("{size}-{i}"));
            assert_same(&run, &reference, 1, &format!("{size}, run {i}"));
        }
    }
    // The largest disk held the index: its second run used it quietly.
    assert!(read_run(out.path(), "4m-2").warnings().is_empty());
    assert!(
        read_run(out.path(), "4k-1").stderr.contains("in memory"),
        "a full disk is named"
    );
}

#[test]
fn a_read_only_cache_with_a_valid_index_is_used_read_only() {
    if !can_mount() {
        return;
    }
    let ws = workspace();
    let reference = fresh(ws.path(), "json");
    let cache = tempfile::tempdir().unwrap();
    assert_same(
        &check(ws.path(), cache.path(), "json"),
        &reference,
        0,
        "first",
    );
    let out = tempfile::tempdir().unwrap();
    let drafts = DRAFTS.join(" ");
    let script = |name: &str| {
        format!(
            "mount --bind \"$CACHE\" \"$CACHE\"; mount -o remount,bind,ro \"$CACHE\"
             rc=0; \"$VOUCH\" check --format json {drafts} >\"$OUT/{name}.json\" 2>\"$OUT/{name}.err\" || rc=$?
             echo $rc >\"$OUT/{name}.rc\""
        )
    };
    in_namespace(ws.path(), cache.path(), out.path(), &script("valid"));
    assert_same(&read_run(out.path(), "valid"), &reference, 0, "read-only");

    // The corpus changed since: the index cannot be brought up to date
    // there, so this run indexes in memory, says so once, and is right.
    std::fs::write(
        ws.path().join("corpus/late.txt"),
        "Late\n\nThe council approved 3,400 new homes on Tuesday.\n",
    )
    .unwrap();
    let reference = fresh(ws.path(), "json");
    in_namespace(ws.path(), cache.path(), out.path(), &script("stale"));
    let run = read_run(out.path(), "stale");
    assert_same(&run, &reference, 1, "read-only and out of date");
    assert!(run.stderr.contains("in memory"), "{}", run.stderr);
}

#[test]
fn a_server_started_beside_a_cold_check_ends_ready_with_diagnostics() {
    use serde_json::json;
    let ws = paragraph_workspace(4);
    let root = ws.path().canonicalize().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let mut check_run = command(&root, cache.path(), &check_args("json"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The server starts once the check holds the index folder.
    let c = cache.path().to_path_buf();
    let beside = wait_until(&mut check_run, || {
        walk(&c).iter().any(|p| p.ends_with("vouch.lock"))
    });
    let mut server = command(&root, cache.path(), &["lsp"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = server.stdin.take().unwrap();
    let stdout = server.stdout.take().unwrap();
    let (tx, messages) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut r = std::io::BufReader::new(stdout);
        while let Some(m) = read_frame(&mut r) {
            if tx.send(m).is_err() {
                return;
            }
        }
    });
    let uri = format!("file://{}", root.join(DRAFTS[0]).display());
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}}),
    );
    // A client waits for the answer before it says anything else.
    while messages.recv_timeout(Duration::from_secs(60)).unwrap()["id"] != 1 {}
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1,
            "text": std::fs::read_to_string(root.join(DRAFTS[0])).unwrap()}}}),
    );
    let (mut ready, mut diagnostics) = (false, Vec::new());
    let mut states = Vec::new();
    while !ready || diagnostics.is_empty() {
        let m = messages
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| {
                panic!("no ready corpus with diagnostics: status {states:?}, diagnostics {diagnostics:?}")
            });
        match m["method"].as_str() {
            Some("vouch/status") => {
                let state = m["params"]["state"].as_str().unwrap_or("").to_string();
                ready = state == "ready";
                assert_ne!(state, "error", "{m}");
                states.push(state);
            }
            Some("textDocument/publishDiagnostics") if m["params"]["uri"] == uri.as_str() => {
                diagnostics = m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            _ => {}
        }
    }
    assert!(
        diagnostics.iter().any(|d| d["code"] == "figure-mismatch"),
        "{diagnostics:?}"
    );
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    );
    while messages.recv_timeout(Duration::from_secs(60)).unwrap()["id"] != 2 {}
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
    assert!(server.wait().unwrap().success());
    let checked = check_run.wait_with_output().unwrap();
    assert_eq!(
        checked.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    if !beside {
        eprintln!("note: the check ended before the server started");
    }
}
