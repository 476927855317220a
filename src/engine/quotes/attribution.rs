//! Who says what: the speaker of each quotation and of each reported
//! statement in a block. Covers `X said`, `said X`, `X told ...`, `X stated`,
//! `X added`, `X described ... as`, `according to X`, `X's assertion that`,
//! `"...," X said`, `X: "..."`, and `he`/`she` pointing back to the last
//! named speaker of the paragraph.

use std::ops::Range;

use super::find::Quotation;
use super::names::{NameMention, bare, mentions};
use crate::engine::text::words::{Word, words};

/// Words reported as someone's: a quotation, or a statement in indirect speech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The quoted words, or the reported clause.
    pub range: Range<usize>,
    pub speaker: Option<Speaker>,
    pub quoted: bool,
}

/// A speaker as the text names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub name: String,
    /// Where the text names them (the pronoun, for `he`/`she`).
    pub range: Range<usize>,
    pub role: Option<String>,
}

const VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "tell",
    "stated",
    "states",
    "stating",
    "remarked",
    "remarks",
    "added",
    "adds",
    "adding",
    "noted",
    "notes",
    "noting",
    "declared",
    "declares",
    "asserted",
    "asserts",
    "asserting",
    "insisted",
    "insists",
    "explained",
    "explains",
    "argued",
    "argues",
    "claimed",
    "claims",
    "claiming",
    "wrote",
    "writes",
    "described",
    "describes",
    "describing",
    "warned",
    "warns",
    "announced",
    "announces",
    "mentioned",
    "mentions",
    "stressed",
    "stresses",
    "emphasized",
    "emphasised",
    "replied",
    "replies",
    "continued",
    "promised",
    "promises",
    "vowed",
    "vows",
    "acknowledged",
    "admitted",
    "suggested",
    "suggests",
    "indicated",
    "tweeted",
    "posted",
    "responded",
    "recalled",
    "predicted",
    "urged",
    "concluded",
    "confirmed",
    "denied",
    "called",
    "calls",
    "articulated",
    "expressed",
    "reiterated",
    "pledged",
];

/// Nouns that carry someone's words after a possessive: `Trump's assertion that`.
const NOUNS: &[&str] = &[
    "assertion",
    "statement",
    "claim",
    "remarks",
    "remark",
    "words",
    "comments",
    "comment",
    "promise",
    "pledge",
    "warning",
    "view",
    "argument",
    "insistence",
    "description",
];

/// Words that may stand between a subject and its verb: `Peskov also said`.
const BETWEEN: &[&str] = &[
    "also",
    "later",
    "then",
    "reportedly",
    "previously",
    "once",
    "repeatedly",
    "recently",
    "again",
    "publicly",
    "further",
    "earlier",
    "has",
    "had",
    "have",
    "himself",
    "herself",
    "separately",
    "privately",
    "had",
    "was",
    "is",
    "has",
    "quickly",
    "simply",
    "only",
];

const PRONOUNS: &[&str] = &["he", "she"];

/// One speech verb (or `according to`, or a possessive noun) and its speaker.
#[derive(Debug, Clone)]
struct Attribution {
    cue: Range<usize>,
    speaker: Speaker,
    /// Where a reported statement would begin (after the verb), if any.
    clause_from: Option<usize>,
}

/// The reported words of one block, given its sentences and quotations.
pub fn in_block(text: &str, sentences: &[Range<usize>], quotes: &[&Quotation]) -> Vec<Said> {
    let mut said = Vec::new();
    let mut last_speaker: Option<Speaker> = None;
    let mut first_person: Option<Speaker> = None;
    // Every cue of the block first, pronouns resolved in reading order.
    let mut cues: Vec<(Range<usize>, Vec<Attribution>)> = Vec::new();
    for sentence in sentences {
        let names = mentions(text, sentence.clone());
        if first_person.is_none() {
            first_person = names.iter().find(|n| n.person).map(speaker_of);
        }
        let mut attributions = attributions(text, sentence.clone(), &names);
        for a in &mut attributions {
            if is_pronoun(&a.speaker.name) {
                let Some(s) = last_speaker.clone().or_else(|| first_person.clone()) else {
                    continue;
                };
                a.speaker = Speaker {
                    range: a.speaker.range.clone(),
                    ..s
                };
            } else {
                last_speaker = Some(a.speaker.clone());
            }
        }
        attributions.retain(|a| !is_pronoun(&a.speaker.name));
        cues.push((sentence.clone(), attributions));
    }
    // A quotation goes to the nearest cue outside it, in the sentences it
    // runs over: `"A. B," said X` gives both sentences to X.
    for q in quotes {
        let nearest = cues
            .iter()
            .filter(|(s, _)| s.start < q.outer.end && q.outer.start < s.end)
            .flat_map(|(_, a)| a)
            .filter(|a| a.cue.end <= q.outer.start || a.cue.start >= q.outer.end)
            .min_by_key(|a| distance(&a.cue, &q.outer));
        said.push(Said {
            range: q.range.clone(),
            speaker: nearest.map(|a| a.speaker.clone()),
            quoted: true,
        });
    }
    // Reported statements: the clause after the verb, when no quotation is in it.
    for (sentence, attributions) in &cues {
        for a in attributions {
            let Some(from) = a.clause_from else { continue };
            let clause = clause(text, from, sentence.end);
            if clause.is_empty()
                || quotes
                    .iter()
                    .any(|q| q.outer.start < clause.end && clause.start < q.outer.end)
            {
                continue;
            }
            said.push(Said {
                range: clause,
                speaker: Some(a.speaker.clone()),
                quoted: false,
            });
        }
    }
    said.sort_by_key(|s| s.range.start);
    said
}

