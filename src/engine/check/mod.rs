//! Checking a draft: every claim against the corpus, into findings.

mod assign;
mod cache;
mod context;
mod figures;
mod names;
mod quotes;
mod scorer;
mod statements;

use std::collections::HashSet;

pub use cache::BlockCache;

use super::document::Document;
use super::findings::{Code, Finding, Report};
use super::index::{Corpus, View};
use super::text::Format;

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Codes turned off.
    pub disabled: HashSet<Code>,
    /// How spelled-out counts under ten are judged.
    pub spelled_counts: SpelledCounts,
}

/// How spelled-out counts under ten ("two", "Six", "three weeks") are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpelledCounts {
    /// Flagged when a source states a different count for the same claim
    /// (`figure-mismatch`) or comes near it (an `unsupported-figure` naming
    /// the nearest source, which may say "months" for "three months"); never
    /// when no source comes near: they are mostly incidental ("two people
    /// familiar with the talks").
    #[default]
    Contradicted,
    /// Checked like any figure.
    All,
}

impl SpelledCounts {
    /// From its name in `vouch.toml`.
    pub fn parse(name: &str) -> Option<SpelledCounts> {
        match name {
            "contradicted" => Some(SpelledCounts::Contradicted),
            "all" => Some(SpelledCounts::All),
            _ => None,
        }
    }
}

/// Checks a draft's text against the corpus.
pub fn check_text(
    corpus: &Corpus,
    text: &str,
    format: Format,
    options: &Options,
) -> (Document, Report) {
    let doc = Document::analyze(text.to_string(), format);
    let report = check_document(corpus, &doc, options);
    (doc, report)
}

/// Checks an analysed draft against the corpus.
pub fn check_document(corpus: &Corpus, doc: &Document, options: &Options) -> Report {
    check_document_cached(corpus, doc, options, &mut BlockCache::default())
}

/// Checks an analysed draft, reusing the results of blocks whose text has
/// not changed since the cache last saw them against this corpus. Every
/// block is judged on its own, so an edit re-checks only its own block.
pub fn check_document_cached(
    corpus: &Corpus,
    doc: &Document,
    options: &Options,
    cache: &mut BlockCache,
) -> Report {
    check_document_unless(corpus, doc, options, cache, &|| false)
        .expect("a check that is never cancelled finishes")
}

