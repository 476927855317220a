//! Updating the index: under the folder's lock, catch up with what another
//! vouch committed, rebuild a damaged index, index what changed on disk,
//! and fall back to an index in memory when the folder cannot be used.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Result, bail};
use rayon::prelude::*;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexWriter, Term};

use super::entity_file::Piece;
use super::manifest::{Manifest, Packed, Sources};
use super::{
    Corpus, Progress, SourceInfo, UpdateStats, disk, entity_file, folder, index_settings, schema,
};
use crate::engine::corpus::{SourceFile, Warning};
use crate::engine::document::Document;
use crate::engine::sources;

/// How long a run waits for another vouch that is indexing the same corpus
/// (`VOUCH_INDEX_WAIT`, in seconds, overrides it); past it, this run builds
/// its own index in memory.
fn lock_wait() -> Duration {
    let secs = std::env::var("VOUCH_INDEX_WAIT")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(600.0);
    Duration::from_secs_f64(secs)
}

/// Deleted sentences past this share of the index are merged away: they
/// take space and time, and tantivy's merges keep the segments few.
const MAX_DELETED_SHARE: f64 = 0.2;
/// More segments than this are merged into one.
const MAX_SEGMENTS: usize = 16;

impl Corpus {
    /// Brings the index up to date with `files`, holding the folder's lock.
    pub(super) fn update(
        &mut self,
        files: Vec<SourceFile>,
        progress: &dyn Progress,
        warnings: &mut Vec<Warning>,
    ) -> Result<UpdateStats> {
        if self.in_memory {
            return self.apply(&files, true, progress, warnings);
        }
        let dir = self.dir.clone();
        let lock = match folder::lock(&dir, lock_wait(), &mut || progress.waiting(&dir)) {
            Ok(lock) => lock,
            Err(e) => return self.fall_back(&format!("{e:#}"), &files, progress, warnings),
        };
        let writable = lock.as_ref().is_some_and(|l| l.writable);
        if let Err(e) = self.sync(writable, warnings) {
            return self.fall_back(&format!("{e:#}"), &files, progress, warnings);
        }
        let result = self.apply(&files, writable, progress, warnings);
        drop(lock);
        match result {
            Ok(stats) => Ok(stats),
            Err(e) => self.fall_back(&format!("{e:#}"), &files, progress, warnings),
        }
    }

    /// Loads the folder's index when it is not the one this corpus reflects
    /// (first use, or another vouch committed since), and rebuilds it when
    /// it is damaged.
    fn sync(&mut self, writable: bool, warnings: &mut Vec<Warning>) -> Result<()> {
        let on_disk = disk::current_token(&self.dir);
        if on_disk.is_some() && on_disk == self.synced {
            return Ok(());
        }
        let (schema, _) = schema::build();
        match disk::load(&self.dir, &schema, writable) {
            disk::Found::Index(index, reader, manifest) => {
                self.replace(index, reader, *manifest);
                Ok(())
            }
            disk::Found::Nothing => self.create(writable),
            disk::Found::Damaged(why) => {
                warnings.push(Warning {
                    path: self.dir.display().to_string(),
                    problem: format!("the index cannot be used ({why}); rebuilding it"),
                });
                self.create(writable)
            }
        }
    }

    /// Starts a new, empty index in the folder.
    fn create(&mut self, writable: bool) -> Result<()> {
        if !writable {
            bail!("it cannot be written and holds no usable index");
        }
        folder::clear(&self.dir)?;
        let (schema, _) = schema::build();
        let index = Index::create(MmapDirectory::open(&self.dir)?, schema, index_settings())?;
        let reader = disk::reader(&index)?;
        self.replace(index, reader, Manifest::new());
        Ok(())
    }

    /// Says why the folder cannot be used, and indexes in memory instead.
    fn fall_back(
        &mut self,
        why: &str,
        files: &[SourceFile],
        progress: &dyn Progress,
        warnings: &mut Vec<Warning>,
    ) -> Result<UpdateStats> {
        warnings.push(Warning {
            path: self.dir.display().to_string(),
            problem: format!("cannot use the index here ({why}); indexing in memory"),
        });
        let (index, reader) = super::memory_index()?;
        self.in_memory = true;
        self.replace(index, reader, Manifest::new());
        self.synced = None;
        self.apply(files, true, progress, warnings)
    }

