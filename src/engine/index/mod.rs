//! The corpus index: tantivy, embedded and persisted on disk, one document per
//! source sentence. Opening it compares the files on disk with its manifest
//! and re-indexes only the files added, changed or removed.

mod disk;
mod entity_file;
pub mod folder;
pub mod manifest;
mod merge;
mod schema;
mod sentence_doc;
mod side_file;
mod stats;
mod update;
mod walk_file;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use tantivy::collector::TopDocs;
use tantivy::indexer::UserOperation;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Searcher, TantivyDocument, Term};

use sentence_doc::{SentenceDoc, SentencesBuilder};

pub use disk::VERIFIED_FILE;
use manifest::Manifest;
pub use manifest::SourceInfo;
pub use merge::{Merge, Merged};
pub use schema::Fields;

use super::corpus::{self, CorpusSpec, SourceFile, Warning};
use super::document::Document;
use super::figures::Figure;
use super::findings::{Evidence, Stance};
use super::text::{acronyms, words};

/// The index's writer: it takes vouch's own sentence documents.
type Writer = IndexWriter<SentenceDoc>;

/// Something with a term: lets callers match acronyms over their own lists.
pub trait AsTerm {
    fn term(&self) -> &str;
}

/// Reports indexing progress to whoever shows it (a terminal bar, an editor).
pub trait Progress: Sync {
    fn start(&self, _files: u64, _bytes: u64) {}
    fn advance(&self, _bytes: u64) {}
    fn finish(&self) {}
    /// Another vouch is indexing into the same folder: this one waits.
    fn waiting(&self, _index_dir: &Path) {}
}

/// No progress shown.
pub struct Silent;
impl Progress for Silent {}

/// Where and how to open an index.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// The index folder; by default a cache folder keyed by the corpus.
    pub index_dir: Option<PathBuf>,
}

/// What opening or refreshing the index did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateStats {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
    pub bytes_indexed: u64,
}

impl UpdateStats {
    /// An update that found every one of `sources` as the index has it.
    pub fn all_unchanged(sources: usize) -> UpdateStats {
        UpdateStats {
            unchanged: sources,
            ..UpdateStats::default()
        }
    }

    pub fn touched(&self) -> usize {
        self.added + self.changed + self.removed
    }
}

/// A sentence of a source, as stored in the index (`Fields::sentence`,
/// written as a [`StoredSentence`]).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct SourceSentence {
    pub source: u32,
    pub ordinal: u32,
    /// 0-based line where it starts.
    pub line: u32,
    /// Byte offset of the sentence in its source.
    pub start: u32,
    pub block: u32,
    pub headline: bool,
    pub text: String,
    /// Figures with ranges relative to the sentence.
    pub figures: Vec<Figure>,
    /// Reported words, with ranges relative to the sentence.
    pub said: Vec<StoredSaid>,
}

/// A sentence as add_document stores it: [`SourceSentence`] field for
/// field, borrowed from the analysed source instead of copied into one.
#[derive(serde::Serialize)]
struct StoredSentence<'a> {
    source: u32,
    ordinal: u32,
    line: u32,
    start: u32,
    block: u32,
    headline: bool,
    text: &'a str,
    figures: RelativeFigures<'a>,
    said: &'a [SaidRef<'a>],
}

/// A sentence's figures as stored: each [`Figure`] with its range made
/// relative to the sentence, written from the document's figures instead
/// of from clones of them (a unit's strings copied for every figure).
struct RelativeFigures<'a> {
    figures: &'a [Figure],
    /// Where the sentence starts in the document.
    start: usize,
}

/// A [`Figure`] field for field (postcard writes the same bytes), its
/// range relative to its sentence and the rest borrowed.
#[derive(serde::Serialize)]
struct RelativeFigure<'a> {
    range: std::ops::Range<usize>,
    unit: &'a super::figures::Unit,
    value: &'a super::figures::Value,
    qualifier: &'a super::figures::Qualifier,
    weak: bool,
    written: &'a Option<super::figures::MeasureUnit>,
}

impl serde::Serialize for RelativeFigures<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.figures.iter().map(|f| RelativeFigure {
            range: f.range.start - self.start..f.range.end - self.start,
            unit: &f.unit,
            value: &f.value,
            qualifier: &f.qualifier,
            weak: f.weak,
            written: &f.written,
        }))
    }
}

/// A [`StoredSaid`] as add_document writes it: the speaker's name
/// borrowed from the analysis, not copied.
#[derive(Debug, PartialEq, serde::Serialize)]
struct SaidRef<'a> {
    start: u32,
    end: u32,
    speaker: Option<&'a str>,
    quoted: bool,
}

/// Words a source reports as someone's, within one sentence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredSaid {
    pub start: u32,
    pub end: u32,
    /// The fullest form of the speaker's name in the source.
    pub speaker: Option<String>,
    pub quoted: bool,
}

/// A corpus as [`Corpus::open_unverified`] opens it.
pub enum Opening {
    /// Brought up to date with the files on disk, as [`Corpus::open`] does.
    Opened(Corpus, UpdateStats, Vec<Warning>),
    /// Its folders as the last walk found them, its sources not stat'ed
    /// yet ([`Corpus::sources_unchanged`]), and the warnings that walk gave.
    Unverified(Corpus, Vec<Warning>),
}

/// Whether the corpus's folders are as the index folder's last walk found them.
enum Listed {
    /// They are: the corpus, and the warnings that walk gave.
    Unchanged(Box<Corpus>, Vec<Warning>),
    /// A folder changed: the corpus as its index last was.
    Changed(Box<Corpus>),
    /// Not known without walking the folders.
    Unknown,
}

/// An opened corpus: its index and its sources.
pub struct Corpus {
    spec: CorpusSpec,
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    manifest: Manifest,
    by_id: rustc_hash::FxHashMap<u32, usize>,
    /// Sentence frequencies looked up since the index last changed: checks
    /// at keystroke speed ask for the same terms again and again.
    df_cache: Mutex<rustc_hash::FxHashMap<String, u64>>,
    /// Acronyms the corpus defines, by the last term of their long form.
    acronyms: HashMap<String, Vec<(Vec<String>, String)>>,
    /// The commit of the folder's index this corpus reflects; None before
    /// it is read, or in memory.
    synced: Option<u64>,
    /// Terms in the live sentences, for BM25 (tantivy's count keeps the
    /// terms of deleted sentences until a merge).
    tokens: u64,
    /// Set when the index folder cannot be used and this corpus lives in memory.
    in_memory: bool,
    /// Bumped whenever the indexed sources change, so cached check results
    /// made against an older corpus are never reused.
    generation: u64,
    /// The people, organisations and places of the corpus: read from the
    /// index folder (or built) on first use.
    registry: std::sync::OnceLock<crate::engine::entities::Registry>,
    /// The entities each source names, what the registry is built from:
    /// read from the index folder only when needed (None: unreadable).
    entities: std::sync::OnceLock<Option<entity_file::SourceEntities>>,
}

