//! What the persisted index holds: which files, at which size, time and hash.
//! Compared with the files on disk, it says what to re-index.
//!
//! It is stored in postcard (compact binary, read several times faster
//! than JSON: at 19k sources, 6 MB instead of 17 MB), its head first, so
//! that telling an outdated manifest reads a few bytes, not the whole file.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::side_file;

/// Bump when the analysis or the schema changes: older indexes are rebuilt.
pub const FORMAT: u32 = 22;
pub const FILE: &str = "vouch-manifest.bin";
/// The manifest of a commit being made, written before the commit; it
/// becomes `FILE` once the commit is done.
pub const NEXT_FILE: &str = "vouch-manifest.next.bin";
/// The manifest of the vouch before this format (JSON): its folder is
/// vouch's, and its index is rebuilt.
pub const LEGACY_FILE: &str = "vouch-manifest.json";
/// What a manifest's head takes at most: two integers and a version.
const HEAD_BYTES: u64 = 128;

/// What read the sources: this version, the figure grammar's, the
/// attribution reader's, and how it reads numeric dates (`vouch.toml`'s
/// `[figures] date-order`), which changes their figures.
fn engine_id() -> String {
    format!(
        "{}+g{}+a{}+{}",
        env!("CARGO_PKG_VERSION"),
        crate::engine::figures::GRAMMAR,
        crate::engine::quotes::ATTRIBUTION,
        crate::engine::figures::date_order().as_str()
    )
}

/// The manifest's first fields, in the order they are stored.
#[derive(Debug, Deserialize)]
struct Head {
    format: u32,
    engine: String,
    commit: u64,
}

impl Head {
    fn current(&self) -> bool {
        self.format == FORMAT && self.engine == engine_id()
    }
}

/// The manifest of a commit: its head, and its sources, read lazily.
#[derive(Debug, Default)]
pub struct Manifest {
    pub format: u32,
    pub engine: String,
    /// The tantivy commit this manifest describes: the same token is the
    /// commit's payload, so an index and a manifest that do not belong
    /// together are told apart (0: not committed yet).
    pub commit: u64,
    pub next_id: u32,
    pub sources: Sources,
}

/// A source in the index, with what the checker shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub id: u32,
    pub key: String,
    /// The path as the user would write it.
    pub display: String,
    /// Relative to its corpus folder.
    pub rel: String,
    pub size: u64,
    pub mtime_ns: u64,
    pub hash: u64,
    /// The file's format.
    pub kind: crate::engine::sources::Kind,
    pub title: Option<String>,
    /// The publication or sender.
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// Byte offsets where each page starts in the text read (PDF).
    pub pages: Vec<u32>,
    pub sentences: u32,
    /// Terms the source's sentences hold: the corpus's term count for BM25,
    /// without the deleted sentences tantivy still counts.
    pub tokens: u64,
    /// The names the source mentions most (stemmed terms of capitalized
    /// words inside sentences): what the story is about, to tell two
    /// accounts of one story from two stories told in the same words.
    pub names: Vec<String>,
    /// Acronyms the source defines ("demilitarized zone (DMZ)").
    pub acronyms: Vec<crate::engine::text::acronyms::Acronym>,
    // The people, organisations and places the source names are stored
    // once, with the registry built from them (`entity_file`).
}

/// What opening the corpus reads of every source: enough to tell what
/// changed on disk, to count, and to know the corpus's acronyms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: u32,
    pub key: String,
    pub size: u64,
    pub mtime_ns: u64,
    pub hash: u64,
    pub sentences: u32,
    pub tokens: u64,
    pub acronyms: Vec<crate::engine::text::acronyms::Acronym>,
}

/// The rest of a source's information, decoded when a check shows it.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    rel: String,
    kind: crate::engine::sources::Kind,
    title: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    url: Option<String>,
    published: Option<String>,
    pages: Vec<u32>,
    names: Vec<String>,
}

