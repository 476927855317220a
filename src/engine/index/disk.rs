//! An index folder's contents: reading them whole or finding them damaged,
//! and committing an update so that the index and its manifest always agree.
//!
//! Each commit carries a token as tantivy's commit payload (in `meta.json`,
//! written atomically), and the manifest of that commit carries the same
//! token. The manifest is written (`NEXT_FILE`) before the commit and moved
//! in place after it, so a failure at any step leaves either the old index
//! with its manifest, or the new one with its manifest: never an index whose
//! manifest lists other sources (which would add a file's sentences twice).

use std::path::Path;

use anyhow::Result;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::schema::Schema;
use tantivy::{Index, IndexReader, ReloadPolicy};

use super::entity_file::{self, SourceEntities};
use super::manifest::Manifest;
use crate::engine::entities::Registry;

/// The files of a segment, by extension (the deletes come apart).
const SEGMENT_FILES: &[&str] = &["idx", "pos", "term", "store", "fast", "fieldnorm"];

/// What an index folder holds.
pub enum Found {
    /// A whole index, a reader on it, and the manifest of its last commit.
    Index(Index, IndexReader, Box<Manifest>),
    /// No index yet, or one written by another version of vouch.
    Nothing,
    /// An index that cannot be used as it is: what is wrong, in a few words.
    Damaged(String),
}

/// The token of the last commit in `dir`, None when there is none (or it
/// cannot be read): cheap, it reads `meta.json` only.
pub fn current_token(dir: &Path) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Meta {
        payload: Option<String>,
    }
    let bytes = std::fs::read(dir.join("meta.json")).ok()?;
    let meta: Meta = serde_json::from_slice(&bytes).ok()?;
    parse_payload(meta.payload.as_deref()?)
}

/// Reads the index in `dir` and checks it: every file of every segment is
/// there and matches its checksum, and the manifest is the one of the
/// index's last commit. A panic inside tantivy on damaged data is caught
/// here and reported as damage.
pub fn load(dir: &Path, schema: &Schema, writable: bool) -> Found {
    if !dir.join("meta.json").exists() {
        return Found::Nothing;
    }
    if Manifest::outdated(dir) {
        return Found::Nothing;
    }
    std::panic::catch_unwind(|| load_checked(dir, schema, writable)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("unknown");
        Found::Damaged(format!("reading it failed: {}", one_line(why)))
    })
}

fn load_checked(dir: &Path, schema: &Schema, writable: bool) -> Found {
    let opened = if writable {
        Index::open_in_dir(dir)
    } else {
        MmapDirectory::open(dir)
            .map_err(tantivy::TantivyError::from)
            .and_then(|d| Index::open(Unlocked(d)))
    };
    let index = match opened {
        Ok(index) => index,
        Err(e) => return Found::Damaged(one_line(&e.to_string())),
    };
    if index.schema() != *schema {
        return Found::Nothing;
    }
    let metas = match index.load_metas() {
        Ok(m) => m,
        Err(e) => return Found::Damaged(one_line(&e.to_string())),
    };
    let Some(token) = metas.payload.as_deref().and_then(parse_payload) else {
        // Created, never committed by vouch: a first build that was
        // interrupted (or found the disk full). Nothing was lost: built
        // again, without a word.
        return Found::Nothing;
    };
    let Some(manifest) = Manifest::load(dir, token) else {
        return Found::Damaged("its manifest is missing or belongs to another commit".into());
    };
    if !entity_file::present(dir, token) {
        return Found::Damaged("its entities are missing or belong to another commit".into());
    }
    if let Some(why) = verify(&index, dir, &metas, token, writable) {
        return Found::Damaged(why);
    }
    match reader(&index) {
        Ok(reader) => Found::Index(index, reader, Box::new(manifest)),
        Err(e) => Found::Damaged(one_line(&e.to_string())),
    }
}

/// What is wrong with the files of the commit `metas` describes, if
/// anything. Checksums read the files whole: each file once, not on every
/// start. A stamp of the files found whole (name, size, time and inode
/// change time) is saved when `writable`, and a file in it that has not
/// changed since is not read again: after an update that adds a segment,
/// only that segment's files are. Damage that keeps a file's size and times
/// (a bit flipped on disk) shows later, as a failed search: see `damage`.
pub fn verify(
    index: &Index,
    dir: &Path,
    metas: &tantivy::IndexMeta,
    token: u64,
    writable: bool,
) -> Option<String> {
    verify_files(index, dir, metas, token, writable).err()
}

