//! Text handling shared by drafts and sources: which bytes are prose, where
//! sentences start and end, and the normalised words used to compare them.
//!
//! Nothing here deletes text. Non-prose bytes (code, HTML, front matter, link
//! targets) are blanked to spaces in a copy of the input, so every offset in
//! the prose is an offset in the original file and ranges never drift.

pub mod acronyms;
pub mod lines;
pub mod markdown;
pub mod mojibake;
pub mod plain;
pub mod sentences;
pub mod words;

use std::ops::Range;

/// The prose of a document: the input with non-prose bytes blanked, and its blocks.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    /// Same length as the input; bytes that are not prose are spaces (newlines are kept).
    pub text: String,
    pub blocks: Vec<Block>,
}

/// A unit of prose that sentences never cross: a paragraph, heading, list item or table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub range: Range<usize>,
    pub kind: BlockKind,
    /// Inside a markdown block quote.
    pub quoted: bool,
    /// The codes `<!-- vouch-ignore -->` silences here: a directive on the
    /// line before the block, inside it (inline, as in a table cell or at the
    /// end of a list item), or before the table, list or quote holding it.
    pub ignore: Option<IgnoreDirective>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The document's title line (plain-text sources).
    Title,
    Heading,
    Paragraph,
    ListItem,
    TableRow,
}

impl BlockKind {
    /// Titles and headings: headline wording, where "5 things to know" is not a claim.
    pub fn is_headline(self) -> bool {
        matches!(self, BlockKind::Title | BlockKind::Heading)
    }
}

/// Codes silenced in one block; an empty list silences every code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IgnoreDirective {
    pub codes: Vec<String>,
}

impl IgnoreDirective {
    pub fn silences(&self, code: &str) -> bool {
        self.codes.is_empty() || self.codes.iter().any(|c| c == code)
    }

    /// Both directives at once: every code either silences (all codes if
    /// either silences all).
    pub fn merge(a: Option<&Self>, b: Option<&Self>) -> Option<Self> {
        match (a, b) {
            (None, None) => None,
            (Some(x), None) | (None, Some(x)) => Some(x.clone()),
            (Some(x), Some(y)) if x.codes.is_empty() || y.codes.is_empty() => {
                Some(IgnoreDirective::default())
            }
            (Some(x), Some(y)) => {
                let mut codes = x.codes.clone();
                for c in &y.codes {
                    if !codes.contains(c) {
                        codes.push(c.clone());
                    }
                }
                Some(IgnoreDirective { codes })
            }
        }
    }

    /// Parses `<!-- vouch-ignore -->` or `<!-- vouch-ignore: a, b -->`.
    pub fn parse(html: &str) -> Option<Self> {
        let inner = html
            .trim()
            .strip_prefix("<!--")?
            .strip_suffix("-->")?
            .trim();
        let rest = inner.strip_prefix("vouch-ignore")?;
        let rest = rest.trim();
        if rest.is_empty() {
            return Some(IgnoreDirective::default());
        }
        let list = rest.strip_prefix(':')?;
        let codes = list
            .split([',', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        Some(IgnoreDirective { codes })
    }
}

/// The kind of a document, from its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Plain,
}

impl Format {
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "txt" => Some(Format::Plain),
            _ => None,
        }
    }

    /// A draft's format: from its extension, markdown when it has none vouch
    /// knows (drafts are markdown unless they say otherwise).
    pub fn of_draft(path: &std::path::Path) -> Format {
        Format::of_path(path).unwrap_or(Format::Markdown)
    }
}

/// The prose of a document in the given format.
pub fn prose(text: &str, format: Format) -> Prose {
    match format {
        Format::Markdown => markdown::prose(text),
        Format::Plain => plain::prose(text),
    }
}

/// The paths of the first `limit` Reuters-21578 stories in name order, when
/// the dataset stands beside the repository (`../shared`), for tests that
/// hold a fast reading to a plain one over real newswire; None when it is
/// absent (the test then says so and passes: datasets are never required).
#[cfg(test)]
pub(crate) fn reuters_paths(limit: usize) -> Option<Vec<std::path::PathBuf>> {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets/reuters21578/docs");
    let Ok(entries) = std::fs::read_dir(&docs) else {
        eprintln!("skipped: no {}", docs.display());
        return None;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths.truncate(limit);
    Some(paths)
}

/// `text` with every digit changed (d -> 7d + 3 mod 10): the same shapes
/// with other figures, for tests that read real newswire both ways.
#[cfg(test)]
pub(crate) fn digits_changed(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_digit((d * 7 + 3) % 10, 10).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// The seed articles of `corpus/`, for tests that hold a reading of text
/// to another over real news as well as over hand-made sentences.
#[cfg(test)]
pub(crate) fn seed_texts() -> Vec<String> {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(seeds)
        .expect("corpus/")
        .map(|entry| entry.expect("corpus entry").path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| std::fs::read_to_string(path).expect("a seed article"))
        .collect()
}

/// Texts for a test that holds a fast reading to a plain one: `own`
/// (hand-made cases), then the seed articles, then the first `reuters`
/// Reuters-21578 stories when the dataset is there (see `reuters_paths`).
#[cfg(test)]
pub(crate) fn sample_texts(own: &[&str], reuters: usize) -> Vec<String> {
    let mut texts: Vec<String> = own.iter().map(|t| t.to_string()).collect();
    texts.extend(seed_texts());
    if reuters > 0 {
        for path in reuters_paths(reuters).unwrap_or_default() {
            let bytes = std::fs::read(&path).expect("a Reuters story");
            texts.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_directives() {
        let cases = [
            ("<!-- vouch-ignore -->", Some(vec![])),
            (
                "<!-- vouch-ignore: figure-mismatch -->",
                Some(vec!["figure-mismatch"]),
            ),
            ("<!--vouch-ignore:a,b-->\n", Some(vec!["a", "b"])),
            ("<!-- vouch-ignore: a b -->", Some(vec!["a", "b"])),
            ("<!-- something else -->", None),
            ("<!-- vouch-ignored -->", None),
            ("<div>", None),
        ];
        for (html, want) in cases {
            let got = IgnoreDirective::parse(html).map(|d| d.codes);
            let want = want.map(|v| v.into_iter().map(String::from).collect::<Vec<_>>());
            assert_eq!(got, want, "{html}");
        }
    }
}
