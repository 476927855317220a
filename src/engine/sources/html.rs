//! A saved web page reduced to its article text with dom_smoothie, a port of
//! Mozilla's Readability (Firefox's reader view): navigation, ads and page
//! furniture stay behind. The title, site name, canonical URL and publication
//! date come from the page's meta tags (Open Graph, `article:*`, JSON-LD).

use dom_smoothie::{Config, Readability, TextMode};

use super::{Metadata, SourceText, clean, paragraphs};

/// Reads a web page. A page Readability cannot make an article of (a short
/// press note, a page of links) keeps all of its body text instead.
pub fn read(html: &str) -> SourceText {
    let doc = dom_query::Document::from(html);
    let canonical = doc
        .select("link[rel~=canonical]")
        .attr("href")
        .or_else(|| doc.select("meta[property='og:url']").attr("content"))
        .and_then(|u| clean(&u));
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let fallback_text = || body_text(&dom_query::Document::from(html));
    let (text, meta) =
        match Readability::with_document(doc, None, Some(config)).and_then(|mut r| r.parse()) {
            Ok(article) => {
                let meta = Metadata {
                    title: clean(&article.title),
                    outlet: article.site_name.as_deref().and_then(clean),
                    author: article.byline.as_deref().and_then(clean),
                    url: canonical.or_else(|| article.url.as_deref().and_then(clean)),
                    published: article.published_time.as_deref().and_then(clean),
                };
                let text = lines_as_paragraphs(&article.text_content);
                if text.trim().is_empty() {
                    (fallback_text(), meta)
                } else {
                    (text, meta)
                }
            }
            Err(_) => {
                let d = dom_query::Document::from(html);
                let meta = Metadata {
                    title: clean(&d.select("title").text()),
                    url: canonical,
                    ..Metadata::default()
                };
                (fallback_text(), meta)
            }
        };
    // The title is the article's first line, as in a text source, unless
    // the article has it already (Readability keeps or drops the headline).
    let text = match &meta.title {
        Some(t) if !text.contains(t.as_str()) => format!("{t}\n\n{text}"),
        _ => text,
    };
    SourceText::plain(text, meta)
}

fn lines_as_paragraphs(text: &str) -> String {
    paragraphs(text.lines().map(str::to_string))
}

/// All of the body's text, block by block, without scripts and styles.
fn body_text(doc: &dom_query::Document) -> String {
    doc.select("script, style, noscript, template").remove();
    let body = doc.select("body");
    let text = if body.exists() {
        body.formatted_text()
    } else {
        doc.select("html").formatted_text()
    };
    lines_as_paragraphs(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head>
<title>Aid to Ukraine | The Daily</title>
<meta property="og:title" content="Aid to Ukraine reaches $61.4 billion">
<meta property="og:site_name" content="The Daily">
<meta property="article:published_time" content="2024-11-08T10:00:00Z">
<link rel="canonical" href="https://daily.example/aid">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Aid to Ukraine reaches $61.4 billion</h1>
<p>Ukraine has been receiving significant military aid from the United States, amounting to $61.4 billion since Russia's invasion, officials said on Friday in Washington.</p>
<p>There are growing concerns within Ukraine about whether the new administration might reduce or cut off that support, which has run for almost three years.</p>
<p>Ukrainian President Volodymyr Zelensky has made it clear that any peace negotiation would need strong security guarantees for his country.</p>
</article>
<footer>Copyright 2024 The Daily. All rights reserved. Subscribe for 1 dollar.</footer>
<script>var x = "999 billion";</script>
</body></html>"#;

    #[test]
    fn article_text_and_meta_tags() {
        let s = read(PAGE);
        assert_eq!(
            s.meta.title.as_deref(),
            Some("Aid to Ukraine reaches $61.4 billion")
        );
        assert_eq!(s.meta.outlet.as_deref(), Some("The Daily"));
        assert_eq!(s.meta.url.as_deref(), Some("https://daily.example/aid"));
        assert_eq!(s.meta.published.as_deref(), Some("2024-11-08T10:00:00Z"));
        assert!(
            s.text
                .contains("amounting to $61.4 billion since Russia's invasion"),
            "{}",
            s.text
        );
        assert!(
            s.text.contains("\n\nThere are growing concerns"),
            "{}",
            s.text
        );
        for furniture in ["Home", "Sport", "Copyright", "999 billion"] {
            assert!(!s.text.contains(furniture), "{furniture} in {}", s.text);
        }
    }

    #[test]
    fn a_page_that_is_no_article_keeps_its_text() {
        let s = read(
            "<html><head><title>Note</title></head><body><p>Turnout was 61%.</p><script>x=5</script></body></html>",
        );
        assert!(s.text.contains("Turnout was 61%."), "{}", s.text);
        assert!(!s.text.contains("x=5"));
        assert_eq!(s.meta.title.as_deref(), Some("Note"));
    }
}
