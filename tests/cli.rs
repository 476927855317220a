//! `vouch check` as a user runs it: the real binary, the shipped corpus,
//! drafts on disk, and its three report formats and exit codes.

use std::process::Output;

use serde_json::Value;

mod common;

use common::{shipped_workspace, vouch};

/// A folder with the shipped corpus copied in as ./corpus and the given drafts.
fn workspace(drafts: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = shipped_workspace();
    for (name, text) in drafts {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The diagnostics of the first file, as (code, text under the range).
fn flagged(report: &Value, draft: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = draft.split('\n').collect();
    let utf16_to_byte = |line: &str, ch: u64| -> usize {
        let mut units = 0u64;
        for (i, c) in line.char_indices() {
            if units >= ch {
                return i;
            }
            units += c.len_utf16() as u64;
        }
        line.len()
    };
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            let (sl, sc) = (
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
            );
            let (el, ec) = (
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
            );
            assert_eq!(sl, el, "a figure stays on one line");
            let line = lines[sl as usize];
            let text = line[utf16_to_byte(line, sc)..utf16_to_byte(line, ec)].to_string();
            (d["code"].as_str().unwrap().to_string(), text)
        })
        .collect()
}

const DRAFT: &str = "# Notes\n\nThe two leaders last met at a summit in Helsinki in 2017.\n\nRussia annexed Crimea in 2014.\n\nPutin has ruled since 1999.\n";

#[test]
fn json_report_follows_the_contract() {
    let ws = workspace(&[("draft.md", DRAFT)]);
    let out = vouch(ws.path(), &["check", "--format", "json", "draft.md"]);
    assert_eq!(out.status.code(), Some(1), "a figure-mismatch is an error");
    let report = json_of(&out);
    let file = &report["files"][0];
    assert_eq!(file["path"], "draft.md");
    for d in file["diagnostics"].as_array().unwrap() {
        for key in ["range", "severity", "code", "message", "sources"] {
            assert!(d.get(key).is_some(), "diagnostic has {key}: {d}");
        }
        for s in d["sources"].as_array().unwrap() {
            assert!(s["path"].as_str().unwrap().starts_with("corpus/"), "{s}");
            assert!(s["line"].as_u64().unwrap() >= 1, "source lines are 1-based");
            assert!(!s["excerpt"].as_str().unwrap().is_empty());
        }
    }
    let got = flagged(&report, DRAFT);
    assert!(
        got.contains(&("figure-mismatch".into(), "2017".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("unsupported-figure".into(), "1999".into())),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|(_, t)| t == "2014"),
        "2014 is in the sources: {got:?}"
    );
    let mismatch = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "figure-mismatch")
        .unwrap();
    assert_eq!(mismatch["severity"], "error");
    assert!(
        mismatch["message"].as_str().unwrap().contains("2018"),
        "{mismatch}"
    );
    assert!(
        mismatch["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["path"] == "corpus/001_c56d54b2e8c56d73.txt"),
        "{mismatch}"
    );
}

#[test]
fn characters_are_utf16_code_units() {
    let draft = "Zelensky 🇺🇦 said Russia annexed Crimea in 2015.\n";
    let ws = workspace(&[("emoji.md", draft)]);
    let out = vouch(ws.path(), &["check", "--format", "json", "emoji.md"]);
    let report = json_of(&out);
    let d = &report["files"][0]["diagnostics"][0];
    let byte = draft.find("2015").unwrap();
    let utf16 = draft[..byte].encode_utf16().count() as u64;
    assert_eq!(d["range"]["start"]["character"].as_u64(), Some(utf16));
    assert_eq!(d["range"]["end"]["character"].as_u64(), Some(utf16 + 4));
}

