//! An email (`.eml`, RFC 5322 with MIME) read with mail-parser (Stalwart's,
//! no dependencies, decodes every charset and transfer encoding): the
//! headers are the metadata (subject, sender, date), the body is the text.
//! An HTML-only body is reduced to text by mail-parser.

use mail_parser::MessageParser;

use super::{Metadata, SourceText, clean};

pub fn read(bytes: &[u8]) -> Result<SourceText, String> {
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| "not an email message".to_string())?;
    let mut body = String::new();
    for i in 0..message.text_body_count() {
        if let Some(part) = message.body_text(i) {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            body.push_str(&part.replace("\r\n", "\n"));
        }
    }
    let from = message.from().and_then(|a| a.first());
    let sender = from.and_then(|a| a.name().or(a.address()).and_then(clean));
    let author = from.map(|a| match (a.name(), a.address()) {
        (Some(n), Some(addr)) => format!("{n} <{addr}>"),
        (Some(n), None) => n.to_string(),
        (None, Some(addr)) => addr.to_string(),
        (None, None) => String::new(),
    });
    let meta = Metadata {
        title: message.subject().and_then(clean),
        outlet: sender,
        author: author.as_deref().and_then(clean),
        url: None,
        published: message.date().map(|d| d.to_rfc3339()),
    };
    Ok(SourceText::plain(body, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_metadata_and_the_body_is_text() {
        let eml = "From: Press Office <press@ministry.example>\r\nTo: desk@paper.example\r\nSubject: =?utf-8?q?Aid_figures_=E2=80=93_update?=\r\nDate: Fri, 8 Nov 2024 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMilitary aid since the invasion totals $61.4 billion.\r\n";
        let s = read(eml.as_bytes()).unwrap();
        assert_eq!(s.meta.title.as_deref(), Some("Aid figures \u{2013} update"));
        assert_eq!(s.meta.outlet.as_deref(), Some("Press Office"));
        assert_eq!(
            s.meta.author.as_deref(),
            Some("Press Office <press@ministry.example>")
        );
        assert_eq!(s.meta.published.as_deref(), Some("2024-11-08T10:00:00Z"));
        assert!(s.text.contains("totals $61.4 billion."));
        assert!(!s.text.contains("Subject"));
    }
}