/// [`verify`], saying which files it read against their checksums.
fn verify_files(
    index: &Index,
    dir: &Path,
    metas: &tantivy::IndexMeta,
    token: u64,
    writable: bool,
) -> Result<Vec<std::path::PathBuf>, String> {
    let paths = segment_paths(metas);
    let mut stamp = Verified {
        commit: token,
        files: Vec::new(),
    };
    for path in &paths {
        let Ok(meta) = std::fs::metadata(dir.join(path)) else {
            return Err(format!("{} is missing", path.display()));
        };
        stamp.files.push((
            path.display().to_string(),
            meta.len(),
            meta.modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as u64),
            changed_ns(&meta),
        ));
    }
    let verified = Verified::load(dir);
    if verified.as_ref() == Some(&stamp) {
        return Ok(Vec::new());
    }
    // Without an inode change time (not Unix) a file is always read again.
    let known: std::collections::HashSet<&(String, u64, u64, u64)> = verified
        .iter()
        .flat_map(|v| &v.files)
        .filter(|f| f.3 != 0)
        .collect();
    let unverified: Vec<std::path::PathBuf> = paths
        .iter()
        .zip(&stamp.files)
        .filter(|(_, f)| !known.contains(f))
        .map(|(p, _)| p.clone())
        .collect();
    if let Some(why) = checksums(index, &unverified) {
        return Err(why);
    }
    if writable {
        stamp.save(dir);
    }
    Ok(unverified)
}

/// Every file of every segment of the commit, the deletes included.
fn segment_paths(metas: &tantivy::IndexMeta) -> Vec<std::path::PathBuf> {
    let mut paths = Vec::new();
    for segment in &metas.segments {
        paths.extend(SEGMENT_FILES.iter().map(|ext| {
            segment.relative_path(tantivy::index::SegmentComponent::Custom(ext.to_string()))
        }));
        if segment.has_deletes() {
            paths.push(segment.relative_path(tantivy::index::SegmentComponent::Delete));
        }
    }
    paths
}

/// What is wrong with the files' checksums, if anything.
fn checksums(index: &Index, paths: &[std::path::PathBuf]) -> Option<String> {
    for path in paths {
        let name = path.display();
        match index.directory().validate_checksum(path) {
            Ok(true) => {}
            Ok(false) => return Some(format!("{name} fails its checksum")),
            Err(OpenReadError::FileDoesNotExist(_)) => return Some(format!("{name} is missing")),
            Err(_) => return Some(format!("{name} is truncated or unreadable")),
        }
    }
    None
}

/// Reads the whole index in `dir` against its checksums, whatever an
/// earlier run found: for when using it failed. What is wrong, if anything;
/// a damaged index also loses its verified stamp, so that the next opening
/// finds the damage and rebuilds.
pub fn damage(dir: &Path) -> Option<String> {
    let found = std::panic::catch_unwind(|| {
        let index = MmapDirectory::open(dir)
            .map_err(tantivy::TantivyError::from)
            .and_then(|d| Index::open(Unlocked(d)));
        let index = match index {
            Ok(index) => index,
            Err(e) => return Some(one_line(&e.to_string())),
        };
        match index.load_metas() {
            Ok(metas) => checksums(&index, &segment_paths(&metas)),
            Err(e) => Some(one_line(&e.to_string())),
        }
    })
    .unwrap_or_else(|_| Some("reading it failed".into()));
    if found.is_some() {
        let _ = std::fs::remove_file(dir.join(VERIFIED_FILE));
    }
    found
}

/// The index files whose checksums were found right, for one commit: by
/// name, size, time and inode change time (which no one can set back, so
/// a file written into since, whatever its time says, is checked again).
#[derive(Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Verified {
    commit: u64,
    files: Vec<(String, u64, u64, u64)>,
}

#[cfg(unix)]
fn changed_ns(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime() as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(meta.ctime_nsec() as u64)
}

#[cfg(not(unix))]
fn changed_ns(_meta: &std::fs::Metadata) -> u64 {
    0
}

pub const VERIFIED_FILE: &str = "vouch-verified.json";
pub const VERIFIED_TMP: &str = "vouch-verified.json.tmp";

impl Verified {
    fn load(dir: &Path) -> Option<Verified> {
        serde_json::from_slice(&std::fs::read(dir.join(VERIFIED_FILE)).ok()?).ok()
    }

    /// Failing to save costs only the next start a check.
    fn save(&self, dir: &Path) {
        let Ok(bytes) = serde_json::to_vec(self) else {
            return;
        };
        let tmp = dir.join(VERIFIED_TMP);
        if std::fs::write(&tmp, bytes).is_ok() {
            let _ = std::fs::rename(&tmp, dir.join(VERIFIED_FILE));
        }
    }
}

/// A folder opened to be read only. tantivy takes a lock file to open a
/// reader, which a read-only folder cannot hold; vouch's own lock (or the
/// folder being read-only to everyone) already keeps writers away.
#[derive(Debug, Clone)]
struct Unlocked(MmapDirectory);

impl Directory for Unlocked {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> Result<std::sync::Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }
    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }
    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }
    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }
    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }
    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }
    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }
    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(callback)
    }
}

