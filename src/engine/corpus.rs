//! Which files make up a corpus: the source files (text, markdown, web pages,
//! PDF, Word, email) under one or more folders, read recursively, minus
//! excluded globs. Every other file is named in a warning, never dropped
//! silently.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use anyhow::{Context, Result, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use super::sources::{Kind, read_bytes, too_large, utf8_text};

/// The folders of a corpus and the globs left out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusSpec {
    pub roots: Vec<PathBuf>,
    /// Globs matched against paths relative to their root ("drafts/**").
    pub exclude: Vec<String>,
    /// A larger file is skipped with a warning.
    pub max_file_bytes: u64,
    /// Whether a link that leads out of the corpus folders is followed. It
    /// is not by default: a source must not be a file from elsewhere on the
    /// machine, quoted under an innocent name.
    pub links_outside: bool,
}

/// The largest corpus file read by default: far above any article,
/// transcript or report, far below what would stall indexing.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

impl Default for CorpusSpec {
    fn default() -> Self {
        CorpusSpec {
            roots: Vec::new(),
            exclude: Vec::new(),
            max_file_bytes: MAX_FILE_BYTES,
            links_outside: false,
        }
    }
}

/// A corpus file found on disk: its path, held once (at 150,000 sources a
/// string per form of it is tens of megabytes a warm start allocates and
/// fills), with its size and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The root as given joined with the path relative to it.
    pub abs: PathBuf,
    /// Which corpus folder it is under (its place in the spec's roots).
    pub root: usize,
    /// Where the path relative to the root starts in `abs`, in bytes.
    rel_at: usize,
    pub kind: Kind,
    pub size: u64,
    pub mtime_ns: u64,
}

impl SourceFile {
    /// The path as the user would write it: the root as given, joined with
    /// the relative path, with forward slashes.
    pub fn display(&self) -> Cow<'_, str> {
        slashes(&self.abs)
    }

    /// Relative to its root, forward slashes.
    pub fn rel(&self) -> Cow<'_, str> {
        slashes(Path::new(rel_of(&self.abs, self.rel_at)))
    }

    /// Stable identity in the index: root number and relative path.
    pub fn key(&self) -> String {
        format!("{}:{}", self.root, self.rel())
    }
}

/// Something wrong with one file; the rest of the corpus is still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    pub problem: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.problem)
    }
}

/// A path with forward slashes, as vouch shows paths on every system.
pub fn slashes(p: &Path) -> Cow<'_, str> {
    let s = p.to_string_lossy();
    if s.contains('\\') {
        Cow::Owned(s.replace('\\', "/"))
    } else {
        s
    }
}

/// The corpus files, sorted, with warnings for what could not be listed.
pub fn discover(spec: &CorpusSpec, warnings: &mut Vec<Warning>) -> Result<Vec<SourceFile>> {
    discover_listed(spec, warnings).map(|(files, _)| files)
}

/// The folders a walk listed, each with its modification time taken just
/// before it was listed. While no folder's time has changed, listing them
/// again finds the same names: a file added, removed or renamed changes its
/// folder's time. A file edited in place does not (it changes its own), so
/// whoever trusts a listing still stats each file it lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Root number, path relative to the root ("" for the root itself,
    /// forward slashes) and modification time in nanoseconds.
    pub folders: Vec<(usize, String, u64)>,
    /// Whether the files found follow from the listings and their own
    /// stats alone: no link followed, nothing unreadable, no file too
    /// large, no single file given as a corpus folder.
    pub complete: bool,
    /// The warnings that follow from the listings alone (files of a format
    /// vouch does not read): the same for as long as the folders are.
    pub format_warnings: Vec<Warning>,
    /// When the walk started, in nanoseconds since the epoch.
    pub started_ns: u64,
}

