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
        ..CorpusSpec::default()
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
        index.join(vouch::engine::index::manifest::FILE).is_file(),
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
fn a_corpus_is_current_until_a_file_changes_is_added_or_removed() {
    use vouch::engine::corpus::discover;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let index = dir.path().join("index");
    std::fs::create_dir(&root).unwrap();
    write(&root.join("a.txt"), "A\n\nThe fund lent 40 mln dlrs.\n");
    write(&root.join("b.txt"), "B\n\nThe city paid 12 mln dlrs.\n");
    let (mut corpus, _, _) = open(&root, &index);
    let found = |c: &Corpus| discover(c.spec(), &mut Vec::new()).unwrap();
    assert!(corpus.is_current(&found(&corpus)));
    // Another size (and time): not current; refreshed with the files, it is.
    write(&root.join("a.txt"), "A\n\nThe fund lent 45.5 mln dlrs.\n");
    let files = found(&corpus);
    assert!(!corpus.is_current(&files));
    let (stats, _) = corpus.refresh_with(files, Vec::new(), &Silent).unwrap();
    assert_eq!(stats.changed, 1);
    assert!(corpus.is_current(&found(&corpus)));
    // A file added, then one removed.
    write(&root.join("c.txt"), "C\n\nIt rose 3 pct.\n");
    assert!(!corpus.is_current(&found(&corpus)));
    corpus.refresh(&Silent).unwrap();
    assert!(corpus.is_current(&found(&corpus)));
    std::fs::remove_file(root.join("b.txt")).unwrap();
    assert!(!corpus.is_current(&found(&corpus)));
    // Another vouch's commit to the same index folder: not current here.
    corpus.refresh(&Silent).unwrap();
    write(&root.join("d.txt"), "D\n\nIt fell 2 pct.\n");
    drop(open(&root, &index));
    std::fs::remove_file(root.join("d.txt")).unwrap();
    assert!(!corpus.is_current(&found(&corpus)));
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

/// A corpus of many small sources cut from the seed articles, one per
/// paragraph, so that deleting and changing some of them moves the
/// corpus's term statistics.
fn paragraph_corpus(root: &Path) -> Vec<std::path::PathBuf> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut names: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut files = Vec::new();
    for (s, seed) in names.iter().enumerate() {
        let text = std::fs::read_to_string(seed).unwrap();
        for (p, para) in text
            .split("\n\n")
            .filter(|p| p.trim().len() > 40)
            .enumerate()
        {
            let path = root.join(format!("{s}-{p:03}.txt"));
            write(&path, &format!("{}\n", para.trim()));
            files.push(path);
        }
    }
    files
}

/// A report as the user sees it: source ids, which depend on the order
/// the sources were indexed in, left out.
fn report_json(corpus: &Corpus, draft: &str) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("source");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let (_, report) = check_text(corpus, draft, Format::Markdown, &Options::default());
    let mut v = serde_json::to_value(&report.findings).unwrap();
    strip(&mut v);
    v
}

/// What retrieval answers, by source path and sentence: frequencies of
/// every term, and the ranked sentences of a few queries.
fn retrieval(corpus: &Corpus, terms: &[String]) -> Vec<String> {
    use vouch::engine::index::View;
    let view = View::new(corpus);
    let mut out = vec![format!("sentences {}", view.sentence_count())];
    for t in terms {
        out.push(format!(
            "{t}: df {} idf {:.12}",
            view.doc_freq(t),
            view.idf(t)
        ));
    }
    for q in terms.chunks(3) {
        let q: Vec<(String, f32)> = q.iter().map(|t| (t.clone(), 1.0)).collect();
        for (score, s) in view.search(&q, 10) {
            let path = &corpus.source(s.source).unwrap().rel;
            out.push(format!("{q:?} -> {path}#{} {score:.6}", s.ordinal));
        }
    }
    out
}

