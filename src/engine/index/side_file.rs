//! How an index's side files (the manifest, the entities) change with a
//! commit: the next version is written whole and synced beside the current
//! one before the commit, then moved in place by a rename (atomic) after it.
//! A failure at either step leaves the current file as it was.

use std::fs::File;
use std::io::{BufWriter, Result};
use std::path::Path;

/// Writes `path` through `write`, synced to disk; a file half written is
/// removed, so an opening never finds it.
pub fn write_next(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
) -> Result<()> {
    // A new file, never the old one rewritten in place: a vouch may have
    // the old one mapped (the manifest is read through a mapping).
    let _ = std::fs::remove_file(path);
    let written = (|| {
        let mut file = BufWriter::new(File::create(path)?);
        write(&mut file)?;
        file.into_inner().map_err(|e| e.into_error())?.sync_data()
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

/// Makes the file written for the commit just made the current one.
pub fn promote(dir: &Path, next: &str, current: &str) -> Result<()> {
    std::fs::rename(dir.join(next), dir.join(current))
}