/// [`discover`], with what the walk listed.
pub fn discover_listed(
    spec: &CorpusSpec,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<SourceFile>, Listing)> {
    let warned_before = warnings.len();
    let mut listing = Listing {
        complete: true,
        started_ns: std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
        ..Listing::default()
    };
    if spec.roots.is_empty() {
        bail!("no corpus folder given");
    }
    let exclude = exclude_set(&spec.exclude)?;
    // Where the corpus really is, to tell links that lead out of it.
    let real_roots: Vec<PathBuf> = spec
        .roots
        .iter()
        .filter_map(|r| std::fs::canonicalize(r).ok())
        .collect();
    // The walk finds the files in order without reading their metadata
    // (the file type comes with the folder's entries); the one stat per
    // file each needs is then made on every core, in that order. At 150,000
    // sources the walk and the stats are most of a warm `vouch check`.
    let mut found: Vec<Found> = Vec::new();
    for (r, root) in spec.roots.iter().enumerate() {
        let meta = std::fs::metadata(root)
            .with_context(|| format!("corpus folder {}: cannot be read", root.display()))?;
        if meta.is_file() {
            // A single file given as the corpus.
            listing.complete = false;
            if let Some(kind) = Kind::of_path(root) {
                let parent = root.parent().unwrap_or(Path::new(""));
                found.push(Found::File(Listed::new(r, root.clone(), parent, kind, 0)));
            }
            continue;
        }
        let mut walk = Walk {
            root: r,
            root_path: root,
            spec,
            exclude: &exclude,
            real_roots: &real_roots,
            found: &mut found,
            folders: 0,
            ancestors: Vec::new(),
            listing: &mut listing,
        };
        let real = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        walk.folder(root, real);
    }
    // The one stat per file is made relative to its folder, which is
    // opened once for up to `STAT_CHUNK` of its files (a stat by the whole
    // path walks every folder of it again), in chunks on every core; the
    // results keep the walk's order.
    let count = found.len();
    let mut chunks: Vec<Vec<Found>> = Vec::new();
    for f in found {
        let joins = chunks.last().is_some_and(|c| {
            c.len() < STAT_CHUNK
                && match (&c[0], &f) {
                    (Found::File(a), Found::File(b)) => a.folder == b.folder,
                    _ => false,
                }
        });
        match chunks.last_mut() {
            Some(c) if joins => c.push(f),
            _ => chunks.push(vec![f]),
        }
    }
    let stated: Vec<Vec<Result<SourceFile, Warning>>> = chunks
        .into_par_iter()
        .map(|c| stat_chunk(c, spec))
        .collect();
    let mut out = Vec::with_capacity(count);
    for s in stated.into_iter().flatten() {
        match s {
            Ok(file) => out.push(file),
            Err(w) => warnings.push(w),
        }
    }
    // Any warning but a file's format depends on more than the listings.
    if warnings.len() - warned_before != listing.format_warnings.len() {
        listing.complete = false;
    }
    if out.is_empty() {
        let roots: Vec<String> = spec.roots.iter().map(|r| slashes(r).into_owned()).collect();
        bail!(
            "corpus {}: no source files ({})",
            roots.join(", "),
            Kind::all_extensions()
        );
    }
    Ok((out, listing))
}

/// Whether each of `files` still has the size and modification time it is
/// given: `file` says its root number, path relative to that root (forward
/// slashes), size and time. One stat per file, by its name relative to its
/// folder (opened once per run of its files), on every core, with nothing
/// allocated per file: what is left of telling a corpus unchanged once its
/// folders' listings are known to be (see [`Listing`]).
pub fn unchanged<T: Sync>(
    roots: &[PathBuf],
    files: &[T],
    file: impl Fn(&T) -> Option<(usize, &str, u64, u64)> + Sync,
) -> bool {
    files.par_chunks(STAT_CHUNK).all(|chunk| {
        let mut open: Option<(usize, &str, Option<Folder>)> = None;
        chunk.iter().all(|f| {
            let Some((root, rel, size, mtime_ns)) = file(f) else {
                return false;
            };
            let Some(root_path) = roots.get(root) else {
                return false;
            };
            let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
            if !open
                .as_ref()
                .is_some_and(|(r, d, _)| *r == root && *d == folder)
            {
                open = Some((root, folder, Folder::open(&root_path.join(folder))));
            }
            let stat = match open.as_ref().and_then(|(_, _, d)| d.as_ref()) {
                Some(d) => d.stat(std::ffi::OsStr::new(name)),
                None => Stat::of(&root_path.join(rel)),
            };
            stat.is_ok_and(|s| s.size == size && s.mtime_ns == mtime_ns)
        })
    })
}

