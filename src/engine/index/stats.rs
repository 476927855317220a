//! Term statistics over the live sentences only.
//!
//! tantivy keeps a deleted sentence in its segment's statistics (document
//! frequencies, document and token counts) until a merge, and a merge
//! only estimates the token count. An index updated in place would then
//! score sentences differently from one built fresh over the same files.
//! These statistics count live sentences alone, so both agree.

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, Term};

use super::Corpus;

/// In how many live sentences of the searcher's index `term` occurs.
pub fn live_doc_freq(searcher: &Searcher, term: &Term) -> u64 {
    let mut n = 0u64;
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(term.field()) else {
            continue;
        };
        match segment.alive_bitset() {
            None => n += u64::from(inverted.doc_freq(term).unwrap_or(0)),
            Some(alive) => {
                if let Ok(Some(mut postings)) =
                    inverted.read_postings(term, IndexRecordOption::Basic)
                {
                    n += u64::from(postings.count(alive));
                }
            }
        }
    }
    n
}

/// BM25's statistics for one view of the corpus.
pub struct Live<'a> {
    pub corpus: &'a Corpus,
    pub searcher: &'a Searcher,
}

impl Bm25StatisticsProvider for Live<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if field == self.corpus.fields.terms {
            return Ok(self.corpus.tokens);
        }
        Bm25StatisticsProvider::total_num_tokens(self.searcher, field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.searcher.num_docs())
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if term.field() == self.corpus.fields.terms
            && let Some(text) = term.value().as_str()
        {
            return Ok(self.corpus.doc_freq(self.searcher, text));
        }
        Ok(live_doc_freq(self.searcher, term))
    }
}

/// BM25's constants, as tantivy has them.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// The BM25 score of each hit for a bag of weighted terms of `field`,
/// summed in f64 in the bag's order. tantivy sums a query's terms in the
/// order its scorers happen to stand in, which depends on where documents
/// sit in the index: the same document can score a few units in the last
/// place apart in two indexes of the same files, enough to swap two
/// near-equal sentences. These scores are the same in every layout.
pub fn exact_scores(
    live: &Live<'_>,
    field: Field,
    terms: &[(Term, f32)],
    hits: &[tantivy::DocAddress],
) -> Vec<f64> {
    use tantivy::fieldnorm::FieldNormReader;
    use tantivy::postings::Postings;

    let docs = live.total_num_docs().unwrap_or(0).max(1) as f64;
    let average = (live.total_num_tokens(field).unwrap_or(0) as f64 / docs).max(1.0);
    let weights: Vec<f64> = terms
        .iter()
        .map(|(term, boost)| {
            let df = live.doc_freq(term).unwrap_or(0) as f64;
            let idf = (1.0 + (docs - df + 0.5) / (df + 0.5)).ln();
            f64::from(*boost) * idf * (K1 + 1.0)
        })
        .collect();
    // Each hit's term frequencies, read segment by segment in document order.
    let mut parts = vec![vec![0.0f64; terms.len()]; hits.len()];
    let mut by_segment: Vec<usize> = (0..hits.len()).collect();
    by_segment.sort_by_key(|&i| (hits[i].segment_ord, hits[i].doc_id));
    for group in by_segment.chunk_by(|&a, &b| hits[a].segment_ord == hits[b].segment_ord) {
        let segment = live.searcher.segment_reader(hits[group[0]].segment_ord);
        let Ok(norms) = segment.get_fieldnorms_reader(field) else {
            continue;
        };
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        for (t, (term, _)) in terms.iter().enumerate() {
            let Ok(Some(mut postings)) = inverted.read_postings(term, IndexRecordOption::WithFreqs)
            else {
                continue;
            };
            for &i in group {
                let doc = hits[i].doc_id;
                if postings.doc() > doc || postings.seek(doc) != doc {
                    continue;
                }
                let tf = f64::from(postings.term_freq());
                let length = f64::from(FieldNormReader::id_to_fieldnorm(norms.fieldnorm_id(doc)));
                parts[i][t] = weights[t] * tf / (tf + K1 * (1.0 - B + B * length / average));
            }
        }
    }
    parts.iter().map(|p| p.iter().sum()).collect()
}