#[test]
fn exit_status_and_errors() {
    let clean = "Russia annexed Crimea in 2014.\n";
    let ws = workspace(&[
        ("clean.md", clean),
        ("warn.md", "Putin has ruled since 1999.\n"),
    ]);
    assert_eq!(
        vouch(ws.path(), &["check", "clean.md"]).status.code(),
        Some(0)
    );
    // Warnings only: still 0.
    assert_eq!(
        vouch(ws.path(), &["check", "warn.md"]).status.code(),
        Some(0)
    );

    let missing = vouch(ws.path(), &["check", "nope.md"]);
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(err.contains("nope.md"), "{err}");

    let no_corpus = vouch(ws.path(), &["check", "--corpus", "absent", "clean.md"]);
    assert_eq!(no_corpus.status.code(), Some(2));
    let err = String::from_utf8_lossy(&no_corpus.stderr);
    assert!(err.contains("absent"), "{err}");

    let empty = ws.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = vouch(ws.path(), &["check", "--corpus", "empty", "clean.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no source files"));

    let usage = vouch(ws.path(), &["check", "--format", "xml", "clean.md"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn human_report_reads_like_a_compiler() {
    let ws = workspace(&[("draft.md", DRAFT)]);
    let out = vouch(ws.path(), &["check", "draft.md"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "no colour when piped:\n{text}");
    let header =
        regex::Regex::new(r"(?m)^draft\.md:3:53: error\[figure-mismatch\]: .*2018").unwrap();
    assert!(header.is_match(&text), "{text}");
    assert!(
        text.contains("3 | The two leaders last met at a summit in Helsinki in 2017."),
        "{text}"
    );
    assert!(text.contains("^^^^"), "{text}");
    assert!(
        text.contains("001_c56d54b2e8c56d73.txt:"),
        "source lines are shown:\n{text}"
    );
    assert!(text.lines().last().unwrap().starts_with("Found "), "{text}");
}

#[test]
fn sarif_report_has_rules_results_and_related_locations() {
    let ws = workspace(&[("draft.md", DRAFT)]);
    let out = vouch(ws.path(), &["check", "--format", "sarif", "draft.md"]);
    let sarif = json_of(&out);
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"figure-mismatch") && ids.contains(&"unsupported-figure"));
    for r in rules {
        assert_ne!(
            r["name"].as_str().unwrap().to_lowercase(),
            r["id"].as_str().unwrap()
        );
        assert!(r["shortDescription"]["text"].as_str().is_some());
    }
    let results = run["results"].as_array().unwrap();
    let mismatch = results
        .iter()
        .find(|r| r["ruleId"] == "figure-mismatch")
        .unwrap();
    assert_eq!(mismatch["level"], "error");
    let region = &mismatch["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 3);
    assert_eq!(region["startColumn"], 53);
    assert_eq!(region["snippet"]["text"], "2017");
    assert_eq!(
        mismatch["ruleIndex"]
            .as_u64()
            .map(|i| rules[i as usize]["id"].clone()),
        Some(Value::from("figure-mismatch"))
    );
    assert!(!mismatch["relatedLocations"].as_array().unwrap().is_empty());
    assert_eq!(
        mismatch["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "2018"
    );
}

#[test]
fn config_sets_corpus_and_severities_and_bad_config_falls_back() {
    let ws = workspace(&[("draft.md", DRAFT)]);
    std::fs::rename(ws.path().join("corpus"), ws.path().join("sources")).unwrap();
    std::fs::write(
        ws.path().join("vouch.toml"),
        "[corpus]\npaths = [\"sources\"]\n[severity]\nfigure-mismatch = \"warning\"\nunsupported-figure = \"off\"\n",
    )
    .unwrap();
    let out = vouch(ws.path(), &["check", "--format", "json", "draft.md"]);
    assert_eq!(out.status.code(), Some(0), "mismatch lowered to a warning");
    let report = json_of(&out);
    let codes: Vec<(String, String)> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().into(),
                d["severity"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        codes.contains(&("figure-mismatch".into(), "warning".into())),
        "{codes:?}"
    );
    assert!(
        !codes.iter().any(|(c, _)| c == "unsupported-figure"),
        "{codes:?}"
    );

    std::fs::write(ws.path().join("vouch.toml"), "[corpus\npaths = 3").unwrap();
    std::fs::rename(ws.path().join("sources"), ws.path().join("corpus")).unwrap();
    let out = vouch(ws.path(), &["check", "--format", "json", "draft.md"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("vouch.toml") && err.contains("using defaults"),
        "{err}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "defaults: the mismatch is an error again"
    );
}

#[test]
fn ignore_comment_silences_a_block() {
    let draft = "<!-- vouch-ignore: figure-mismatch -->\nRussia annexed Crimea in 2016.\n\nRussia annexed Crimea in 2016.\n";
    let ws = workspace(&[("draft.md", draft)]);
    let out = vouch(ws.path(), &["check", "--format", "json", "draft.md"]);
    let report = json_of(&out);
    let lines: Vec<u64> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![3], "only the second paragraph is flagged");
}

#[test]
fn non_prose_is_never_checked() {
    let draft = "---\nupdated: 2025-01-12\n---\n\n```\nthe 45 billion figure\n```\n\nSee `99 percent` and [the report](https://x.example/2024/12/3391).\n";
    let ws = workspace(&[("draft.md", draft)]);
    let out = vouch(ws.path(), &["check", "--format", "json", "draft.md"]);
    let report = json_of(&out);
    assert_eq!(
        report["files"][0]["diagnostics"],
        Value::Array(vec![]),
        "{report}"
    );
}

#[test]
fn unreadable_corpus_files_are_skipped_with_a_warning() {
    let ws = workspace(&[("draft.md", "Russia annexed Crimea in 2014.\n")]);
    std::fs::write(ws.path().join("corpus/latin1.txt"), b"caf\xe9 5 pct\n").unwrap();
    std::fs::write(ws.path().join("corpus/binary.md"), b"\x00\x01\x02").unwrap();
    let out = vouch(ws.path(), &["check", "draft.md"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("latin1.txt") && err.contains("not UTF-8"),
        "{err}"
    );
    assert!(err.contains("binary.md") && err.contains("binary"), "{err}");
}

#[test]
fn several_drafts_in_one_report() {
    let ws = workspace(&[
        ("a.md", DRAFT),
        ("b.md", "Russia annexed Crimea in 2014.\n"),
    ]);
    let out = vouch(ws.path(), &["check", "--format", "json", "a.md", "b.md"]);
    let report = json_of(&out);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["a.md", "b.md"]);
}

#[test]
fn explain_prints_the_provenance_at_a_place() {
    let draft = "Peskov said “the end of the war against Ukraine depends on him”.\n\nAid totals $6.35 billion since the invasion, according to one count.\n";
    let dir = workspace(&[("d.md", draft)]);
    // On the quote: who the sources give it to, and where.
    let out = vouch(dir.path(), &["explain", "d.md", "1:20"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Donald Trump"), "{text}");
    assert!(text.contains("corpus/002_44a6303871acb79a.txt:6"), "{text}");
    // On a name: the entity card.
    let out = vouch(dir.path(), &["explain", "d.md", "1:2"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Dmitri Peskov") && text.contains("Kremlin spokesperson"),
        "{text}"
    );
    // Nothing there, and a bad place.
    let out = vouch(dir.path(), &["explain", "d.md", "2:1"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing vouch checks here"));
    let out = vouch(dir.path(), &["explain", "d.md", "9:1"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("d.md") && err.lines().count() == 1, "{err}");
}

#[test]
fn rule_prints_a_code_explanation_and_rejects_unknown_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = vouch(dir.path(), &["rule", "figure-mismatch"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("# figure-mismatch\n\n**Default: error.**"),
        "{text}"
    );
    assert!(
        text.contains("$61.4 billion"),
        "the example is missing: {text}"
    );
    assert!(!text.contains("## "), "one section only: {text}");

    let all = vouch(dir.path(), &["rule", "--all"]);
    assert_eq!(all.status.code(), Some(0));
    let all = String::from_utf8_lossy(&all.stdout);
    assert_eq!(all.matches("\n# ").count() + 1, 7, "{all}");

    let unknown = vouch(dir.path(), &["rule", "figure-mismatc"]);
    assert_eq!(unknown.status.code(), Some(2));
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(
        err.contains("figure-mismatc") && err.contains("name-variant"),
        "{err}"
    );
    assert!(unknown.stdout.is_empty());

    assert_eq!(vouch(dir.path(), &["rule"]).status.code(), Some(2));
}

#[test]
fn each_storys_date_order_reads_its_drafts_and_sources() {
    // The same source and draft in two stories; one vouch.toml reads
    // 04/05/2016 day first (4 May), the other month first (April 5).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (story, order) in [("london", "dmy"), ("boston", "mdy")] {
        std::fs::create_dir_all(d.join(story).join("sources")).unwrap();
        std::fs::write(
            d.join(story).join("vouch.toml"),
            format!("[corpus]\npaths = [\"sources\"]\n[figures]\ndate-order = \"{order}\"\n"),
        )
        .unwrap();
        std::fs::write(
            d.join(story).join("sources/notes.txt"),
            "The council approved the bypass on 4 May 2016 after a long inquiry.\n",
        )
        .unwrap();
        std::fs::write(
            d.join(story).join("draft.md"),
            "The council approved the bypass on 04/05/2016 after a long inquiry.\n",
        )
        .unwrap();
    }
    let out = vouch(d, &["check", "--format", "json", "london", "boston"]);
    let report = json_of(&out);
    let codes = |name: &str| -> Vec<String> {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().contains(name))
            .unwrap_or_else(|| panic!("{name} in {report}"))["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(codes("london").is_empty(), "{report}");
    assert_eq!(codes("boston"), ["figure-mismatch"], "{report}");
}

/// `vouch index` brings the index up to date and says what it holds;
/// `--optimize` merges its segments into one, and checks answer as before.
#[test]
fn index_optimize_merges_the_segments_and_checks_answer_as_before() {
    let dir = shipped_workspace();
    let held = dir.path().join("held");
    std::fs::create_dir(&held).unwrap();
    let corpus = dir.path().join("corpus");
    let mut seeds: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    for s in &seeds[3..] {
        std::fs::rename(s, held.join(s.file_name().unwrap())).unwrap();
    }
    let first = vouch(dir.path(), &["index"]);
    assert!(first.status.success(), "{first:?}");
    // A second commit adds segments of its own.
    for s in &seeds[3..] {
        std::fs::rename(held.join(s.file_name().unwrap()), s).unwrap();
    }
    let draft = repo_path("examples/aid-and-territory.md");
    let before = vouch(dir.path(), &["check", "--format", "json", &draft]);
    let listed = vouch(dir.path(), &["index"]);
    let said = String::from_utf8_lossy(&listed.stderr).to_string();
    assert!(said.contains("5 sources"), "{said}");
    let optimized = vouch(dir.path(), &["index", "--optimize"]);
    let said = String::from_utf8_lossy(&optimized.stderr).to_string();
    assert!(optimized.status.success(), "{said}");
    assert!(said.contains("segments into one"), "{said}");
    let after = vouch(dir.path(), &["index"]);
    let said = String::from_utf8_lossy(&after.stderr).to_string();
    assert!(said.contains(", 1 segment in "), "{said}");
    let again = vouch(dir.path(), &["check", "--format", "json", &draft]);
    assert_eq!(before.status.code(), again.status.code());
    assert!(!before.stdout.is_empty());
    assert_eq!(before.stdout, again.stdout);
}

fn repo_path(rel: &str) -> String {
    common::repo().join(rel).display().to_string()
}

/// `vouch inspect FILE | head -1`, `vouch check DRAFT | grep -q X`: the reader
/// goes before vouch has written. That is no error: no panic, no message.
#[test]
fn a_reader_that_stops_early_is_no_error() {
    let ws = shipped_workspace();
    std::fs::write(
        ws.path().join("draft.md"),
        "Russia annexed Crimea in 2014, and 48 ships sailed.\n",
    )
    .unwrap();
    let source = std::fs::read_dir(ws.path().join("corpus"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let cache = ws.path().join(".test-cache");
    for args in [
        vec!["inspect", source.to_str().unwrap()],
        vec!["check", "draft.md"],
    ] {
        let mut child = common::vouch_command(ws.path(), &cache)
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end before vouch has read and analysed its input.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
    }
}

/// Puts a path's modification time a minute back: an opening keeps the walk
/// of folders that were still for a few seconds before it listed them.
fn age(path: &std::path::Path) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    std::fs::File::open(path)
        .unwrap()
        .set_times(std::fs::FileTimes::new().set_modified(then))
        .unwrap();
}

#[test]
fn a_source_edited_in_place_is_seen_by_the_next_check() {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("sources");
    std::fs::create_dir(&sources).unwrap();
    let source = sources.join("mill.txt");
    std::fs::write(
        &source,
        "Mill\n\nThe mill produced 5.2 mln tonnes of steel in 1986.\n",
    )
    .unwrap();
    std::fs::write(sources.join("photo.jpg"), "not a source").unwrap();
    age(&source);
    age(&sources);
    let draft = "The mill produced 5.2 mln tonnes of steel in 1986.\n";
    std::fs::write(dir.path().join("draft.md"), draft).unwrap();
    let check = || {
        vouch(
            dir.path(),
            &[
                "check", "--corpus", "sources", "--format", "json", "draft.md",
            ],
        )
    };
    // Built, then checked from the folder's time and the source's stat:
    // the same answer, and the skipped file named once each time.
    for _ in 0..2 {
        let out = check();
        assert_eq!(flagged(&json_of(&out), draft), vec![]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.matches("photo.jpg").count(), 1, "{err}");
    }
    // Edited in place: the folder keeps its time; the check sees the edit.
    let folder_time = std::fs::metadata(&sources).unwrap().modified().unwrap();
    std::fs::write(
        &source,
        "Mill\n\nThe mill produced 6.1 mln tonnes of steel in 1986.\n",
    )
    .unwrap();
    assert_eq!(
        std::fs::metadata(&sources).unwrap().modified().unwrap(),
        folder_time
    );
    let out = check();
    let codes: Vec<String> = flagged(&json_of(&out), draft)
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert_eq!(codes, vec!["figure-mismatch"], "the edit is seen");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("photo.jpg").count(), 1, "{err}");
}
