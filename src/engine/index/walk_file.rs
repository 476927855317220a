//! The corpus folders as the last opening that walked them found them: with
//! it, the next opening tells an unchanged corpus by one stat per folder and
//! one per source (by name, relative to its folder), without listing the
//! folders again, making a path per file or looking each up in the manifest.
//!
//! A file added, removed or renamed changes its folder's modification time.
//! A file edited in place does not: it changes its own, which the stat per
//! source compares with the manifest's. Any difference, and the opening walks
//! the folders as before (`corpus::discover`).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::corpus::{CorpusSpec, Listing, Warning, modified_ns};

pub const FILE: &str = "vouch-walk.bin";
pub const TMP: &str = "vouch-walk.bin.tmp";

/// A folder changed this shortly before it was listed is not trusted: a file
/// system's clock ticks more coarsely than a walk takes (ext4 by a few
/// milliseconds, FAT by 2 s), so a file added right after the listing could
/// leave the folder's time as it was.
const SETTLED_NS: u64 = 3_000_000_000;

/// What the file holds: the commit whose manifest lists exactly the files
/// the walk found, the corpus as the walk was asked for it, and the folders
/// it listed.
#[derive(Debug, Serialize, Deserialize)]
pub struct Walked {
    format: u32,
    pub commit: u64,
    roots: Vec<String>,
    exclude: Vec<String>,
    max_file_bytes: u64,
    links_outside: bool,
    /// Root number, path relative to it, modification time (ns).
    folders: Vec<(u32, String, u64)>,
    /// Path and problem of each file skipped for its format.
    warnings: Vec<(String, String)>,
}

impl Walked {
    /// The walk of `listing` as the one that found the files of the commit
    /// `commit`, when it can be trusted later.
    fn of(commit: u64, spec: &CorpusSpec, listing: &Listing) -> Option<Walked> {
        if !listing.complete || listing.folders.is_empty() {
            return None;
        }
        let settled = |&(_, _, mtime): &(usize, String, u64)| {
            mtime.saturating_add(SETTLED_NS) <= listing.started_ns
        };
        if !listing.folders.iter().all(settled) {
            return None;
        }
        Some(Walked {
            format: super::manifest::FORMAT,
            commit,
            roots: roots_of(spec)?,
            exclude: spec.exclude.clone(),
            max_file_bytes: spec.max_file_bytes,
            links_outside: spec.links_outside,
            folders: listing
                .folders
                .iter()
                .map(|(r, rel, m)| Some((u32::try_from(*r).ok()?, rel.clone(), *m)))
                .collect::<Option<_>>()?,
            warnings: listing
                .format_warnings
                .iter()
                .map(|w| (w.path.clone(), w.problem.clone()))
                .collect(),
        })
    }

    /// Whether this walk was of the corpus `spec` asks for.
    fn is_of(&self, spec: &CorpusSpec) -> bool {
        self.format == super::manifest::FORMAT
            && Some(&self.roots) == roots_of(spec).as_ref()
            && self.exclude == spec.exclude
            && self.max_file_bytes == spec.max_file_bytes
            && self.links_outside == spec.links_outside
    }

    /// Whether every folder the walk listed still has the time it had then:
    /// the same files are in them (their contents may have changed).
    pub fn folders_unchanged(&self, spec: &CorpusSpec) -> bool {
        self.folders.iter().all(|(root, rel, mtime)| {
            spec.roots
                .get(*root as usize)
                .and_then(|r| modified_ns(&r.join(rel)))
                == Some(*mtime)
        })
    }

    /// The warnings the walk gave (files of formats vouch does not read).
    pub fn warnings(&self) -> Vec<Warning> {
        self.warnings
            .iter()
            .map(|(path, problem)| Warning {
                path: path.clone(),
                problem: problem.clone(),
            })
            .collect()
    }
}

/// The roots as given, when each is text.
fn roots_of(spec: &CorpusSpec) -> Option<Vec<String>> {
    spec.roots
        .iter()
        .map(|r| r.to_str().map(str::to_string))
        .collect()
}

/// Saves the walk that found the files of the commit `commit`, when it can
/// be trusted later; otherwise removes the one saved, which no longer is.
/// Failing to save costs only the next opening a walk.
pub fn save(dir: &Path, commit: u64, spec: &CorpusSpec, listing: &Listing) {
    let Some(walked) = Walked::of(commit, spec, listing) else {
        let _ = std::fs::remove_file(dir.join(FILE));
        return;
    };
    let Ok(bytes) = postcard::to_allocvec(&walked) else {
        return;
    };
    let tmp = dir.join(TMP);
    if std::fs::write(&tmp, bytes).is_ok() {
        let _ = std::fs::rename(&tmp, dir.join(FILE));
    }
}

/// The walk saved in `dir`, when it was of the corpus `spec` asks for.
pub fn load(dir: &Path, spec: &CorpusSpec) -> Option<Walked> {
    let bytes = std::fs::read(dir.join(FILE)).ok()?;
    let walked: Walked = postcard::from_bytes(&bytes).ok()?;
    walked.is_of(spec).then_some(walked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(started_ns: u64, mtime: u64) -> Listing {
        Listing {
            folders: vec![(0, String::new(), mtime)],
            complete: true,
            format_warnings: vec![Warning {
                path: "c/x.jpg".into(),
                problem: "skipped".into(),
            }],
            started_ns,
        }
    }

    #[test]
    fn a_walk_is_kept_only_when_it_can_be_trusted_and_for_its_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let spec = CorpusSpec {
            roots: vec!["c".into()],
            ..CorpusSpec::default()
        };
        let now = 100 * SETTLED_NS;
        save(dir.path(), 7, &spec, &listing(now, now - SETTLED_NS));
        let back = load(dir.path(), &spec).expect("saved");
        assert_eq!(back.commit, 7);
        assert_eq!(back.warnings()[0].path, "c/x.jpg");
        // Another corpus (its roots, its globs, its size limit) is another walk.
        for other in [
            CorpusSpec {
                roots: vec!["./c".into()],
                ..spec.clone()
            },
            CorpusSpec {
                exclude: vec!["drafts/**".into()],
                ..spec.clone()
            },
            CorpusSpec {
                max_file_bytes: 10,
                ..spec.clone()
            },
        ] {
            assert!(load(dir.path(), &other).is_none(), "{other:?}");
        }
        // A folder changed just before the walk is not trusted, and the
        // walk saved before is removed: it may no longer hold.
        save(dir.path(), 8, &spec, &listing(now, now - SETTLED_NS / 2));
        assert!(load(dir.path(), &spec).is_none());
        save(dir.path(), 9, &spec, &listing(now, now - SETTLED_NS));
        // Nor a walk that followed a link or could not read something.
        let mut partial = listing(now, now - SETTLED_NS);
        partial.complete = false;
        save(dir.path(), 10, &spec, &partial);
        assert!(load(dir.path(), &spec).is_none());
    }
}