/// A path's modification time in nanoseconds since the epoch (links
/// followed).
pub fn modified_ns(path: &Path) -> Option<u64> {
    let meta = std::fs::metadata(path).ok()?;
    let d = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(d.as_nanos() as u64)
}

/// Where a link leads when that is outside every corpus folder.
fn leads_out(link: &Path, real_roots: &[PathBuf]) -> Option<PathBuf> {
    let target = std::fs::canonicalize(link).ok()?;
    (!real_roots.iter().any(|r| target.starts_with(r))).then_some(target)
}

/// What the walk found, in its order: a file to stat, or a warning.
enum Found {
    File(Listed),
    Warning(Warning),
}

/// A source file the walk listed, not stat'ed yet.
struct Listed {
    root: usize,
    path: PathBuf,
    /// Where its path relative to the root starts.
    rel_at: usize,
    kind: Kind,
    /// The walk's number for the folder it is in.
    folder: usize,
}

impl Listed {
    /// `path` is `root` joined with more.
    fn new(root_no: usize, path: PathBuf, root: &Path, kind: Kind, folder: usize) -> Listed {
        let root = root.as_os_str().as_encoded_bytes();
        let rel_at = match root.last() {
            None => 0,
            Some(&last) if std::path::is_separator(char::from(last)) => root.len(),
            Some(_) => root.len() + 1,
        };
        Listed {
            root: root_no,
            rel_at: rel_at.min(path.as_os_str().len()),
            path,
            kind,
            folder,
        }
    }

    /// The path relative to the root.
    fn rel(&self) -> &std::ffi::OsStr {
        rel_of(&self.path, self.rel_at)
    }
}

/// The part of `path` from `at`, a component boundary.
fn rel_of(path: &Path, at: usize) -> &std::ffi::OsStr {
    let bytes = path.as_os_str().as_encoded_bytes();
    // SAFETY: `at` is where a component starts (after the root and its
    // separator), so the bytes from it are an OsStr.
    unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(&bytes[at..]) }
}

/// A walk of one corpus folder: depth first, each folder's entries in the
/// order of their names, hidden ones left out, links followed (to files
/// and folders inside the corpus, or anywhere with `links_outside`), never
/// into a folder the walk is already inside.
struct Walk<'a> {
    root: usize,
    root_path: &'a Path,
    spec: &'a CorpusSpec,
    exclude: &'a GlobSet,
    real_roots: &'a [PathBuf],
    found: &'a mut Vec<Found>,
    /// Folders walked so far: each file carries its folder's number.
    folders: usize,
    /// Where the folders being walked really are, to tell a loop.
    ancestors: Vec<PathBuf>,
    listing: &'a mut Listing,
}

