//! Results of earlier checks, kept per block so that an edit re-checks only
//! the block it touched. A block's results depend only on its own text and
//! kind and on the corpus, so they are keyed by those.

use std::collections::HashMap;
use std::ops::Range;

use xxhash_rust::xxh3::Xxh3;

use crate::engine::document::Document;
use crate::engine::findings::{Claim, Finding, Report};
use crate::engine::index::Corpus;

/// One block's findings and claims, with ranges relative to the block.
#[derive(Debug, Clone, Default)]
struct BlockResult {
    findings: Vec<Finding>,
    claims: Vec<Claim>,
}

#[derive(Debug, Default)]
pub struct BlockCache {
    generation: Option<u64>,
    blocks: HashMap<u64, BlockResult>,
    /// Keys of the document's blocks in the last check, in order.
    keys: Vec<u64>,
    hits: usize,
}

impl BlockCache {
    /// How many blocks the last check took from the cache.
    pub fn hits(&self) -> usize {
        self.hits
    }

    /// Marks the blocks that must be checked again; forgets everything when
    /// the corpus changed.
    pub(super) fn stale_blocks(&mut self, corpus: &Corpus, doc: &Document) -> Vec<bool> {
        if self.generation != Some(corpus.generation()) {
            self.blocks.clear();
            self.generation = Some(corpus.generation());
        }
        self.keys = doc
            .prose
            .blocks
            .iter()
            .map(|b| {
                key(
                    doc,
                    b.range.clone(),
                    b.kind as u8 | (u8::from(b.quoted) << 7),
                )
            })
            .collect();
        let stale: Vec<bool> = self
            .keys
            .iter()
            .map(|k| !self.blocks.contains_key(k))
            .collect();
        self.hits = stale.iter().filter(|s| !**s).count();
        stale
    }

    /// The whole document's report: the fresh results of the stale blocks,
    /// and the cached results of the rest. Blocks the document no longer has
    /// are dropped, so the cache never outgrows the document.
    pub(super) fn merge(&mut self, doc: &Document, stale: &[bool], fresh: Report) -> Report {
        let blocks = &doc.prose.blocks;
        let mut by_block: Vec<BlockResult> = vec![BlockResult::default(); blocks.len()];
        let block_of = |at: usize| {
            blocks
                .partition_point(|b| b.range.end <= at)
                .min(blocks.len().saturating_sub(1))
        };
        for mut f in fresh.findings {
            let b = block_of(f.range.start);
            f.range = shift_down(&f.range, blocks[b].range.start);
            by_block[b].findings.push(f);
        }
        for mut c in fresh.claims {
            let b = block_of(c.range.start);
            c.range = shift_down(&c.range, blocks[b].range.start);
            by_block[b].claims.push(c);
        }
        let mut report = Report::default();
        let mut kept = HashMap::with_capacity(blocks.len());
        for (b, block) in blocks.iter().enumerate() {
            let k = self.keys[b];
            let result = if stale[b] {
                std::mem::take(&mut by_block[b])
            } else {
                self.blocks
                    .remove(&k)
                    .or_else(|| kept.get(&k).cloned())
                    .unwrap_or_default()
            };
            let start = block.range.start;
            report
                .findings
                .extend(result.findings.iter().cloned().map(|mut f| {
                    f.range = f.range.start + start..f.range.end + start;
                    f
                }));
            report
                .claims
                .extend(result.claims.iter().cloned().map(|mut c| {
                    c.range = c.range.start + start..c.range.end + start;
                    c
                }));
            kept.insert(k, result);
        }
        self.blocks = kept;
        report
    }
}

fn shift_down(r: &Range<usize>, by: usize) -> Range<usize> {
    r.start - by..r.end - by
}

fn key(doc: &Document, range: Range<usize>, kind: u8) -> u64 {
    let mut h = Xxh3::new();
    h.update(&[kind]);
    h.update(doc.prose.text[range].as_bytes());
    h.digest()
}
