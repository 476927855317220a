//! The corpus index: persisted, reused while sources are unchanged, and
//! updated file by file when they change.

use std::path::Path;

use vouch::engine::check::{Options, check_text};
use vouch::engine::corpus::CorpusSpec;
use vouch::engine::findings::Code;
use vouch::engine::index::{Corpus, OpenOptions, Silent, UpdateStats, default_index_dir};
use vouch::engine::text::Format;

fn spec(root: &Path) -> CorpusSpec {
    CorpusSpec {
        roots: vec![root.to_path_buf()],
        exclude: vec![],
    }
}

fn open(root: &Path, index: &Path) -> (Corpus, UpdateStats, Vec<String>) {
    let (c, stats, warnings) = Corpus::open(
        &spec(root),
        &OpenOptions {
            index_dir: Some(index.to_path_buf()),
        },
        &Silent,
    )
    .expect("corpus opens");
    (
        c,
        stats,
        warnings.into_iter().map(|w| w.to_string()).collect(),
    )
}

/// Codes the draft gets against the corpus.
fn codes(corpus: &Corpus, draft: &str) -> Vec<Code> {
    let (_, report) = check_text(corpus, draft, Format::Markdown, &Options::default());
    report.findings.iter().map(|f| f.code).collect()
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn reuses_the_index_and_reindexes_only_changed_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let index = dir.path().join("index");
    std::fs::create_dir(&root).unwrap();
    write(
        &root.join("a.txt"),
        "Title A\n\nThe mill produced 5.2 mln tonnes of steel in 1986.\n",
    );
    write(
        &root.join("b.txt"),
        "Title B\n\nAcme Corp hired 1,200 workers at its Ohio plant.\n",
    );

    let (corpus, stats, warnings) = open(&root, &index);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        (stats.added, stats.changed, stats.removed, stats.unchanged),
        (2, 0, 0, 0)
    );
    assert!(
        index.join("vouch-manifest.json").is_file(),
        "persisted where asked"
    );
    assert!(
        codes(
            &corpus,
            "The mill produced 5.2 mln tonnes of steel in 1986."
        )
        .is_empty()
    );
    drop(corpus);

    // Reopened unchanged: nothing is re-indexed.
    let (_, stats, _) = open(&root, &index);
    assert_eq!(stats.touched(), 0);
    assert_eq!(stats.unchanged, 2);

    // Rewritten with the same bytes: a new time, the same hash, still unchanged.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(
        &root.join("b.txt"),
        "Title B\n\nAcme Corp hired 1,200 workers at its Ohio plant.\n",
    );
    let (_, stats, _) = open(&root, &index);
    assert_eq!(stats.touched(), 0);

    // Changed, added and removed files.
    write(
        &root.join("a.txt"),
        "Title A\n\nThe mill produced 6.1 mln tonnes of steel in 1986.\n",
    );
    write(
        &root.join("c.md"),
        "---\ntitle: C\n---\nThe port handled 300,000 containers in 1987.\n",
    );
    std::fs::remove_file(root.join("b.txt")).unwrap();
    let (corpus, stats, _) = open(&root, &index);
    assert_eq!(
        (stats.added, stats.changed, stats.removed, stats.unchanged),
        (1, 1, 1, 0)
    );
    assert_eq!(corpus.sources().len(), 2);
    assert_eq!(
        codes(
            &corpus,
            "The mill produced 5.2 mln tonnes of steel in 1986."
        ),
        vec![Code::FigureMismatch],
        "the old figure is gone, the new one contradicts it"
    );
    assert_eq!(
        codes(&corpus, "Acme Corp hired 1,200 workers at its Ohio plant."),
        vec![Code::UnsupportedFigure],
        "the removed source supports nothing"
    );
    assert!(codes(&corpus, "The port handled 300,000 containers in 1987.").is_empty());
    let c = corpus.sources().iter().find(|s| s.rel == "c.md").unwrap();
    assert_eq!(c.title.as_deref(), Some("C"));
}