impl Walk<'_> {
    fn warn(&mut self, path: &Path, problem: String) {
        self.found.push(Found::Warning(Warning {
            path: slashes(path).into_owned(),
            problem,
        }));
    }

    /// Lists `dir` (which really is `real`) and what is under it.
    fn folder(&mut self, dir: &Path, real: PathBuf) {
        // The folder's time before its names are read: a name added while
        // they are read changes it after.
        let rel = dir
            .strip_prefix(self.root_path)
            .ok()
            .and_then(|r| r.to_str())
            .map(|r| r.replace('\\', "/"));
        match (rel, modified_ns(dir)) {
            (Some(rel), Some(mtime)) => self.listing.folders.push((self.root, rel, mtime)),
            _ => self.listing.complete = false,
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.warn(dir, format!("skipped: {e}")),
        };
        let mut listed: Vec<(std::ffi::OsString, std::fs::FileType)> = Vec::new();
        for entry in entries {
            match entry.and_then(|e| Ok((e.file_name(), e.file_type()?))) {
                Ok(named) => listed.push(named),
                Err(e) => self.warn(dir, format!("skipped: {e}")),
            }
        }
        listed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.ancestors.push(real);
        let folder = self.folders;
        self.folders += 1;
        for (name, file_type) in listed {
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = dir.join(&name);
            let (is_dir, is_file) = if file_type.is_symlink() {
                // Where a link leads can change without its folder changing.
                self.listing.complete = false;
                if !self.spec.links_outside
                    && let Some(target) = leads_out(&path, self.real_roots)
                {
                    self.warn(
                        &path,
                        format!(
                            "skipped: a link to {}, outside the corpus folder (links-outside = true under [corpus] in vouch.toml follows it)",
                            target.display()
                        ),
                    );
                    continue;
                }
                match std::fs::metadata(&path) {
                    Ok(meta) => (meta.is_dir(), meta.is_file()),
                    Err(e) => {
                        self.warn(&path, format!("skipped: {e}"));
                        continue;
                    }
                }
            } else {
                (file_type.is_dir(), file_type.is_file())
            };
            if is_dir {
                let real = if file_type.is_symlink() {
                    std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone())
                } else {
                    self.ancestors.last().expect("inside a folder").join(&name)
                };
                if self.ancestors.contains(&real) {
                    self.warn(
                        &path,
                        format!(
                            "skipped: a link to {}, a folder it is inside",
                            real.display()
                        ),
                    );
                    continue;
                }
                self.folder(&path, real);
                continue;
            }
            if !is_file {
                continue;
            }
            let listed = Listed::new(self.root, path, self.root_path, Kind::Text, folder);
            let rel = Path::new(listed.rel());
            if self.exclude.is_match(rel) {
                continue;
            }
            let Some(kind) = Kind::of_path(&listed.path) else {
                self.warn(
                    &listed.path,
                    format!(
                        "skipped: not a source format vouch reads ({})",
                        Kind::all_extensions()
                    ),
                );
                if let Some(Found::Warning(w)) = self.found.last() {
                    self.listing.format_warnings.push(w.clone());
                }
                continue;
            };
            self.found.push(Found::File(Listed { kind, ..listed }));
        }
        self.ancestors.pop();
    }
}

/// The most files of one folder stat'ed through one opening of it.
const STAT_CHUNK: usize = 1024;

/// The files of a chunk (all in one folder) with their size and time, or a
/// warning when one cannot be read or is too large; warnings pass through.
fn stat_chunk(chunk: Vec<Found>, spec: &CorpusSpec) -> Vec<Result<SourceFile, Warning>> {
    let folder = match chunk.first() {
        Some(Found::File(f)) => f.path.parent().and_then(Folder::open),
        _ => None,
    };
    chunk
        .into_iter()
        .map(|f| match f {
            Found::File(listed) => source_file(listed, folder.as_ref(), spec),
            Found::Warning(w) => Err(w),
        })
        .collect()
}

fn source_file(
    listed: Listed,
    folder: Option<&Folder>,
    spec: &CorpusSpec,
) -> Result<SourceFile, Warning> {
    let path = &listed.path;
    let stat = match (folder, path.file_name()) {
        (Some(folder), Some(name)) => folder.stat(name),
        _ => Stat::of(path),
    }
    .map_err(|e| Warning {
        path: slashes(path).into_owned(),
        problem: format!("skipped: {e}"),
    })?;
    if stat.size > spec.max_file_bytes {
        return Err(Warning {
            path: slashes(path).into_owned(),
            problem: too_large(stat.size, spec.max_file_bytes),
        });
    }
    Ok(SourceFile {
        abs: listed.path,
        root: listed.root,
        rel_at: listed.rel_at,
        kind: listed.kind,
        size: stat.size,
        mtime_ns: stat.mtime_ns,
    })
}

