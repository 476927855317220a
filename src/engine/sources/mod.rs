//! Sources as reporters have them: text and markdown notes, saved web pages,
//! PDF reports, Word documents and emails, each read into the text vouch
//! analyses and the metadata a citation needs (title, outlet, URL, date).
//!
//! Text and markdown are analysed as they are on disk, so their lines are the
//! file's lines. The other formats are reduced to text first: a location in
//! them is named by the page (PDF) or by the file alone.

pub mod docx;
pub mod email;
pub mod html;
pub mod pdf;

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::text::Format;

/// The format of a source file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Text,
    Markdown,
    Html,
    Pdf,
    Docx,
    Email,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Text,
        Kind::Markdown,
        Kind::Html,
        Kind::Pdf,
        Kind::Docx,
        Kind::Email,
    ];

    pub fn of_path(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?;
        Kind::ALL
            .into_iter()
            .find(|k| k.extensions().iter().any(|e| e.eq_ignore_ascii_case(ext)))
    }

    /// The file extensions of the format, the usual one first.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Kind::Text => &["txt"],
            Kind::Markdown => &["md", "markdown"],
            Kind::Html => &["html", "htm", "xhtml"],
            Kind::Pdf => &["pdf"],
            Kind::Docx => &["docx"],
            Kind::Email => &["eml"],
        }
    }

    /// Whether the file's own lines are the lines vouch read, so that
    /// `path:line` opens the sentence in an editor.
    pub fn has_lines(self) -> bool {
        matches!(self, Kind::Text | Kind::Markdown)
    }

    /// Every extension vouch reads, for messages: "txt, md, markdown, …".
    pub fn all_extensions() -> String {
        Kind::ALL
            .iter()
            .flat_map(|k| k.extensions())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What a source says of itself: what a citation prints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    pub title: Option<String>,
    /// The publication or sender: a site's name, an email's sender.
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// The publication date as the source gives it (ISO 8601 where known).
    pub published: Option<String>,
}

impl Metadata {
    /// Fills what this lacks from `other`.
    pub fn or(mut self, other: Metadata) -> Metadata {
        self.title = self.title.or(other.title);
        self.outlet = self.outlet.or(other.outlet);
        self.author = self.author.or(other.author);
        self.url = self.url.or(other.url);
        self.published = self.published.or(other.published);
        self
    }
}

/// A source read for analysis.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The text vouch analyses.
    pub text: String,
    /// How the text is analysed.
    pub format: Format,
    pub meta: Metadata,
    /// Byte offsets in `text` where each page starts (PDF only).
    pub pages: Vec<u32>,
}

impl SourceText {
    fn plain(text: String, meta: Metadata) -> SourceText {
        SourceText {
            text,
            format: Format::Plain,
            meta,
            pages: Vec::new(),
        }
    }
}

/// Reads a source file of at most `limit` bytes. An error is the reason it
/// is skipped ("skipped: …").
pub fn read(path: &Path, kind: Kind, limit: u64) -> Result<SourceText, String> {
    read_sized(path, kind, limit, 0)
}

/// `read` of a file whose size the caller has seen (`size`, a hint: the
/// file may have changed since): its bytes are read into a buffer of that
/// size in one call.
pub fn read_sized(path: &Path, kind: Kind, limit: u64, size: u64) -> Result<SourceText, String> {
    let text = matches!(kind, Kind::Text | Kind::Markdown);
    let bytes = read_bytes_sized(path, limit, text, size)?;
    from_bytes(bytes, kind)
}

/// Reads a source file's bytes, at most `limit`; a larger file is refused
/// with the reason. For a text format, a binary file is told by its first
/// 8 KiB, before the rest is read.
pub fn read_bytes(path: &Path, limit: u64, text: bool) -> Result<Vec<u8>, String> {
    read_bytes_sized(path, limit, text, 0)
}