/// Indexing threads: tantivy's writer threads, one for every two cores.
/// The analysis (rayon, one thread per core) takes about three times the
/// CPU of tantivy's indexing, so one writer keeps up with two cores of
/// analysis; a second one on a 2-core machine only adds switching between
/// four busy threads (measured at 152k stories: less CPU, the same wall).
fn writer_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (cores / 2).clamp(1, 4)
}

const WRITER_MEMORY_PER_THREAD: usize = 40_000_000;

/// The default index folder for a corpus: a cache folder keyed by its roots.
pub fn default_index_dir(spec: &CorpusSpec) -> PathBuf {
    let mut key = String::new();
    for r in &spec.roots {
        let abs = std::fs::canonicalize(r).unwrap_or_else(|_| r.clone());
        key.push_str(&abs.to_string_lossy());
        key.push('\n');
    }
    for e in &spec.exclude {
        key.push_str(e);
        key.push('\n');
    }
    let hash = xxhash_rust::xxh3::xxh3_64(key.as_bytes());
    let base = dirs::cache_dir().unwrap_or_else(std::env::temp_dir);
    let name = spec
        .roots
        .first()
        .and_then(|r| std::fs::canonicalize(r).ok())
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "corpus".into());
    base.join("vouch").join(format!("{name}-{hash:016x}"))
}

/// The entity registry as formats before 19 saved it (the entities are
/// now in `entity_file::FILE`): known by name, to be cleared.
const REGISTRY_FILE: &str = "vouch-registry.bin";
const REGISTRY_TMP: &str = "vouch-registry.bin.tmp";

impl Corpus {
    /// Opens the corpus's index, bringing it up to date with the files on disk.
    ///
    /// The index folder must be new, empty or vouch's: any other folder is
    /// refused ([`folder::ForeignFolder`]). A folder that cannot be written
    /// and holds an index that is up to date is used read-only; when it
    /// cannot be used at all the index is built in memory, with a warning.
    pub fn open(
        spec: &CorpusSpec,
        options: &OpenOptions,
        progress: &dyn Progress,
    ) -> Result<(Corpus, UpdateStats, Vec<Warning>)> {
        match Corpus::open_unverified(spec, options, progress)? {
            Opening::Opened(corpus, stats, warnings) => Ok((corpus, stats, warnings)),
            Opening::Unverified(corpus, warnings) => {
                if corpus.sources_unchanged() {
                    let stats = UpdateStats::all_unchanged(corpus.manifest.sources.len());
                    Ok((corpus, stats, warnings))
                } else {
                    let dir = corpus.dir.clone();
                    Corpus::open_walking(spec, dir, Some(corpus), progress)
                }
            }
        }
    }

    /// [`Corpus::open`], but for a corpus whose folders are as its last
    /// opening walked them (`walk_file`: no folder's time changed since),
    /// whose sources are not stat'ed yet: [`Corpus::sources_unchanged`] says
    /// whether the index still holds every source as it is, and an answer
    /// made from the corpus is given only once it has said so. A caller can
    /// so check a draft while the sources are stat'ed, one per source, which
    /// at 150,000 sources costs more than the check itself.
    pub fn open_unverified(
        spec: &CorpusSpec,
        options: &OpenOptions,
        progress: &dyn Progress,
    ) -> Result<Opening> {
        let dir = options
            .index_dir
            .clone()
            .unwrap_or_else(|| default_index_dir(spec));
        let loaded = match Corpus::open_listed(spec, &dir) {
            Listed::Unchanged(corpus, warnings) => {
                return Ok(Opening::Unverified(*corpus, warnings));
            }
            Listed::Changed(corpus) => Some(*corpus),
            Listed::Unknown => None,
        };
        let (corpus, stats, warnings) = Corpus::open_walking(spec, dir, loaded, progress)?;
        Ok(Opening::Opened(corpus, stats, warnings))
    }

    /// Whether every source still has the size and modification time the
    /// index has for it: one stat per source, by name relative to its
    /// folder, nothing allocated per source. With folders unchanged (see
    /// [`Corpus::open_unverified`]) that tells the corpus on disk unchanged.
    pub fn sources_unchanged(&self) -> bool {
        corpus::unchanged(&self.spec.roots, self.manifest.sources.entries(), |e| {
            let (root, rel) = manifest::split_key(&e.key);
            Some((root?, rel, e.size, e.mtime_ns))
        })
    }

    /// Opens the corpus by walking its folders and bringing the index up to
    /// date with the files found; `loaded` is the folder's index when it was
    /// read already.
    fn open_walking(
        spec: &CorpusSpec,
        dir: PathBuf,
        loaded: Option<Corpus>,
        progress: &dyn Progress,
    ) -> Result<(Corpus, UpdateStats, Vec<Warning>)> {
        let mut warnings = Vec::new();
        let (files, listing) = corpus::discover_listed(spec, &mut warnings)?;
        let mut corpus = match loaded {
            Some(corpus) => corpus,
            None => Corpus::unloaded(spec, dir.clone())?,
        };
        if let Err(e) = folder::claim(&dir) {
            // Someone else's folder: a usage error, never a reason to write there.
            if e.is::<folder::ForeignFolder>() {
                return Err(e);
            }
            warnings.push(Warning {
                path: dir.display().to_string(),
                problem: format!("index folder unusable ({e:#}); indexing in memory"),
            });
            corpus.in_memory = true;
        }
        let stats = corpus.update_walked(files, &listing, progress, &mut warnings)?;
        Ok((corpus, stats, warnings))
    }

    /// [`Corpus::update`] with the files a walk of the folders found
    /// (`corpus::discover_listed`), keeping the walk for the next opening
    /// when every file found was read (the update warned of nothing).
    pub fn update_walked(
        &mut self,
        files: Vec<SourceFile>,
        listing: &corpus::Listing,
        progress: &dyn Progress,
        warnings: &mut Vec<Warning>,
    ) -> Result<UpdateStats> {
        let (found, before) = (files.len(), warnings.len());
        let stats = self.update(files, progress, warnings)?;
        if warnings.len() == before {
            self.keep_walk(listing, found);
        }
        Ok(stats)
    }

    /// Saves a walk of this corpus's folders (`corpus::discover_listed`,
    /// which found `found` files) for the next opening, when the index now
    /// lists exactly the files it found: the caller says none failed to be
    /// read (no warning beyond the walk's own).
    pub fn keep_walk(&self, listing: &corpus::Listing, found: usize) {
        if !self.in_memory
            && let Some(commit) = self.synced
            && self.manifest.sources.len() == found
        {
            walk_file::save(&self.dir, commit, &self.spec, listing);
        }
    }

