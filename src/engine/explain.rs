//! Provenance as markdown: what a claim rests on, and what the corpus knows of
//! a person or an organisation. The language server shows it on hover; a
//! `vouch explain` command can print it. Only the links differ, so a
//! [`Linker`] decides how a `path:line` is written.

use std::fmt::Write;

use super::findings::{
    Claim, ClaimKind, ClaimStatus, EntityCard, EntityKind, Evidence, Report, Stance,
};

/// How a place in the corpus is written: a file link for an editor, plain
/// `path:line` for a terminal.
pub trait Linker {
    /// Markdown for `path` at 1-based `line`.
    fn link(&self, path: &str, line: u32) -> String;

    /// Markdown for a source whose lines are not the file's own (a PDF, a
    /// web page): the file, labelled with where in it (`report.pdf, p. 3`).
    fn link_file(&self, _path: &str, label: &str) -> String {
        format!("`{label}`")
    }
}

/// `path:line` as inline code: for terminals and plain markdown.
pub struct PlainLinker;

impl Linker for PlainLinker {
    fn link(&self, path: &str, line: u32) -> String {
        format!("`{path}:{line}`")
    }
}

/// Sentences longer than this are cut around the part that matters.
const EXCERPT_CHARS: usize = 240;
/// An entity card lists this many mentions and statements at most.
const CARD_ITEMS: usize = 5;

/// What a hover shows at `offset`: for a name, the corpus's card of it;
/// for anything else checked, its sources. With the claim it is about.
pub fn provenance<'r>(
    report: &'r Report,
    offset: usize,
    corpus: Option<&crate::engine::index::Corpus>,
    linker: &dyn Linker,
) -> Option<(&'r Claim, String)> {
    provenance_with(report, offset, corpus, linker, |_| true)
}

/// [`provenance`], quoting each source's sentence only where
/// `quote_sentences(claim)` says so: an editor that already shows a flagged
/// claim's sentences with its diagnostic wants them left out of the hover.
pub fn provenance_with<'r>(
    report: &'r Report,
    offset: usize,
    corpus: Option<&crate::engine::index::Corpus>,
    linker: &dyn Linker,
    quote_sentences: impl Fn(&Claim) -> bool,
) -> Option<(&'r Claim, String)> {
    let claim = claim_at(report, offset)?;
    let card = match (claim.kind, &claim.entity, corpus) {
        (ClaimKind::Entity, Some(key), Some(c)) => c.entity(key),
        _ => None,
    };
    let text = match card {
        Some(card) => entity(&card, linker),
        None if quote_sentences(claim) => self::claim(claim, linker),
        None => places(claim, linker),
    };
    Some((claim, text))
}

/// The claim whose range holds `offset` (its end included, so a cursor just
/// after a figure still finds it); the innermost when claims nest.
pub fn claim_at(report: &Report, offset: usize) -> Option<&Claim> {
    report
        .claims
        .iter()
        .filter(|c| c.range.start <= offset && offset <= c.range.end)
        .min_by_key(|c| c.range.len())
}

/// What a status means, in a few words.
pub fn status_label(claim: &Claim) -> String {
    let sources = distinct_sources(&claim.evidence, Some(Stance::Supports));
    match claim.status {
        ClaimStatus::Supported => match sources {
            1 => "supported by 1 source".into(),
            n => format!("supported by {n} sources"),
        },
        ClaimStatus::Unsupported => "no source states this".into(),
        ClaimStatus::Mismatch => "the sources state a different figure".into(),
        ClaimStatus::Conflict => "the sources disagree".into(),
        ClaimStatus::Misquoted => "a source has different words".into(),
        ClaimStatus::Misattributed => "the sources give this to someone else".into(),
        ClaimStatus::NotFound => "no source has these words".into(),
        ClaimStatus::Known => "known to the sources".into(),
    }
}