fn is_pronoun(name: &str) -> bool {
    PRONOUNS.contains(&name.to_lowercase().as_str())
}

fn speaker_of(n: &NameMention) -> Speaker {
    Speaker {
        name: n.name.clone(),
        range: n.range.clone(),
        role: n.role.clone(),
    }
}

fn distance(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.start >= b.end {
        a.start - b.end
    } else {
        b.start.saturating_sub(a.end)
    }
}

/// The reported clause from `from` to the sentence's end: "that" and a
/// time phrase dropped, closing punctuation trimmed.
fn clause(text: &str, from: usize, end: usize) -> Range<usize> {
    let s = &text[from..end];
    let mut start = from + (s.len() - s.trim_start().len());
    for lead in [
        "on Monday",
        "on Tuesday",
        "on Wednesday",
        "on Thursday",
        "on Friday",
        "on Saturday",
        "on Sunday",
        "that",
        ",",
    ] {
        let rest = &text[start..end];
        if let Some(r) = rest.strip_prefix(lead)
            && (lead == "," || r.starts_with([' ', ',']))
        {
            start = end - r.trim_start_matches([',', ' ']).len();
        }
    }
    let t = text[start..end]
        .trim_end()
        .trim_end_matches(['.', '!', '?', ';', ':', ',']);
    if t.split_whitespace().count() < 3 {
        return start..start;
    }
    start..start + t.len()
}

fn lower(w: &Word) -> String {
    w.text.to_lowercase().replace('’', "'")
}

