//! Markdown prose: which bytes of a markdown file are prose, found with
//! pulldown-cmark's offset iterator so every range is exact.
//!
//! Front matter, fenced and inline code, HTML, link and image targets,
//! footnote labels and list markers are not prose; they are blanked.
//!
//! `<!-- vouch-ignore: CODE -->` silences a code in a block. It may stand on
//! the line before a paragraph or heading; before a table, a list or a block
//! quote, for every block inside; or inline, inside the block it silences
//! (`| Aid | $5bn <!-- vouch-ignore: figure-mismatch --> |`, or at the end of
//! a list item): a line of its own between two table rows or list items would
//! end the table or split the list.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Block, BlockKind, IgnoreDirective, Prose};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// Collects the text of the block being read.
struct OpenBlock {
    kind: BlockKind,
    range: Option<Range<usize>>,
    /// Directives before the block and inside it.
    ignore: Option<IgnoreDirective>,
}

struct Builder<'a> {
    src: &'a str,
    mask: Vec<u8>,
    blocks: Vec<Block>,
    open: Option<OpenBlock>,
    quote_depth: usize,
    item_depth: usize,
    /// Inside code blocks, HTML blocks or metadata: nothing here is prose.
    opaque_depth: usize,
    /// A directive on its own line, for the next block or container.
    pending_ignore: Option<IgnoreDirective>,
    /// Directives of the tables, lists and quotes the reader is inside.
    container_ignores: Vec<Option<IgnoreDirective>>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Self {
        let mask = src
            .bytes()
            .map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' })
            .collect();
        Builder {
            src,
            mask,
            blocks: Vec::new(),
            open: None,
            quote_depth: 0,
            item_depth: 0,
            opaque_depth: 0,
            pending_ignore: None,
            container_ignores: Vec::new(),
        }
    }

    fn start_block(&mut self, kind: BlockKind) {
        self.close_block();
        self.open = Some(OpenBlock {
            kind,
            range: None,
            ignore: self.pending_ignore.take(),
        });
    }

    /// A table, list or block quote starts: a directive just before it covers it all.
    fn start_container(&mut self) {
        self.close_block();
        self.container_ignores.push(self.pending_ignore.take());
    }

    fn end_container(&mut self) {
        self.close_block();
        self.container_ignores.pop();
    }

    fn close_block(&mut self) {
        if let Some(OpenBlock {
            kind,
            range: Some(range),
            ignore,
        }) = self.open.take()
        {
            if matches!(kind, BlockKind::Paragraph | BlockKind::ListItem)
                && is_citation(&self.mask[range.clone()])
            {
                // Not prose: blank it like any other non-prose.
                for b in &mut self.mask[range] {
                    if *b != b'\n' {
                        *b = b' ';
                    }
                }
                return;
            }
            let ignore = self
                .container_ignores
                .iter()
                .flatten()
                .fold(ignore, |acc, d| {
                    IgnoreDirective::merge(acc.as_ref(), Some(d))
                });
            self.blocks.push(Block {
                range,
                kind,
                quoted: self.quote_depth > 0,
                ignore,
            });
        }
    }

    fn text(&mut self, range: Range<usize>) {
        if self.opaque_depth > 0 {
            return;
        }
        // Text straight inside a list item (a tight list) is a block of its own.
        let kind = if self.item_depth > 0 {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        };
        if self.open.is_none() {
            self.open = Some(OpenBlock {
                kind,
                range: None,
                ignore: self.pending_ignore.take(),
            });
        }
        let Some(open) = self.open.as_mut() else {
            return;
        };
        self.mask[range.clone()].copy_from_slice(&self.src.as_bytes()[range.clone()]);
        open.range = Some(match open.range.take() {
            Some(r) => r.start.min(range.start)..r.end.max(range.end),
            None => range,
        });
    }

    /// A directive on its own line waits for the next block (or container);
    /// an inline one belongs to the block it stands in.
    fn html(&mut self, html: &str, inline: bool) {
        let Some(directive) = IgnoreDirective::parse(html) else {
            return;
        };
        match self.open.as_mut() {
            Some(open) if inline => {
                open.ignore = IgnoreDirective::merge(open.ignore.as_ref(), Some(&directive));
            }
            _ => {
                self.pending_ignore =
                    IgnoreDirective::merge(self.pending_ignore.as_ref(), Some(&directive));
            }
        }
    }

    fn finish(mut self) -> Prose {
        self.close_block();
        // Every byte copied into the mask came from `src` at the same offsets, on
        // char boundaries (events never split a char); the rest is ASCII.
        let text = String::from_utf8(self.mask).unwrap_or_default();
        Prose {
            text,
            blocks: self.blocks,
        }
    }
}