/// What the corpus reads of a file's metadata (links followed).
struct Stat {
    size: u64,
    mtime_ns: u64,
}

impl Stat {
    fn of(path: &Path) -> std::io::Result<Stat> {
        let meta = std::fs::metadata(path)?;
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        Ok(Stat {
            size: meta.len(),
            mtime_ns,
        })
    }
}

/// A folder opened to stat its files by name (`fstatat`), on Linux.
#[cfg(target_os = "linux")]
struct Folder(std::fs::File);

#[cfg(target_os = "linux")]
impl Folder {
    fn open(dir: &Path) -> Option<Folder> {
        std::fs::File::open(dir).ok().map(Folder)
    }

    fn stat(&self, name: &std::ffi::OsStr) -> std::io::Result<Stat> {
        use std::os::fd::AsRawFd;
        // The name with its terminating NUL, on the stack for usual names.
        let bytes = name.as_encoded_bytes();
        let mut small = [0u8; 256];
        let mut large = Vec::new();
        let c_name: &[u8] = if bytes.len() < small.len() {
            small[..bytes.len()].copy_from_slice(bytes);
            &small[..=bytes.len()]
        } else {
            large.extend_from_slice(bytes);
            large.push(0);
            &large
        };
        let c_name = std::ffi::CStr::from_bytes_with_nul(c_name)
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: a valid folder descriptor, a NUL-terminated name, and a
        // buffer for one `stat`; flags 0 follow a link as `fs::metadata` does.
        let rc = unsafe { libc::fstatat(self.0.as_raw_fd(), c_name.as_ptr(), st.as_mut_ptr(), 0) };
        if rc != 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: fstatat succeeded, so it filled the buffer.
        let st = unsafe { st.assume_init() };
        let mtime_ns =
            u64::try_from(st.st_mtime).map_or(0, |s| s * 1_000_000_000 + st.st_mtime_nsec as u64);
        Ok(Stat {
            size: st.st_size as u64,
            mtime_ns,
        })
    }
}

/// Elsewhere a file is stat'ed by its path.
#[cfg(not(target_os = "linux"))]
struct Folder;

#[cfg(not(target_os = "linux"))]
impl Folder {
    fn open(_dir: &Path) -> Option<Folder> {
        None
    }

    fn stat(&self, _name: &std::ffi::OsStr) -> std::io::Result<Stat> {
        unreachable!("never opened")
    }
}

fn exclude_set(globs: &[String]) -> Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).with_context(|| format!("exclude pattern {g:?} is not a valid glob"))?);
    }
    Ok(b.build()?)
}

