//! The index folder on disk: vouch's mark on it, and the only files vouch
//! ever removes there.
//!
//! The folder may be one the user named (`--index-dir`), so vouch never
//! assumes it owns what it finds: it writes only into a folder that is new,
//! empty, or marked as vouch's, and when it clears its own folder it removes
//! only the files it knows it wrote, by name.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use super::manifest;

/// The marker: names vouch and the index format.
pub const MARKER: &str = "vouch-index.json";

/// Held (an advisory lock, released when the process ends, however it ends)
/// while one vouch reads or writes the index, so that two runs never write
/// at once and none reads a half-made update.
pub const LOCK: &str = "vouch.lock";

/// Files vouch writes beside tantivy's (the marker is never removed).
const VOUCH_FILES: &[&str] = &[
    manifest::FILE,
    manifest::NEXT_FILE,
    manifest::LEGACY_FILE,
    super::entity_file::FILE,
    super::entity_file::NEXT_FILE,
    super::REGISTRY_FILE,
    super::REGISTRY_TMP,
    super::disk::VERIFIED_FILE,
    super::disk::VERIFIED_TMP,
    super::walk_file::FILE,
    super::walk_file::TMP,
];

/// tantivy's files outside its segments.
const TANTIVY_FILES: &[&str] = &[
    "meta.json",
    ".managed.json",
    ".tantivy-writer.lock",
    ".tantivy-meta.lock",
];

/// The extensions of a tantivy segment's files (`<uuid>.<ext>`), except
/// the deletes, which are `<uuid>.<opstamp>.del`.
const SEGMENT_EXTENSIONS: &[&str] = &[
    "idx",
    "pos",
    "term",
    "store",
    "store.temp",
    "fast",
    "fieldnorm",
];

/// A non-empty folder that is not vouch's index: vouch will not write there.
#[derive(Debug)]
pub struct ForeignFolder(pub PathBuf);

impl std::fmt::Display for ForeignFolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "index folder {} is not empty and holds no vouch index: vouch will not write there (give --index-dir a new or empty folder)",
            self.0.display()
        )
    }
}

impl std::error::Error for ForeignFolder {}

/// Makes `dir` vouch's index folder: creates and marks it when it is absent
/// or empty, accepts it when it carries vouch's mark, and refuses any other
/// folder with a [`ForeignFolder`] error, touching nothing in it.
pub fn claim(dir: &Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(ForeignFolder(dir.to_path_buf()).into());
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("index folder {}: cannot be created", dir.display()))?;
        }
        Err(e) => {
            return Err(e)
                .with_context(|| format!("index folder {}: cannot be read", dir.display()));
        }
    }
    if is_marked(dir) {
        return Ok(());
    }
    let entries: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("index folder {}: cannot be read", dir.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    // Empty, or being claimed by another vouch at this very moment.
    let unclaimed = entries.iter().all(|n| is_marker_temp(n) || n == MARKER);
    if !unclaimed && !is_marked(dir) && !is_legacy(dir) {
        return Err(ForeignFolder(dir.to_path_buf()).into());
    }
    mark(dir)
}

/// Whether `dir` carries vouch's marker.
pub fn is_marked(dir: &Path) -> bool {
    let Ok(bytes) = std::fs::read(dir.join(MARKER)) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("tool").and_then(|t| t.as_str().map(|t| t == "vouch")))
        .unwrap_or(false)
}

/// A folder written by a vouch from before the marker: it holds vouch's
/// manifest. It is marked and then treated as vouch's.
fn is_legacy(dir: &Path) -> bool {
    let Ok(bytes) = std::fs::read(dir.join(manifest::LEGACY_FILE)) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .is_some_and(|v| v.get("format").is_some() && v.get("next_id").is_some())
}

/// A marker being written (`vouch-index.json.<pid>.tmp`).
fn is_marker_temp(name: &str) -> bool {
    name.strip_prefix(MARKER)
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes the marker atomically: another vouch claiming the same folder at
/// the same time sees no marker, or a whole one, or only markers being
/// written (which it takes as vouch's).
fn mark(dir: &Path) -> Result<()> {
    let marker = serde_json::json!({
        "tool": "vouch",
        "format": manifest::FORMAT,
        "about": "A vouch corpus index. vouch removes only the files it wrote here; deleting this folder is safe.",
    });
    let tmp = dir.join(format!("{MARKER}.{}.tmp", std::process::id()));
    let written = std::fs::write(&tmp, serde_json::to_vec_pretty(&marker)?)
        .and_then(|()| std::fs::rename(&tmp, dir.join(MARKER)));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
        // Another vouch that claimed the folder first may have cleared it
        // while this one was marking it, our temporary marker with the rest:
        // its marker is as good as ours.
        if is_marked(dir) {
            return Ok(());
        }
    }
    written.with_context(|| format!("index folder {}: cannot be written", dir.display()))
}

