//! Which files make up a corpus: the source files (text, markdown, web pages,
//! PDF, Word, email) under one or more folders, read recursively, minus
//! excluded globs. Every other file is named in a warning, never dropped
//! silently.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use anyhow::{Context, Result, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};

use super::sources::Kind;

/// The folders of a corpus and the globs left out of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CorpusSpec {
    pub roots: Vec<PathBuf>,
    /// Globs matched against paths relative to their root ("drafts/**").
    pub exclude: Vec<String>,
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
    let mut out = Vec::new();
    for (r, root) in spec.roots.iter().enumerate() {
        let meta = std::fs::metadata(root)
            .with_context(|| format!("corpus folder {}: cannot be read", root.display()))?;
        if meta.is_file() {
            // A single file given as the corpus.
            if let Some(file) =
                source_file(r, root, root.parent().unwrap_or(Path::new(".")), warnings)
            {
                out.push(file);
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map_or_else(|| slashes(root), slashes);
                    warnings.push(Warning {
                        path,
                        problem: format!(
                            "skipped: {}",
                            e.io_error()
                                .map_or_else(|| e.to_string(), |io| io.to_string())
                        ),
                    });
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            if exclude.is_match(rel) {
                continue;
            }
            if Kind::of_path(entry.path()).is_none() {
                warnings.push(Warning {
                    path: slashes(entry.path()),
                    problem: format!(
                        "skipped: not a source format vouch reads ({})",
                        Kind::all_extensions()
                    ),
                });
                continue;
            }
            if let Some(file) = source_file(r, entry.path(), root, warnings) {
                out.push(file);
            }
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

fn source_file(
    root_no: usize,
    path: &Path,
    root: &Path,
    warnings: &mut Vec<Warning>,
) -> Option<SourceFile> {
    let kind = Kind::of_path(path)?;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            warnings.push(Warning {
                path: slashes(path),
                problem: format!("skipped: {e}"),
            });
            return None;
        }
    };
    let rel = slashes(path.strip_prefix(root).unwrap_or(path));
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    Some(SourceFile {
        key: format!("{root_no}:{rel}"),
        display: slashes(path),
        rel,
        abs: path.to_path_buf(),
        kind,
        size: meta.len(),
        mtime_ns,
    })
}

fn exclude_set(globs: &[String]) -> Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).with_context(|| format!("exclude pattern {g:?} is not a valid glob"))?);
    }
    Ok(b.build()?)
}

/// Reads a corpus file as text. Binary and non-UTF-8 files are refused with
/// the reason, so the caller can skip them with a warning.
pub fn read_text(path: &Path) -> std::result::Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("skipped: {e}"))?;
    super::sources::utf8_text(bytes)
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
            exclude: vec![],
        };
        let err = discover(&spec, &mut Vec::new()).unwrap_err().to_string();
        assert!(err.contains("no source files"), "{err}");
        let spec = CorpusSpec {
            roots: vec![dir.path().join("nope")],
            exclude: vec![],
        };
        let err = format!("{:#}", discover(&spec, &mut Vec::new()).unwrap_err());
        assert!(
            err.contains("nope") && err.contains("cannot be read"),
            "{err}"
        );
    }

    #[test]
    fn unreadable_files_are_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin.txt");
        std::fs::write(&bin, b"abc\0def").unwrap();
        assert_eq!(read_text(&bin).unwrap_err(), "skipped: binary file");
        let latin1 = dir.path().join("latin1.txt");
        std::fs::write(&latin1, b"caf\xe9").unwrap();
        assert!(read_text(&latin1).unwrap_err().contains("not UTF-8"));
        let missing = dir.path().join("missing.txt");
        assert!(read_text(&missing).unwrap_err().starts_with("skipped:"));
    }
}