#[test]
fn an_index_updated_in_place_answers_as_one_built_fresh() {
    let drafts: Vec<String> = [
        "aid-and-territory.md",
        "meeting-timeline.md",
        "quotes-and-names.md",
    ]
    .iter()
    .map(|d| {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(d),
        )
        .unwrap()
    })
    .collect();
    let terms = opening_terms(&drafts);
    // A few changes keep the deleted sentences in the index (statistics
    // must leave them out); many make it merge them away.
    for (deleted, appended, merged) in [(0.05, 0.1, false), (0.3, 0.2, true)] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        std::fs::create_dir(&root).unwrap();
        let files = paragraph_corpus(&root);
        assert!(files.len() >= 40, "{} sources", files.len());
        drop(open(&root, &dir.path().join("updated")));
        let step = |share: f64| (1.0 / share).round() as usize;
        for (i, f) in files.iter().enumerate() {
            if i % step(deleted) == 0 {
                std::fs::remove_file(f).unwrap();
            } else if i % step(appended) == 1 {
                let mut text = std::fs::read_to_string(f).unwrap();
                text.push_str(
                    "\nOfficials said the aid totals $61.4 billion since the invasion.\n",
                );
                write(f, &text);
            }
        }
        let (updated, stats, _) = open(&root, &dir.path().join("updated"));
        assert!(stats.removed > 0 && stats.changed > 0, "{stats:?}");
        let searcher = updated.searcher();
        let kept_deleted = searcher
            .segment_readers()
            .iter()
            .any(|s| s.num_deleted_docs() > 0);
        assert_eq!(
            kept_deleted, !merged,
            "deleted sentences kept: {kept_deleted}"
        );
        let (fresh, _, _) = open(&root, &dir.path().join("fresh"));
        assert_eq!(retrieval(&updated, &terms), retrieval(&fresh, &terms));
        for draft in &drafts {
            assert_eq!(report_json(&updated, draft), report_json(&fresh, draft));
        }
    }
}

#[test]
fn a_commit_whose_manifest_was_not_moved_in_place_is_read_whole() {
    use vouch::engine::index::manifest::{FILE, NEXT_FILE};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let index = dir.path().join("index");
    std::fs::create_dir(&root).unwrap();
    write(
        &root.join("a.txt"),
        "A\n\nThe fund lent 40 mln dlrs to the city.\n",
    );
    write(&root.join("b.txt"), "B\n\nThe city borrowed 12 mln dlrs.\n");
    drop(open(&root, &index));
    let before = std::fs::read(index.join(FILE)).unwrap();
    write(
        &root.join("a.txt"),
        "A\n\nThe fund lent 45 mln dlrs to the city.\n",
    );
    drop(open(&root, &index));
    // The process stopped between the commit and the rename: the old
    // manifest is in place, the commit's own beside it.
    std::fs::rename(index.join(FILE), index.join(NEXT_FILE)).unwrap();
    std::fs::write(index.join(FILE), &before).unwrap();
    let (corpus, stats, warnings) = open(&root, &index);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(stats.touched(), 0, "{stats:?}");
    assert_eq!(live_sentences(&corpus), listed_sentences(&corpus));
    assert!(codes(&corpus, "The fund lent 45 mln dlrs to the city.").is_empty());
}

#[test]
fn a_manifest_of_another_commit_makes_a_rebuild_never_duplicates() {
    use vouch::engine::index::manifest::FILE;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let index = dir.path().join("index");
    std::fs::create_dir(&root).unwrap();
    write(
        &root.join("a.txt"),
        "A\n\nThe fund lent 40 mln dlrs to the city.\n",
    );
    write(&root.join("b.txt"), "B\n\nThe city borrowed 12 mln dlrs.\n");
    drop(open(&root, &index));
    let before = std::fs::read(index.join(FILE)).unwrap();
    write(
        &root.join("c.txt"),
        "C\n\nThe bank raised rates by 2 pct.\n",
    );
    drop(open(&root, &index));
    // The old way to duplicates: the index committed c.txt, the manifest
    // (saved after the commit, on a full disk) does not list it.
    std::fs::write(index.join(FILE), &before).unwrap();
    let (corpus, _, warnings) = open(&root, &index);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("rebuilding"), "{warnings:?}");
    assert_eq!(corpus.sources().len(), 3);
    assert_eq!(live_sentences(&corpus), listed_sentences(&corpus));
}

