//! Plain-text prose: paragraphs are lines, or runs of hard-wrapped lines.
//!
//! News text files come two ways: one paragraph per line (with or without blank
//! lines between), or paragraphs hard-wrapped at a fixed width. A line break is
//! a soft wrap when the line before it is long and stops mid-sentence.

use super::{Block, BlockKind, Prose};

/// A line this long that stops without closing punctuation was wrapped, not ended.
const WRAP_WIDTH: usize = 55;
/// A one-line block shorter than this without closing punctuation reads as a heading.
const HEADING_MAX: usize = 100;

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '”', '’', ')', '…'])
}

fn is_wrapped(line: &str) -> bool {
    line.trim_end().chars().count() >= WRAP_WIDTH && !ends_sentence(line)
}

/// The prose of a plain-text document: all of it, in blocks.
pub fn prose(src: &str) -> Prose {
    let mut blocks: Vec<Block> = Vec::new();
    let mut continues = false;
    let mut lines_in_block = 0;
    for super::lines::Line {
        start: pos, end, ..
    } in super::lines::lines(src)
    {
        let line = &src[pos..end];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continues = false;
        } else {
            let start = pos + (line.len() - line.trim_start().len());
            let stop = pos + line.trim_end().len();
            match blocks.last_mut() {
                Some(last) if continues => {
                    last.range.end = stop;
                    lines_in_block += 1;
                }
                _ => {
                    blocks.push(Block {
                        range: start..stop,
                        kind: BlockKind::Paragraph,
                        quoted: false,
                        ignore: None,
                    });
                    lines_in_block = 1;
                }
            }
            if lines_in_block == 1
                && trimmed.chars().count() < HEADING_MAX
                && !ends_sentence(trimmed)
                && !is_wrapped(trimmed)
            {
                let kind = if blocks.len() == 1 {
                    BlockKind::Title
                } else {
                    BlockKind::Heading
                };
                if let Some(last) = blocks.last_mut() {
                    last.kind = kind;
                }
            } else if let Some(last) = blocks.last_mut()
                && lines_in_block > 1
            {
                last.kind = BlockKind::Paragraph;
            }
            continues = is_wrapped(trimmed);
        }
    }
    Prose {
        text: src.to_string(),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(src: &str) -> Vec<(BlockKind, &str)> {
        prose(src)
            .blocks
            .iter()
            .map(|b| (b.kind, &src[b.range.clone()]))
            .collect()
    }

    #[test]
    fn lines_are_paragraphs() {
        use BlockKind::*;
        let src = "A Title Here\n\nFirst paragraph ends.\nSecond one ends.\nA Heading\nThird.\n";
        assert_eq!(
            blocks(src),
            vec![
                (Title, "A Title Here"),
                (Paragraph, "First paragraph ends."),
                (Paragraph, "Second one ends."),
                (Heading, "A Heading"),
                (Paragraph, "Third."),
            ]
        );
    }

    #[test]
    fn wrapped_lines_join() {
        use BlockKind::*;
        let src = "Title\n\nThis paragraph was wrapped at a fixed width by the wire and\ncontinues on the next line.\n\nNext.";
        assert_eq!(
            blocks(src),
            vec![
                (Title, "Title"),
                (
                    Paragraph,
                    "This paragraph was wrapped at a fixed width by the wire and\ncontinues on the next line."
                ),
                (Paragraph, "Next."),
            ]
        );
    }

    #[test]
    fn crlf_is_trimmed() {
        let src = "Title\r\n\r\nBody text.\r\n";
        let got = blocks(src);
        assert_eq!(got[1].1, "Body text.");
    }

    #[test]
    fn lone_cr_lines_are_lines() {
        use BlockKind::*;
        let src = "A Title Here\r\rFirst paragraph ends.\rSecond one ends.\r";
        assert_eq!(
            blocks(src),
            vec![
                (Title, "A Title Here"),
                (Paragraph, "First paragraph ends."),
                (Paragraph, "Second one ends."),
            ]
        );
    }
}
