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

/// The entities each source names, by source id, in source order, each
/// kept as it is stored (postcard of `(id, entities)`): a few hundred bytes
/// a source instead of a few kilobytes of strings, so that indexing 150,000
/// sources does not hold them all decoded. The section of the file is the
/// postcard of the whole list: its length, then the pieces one after another.
pub type SourceEntities = Vec<Piece>;

/// One source's entities, encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub id: u32,
    bytes: Box<[u8]>,
}

impl Piece {
    pub fn encode(id: u32, entities: &[NamedEntity]) -> Piece {
        let bytes = postcard::to_allocvec(&(id, entities)).expect("entities serialize");
        Piece {
            id,
            bytes: bytes.into_boxed_slice(),
        }
    }

    /// The entities; none when the bytes do not decode (damage that kept
    /// the file's length).
    pub fn decode(&self) -> Vec<NamedEntity> {
        postcard::from_bytes::<(u32, Vec<NamedEntity>)>(&self.bytes)
            .map(|(_, e)| e)
            .unwrap_or_default()
    }
}

/// The registry of `sources`, decoding one source at a time.
pub fn registry_of(sources: &[Piece]) -> Registry {
    Registry::build(sources.iter().map(|p| (p.id, p.decode())))
}

/// The pieces of a stored list of sources' entities, checked to decode.
fn split(bytes: &[u8]) -> Option<SourceEntities> {
    let (count, mut rest) = postcard::take_from_bytes::<usize>(bytes).ok()?;
    let mut out = Vec::with_capacity(count.min(rest.len()));
    for _ in 0..count {
        let (entities, after) = postcard::take_from_bytes::<(u32, Vec<NamedEntity>)>(rest).ok()?;
        let used = rest.len() - after.len();
        out.push(Piece {
            id: entities.0,
            bytes: rest[..used].into(),
        });
        rest = after;
    }
    rest.is_empty().then_some(out)
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

/// The registry of the commit `token`, read where it is stored: the file
/// is mapped, and a check decodes only the entities it looks up.
pub fn load_registry(dir: &Path, token: u64) -> Option<Registry> {
    let (file, len) = open(dir, token)?;
    let end = 16usize.checked_add(usize::try_from(len).ok()?)?;
    Registry::open(map(&file)?, 16..end)
}

/// The whole file, mapped (read, on systems without mappings).
#[cfg(unix)]
fn map(file: &std::fs::File) -> Option<crate::engine::entities::Store> {
    // SAFETY: the mapping is read only, and vouch never writes an entities
    // file in place: `save_next` writes a new file (`side_file::write_next`
    // unlinks the old one first) and `promote` renames it over the old one,
    // so the file behind this mapping keeps its bytes while it is mapped.
    let map = unsafe { memmap2::Mmap::map(file) }.ok()?;
    Some(Box::new(map))
}

#[cfg(not(unix))]
fn map(file: &std::fs::File) -> Option<crate::engine::entities::Store> {
    let mut bytes = Vec::new();
    let mut file = file;
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_end(&mut bytes).ok()?;
    Some(Box::new(bytes))
}

/// The entities each source of the commit `token` names.
pub fn load_sources(dir: &Path, token: u64) -> Option<SourceEntities> {
    let (mut file, len) = open(dir, token)?;
    file.seek(SeekFrom::Current(i64::try_from(len).ok()?))
        .ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    split(&bytes)
}

/// Writes the entities of the commit `token`, about to be made (`NEXT_FILE`).
pub fn save_next(
    dir: &Path,
    token: u64,
    registry: &Registry,
    sources: &SourceEntities,
) -> Result<()> {
    side_file::write_next(&dir.join(NEXT_FILE), |f| {
        let registry = registry.bytes();
        let count = postcard::to_allocvec(&sources.len()).map_err(std::io::Error::other)?;
        f.write_all(&token.to_le_bytes())?;
        f.write_all(&(registry.len() as u64).to_le_bytes())?;
        f.write_all(registry)?;
        f.write_all(&count)?;
        for piece in sources {
            f.write_all(&piece.bytes)?;
        }
        Ok(())
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
        let decoded = vec![
            (1u32, vec![person("Dmitri Peskov")]),
            (2, vec![person("Dmitry Peskov"), person("Joe Biden")]),
        ];
        let sources: SourceEntities = decoded
            .iter()
            .map(|(id, e)| Piece::encode(*id, e))
            .collect();
        let registry = registry_of(&sources);
        save_next(dir.path(), 7, &registry, &sources).unwrap();
        // Before it is promoted, the next file is the commit's.
        assert!(present(dir.path(), 7));
        promote(dir.path()).unwrap();
        assert!(present(dir.path(), 7));
        assert!(!present(dir.path(), 8), "another commit's");
        assert!(load_registry(dir.path(), 8).is_none());
        let back = load_registry(dir.path(), 7).unwrap();
        assert_eq!(back.bytes(), registry.bytes());
        assert_eq!(back.len(), registry.len());
        assert_eq!(back.len(), 2, "the two Peskovs are one");
        assert!(back.same_person("Dmitry Peskov", "Dmitri Peskov"));
        let back = load_sources(dir.path(), 7).unwrap();
        assert_eq!(back, sources);
        assert_eq!(back[1].decode(), decoded[1].1);
        // The pieces, one after another, are the postcard of the whole list.
        let bytes = std::fs::read(dir.path().join(FILE)).unwrap();
        let len = u64::from_le_bytes(bytes[8..16].try_into().unwrap()) as usize;
        let whole: Vec<(u32, Vec<NamedEntity>)> = postcard::from_bytes(&bytes[16 + len..]).unwrap();
        assert_eq!(whole, decoded);
        // A list cut short is not read.
        std::fs::write(dir.path().join(FILE), &bytes[..bytes.len() - 2]).unwrap();
        assert!(load_sources(dir.path(), 7).is_none());
    }
}