    /// Whether the corpus on disk is still the one this corpus indexed, told
    /// as an opening tells it (see [`Corpus::open_unverified`]) without
    /// walking the folders: the index folder's last commit is this corpus's,
    /// the walk saved for that commit finds each folder's time as it was
    /// (the same files are in them), and each source has its size and time
    /// ([`Corpus::sources_unchanged`]: one stat per source). Some, with the
    /// walk's warnings, when so; None when a change was seen or no walk is
    /// kept for this commit: a walk (`is_current`) tells then.
    pub fn unchanged_since_walk(&self) -> Option<Vec<Warning>> {
        let commit = self.synced.filter(|_| !self.in_memory)?;
        if disk::current_token(&self.dir) != Some(commit) {
            return None;
        }
        let walked = walk_file::load(&self.dir, &self.spec)?;
        (walked.commit == commit
            && walked.folders_unchanged(&self.spec)
            && self.sources_unchanged())
        .then(|| walked.warnings())
    }

    /// The folder's index, when the corpus's folders are as its last
    /// opening walked them (`walk_file`): no folder's time changed since, so
    /// the same files are in them; their sources are not stat'ed yet.
    /// Unknown when there is no such walk or the index is busy or unusable;
    /// Changed, with the index loaded, when a folder changed.
    fn open_listed(spec: &CorpusSpec, dir: &Path) -> Listed {
        if !folder::is_marked(dir) {
            return Listed::Unknown;
        }
        let Some(walked) = walk_file::load(dir, spec) else {
            return Listed::Unknown;
        };
        let folders_unchanged = walked.folders_unchanged(spec);
        // Not waiting: a vouch that holds the lock is updating the index,
        // which the usual opening waits for.
        let Ok(Some(lock)) = folder::lock(dir, std::time::Duration::ZERO, &mut || {}) else {
            return Listed::Unknown;
        };
        let (schema, _) = schema::build();
        let disk::Found::Index(index, reader, manifest) = disk::load(dir, &schema, lock.writable)
        else {
            return Listed::Unknown;
        };
        drop(lock);
        let unchanged = folders_unchanged && manifest.commit == walked.commit;
        let Ok(mut corpus) = Corpus::unloaded(spec, dir.to_path_buf()) else {
            return Listed::Unknown;
        };
        corpus.replace(index, reader, *manifest);
        if unchanged {
            Listed::Unchanged(Box::new(corpus), walked.warnings())
        } else {
            Listed::Changed(Box::new(corpus))
        }
    }

    /// Opens the index persisted by an earlier session as it is, without
    /// comparing it with the files on disk (`refresh` does that later): the
    /// fastest way to a usable corpus, for an editor that wants diagnostics
    /// at once. None when no whole index is persisted, or another vouch is
    /// writing it right now.
    pub fn open_persisted(spec: &CorpusSpec, options: &OpenOptions) -> Result<Option<Corpus>> {
        let dir = options
            .index_dir
            .clone()
            .unwrap_or_else(|| default_index_dir(spec));
        if !folder::is_marked(&dir) {
            return Ok(None);
        }
        let Some(lock) = folder::try_lock(&dir) else {
            return Ok(None);
        };
        let (schema, _) = schema::build();
        match disk::load(&dir, &schema, lock.writable) {
            disk::Found::Index(index, reader, manifest) if !manifest.sources.is_empty() => {
                let mut corpus = Corpus::unloaded(spec, dir)?;
                corpus.replace(index, reader, *manifest);
                Ok(Some(corpus))
            }
            _ => Ok(None),
        }
    }

    /// What is wrong with the index folder this corpus reads, read whole
    /// against its checksums; None when it is whole (or in memory). For
    /// when using the index failed: damage that keeps a file's size and
    /// time is not looked for on every opening. The next `open` of a
    /// damaged folder says so and rebuilds it.
    pub fn index_damage(&self) -> Option<String> {
        if self.in_memory {
            return None;
        }
        disk::damage(&self.dir)
    }

    /// A corpus with nothing loaded yet: an empty index in memory, until
    /// `update` reads the folder's.
    fn unloaded(spec: &CorpusSpec, dir: PathBuf) -> Result<Corpus> {
        let (index, reader) = memory_index()?;
        let (_, fields) = schema::build();
        Ok(Corpus {
            spec: spec.clone(),
            dir,
            index,
            reader,
            fields,
            manifest: Manifest::new(),
            synced: None,
            by_id: rustc_hash::FxHashMap::default(),
            acronyms: HashMap::new(),
            df_cache: Mutex::new(rustc_hash::FxHashMap::default()),
            tokens: 0,
            in_memory: false,
            generation: 0,
            registry: std::sync::OnceLock::new(),
            entities: std::sync::OnceLock::new(),
        })
    }

    /// Takes another index and its manifest as this corpus's.
    fn replace(&mut self, index: Index, reader: IndexReader, manifest: Manifest) {
        self.synced = (manifest.commit != 0).then_some(manifest.commit);
        self.index = index;
        self.reader = reader;
        self.manifest = manifest;
        self.changed();
    }

    /// Forgets what was derived from the index: it changed.
    fn changed(&mut self) {
        self.manifest.sources.set_roots(shown_roots(&self.spec));
        self.reindex_by_id();
        self.df_cache.lock().expect("df cache").clear();
        self.tokens = self
            .manifest
            .sources
            .entries()
            .iter()
            .map(|s| s.tokens)
            .sum();
        self.generation += 1;
        self.registry = std::sync::OnceLock::new();
        self.entities = std::sync::OnceLock::new();
    }

    /// Re-reads the corpus folders and re-indexes what changed on disk.
    pub fn refresh(&mut self, progress: &dyn Progress) -> Result<(UpdateStats, Vec<Warning>)> {
        let mut warnings = Vec::new();
        let files = corpus::discover(&self.spec, &mut warnings)?;
        self.refresh_with(files, warnings, progress)
    }

    /// [`Corpus::refresh`] with the files already found (`corpus::discover`
    /// of [`Corpus::spec`]) and what finding them warned of: a server finds
    /// them without holding the corpus, so that checks go on meanwhile.
    pub fn refresh_with(
        &mut self,
        files: Vec<SourceFile>,
        mut warnings: Vec<Warning>,
        progress: &dyn Progress,
    ) -> Result<(UpdateStats, Vec<Warning>)> {
        let stats = self.update(files, progress, &mut warnings)?;
        Ok((stats, warnings))
    }

    /// Whether refreshing with `files` would change nothing: the index
    /// folder's last commit is the one this corpus reflects, and every file
    /// is indexed under the same path with the same size and time. It only
    /// reads, so the usual refresh, which finds nothing new, needs no write
    /// access (at 150,000 sources the comparison is most of it).
    pub fn is_current(&self, files: &[SourceFile]) -> bool {
        let committed = self.in_memory
            || (self.synced.is_some() && disk::current_token(&self.dir) == self.synced);
        let entries = self.manifest.sources.entries();
        if !committed || entries.len() != files.len() {
            return false;
        }
        let known = by_place(entries);
        files.iter().all(|f| {
            known.get(&(f.root, &*f.rel())).is_some_and(|&i| {
                let e = &entries[i];
                e.size == f.size && e.mtime_ns == f.mtime_ns
            })
        })
    }

