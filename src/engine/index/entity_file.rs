//! The corpus's people, organisations and places on disk, stored once:
//! the names each source gives (what the registry is built from when a
//! source changes) and the registry built from them (what a check reads).
//!
//! The file is written with each commit, like the manifest (`NEXT_FILE`
//! before the commit, moved in place after it), and carries the commit's
//! token, so the entities always belong to the index beside them. The
//! registry comes first, behind its length: a check reads it alone, and
//! the sources' names only when an update rebuilds the registry.
//!
//! Layout: commit token (u64 LE), registry length (u64 LE), the registry
//! (postcard), the sources' entities (postcard).

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use anyhow::{Context, Result};

use super::side_file;
use crate::engine::entities::Registry;
use crate::engine::quotes::NamedEntity;

pub const FILE: &str = "vouch-entities.bin";
/// The entities of a commit being made; `FILE` once the commit is done.
pub const NEXT_FILE: &str = "vouch-entities.next.bin";

/// The entities each source names, by source id, in source order.
pub type SourceEntities = Vec<(u32, Vec<NamedEntity>)>;

/// The registry of `sources`.
pub fn registry_of(sources: &[(u32, Vec<NamedEntity>)]) -> Registry {
    Registry::build(sources.iter().map(|(id, e)| (*id, e.as_slice())))
}

/// The file of the commit `token` in `dir`, positioned after its head, with
/// the registry's length.
fn open(dir: &Path, token: u64) -> Option<(std::fs::File, u64)> {
    [FILE, NEXT_FILE].into_iter().find_map(|name| {
        let mut file = std::fs::File::open(dir.join(name)).ok()?;
        let mut head = [0u8; 16];
        file.read_exact(&mut head).ok()?;
        let commit = u64::from_le_bytes(head[..8].try_into().ok()?);
        let len = u64::from_le_bytes(head[8..].try_into().ok()?);
        (commit == token).then_some((file, len))
    })
}

/// Whether `dir` holds the entities of the commit `token` (reads 16 bytes).
pub fn present(dir: &Path, token: u64) -> bool {
    open(dir, token).is_some()
}

/// The registry of the commit `token`.
pub fn load_registry(dir: &Path, token: u64) -> Option<Registry> {
    let (file, len) = open(dir, token)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).ok()?);
    file.take(len).read_to_end(&mut bytes).ok()?;
    postcard::from_bytes(&bytes).ok()
}

/// The entities each source of the commit `token` names.
pub fn load_sources(dir: &Path, token: u64) -> Option<SourceEntities> {
    let (mut file, len) = open(dir, token)?;
    file.seek(SeekFrom::Current(i64::try_from(len).ok()?))
        .ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    postcard::from_bytes(&bytes).ok()
}

/// Writes the entities of the commit `token`, about to be made (`NEXT_FILE`).
pub fn save_next(
    dir: &Path,
    token: u64,
    registry: &Registry,
    sources: &SourceEntities,
) -> Result<()> {
    side_file::write_next(&dir.join(NEXT_FILE), |f| {
        let registry = postcard::to_allocvec(registry).map_err(std::io::Error::other)?;
        let sources = postcard::to_allocvec(sources).map_err(std::io::Error::other)?;
        f.write_all(&token.to_le_bytes())?;
        f.write_all(&(registry.len() as u64).to_le_bytes())?;
        f.write_all(&registry)?;
        f.write_all(&sources)
    })
    .with_context(|| format!("index {}: cannot write its entities", dir.display()))
}

/// Makes the entities of the commit just made the entities (a rename).
/// Should it fail, `NEXT_FILE` is found instead.
pub fn promote(dir: &Path) -> Result<()> {
    side_file::promote(dir, NEXT_FILE, FILE)
        .with_context(|| format!("index {}: cannot write its entities", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::findings::EntityKind;

    #[test]
    fn the_registry_is_read_alone_and_the_sources_names_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let person = |name: &str| NamedEntity {
            name: name.into(),
            kind: EntityKind::Person,
            role: None,
            forms: vec![name.into()],
            mentions: 1,
        };
        let sources: SourceEntities = vec![
            (1, vec![person("Dmitri Peskov")]),
            (2, vec![person("Dmitry Peskov"), person("Joe Biden")]),
        ];
        let registry = registry_of(&sources);
        save_next(dir.path(), 7, &registry, &sources).unwrap();
        // Before it is promoted, the next file is the commit's.
        assert!(present(dir.path(), 7));
        promote(dir.path()).unwrap();
        assert!(present(dir.path(), 7));
        assert!(!present(dir.path(), 8), "another commit's");
        assert!(load_registry(dir.path(), 8).is_none());
        let back = load_registry(dir.path(), 7).unwrap();
        assert_eq!(back.entities, registry.entities);
        assert!(back.same_person("Dmitry Peskov", "Dmitri Peskov"));
        assert_eq!(load_sources(dir.path(), 7).unwrap(), sources);
    }
}
