//! A document read for checking: its prose, sentences, lines and figures.
//! Drafts and sources go through the same analysis, so they compare alike.

use std::ops::Range;

use super::figures::{self, Figure, SentenceKind};
use super::text::words::{Word, words_into};
use super::text::{self, BlockKind, Format, Prose, lines::LineIndex, sentences};

/// A sentence of a document and the figures in it.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub range: Range<usize>,
    /// Index of its block in `Document::prose.blocks`.
    pub block: usize,
    /// 0-based line where the sentence starts.
    pub line: usize,
    pub headline: bool,
    pub figures: Vec<Figure>,
}

/// The words of each sentence of a document ([`Document::words`]).
#[derive(Debug, Clone, Default)]
pub struct SentenceWords<'a> {
    words: Vec<Word<'a>>,
    /// Where each sentence's words end in `words`.
    ends: Vec<usize>,
}

impl<'a> SentenceWords<'a> {
    /// The words of sentence `ordinal` (its place in `Document::sentences`).
    pub fn of(&self, ordinal: usize) -> &[Word<'a>] {
        let start = if ordinal == 0 {
            0
        } else {
            self.ends[ordinal - 1]
        };
        &self.words[start..self.ends[ordinal]]
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub format: Format,
    pub prose: Prose,
    pub lines: LineIndex,
    pub sentences: Vec<Sentence>,
}

impl Document {
    pub fn analyze(text: String, format: Format) -> Document {
        let prose = text::prose(&text, format);
        let lines = LineIndex::new(&text);
        let mut out = Vec::new();
        for (b, block) in prose.blocks.iter().enumerate() {
            let headline = block.kind.is_headline();
            for range in sentences::split(&prose.text, block.range.clone()) {
                let kind = if headline {
                    SentenceKind::Headline
                } else {
                    SentenceKind::Prose
                };
                let figures = figures::extract(&prose.text, range.clone(), kind);
                out.push(Sentence {
                    line: lines.line(range.start),
                    range,
                    block: b,
                    headline,
                    figures,
                });
            }
        }
        Document {
            text,
            format,
            prose,
            lines,
            sentences: out,
        }
    }

    /// Every sentence's words, split once for all who read them (the
    /// quote and speaker analysis, the index's terms): the same words as
    /// `words(&prose.text, s.range)` for each sentence `s`, in one vector.
    pub fn words(&self) -> SentenceWords<'_> {
        let text = &self.prose.text;
        // About one word in six bytes of prose.
        let bytes: usize = self.sentences.iter().map(|s| s.range.len()).sum();
        let mut words = Vec::with_capacity(bytes / 6 + 1);
        let mut ends = Vec::with_capacity(self.sentences.len());
        for s in &self.sentences {
            words_into(text, s.range.clone(), &mut words);
            ends.push(words.len());
        }
        SentenceWords { words, ends }
    }

    /// The prose of a sentence (non-prose bytes blanked).
    pub fn sentence_text(&self, s: &Sentence) -> &str {
        &self.prose.text[s.range.clone()]
    }

    /// The document's title: front matter, a title line, or its first heading.
    pub fn title(&self) -> Option<String> {
        if self.format == Format::Markdown
            && let Some(fm) = text::markdown::front_matter(&self.text)
            && let Some(t) = fm.get("title")
        {
            return Some(t.to_string());
        }
        let first = self.prose.blocks.first()?;
        let heading = match self.format {
            Format::Plain => (first.kind == BlockKind::Title).then_some(first),
            Format::Markdown => self
                .prose
                .blocks
                .iter()
                .find(|b| b.kind == BlockKind::Heading),
        }?;
        let title = self.prose.text[heading.range.clone()].trim();
        (!title.is_empty()).then(|| title.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// A front matter field of a markdown document.
    pub fn front_matter(&self, key: &str) -> Option<String> {
        if self.format != Format::Markdown {
            return None;
        }
        text::markdown::front_matter(&self.text)?
            .get(key)
            .map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_lines_and_figures() {
        let text = "A Title\n\nFirst one has 20%. Second has $5 million.\nThird line in 2018.\n";
        let doc = Document::analyze(text.into(), Format::Plain);
        let got: Vec<(usize, &str, usize)> = doc
            .sentences
            .iter()
            .map(|s| (s.line, doc.sentence_text(s), s.figures.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, "A Title", 0),
                (2, "First one has 20%.", 1),
                (2, "Second has $5 million.", 1),
                (3, "Third line in 2018.", 1),
            ]
        );
        assert_eq!(doc.title().as_deref(), Some("A Title"));
    }

    /// One split of the whole document gives each sentence the words a
    /// split of that sentence alone gives.
    #[test]
    fn sentence_words_are_each_sentences_words() {
        let mut texts: Vec<String> = vec![
            "# U.S. aid\n\nThe U.S.-Russia talks don't end. Kyiv’s 2,000 troops.\n\n- a list item\n".into(),
            String::new(),
            "...\n\n!!".into(),
        ];
        texts.extend(text::seed_texts());
        for t in texts {
            let doc = Document::analyze(t, Format::Markdown);
            let ws = doc.words();
            let mut total = 0;
            for (i, s) in doc.sentences.iter().enumerate() {
                let alone = text::words::words(&doc.prose.text, s.range.clone());
                assert_eq!(ws.of(i), alone.as_slice(), "{:?}", doc.sentence_text(s));
                total += alone.len();
            }
            assert_eq!(ws.words.len(), total);
        }
    }

    #[test]
    fn markdown_titles() {
        let doc = Document::analyze(
            "---\ntitle: From FM\n---\n# Heading\n".into(),
            Format::Markdown,
        );
        assert_eq!(doc.title().as_deref(), Some("From FM"));
        let doc = Document::analyze("Intro.\n\n# Heading One\n".into(), Format::Markdown);
        assert_eq!(doc.title().as_deref(), Some("Heading One"));
    }

    #[test]
    fn code_is_not_checked() {
        let doc = Document::analyze(
            "Text with 5 apples.\n\n```\n45 billion\n```\n".into(),
            Format::Markdown,
        );
        let figures: usize = doc.sentences.iter().map(|s| s.figures.len()).sum();
        assert_eq!(figures, 1);
    }
}
