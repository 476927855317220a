//! Checking quotations: are the words in a source, nearly, or nowhere; and
//! do the sources give them to the speaker the draft names?

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use crate::engine::document::Document;
use crate::engine::findings::{
    Claim, ClaimKind, ClaimStatus, Code, Evidence, Finding, Fix, Stance,
};
use crate::engine::index::{SourceSentence, View};
use crate::engine::quotes::Analysis;
use crate::engine::quotes::attribution::Said;
use crate::engine::quotes::compare::{self, Alignment, NormWord};
use crate::engine::text::{sentences, words};

/// Below this share of matching words, a near quote is another quote.
const NEAR: f64 = 0.5;
/// Quotes shorter than this are not judged when no source has them: two
/// words in quotes are as often a scare quote as someone's words.
const MIN_WORDS: usize = 3;
const CANDIDATES: usize = 12;

/// One fragment's best place in one source sentence.
struct Placed {
    sentence: usize,
    alignment: Alignment,
}

pub fn check(
    view: &View,
    doc: &Document,
    analysis: &Analysis,
    blocks: &[bool],
) -> (Vec<Finding>, Vec<Claim>) {
    let results: Vec<(Vec<Finding>, Vec<Claim>)> = analysis
        .said
        .par_iter()
        .filter(|s| s.quoted)
        .filter(|s| super::in_stale_block(doc, blocks, s.range.start))
        .map(|s| check_quote(view, doc, s))
        .collect();
    let mut findings = Vec::new();
    let mut claims = Vec::new();
    for (f, c) in results {
        findings.extend(f);
        claims.extend(c);
    }
    (findings, claims)
}

/// The quote's fragments: cut at ellipses and insertions, and at sentence
/// ends, since the index holds sentences.
fn fragments(text: &str, range: Range<usize>) -> Vec<Vec<NormWord>> {
    sentences::split(text, range)
        .into_iter()
        .flat_map(|r| compare::fragments(text, r))
        .collect()
}

fn candidates(
    view: &View,
    text: &str,
    frags: &[Vec<NormWord>],
    speaker: Option<&str>,
) -> Vec<SourceSentence> {
    let mut out: Vec<SourceSentence> = Vec::new();
    let push = |s: SourceSentence, out: &mut Vec<SourceSentence>| {
        if !out
            .iter()
            .any(|o| o.source == s.source && o.ordinal == s.ordinal)
        {
            out.push(s);
        }
    };
    // What the sources give to the speaker the draft names: quotes of
    // common words ("There will be no ...") are found by who said them,
    // among all they say by the quote's words.
    let mut quote_terms: Vec<String> = frags
        .iter()
        .filter_map(|f| Some((f.first()?, f.last()?)))
        .flat_map(|(a, b)| words::terms(text, a.range.start..b.range.end))
        .map(|t| t.term.to_string())
        .collect();
    quote_terms.sort();
    quote_terms.dedup();
    if let Some(name) = speaker {
        let mut forms = vec![name.to_string()];
        if let Some(e) = view.corpus.registry().resolve(name) {
            forms.extend(e.aliases.iter().cloned());
        }
        forms.sort();
        forms.dedup();
        for form in forms {
            // A quote of stop words alone ("What we do here … That's what we
            // do") has no terms to rank by: read more of what they say.
            let limit = if quote_terms.len() < 3 {
                4 * CANDIDATES
            } else {
                CANDIDATES
            };
            for s in view.said_by_with(&form, &quote_terms, limit) {
                push(s, &mut out);
            }
        }
    }
    let mut all_terms: Vec<String> = Vec::new();
    for f in frags {
        let (Some(first), Some(last)) = (f.first(), f.last()) else {
            continue;
        };
        let terms: Vec<String> = words::terms(text, first.range.start..last.range.end)
            .into_iter()
            .map(|t| t.term.to_string())
            .collect();
        if terms.len() >= 2 || f.len() <= 2 {
            for s in view.phrase(&terms, CANDIDATES) {
                push(s, &mut out);
            }
        }
        all_terms.extend(terms);
    }
    // Near misses: the sentences that share the quote's rarest words.
    all_terms.sort();
    all_terms.dedup();
    all_terms.sort_by_key(|t| view.doc_freq(t));
    all_terms.truncate(10);
    let weighted: Vec<(String, f32)> = all_terms.into_iter().map(|t| (t, 1.0)).collect();
    for (_, s) in view.search(&weighted, CANDIDATES) {
        push(s, &mut out);
    }
    out
}