    fn reindex_by_id(&mut self) {
        self.by_id = self
            .manifest
            .sources
            .entries()
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect();
        self.acronyms.clear();
        for a in self
            .manifest
            .sources
            .entries()
            .iter()
            .flat_map(|s| &s.acronyms)
        {
            let Some(last) = a.long.last() else { continue };
            let forms = self.acronyms.entry(last.clone()).or_default();
            if !forms.iter().any(|(l, t)| *l == a.long && *t == a.term) {
                forms.push((a.long.clone(), a.term.clone()));
            }
        }
    }

    /// The acronym whose long form the last terms of `slots` spell, if the
    /// corpus defines one ("demilitarized zone" → "dmz"), and how many terms
    /// the long form has.
    pub fn acronym_ending<T: AsTerm>(&self, slots: &[T]) -> Option<(String, usize)> {
        let last = slots.last()?.term();
        let forms = self.acronyms.get(last)?;
        forms.iter().find_map(|(long, term)| {
            let n = long.len();
            (slots.len() >= n
                && slots[slots.len() - n..]
                    .iter()
                    .zip(long)
                    .all(|(s, t)| s.term() == t))
            .then(|| (term.clone(), n))
        })
    }

    fn writer(&self) -> Result<Writer> {
        let threads = writer_threads();
        let writer: Writer = self
            .index
            .writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)
            .with_context(|| format!("index {}: cannot open for writing", self.dir.display()))?;
        // Merges happen when vouch asks (`update::merge_if_worn`), not in
        // threads that a finished update would cut short.
        writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        Ok(writer)
    }

    /// The people, organisations and places of the corpus: the registry
    /// saved with the index's commit, else built from the sources' entities.
    pub fn registry(&self) -> &crate::engine::entities::Registry {
        self.registry.get_or_init(|| {
            self.synced
                .and_then(|token| entity_file::load_registry(&self.dir, token))
                .unwrap_or_else(|| entity_file::registry_of(self.source_entities()))
        })
    }

    /// The entities each source names (none when they cannot be read: the
    /// next update then reads the sources again, see `update`).
    fn source_entities(&self) -> &[entity_file::Piece] {
        self.entities
            .get_or_init(|| match self.synced {
                Some(token) => entity_file::load_sources(&self.dir, token),
                None => Some(Vec::new()),
            })
            .as_deref()
            .unwrap_or(&[])
    }

    /// What the corpus knows of an entity, by the key a claim carries: its
    /// names, role, the sentences that mention it and the words it is given.
    pub fn entity(&self, key: &str) -> Option<crate::engine::findings::EntityCard> {
        const MOST: usize = 50;
        let registry = self.registry();
        let e = registry.by_key(key)?;
        let sources = registry.sources_of(&e.key);
        let view = View::new(self);
        let mut statements = Vec::new();
        for form in &e.aliases {
            for s in view.said_by(form, MOST) {
                for said in s
                    .said
                    .iter()
                    .filter(|x| x.speaker.as_deref() == Some(form.as_str()))
                {
                    let span = said.start as usize..said.end as usize;
                    statements.push(view.evidence(
                        &s,
                        Some(span),
                        Stance::Related,
                        Some(e.key.clone()),
                    ));
                }
            }
        }
        statements.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        statements.dedup_by(|a, b| a.path == b.path && a.span == b.span && a.line == b.line);
        statements.truncate(MOST);
        let mut mentions = Vec::new();
        let surnames: std::collections::BTreeSet<&str> = e
            .aliases
            .iter()
            .map(|a| crate::engine::quotes::surname(a))
            .collect();
        for name in surnames {
            let Some(term) = words::term(name) else {
                continue;
            };
            for s in view.phrase(&[term.to_string()], 4 * MOST) {
                if sources.binary_search(&s.source).is_err() {
                    continue;
                }
                // The earliest whole-word alias, the longest one there.
                let found = e
                    .aliases
                    .iter()
                    .filter_map(|a| find_word(&s.text, a).map(|at| (at, a.len())))
                    .min_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
                if let Some((at, len)) = found {
                    mentions.push(view.evidence(&s, Some(at..at + len), Stance::Related, None));
                }
            }
        }
        mentions.sort_by(|a, b| {
            (&a.path, a.line, a.sentence_start).cmp(&(&b.path, b.line, b.sentence_start))
        });
        mentions.dedup_by(|a, b| a.path == b.path && a.sentence_start == b.sentence_start);
        mentions.truncate(MOST);
        Some(crate::engine::findings::EntityCard {
            key: e.key.clone(),
            name: e.key.clone(),
            kind: e.kind,
            role: e.role.clone(),
            aliases: e.aliases.clone(),
            mentions,
            statements,
        })
    }

    /// In how many live sentences a term of the `terms` field occurs,
    /// cached until the index changes.
    fn doc_freq(&self, searcher: &Searcher, term: &str) -> u64 {
        if let Some(&df) = self.df_cache.lock().expect("df cache").get(term) {
            return df;
        }
        let t = Term::from_field_text(self.fields.terms, term);
        let df = stats::live_doc_freq(searcher, &t);
        self.df_cache
            .lock()
            .expect("df cache")
            .insert(term.to_string(), df);
        df
    }

    /// Changes whenever the indexed sources change.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn index_dir(&self) -> &Path {
        &self.dir
    }

    pub fn spec(&self) -> &CorpusSpec {
        &self.spec
    }

    /// The indexed sources: their entries at once, each source decoded
    /// when asked for.
    pub fn sources(&self) -> &manifest::Sources {
        &self.manifest.sources
    }

    pub fn source(&self, id: u32) -> Option<&SourceInfo> {
        self.by_id.get(&id).map(|&i| self.manifest.sources.get(i))
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// A consistent view of the index for one check.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Bytes the index takes on disk.
    pub fn size_on_disk(&self) -> u64 {
        dir_size(&self.dir)
    }
}

/// The corpus folders as the user gave them, for the paths shown.
fn shown_roots(spec: &CorpusSpec) -> Vec<manifest::ShownRoot> {
    spec.roots
        .iter()
        .map(|r| manifest::ShownRoot {
            path: r.clone(),
            is_file: std::fs::metadata(r).is_ok_and(|m| m.is_file()),
        })
        .collect()
}

/// The manifest's sources by their place: root number and path relative to
/// it, the two parts of their key, so that the files found on disk are
/// looked up without a key made for each.
fn by_place(entries: &[manifest::Entry]) -> rustc_hash::FxHashMap<(usize, &str), usize> {
    let mut places =
        rustc_hash::FxHashMap::with_capacity_and_hasher(entries.len(), Default::default());
    places.extend(entries.iter().enumerate().filter_map(|(i, e)| {
        let (root, rel) = e.key.split_once(':')?;
        Some(((root.parse().ok()?, rel), i))
    }));
    places
}

/// An empty index in memory, with a reader.
fn memory_index() -> Result<(Index, IndexReader)> {
    let (schema, _) = schema::build();
    let index = Index::builder()
        .schema(schema)
        .settings(index_settings())
        .create_in_ram()?;
    let reader = disk::reader(&index)?;
    Ok((index, reader))
}

