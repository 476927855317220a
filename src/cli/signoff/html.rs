//! The report as one HTML file: no script, no font or image to fetch, so it
//! opens from disk or an attachment and prints as it shows. Each draft is
//! rendered from its markdown with its claims marked by status; beside it,
//! each claim's sources with their sentence, title, outlet, date and link.

use std::fmt::Write;

use pulldown_cmark::{CowStr, Event, Options, Parser};

use super::{DraftReport, Item, status_word};
use crate::engine::findings::{ClaimKind, Evidence, Stance};

/// Sources shown per claim: the supporting ones first.
const SOURCES_PER_CLAIM: usize = 3;

const STYLE: &str = r#"
:root { --ok: #1a7f37; --ok-bg: #dafbe1; --differs: #cf222e; --differs-bg: #ffebe9;
  --disputed: #9a6700; --disputed-bg: #fff8c5; --unsupported: #57606a; --unsupported-bg: #eaeef2; }
* { box-sizing: border-box; }
body { font: 15px/1.55 Georgia, "Times New Roman", serif; color: #1f2328; margin: 0; background: #fff; }
header.report { padding: 1.2rem 2rem; border-bottom: 1px solid #d0d7de; font-family: system-ui, sans-serif; }
header.report h1 { margin: 0 0 .3rem; font-size: 1.3rem; }
.summary { font-size: 1.05rem; margin: .2rem 0; }
.problems { color: var(--differs); }
section.draft { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 2rem; padding: 1.5rem 2rem;
  border-bottom: 1px solid #d0d7de; }
section.draft > h2 { grid-column: 1 / -1; margin: 0; font: 600 1.1rem system-ui, sans-serif; }
.text { max-width: 46rem; }
.text h1, .text h2, .text h3 { font-family: system-ui, sans-serif; }
mark { background: none; color: inherit; border-bottom: 2px solid; padding: 0 1px; text-decoration: none; }
mark a { color: inherit; text-decoration: none; }
mark sup { font: 600 .65rem system-ui, sans-serif; margin-left: 1px; }
mark.supported { border-color: var(--ok); background: var(--ok-bg); }
mark.differs { border-color: var(--differs); background: var(--differs-bg); }
mark.disputed { border-color: var(--disputed); background: var(--disputed-bg); }
mark.unsupported { border-color: var(--unsupported); background: var(--unsupported-bg); border-bottom-style: dashed; }
ol.claims { list-style: none; padding: 0; margin: 0; font: 13.5px/1.45 system-ui, sans-serif; }
ol.claims > li { border-left: 4px solid; padding: .4rem .7rem; margin: 0 0 .8rem; break-inside: avoid; }
ol.claims > li.supported { border-color: var(--ok); } ol.claims > li.differs { border-color: var(--differs); }
ol.claims > li.disputed { border-color: var(--disputed); } ol.claims > li.unsupported { border-color: var(--unsupported); }
.claim-head { display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; }
.n { font-weight: 700; } .where { color: #57606a; }
.status { font-weight: 700; text-transform: uppercase; font-size: .75rem; letter-spacing: .03em; }
li.supported .status { color: var(--ok); } li.differs .status { color: var(--differs); }
li.disputed .status { color: var(--disputed); } li.unsupported .status { color: var(--unsupported); }
.message { margin: .2rem 0; }
blockquote { margin: .3rem 0; padding-left: .6rem; border-left: 2px solid #d0d7de; color: #1f2328; font-family: Georgia, serif; }
.source { color: #57606a; font-size: .8rem; overflow-wrap: anywhere; }
.stance { font-size: .75rem; font-weight: 600; }
.none { color: #57606a; font-style: italic; }
@media (max-width: 900px) { section.draft { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 10.5pt; }
  section.draft { grid-template-columns: 1fr; break-after: page; padding: 0; border: 0; }
  header.report { padding: 0 0 .6rem; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; }
}
"#;

pub fn render(drafts: &[DraftReport], summary: &str, problems: &[String]) -> String {
    let mut out = String::new();
    let title = match drafts {
        [one] => format!("vouch report: {}", one.path),
        _ => format!("vouch report: {} drafts", drafts.len()),
    };
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"vouch {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head><body>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&title)
    );
    let _ = write!(
        out,
        "<header class=\"report\"><h1>{}</h1>\n<p class=\"summary\" id=\"summary\">{}</p>\n",
        esc(&title),
        esc(summary)
    );
    for p in problems {
        let _ = writeln!(out, "<p class=\"problems\">Not checked: {}</p>", esc(p));
    }
    out.push_str("</header>\n");
    for d in drafts {
        let _ = write!(
            out,
            "<section class=\"draft\" data-path=\"{}\">\n<h2>{} <span class=\"where\">— {}</span></h2>\n",
            esc(d.path),
            esc(d.path),
            esc(&super::summary(&d.items))
        );
        let _ = write!(
            out,
            "<article class=\"text\">\n{}</article>\n",
            marked_draft(d)
        );
        out.push_str("<aside class=\"sources\">\n<ol class=\"claims\">\n");
        for item in &d.items {
            claim_card(&mut out, item);
        }
        if d.items.is_empty() {
            out.push_str("<li class=\"none\">No figures or quotes in this draft.</li>\n");
        }
        out.push_str("</ol>\n</aside>\n</section>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// The draft as HTML, each stretch of a claim in a `<mark>` of its status
/// that links to its card; where claims nest (a figure in a quote) the
/// innermost one marks the stretch.
fn marked_draft(d: &DraftReport) -> String {
    let src = d.text;
    let mut events = Vec::new();
    let mut last_mark: Option<usize> = None;
    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        match event {
            Event::Text(text) if src.get(range.clone()) == Some(&*text) => {
                // Cut the text where any claim starts or ends.
                let mut cuts = vec![range.start, range.end];
                for i in &d.items {
                    for p in [i.claim.range.start, i.claim.range.end] {
                        if range.start < p && p < range.end {
                            cuts.push(p);
                        }
                    }
                }
                cuts.sort_unstable();
                cuts.dedup();
                for w in cuts.windows(2) {
                    let piece = &src[w[0]..w[1]];
                    let inner = d
                        .items
                        .iter()
                        .filter(|i| i.claim.range.start <= w[0] && w[1] <= i.claim.range.end)
                        .min_by_key(|i| i.claim.range.len());
                    match inner {
                        Some(i) => {
                            // The claim's number goes after its last stretch.
                            let ends = w[1] == i.claim.range.end;
                            let first = last_mark != Some(i.n);
                            last_mark = Some(i.n);
                            events.push(Event::InlineHtml(CowStr::from(format!(
                                "<mark class=\"{}\" data-claim=\"{}\"{} title=\"{} {}: {}\"><a href=\"#claim-{}\">",
                                i.verdict.class(),
                                i.n,
                                if first { format!(" id=\"mark-{}\"", i.n) } else { String::new() },
                                kind_word(i.claim.kind),
                                esc(status_word(i.claim)),
                                esc(&i.claim.text),
                                i.n
                            ))));
                            events.push(Event::Text(CowStr::from(piece.to_string())));
                            let sup = if ends {
                                format!("<sup>{}</sup>", i.n)
                            } else {
                                String::new()
                            };
                            events
                                .push(Event::InlineHtml(CowStr::from(format!("</a>{sup}</mark>"))));
                        }
                        None => events.push(Event::Text(CowStr::from(piece.to_string()))),
                    }
                }
            }
            // Raw HTML in a draft is shown as text: the report runs nothing.
            Event::Html(h) | Event::InlineHtml(h) => events.push(Event::Text(h)),
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

fn kind_word(kind: ClaimKind) -> &'static str {
    match kind {
        ClaimKind::Figure => "Figure",
        ClaimKind::Quote => "Quote",
        ClaimKind::Statement => "Reported claim",
        ClaimKind::Entity => "Name",
    }
}

fn claim_card(out: &mut String, item: &Item) {
    let c = item.claim;
    let _ = write!(
        out,
        "<li class=\"{}\" id=\"claim-{}\" data-status=\"{}\">\n<div class=\"claim-head\"><a class=\"n\" href=\"#mark-{}\">{}</a> \
         <span class=\"status\">{}</span> <span>{} <q>{}</q></span> <span class=\"where\">line {}</span></div>\n",
        item.verdict.class(),
        item.n,
        esc(status_word(c)),
        item.n,
        item.n,
        esc(status_word(c)),
        kind_word(c.kind),
        esc(&c.text),
        item.line
    );
    if let Some(speaker) = &c.speaker {
        let _ = writeln!(out, "<div class=\"where\">Speaker: {}</div>", esc(speaker));
    }
    if let Some(f) = item.finding {
        let _ = writeln!(out, "<p class=\"message\">{}</p>", esc(&f.message));
    }
    let mut shown: Vec<&Evidence> = c
        .evidence
        .iter()
        .filter(|e| e.stance == Stance::Supports)
        .chain(c.evidence.iter().filter(|e| e.stance != Stance::Supports))
        .collect();
    shown.truncate(SOURCES_PER_CLAIM);
    if shown.is_empty() {
        out.push_str("<p class=\"none\">No source states this.</p>\n");
    }
    for e in shown {
        let stance = match e.stance {
            Stance::Supports => "Supports",
            Stance::Contradicts => "Differs",
            Stance::Related => "Related",
        };
        let _ = write!(
            out,
            "<blockquote><span class=\"stance\">{stance}:</span> {}</blockquote>\n<div class=\"source\">{}</div>\n",
            marked_sentence(e),
            source_html(e)
        );
    }
    out.push_str("</li>\n");
}

/// The source sentence with the part that bears on the claim in bold.
fn marked_sentence(e: &Evidence) -> String {
    let s = &e.sentence;
    match e.span.clone().filter(|r| {
        r.start <= r.end
            && r.end <= s.len()
            && s.is_char_boundary(r.start)
            && s.is_char_boundary(r.end)
    }) {
        Some(r) => format!(
            "{}<strong>{}</strong>{}",
            esc(&one_line(&s[..r.start])),
            esc(&one_line(&s[r.clone()])),
            esc(&one_line(&s[r.end..]))
        ),
        None => esc(&one_line(s)),
    }
}

/// Whitespace runs as single spaces, keeping a space at either end.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        if ch.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// "Title — Outlet, date · path:line · url".
fn source_html(e: &Evidence) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &e.title {
        parts.push(format!("<cite>{}</cite>", esc(t)));
    }
    let about: Vec<String> = [
        e.outlet.as_deref().map(esc),
        e.published
            .as_deref()
            .map(|d| esc(crate::engine::sources::short_date(d))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !about.is_empty() {
        parts.push(about.join(", "));
    }
    parts.push(format!("<code>{}</code>", esc(&e.cite())));
    if let Some(url) = &e.url {
        let safe = url.starts_with("https://") || url.starts_with("http://");
        if safe {
            parts.push(format!("<a href=\"{}\">{}</a>", esc(url), esc(url)));
        } else {
            parts.push(esc(url));
        }
    }
    parts.join(" · ")
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::signoff::Verdict;
    use crate::engine::findings::{Claim, ClaimStatus};

    #[test]
    fn claims_are_marked_in_the_rendered_draft() {
        let text = "# Aid\n\nAid totals **$6.35 billion**, \"a lot of <money>\" he said.\n";
        let fig = Claim {
            range: text.find("$6.35").unwrap()..text.find(" billion**").unwrap() + 8,
            kind: ClaimKind::Figure,
            text: "$6.35 billion".into(),
            status: ClaimStatus::Mismatch,
            speaker: None,
            entity: None,
            evidence: Vec::new(),
        };
        let item = Item {
            n: 1,
            claim: &fig,
            line: 3,
            column: 19,
            verdict: Verdict::Differs,
            finding: None,
        };
        let d = DraftReport {
            path: "a.md",
            text,
            items: vec![item],
        };
        let html = marked_draft(&d);
        assert!(
            html.contains("<strong><mark class=\"differs\" data-claim=\"1\" id=\"mark-1\""),
            "{html}"
        );
        assert!(
            html.contains("$6.35 billion</a><sup>1</sup></mark></strong>"),
            "{html}"
        );
        assert!(html.contains("&lt;money&gt;"), "{html}");
        assert!(html.contains("<h1>Aid</h1>"));
    }

    #[test]
    fn escapes() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