/// Reads a corpus file as text, at most `limit` bytes. Binary, non-UTF-8
/// and larger files are refused with the reason, so the caller can skip
/// them with a warning.
pub fn read_text(path: &Path, limit: u64) -> std::result::Result<String, String> {
    utf8_text(read_bytes(path, limit, true)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_text_and_markdown_recursively() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
        std::fs::create_dir_all(root.join(".hidden")).unwrap();
        for f in [
            "a.txt",
            "sub/b.md",
            "sub/deeper/c.markdown",
            "d.pdf",
            ".hidden/e.txt",
            "sub/skip.txt",
        ] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let spec = CorpusSpec {
            roots: vec![root.to_path_buf()],
            exclude: vec!["sub/skip.txt".into()],
            ..CorpusSpec::default()
        };
        let mut warnings = Vec::new();
        let files = discover(&spec, &mut warnings).unwrap();
        let rels: Vec<String> = files.iter().map(|f| f.rel().into_owned()).collect();
        assert_eq!(
            rels,
            vec!["a.txt", "d.pdf", "sub/b.md", "sub/deeper/c.markdown"]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(files[0].key(), "0:a.txt");
    }

    #[test]
    fn files_of_other_formats_are_named_not_dropped() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["a.txt", "budget.xlsx", "photo.jpg", "page.html", "mail.eml"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        let spec = CorpusSpec {
            roots: vec![dir.path().to_path_buf()],
            exclude: vec!["*.jpg".into()],
            ..CorpusSpec::default()
        };
        let mut warnings = Vec::new();
        let files = discover(&spec, &mut warnings).unwrap();
        let rels: Vec<String> = files.iter().map(|f| f.rel().into_owned()).collect();
        assert_eq!(rels, vec!["a.txt", "mail.eml", "page.html"]);
        // Excluded on purpose is not skipped; an unknown format is named.
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].path.ends_with("budget.xlsx"));
        assert!(
            warnings[0]
                .problem
                .starts_with("skipped: not a source format"),
            "{}",
            warnings[0].problem
        );
    }

    #[test]
    fn empty_or_missing_corpus_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let spec = CorpusSpec {
            roots: vec![dir.path().to_path_buf()],
            ..CorpusSpec::default()
        };
        let err = discover(&spec, &mut Vec::new()).unwrap_err().to_string();
        assert!(err.contains("no source files"), "{err}");
        let spec = CorpusSpec {
            roots: vec![dir.path().join("nope")],
            ..CorpusSpec::default()
        };
        let err = format!("{:#}", discover(&spec, &mut Vec::new()).unwrap_err());
        assert!(
            err.contains("nope") && err.contains("cannot be read"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_corpus_are_skipped_with_a_warning_unless_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(root.join("a.txt"), "a").unwrap();
        std::fs::write(elsewhere.join("secret.txt"), "s").unwrap();
        std::os::unix::fs::symlink(elsewhere.join("secret.txt"), root.join("innocent.txt"))
            .unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join("linked")).unwrap();
        // A link that stays inside the corpus is followed.
        std::os::unix::fs::symlink(root.join("a.txt"), root.join("sub/again.txt")).unwrap();
        let mut spec = CorpusSpec {
            roots: vec![root.clone()],
            ..CorpusSpec::default()
        };
        let mut warnings = Vec::new();
        let files = discover(&spec, &mut warnings).unwrap();
        let rels: Vec<String> = files.iter().map(|f| f.rel().into_owned()).collect();
        assert_eq!(rels, vec!["a.txt", "sub/again.txt"]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings
                .iter()
                .all(|w| w.problem.contains("outside the corpus folder"))
        );
        assert!(warnings[0].path.ends_with("innocent.txt"), "{warnings:?}");
        assert!(warnings[1].path.ends_with("linked"), "{warnings:?}");

        spec.links_outside = true;
        let mut warnings = Vec::new();
        let files = discover(&spec, &mut warnings).unwrap();
        let rels: Vec<String> = files.iter().map(|f| f.rel().into_owned()).collect();
        assert_eq!(
            rels,
            vec![
                "a.txt",
                "innocent.txt",
                "linked/secret.txt",
                "sub/again.txt"
            ]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn the_walk_lists_folders_depth_first_in_name_order_with_each_files_size_and_time() {
        let dir = tempfile::tempdir().unwrap();
        // Given as `corpus/`: the relative paths and keys do not depend on
        // how the folder is written.
        let root = dir.path().join("corpus");
        for f in [
            "b.txt",
            "a.txt",
            "a/z.md",
            "a/b/c.txt",
            "a-b.txt",
            "A.txt",
            "a0/x.txt",
        ] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, f.repeat(3)).unwrap();
        }
        let mut given = root.clone().into_os_string();
        given.push("/");
        let spec = CorpusSpec {
            roots: vec![PathBuf::from(given)],
            ..CorpusSpec::default()
        };
        let mut warnings = Vec::new();
        let files = discover(&spec, &mut warnings).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let rels: Vec<String> = files.iter().map(|f| f.rel().into_owned()).collect();
        // A folder's files come where its name sorts, before "a-b.txt" and
        // "a.txt": the order of the paths compared folder by folder.
        assert_eq!(
            rels,
            [
                "A.txt",
                "a/b/c.txt",
                "a/z.md",
                "a-b.txt",
                "a.txt",
                "a0/x.txt",
                "b.txt"
            ]
        );
        let mut sorted: Vec<&Path> = files.iter().map(|f| f.abs.as_path()).collect();
        sorted.sort();
        assert!(sorted.iter().zip(&files).all(|(p, f)| *p == f.abs));
        for f in &files {
            let meta = std::fs::metadata(&f.abs).unwrap();
            assert_eq!(f.size, meta.len(), "{}", f.display());
            let mtime = meta.modified().unwrap().duration_since(UNIX_EPOCH).unwrap();
            assert_eq!(f.mtime_ns, mtime.as_nanos() as u64, "{}", f.display());
            assert_eq!(f.key(), format!("0:{}", f.rel()));
            assert_eq!(f.display(), format!("{}/{}", root.display(), f.rel()));
        }
        // A file given as the corpus is its own folder's.
        let spec = CorpusSpec {
            roots: vec![root.join("a/z.md")],
            ..CorpusSpec::default()
        };
        let files = discover(&spec, &mut warnings).unwrap();
        assert_eq!((files[0].rel(), files[0].size), ("z.md".into(), 18));
        assert_eq!(files[0].display(), format!("{}/a/z.md", root.display()));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_folder_the_walk_is_inside_is_named_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.txt"), "a").unwrap();
        std::os::unix::fs::symlink(&root, root.join("sub/up")).unwrap();
        std::os::unix::fs::symlink(root.join("gone.txt"), root.join("broken.txt")).unwrap();
        let spec = CorpusSpec {
            roots: vec![root.clone()],
            ..CorpusSpec::default()
        };
        let mut warnings = Vec::new();
        let files = discover(&spec, &mut warnings).unwrap();
        let rels: Vec<String> = files.iter().map(|f| f.rel().into_owned()).collect();
        assert_eq!(rels, ["sub/a.txt"]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].path.ends_with("broken.txt"), "{warnings:?}");
        assert!(warnings[0].problem.starts_with("skipped: "), "{warnings:?}");
        assert!(warnings[1].path.ends_with("sub/up"), "{warnings:?}");
        assert!(
            warnings[1].problem.contains("a folder it is inside"),
            "{warnings:?}"
        );
    }

    #[test]
    fn files_past_the_size_limit_are_skipped_unread() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("small.txt"), "small").unwrap();
        std::fs::write(dir.path().join("big.txt"), "x".repeat(3000)).unwrap();
        let spec = CorpusSpec {
            roots: vec![dir.path().to_path_buf()],
            max_file_bytes: 2000,
            ..CorpusSpec::default()
        };
        let mut warnings = Vec::new();
        let files = discover(&spec, &mut warnings).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].problem.contains("more than"), "{warnings:?}");
        // A file that grew past the limit after it was listed.
        let big = dir.path().join("big.txt");
        let err = read_text(&big, 2000).unwrap_err();
        assert!(err.contains("more than"), "{err}");
        assert_eq!(read_text(&big, 3000).unwrap().len(), 3000);
    }

    #[test]
    fn unreadable_files_are_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin.txt");
        std::fs::write(&bin, b"abc\0def").unwrap();
        assert_eq!(
            read_text(&bin, 1 << 20).unwrap_err(),
            "skipped: binary file"
        );
        let latin1 = dir.path().join("latin1.txt");
        std::fs::write(&latin1, b"caf\xe9").unwrap();
        assert!(
            read_text(&latin1, 1 << 20)
                .unwrap_err()
                .contains("not UTF-8")
        );
        let missing = dir.path().join("missing.txt");
        assert!(
            read_text(&missing, 1 << 20)
                .unwrap_err()
                .starts_with("skipped:")
        );
    }
}