/// Whether a block is a citation, not a claim: a reference-list entry
/// (`[1] Title, Outlet, 2024, https://…`) or a line naming the sources
/// (`Source: …`, `Sources: …`, `Via …`).
fn is_citation(block: &[u8]) -> bool {
    let text = String::from_utf8_lossy(block);
    let text = text.trim_start();
    if let Some(rest) = text.strip_prefix('[') {
        let rest = rest.strip_prefix('^').unwrap_or(rest);
        if let Some(end) = rest.find(']') {
            let label = &rest[..end];
            let after = &rest[end + 1..];
            return !label.is_empty()
                && label.len() <= 12
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
                && (after.starts_with(' ') || after.starts_with(':'));
        }
        return false;
    }
    let head: String = text.chars().take(12).collect::<String>().to_lowercase();
    [
        "source:",
        "sources:",
        "via:",
        "references:",
        "citation:",
        "citations:",
    ]
    .iter()
    .any(|p| head.starts_with(p))
}

/// The prose of a markdown document.
pub fn prose(src: &str) -> Prose {
    let mut b = Builder::new(src);
    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => b.start_block(BlockKind::Paragraph),
                Tag::Heading { .. } => b.start_block(BlockKind::Heading),
                Tag::TableHead | Tag::TableRow => b.start_block(BlockKind::TableRow),
                Tag::Item => {
                    b.close_block();
                    b.item_depth += 1;
                }
                Tag::List(_) | Tag::Table(_) => b.start_container(),
                // A footnote's text cites a source; it is not a claim.
                Tag::FootnoteDefinition(_) => {
                    b.close_block();
                    b.opaque_depth += 1;
                }
                Tag::BlockQuote(_) => {
                    b.start_container();
                    b.quote_depth += 1;
                }
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                    b.close_block();
                    b.opaque_depth += 1;
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableHead | TagEnd::TableRow => {
                    b.close_block()
                }
                TagEnd::List(_) | TagEnd::Table => b.end_container(),
                TagEnd::FootnoteDefinition => {
                    b.close_block();
                    b.opaque_depth -= 1;
                }
                TagEnd::Item => {
                    b.close_block();
                    b.item_depth -= 1;
                }
                TagEnd::BlockQuote(_) => {
                    b.end_container();
                    b.quote_depth -= 1;
                }
                TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                    b.opaque_depth -= 1;
                }
                _ => {}
            },
            Event::Text(_) => b.text(range),
            Event::Html(html) => b.html(&html, false),
            Event::InlineHtml(html) => b.html(&html, true),
            // Inline code, footnote labels, task markers, breaks and rules are not prose.
            _ => {}
        }
    }
    b.finish()
}

/// YAML front matter: its byte range and its `key: value` fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub range: Range<usize>,
    pub fields: Vec<(String, String)>,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// A flat YAML scalar: a double-quoted one with its `\"` and `\\` escapes,
/// a single-quoted one with its `''`, a plain one as it is.
fn yaml_scalar(v: &str) -> String {
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        let inner = &v[1..v.len() - 1];
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        return out;
    }
    if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        return v[1..v.len() - 1].replace("''", "'");
    }
    v.to_string()
}