/// A reader that sees the index as of its last commit until reloaded.
pub fn reader(index: &Index) -> tantivy::Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .doc_store_cache_num_blocks(256)
        .try_into()
}

/// Commits the writer's changes with `manifest` (whose token it sets) and
/// the corpus's entities, and gives the registry `registry` builds of them.
/// `dir` is None for an index in memory.
///
/// The registry is built and the manifest and entities written in a thread
/// of their own while the writer's threads write their last segments
/// (`prepare_commit`): they used to follow one another, a serial tail that
/// left a core idle at the end of every cold index.
pub fn commit(
    writer: &mut super::Writer,
    dir: Option<&Path>,
    manifest: &mut Manifest,
    sources: &SourceEntities,
    registry: impl FnOnce() -> Registry + Send,
) -> Result<Registry> {
    manifest.commit = new_token();
    let token = manifest.commit;
    let manifest = &*manifest;
    let registry = std::thread::scope(|s| -> Result<Registry> {
        let beside = s.spawn(move || -> Result<Registry> {
            let registry = registry();
            if let Some(dir) = dir {
                manifest.save_next(dir)?;
                entity_file::save_next(dir, token, &registry, sources)?;
            }
            Ok(registry)
        });
        let prepared = writer.prepare_commit();
        let registry = beside
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let mut prepared = prepared?;
        let registry = match registry {
            Ok(registry) => registry,
            Err(e) => {
                // No commit without its manifest and entities.
                let _ = prepared.abort();
                return Err(e);
            }
        };
        prepared.set_payload(&payload(token));
        prepared.commit()?;
        Ok(registry)
    })?;
    if let Some(dir) = dir {
        // Should this fail, the next opening finds the files where they are.
        let _ = Manifest::promote(dir);
        let _ = entity_file::promote(dir);
    }
    Ok(registry)
}

const PAYLOAD_PREFIX: &str = "vouch commit ";

pub(super) fn payload(token: u64) -> String {
    format!("{PAYLOAD_PREFIX}{token:016x}")
}

fn parse_payload(payload: &str) -> Option<u64> {
    u64::from_str_radix(payload.strip_prefix(PAYLOAD_PREFIX)?, 16).ok()
}

/// A token no other commit has: the time, the process and a counter.
fn new_token() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&nanos.to_le_bytes());
    h.update(&std::process::id().to_le_bytes());
    h.update(&COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    h.digest().max(1)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_files_an_update_added_are_read_against_their_checksums() {
        use crate::engine::corpus::CorpusSpec;
        use crate::engine::index::{Corpus, OpenOptions, Silent};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        let index_dir = dir.path().join("index");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join("a.txt"), "A\n\nThe fund lent 40 mln dlrs.\n").unwrap();
        let spec = CorpusSpec {
            roots: vec![root.clone()],
            ..CorpusSpec::default()
        };
        let options = OpenOptions {
            index_dir: Some(index_dir.clone()),
        };
        // Built, then opened again: every file read once and stamped.
        drop(Corpus::open(&spec, &options, &Silent).unwrap());
        drop(Corpus::open(&spec, &options, &Silent).unwrap());
        let stamped = Verified::load(&index_dir).expect("stamped");
        // An update adds a segment (and the next opening has not read it).
        std::fs::write(root.join("b.txt"), "B\n\nThe city borrowed 12 mln dlrs.\n").unwrap();
        drop(Corpus::open(&spec, &options, &Silent).unwrap());
        let index = Index::open_in_dir(&index_dir).unwrap();
        let metas = index.load_metas().unwrap();
        let token = metas.payload.as_deref().and_then(parse_payload).unwrap();
        let all = segment_paths(&metas);
        let read = verify_files(&index, &index_dir, &metas, token, true).unwrap();
        assert!(
            !read.is_empty() && read.len() < all.len(),
            "{read:?} of {all:?}"
        );
        for path in &read {
            let name = path.display().to_string();
            assert!(
                !stamped.files.iter().any(|f| f.0 == name),
                "{name} read again"
            );
        }
        // Stamped now: nothing is read at the next opening.
        let again = verify_files(&index, &index_dir, &metas, token, true).unwrap();
        assert!(again.is_empty(), "{again:?}");
        // A file written since it was stamped is read again.
        let first = index_dir.join(&all[0]);
        let bytes = std::fs::read(&first).unwrap();
        std::fs::write(&first, &bytes).unwrap();
        let rewritten = verify_files(&index, &index_dir, &metas, token, true).unwrap();
        assert_eq!(rewritten, vec![all[0].clone()]);
    }

    #[test]
    fn payload_round_trips() {
        let t = new_token();
        assert_ne!(t, 0);
        assert_ne!(t, new_token());
        assert_eq!(parse_payload(&payload(t)), Some(t));
        assert_eq!(parse_payload("something else"), None);
    }
}
