//! What the persisted index holds: which files, at which size, time and hash.
//! Compared with the files on disk, it says what to re-index.

use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// Bump when the analysis or the schema changes: older indexes are rebuilt.
pub const FORMAT: u32 = 16;
pub const FILE: &str = "vouch-manifest.json";
/// The manifest of a commit being made, before it becomes `FILE`.
pub const NEXT_FILE: &str = "vouch-manifest.next.json";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub engine: String,
    pub next_id: u32,
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
            sources: Vec::new(),
        }
    }

    /// The manifest in `dir`, or None when absent or written by another format.
    pub fn load(dir: &Path) -> Option<Manifest> {
        let bytes = std::fs::read(dir.join(FILE)).ok()?;
        let m: Manifest = serde_json::from_slice(&bytes).ok()?;
        (m.format == FORMAT && m.engine == env!("CARGO_PKG_VERSION")).then_some(m)
    }

    /// Writes the manifest atomically (a temporary file, then a rename).
    pub fn save(&self, dir: &Path) -> Result<()> {
        let tmp = dir.join(format!("{FILE}.tmp"));
        std::fs::write(&tmp, serde_json::to_vec(self)?)
            .with_context(|| format!("index {}: cannot write manifest", dir.display()))?;
        std::fs::rename(&tmp, dir.join(FILE))
            .with_context(|| format!("index {}: cannot write manifest", dir.display()))?;
        Ok(())
    }
}