/// Small doc-store blocks: a check reads a few sentences at random, and each
/// read decompresses a whole block.
fn index_settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_blocksize: 4096,
        ..Default::default()
    }
}

fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// What a text or markdown source says of itself: its title line or first
/// heading, and its front matter (`title`, `url`, `published` or `date`,
/// `outlet` or `site`, `author`).
fn document_metadata(doc: &Document) -> super::sources::Metadata {
    let fm = |keys: &[&str]| keys.iter().find_map(|k| doc.front_matter(k));
    super::sources::Metadata {
        title: doc.title(),
        outlet: fm(&["outlet", "site", "site_name", "publisher", "source"]),
        author: fm(&["author", "byline"]),
        url: fm(&["url", "link", "canonical"]),
        published: fm(&["published", "date"]),
    }
}

/// Index terms of a figure: its exact value, and its family for retrieval.
pub fn figure_terms(f: &Figure) -> impl Iterator<Item = String> {
    let value = f.value_key().map(|k| format!("§v:{k}"));
    let family = Some(format!("§f:{}", f.unit.family()));
    value.into_iter().chain(family)
}

/// A sentence's terms as the whitespace-tokenized `terms` field takes
/// them: joined by single spaces, counted as they are written.
struct JoinedTerms<'t> {
    text: &'t mut String,
    count: u64,
}

impl<'t> JoinedTerms<'t> {
    /// Terms to be appended to `text`.
    fn new(text: &'t mut String) -> JoinedTerms<'t> {
        JoinedTerms { text, count: 0 }
    }

    fn push(&mut self, term: &str) {
        self.open();
        self.text.push_str(term);
    }

    /// Starts a term, to be written into `text`.
    fn open(&mut self) {
        if self.count > 0 {
            self.text.push(' ');
        }
        self.count += 1;
    }

    /// A figure's terms, as `figure_terms` gives them, written in place.
    fn push_figure(&mut self, f: &Figure) {
        if f.has_value_key() {
            self.open();
            self.text.push_str("§v:");
            f.write_value_key(self.text);
        }
        self.open();
        self.text.push_str("§f:");
        f.unit.write_family(self.text);
    }
}

/// What indexing a document found besides its sentences.
struct Indexed {
    sentences: u32,
    /// Terms in the sentences' `terms` field.
    tokens: u64,
    /// The names the source mentions most (capitalized words inside prose
    /// sentences; headlines capitalize everything).
    names: Vec<String>,
    acronyms: Vec<acronyms::Acronym>,
    entities: Vec<crate::engine::quotes::NamedEntity>,
}

/// Where a source's sentences stand in the order of equal scores (see
/// `Fields::order`): a hash of its key, above the sentences' numbers.
fn source_order(source_key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(source_key.as_bytes()) << ORDINAL_BITS
}

const ORDINAL_BITS: u32 = 24;

/// A sentence's place in the order of equal scores.
fn sentence_order(source: u64, ordinal: usize) -> u64 {
    source | (ordinal as u64).min((1 << ORDINAL_BITS) - 1)
}

/// Adds a document's sentences to the index. They go to tantivy's writer
/// threads as one batch: one send on its channel per source, not one per
/// sentence, each of which could wake a writer thread.
fn add_document(writer: &Writer, f: &Fields, id: u32, key: &str, doc: &Document) -> Indexed {
    let (sentences, indexed) = sentence_docs(f, id, key, doc);
    let batch: Vec<_> = sentences.map(UserOperation::Add).collect();
    // A failed add means the writer is gone; commit reports it.
    let _ = writer.run(batch);
    indexed
}

/// A document's sentences as the index takes them, reading each sentence's
/// terms once, and what was found besides. Their values are written into
/// one buffer that the sentences share ([`sentence_doc`]), which tantivy
/// reads in place.
fn sentence_docs(
    f: &Fields,
    id: u32,
    key: &str,
    doc: &Document,
) -> (impl Iterator<Item = SentenceDoc> + use<>, Indexed) {
    let mut n = 0;
    let mut tokens = 0u64;
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut found_acronyms = Vec::new();
    // Each sentence split into words once, for the quotes and the terms.
    let sentence_words = doc.words();
    let analysis = crate::engine::quotes::analyze_words(doc, &sentence_words);
    let order = source_order(key);
    let mut out = SentencesBuilder::with_capacity(doc.prose.text.len(), doc.sentences.len());
    let mut said = Vec::new();
    for (ordinal, s) in doc.sentences.iter().enumerate() {
        let text = doc.sentence_text(s);
        if text.trim().is_empty() {
            continue;
        }
        let mark = out.mark();
        stored_said(&analysis.said, s.range.clone(), &mut said);
        let stored = StoredSentence {
            source: id,
            ordinal: ordinal as u32,
            line: s.line as u32,
            start: s.range.start as u32,
            block: s.block as u32,
            headline: s.headline,
            text,
            figures: RelativeFigures {
                figures: &s.figures,
                start: s.range.start,
            },
            said: &said,
        };
        if postcard::to_extend(&stored, Append(out.stored())).is_err() {
            // Never for these types; the sentence is then stored empty.
            out.stored().truncate(mark.stored_len());
        }
        // The sentence's terms, written out as they come, and its names
        // counted: capitalized words inside prose sentences but the first
        // term (headlines capitalize everything).
        let mut joined = JoinedTerms::new(out.text());
        words::each_term(sentence_words.of(ordinal), |term, range, capitalized| {
            if capitalized
                && !s.headline
                && joined.count > 0
                && is_story_name(term, &doc.prose.text[range])
            {
                match names.get_mut(term) {
                    Some(n) => *n += 1,
                    None => {
                        names.insert(term.to_string(), 1);
                    }
                }
            }
            joined.push(term);
        });
        if text.contains('(') {
            found_acronyms.extend(acronyms::defined(&doc.prose.text, s.range.clone()));
        }
        for fig in &s.figures {
            joined.push_figure(fig);
        }
        tokens += joined.count;
        let terms_end = out.text().len();
        for speaker in said.iter().filter_map(|x| x.speaker) {
            out.push_speaker(speaker);
        }
        out.end_sentence(
            mark,
            terms_end,
            u64::from(id),
            sentence_order(order, ordinal),
        );
        n += 1;
    }
    let indexed = Indexed {
        sentences: n,
        tokens,
        names: top_names(names),
        acronyms: found_acronyms,
        entities: analysis.entities,
    };
    (out.finish(*f), indexed)
}

/// Appends what postcard writes to a vector it borrows.
struct Append<'v>(&'v mut Vec<u8>);

impl Extend<u8> for Append<'_> {
    fn extend<I: IntoIterator<Item = u8>>(&mut self, bytes: I) {
        self.0.extend(bytes);
    }
}

