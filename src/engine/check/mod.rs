//! Checking a draft: every claim against the corpus, into findings.

mod context;
mod figures;

use std::collections::HashSet;

use super::document::Document;
use super::findings::{Code, Report};
use super::index::{Corpus, View};
use super::text::Format;

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Codes turned off.
    pub disabled: HashSet<Code>,
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
    let view = View::new(corpus);
    let (mut findings, mut claims) = figures::check(&view, doc);
    findings
        .retain(|f| !options.disabled.contains(&f.code) && !ignored(doc, f.code, f.range.start));
    findings.sort_by_key(|a| (a.range.start, a.code));
    claims.sort_by_key(|c| c.range.start);
    Report { findings, claims }
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