/// The sources of a manifest, sorted by key: a table of entries read at
/// once, and each source's record, decoded the first time it is asked for.
/// A warm start thus reads a few numbers and strings per source, and a check
/// decodes only the sources its evidence comes from.
#[derive(Debug, Default)]
pub struct Sources {
    entries: Vec<Entry>,
    /// The records, one after another, from `base` in `bytes`.
    bytes: Bytes,
    base: usize,
    /// Where each record starts and the last ends, relative to `base`.
    offsets: Vec<u32>,
    decoded: Vec<std::sync::OnceLock<Box<SourceInfo>>>,
    /// The corpus folders as the user writes them: a source's path as
    /// shown is made from its root's and its relative path when it is
    /// decoded, not stored once per source.
    roots: Vec<ShownRoot>,
}

/// A corpus folder as the user writes it (`corpus`, `./corpus/`,
/// `/home/me/story`), or a single file given as the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRoot {
    pub path: std::path::PathBuf,
    pub is_file: bool,
}

/// Sources added one at a time, in their order: `Sources::from_packed` of
/// them all, without holding every source's packed form until the last is
/// known (at 150,000 sources those forms and the table made of them at the
/// end were both alive at the cold build's peak of memory).
pub struct SourcesBuilder {
    entries: Vec<Entry>,
    bytes: Vec<u8>,
    offsets: Vec<u32>,
}

impl SourcesBuilder {
    /// For about `n` sources.
    pub fn with_capacity(n: usize) -> Self {
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        SourcesBuilder {
            entries: Vec::with_capacity(n),
            bytes: Vec::new(),
            offsets,
        }
    }

    pub fn push(&mut self, p: Packed) {
        self.bytes.extend_from_slice(&p.record);
        self.offsets.push(self.bytes.len() as u32);
        self.entries.push(p.entry);
    }

    pub fn finish(self) -> Sources {
        let SourcesBuilder {
            entries,
            bytes,
            offsets,
        } = self;
        let decoded = entries.iter().map(|_| std::sync::OnceLock::new()).collect();
        Sources {
            entries,
            bytes: Bytes::Owned(bytes),
            base: 0,
            offsets,
            decoded,
            roots: Vec::new(),
        }
    }
}

/// A source as the manifest stores it: its entry, and its record encoded.
/// Indexing keeps each source in this form (a few hundred bytes, not the
/// kilobytes of its strings) until the manifest is written.
#[derive(Debug, Clone)]
pub struct Packed {
    pub entry: Entry,
    record: Box<[u8]>,
}

impl Packed {
    pub fn new(info: SourceInfo) -> Packed {
        let record = Record {
            rel: info.rel,
            kind: info.kind,
            title: info.title,
            outlet: info.outlet,
            author: info.author,
            url: info.url,
            published: info.published,
            pages: info.pages,
            names: info.names,
        };
        let record = postcard::to_allocvec(&record).expect("a record serializes");
        Packed {
            entry: Entry {
                id: info.id,
                key: info.key,
                size: info.size,
                mtime_ns: info.mtime_ns,
                hash: info.hash,
                sentences: info.sentences,
                tokens: info.tokens,
                acronyms: info.acronyms,
            },
            record: record.into_boxed_slice(),
        }
    }
}

impl Sources {
    /// The sources of `infos`, in their order.
    pub fn from_vec(infos: Vec<SourceInfo>) -> Sources {
        Sources::from_packed(infos.into_iter().map(Packed::new).collect())
    }

    /// The sources of `packed`, in their order.
    pub fn from_packed(packed: Vec<Packed>) -> Sources {
        let mut sources = SourcesBuilder::with_capacity(packed.len());
        for p in packed {
            sources.push(p);
        }
        sources.finish()
    }