/// The speech cues of a sentence and who they name.
fn attributions(text: &str, sentence: Range<usize>, names: &[NameMention]) -> Vec<Attribution> {
    let ws = words(text, sentence.clone());
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let lw = lower(w);
        if lw == "according" && ws.get(i + 1).is_some_and(|n| lower(n) == "to") {
            if let Some(p) = ws
                .get(i + 2)
                .filter(|p| matches!(lower(p).as_str(), "him" | "her"))
            {
                out.push(Attribution {
                    cue: w.range.start..ws[i + 1].range.end,
                    speaker: Speaker {
                        name: if lower(p) == "him" {
                            "he".into()
                        } else {
                            "she".into()
                        },
                        range: p.range.clone(),
                        role: None,
                    },
                    clause_from: None,
                });
                continue;
            }
            if let Some(n) = names.iter().find(|n| {
                n.range.start >= ws[i + 1].range.end
                    && only_role_words(&text[ws[i + 1].range.end..n.range.start])
            }) {
                // "according to X, CLAUSE": the clause follows the comma.
                let after = &text[n.range.end..sentence.end];
                let clause_from = after
                    .find(',')
                    .filter(|_| {
                        w.range.start <= sentence.start + 2
                            || text[sentence.start..w.range.start].trim().is_empty()
                    })
                    .map(|c| n.range.end + c + 1);
                out.push(Attribution {
                    cue: w.range.start..ws[i + 1].range.end,
                    speaker: speaker_of(n),
                    clause_from,
                });
            }
            continue;
        }
        if NOUNS.contains(&lw.as_str()) {
            // "X's assertion that"
            if let Some(prev) = i.checked_sub(1).map(|p| &ws[p])
                && bare(prev.text) != prev.text
                && let Some(n) = names
                    .iter()
                    .find(|n| n.range.end == prev.range.start + bare(prev.text).len())
            {
                out.push(Attribution {
                    cue: w.range.clone(),
                    speaker: speaker_of(n),
                    clause_from: Some(w.range.end),
                });
            }
            continue;
        }
        if !VERBS.contains(&lw.as_str()) {
            continue;
        }
        // Subject before the verb: a name or a pronoun, maybe with an
        // adverb or an appositive between.
        let mut j = i;
        while j > 0 && BETWEEN.contains(&lower(&ws[j - 1]).as_str()) {
            j -= 1;
        }
        let verb_start = if j < i {
            ws[j].range.start
        } else {
            w.range.start
        };
        let mut subject_end = text[sentence.start..verb_start].trim_end().len() + sentence.start;
        // "The head of Russian diplomacy, Sergei Lavrov, said": the name
        // stands right before the comma.
        if text[..subject_end].ends_with(',')
            && names.iter().any(|n| n.range.end == subject_end - 1)
        {
            subject_end -= 1;
        } else if text[..subject_end].ends_with(',') {
            // An appositive: "Sergei Lavrov, the foreign minister, said".
            let inner = &text[sentence.start..subject_end - 1];
            if let Some(c) = inner.rfind(',') {
                subject_end =
                    text[sentence.start..sentence.start + c].trim_end().len() + sentence.start;
            }
        }
        if let Some(n) = names.iter().find(|n| n.range.end == subject_end) {
            out.push(Attribution {
                cue: w.range.clone(),
                speaker: speaker_of(n),
                clause_from: Some(w.range.end),
            });
            continue;
        }
        if j > 0 && is_pronoun(ws[j - 1].text) && ws[j - 1].range.end <= subject_end {
            out.push(Attribution {
                cue: w.range.clone(),
                speaker: Speaker {
                    name: ws[j - 1].text.to_string(),
                    range: ws[j - 1].range.clone(),
                    role: None,
                },
                clause_from: Some(w.range.end),
            });
            continue;
        }
        // Subject after the verb, after a quotation: `"...," said Peskov`.
        let before = text[sentence.start..w.range.start].trim_end();
        let after_quote = before.trim_end_matches(',').ends_with(['”', '"']);
        if after_quote && let Some(n) = speaker_after(text, w.range.end, names) {
            out.push(Attribution {
                cue: w.range.clone(),
                speaker: speaker_of(n),
                clause_from: None,
            });
        }
    }
    // "X: "..."": a name right before a colon that opens a quotation.
    for n in names {
        let after = &text[n.range.end..sentence.end];
        let verb_before = out.iter().any(|a| a.cue.end <= n.range.start);
        if !verb_before
            && only_role_words(&text[sentence.start..n.range.start])
            && after.starts_with(':')
            && after[1..].trim_start().starts_with(['“', '"'])
        {
            out.push(Attribution {
                cue: n.range.end..n.range.end + 1,
                speaker: speaker_of(n),
                clause_from: None,
            });
        }
    }
    out
}

/// The name a verb introduces: `said Peskov`, `said Kremlin spokesperson
/// Dmitri Peskov` (the role's organisation is not the speaker), `said Bill
/// Sullivan of Dean Witter` (the employer is not either).
fn speaker_after<'n>(text: &str, from: usize, names: &'n [NameMention]) -> Option<&'n NameMention> {
    let mut after = names.iter().filter(|n| n.range.start >= from);
    let mut pick = after
        .next()
        .filter(|n| only_role_words(&text[from..n.range.start]))?;
    let first_end = pick.range.end;
    for next in after {
        if text[first_end..next.range.start].contains([',', '.', ';', ':', '“', '”', '"']) {
            break;
        }
        // "Salomon Brothers (Asia) Ltd analyst Carole Ryavec": a lowercase
        // role right before a later name makes that name the speaker.
        let role_before = text[pick.range.end.min(next.range.start)..next.range.start]
            .split_whitespace()
            .next_back()
            .is_some_and(|w| super::names::is_role_noun(w) && w.chars().all(char::is_lowercase));
        if role_before {
            pick = next;
        }
    }
    Some(pick)
}

