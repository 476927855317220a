//! What the persisted index holds: which files, at which size, time and hash.
//! Compared with the files on disk, it says what to re-index.

use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// Bump when the analysis or the schema changes: older indexes are rebuilt.
pub const FORMAT: u32 = 16;
pub const FILE: &str = "vouch-manifest.json";
/// The manifest of a commit being made, written before the commit; it
/// becomes `FILE` once the commit is done.
pub const NEXT_FILE: &str = "vouch-manifest.next.json";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub engine: String,
    pub next_id: u32,
    /// The tantivy commit this manifest describes: the same token is the
    /// commit's payload, so an index and a manifest that do not belong
    /// together are told apart (0: not committed yet).
    #[serde(default)]
    pub commit: u64,
    pub sources: Vec<SourceInfo>,
}

/// A source in the index, with what the checker shows of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(default)]
    pub kind: crate::engine::sources::Kind,
    pub title: Option<String>,
    /// The publication or sender.
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// Byte offsets where each page starts in the text read (PDF).
    #[serde(default)]
    pub pages: Vec<u32>,
    pub sentences: u32,
    /// Terms the source's sentences hold: the corpus's term count for BM25,
    /// without the deleted sentences tantivy still counts.
    #[serde(default)]
    pub tokens: u64,
    /// The names the source mentions most (stemmed terms of capitalized
    /// words inside sentences): what the story is about, to tell two
    /// accounts of one story from two stories told in the same words.
    #[serde(default)]
    pub names: Vec<String>,
    /// Acronyms the source defines ("demilitarized zone (DMZ)").
    #[serde(default)]
    pub acronyms: Vec<crate::engine::text::acronyms::Acronym>,
    /// The people, organisations and places the source names.
    #[serde(default)]
    pub entities: Vec<crate::engine::quotes::NamedEntity>,
}

impl Manifest {
    pub fn new() -> Self {
        Manifest {
            format: FORMAT,
            engine: env!("CARGO_PKG_VERSION").to_string(),
            next_id: 0,
            commit: 0,
            sources: Vec::new(),
        }
    }

    /// Whether a manifest in `dir` was written by another format or version
    /// of vouch (its index is to be rebuilt, not reported as damaged).
    pub fn outdated(dir: &Path) -> bool {
        #[derive(Deserialize)]
        struct Head {
            format: u32,
            engine: String,
        }
        let Ok(bytes) = std::fs::read(dir.join(FILE)) else {
            return false;
        };
        serde_json::from_slice::<Head>(&bytes)
            .is_ok_and(|h| h.format != FORMAT || h.engine != env!("CARGO_PKG_VERSION"))
    }

    /// The manifest in `dir` of the commit `token`: the manifest file, or the
    /// one written for a commit whose manifest was not moved in place.
    pub fn load(dir: &Path, token: u64) -> Option<Manifest> {
        [FILE, NEXT_FILE].into_iter().find_map(|name| {
            let bytes = std::fs::read(dir.join(name)).ok()?;
            let m: Manifest = serde_json::from_slice(&bytes).ok()?;
            (m.format == FORMAT && m.engine == env!("CARGO_PKG_VERSION") && m.commit == token)
                .then_some(m)
        })
    }

    /// Writes the manifest of a commit about to be made (`NEXT_FILE`).
    pub fn save_next(&self, dir: &Path) -> Result<()> {
        let path = dir.join(NEXT_FILE);
        let written = std::fs::File::create(&path).and_then(|mut f| {
            use std::io::Write;
            f.write_all(&serde_json::to_vec(self)?)?;
            f.sync_data()
        });
        if written.is_err() {
            let _ = std::fs::remove_file(&path);
        }
        written.with_context(|| format!("index {}: cannot write manifest", dir.display()))
    }

    /// Makes the manifest of the commit just made the manifest (a rename:
    /// atomic). Should it fail, opening the index finds `NEXT_FILE` instead.
    pub fn promote(dir: &Path) -> Result<()> {
        std::fs::rename(dir.join(NEXT_FILE), dir.join(FILE))
            .with_context(|| format!("index {}: cannot write manifest", dir.display()))
    }
}