fn distinct_sources(evidence: &[Evidence], stance: Option<Stance>) -> usize {
    let mut ids: Vec<u32> = evidence
        .iter()
        .filter(|e| stance.is_none_or(|s| e.stance == s))
        .map(|e| e.source)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// The markdown shown for a claim: its status, then each source's sentence
/// with the figure or quote in bold, the source's title and its place.
pub fn claim(claim: &Claim, linker: &dyn Linker) -> String {
    let mut out = header(claim);
    for e in &claim.evidence {
        out.push_str("\n\n---\n\n");
        out.push_str(&evidence(e, linker));
    }
    out
}

/// A claim's status and where each source stands, without quoting the
/// sources' sentences: what to say when the editor shows them already.
pub fn places(claim: &Claim, linker: &dyn Linker) -> String {
    let mut out = header(claim);
    if !claim.evidence.is_empty() {
        out.push_str("\n\n---\n");
    }
    for e in &claim.evidence {
        out.push_str("\n- ");
        out.push_str(&stance(e));
        let _ = write!(out, " · {}", source_line(e, linker));
    }
    out
}

/// The first line of a claim's hover: what it is, and its status.
fn header(claim: &Claim) -> String {
    let what = match claim.kind {
        ClaimKind::Figure => "Figure",
        ClaimKind::Quote => "Quote",
        ClaimKind::Statement => "Statement",
        ClaimKind::Entity => "Name",
    };
    let mut out = format!(
        "**{what}** {} — {}",
        inline_code(&claim.text),
        status_label(claim)
    );
    if let Some(speaker) = &claim.speaker {
        let _ = write!(out, "\n\nSpeaker: **{}**", escape(speaker));
    }
    out
}

/// How a source stands to the claim: `*Differs* (`$61.4 billion`) — speaker`.
fn stance(e: &Evidence) -> String {
    let stance = match e.stance {
        Stance::Supports => "Supports",
        Stance::Contradicts => "Differs",
        Stance::Related => "Related",
    };
    let mut out = format!("*{stance}*");
    if let Some(stated) = &e.stated {
        let _ = write!(out, " ({})", inline_code(stated));
    }
    if let Some(speaker) = &e.speaker {
        let _ = write!(out, " — {}", escape(speaker));
    }
    out
}

/// A citation fit for print: the source's title, outlet, date, page and URL,
/// those it has, with its file name (as `path` shows it) when it has no
/// title or no URL to find it by. Plain text, no trailing period.
pub fn citation(e: &Evidence, path: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    match &e.title {
        Some(t) => parts.push(format!("“{t}”")),
        None => parts.push(path.to_string()),
    }
    if let Some(outlet) = &e.outlet
        && e.title.as_deref() != Some(outlet.as_str())
    {
        parts.push(outlet.clone());
    }
    if let Some(date) = &e.published {
        parts.push(crate::engine::sources::short_date(date).to_string());
    }
    if let Some(page) = e.page {
        parts.push(format!("p. {page}"));
    }
    match &e.url {
        Some(url) => parts.push(format!("<{url}>")),
        None if e.title.is_some() => parts.push(path.to_string()),
        None => {}
    }
    parts.join(", ")
}

/// Where a piece of evidence comes from, on one line: the source's title,
/// outlet and date, its place in the file, and its URL.
pub fn source_line(e: &Evidence, linker: &dyn Linker) -> String {
    let mut parts = Vec::new();
    if let Some(title) = &e.title {
        parts.push(escape(title));
    }
    let about: Vec<String> = [
        e.outlet.as_deref().map(escape),
        e.published
            .as_deref()
            .map(|d| escape(crate::engine::sources::short_date(d))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !about.is_empty() {
        parts.push(about.join(", "));
    }
    parts.push(if e.kind.has_lines() {
        linker.link(&e.path, e.line)
    } else {
        linker.link_file(&e.path, &e.cite())
    });
    if let Some(url) = &e.url {
        parts.push(format!("<{url}>"));
    }
    parts.join(" · ")
}

/// One source's sentence, marked, with where it comes from.
pub fn evidence(e: &Evidence, linker: &dyn Linker) -> String {
    format!(
        "{}\n\n> {}\n\n{}",
        stance(e),
        marked_sentence(e),
        source_line(e, linker)
    )
}

/// The source sentence with the span that bears on the claim in bold, cut
/// around that span when the sentence is long, as plain markdown.
pub fn marked_sentence(e: &Evidence) -> String {
    let s = e.sentence.as_str();
    let span = e
        .span
        .clone()
        .filter(|r| r.start <= r.end && r.end <= s.len())
        .filter(|r| s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
    let Some(span) = span else {
        return escape(&excerpt(s));
    };
    let (before, mark, after) = (&s[..span.start], &s[span.clone()], &s[span.end..]);
    let room = EXCERPT_CHARS.saturating_sub(mark.chars().count()) / 2;
    let before = tail(before, room);
    let after = head(after, room);
    format!(
        "{}**{}**{}",
        escape(&one_line(&before)),
        escape(&one_line(mark)),
        escape(&one_line(&after))
    )
}

/// A plain one-line excerpt of a sentence: the whole of it, or its start.
pub fn excerpt(sentence: &str) -> String {
    one_line(&head(sentence, EXCERPT_CHARS))
}

fn head(s: &str, chars: usize) -> String {
    match s.char_indices().nth(chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn tail(s: &str, chars: usize) -> String {
    let n = s.chars().count();
    if n <= chars {
        return s.to_string();
    }
    let (i, _) = s.char_indices().nth(n - chars).unwrap_or((0, ' '));
    format!("…{}", &s[i..])
}

fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    // Keep a leading or trailing space: the bold mark sits between words.
    if s.starts_with(char::is_whitespace) && !out.is_empty() {
        out.insert(0, ' ');
    }
    if s.ends_with(char::is_whitespace) && !out.is_empty() {
        out.push(' ');
    }
    out
}

/// The markdown shown for a person, an organisation or a place.
pub fn entity(card: &EntityCard, linker: &dyn Linker) -> String {
    let kind = match card.kind {
        EntityKind::Person => "person",
        EntityKind::Organization => "organisation",
        EntityKind::Place => "place",
    };
    let mut out = format!("**{}** ({kind})", escape(&card.name));
    if let Some(role) = &card.role {
        let _ = write!(out, " — {}", escape(role));
    }
    let others: Vec<String> = card
        .aliases
        .iter()
        .filter(|a| **a != card.name)
        .map(|a| escape(a))
        .collect();
    if !others.is_empty() {
        let _ = write!(out, "\n\nAlso: {}", others.join(", "));
    }
    list(&mut out, "Mentions", &card.mentions, linker);
    list(&mut out, "Attributed to them", &card.statements, linker);
    out
}

fn list(out: &mut String, heading: &str, items: &[Evidence], linker: &dyn Linker) {
    if items.is_empty() {
        return;
    }
    let _ = write!(out, "\n\n**{heading}** ({})\n", items.len());
    for e in items.iter().take(CARD_ITEMS) {
        let _ = write!(
            out,
            "\n- {} — {}",
            linker.link(&e.path, e.line),
            marked_sentence(e)
        );
    }
    if items.len() > CARD_ITEMS {
        let _ = write!(out, "\n- … and {} more", items.len() - CARD_ITEMS);
    }
}

/// Backslash-escapes what markdown would read as formatting. An underscore
/// inside a word (`004_4e68.txt`) is left alone: it cannot start emphasis.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let intraword = c == '_'
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if !intraword
            && matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text as inline code, with a fence longer than any backtick run inside.
pub fn inline_code(s: &str) -> String {
    let s = one_line(s);
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", s.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(stance: Stance, sentence: &str, stated: &str) -> Evidence {
        let start = sentence.find(stated).unwrap();
        Evidence {
            source: 1,
            path: "corpus/a.txt".into(),
            short_path: "corpus/a.txt".into(),
            kind: Default::default(),
            title: Some("Aid *totals*".into()),
            outlet: None,
            url: None,
            published: None,
            page: None,
            line: 11,
            sentence: sentence.into(),
            sentence_start: 0,
            span: Some(start..start + stated.len()),
            stated: Some(stated.into()),
            speaker: None,
            stance,
        }
    }

    #[test]
    fn citations_print_what_the_source_has() {
        let mut e = ev(
            Stance::Supports,
            "Aid totals $61.4 billion.",
            "$61.4 billion",
        );
        assert_eq!(citation(&e, "corpus/a.txt"), "“Aid *totals*”, corpus/a.txt");
        e.outlet = Some("Seed Wire".into());
        e.published = Some("2024-11-08T10:00:00Z".into());
        e.url = Some("https://seed.example/a".into());
        e.page = Some(3);
        assert_eq!(
            citation(&e, "corpus/a.txt"),
            "“Aid *totals*”, Seed Wire, 2024-11-08, p. 3, <https://seed.example/a>"
        );
        e.title = None;
        e.url = None;
        assert_eq!(
            citation(&e, "corpus/a.txt"),
            "corpus/a.txt, Seed Wire, 2024-11-08, p. 3"
        );
    }

    #[test]
    fn figure_hover_marks_the_figure_and_links_the_source() {
        let c = Claim {
            range: 10..23,
            kind: ClaimKind::Figure,
            text: "$6.35 billion".into(),
            status: ClaimStatus::Mismatch,
            speaker: None,
            entity: None,
            evidence: vec![ev(
                Stance::Contradicts,
                "Aid amounted to $61.4 billion since the invasion.",
                "$61.4 billion",
            )],
        };
        let md = claim(&c, &PlainLinker);
        assert!(
            md.starts_with("**Figure** `$6.35 billion` — the sources state a different figure"),
            "{md}"
        );
        assert!(
            md.contains("> Aid amounted to **$61.4 billion** since the invasion."),
            "{md}"
        );
        assert!(md.contains("Aid \\*totals\\* · `corpus/a.txt:11`"), "{md}");
    }

    #[test]
    fn places_name_each_source_without_its_sentence() {
        let c = Claim {
            range: 10..23,
            kind: ClaimKind::Figure,
            text: "$6.35 billion".into(),
            status: ClaimStatus::Mismatch,
            speaker: None,
            entity: None,
            evidence: vec![ev(
                Stance::Contradicts,
                "Aid amounted to $61.4 billion since the invasion.",
                "$61.4 billion",
            )],
        };
        let md = places(&c, &PlainLinker);
        assert_eq!(
            md,
            "**Figure** `$6.35 billion` — the sources state a different figure\n\n---\n\
             \n- *Differs* (`$61.4 billion`) · Aid \\*totals\\* · `corpus/a.txt:11`"
        );
        assert!(!md.contains("amounted"));
    }

    #[test]
    fn long_sentences_are_cut_around_the_mark() {
        let long = format!("{} 42 percent {}", "word ".repeat(200), "tail ".repeat(200));
        let e = ev(Stance::Supports, &long, "42 percent");
        let m = marked_sentence(&e);
        assert!(m.contains("**42 percent**"));
        assert!(m.starts_with('…') && m.ends_with('…'), "{m}");
        assert!(m.chars().count() < EXCERPT_CHARS + 20);
    }

    #[test]
    fn claim_at_includes_the_end_and_prefers_the_innermost() {
        let mk = |r: std::ops::Range<usize>| Claim {
            range: r,
            kind: ClaimKind::Figure,
            text: String::new(),
            status: ClaimStatus::Supported,
            speaker: None,
            entity: None,
            evidence: vec![],
        };
        let report = Report {
            findings: vec![],
            claims: vec![mk(0..30), mk(5..9)],
        };
        assert_eq!(claim_at(&report, 9).unwrap().range, 5..9);
        assert_eq!(claim_at(&report, 20).unwrap().range, 0..30);
        assert!(claim_at(&report, 31).is_none());
    }

    #[test]
    fn entity_cards_list_aliases_and_mentions() {
        let card = EntityCard {
            key: "peskov".into(),
            name: "Dmitry Peskov".into(),
            kind: EntityKind::Person,
            role: Some("Kremlin spokesperson".into()),
            aliases: vec!["Dmitry Peskov".into(), "Peskov".into()],
            mentions: vec![ev(Stance::Related, "Peskov said so.", "Peskov"); 7],
            statements: vec![],
        };
        let md = entity(&card, &PlainLinker);
        assert!(
            md.starts_with("**Dmitry Peskov** (person) — Kremlin spokesperson"),
            "{md}"
        );
        assert!(md.contains("Also: Peskov"));
        assert!(
            md.contains("**Mentions** (7)") && md.contains("… and 2 more"),
            "{md}"
        );
    }

    #[test]
    fn escapes_formatting_but_not_underscores_inside_words() {
        assert_eq!(
            escape("004_4e68.txt *x* _y_"),
            "004_4e68.txt \\*x\\* \\_y\\_"
        );
    }

    #[test]
    fn inline_code_survives_backticks() {
        assert_eq!(inline_code("a`b"), "``a`b``");
        assert_eq!(inline_code("x"), "`x`");
    }
}