/// [`check_document_cached`] that gives up, returning `None`, once
/// `cancelled` says so: it is asked between the passes (figures, quotes,
/// statements, names) of each step of a few stale blocks, so that even the
/// first check of a long draft stops soon after a newer edit. The cache
/// keeps only what it had before, so a cancelled check leaves nothing half
/// done behind.
pub fn check_document_unless(
    corpus: &Corpus,
    doc: &Document,
    options: &Options,
    cache: &mut BlockCache,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Report> {
    check_in_steps(corpus, doc, options, cache, cancelled, BLOCKS_PER_STEP)
}

/// The fewest stale blocks a step checks: a step's passes are the longest a
/// newer edit waits for a check to notice it.
const BLOCKS_PER_STEP: usize = 32;
/// The most steps a check takes: each pass looks over the whole draft for
/// its step's blocks, so the steps must stay few for the check to stay
/// linear in the draft.
const MAX_STEPS: usize = 64;

fn check_in_steps(
    corpus: &Corpus,
    doc: &Document,
    options: &Options,
    cache: &mut BlockCache,
    cancelled: &(dyn Fn() -> bool + Sync),
    per_step: usize,
) -> Option<Report> {
    if cancelled() {
        return None;
    }
    let stale = cache.stale_blocks(corpus, doc);
    let view = View::new(corpus);
    let stale_count = stale.iter().filter(|s| **s).count();
    let per_step = per_step.max(stale_count.div_ceil(MAX_STEPS));
    let mut steps = steps(&stale, per_step);
    let first = steps.next().unwrap_or_else(|| vec![false; stale.len()]);
    // The corpus's entity registry is built on first use, which on a large
    // corpus takes as long as checking the figures: do both at once.
    let ((mut findings, mut claims), analysis) = rayon::join(
        || figures::check(&view, doc, &first),
        || {
            let _ = corpus.registry();
            crate::engine::quotes::analyze(doc)
        },
    );
    // Every block is judged on its own: checked in steps, a block's results
    // are the ones a single pass gives it.
    let mut mask = first;
    loop {
        let passes: [&dyn Fn() -> _; 3] = [
            &|| quotes::check(&view, doc, &analysis, &mask),
            &|| statements::check(&view, doc, &analysis, &mask),
            &|| names::check(&view, doc, &analysis, &mask),
        ];
        for pass in passes {
            if cancelled() {
                return None;
            }
            let (f, c) = pass();
            findings.extend(f);
            claims.extend(c);
        }
        let Some(next) = steps.next() else { break };
        if cancelled() {
            return None;
        }
        let (f, c) = figures::check(&view, doc, &next);
        findings.extend(f);
        claims.extend(c);
        mask = next;
    }
    if cancelled() {
        return None;
    }
    let mut report = cache.merge(doc, &stale, Report { findings, claims });
    // The policy applies after the cache, so a change of it needs no re-check.
    let spelled = match options.spelled_counts {
        SpelledCounts::Contradicted => figures::spelled_small_counts(doc),
        SpelledCounts::All => HashSet::new(),
    };
    // A source near the claim (the "nearest" the message names) may state it
    // more loosely ("months" for "three months"): then it is still flagged.
    let incidental = |f: &Finding| {
        f.code == Code::UnsupportedFigure
            && f.evidence.is_empty()
            && spelled.contains(&(f.range.start, f.range.end))
    };
    report.findings.retain(|f| {
        !options.disabled.contains(&f.code)
            && !ignored(doc, f.code, f.range.start)
            && !incidental(f)
    });
    report.findings.sort_by_key(|a| (a.range.start, a.code));
    report.claims.sort_by_key(|c| c.range.start);
    Some(report)
}

/// The stale blocks in steps of at most `per_step`, each a mask over all
/// the blocks.
fn steps(stale: &[bool], per_step: usize) -> impl Iterator<Item = Vec<bool>> {
    let stale_ones: Vec<usize> = (0..stale.len()).filter(|&b| stale[b]).collect();
    let blocks = stale.len();
    let chunks: Vec<Vec<usize>> = stale_ones
        .chunks(per_step.max(1))
        .map(<[usize]>::to_vec)
        .collect();
    chunks.into_iter().map(move |chunk| {
        let mut mask = vec![false; blocks];
        for b in chunk {
            mask[b] = true;
        }
        mask
    })
}

/// Whether the block holding byte `at` is one to check now.
fn in_stale_block(doc: &Document, stale: &[bool], at: usize) -> bool {
    let b = doc.prose.blocks.partition_point(|b| b.range.end <= at);
    stale.get(b).copied().unwrap_or(true)
}

/// A `<!-- vouch-ignore -->` before the block silences this code there.
fn ignored(doc: &Document, code: Code, at: usize) -> bool {
    doc.prose
        .blocks
        .iter()
        .find(|b| b.range.start <= at && at < b.range.end.max(b.range.start + 1))
        .and_then(|b| b.ignore.as_ref())
        .is_some_and(|d| d.silences(code.as_str()))
}

#[cfg(test)]
mod step_tests {
    use super::*;
    use crate::engine::corpus::CorpusSpec;
    use crate::engine::index::{OpenOptions, Silent};
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn seeds(index: &std::path::Path) -> Corpus {
        let spec = CorpusSpec {
            roots: vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")],
            ..CorpusSpec::default()
        };
        let options = OpenOptions {
            index_dir: Some(index.to_path_buf()),
        };
        Corpus::open(&spec, &options, &Silent).unwrap().0
    }

    /// The example drafts, one after the other: many blocks.
    fn long_draft() -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    #[test]
    fn a_check_in_steps_reports_what_one_pass_does_and_stops_between_steps() {
        let index = tempfile::tempdir().unwrap();
        let corpus = seeds(index.path());
        let doc = Document::analyze(long_draft(), crate::engine::text::Format::Markdown);
        assert!(
            doc.prose.blocks.len() > 20,
            "{} blocks",
            doc.prose.blocks.len()
        );
        let options = Options::default();
        let never = || false;
        let whole = check_in_steps(
            &corpus,
            &doc,
            &options,
            &mut BlockCache::default(),
            &never,
            usize::MAX,
        )
        .unwrap();
        assert!(!whole.findings.is_empty());
        for per_step in [1, 3] {
            let stepped = check_in_steps(
                &corpus,
                &doc,
                &options,
                &mut BlockCache::default(),
                &never,
                per_step,
            )
            .unwrap();
            assert_eq!(stepped, whole, "{per_step} blocks a step");
        }
        // Asked before each pass of each step: a check cancelled on its
        // tenth question stops there, long before its last block, and
        // leaves the cache as it was.
        let asked = AtomicUsize::new(0);
        let tenth = || asked.fetch_add(1, Ordering::SeqCst) + 1 >= 10;
        let mut cache = BlockCache::default();
        assert!(check_in_steps(&corpus, &doc, &options, &mut cache, &tenth, 1).is_none());
        assert_eq!(asked.load(Ordering::SeqCst), 10);
        let again = check_in_steps(&corpus, &doc, &options, &mut cache, &never, 1).unwrap();
        assert_eq!(cache.hits(), 0, "nothing of the cancelled check was kept");
        assert_eq!(again, whole);
    }
}