#[test]
fn a_manifest_that_cannot_be_written_leaves_the_index_as_it_was() {
    use vouch::engine::index::manifest::NEXT_FILE;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let index = dir.path().join("index");
    std::fs::create_dir(&root).unwrap();
    write(
        &root.join("a.txt"),
        "A\n\nThe fund lent 40 mln dlrs to the city.\n",
    );
    drop(open(&root, &index));
    // Writing the next manifest fails (a folder stands in its way, as a
    // full disk would refuse it): nothing is committed, this run indexes
    // in memory and says so, and still answers right.
    std::fs::create_dir(index.join(NEXT_FILE)).unwrap();
    write(&root.join("b.txt"), "B\n\nThe city borrowed 12 mln dlrs.\n");
    let (corpus, _, warnings) = open(&root, &index);
    assert!(
        warnings.iter().any(|w| w.contains("in memory")),
        "{warnings:?}"
    );
    assert!(codes(&corpus, "The city borrowed 12 mln dlrs.").is_empty());
    drop(corpus);
    std::fs::remove_dir(index.join(NEXT_FILE)).unwrap();
    let (corpus, stats, warnings) = open(&root, &index);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!((stats.added, stats.unchanged), (1, 1), "{stats:?}");
    assert_eq!(live_sentences(&corpus), listed_sentences(&corpus));
}

fn live_sentences(corpus: &Corpus) -> u64 {
    corpus.searcher().num_docs()
}

fn listed_sentences(corpus: &Corpus) -> u64 {
    corpus
        .sources()
        .iter()
        .map(|s| u64::from(s.sentences))
        .sum()
}

#[test]
fn damage_found_after_opening_is_named_and_rebuilt_by_the_next_opening() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let index = dir.path().join("index");
    std::fs::create_dir(&root).unwrap();
    write(
        &root.join("a.txt"),
        "A\n\nThe fund lent 40 mln dlrs to the city.\n",
    );
    let (corpus, _, _) = open(&root, &index);
    assert_eq!(corpus.index_damage(), None, "a whole index");
    // Bits flip under a corpus in use (its opening found the index whole).
    for entry in std::fs::read_dir(&index).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "idx") {
            let mut bytes = std::fs::read(&path).unwrap();
            let n = bytes.len() / 2;
            bytes[n] ^= 0xff;
            std::fs::write(&path, bytes).unwrap();
        }
    }
    let why = corpus.index_damage().expect("the damage is found");
    assert!(why.contains(".idx"), "{why}");
    drop(corpus);
    let (corpus, _, warnings) = open(&root, &index);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("rebuilding"), "{warnings:?}");
    assert_eq!(corpus.index_damage(), None);
    assert!(codes(&corpus, "The fund lent 40 mln dlrs to the city.").is_empty());
}

/// The keys of the people the corpus's registry knows.
fn people(corpus: &Corpus) -> Vec<String> {
    let mut keys: Vec<String> = corpus.registry().iter().map(|e| e.key).collect();
    keys.sort();
    keys
}