/// The reported words that fall in a sentence, clipped to it, into `out`
/// (cleared first); words a nested attribution gives to two sources are
/// stored once for each.
fn stored_said<'a>(
    said: &'a [crate::engine::quotes::attribution::Said],
    sentence: std::ops::Range<usize>,
    out: &mut Vec<SaidRef<'a>>,
) {
    out.clear();
    let within = said
        .iter()
        .filter(|x| x.range.start < sentence.end && sentence.start < x.range.end);
    for x in within {
        let start = (x.range.start.max(sentence.start) - sentence.start) as u32;
        let end = (x.range.end.min(sentence.end) - sentence.start) as u32;
        let speakers = std::iter::once(x.speaker.as_ref().map(|s| s.name.as_str()))
            .chain(x.also.as_ref().map(|s| Some(s.name.as_str())));
        out.extend(speakers.map(|speaker| SaidRef {
            start,
            end,
            speaker,
            quoted: x.quoted,
        }));
    }
}

/// Where `name` stands in `text` as whole words.
fn find_word(text: &str, name: &str) -> Option<usize> {
    text.match_indices(name).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Names a source mentions most often, most frequent first.
fn top_names(counts: HashMap<String, usize>) -> Vec<String> {
    const KEEP: usize = 24;
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.into_iter().take(KEEP).map(|(t, _)| t).collect()
}

/// Whether a capitalized term counts as a name of the story: calendar words
/// and company suffixes are capitalized in every story.
fn is_story_name(term: &str, word: &str) -> bool {
    const COMMON: &[&str] = &[
        "inc", "corp", "co", "ltd", "plc", "llc", "group", "compani", "the", "mr", "ms", "mrs",
    ];
    !crate::engine::figures::is_calendar_word(word) && !COMMON.contains(&term)
}

/// Read access to the index during one check.
pub struct View<'c> {
    pub corpus: &'c Corpus,
    pub searcher: Searcher,
    docs: f64,
}

impl<'c> View<'c> {
    pub fn new(corpus: &'c Corpus) -> Self {
        let searcher = corpus.searcher();
        let docs = searcher.num_docs() as f64;
        View {
            corpus,
            searcher,
            docs,
        }
    }

    pub fn sentence_count(&self) -> f64 {
        self.docs
    }

    /// In how many live sentences a term occurs.
    pub fn doc_freq(&self, term: &str) -> u64 {
        self.corpus.doc_freq(&self.searcher, term)
    }

    /// The best `limit` sentences for a query, best first, scored with the
    /// live sentences' statistics and equal scores in `Fields::order`: the
    /// same files give the same answer, whether the index was built fresh
    /// or updated in place, and whatever order its threads added them in.
    fn top(&self, query: &dyn Query, limit: usize) -> Vec<(f32, DocAddress)> {
        if limit == 0 {
            return Vec::new();
        }
        let live = stats::Live {
            corpus: self.corpus,
            searcher: &self.searcher,
        };
        // One more than asked says whether a tie straddles the cut: only
        // then must every match be ranked by its order too (slower: no
        // pruning).
        let mut hits = self
            .searcher
            .search_with_statistics_provider(
                query,
                &TopDocs::with_limit(limit + 1).order_by_score(),
                &live,
            )
            .unwrap_or_default();
        if hits.len() > limit && hits[limit].0 == hits[limit - 1].0 {
            let collector =
                TopDocs::with_limit(limit).tweak_score(move |segment: &tantivy::SegmentReader| {
                    let order = segment
                        .fast_fields()
                        .u64(schema::ORDER)
                        .ok()
                        .map(|c| c.first_or_default_col(0));
                    move |doc: tantivy::DocId, score: f32| {
                        let at = order.as_ref().map_or(0, |c| c.get_val(doc));
                        (score, std::cmp::Reverse(at))
                    }
                });
            hits = self
                .searcher
                .search_with_statistics_provider(query, &collector, &live)
                .unwrap_or_default()
                .into_iter()
                .map(|((score, _), addr)| (score, addr))
                .collect();
        }
        hits.truncate(limit);
        let mut keyed: Vec<(f32, u64, DocAddress)> = hits
            .into_iter()
            .map(|(score, addr)| (score, self.order(addr), addr))
            .collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        keyed
            .into_iter()
            .map(|(score, _, addr)| (score, addr))
            .collect()
    }

    /// A sentence's place among equal scores.
    fn order(&self, addr: DocAddress) -> u64 {
        self.searcher
            .segment_reader(addr.segment_ord)
            .fast_fields()
            .u64(schema::ORDER)
            .ok()
            .and_then(|c| c.first(addr.doc_id))
            .unwrap_or(0)
    }

    /// How much two sources are about the same story: the share of their
    /// salient names they have in common (Jaccard, 0 to 1). Unweighted on
    /// purpose: in a corpus about one story, the names every source shares
    /// are exactly what makes them one story.
    pub fn story_overlap(&self, a: u32, b: u32) -> f64 {
        // A few shared names ("net", "qtr") say nothing of a story.
        const MIN_SHARED: usize = 4;
        let (Some(a), Some(b)) = (self.corpus.source(a), self.corpus.source(b)) else {
            return 0.0;
        };
        let a: std::collections::HashSet<&str> = a.names.iter().map(String::as_str).collect();
        let b: std::collections::HashSet<&str> = b.names.iter().map(String::as_str).collect();
        let shared = a.intersection(&b).count();
        if shared < MIN_SHARED {
            return 0.0;
        }
        shared as f64 / a.union(&b).count() as f64
    }

    /// Inverse sentence frequency of a term, BM25's form: rare terms weigh more.
    pub fn idf(&self, term: &str) -> f64 {
        let df = self.doc_freq(term) as f64;
        (1.0 + (self.docs - df + 0.5) / (df + 0.5)).ln()
    }

    /// The source sentences that best match a weighted bag of terms (BM25),
    /// best first: the same sentences in the same order whatever the
    /// layout of the index (see `stats::exact_scores` and `Fields::order`).
    pub fn search(&self, terms: &[(String, f32)], limit: usize) -> Vec<(f32, SourceSentence)> {
        let field = self.corpus.fields.terms;
        let weighted: Vec<(Term, f32)> = terms
            .iter()
            .map(|(t, boost)| (Term::from_field_text(field, t), *boost))
            .collect();
        let clauses: Vec<(Occur, Box<dyn Query>)> = weighted
            .iter()
            .map(|(term, boost)| {
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
                let q: Box<dyn Query> = if (*boost - 1.0).abs() > f32::EPSILON {
                    Box::new(BoostQuery::new(q, *boost))
                } else {
                    q
                };
                (Occur::Should, q)
            })
            .collect();
        if clauses.is_empty() || limit == 0 {
            return Vec::new();
        }
        let query = BooleanQuery::new(clauses);
        let live = stats::Live {
            corpus: self.corpus,
            searcher: &self.searcher,
        };
        // tantivy finds the candidates; their exact scores rank them. The
        // lowest candidate must score clearly below the last one kept, so
        // that no sentence left out could rank in: else fetch more.
        const NEAR: f64 = 1e-4;
        const MOST: usize = 8192;
        let mut fetch = limit + 1;
        loop {
            let hits = self
                .searcher
                .search_with_statistics_provider(
                    &query,
                    &TopDocs::with_limit(fetch).order_by_score(),
                    &live,
                )
                .unwrap_or_default();
            let addrs: Vec<DocAddress> = hits.iter().map(|(_, a)| *a).collect();
            let exact = stats::exact_scores(&live, field, &weighted, &addrs);
            let mut ranked: Vec<(f64, u64, DocAddress)> = exact
                .into_iter()
                .zip(&addrs)
                .map(|(score, addr)| (score, self.order(*addr), *addr))
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let settled = hits.len() < fetch
                || fetch >= MOST
                || ranked.len() <= limit
                || f64::from(hits[hits.len() - 1].0) < ranked[limit - 1].0 * (1.0 - NEAR);
            if settled {
                ranked.truncate(limit);
                return ranked
                    .into_iter()
                    .filter_map(|(score, _, addr)| Some((score as f32, self.sentence(addr)?)))
                    .collect();
            }
            fetch = (fetch * 2).min(MOST);
        }
    }

