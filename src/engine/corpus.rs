//! Which files make up a corpus: the source files (text, markdown, web pages,
//! PDF, Word, email) under one or more folders, read recursively, minus
//! excluded globs. Every other file is named in a warning, never dropped
//! silently.

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

/// A corpus file found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Stable identity in the index: root number and relative path.
    pub key: String,
    /// The path as the user would write it: the root as given, joined with
    /// the relative path, with forward slashes.
    pub display: String,
    /// Relative to its root, forward slashes.
    pub rel: String,
    pub abs: PathBuf,
    pub kind: Kind,
    pub size: u64,
    pub mtime_ns: u64,
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

fn slashes(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// The corpus files, sorted, with warnings for what could not be listed.
pub fn discover(spec: &CorpusSpec, warnings: &mut Vec<Warning>) -> Result<Vec<SourceFile>> {
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
    // (the file type comes with the directory's entries); the one stat per
    // file each needs is then made on every core, in that order. At 150,000
    // sources the stats are most of a warm `vouch check`.
    let mut found: Vec<Found> = Vec::new();
    for (r, root) in spec.roots.iter().enumerate() {
        let meta = std::fs::metadata(root)
            .with_context(|| format!("corpus folder {}: cannot be read", root.display()))?;
        if meta.is_file() {
            // A single file given as the corpus.
            found.push(Found::File(
                r,
                root.clone(),
                root.parent().unwrap_or(Path::new(".")).to_path_buf(),
            ));
            continue;
        }
        let mut walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map_or_else(|| slashes(root), slashes);
                    found.push(Found::Warning(Warning {
                        path,
                        problem: format!(
                            "skipped: {}",
                            e.io_error()
                                .map_or_else(|| e.to_string(), |io| io.to_string())
                        ),
                    }));
                    continue;
                }
            };
            if entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.') {
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            let is_dir = entry.file_type().is_dir();
            if entry.depth() > 0
                && entry.path_is_symlink()
                && !spec.links_outside
                && let Some(target) = leads_out(entry.path(), &real_roots)
            {
                found.push(Found::Warning(Warning {
                    path: slashes(entry.path()),
                    problem: format!(
                        "skipped: a link to {}, outside the corpus folder (links-outside = true under [corpus] in vouch.toml follows it)",
                        target.display()
                    ),
                }));
                if is_dir {
                    walker.skip_current_dir();
                }
                continue;
            }
            if is_dir || !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            if exclude.is_match(rel) {
                continue;
            }
            if Kind::of_path(entry.path()).is_none() {
                found.push(Found::Warning(Warning {
                    path: slashes(entry.path()),
                    problem: format!(
                        "skipped: not a source format vouch reads ({})",
                        Kind::all_extensions()
                    ),
                }));
                continue;
            }
            found.push(Found::File(r, entry.into_path(), root.clone()));
        }
    }
    let stated: Vec<Result<Option<SourceFile>, Warning>> = found
        .into_par_iter()
        .map(|f| match f {
            Found::File(r, path, root) => source_file(r, &path, &root, spec),
            Found::Warning(w) => Err(w),
        })
        .collect();
    let mut out = Vec::with_capacity(stated.len());
    for s in stated {
        match s {
            Ok(Some(file)) => out.push(file),
            Ok(None) => {}
            Err(w) => warnings.push(w),
        }
    }
    if out.is_empty() {
        let roots: Vec<String> = spec.roots.iter().map(|r| slashes(r)).collect();
        bail!(
            "corpus {}: no source files ({})",
            roots.join(", "),
            Kind::all_extensions()
        );
    }
    Ok(out)
}

/// Where a link leads when that is outside every corpus folder.
fn leads_out(link: &Path, real_roots: &[PathBuf]) -> Option<PathBuf> {
    let target = std::fs::canonicalize(link).ok()?;
    (!real_roots.iter().any(|r| target.starts_with(r))).then_some(target)
}

/// What the walk found, in its order: a file to stat, or a warning.
enum Found {
    /// Root number, path, root.
    File(usize, PathBuf, PathBuf),
    Warning(Warning),
}

/// A file of the corpus with its size and time; a warning when it cannot
/// be read or is too large; None when it is no source format.
fn source_file(
    root_no: usize,
    path: &Path,
    root: &Path,
    spec: &CorpusSpec,
) -> Result<Option<SourceFile>, Warning> {
    let Some(kind) = Kind::of_path(path) else {
        return Ok(None);
    };
    let meta = std::fs::metadata(path).map_err(|e| Warning {
        path: slashes(path),
        problem: format!("skipped: {e}"),
    })?;
    if meta.len() > spec.max_file_bytes {
        return Err(Warning {
            path: slashes(path),
            problem: too_large(meta.len(), spec.max_file_bytes),
        });
    }
    let rel = slashes(path.strip_prefix(root).unwrap_or(path));
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    Ok(Some(SourceFile {
        key: format!("{root_no}:{rel}"),
        display: slashes(path),
        rel,
        abs: path.to_path_buf(),
        kind,
        size: meta.len(),
        mtime_ns,
    }))
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
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            vec!["a.txt", "d.pdf", "sub/b.md", "sub/deeper/c.markdown"]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(files[0].key, "0:a.txt");
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
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
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
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
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
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
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