/// `read_bytes` with the file's size as a hint for the buffer.
fn read_bytes_sized(path: &Path, limit: u64, text: bool, size: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    const HEAD: u64 = 8192;
    /// Room past the expected end, so that the read that finds the end
    /// needs no growth (std reads into a small probe buffer below 32).
    const ROOM: u64 = 32;
    let skipped = |e: std::io::Error| format!("skipped: {e}");
    let mut file = std::fs::File::open(path).map_err(skipped)?;
    let head = HEAD.min(limit.saturating_add(1));
    let capacity = size.min(limit).saturating_add(ROOM);
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(usize::MAX));
    (&mut file)
        .take(head)
        .read_to_end(&mut bytes)
        .map_err(skipped)?;
    if text && bytes.contains(&0) {
        return Err("skipped: binary file".into());
    }
    // Fewer bytes than asked for: read_to_end met the end of the file.
    if bytes.len() as u64 == head {
        file.take(limit.saturating_add(1).saturating_sub(bytes.len() as u64))
            .read_to_end(&mut bytes)
            .map_err(skipped)?;
    }
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// Why a source larger than `limit` is skipped.
pub fn too_large(size: u64, limit: u64) -> String {
    format!(
        "skipped: {}, more than the {} a source may have (source-mb under [limits] in vouch.toml raises it)",
        megabytes(size),
        megabytes(limit)
    )
}

/// Megabytes, for messages.
fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / f64::from(1 << 20);
    if mb >= 10.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// Reads a source from its bytes.
pub fn from_bytes(bytes: Vec<u8>, kind: Kind) -> Result<SourceText, String> {
    let skipped = |kind: Kind, e: String| {
        format!(
            "skipped: not a readable {} file ({e})",
            kind.extensions()[0]
        )
    };
    match kind {
        Kind::Text | Kind::Markdown => {
            let text = utf8_text(bytes)?;
            let format = if kind == Kind::Markdown {
                Format::Markdown
            } else {
                Format::Plain
            };
            Ok(SourceText {
                text,
                format,
                meta: Metadata::default(),
                pages: Vec::new(),
            })
        }
        Kind::Html => Ok(html::read(&decode_lossy(&bytes))),
        Kind::Pdf => pdf::read(&bytes).map_err(|e| skipped(kind, e)),
        Kind::Docx => docx::read(&bytes).map_err(|e| skipped(kind, e)),
        Kind::Email => email::read(&bytes).map_err(|e| skipped(kind, e)),
    }
    .and_then(|mut s| {
        if s.text.trim().is_empty() {
            return Err("skipped: no text in it".to_string());
        }
        // UTF-8 once read as Latin-1 ("SÃ©golÃ¨ne"): repaired (text files
        // already are, by `utf8_text`), except in a PDF, whose page offsets
        // the repair would move.
        if !matches!(kind, Kind::Text | Kind::Markdown | Kind::Pdf)
            && s.pages.is_empty()
            && let std::borrow::Cow::Owned(fixed) = crate::engine::text::mojibake::repair(&s.text)
        {
            s.text = fixed;
        }
        Ok(s)
    })
}

/// A text file's text: binary and non-UTF-8 files are refused with the
/// reason; a byte-order mark is dropped, and UTF-8 once read as Latin-1
/// repaired (`text::mojibake`). The indexer and the server's go to
/// definition both read sources through it, so their offsets agree.
pub fn utf8_text(bytes: Vec<u8>) -> Result<String, String> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err("skipped: binary file".into());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "skipped: not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(match crate::engine::text::mojibake::repair(&text) {
        std::borrow::Cow::Owned(fixed) => fixed,
        std::borrow::Cow::Borrowed(_) => text,
    })
}

/// Web pages and mail bodies in the wild are not always UTF-8: take what
/// decodes and replace the rest, rather than lose the source.
fn decode_lossy(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.strip_prefix('\u{feff}').unwrap_or(&text).to_string()
}

/// Collapses runs of whitespace inside a metadata value; None when empty.
pub fn clean(value: &str) -> Option<String> {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    (!v.is_empty()).then_some(v)
}

/// Paragraphs joined as plain text: one per line, a blank line between, so
/// the plain-text reader sees each as a block.
fn paragraphs(paras: impl IntoIterator<Item = String>) -> String {
    let mut out = String::new();
    for p in paras {
        let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
        if p.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&p);
    }
    out.push('\n');
    out
}

