//! A PDF's text, page by page, with pdf-extract (on lopdf, pure Rust: no
//! poppler to install). Pages are kept apart so evidence names its page; the
//! document's Info dictionary gives its title, author and date.

use pdf_extract::{Document, Object, OutputError, PlainTextOutput, output_doc_page};

use super::{Metadata, SourceText, clean};

/// Reads a PDF. Err is the reason it cannot be read.
pub fn read(bytes: &[u8]) -> Result<SourceText, String> {
    // pdf-extract panics on some malformed files; a bad source is skipped,
    // never the end of the run.
    std::panic::catch_unwind(|| read_unguarded(bytes))
        .unwrap_or_else(|_| Err("the PDF reader failed on it".into()))
}

fn read_unguarded(bytes: &[u8]) -> Result<SourceText, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| e.to_string())?;
    if doc.is_encrypted() {
        doc.decrypt("")
            .map_err(|_| "encrypted with a password".to_string())?;
    }
    let pages = doc.get_pages().len() as u32;
    let mut text = String::new();
    let mut starts = Vec::new();
    for n in 1..=pages {
        let mut page = String::new();
        match output_doc_page(&doc, &mut PlainTextOutput::new(&mut page), n) {
            Ok(()) => {}
            Err(OutputError::PdfError(e)) => return Err(format!("page {n}: {e}")),
            Err(e) => return Err(format!("page {n}: {e:?}")),
        }
        starts.push(text.len() as u32);
        text.push_str(&tidy(&page));
        // A page break ends a paragraph; a sentence running over it is cut.
        text.push_str("\n\n");
    }
    let meta = info(&doc);
    Ok(SourceText {
        text,
        format: super::Format::Plain,
        meta,
        pages: starts,
    })
}

/// The page's paragraphs, one per line with a blank line between: a PDF's
/// lines are wrapped at the page's width, and a paragraph is a run of lines
/// with more space above it (pdf-extract leaves a blank line there). A line
/// ending in a hyphen joins the next without a space, keeping the hyphen.
fn tidy(page: &str) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in page.lines() {
        // Justified lines come out with runs of spaces between words: one
        // space, as the words were written ("Donald  Trump" is one name).
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            if !current.is_empty() {
                paras.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() && !current.ends_with('-') {
            current.push(' ');
        }
        current.push_str(&line);
    }
    if !current.is_empty() {
        paras.push(current);
    }
    let mut out = paras.join("\n\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Title, author and creation date from the document's Info dictionary.
fn info(doc: &Document) -> Metadata {
    let Ok(info) = doc.trailer.get(b"Info").and_then(|o| match o {
        Object::Reference(id) => doc.get_dictionary(*id),
        Object::Dictionary(d) => Ok(d),
        _ => Err(pdf_extract::Error::DictType {
            expected: "Dictionary",
            found: String::new(),
        }),
    }) else {
        return Metadata::default();
    };
    let field = |key: &[u8]| -> Option<String> {
        match info.get(key).ok()? {
            Object::String(bytes, _) => clean(&pdf_string(bytes)),
            _ => None,
        }
    };
    Metadata {
        title: field(b"Title"),
        author: field(b"Author"),
        published: field(b"CreationDate").and_then(|d| pdf_date(&d)),
        ..Metadata::default()
    }
}

/// A PDF text string: UTF-16 with a byte-order mark, else PDFDocEncoding
/// (Latin-1 for the characters titles use).
fn pdf_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    bytes.iter().map(|&b| b as char).collect()
}

/// `D:20240115093000+01'00'` as `2024-01-15`.
fn pdf_date(raw: &str) -> Option<String> {
    let d = raw.strip_prefix("D:").unwrap_or(raw);
    let digits: String = d.chars().take_while(char::is_ascii_digit).collect();
    match digits.len() {
        n if n >= 8 => Some(format!(
            "{}-{}-{}",
            &digits[..4],
            &digits[4..6],
            &digits[6..8]
        )),
        n if n >= 6 => Some(format!("{}-{}", &digits[..4], &digits[4..6])),
        4 | 5 => Some(digits[..4].to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_strings() {
        assert_eq!(
            pdf_date("D:20240115093000+01'00'").as_deref(),
            Some("2024-01-15")
        );
        assert_eq!(pdf_date("D:2024").as_deref(), Some("2024"));
        assert_eq!(pdf_date("garbage"), None);
        assert_eq!(pdf_string(&[0xfe, 0xff, 0, b'A', 0x20, 0x19]), "A\u{2019}");
        assert_eq!(pdf_string(b"Plain"), "Plain");
    }

    #[test]
    fn not_a_pdf_is_refused() {
        assert!(read(b"%PDF-1.4 nonsense").is_err());
        assert!(read(b"hello").is_err());
    }

    #[test]
    fn lines_join_into_paragraphs() {
        assert_eq!(tidy("\n\n a \n\n\n b\n"), "a\n\nb\n");
        assert_eq!(
            tidy("A paragraph wrapped\nat the width, well-\nknown.\n\nNext one.\n"),
            "A paragraph wrapped at the width, well-known.\n\nNext one.\n"
        );
        // A justified line's wide gaps are one space.
        assert_eq!(
            tidy("Donald  Trump met   Vladimir\tPutin.\n"),
            "Donald Trump met Vladimir Putin.\n"
        );
    }
}