#[test]
fn the_registry_after_an_update_is_the_one_a_fresh_build_makes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir(&root).unwrap();
    write(
        &root.join("a.txt"),
        "Talks\n\nKremlin spokesman Dmitri Peskov said the talks would go on. \"The door remains open,\" Peskov said.\n",
    );
    write(
        &root.join("b.txt"),
        "Aid\n\nPresident Volodymyr Zelenskyy asked for more aid. Zelenskyy spoke in Kyiv on Monday.\n",
    );
    let index = dir.path().join("index");
    let (corpus, _, _) = open(&root, &index);
    let before = people(&corpus);
    assert!(
        before.iter().any(|k| k.contains("Peskov"))
            && before.iter().any(|k| k.contains("Zelenskyy")),
        "{before:?}"
    );
    drop(corpus);

    // A new source, in a new process: the unchanged sources' entities are
    // read from the index folder, not lost, and the registry is the one a
    // fresh build of the same files makes.
    write(
        &root.join("c.txt"),
        "Visit\n\nJoe Biden met Zelensky in Kyiv. Biden said aid would continue.\n",
    );
    let (updated, stats, _) = open(&root, &index);
    assert_eq!((stats.added, stats.unchanged), (1, 2));
    let (fresh, _, _) = open(&root, &dir.path().join("fresh"));
    assert_eq!(people(&updated), people(&fresh));
    assert!(people(&updated).iter().any(|k| k.contains("Peskov")));
    assert!(people(&updated).iter().any(|k| k.contains("Biden")));
    drop(updated);

    // Reopened unchanged, the registry is read back as it was saved.
    let (again, stats, _) = open(&root, &index);
    assert_eq!(stats.touched(), 0);
    assert_eq!(people(&again), people(&fresh));

    // Entities that cannot be read are read again from the sources.
    drop(again);
    let file = index.join("vouch-entities.bin");
    let bytes = std::fs::read(&file).unwrap();
    let mut cut = bytes[..16].to_vec();
    cut.extend_from_slice(&bytes[16..][..(bytes.len() - 16) / 2]);
    std::fs::write(&file, cut).unwrap();
    write(&root.join("d.txt"), "Note\n\nThe talks resumed in 1986.\n");
    let (reread, stats, _) = open(&root, &index);
    assert_eq!(stats.added, 1);
    assert_eq!(people(&reread), {
        drop(fresh);
        let (fresh, _, _) = open(&root, &dir.path().join("fresh2"));
        people(&fresh)
    });
}

/// The terms of the drafts' opening words, common and rare, each once.
fn opening_terms(drafts: &[String]) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for draft in drafts {
        let end = draft
            .char_indices()
            .nth(400)
            .map_or(draft.len(), |(i, _)| i);
        for t in vouch::engine::text::words::terms(draft, 0..end) {
            if !terms.iter().any(|x| *x == *t.term) {
                terms.push(t.term.to_string());
            }
        }
    }
    terms
}

/// The example drafts, and the terms of their opening words.
fn example_drafts() -> (Vec<String>, Vec<String>) {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names: Vec<_> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    names.sort();
    let drafts: Vec<String> = names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let terms = opening_terms(&drafts);
    (drafts, terms)
}

