//! Merging the index's segments into one, apart from the checks.
//!
//! A build leaves a few segments (one per writer thread and memory budget:
//! six at 152,000 stories), and every search walks the posting lists of
//! each: at 152,000 stories one segment took a 2,000-word check from 0.31
//! to 0.21 s, with the same findings. The merge itself takes about half a
//! minute there, so nobody should wait for it: the server runs it when the
//! editor has been idle a moment after its first diagnostics, and
//! `vouch index --optimize` on demand.
//!
//! The merge runs on a thread of its own with a writer of its own on the
//! corpus's `Index`, not holding the corpus: checks go on reading the
//! segments they have, and see the merged one once [`Corpus::merged`]
//! reloads the reader. It keeps the commit's payload (tantivy saves the
//! previous one), so the manifest and entities still match the index.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Result, bail};
use tantivy::Index;

use super::{Corpus, disk, folder};

/// A merge of a corpus's segments, to run away from the corpus.
pub struct Merge {
    index: Index,
    dir: PathBuf,
    /// The commit whose segments are merged.
    token: u64,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    /// The segments are one now (there were this many).
    Done { segments: usize },
    /// Nothing was merged, and why: the folder was busy or read-only, or
    /// another vouch committed since, or there was one segment already.
    Skipped(&'static str),
}

/// The writer's heap: a merge adds no documents, so tantivy's least.
const MERGE_WRITER_MEMORY: usize = 15_000_000;

impl Corpus {
    /// How many segments the checks search.
    pub fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Whether merging would change how checks search: the index is split
    /// into segments none of which holds nine tenths of the sentences (a
    /// build's even segments, or many small updates). A large segment and
    /// a small update's beside it search about as fast as one, and merging
    /// them would rewrite the whole index for little.
    pub fn merge_would_help(&self) -> bool {
        let searcher = self.reader.searcher();
        let sizes = searcher
            .segment_readers()
            .iter()
            .map(|r| u64::from(r.max_doc()));
        let (total, largest) = sizes.fold((0, 0), |(t, l), n| (t + n, l.max(n)));
        searcher.segment_readers().len() > 1 && largest * 10 < total * 9
    }

    /// A merge of this corpus's segments into one, or None when there is
    /// nothing to merge: one segment, an index in memory, or an index not
    /// read from its folder.
    pub fn merge_job(&self) -> Option<Merge> {
        if self.in_memory || self.segments() < 2 {
            return None;
        }
        Some(Merge {
            index: self.index.clone(),
            dir: self.dir.clone(),
            token: self.synced?,
        })
    }

    /// Makes a finished merge the one the next checks search. Nothing the
    /// checks derive from the index changes (the same live sentences, the
    /// same statistics), so the generation stays: cached results hold.
    pub fn merged(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }
}

impl Merge {
    /// Merges the segments, holding the index folder's lock; another vouch
    /// using the folder right now means no merge (it would wait for us
    /// otherwise: a merge is not worth a wait).
    pub fn run(self) -> Result<Merged> {
        let lock = match folder::lock(&self.dir, Duration::ZERO, &mut || {}) {
            Ok(Some(lock)) if lock.writable => lock,
            Ok(_) => return Ok(Merged::Skipped("the index folder cannot be written")),
            Err(_) => return Ok(Merged::Skipped("another vouch is using the index")),
        };
        if disk::current_token(&self.dir) != Some(self.token) {
            return Ok(Merged::Skipped("the index changed since it was read"));
        }
        // In the order the searcher has them: the merged segment stacks
        // them, so sentences keep their order (and ties their winner).
        let ids = self.index.searchable_segment_ids()?;
        if ids.len() < 2 {
            return Ok(Merged::Skipped("the index has one segment"));
        }
        let mut writer: tantivy::IndexWriter =
            self.index.writer_with_num_threads(1, MERGE_WRITER_MEMORY)?;
        writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        writer.merge(&ids).wait()?;
        // Waits for the merge's end (the new meta.json and the old files
        // removed) before the lock goes.
        writer.wait_merging_threads()?;
        let metas = self.index.load_metas()?;
        if metas.payload.as_deref() != self.index_payload().as_deref() {
            bail!("the merge lost the commit's payload");
        }
        // The merged files are new: checked now, once, so that the next
        // start does not read the whole index against its checksums.
        if let Some(why) = disk::verify(&self.index, &self.dir, &metas, self.token, true) {
            bail!("the merged index fails its check: {why}");
        }
        drop(lock);
        Ok(Merged::Done {
            segments: ids.len(),
        })
    }

    fn index_payload(&self) -> Option<String> {
        Some(disk::payload(self.token))
    }
}