/// Between a cue and a name only role words may stand ("the Kremlin spokesperson").
fn only_role_words(s: &str) -> bool {
    const NOT_ROLE: &[&str] = &[
        "and", "or", "that", "on", "in", "at", "to", "by", "with", "when", "if", "it", "is", "was",
    ];
    // The word count first: it stops after five words, so a long stretch
    // of text costs no more than a short one.
    s.split_whitespace().nth(4).is_none()
        && !s.contains(['.', ';', '“', '”', '"', ',', ':'])
        && !s
            .split_whitespace()
            .any(|w| NOT_ROLE.contains(&w.to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::quotes::find::quotations;
    use crate::engine::text::{Format, prose, sentences};

    /// (reported words, speaker) for each block of `text`.
    fn said(text: &str) -> Vec<(String, Option<String>)> {
        let p = prose(text, Format::Markdown);
        let quotes = quotations(&p.text, &p.blocks);
        let mut out = Vec::new();
        for (b, block) in p.blocks.iter().enumerate() {
            let ss = sentences::split(&p.text, block.range.clone());
            let qs: Vec<&Quotation> = quotes.iter().filter(|q| q.block == b).collect();
            for s in in_block(&p.text, &ss, &qs) {
                out.push((p.text[s.range].to_string(), s.speaker.map(|s| s.name)));
            }
        }
        out
    }

    #[test]
    fn attribution_patterns() {
        let s = |x: &str| x.to_string();
        let q = |w: &str, who: &str| (s(w), Some(s(who)));
        type Case<'a> = (&'a str, Vec<(String, Option<String>)>);
        let cases: Vec<Case> = vec![
            (
                "Putin said “we are ready”.",
                vec![q("we are ready", "Putin")],
            ),
            (
                "“We are ready,” said Putin.",
                vec![q("We are ready", "Putin")],
            ),
            (
                "“We are ready,” Putin said.",
                vec![q("We are ready", "Putin")],
            ),
            (
                "Trump told a press briefing at Mar-a-Lago: \"We have to get that war over with.\"",
                vec![q("We have to get that war over with", "Trump")],
            ),
            (
                "Lavrov stated that “talks are possible”.",
                vec![q("talks are possible", "Lavrov")],
            ),
            (
                "Trump remarked, “I know he wants to meet”.",
                vec![q("I know he wants to meet", "Trump")],
            ),
            (
                "Peskov added that “formal talks must wait”.",
                vec![q("formal talks must wait", "Peskov")],
            ),
            (
                "Zelensky described his conversation with Trump as “excellent.”",
                vec![q("excellent", "Zelensky")],
            ),
            (
                "with Zelensky describing their conversation as “excellent.”",
                vec![q("excellent", "Zelensky")],
            ),
            (
                "According to Bloomberg, “the Kremlin will insist on neutrality”.",
                vec![q("the Kremlin will insist on neutrality", "Bloomberg")],
            ),
            (
                "Trump’s assertion that “Putin is not too thrilled about how things have gone” reflects his view.",
                vec![q(
                    "Putin is not too thrilled about how things have gone",
                    "Trump",
                )],
            ),
            (
                "Trump said of Putin: “I know he wants to meet.”",
                vec![q("I know he wants to meet", "Trump")],
            ),
            ("Peskov: “No comment.”", vec![q("No comment", "Peskov")]),
            (
                "Kremlin spokesperson Dmitri Peskov said on Friday that formal talks would have to wait.",
                vec![q("formal talks would have to wait", "Dmitri Peskov")],
            ),
            (
                "Trump met reporters. He said “it will be quick”.",
                vec![(s("it will be quick"), None)],
            ),
            (
                "Trump remarked, “we will see”. He said “it will be quick”.",
                vec![q("we will see", "Trump"), q("it will be quick", "Trump")],
            ),
            (
                "Sergei Lavrov, the foreign minister, said “no”.",
                vec![q("no", "Sergei Lavrov")],
            ),
            (
                "The “800-mile DMZ” plan aims to halt escalation.",
                vec![(s("800-mile DMZ"), None)],
            ),
            (
                "The head of Russian diplomacy, Sergei Lavrov, said on Tuesday that Russia is open to guarantees “for the country”, but first, according to him, it needs its own.",
                vec![q("for the country", "Sergei Lavrov")],
            ),
            (
                "\"Prices will fall,\" said Bill Sullivan of Dean Witter Reynolds Inc.",
                vec![q("Prices will fall", "Bill Sullivan")],
            ),
            (
                "\"Demand is strong,\" said Salomon Brothers (Asia) Ltd analyst Carole Ryavec.",
                vec![q("Demand is strong", "Carole Ryavec")],
            ),
            (
                "\"We won't go into specifics. It is early days,\" said Ian Harwood. Then he left.",
                vec![q(
                    "We won't go into specifics. It is early days",
                    "Ian Harwood",
                )],
            ),
            (
                "“We are ready”, said Kremlin spokesperson Dmitri Peskov.",
                vec![q("We are ready", "Dmitri Peskov")],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(said(text), want, "{text:?}");
        }
    }
}