#[test]
fn a_merged_index_answers_as_the_segments_it_merged() {
    use vouch::engine::index::Merged;
    let (drafts, terms) = example_drafts();
    assert!(drafts.len() >= 3);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let index = dir.path().join("index");
    let all = dir.path().join("all");
    std::fs::create_dir(&root).unwrap();
    std::fs::create_dir(&all).unwrap();
    let files = paragraph_corpus(&all);
    // Three updates of a third each make three segments at least (one per
    // commit, whatever the writer's threads); a few changed and removed
    // sources leave deleted sentences in them.
    let third = files.len().div_ceil(3);
    for batch in files.chunks(third) {
        for f in batch {
            std::fs::rename(f, root.join(f.file_name().unwrap())).unwrap();
        }
        drop(open(&root, &index));
    }
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for (i, f) in names.iter().enumerate() {
        if i % 17 == 0 {
            std::fs::remove_file(f).unwrap();
        } else if i % 13 == 1 {
            let mut text = std::fs::read_to_string(f).unwrap();
            text.push_str("\nOfficials said the aid totals $61.4 billion since the invasion.\n");
            write(f, &text);
        }
    }
    let (corpus, stats, _) = open(&root, &index);
    assert!(stats.removed > 0 && stats.changed > 0, "{stats:?}");
    let segments = corpus.segments();
    assert!(segments >= 3, "{segments} segments");
    assert!(corpus.merge_would_help());
    let searcher = corpus.searcher();
    assert!(
        searcher
            .segment_readers()
            .iter()
            .any(|s| s.num_deleted_docs() > 0)
    );
    drop(searcher);
    let retrieved = retrieval(&corpus, &terms);
    let reports: Vec<_> = drafts.iter().map(|d| report_json(&corpus, d)).collect();
    assert!(
        reports
            .iter()
            .any(|r| r.as_array().is_some_and(|a| !a.is_empty())),
        "the drafts have findings to compare"
    );

    // Another vouch using the folder: no merge, no wait.
    {
        let _busy =
            vouch::engine::index::folder::lock(&index, std::time::Duration::ZERO, &mut || {})
                .unwrap()
                .expect("lockable");
        let job = corpus.merge_job().expect("several segments");
        assert!(matches!(job.run().unwrap(), Merged::Skipped(_)));
    }

    let job = corpus.merge_job().expect("several segments");
    assert_eq!(job.run().unwrap(), Merged::Done { segments });
    // Checks made before the reload still search the old segments.
    assert_eq!(corpus.segments(), segments);
    corpus.merged().unwrap();
    assert_eq!(corpus.segments(), 1);
    assert!(corpus.merge_job().is_none() && !corpus.merge_would_help());
    assert_eq!(retrieval(&corpus, &terms), retrieved);
    for (draft, report) in drafts.iter().zip(&reports) {
        assert_eq!(&report_json(&corpus, draft), report);
    }
    drop(corpus);

    // The merged files' checksums are stamped as verified by the merge, so
    // that the next start does not read the whole index again.
    let stamp: serde_json::Value = serde_json::from_slice(
        &std::fs::read(index.join(vouch::engine::index::VERIFIED_FILE)).unwrap(),
    )
    .unwrap();
    let stamped: std::collections::BTreeSet<String> = stamp["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f[0].as_str()
                .unwrap()
                .split('.')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(stamped.len(), 1, "{stamped:?}");

    // Reopened: the same commit, nothing re-indexed, one segment.
    let (again, stats, warnings) = open(&root, &index);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(stats.touched(), 0, "{stats:?}");
    assert_eq!(again.segments(), 1);
    assert_eq!(live_sentences(&again), listed_sentences(&again));
    for (draft, report) in drafts.iter().zip(&reports) {
        assert_eq!(&report_json(&again, draft), report);
    }
}

/// Puts a file's or folder's modification time a minute back, as if it had
/// been written a while ago: an opening trusts only folders that have been
/// still for a few seconds before it listed them.
fn age(path: &Path) -> std::time::SystemTime {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    set_modified(path, then);
    then
}

fn set_modified(path: &Path, time: std::time::SystemTime) {
    std::fs::File::open(path)
        .unwrap()
        .set_times(std::fs::FileTimes::new().set_modified(time))
        .unwrap();
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn an_unchanged_corpus_opens_from_its_folders_times_and_a_file_edited_in_place_is_still_seen() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let index = dir.path().join("index");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    write(
        &root.join("a.txt"),
        "Title A\n\nThe mill produced 5.2 mln tonnes of steel in 1986.\n",
    );
    write(
        &root.join("sub/b.txt"),
        "Title B\n\nAcme Corp hired 1,200 workers at its Ohio plant.\n",
    );
    write(&root.join("photo.jpg"), "not a source");
    for p in [
        root.join("a.txt"),
        root.join("sub/b.txt"),
        root.join("sub"),
        root.clone(),
    ] {
        age(&p);
    }
    let (_, stats, warnings) = open(&root, &index);
    assert_eq!(stats.added, 2);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    // Opened again unchanged (its folders as the last walk found them, each
    // source its size and time): the same sources, the same warning.
    let (corpus, stats, again) = open(&root, &index);
    assert_eq!((stats.touched(), stats.unchanged), (0, 2));
    assert_eq!(again, warnings, "the skipped file is still named");
    assert!(
        codes(&corpus, "Acme Corp hired 1,200 workers at its Ohio plant.").is_empty(),
        "a source in a subfolder is there"
    );
    drop(corpus);

    // Edited in place (same size, same inode): the folder keeps its time,
    // the file gets a new one, and its stat tells the opening.
    let folder_time = modified(&root);
    write(
        &root.join("a.txt"),
        "Title A\n\nThe mill produced 6.1 mln tonnes of steel in 1986.\n",
    );
    assert_eq!(modified(&root), folder_time, "an edit in place");
    let (corpus, stats, _) = open(&root, &index);
    assert_eq!((stats.changed, stats.unchanged), (1, 1));
    assert_eq!(
        codes(
            &corpus,
            "The mill produced 5.2 mln tonnes of steel in 1986."
        ),
        vec![Code::FigureMismatch],
        "the edit is seen"
    );
    drop(corpus);

    // The folder's time is what says a file was added (or removed): one
    // added with the folder's time put back is not looked for, which shows
    // that the opening did not walk; a walk (refresh) finds it.
    for p in [root.join("a.txt"), root.clone()] {
        age(&p);
    }
    drop(open(&root, &index));
    let folder_time = modified(&root);
    write(
        &root.join("c.txt"),
        "C\n\nThe port handled 300,000 containers.\n",
    );
    set_modified(&root, folder_time);
    let (mut corpus, stats, _) = open(&root, &index);
    assert_eq!((stats.added, corpus.sources().len()), (0, 2));
    let (stats, _) = corpus.refresh(&Silent).unwrap();
    assert_eq!(stats.added, 1);
    drop(corpus);
    // Added as usual (the folder's time changes): found.
    write(&root.join("sub/d.txt"), "D\n\nIt fell 2 pct.\n");
    let (corpus, stats, _) = open(&root, &index);
    assert_eq!((stats.added, corpus.sources().len()), (1, 4));
    drop(corpus);

    // The paths shown follow the folder as this run writes it.
    let spelled = root.join(".");
    let (corpus, stats, _) = open(&spelled, &index);
    assert_eq!(stats.touched(), 0);
    let a = corpus.sources().iter().find(|s| s.rel == "a.txt").unwrap();
    assert_eq!(
        a.display,
        vouch::engine::corpus::slashes(&spelled.join("a.txt"))
    );
}

/// A sentence read back from the index is the one the analysis stored:
/// where it stands in its source (line, byte offset, block, number,
/// headline), its prose, its figures with ranges inside its text, and who
/// says what in it.
#[test]
fn a_stored_sentence_reads_back_as_it_was_analysed() {
    use vouch::engine::index::View;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir(&root).unwrap();
    let text = "# Steel output\n\nThe mill produced 5.2 mln tonnes of steel in 1986.\n\n\
                \"We will grow again,\" said John Smith, the chief executive.\n";
    write(&root.join("a.md"), text);
    let (corpus, _, _) = open(&root, &dir.path().join("index"));
    let view = View::new(&corpus);

    let hits = view.search(&[("mill".to_string(), 1.0)], 5);
    let mill = &hits.first().expect("the mill's sentence").1;
    assert_eq!(
        mill.text,
        "The mill produced 5.2 mln tonnes of steel in 1986."
    );
    assert_eq!(&text[mill.start as usize..][..mill.text.len()], mill.text);
    assert_eq!(mill.line, 2);
    assert!(!mill.headline);
    let figures: Vec<&str> = mill
        .figures
        .iter()
        .map(|f| &mill.text[f.range.clone()])
        .collect();
    assert!(figures.contains(&"5.2 mln tonnes"), "{figures:?}");
    assert!(mill.said.is_empty());

    let all = view.sentences_of(mill.source, 10);
    assert_eq!(all.len(), 3, "{all:?}");
    assert!(
        all[0].headline && all[0].text == "Steel output",
        "{:?}",
        all[0]
    );
    assert_eq!(all.iter().map(|s| s.ordinal).collect::<Vec<_>>(), [0, 1, 2]);
    assert!(all[0].block < all[1].block && all[1].block < all[2].block);
    assert_eq!(all[1], *mill);

    let quote = &all[2];
    assert_eq!(quote.line, 4);
    let said = quote.said.first().expect("the quotation's speaker");
    assert_eq!(said.speaker.as_deref(), Some("John Smith"));
    assert!(said.quoted);
    assert!(quote.text[said.start as usize..said.end as usize].contains("We will grow again"));
    assert_eq!(view.said_by("John Smith", 5), vec![quote.clone()]);
}