    /// The source sentences whose terms hold `terms` in this order, next to
    /// each other: where a quotation's words may stand verbatim.
    pub fn phrase(&self, terms: &[String], limit: usize) -> Vec<SourceSentence> {
        let field = self.corpus.fields.terms;
        let hits = match terms {
            [] => return Vec::new(),
            [one] => self.top(
                &TermQuery::new(Term::from_field_text(field, one), IndexRecordOption::Basic),
                limit,
            ),
            _ => self.top(
                &PhraseQuery::new(
                    terms
                        .iter()
                        .map(|t| Term::from_field_text(field, t))
                        .collect(),
                ),
                limit,
            ),
        };
        hits.into_iter()
            .filter_map(|(_, addr)| self.sentence(addr))
            .collect()
    }

    /// The sentences of one source, in order.
    pub fn sentences_of(&self, source: u32, limit: usize) -> Vec<SourceSentence> {
        let q = TermQuery::new(
            Term::from_field_u64(self.corpus.fields.source, u64::from(source)),
            IndexRecordOption::Basic,
        );
        let hits = self.top(&q, limit);
        let mut out: Vec<SourceSentence> = hits
            .into_iter()
            .filter_map(|(_, addr)| self.sentence(addr))
            .collect();
        out.sort_by_key(|s| s.ordinal);
        out
    }

    /// The sentences that report words of a speaker, by the fullest form
    /// of their name in the source.
    pub fn said_by(&self, speaker: &str, limit: usize) -> Vec<SourceSentence> {
        self.said_by_with(speaker, &[], limit)
    }