/// The best place of a quote in one source: per fragment, the sentence and
/// alignment; and the share of words that match overall.
fn place(
    frags: &[Vec<NormWord>],
    sentences: &[(usize, &[NormWord])],
) -> (Vec<Option<Placed>>, f64, bool) {
    let mut placed = Vec::new();
    let (mut matched, mut longer) = (0usize, 0usize);
    let mut exact = true;
    for f in frags {
        let best = sentences
            .iter()
            .filter_map(|(i, words)| {
                compare::align(f, words).map(|a| Placed {
                    sentence: *i,
                    alignment: a,
                })
            })
            .max_by(|a, b| {
                a.alignment
                    .similarity(f.len())
                    .total_cmp(&b.alignment.similarity(f.len()))
                    .then_with(|| b.sentence.cmp(&a.sentence))
            });
        match &best {
            Some(p) => {
                matched += p.alignment.matched;
                longer += p.alignment.longer(f.len());
                exact &= p.alignment.exact(f.len());
            }
            None => {
                longer += f.len();
                exact = false;
            }
        }
        placed.push(best);
    }
    let score = if longer == 0 {
        0.0
    } else {
        matched as f64 / longer as f64
    };
    (placed, score, exact)
}

/// A quote placed in each candidate source, best first: the source, each
/// fragment's place, the share of matching words, and whether every
/// fragment stands verbatim.
type Placement = (u32, Vec<Option<Placed>>, f64, bool);

fn place_all(
    frags: &[Vec<NormWord>],
    cands: &[SourceSentence],
) -> (Vec<Vec<NormWord>>, Vec<Placement>) {
    let words_of: Vec<Vec<NormWord>> = cands
        .iter()
        .map(|s| compare::norm_words(&s.text, 0..s.text.len()))
        .collect();
    let mut by_source: HashMap<u32, Vec<(usize, &[NormWord])>> = HashMap::new();
    for (i, s) in cands.iter().enumerate() {
        by_source
            .entry(s.source)
            .or_default()
            .push((i, words_of[i].as_slice()));
    }
    let mut placements: Vec<Placement> = by_source
        .into_iter()
        .map(|(src, sents)| {
            let (p, score, exact) = place(frags, &sents);
            (src, p, score, exact)
        })
        .collect();
    placements.sort_by(|a, b| b.3.cmp(&a.3).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
    (words_of, placements)
}

/// The byte range in a sentence of aligned source words.
fn source_span(words: &[NormWord], window: &Range<usize>) -> Option<Range<usize>> {
    let first = words.get(window.start)?;
    let last = words.get(window.end.checked_sub(1)?)?;
    Some(first.range.start..last.range.end)
}

/// Who the source gives the words at `span` to, if anyone.
fn speaker_at(s: &SourceSentence, span: &Range<usize>) -> Option<String> {
    speakers_at(s, span).next()
}

/// Everyone the source gives the words at `span` to: the speaker first,
/// then whoever a nested attribution has them from ("According to X: ...
/// the Post reported").
fn speakers_at<'a>(
    s: &'a SourceSentence,
    span: &Range<usize>,
) -> impl Iterator<Item = String> + 'a {
    let span = span.clone();
    s.said
        .iter()
        .filter(move |x| (x.start as usize) < span.end && span.start < x.end as usize)
        .filter_map(|x| x.speaker.clone())
}

