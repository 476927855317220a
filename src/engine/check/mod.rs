//! Checking a draft: every claim against the corpus, into findings.

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
/// statements, names). The cache keeps only what it had before, so a
/// cancelled check leaves nothing half done behind.
pub fn check_document_unless(
    corpus: &Corpus,
    doc: &Document,
    options: &Options,
    cache: &mut BlockCache,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Report> {
    if cancelled() {
        return None;
    }
    let stale = cache.stale_blocks(corpus, doc);
    let view = View::new(corpus);
    // The corpus's entity registry is built on first use, which on a large
    // corpus takes as long as checking the figures: do both at once.
    let ((mut findings, mut claims), analysis) = rayon::join(
        || figures::check(&view, doc, &stale),
        || {
            let _ = corpus.registry();
            crate::engine::quotes::analyze(doc)
        },
    );
    let passes: [&dyn Fn() -> _; 3] = [
        &|| quotes::check(&view, doc, &analysis, &stale),
        &|| statements::check(&view, doc, &analysis, &stale),
        &|| names::check(&view, doc, &analysis, &stale),
    ];
    for pass in passes {
        if cancelled() {
            return None;
        }
        let (f, c) = pass();
        findings.extend(f);
        claims.extend(c);
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
