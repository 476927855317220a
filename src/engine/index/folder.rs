//! The index folder on disk: vouch's mark on it, and the only files vouch
//! ever removes there.
//!
//! The folder may be one the user named (`--index-dir`), so vouch never
//! assumes it owns what it finds: it writes only into a folder that is new,
//! empty, or marked as vouch's, and when it clears its own folder it removes
//! only the files it knows it wrote, by name.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::manifest;

/// The marker: names vouch and the index format.
pub const MARKER: &str = "vouch-index.json";

/// Files vouch writes beside tantivy's (the marker is never removed).
const VOUCH_FILES: &[&str] = &[
    manifest::FILE,
    manifest::NEXT_FILE,
    super::REGISTRY_FILE,
    super::REGISTRY_TMP,
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
    let mut entries = std::fs::read_dir(dir)
        .with_context(|| format!("index folder {}: cannot be read", dir.display()))?;
    if entries.next().is_some() && !is_legacy(dir) {
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
    let Ok(bytes) = std::fs::read(dir.join(manifest::FILE)) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .is_some_and(|v| v.get("format").is_some() && v.get("next_id").is_some())
}

fn mark(dir: &Path) -> Result<()> {
    let marker = serde_json::json!({
        "tool": "vouch",
        "format": manifest::FORMAT,
        "about": "A vouch corpus index. vouch removes only the files it wrote here; deleting this folder is safe.",
    });
    std::fs::write(dir.join(MARKER), serde_json::to_vec_pretty(&marker)?)
        .with_context(|| format!("index folder {}: cannot be written", dir.display()))
}

/// Whether vouch or tantivy wrote a file of this name in an index folder.
pub fn is_index_file(name: &str) -> bool {
    if VOUCH_FILES.contains(&name) || TANTIVY_FILES.contains(&name) {
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
