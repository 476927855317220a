//! Updating the index: under the folder's lock, catch up with what another
//! vouch committed, rebuild a damaged index, index what changed on disk,
//! and fall back to an index in memory when the folder cannot be used.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Result, bail};
use rayon::prelude::*;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, Term};

use super::entity_file::{Piece, SourceEntities};
use super::manifest::{Manifest, Packed, SourcesBuilder};
use super::{
    Corpus, Progress, SourceInfo, UpdateStats, disk, entity_file, folder, index_settings, schema,
};
use crate::engine::corpus::{SourceFile, Warning};
use crate::engine::document::Document;
use crate::engine::entities::Registry;
use crate::engine::quotes::NamedEntity;
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
/// Sources analysed at once, in parallel; their entities then go to the
/// registry in order. Small enough that the cores wait little at the end of
/// a chunk, large enough that they wait rarely.
const CHUNK: usize = 512;
/// Chunks of entities the registry may lag behind the analysis.
const CHUNKS_AHEAD: usize = 8;

/// A source of an update: kept as the manifest has it, or to be read.
enum Item<'a> {
    Kept(Packed),
    /// The file, its manifest entry when it had one, and its id.
    Read(&'a SourceFile, Option<Packed>, u32),
}

impl Item<'_> {
    /// The source's key, the manifest's order.
    fn key(&self) -> String {
        match self {
            Item::Kept(p) => p.entry.key.clone(),
            Item::Read(file, _, _) => file.key(),
        }
    }
}

