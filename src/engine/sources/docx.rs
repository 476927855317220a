//! A Word document's text: the paragraphs of `word/document.xml`, read with
//! zip and quick-xml (both small and everywhere in the ecosystem; a full
//! docx object model would add weight for nothing vouch uses). The title,
//! author and date come from `docProps/core.xml`.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Metadata, SourceText, clean, paragraphs};

/// Parts larger than this are not read (a zip bomb is not a source).
const MAX_PART: u64 = 64 << 20;

pub fn read(bytes: &[u8]) -> Result<SourceText, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let body = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| "no word/document.xml in it".to_string())?;
    let text = paragraphs(document_paragraphs(&body)?);
    let meta = match part(&mut zip, "docProps/core.xml") {
        Ok(Some(core)) => core_properties(&core),
        _ => Metadata::default(),
    };
    Ok(SourceText::plain(text, meta))
}

fn part<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let mut s = String::new();
    file.take(MAX_PART)
        .read_to_string(&mut s)
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(Some(s))
}

/// The text of each `w:p`: runs' `w:t`, tabs and breaks as spaces.
/// Deleted text (`w:del`, tracked changes) is not part of the document.
fn document_paragraphs(xml: &str) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    let mut deleted = 0usize;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = deleted == 0,
                "del" => deleted += 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" | "br" | "cr" if deleted == 0 => current.push(' '),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "del" => deleted = deleted.saturating_sub(1),
                "p" => out.push(std::mem::take(&mut current)),
                _ => {}
            },
            Event::Text(t) if in_text => current.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => current.push_str(&t),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    current.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                    current.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    Ok(out)
}

/// `dc:title`, `dc:creator` and `dcterms:created` (its date part).
fn core_properties(xml: &str) -> Metadata {
    let mut reader = Reader::from_str(xml);
    let mut meta = Metadata::default();
    let mut field: Option<&'static str> = None;
    let mut value = String::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => {
                field = match e.local_name().as_ref() {
                    "title" => Some("title"),
                    "creator" => Some("creator"),
                    "created" => Some("created"),
                    _ => None,
                };
                value.clear();
            }
            Event::Text(t) if field.is_some() => value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if field.is_some() => {
                if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                    value.push_str(s);
                }
            }
            Event::End(_) => {
                match field.take() {
                    Some("title") => meta.title = clean(&value),
                    Some("creator") => meta.author = clean(&value),
                    Some("created") => {
                        meta.published = clean(&value).map(|v| v.chars().take(10).collect())
                    }
                    _ => {}
                }
                value.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_runs_and_tracked_deletions() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>Aid totals </w:t></w:r><w:r><w:t>$61.4 billion</w:t></w:r><w:del><w:r><w:delText>$6 billion</w:delText></w:r></w:del><w:r><w:t>.</w:t></w:r></w:p>
<w:p><w:r><w:t>Tom &amp; Jerry&#8217;s</w:t><w:tab/><w:t>next</w:t></w:r></w:p>
</w:body></w:document>"#;
        let got = document_paragraphs(xml).unwrap();
        assert_eq!(
            got,
            vec!["Aid totals $61.4 billion.", "Tom & Jerry\u{2019}s next"]
        );
    }

    #[test]
    fn core_properties_are_metadata() {
        let xml = r#"<cp:coreProperties xmlns:cp="a" xmlns:dc="b" xmlns:dcterms="c"><dc:title>Aid report</dc:title><dc:creator>Jane Roe</dc:creator><dcterms:created>2024-11-08T10:00:00Z</dcterms:created></cp:coreProperties>"#;
        let m = core_properties(xml);
        assert_eq!(m.title.as_deref(), Some("Aid report"));
        assert_eq!(m.author.as_deref(), Some("Jane Roe"));
        assert_eq!(m.published.as_deref(), Some("2024-11-08"));
    }

    #[test]
    fn not_a_docx_is_refused() {
        assert!(read(b"PK\x03\x04 broken").is_err());
    }
}