/// Reads a `---` front matter block at the start of a markdown file. Only flat
/// `key: value` lines are read, which is all vouch needs (title, url, published).
pub fn front_matter(src: &str) -> Option<FrontMatter> {
    let body = src.strip_prefix("\u{feff}").unwrap_or(src);
    let skipped = src.len() - body.len();
    let mut lines = super::lines::lines(body);
    let first = lines.next()?;
    if first.end == first.next || body[first.start..first.end].trim_end() != "---" {
        return None;
    }
    let mut fields = Vec::new();
    for l in lines {
        let line = body[l.start..l.end].trim_end();
        if line == "---" || line == "..." {
            return Some(FrontMatter {
                range: 0..skipped + l.next,
                fields,
            });
        }
        if let Some((key, value)) = line.split_once(':')
            && !key.starts_with([' ', '\t', '-', '#'])
        {
            fields.push((key.trim().to_string(), yaml_scalar(value.trim())));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prose text of each block, whitespace collapsed.
    fn blocks(src: &str) -> Vec<(BlockKind, String)> {
        let p = prose(src);
        assert_eq!(p.text.len(), src.len(), "mask keeps offsets");
        p.blocks
            .iter()
            .map(|b| {
                let t = p.text[b.range.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                (b.kind, t)
            })
            .collect()
    }

    #[test]
    fn what_is_prose() {
        use BlockKind::*;
        let cases: &[(&str, &[(BlockKind, &str)])] = &[
            ("Hello world.", &[(Paragraph, "Hello world.")]),
            (
                "---\ntitle: X 2025\nupdated: 2025-01-12\n---\n\n# Head 5\n\nBody.",
                &[(Heading, "Head 5"), (Paragraph, "Body.")],
            ),
            ("Use `45 billion` here.", &[(Paragraph, "Use here.")]),
            ("```\n45 billion\n```\n\nAfter.", &[(Paragraph, "After.")]),
            (
                "Read the [report](https://x.com/2024/3391) now.",
                &[(Paragraph, "Read the report now.")],
            ),
            ("![alt 7](img/9.png)", &[(Paragraph, "alt 7")]),
            (
                "A claim.[^1]\n\n[^1]: Source 4.",
                &[(Paragraph, "A claim.")],
            ),
            (
                "- one 1\n- two 2\n",
                &[(ListItem, "one 1"), (ListItem, "two 2")],
            ),
            (
                "1. first\n2. second\n",
                &[(ListItem, "first"), (ListItem, "second")],
            ),
            ("- [x] done 3\n", &[(ListItem, "done 3")]),
            (
                "| a | b |\n|---|---|\n| DMZ | 800 miles |\n",
                &[(TableRow, "a b"), (TableRow, "DMZ 800 miles")],
            ),
            ("<div>\n5 things\n</div>\n\nText.", &[(Paragraph, "Text.")]),
            ("Inline <b>bold</b> 5.", &[(Paragraph, "Inline bold 5.")]),
            ("> quoted 5\n", &[(Paragraph, "quoted 5")]),
            (
                "- outer\n  - inner\n",
                &[(ListItem, "outer"), (ListItem, "inner")],
            ),
        ];
        for (src, want) in cases {
            let got = blocks(src);
            let want: Vec<(BlockKind, String)> =
                want.iter().map(|(k, t)| (*k, t.to_string())).collect();
            assert_eq!(got, want, "{src:?}");
        }
    }

    #[test]
    fn block_quotes_are_marked() {
        let p = prose("Plain.\n\n> Quoted.\n");
        assert!(!p.blocks[0].quoted);
        assert!(p.blocks[1].quoted);
    }

    #[test]
    fn ignore_directive_applies_to_next_block_only() {
        let p = prose("<!-- vouch-ignore: figure-mismatch -->\nFirst 5.\n\nSecond 6.\n");
        assert_eq!(p.blocks.len(), 2);
        let d = p.blocks[0].ignore.as_ref().expect("directive");
        assert!(d.silences("figure-mismatch"));
        assert!(!d.silences("misquote"));
        assert!(p.blocks[1].ignore.is_none());
    }

    /// Each block's text and the codes its directive silences ("*" for all).
    fn ignored(src: &str) -> Vec<(String, Option<String>)> {
        let p = prose(src);
        p.blocks
            .iter()
            .map(|b| {
                let text = p.text[b.range.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let codes = b.ignore.as_ref().map(|d| {
                    if d.codes.is_empty() {
                        "*".to_string()
                    } else {
                        d.codes.join(",")
                    }
                });
                (text, codes)
            })
            .collect()
    }

    #[test]
    fn ignore_directives_inline_and_before_containers() {
        type Want<'a> = &'a [(&'a str, Option<&'a str>)];
        let own = |t: &str, c: Option<&str>| (t.to_string(), c.map(str::to_string));
        let cases: &[(&str, Want)] = &[
            // Inline in a table cell: that row only.
            (
                "| a | b |\n|---|---|\n| x | 5 <!-- vouch-ignore: m --> |\n| y | 6 |\n",
                &[("a b", None), ("x 5", Some("m")), ("y 6", None)],
            ),
            // Inline at the end of a list item.
            (
                "- one 1 <!-- vouch-ignore -->\n- two 2\n",
                &[("one 1", Some("*")), ("two 2", None)],
            ),
            // Before a table or a list: all of it; merged with inline ones.
            (
                "<!-- vouch-ignore: m -->\n| a | b |\n|---|---|\n| x | 5 <!-- vouch-ignore: q --> |\n\nAfter 7.\n",
                &[("a b", Some("m")), ("x 5", Some("q,m")), ("After 7.", None)],
            ),
            (
                "<!-- vouch-ignore: m -->\n- one 1\n- two 2\n\nAfter 7.\n",
                &[
                    ("one 1", Some("m")),
                    ("two 2", Some("m")),
                    ("After 7.", None),
                ],
            ),
            // Inline in a paragraph, and two on the line before.
            (
                "Text 5 <!-- vouch-ignore: m -->\nmore.\n\n<!-- vouch-ignore: a -->\n<!-- vouch-ignore: b -->\nNext 6.\n",
                &[("Text 5 more.", Some("m")), ("Next 6.", Some("a,b"))],
            ),
            // In a quote, inline.
            (
                "> Quoted 5 <!-- vouch-ignore: m -->\n>\n> Second 6.\n",
                &[("Quoted 5", Some("m")), ("Second 6.", None)],
            ),
        ];
        for (src, want) in cases {
            let want: Vec<_> = want.iter().map(|(t, c)| own(t, *c)).collect();
            assert_eq!(ignored(src), want, "{src:?}");
        }
    }

    #[test]
    fn multibyte_text_keeps_offsets() {
        let src = "Zelenskyy’s “excellent” 🇺🇦 talk `code ✓` ends.";
        let p = prose(src);
        assert_eq!(p.text.len(), src.len());
        assert!(p.text.contains("“excellent”"));
        assert!(!p.text.contains('✓'));
    }

    #[test]
    fn citations_are_not_prose() {
        let src = "Aid was $61.4 billion.[^1]\n\n[1] Aid to Ukraine, Seed Wire, 2024-11-08, https://x.example/a\n\n\
Sources: Seed Wire, 8 November 2024.\n\n[ref]: https://x.example/b \"Report 2024\"\n\n\
[^1]: Aid to Ukraine, Seed Wire, 2024-11-08, <https://x.example/a>, line 11.\n\n\
[Under 5](https://x.example) readers wrote in.\n";
        let p = prose(src);
        let blocks: Vec<&str> = p.blocks.iter().map(|b| &p.text[b.range.clone()]).collect();
        assert_eq!(blocks.len(), 2, "{blocks:?}");
        assert_eq!(blocks[0], "Aid was $61.4 billion.");
        // A link is prose: only a block that starts as a reference is a citation.
        assert!(blocks[1].starts_with("Under 5") && blocks[1].ends_with("readers wrote in."));
        for gone in ["2024-11-08", "8 November", "Report 2024", "line 11"] {
            assert!(!p.text.contains(gone), "{gone}");
        }
    }

    #[test]
    fn front_matter_fields() {
        let fm = front_matter("---\ntitle: \"A: B\"\nurl: https://x.y/z\n---\nbody").unwrap();
        assert_eq!(fm.get("title"), Some("A: B"));
        assert_eq!(fm.get("URL"), Some("https://x.y/z"));
        assert_eq!(fm.range, 0..41);
        assert!(front_matter("no front matter\n---\n").is_none());
        let fm =
            front_matter("---\na: \"Aid: the \\\"facts\\\"\"\nb: 'it''s'\nc: plain 'x'\n---\n")
                .unwrap();
        assert_eq!(fm.get("a"), Some("Aid: the \"facts\""));
        assert_eq!(fm.get("b"), Some("it's"));
        assert_eq!(fm.get("c"), Some("plain 'x'"));
        assert!(front_matter("---\nunterminated: yes\n").is_none());
        let cr = "---\rtitle: Old Mac\r---\rbody";
        let fm = front_matter(cr).unwrap();
        assert_eq!(fm.get("title"), Some("Old Mac"));
        assert_eq!(&cr[fm.range.clone()], "---\rtitle: Old Mac\r---\r");
    }
}