/// What became of a source.
enum Done {
    Kept(Packed),
    /// Read again and found the same: its sentences stay.
    Touched(Packed),
    /// Read and indexed anew: whether the manifest knew it, and the
    /// entities it names, stored and as read (None: nobody).
    Read(Packed, bool, Option<(Piece, Vec<NamedEntity>)>),
}

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
        let mut kept: Vec<Packed> = Vec::new();
        // Borrowed, not copied: at 150,000 sources a copy of every path is
        // tens of megabytes.
        let mut todo: Vec<(&SourceFile, Option<Packed>)> = Vec::new();
        for (file, s) in files.iter().zip(seen) {
            match s {
                Seen::Unchanged(i) => kept.push(olds[i].take().expect("each source once")),
                Seen::Changed(i) => todo.push((file, olds[i].take())),
                Seen::New => todo.push((file, None)),
            }
        }
        // What the manifest lists and the disk no longer has.
        let removed: Vec<u32> = olds.iter().flatten().map(|p| p.entry.id).collect();
        drop(olds);
        stats.unchanged = kept.len();
        stats.removed = removed.len();

        let writer: super::Writer = self.writer()?;
        for id in &removed {
            writer.delete_term(Term::from_field_u64(self.fields.source, u64::from(*id)));
        }
        let total_bytes: u64 = todo.iter().map(|(f, _)| f.size).sum();
        progress.start(todo.len() as u64, total_bytes);
        // New sources take ids in the order of the files, as they always did.
        let mut next_id = self.manifest.next_id;
        let jobs = todo.into_iter().map(|(f, old)| {
            let id = old.as_ref().map_or_else(
                || {
                    next_id += 1;
                    next_id - 1
                },
                |o| o.entry.id,
            );
            Item::Read(f, old, id)
        });
        // Every source in the order of its key, the order of the manifest
        // and of the registry's input: the sources come out of the analysis
        // in that order, a chunk at a time, so the registry is built while
        // the rest is analysed instead of after it, on one core.
        let mut items: Vec<Item> = kept.into_iter().map(Item::Kept).chain(jobs).collect();
        items.sort_by_cached_key(Item::key);
        // A source new to the index changes the registry: build it alongside.
        // When only changed files are read, they may turn out touched and not
        // changed, and the registry loaded from the folder then holds.
        let stream = reread || items.iter().any(|i| matches!(i, Item::Read(_, None, _)));
        let failures = Mutex::new(Vec::new());
        let max_file_bytes = self.spec.max_file_bytes;
        let fields = self.fields;
        // One source read anew: None when it cannot be read.
        let analyse = |file: &SourceFile, old: Option<Packed>, id: u32| -> Option<Done> {
            let source = match sources::read_sized(&file.abs, file.kind, max_file_bytes, file.size)
            {
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
                    return Some(Done::Touched(p));
                }
                old => old.is_some(),
            };
            if known {
                writer.delete_term(Term::from_field_u64(fields.source, u64::from(id)));
            }
            let key = file.key();
            let doc = Document::analyze(source.text, source.format);
            let indexed = super::add_document(&writer, &fields, id, &key, &doc);
            progress.advance(file.size);
            let meta = source.meta.or(super::document_metadata(&doc));
            drop(doc);
            let entities = (!indexed.entities.is_empty())
                .then(|| (Piece::encode(id, &indexed.entities), indexed.entities));
            let info = SourceInfo {
                id,
                key,
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
            Some(Done::Read(Packed::new(info), known, entities))
        };
        // The manifest's table, filled as the sources come out in order.
        let mut keep = SourcesBuilder::with_capacity(items.len());
        // The registry's builder runs on a thread of its own, fed the
        // entities decoded, a chunk at a time; the commit joins it beside
        // tantivy's last segments (`disk::commit`), not before them.
        type Decoded = Vec<(u32, Vec<NamedEntity>)>;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Decoded>(CHUNKS_AHEAD);
        let streamed =
            stream.then(|| std::thread::spawn(move || Registry::build(rx.into_iter().flatten())));
        let mut entities: SourceEntities = Vec::new();
        let mut items = items.into_iter();
        loop {
            let chunk: Vec<Item> = items.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            // One slot per source (None: unreadable), written into a
            // vector allocated once at its length.
            let done: Vec<Option<Done>> = chunk
                .into_par_iter()
                .map(|item| match item {
                    Item::Kept(p) => Some(Done::Kept(p)),
                    Item::Read(file, old, id) => analyse(file, old, id),
                })
                .collect();
            let mut decoded: Decoded = Vec::new();
            for d in done.into_iter().flatten() {
                let (p, read_anew) = match d {
                    Done::Kept(p) => (p, None),
                    Done::Touched(p) => {
                        stats.unchanged += 1;
                        (p, None)
                    }
                    Done::Read(p, known, entities) => {
                        stats.bytes_indexed += p.entry.size;
                        if known {
                            stats.changed += 1;
                        } else {
                            stats.added += 1;
                        }
                        (p, Some(entities))
                    }
                };
                let piece = match read_anew {
                    Some(read_anew) => read_anew.map(|(piece, named)| {
                        if streamed.is_some() {
                            decoded.push((piece.id, named));
                        }
                        piece
                    }),
                    None => old_entities.remove(&p.entry.id).inspect(|piece| {
                        if streamed.is_some() {
                            decoded.push((piece.id, piece.decode()));
                        }
                    }),
                };
                entities.extend(piece);
                keep.push(p);
            }
            if streamed.is_some() {
                // A builder that stopped has panicked: the commit's join says so.
                let _ = tx.send(decoded);
            }
        }
        drop(tx);
        progress.finish();
        for (warning, old) in failures.into_inner().expect("warnings lock") {
            // A file that was indexed and can no longer be read leaves the index.
            if let Some(id) = old {
                writer.delete_term(Term::from_field_u64(self.fields.source, u64::from(id)));
                stats.removed += 1;
            }
            warnings.push(warning);
        }
        drop(old_entities);
        let touched = stats.touched() > 0;
        // Only times changed: the registry of the same entities holds.
        let unchanged_registry = self.registry.take().filter(|_| !touched);
        let mut manifest = Manifest {
            next_id,
            sources: keep.finish(),
            ..Manifest::new()
        };
        let mut writer = writer;
        let dir = (!self.in_memory).then_some(self.dir.as_path());
        let registry = disk::commit(&mut writer, dir, &mut manifest, &entities, || {
            streamed
                .map(|builder| {
                    builder
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .or(unchanged_registry)
                .unwrap_or_else(|| entity_file::registry_of(&entities))
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
fn merge_if_worn(writer: &mut super::Writer) {
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