#[test]
fn unreadable_files_are_skipped_and_picked_up_once_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let index = dir.path().join("index");
    std::fs::create_dir(&root).unwrap();
    write(
        &root.join("ok.txt"),
        "Ok\n\nSales rose 12 pct to 4.5 mln dlrs.\n",
    );
    std::fs::write(root.join("bad.txt"), b"Bad\n\nPrices rose 7 pct \xff\n").unwrap();
    let (corpus, stats, warnings) = open(&root, &index);
    assert_eq!(stats.added, 1);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("bad.txt") && warnings[0].contains("not UTF-8"),
        "{warnings:?}"
    );
    assert_eq!(corpus.sources().len(), 1);
    drop(corpus);

    write(
        &root.join("bad.txt"),
        "Bad\n\nPrices rose 7 pct in March.\n",
    );
    let (corpus, stats, warnings) = open(&root, &index);
    assert!(warnings.is_empty());
    assert_eq!(stats.added, 1);
    assert_eq!(corpus.sources().len(), 2);
}

#[test]
fn refresh_sees_changes_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let index = dir.path().join("index");
    std::fs::create_dir(&root).unwrap();
    write(
        &root.join("a.txt"),
        "A\n\nThe fund lent 40 mln dlrs to the city.\n",
    );
    let (mut corpus, _, _) = open(&root, &index);
    assert_eq!(
        codes(&corpus, "The fund lent 45 mln dlrs to the city."),
        vec![Code::FigureMismatch]
    );
    write(
        &root.join("a.txt"),
        "A\n\nThe fund lent 45 mln dlrs to the city.\n",
    );
    let (stats, _) = corpus.refresh(&Silent).unwrap();
    assert_eq!(stats.changed, 1);
    assert!(codes(&corpus, "The fund lent 45 mln dlrs to the city.").is_empty());
}

#[test]
fn default_index_lives_outside_the_corpus_keyed_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let a = default_index_dir(&spec(&dir.path().join("one")));
    let b = default_index_dir(&spec(&dir.path().join("two")));
    assert_ne!(a, b);
    assert!(!a.starts_with(dir.path()), "{}", a.display());
    assert_eq!(a, default_index_dir(&spec(&dir.path().join("one"))));
}

#[test]
fn cached_checks_recheck_only_changed_blocks_and_agree_with_full_checks() {
    use vouch::engine::check::{BlockCache, check_document, check_document_cached};
    use vouch::engine::document::Document;

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir(&root).unwrap();
    write(
        &root.join("a.txt"),
        "Title A\n\nThe mill produced 5.2 mln tonnes of steel in 1986.\n\nAcme Corp hired 1,200 workers at its Ohio plant.\n",
    );
    let (corpus, _, _) = open(&root, &dir.path().join("index"));
    let options = Options::default();
    let mut cache = BlockCache::default();
    let drafts = [
        "The mill produced 5.2 mln tonnes of steel in 1986.\n\nAcme Corp hired 1,200 workers at its Ohio plant.\n",
        // The second block changes: one wrong figure appears.
        "The mill produced 5.2 mln tonnes of steel in 1986.\n\nAcme Corp hired 1,900 workers at its Ohio plant.\n",
        // Text is inserted before both: offsets move, results must follow.
        "Intro.\n\nThe mill produced 5.2 mln tonnes of steel in 1986.\n\nAcme Corp hired 1,900 workers at its Ohio plant.\n",
    ];
    let mut hits = Vec::new();
    for draft in drafts {
        let doc = Document::analyze(draft.to_string(), Format::Markdown);
        let cached = check_document_cached(&corpus, &doc, &options, &mut cache);
        hits.push(cache.hits());
        assert_eq!(cached, check_document(&corpus, &doc, &options), "{draft}");
    }
    assert_eq!(hits, vec![0, 1, 2]);
    let doc = Document::analyze(drafts[2].to_string(), Format::Markdown);
    let report = check_document_cached(&corpus, &doc, &options, &mut cache);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(&drafts[2][report.findings[0].range.clone()], "1,900");
}