fn check_quote(view: &View, doc: &Document, said: &Said) -> (Vec<Finding>, Vec<Claim>) {
    let text = &doc.prose.text;
    let frags = fragments(text, said.range.clone());
    let total: usize = frags.iter().map(Vec::len).sum();
    if total == 0 {
        return (Vec::new(), Vec::new());
    }
    let mut cands = candidates(
        view,
        text,
        &frags,
        said.speaker.as_ref().map(|s| s.name.as_str()),
    );
    let (mut words_of, mut placements) = place_all(&frags, &cands);
    // Short fragments ("It's clear that the") may stand in sentences the
    // search did not bring: read the likeliest sources whole.
    if !placements.iter().any(|p| p.3) {
        const SOURCES: usize = 2;
        const MAX_SENTENCES: usize = 400;
        let mut added = false;
        for (src, _, score, _) in placements.iter().take(SOURCES) {
            if *score < 0.3 {
                continue;
            }
            for s in view.sentences_of(*src, MAX_SENTENCES) {
                if !cands
                    .iter()
                    .any(|c| c.source == s.source && c.ordinal == s.ordinal)
                {
                    cands.push(s);
                    added = true;
                }
            }
        }
        if added {
            (words_of, placements) = place_all(&frags, &cands);
        }
    }

    let draft_speaker = said.speaker.as_ref().map(|s| s.name.clone());
    let quote_text = one_line(&doc.text[said.range.clone()]);
    let evidence_of = |placed: &[Option<Placed>], stance: Stance| -> Vec<Evidence> {
        let mut ev: Vec<Evidence> = Vec::new();
        for p in placed.iter().flatten() {
            let s = &cands[p.sentence];
            let span = source_span(&words_of[p.sentence], &p.alignment.window);
            let speaker = span.as_ref().and_then(|sp| speaker_at(s, sp));
            if ev
                .iter()
                .any(|e| e.source == s.source && e.sentence_start == s.start)
            {
                continue;
            }
            ev.push(view.evidence(s, span, stance, speaker));
        }
        ev
    };

    let exact: Vec<&(u32, Vec<Option<Placed>>, f64, bool)> =
        placements.iter().filter(|p| p.3).collect();
    if !exact.is_empty() {
        let evidence: Vec<Evidence> = exact
            .iter()
            .flat_map(|p| evidence_of(&p.1, Stance::Supports))
            .collect();
        let registry = view.corpus.registry();
        // Places do not speak: a source that seems to give words to one
        // was misread, and says nothing of who spoke.
        let source_speakers: Vec<&Evidence> = evidence
            .iter()
            .filter(|e| {
                e.speaker.as_deref().is_some_and(|s| {
                    registry
                        .resolve(s)
                        .is_none_or(|x| x.kind != crate::engine::findings::EntityKind::Place)
                })
            })
            .collect();
        // Everyone each supporting source sentence gives the words to.
        let mut given_to: Vec<String> = Vec::new();
        for p in &exact {
            for placed in p.1.iter().flatten() {
                let s = &cands[placed.sentence];
                if let Some(span) =
                    source_span(&words_of[placed.sentence], &placed.alignment.window)
                {
                    given_to.extend(speakers_at(s, &span));
                }
            }
        }
        // The draft's speaker, and whom it has the words from as well.
        let draft_speakers: Vec<&str> = said
            .speaker
            .iter()
            .chain(said.also.iter())
            .map(|s| s.name.as_str())
            .collect();
        let mut findings = Vec::new();
        let mut status = ClaimStatus::Supported;
        if let Some(d) = &draft_speaker
            && !source_speakers.is_empty()
            && !draft_speakers.iter().any(|d| {
                source_speakers
                    .iter()
                    .filter_map(|e| e.speaker.as_deref())
                    .chain(given_to.iter().map(String::as_str))
                    .any(|g| registry.same_person(d, g))
            })
        {
            status = ClaimStatus::Misattributed;
            let first = source_speakers[0];
            let who = first.speaker.clone().unwrap_or_default();
            let cites: Vec<String> = source_speakers
                .iter()
                .filter(|e| e.speaker.as_deref() == Some(who.as_str()))
                .map(|e| e.cite())
                .collect();
            findings.push(Finding {
                code: Code::Misattribution,
                range: said.range.clone(),
                message: format!(
                    "Sources give these words to {who} ({}), not to {d}",
                    cites.join(", ")
                ),
                evidence: source_speakers.iter().map(|e| (*e).clone()).collect(),
                fixes: Vec::new(),
            });
        }
        let speaker = draft_speaker
            .clone()
            .or_else(|| source_speakers.first().and_then(|e| e.speaker.clone()));
        let claim = Claim {
            range: said.range.clone(),
            kind: ClaimKind::Quote,
            text: quote_text,
            status,
            speaker: speaker.clone(),
            entity: speaker.and_then(|s| registry.resolve(&s).map(|e| e.key.clone())),
            evidence,
        };
        return (findings, vec![claim]);
    }

    let best = placements.first();
    let near = best.filter(|p| {
        p.2 >= NEAR
            && total >= MIN_WORDS
            && p.1
                .iter()
                .flatten()
                .map(|x| x.alignment.matched)
                .sum::<usize>()
                >= 2
    });
    if let Some((_, placed, _, _)) = near {
        let evidence = evidence_of(placed, Stance::Contradicts);
        let Some(first) = evidence.first() else {
            return (Vec::new(), Vec::new());
        };
        let stated = first.stated.clone().unwrap_or_default();
        let mut differences = Vec::new();
        for (f, p) in frags.iter().zip(placed) {
            let Some(p) = p else { continue };
            let sw = &words_of[p.sentence];
            let s = &cands[p.sentence];
            for (fi, si) in &p.alignment.differences {
                let draft = words_span(text, f, fi);
                let source = words_span(&s.text, sw, si);
                differences.push(match (draft.is_empty(), source.is_empty()) {
                    (false, false) => format!("“{draft}” for “{source}”"),
                    (false, true) => format!("“{draft}” added"),
                    (true, false) => format!("“{source}” left out"),
                    (true, true) => continue,
                });
            }
        }
        let who = first
            .speaker
            .as_ref()
            .map_or(String::new(), |s| format!(" ({s})"));
        let fix = (frags.len() == 1 && !stated.is_empty()).then(|| {
            let s = &cands[placed[0].as_ref().map_or(0, |p| p.sentence)];
            let span = first.span.clone().unwrap_or(0..0);
            let words = s.text[span].to_string();
            Fix {
                title: format!("Use the source's exact words: “{}”", one_line(&words)),
                replacement: words,
            }
        });
        let finding = Finding {
            code: Code::Misquote,
            range: said.range.clone(),
            message: format!(
                "Misquote: {}{who} has “{stated}”: {}",
                first.cite(),
                if differences.is_empty() {
                    "the words differ".to_string()
                } else {
                    differences.join(", ")
                }
            ),
            evidence: evidence.clone(),
            fixes: fix.into_iter().collect(),
        };
        let claim = Claim {
            range: said.range.clone(),
            kind: ClaimKind::Quote,
            text: quote_text,
            status: ClaimStatus::Misquoted,
            speaker: draft_speaker.or_else(|| first.speaker.clone()),
            entity: None,
            evidence,
        };
        return (vec![finding], vec![claim]);
    }
    if total < MIN_WORDS {
        return (Vec::new(), Vec::new());
    }
    let finding = Finding {
        code: Code::QuoteNotFound,
        range: said.range.clone(),
        message: format!("No source has these words, nor anything close: “{quote_text}”"),
        evidence: Vec::new(),
        fixes: Vec::new(),
    };
    let claim = Claim {
        range: said.range.clone(),
        kind: ClaimKind::Quote,
        text: quote_text,
        status: ClaimStatus::NotFound,
        speaker: draft_speaker,
        entity: None,
        evidence: Vec::new(),
    };
    (vec![finding], vec![claim])
}

/// The text of a run of words, from the first one's start to the last one's end.
fn words_span(text: &str, words: &[NormWord], r: &Range<usize>) -> String {
    if r.is_empty() {
        return String::new();
    }
    match (words.get(r.start), words.get(r.end - 1)) {
        (Some(a), Some(b)) => one_line(&text[a.range.start..b.range.end]),
        _ => String::new(),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