    /// Brings the loaded index up to date with `files`: the diff with the
    /// manifest, the changed files analysed and indexed, one commit.
    fn apply(
        &mut self,
        files: &[SourceFile],
        writable: bool,
        progress: &dyn Progress,
        warnings: &mut Vec<Warning>,
    ) -> Result<UpdateStats> {
        let mut stats = UpdateStats::default();
        // Files whose size and time match the manifest are taken as unchanged;
        // the others are read, and their hash decides. The manifest's entries
        // move into the new one: nothing per source is copied.
        enum Seen {
            Unchanged(usize),
            Changed(usize),
            New,
        }
        let seen: Vec<Seen> = {
            let known = super::by_place(self.manifest.sources.entries());
            files
                .iter()
                .map(|file| match known.get(&(file.root, &*file.rel())) {
                    Some(&i) => {
                        let info = &self.manifest.sources.entries()[i];
                        if info.size == file.size && info.mtime_ns == file.mtime_ns {
                            Seen::Unchanged(i)
                        } else {
                            Seen::Changed(i)
                        }
                    }
                    None => Seen::New,
                })
                .collect()
        };
        let unchanged = seen
            .iter()
            .filter(|s| matches!(s, Seen::Unchanged(_)))
            .count();
        if unchanged == self.manifest.sources.len() && unchanged == files.len() {
            // Nothing added, changed or removed: the manifest stays as it is.
            stats.unchanged = unchanged;
            return Ok(stats);
        }
        if !writable {
            bail!("it cannot be written and is out of date");
        }
        // The entities of the sources that stay as they are, for the
        // registry of the commit. Should they be unreadable, every source
        // is read again rather than left without its names.
        let old_entities = match self.entities.take() {
            Some(known) => known,
            None => match self.synced {
                Some(token) => entity_file::load_sources(&self.dir, token),
                None => Some(Vec::new()),
            },
        };
        let reread = old_entities.is_none() && !self.manifest.sources.is_empty();
        let mut old_entities: HashMap<u32, Piece> = old_entities
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let seen: Vec<Seen> = if reread {
            seen.into_iter()
                .map(|s| match s {
                    Seen::Unchanged(i) => Seen::Changed(i),
                    s => s,
                })
                .collect()
        } else {
            seen
        };
        // Sources stay in their stored form throughout (see `Packed`).
        let mut olds: Vec<Option<Packed>> = std::mem::take(&mut self.manifest.sources)
            .into_packed()
            .into_iter()
            .map(Some)
            .collect();
        let mut keep: Vec<Packed> = Vec::with_capacity(files.len());
        // Borrowed, not copied: at 150,000 sources a copy of every path is
        // tens of megabytes.
        let mut todo: Vec<(&SourceFile, Option<Packed>)> = Vec::new();
        for (file, s) in files.iter().zip(seen) {
            match s {
                Seen::Unchanged(i) => keep.push(olds[i].take().expect("each source once")),
                Seen::Changed(i) => todo.push((file, olds[i].take())),
                Seen::New => todo.push((file, None)),
            }
        }
        // What the manifest lists and the disk no longer has.
        let removed: Vec<u32> = olds.iter().flatten().map(|p| p.entry.id).collect();
        drop(olds);
        stats.unchanged = keep.len();
        stats.removed = removed.len();

        let writer: IndexWriter = self.writer()?;
        for id in &removed {
            writer.delete_term(Term::from_field_u64(self.fields.source, u64::from(*id)));
        }
        let total_bytes: u64 = todo.iter().map(|(f, _)| f.size).sum();
        progress.start(todo.len() as u64, total_bytes);
        let mut next_id = self.manifest.next_id;
        let jobs: Vec<(&SourceFile, Option<Packed>, u32)> = todo
            .into_iter()
            .map(|(f, old)| {
                let id = old.as_ref().map_or_else(
                    || {
                        next_id += 1;
                        next_id - 1
                    },
                    |o| o.entry.id,
                );
                (f, old, id)
            })
            .collect();
        let failures = Mutex::new(Vec::new());
        let max_file_bytes = self.spec.max_file_bytes;
        let fields = self.fields;
        // Each source with whether it was indexed anew, and whether the
        // manifest knew it, and when it was read anew the entities it names
        // (None: nobody).
        type Done = (Packed, bool, bool, Option<Option<Piece>>);
        // One slot per job (None: unreadable), so that the results are
        // written into a vector allocated once at its length: a
        // `filter_map` collects into pieces joined at the end, the whole
        // list twice in memory at the cold build's peak.
        let results: Vec<Option<Done>> = jobs
            .into_par_iter()
            .map(|(file, old, id)| {
                let source =
                    match sources::read_sized(&file.abs, file.kind, max_file_bytes, file.size) {
                        Ok(t) => t,
                        Err(problem) => {
                            failures.lock().expect("warnings lock").push((
                                Warning {
                                    path: file.display().into_owned(),
                                    problem,
                                },
                                old.map(|o| o.entry.id),
                            ));
                            progress.advance(file.size);
                            return None;
                        }
                    };
                let hash = xxhash_rust::xxh3::xxh3_64(source.text.as_bytes());
                let known = match old {
                    Some(mut p) if p.entry.hash == hash && !reread => {
                        // Touched, not changed: keep its sentences.
                        progress.advance(file.size);
                        p.entry.size = file.size;
                        p.entry.mtime_ns = file.mtime_ns;
                        return Some((p, false, true, None));
                    }
                    old => old.is_some(),
                };
                if known {
                    writer.delete_term(Term::from_field_u64(fields.source, u64::from(id)));
                }
                let doc = Document::analyze(source.text, source.format);
                let indexed = super::add_document(&writer, &fields, id, &file.key(), &doc);
                progress.advance(file.size);
                let meta = source.meta.or(super::document_metadata(&doc));
                drop(doc);
                let entities =
                    (!indexed.entities.is_empty()).then(|| Piece::encode(id, &indexed.entities));
                let info = SourceInfo {
                    id,
                    key: file.key(),
                    display: file.display().into_owned(),
                    rel: file.rel().into_owned(),
                    size: file.size,
                    mtime_ns: file.mtime_ns,
                    hash,
                    kind: file.kind,
                    title: meta.title,
                    outlet: meta.outlet,
                    author: meta.author,
                    url: meta.url,
                    published: meta.published,
                    pages: source.pages,
                    sentences: indexed.sentences,
                    tokens: indexed.tokens,
                    names: indexed.names,
                    acronyms: indexed.acronyms,
                };
                Some((Packed::new(info), true, known, Some(entities)))
            })
            .collect();
        progress.finish();
        for (warning, old) in failures.into_inner().expect("warnings lock") {
            // A file that was indexed and can no longer be read leaves the index.
            if let Some(id) = old {
                writer.delete_term(Term::from_field_u64(self.fields.source, u64::from(id)));
                stats.removed += 1;
            }
            warnings.push(warning);
        }
        let mut fresh: HashMap<u32, Option<Piece>> = HashMap::new();
        for (p, reindexed, known, entities) in results.into_iter().flatten() {
            if let Some(entities) = entities {
                fresh.insert(p.entry.id, entities);
            }
            if reindexed {
                stats.bytes_indexed += p.entry.size;
                if known {
                    stats.changed += 1;
                } else {
                    stats.added += 1;
                }
            } else {
                stats.unchanged += 1;
            }
            keep.push(p);
        }
        keep.sort_by(|a, b| a.entry.key.cmp(&b.entry.key));
        let entities: entity_file::SourceEntities = keep
            .iter()
            .filter_map(|p| match fresh.remove(&p.entry.id) {
                Some(read_anew) => read_anew,
                None => old_entities.remove(&p.entry.id),
            })
            .collect();
        drop(old_entities);
        let touched = stats.touched() > 0;
        // Only times changed: the registry of the same entities holds.
        let unchanged_registry = self.registry.take().filter(|_| !touched);
        let mut manifest = Manifest {
            next_id,
            sources: Sources::from_packed(keep),
            ..Manifest::new()
        };
        let mut writer = writer;
        let dir = (!self.in_memory).then_some(self.dir.as_path());
        let registry = disk::commit(&mut writer, dir, &mut manifest, &entities, || {
            unchanged_registry.unwrap_or_else(|| entity_file::registry_of(&entities))
        })?;
        merge_if_worn(&mut writer);
        drop(writer);
        self.reader.reload()?;
        self.synced = dir.map(|_| manifest.commit);
        let generation = self.generation;
        self.manifest = manifest;
        self.changed();
        if !touched {
            // Only times changed: what was derived from the sources holds.
            self.generation = generation;
        }
        self.registry = std::sync::OnceLock::from(registry);
        self.entities = std::sync::OnceLock::from(Some(entities));
        Ok(stats)
    }
}

/// Merges the segments into one when deleted sentences or segments pile up.
/// The merge keeps the commit's payload, so the manifest still matches.
fn merge_if_worn(writer: &mut IndexWriter) {
    let Ok(metas) = writer.index().searchable_segment_metas() else {
        return;
    };
    let (docs, deleted) = metas.iter().fold((0u64, 0u64), |(d, x), m| {
        (
            d + u64::from(m.max_doc()),
            x + u64::from(m.num_deleted_docs()),
        )
    });
    let worn = docs > 0 && deleted as f64 / docs as f64 > MAX_DELETED_SHARE;
    if metas.len() < 2 || !(worn || metas.len() > MAX_SEGMENTS) {
        return;
    }
    let ids: Vec<_> = metas.iter().map(|m| m.id()).collect();
    // A failed merge leaves the index as committed: whole, only larger.
    let _ = writer.merge(&ids).wait();
}