/// Whether vouch or tantivy wrote a file of this name in an index folder.
pub fn is_index_file(name: &str) -> bool {
    if VOUCH_FILES.contains(&name) || TANTIVY_FILES.contains(&name) || is_marker_temp(name) {
        return true;
    }
    let Some((stem, ext)) = name.split_once('.') else {
        return false;
    };
    let uuid = stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit());
    uuid && (SEGMENT_EXTENSIONS.contains(&ext)
        || ext
            .strip_suffix(".del")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}

/// Removes the index files vouch and tantivy wrote in a marked folder, and
/// nothing else: not the marker, not the lock, not a file someone put there.
pub fn clear(dir: &Path) -> Result<()> {
    if !is_marked(dir) {
        return Err(ForeignFolder(dir.to_path_buf()).into());
    }
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("index folder {}: cannot be read", dir.display()))?
        .flatten()
    {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !is_index_file(name) || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("index folder {}: cannot remove {name}", dir.display())
                });
            }
        }
    }
    Ok(())
}

/// The index folder's lock, held until dropped.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
    /// Whether this process may write in the folder.
    pub writable: bool,
}

/// Takes the folder's lock, waiting at most `wait` for another vouch that
/// holds it (indexing the same corpus); `waiting` is called once, when the
/// wait has lasted a second. None when the folder cannot be written and has no lock
/// file: nobody writes there, and the index is only read.
pub fn lock(dir: &Path, wait: Duration, waiting: &mut dyn FnMut()) -> Result<Option<Lock>> {
    let path = dir.join(LOCK);
    let (file, writable) = match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(f) => (f, true),
        Err(e) if read_only(&e) => match std::fs::File::open(&path) {
            // A folder read-only to us may still be written by its owner:
            // wait for them like anyone.
            Ok(f) => (f, false),
            Err(_) => return Ok(None),
        },
        Err(e) => {
            return Err(e).with_context(|| format!("index folder {}: cannot lock", dir.display()));
        }
    };
    let start = Instant::now();
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => {
                return Ok(Some(Lock {
                    _file: file,
                    writable,
                }));
            }
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e)
                    .with_context(|| format!("index folder {}: cannot lock", dir.display()));
            }
        }
        // A run that only reads holds the lock for milliseconds: say
        // nothing unless the wait is long enough to be noticed.
        if !told && start.elapsed() >= Duration::from_secs(1) {
            waiting();
            told = true;
        }
        if start.elapsed() >= wait {
            bail!("another vouch has been using it for {} s", wait.as_secs());
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Takes the folder's lock only if it is free at once.
pub fn try_lock(dir: &Path) -> Option<Lock> {
    let file = std::fs::File::open(dir.join(LOCK)).ok()?;
    file.try_lock().ok()?;
    Some(Lock {
        _file: file,
        writable: false,
    })
}

/// Whether an I/O error says the file system refuses writes.
pub fn read_only(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_files_are_known_by_name() {
        for name in [
            "meta.json",
            ".managed.json",
            ".tantivy-writer.lock",
            "vouch-manifest.json",
            "vouch-registry.bin",
            "0123456789abcdef0123456789abcdef.idx",
            "0123456789abcdef0123456789abcdef.store.temp",
            "0123456789abcdef0123456789abcdef.12.del",
        ] {
            assert!(is_index_file(name), "{name}");
        }
        for name in [
            MARKER,
            "draft.md",
            "notes.txt",
            "meta.json.bak",
            "0123456789abcdef0123456789abcde.idx",
            "0123456789abcdef0123456789abcdef.md",
            "0123456789abcdef0123456789abcdef.x.del",
            "0123456789abcdef0123456789abcdef..del",
        ] {
            assert!(!is_index_file(name), "{name}");
        }
    }

    #[test]
    fn a_foreign_folder_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("draft.md"), "mine").unwrap();
        std::fs::write(dir.path().join("meta.json"), "{}").unwrap();
        let err = claim(dir.path()).unwrap_err();
        assert!(err.downcast_ref::<ForeignFolder>().is_some(), "{err:#}");
        assert!(clear(dir.path()).is_err());
        assert!(dir.path().join("draft.md").is_file());
        assert!(dir.path().join("meta.json").is_file());
        assert!(!dir.path().join(MARKER).exists());
    }

    #[test]
    fn an_empty_or_new_folder_is_claimed_and_cleared_of_index_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("new");
        claim(&index).unwrap();
        assert!(is_marked(&index));
        claim(&index).unwrap();
        std::fs::write(index.join("meta.json"), "{}").unwrap();
        std::fs::write(index.join("0123456789abcdef0123456789abcdef.term"), "x").unwrap();
        std::fs::write(index.join("notes.txt"), "mine").unwrap();
        clear(&index).unwrap();
        assert!(!index.join("meta.json").exists());
        assert!(!index.join("0123456789abcdef0123456789abcdef.term").exists());
        assert!(index.join("notes.txt").is_file());
        assert!(is_marked(&index));
    }

    #[test]
    fn a_file_is_not_an_index_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("draft.md");
        std::fs::write(&file, "mine").unwrap();
        assert!(claim(&file).is_err());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    }
}