/// A source's path as people see it: relative to the current folder when it
/// is inside it (so a terminal or an editor opens it from there), else as
/// given. Forward slashes.
pub fn shown_path(path: &str) -> String {
    static CWD: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    let p = Path::new(path);
    if p.is_absolute()
        && let Some(cwd) = CWD.get_or_init(|| std::env::current_dir().ok())
        && let Ok(rel) = p.strip_prefix(cwd)
        && !rel.as_os_str().is_empty()
    {
        return rel.to_string_lossy().replace('\\', "/");
    }
    path.replace('\\', "/")
}

/// The date part of an ISO 8601 timestamp (`2024-11-08T10:00:00Z` →
/// `2024-11-08`); other dates as they are.
pub fn short_date(date: &str) -> &str {
    let b = date.as_bytes();
    let iso = b.len() > 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && matches!(b[10], b'T' | b' ');
    if iso { &date[..10] } else { date }
}

/// The 1-based page at byte `offset`, from the pages' start offsets.
pub fn page_at(pages: &[u32], offset: u32) -> Option<u32> {
    if pages.is_empty() {
        return None;
    }
    Some(pages.partition_point(|&p| p <= offset).max(1) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_extensions() {
        let kind = |p: &str| Kind::of_path(Path::new(p));
        assert_eq!(kind("a/b.TXT"), Some(Kind::Text));
        assert_eq!(kind("b.markdown"), Some(Kind::Markdown));
        assert_eq!(kind("page.htm"), Some(Kind::Html));
        assert_eq!(kind("r.pdf"), Some(Kind::Pdf));
        assert_eq!(kind("r.docx"), Some(Kind::Docx));
        assert_eq!(kind("m.eml"), Some(Kind::Email));
        assert_eq!(kind("x.xlsx"), None);
        assert_eq!(kind("noext"), None);
    }

    #[test]
    fn pages_by_offset() {
        let pages = [0, 100, 250];
        assert_eq!(page_at(&pages, 0), Some(1));
        assert_eq!(page_at(&pages, 99), Some(1));
        assert_eq!(page_at(&pages, 100), Some(2));
        assert_eq!(page_at(&pages, 900), Some(3));
        assert_eq!(page_at(&[], 5), None);
    }

    #[test]
    fn text_is_refused_with_a_reason() {
        assert_eq!(
            utf8_text(b"abc\0def".to_vec()).unwrap_err(),
            "skipped: binary file"
        );
        assert!(
            utf8_text(b"caf\xe9".to_vec())
                .unwrap_err()
                .contains("not UTF-8")
        );
        assert_eq!(utf8_text("\u{feff}hi".as_bytes().to_vec()).unwrap(), "hi");
        // UTF-8 once read as Latin-1 is repaired.
        assert_eq!(
            utf8_text("SÃ©golÃ¨ne Royal".as_bytes().to_vec()).unwrap(),
            "Ségolène Royal"
        );
        assert_eq!(
            from_bytes(b"  \n".to_vec(), Kind::Text).unwrap_err(),
            "skipped: no text in it"
        );
    }

    #[test]
    fn a_file_is_read_whole_whatever_size_it_was_said_to_have() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.txt");
        // Around the 8 KiB head, and a size hint that is right, too small
        // (the file grew since it was seen), too large or absent.
        for len in [0, 1, 31, 32, 33, 8191, 8192, 8193, 20_000] {
            let bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            for hint in [0, len / 2, len, len + 1, len * 3 + 7] {
                let read = read_bytes_sized(&path, 1 << 20, true, hint as u64).unwrap();
                assert_eq!(read, bytes, "{len} bytes said to be {hint}");
            }
            // One byte over the limit is refused, at the limit read.
            if len > 0 {
                let limit = len as u64 - 1;
                let refused = read_bytes_sized(&path, limit, true, len as u64).unwrap_err();
                assert!(refused.contains("more than"), "{len}: {refused}");
                let at = read_bytes_sized(&path, len as u64, true, len as u64).unwrap();
                assert_eq!(at, bytes);
            }
        }
        // A binary text file is refused by its head, whatever the hint.
        std::fs::write(&path, b"abc\0def").unwrap();
        assert_eq!(
            read_bytes_sized(&path, 1 << 20, true, 7).unwrap_err(),
            "skipped: binary file"
        );
    }
}