    /// What `speaker` says, the sentences with the most of `terms` first: a
    /// prolific speaker's words are found among all they say.
    pub fn said_by_with(
        &self,
        speaker: &str,
        terms: &[String],
        limit: usize,
    ) -> Vec<SourceSentence> {
        let who: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(self.corpus.fields.speaker, speaker),
            IndexRecordOption::Basic,
        ));
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, who)];
        for t in terms {
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.corpus.fields.terms, t),
                    IndexRecordOption::WithFreqs,
                )),
            ));
        }
        let q = BooleanQuery::new(clauses);
        self.top(&q, limit)
            .into_iter()
            .filter_map(|(_, addr)| self.sentence(addr))
            .collect()
    }

    /// Evidence from a source sentence: where it is, what it says.
    pub fn evidence(
        &self,
        s: &SourceSentence,
        span: Option<std::ops::Range<usize>>,
        stance: Stance,
        speaker: Option<String>,
    ) -> Evidence {
        let info = self.corpus.source(s.source);
        let at = s.start + span.as_ref().map_or(0, |r| r.start) as u32;
        Evidence {
            source: s.source,
            path: info.map_or_else(String::new, |i| i.display.clone()),
            short_path: info.map_or_else(String::new, |i| super::sources::shown_path(&i.display)),
            kind: info.map_or_else(Default::default, |i| i.kind),
            title: info.and_then(|i| i.title.clone()),
            outlet: info.and_then(|i| i.outlet.clone()),
            url: info.and_then(|i| i.url.clone()),
            published: info.and_then(|i| i.published.clone()),
            page: info.and_then(|i| super::sources::page_at(&i.pages, at)),
            line: s.line
                + 1
                + crate::engine::text::lines::count_breaks(
                    &s.text[..span.as_ref().map_or(0, |r| r.start)],
                ) as u32,
            sentence: s.text.clone(),
            sentence_start: s.start,
            stated: span.as_ref().map(|r| {
                s.text[r.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
            span,
            speaker,
            stance,
        }
    }

    /// Reads a stored sentence.
    pub fn sentence(&self, addr: DocAddress) -> Option<SourceSentence> {
        let doc: TantivyDocument = self.searcher.doc(addr).ok()?;
        let bytes = doc.get_first(self.corpus.fields.sentence)?.as_bytes()?;
        postcard::from_bytes(bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::text::{self, Format};

    /// A sentence as add_document stored it before it borrowed: the
    /// figures cloned with their ranges made relative, the reported words
    /// copied with their speakers' names.
    #[derive(serde::Serialize)]
    struct OwnedSentence<'a> {
        source: u32,
        ordinal: u32,
        line: u32,
        start: u32,
        block: u32,
        headline: bool,
        text: &'a str,
        figures: Vec<Figure>,
        said: Vec<StoredSaid>,
    }

    /// `stored_said` as it was written first, copying names.
    fn owned_said(
        said: &[crate::engine::quotes::attribution::Said],
        sentence: std::ops::Range<usize>,
    ) -> Vec<StoredSaid> {
        let mut out = Vec::new();
        for x in said {
            if x.range.start >= sentence.end || sentence.start >= x.range.end {
                continue;
            }
            let start = (x.range.start.max(sentence.start) - sentence.start) as u32;
            let end = (x.range.end.min(sentence.end) - sentence.start) as u32;
            let speakers = [
                Some(x.speaker.as_ref().map(|s| s.name.clone())),
                x.also.as_ref().map(|s| Some(s.name.clone())),
            ];
            for speaker in speakers.into_iter().flatten() {
                out.push(StoredSaid {
                    start,
                    end,
                    speaker,
                    quoted: x.quoted,
                });
            }
        }
        out
    }

    /// The borrowed sentence add_document writes is the same bytes as the
    /// owned one, over the seeds and Reuters stories, and reads back as
    /// that sentence.
    #[test]
    fn borrowed_sentences_store_the_owned_bytes() {
        let mut texts = text::seed_texts();
        if let Some(paths) = text::reuters_paths(300) {
            texts.extend(paths.iter().map(|p| std::fs::read_to_string(p).unwrap()));
        }
        let (mut figures, mut said) = (0, 0);
        for t in texts {
            let doc = Document::analyze(t, Format::Plain);
            let words = doc.words();
            let analysis = crate::engine::quotes::analyze_words(&doc, &words);
            let mut buf = Vec::new();
            for (ordinal, s) in doc.sentences.iter().enumerate() {
                stored_said(&analysis.said, s.range.clone(), &mut buf);
                let borrowed = StoredSentence {
                    source: 7,
                    ordinal: ordinal as u32,
                    line: s.line as u32,
                    start: s.range.start as u32,
                    block: s.block as u32,
                    headline: s.headline,
                    text: doc.sentence_text(s),
                    figures: RelativeFigures {
                        figures: &s.figures,
                        start: s.range.start,
                    },
                    said: &buf,
                };
                let owned = OwnedSentence {
                    source: 7,
                    ordinal: ordinal as u32,
                    line: s.line as u32,
                    start: s.range.start as u32,
                    block: s.block as u32,
                    headline: s.headline,
                    text: doc.sentence_text(s),
                    figures: s
                        .figures
                        .iter()
                        .map(|fig| Figure {
                            range: fig.range.start - s.range.start..fig.range.end - s.range.start,
                            ..fig.clone()
                        })
                        .collect(),
                    said: owned_said(&analysis.said, s.range.clone()),
                };
                let bytes = postcard::to_allocvec(&borrowed).unwrap();
                assert_eq!(bytes, postcard::to_allocvec(&owned).unwrap());
                let read: SourceSentence = postcard::from_bytes(&bytes).unwrap();
                assert_eq!((read.figures, read.said), (owned.figures, owned.said));
                figures += s.figures.len();
                said += buf.len();
            }
        }
        assert!(
            figures > 100 && said > 100,
            "{figures} figures, {said} said"
        );
    }
}

#[cfg(test)]
mod sentence_doc_tests {
    use super::*;
    use crate::engine::text::{self, Format};
    use tantivy::DocSet;
    use tantivy::postings::Postings;
    use tantivy::schema::OwnedValue;

    /// A sentence's values as add_document gave them to a `TantivyDocument`
    /// before vouch had a document of its own, written the plain way: each
    /// in a buffer of its own, the terms from `figure_terms`.
    fn plain_documents(f: &Fields, id: u32, key: &str, doc: &Document) -> Vec<TantivyDocument> {
        let words = doc.words();
        let analysis = crate::engine::quotes::analyze_words(doc, &words);
        let mut out = Vec::new();
        for (ordinal, s) in doc.sentences.iter().enumerate() {
            let text = doc.sentence_text(s);
            if text.trim().is_empty() {
                continue;
            }
            let mut said = Vec::new();
            stored_said(&analysis.said, s.range.clone(), &mut said);
            let stored = StoredSentence {
                source: id,
                ordinal: ordinal as u32,
                line: s.line as u32,
                start: s.range.start as u32,
                block: s.block as u32,
                headline: s.headline,
                text,
                figures: RelativeFigures {
                    figures: &s.figures,
                    start: s.range.start,
                },
                said: &said,
            };
            let mut terms = Vec::new();
            words::each_term(words.of(ordinal), |term, _, _| terms.push(term.to_string()));
            terms.extend(s.figures.iter().flat_map(figure_terms));
            let mut d = TantivyDocument::new();
            d.add_u64(f.source, u64::from(id));
            d.add_u64(f.order, sentence_order(source_order(key), ordinal));
            d.add_bytes(f.sentence, &postcard::to_allocvec(&stored).unwrap());
            d.add_text(f.terms, terms.join(" "));
            for speaker in said.iter().filter_map(|x| x.speaker) {
                d.add_text(f.speaker, speaker);
            }
            out.push(d);
        }
        out
    }

    fn values<D: tantivy::Document>(d: &D) -> Vec<(tantivy::schema::Field, OwnedValue)> {
        d.iter_fields_and_values()
            .map(|(field, v)| (field, OwnedValue::from(v.as_value())))
            .collect()
    }

    /// A term's bytes, its sentence count and its summed frequency.
    type TermCounts = (Vec<u8>, u32, u64);

    /// Every stored sentence of an index, sorted, and every term of the
    /// terms and speaker fields with its sentence and token counts.
    fn index_contents(index: &Index, f: &Fields) -> (Vec<Vec<u8>>, Vec<TermCounts>) {
        let reader = index.reader().unwrap();
        let searcher = reader.searcher();
        let mut stored = Vec::new();
        let mut terms = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in 0..segment.max_doc() {
                let d: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc)).unwrap();
                let bytes = d.get_first(f.sentence).and_then(|v| v.as_bytes()).unwrap();
                stored.push(bytes.to_vec());
            }
            for field in [f.terms, f.speaker, f.source] {
                let inverted = segment.inverted_index(field).unwrap();
                let mut stream = inverted.terms().stream().unwrap();
                while stream.advance() {
                    let info = stream.value();
                    let mut postings = inverted
                        .read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)
                        .unwrap();
                    let mut freqs = 0u64;
                    while postings.doc() != tantivy::TERMINATED {
                        freqs += u64::from(postings.term_freq());
                        postings.advance();
                    }
                    terms.push((stream.key().to_vec(), info.doc_freq, freqs));
                }
            }
        }
        stored.sort();
        terms.sort();
        (stored, terms)
    }

    /// Vouch's sentence documents hold the values the plain documents
    /// held, in the same order, over the seeds and Reuters stories; and an
    /// index made of them stores the same bytes and holds the same terms
    /// as one made of the plain documents, read back through tantivy.
    #[test]
    fn sentence_docs_hold_the_plain_documents_values() {
        let mut texts = text::seed_texts();
        if let Some(paths) = text::reuters_paths(300) {
            texts.extend(paths.iter().map(|p| std::fs::read_to_string(p).unwrap()));
        }
        let (ours, _) = memory_index().unwrap();
        let (plain, _) = memory_index().unwrap();
        let (_, f) = schema::build();
        let mut our_writer: Writer = ours.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut plain_writer: IndexWriter = plain.writer_with_num_threads(1, 15_000_000).unwrap();
        let (mut sentences, mut speakers) = (0, 0);
        for (id, t) in texts.into_iter().enumerate() {
            let key = format!("0:story{id}.txt");
            let doc = Document::analyze(t, Format::Plain);
            let (docs, indexed) = sentence_docs(&f, id as u32, &key, &doc);
            let docs: Vec<SentenceDoc> = docs.collect();
            let want = plain_documents(&f, id as u32, &key, &doc);
            assert_eq!(docs.len(), want.len());
            assert_eq!(indexed.sentences as usize, want.len());
            for (d, w) in docs.iter().zip(&want) {
                assert_eq!(values(d), values(w));
                speakers += values(w).len() - 4;
            }
            sentences += docs.len();
            for d in docs {
                our_writer.add_document(d).unwrap();
            }
            for w in want {
                plain_writer.add_document(w).unwrap();
            }
        }
        our_writer.commit().unwrap();
        plain_writer.commit().unwrap();
        assert!(
            sentences > 2_000 && speakers > 100,
            "{sentences} sentences, {speakers} speakers"
        );
        assert_eq!(index_contents(&ours, &f), index_contents(&plain, &f));
    }
}