    /// Every source as stored, none decoded: for an update, which writes
    /// the manifest again.
    pub fn into_packed(self) -> Vec<Packed> {
        let Sources {
            entries,
            bytes,
            base,
            offsets,
            ..
        } = self;
        entries
            .into_iter()
            .enumerate()
            .map(|(i, entry)| Packed {
                entry,
                record: bytes[base + offsets[i] as usize..base + offsets[i + 1] as usize].into(),
            })
            .collect()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The `i`th source, decoded on first use.
    pub fn get(&self, i: usize) -> &SourceInfo {
        self.decoded[i].get_or_init(|| Box::new(self.decode(i)))
    }

    fn decode(&self, i: usize) -> SourceInfo {
        let e = &self.entries[i];
        let at = self.base + self.offsets[i] as usize..self.base + self.offsets[i + 1] as usize;
        // A record that does not decode (damage inside the file, its
        // length kept) leaves the source with its path and numbers only.
        let r: Record = postcard::from_bytes(&self.bytes[at]).unwrap_or_else(|_| Record {
            rel: e.key.clone(),
            kind: Default::default(),
            title: None,
            outlet: None,
            author: None,
            url: None,
            published: None,
            pages: Vec::new(),
            names: Vec::new(),
        });
        SourceInfo {
            id: e.id,
            key: e.key.clone(),
            display: self.display(&e.key),
            rel: r.rel,
            size: e.size,
            mtime_ns: e.mtime_ns,
            hash: e.hash,
            kind: r.kind,
            title: r.title,
            outlet: r.outlet,
            author: r.author,
            url: r.url,
            published: r.published,
            pages: r.pages,
            sentences: e.sentences,
            tokens: e.tokens,
            names: r.names,
            acronyms: e.acronyms.clone(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &SourceInfo> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The corpus folders as the user now writes them: the paths shown
    /// for the sources follow (those decoded already are decoded again).
    pub fn set_roots(&mut self, roots: Vec<ShownRoot>) {
        if self.roots != roots {
            self.roots = roots;
            for d in &mut self.decoded {
                d.take();
            }
        }
    }

    /// The path of the source `key` ("root number:relative path") as the
    /// user writes it: its root as given joined with the relative path, as
    /// `corpus::SourceFile::display` makes it from the file found.
    fn display(&self, key: &str) -> String {
        let (root, rel) = split_key(key);
        match root.and_then(|r| self.roots.get(r)) {
            Some(r) if r.is_file => crate::engine::corpus::slashes(&r.path).into_owned(),
            Some(r) => crate::engine::corpus::slashes(&r.path.join(rel)).into_owned(),
            None => rel.to_string(),
        }
    }
}

/// A source key's root number and path relative to that root.
pub fn split_key(key: &str) -> (Option<usize>, &str) {
    match key.split_once(':') {
        Some((root, rel)) => (root.parse().ok(), rel),
        None => (None, key),
    }
}

/// A manifest's bytes: mapped from its file (the records a check never
/// shows are never read, nor copied into memory), or built in memory. The
/// files are never written in place: a new manifest is a new file, renamed
/// over the old one, so a mapping always sees the file it opened.
#[derive(Debug)]
enum Bytes {
    Owned(Vec<u8>),
    #[cfg(unix)]
    Mapped(memmap2::Mmap),
}

impl Default for Bytes {
    fn default() -> Self {
        Bytes::Owned(Vec::new())
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            #[cfg(unix)]
            Bytes::Mapped(m) => m,
        }
    }
}

impl Bytes {
    #[cfg(unix)]
    fn read(path: &Path) -> Option<Bytes> {
        let file = std::fs::File::open(path).ok()?;
        // SAFETY: the mapping is read only, and vouch never writes a
        // manifest in place: `save_next` writes a new file and `promote`
        // renames it over the old one, so the file behind this mapping keeps
        // its bytes for as long as it is mapped.
        let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        Some(Bytes::Mapped(map))
    }

    #[cfg(not(unix))]
    fn read(path: &Path) -> Option<Bytes> {
        std::fs::read(path).ok().map(Bytes::Owned)
    }
}

/// The table read at once: after the head, before the records.
#[derive(Serialize)]
struct TableOut<'a> {
    next_id: u32,
    entries: &'a [Entry],
    offsets: &'a [u32],
}

/// The table as read: the fields of `TableOut`, in its order.
struct TableIn {
    next_id: u32,
    entries: Vec<Entry>,
    offsets: Vec<u32>,
}

impl TableIn {
    /// The table at the start of `bytes`, and the bytes after it. Each list
    /// is read into a vector of its length (serde's reading of a sequence
    /// grows it by doubling from a capped guess: at 150,000 sources, copies
    /// of tens of megabytes of fresh memory at every start).
    fn take(bytes: &[u8]) -> Option<(TableIn, &[u8])> {
        let (next_id, rest) = postcard::take_from_bytes::<u32>(bytes).ok()?;
        let (entries, rest) = take_list::<Entry>(rest)?;
        let (offsets, rest) = take_list::<u32>(rest)?;
        let table = TableIn {
            next_id,
            entries,
            offsets,
        };
        Some((table, rest))
    }
}

/// A list as postcard stores a sequence: its length, then its items.
fn take_list<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<(Vec<T>, &[u8])> {
    let (len, mut rest) = postcard::take_from_bytes::<usize>(bytes).ok()?;
    // A length the bytes cannot hold is damage: no room is made for it.
    let mut out = Vec::with_capacity(len.min(rest.len()));
    for _ in 0..len {
        let (item, after) = postcard::take_from_bytes::<T>(rest).ok()?;
        out.push(item);
        rest = after;
    }
    Some((out, rest))
}

impl Manifest {
    pub fn new() -> Self {
        Manifest {
            format: FORMAT,
            engine: engine_id(),
            next_id: 0,
            commit: 0,
            sources: Sources::default(),
        }
    }

    /// Whether a manifest in `dir` was written by another format or version
    /// of vouch (its index is to be rebuilt, not reported as damaged). It
    /// reads the head only.
    pub fn outdated(dir: &Path) -> bool {
        let Ok(file) = std::fs::File::open(dir.join(FILE)) else {
            return dir.join(LEGACY_FILE).exists();
        };
        let mut head = Vec::new();
        if file.take(HEAD_BYTES).read_to_end(&mut head).is_err() {
            return false;
        }
        postcard::take_from_bytes::<Head>(&head).is_ok_and(|(h, _)| !h.current())
    }

    /// The manifest in `dir` of the commit `token`: the manifest file, or the
    /// one written for a commit whose manifest was not moved in place.
    pub fn load(dir: &Path, token: u64) -> Option<Manifest> {
        [FILE, NEXT_FILE].into_iter().find_map(|name| {
            let bytes = Bytes::read(&dir.join(name))?;
            let (head, rest) = postcard::take_from_bytes::<Head>(&bytes).ok()?;
            if !head.current() || head.commit != token {
                return None;
            }
            let (table, records) = TableIn::take(rest)?;
            let whole = table.offsets.len() == table.entries.len() + 1
                && table.offsets.first() == Some(&0)
                && table.offsets.windows(2).all(|w| w[0] <= w[1])
                && table.offsets.last().map(|&l| l as usize) == Some(records.len());
            if !whole {
                return None;
            }
            let base = bytes.len() - records.len();
            let decoded = table
                .entries
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect();
            Some(Manifest {
                format: head.format,
                engine: head.engine,
                commit: head.commit,
                next_id: table.next_id,
                sources: Sources {
                    entries: table.entries,
                    bytes,
                    base,
                    offsets: table.offsets,
                    decoded,
                    roots: Vec::new(),
                },
            })
        })
    }

    /// The head and the table, encoded; the records follow them as they are.
    fn head_and_table(&self) -> postcard::Result<Vec<u8>> {
        let head = (self.format, &self.engine, self.commit);
        let bytes = postcard::to_allocvec(&head)?;
        let table = TableOut {
            next_id: self.next_id,
            entries: &self.sources.entries,
            offsets: &self.sources.offsets,
        };
        postcard::to_extend(&table, bytes)
    }

    /// The records, as they are held.
    fn records(&self) -> &[u8] {
        let s = &self.sources;
        let end = s.base + s.offsets.last().copied().unwrap_or(0) as usize;
        &s.bytes[s.base..end]
    }

    /// Writes the manifest of a commit about to be made (`NEXT_FILE`). The
    /// records are written from where they are held, not copied first.
    pub fn save_next(&self, dir: &Path) -> Result<()> {
        let table = self
            .head_and_table()
            .with_context(|| format!("index {}: cannot encode manifest", dir.display()))?;
        side_file::write_next(&dir.join(NEXT_FILE), |f| {
            use std::io::Write;
            f.write_all(&table)?;
            f.write_all(self.records())
        })
        .with_context(|| format!("index {}: cannot write manifest", dir.display()))
    }

    /// Makes the manifest of the commit just made the manifest (a rename:
    /// atomic). Should it fail, opening the index finds `NEXT_FILE` instead.
    pub fn promote(dir: &Path) -> Result<()> {
        side_file::promote(dir, NEXT_FILE, FILE)
            .with_context(|| format!("index {}: cannot write manifest", dir.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_is_read_from_the_first_bytes_and_the_rest_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::new();
        m.commit = 42;
        m.next_id = 2;
        let a = SourceInfo {
            id: 1,
            key: "0:a.txt".into(),
            display: "corpus/a.txt".into(),
            rel: "a.txt".into(),
            size: 10,
            mtime_ns: 7,
            hash: 9,
            kind: Default::default(),
            title: Some("A".into()),
            outlet: None,
            author: None,
            url: None,
            published: None,
            pages: vec![],
            sentences: 3,
            tokens: 30,
            names: vec!["acme".into()],
            acronyms: vec![],
        };
        let b = SourceInfo {
            id: 0,
            key: "0:b.pdf".into(),
            display: "corpus/b.pdf".into(),
            rel: "b.pdf".into(),
            kind: crate::engine::sources::Kind::Pdf,
            outlet: Some("Reuters".into()),
            pages: vec![0, 120],
            ..a.clone()
        };
        m.sources = Sources::from_vec(vec![a.clone(), b.clone()]);
        m.save_next(dir.path()).unwrap();
        Manifest::promote(dir.path()).unwrap();
        assert!(!Manifest::outdated(dir.path()));
        assert!(Manifest::load(dir.path(), 41).is_none(), "another commit's");
        let mut back = Manifest::load(dir.path(), 42).unwrap();
        back.sources.set_roots(vec![ShownRoot {
            path: "corpus".into(),
            is_file: false,
        }]);
        // Each source is decoded on demand, in any order, as it was.
        assert_eq!(back.sources.len(), 2);
        assert_eq!(back.sources.get(1), &b);
        assert_eq!(back.sources.get(0), &a);
        assert_eq!(back.sources.entries()[1].key, "0:b.pdf");
        assert_eq!((back.next_id, back.commit), (2, 42));
        // The paths shown follow the folder as the user now writes it, and
        // a single file given as the corpus is shown as given.
        let mut again = back;
        again.sources.set_roots(vec![ShownRoot {
            path: "./elsewhere/".into(),
            is_file: false,
        }]);
        assert_eq!(again.sources.get(0).display, "./elsewhere/a.txt");
        again.sources.set_roots(vec![ShownRoot {
            path: "notes/b.pdf".into(),
            is_file: true,
        }]);
        assert_eq!(again.sources.get(1).display, "notes/b.pdf");
        // Saved again untouched, it reads the same; decoded whole too.
        again.save_next(dir.path()).unwrap();
        Manifest::promote(dir.path()).unwrap();
        let packed = Manifest::load(dir.path(), 42)
            .unwrap()
            .sources
            .into_packed();
        // Moved out as stored and back, each source reads as it was.
        let mut again = Sources::from_packed(packed);
        again.set_roots(vec![ShownRoot {
            path: "corpus".into(),
            is_file: false,
        }]);
        assert_eq!(again.get(1), &b);
        assert_eq!(again.get(0), &a);
        // A manifest cut short is not read.
        let bytes = std::fs::read(dir.path().join(FILE)).unwrap();
        std::fs::write(dir.path().join(FILE), &bytes[..bytes.len() - 3]).unwrap();
        assert!(Manifest::load(dir.path(), 42).is_none());
        // Another format's manifest is outdated, and so is a JSON one.
        m.format = FORMAT + 1;
        m.save_next(dir.path()).unwrap();
        Manifest::promote(dir.path()).unwrap();
        assert!(Manifest::outdated(dir.path()));
        assert!(Manifest::load(dir.path(), 42).is_none());
        std::fs::remove_file(dir.path().join(FILE)).unwrap();
        assert!(!Manifest::outdated(dir.path()), "no manifest at all");
        std::fs::write(dir.path().join(LEGACY_FILE), b"{\"format\": 16}").unwrap();
        assert!(Manifest::outdated(dir.path()));
    }
}
