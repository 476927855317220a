//! Names in prose: runs of capitalized words that name someone or
//! something, with the role the text gives them ("Kremlin spokesperson
//! Dmitri Peskov", "the head of Russian diplomacy, Sergei Lavrov").

use std::ops::Range;

use crate::engine::text::words::{Word, words};

/// A name as the text writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMention {
    /// The name's words, titles left out ("Dmitri Peskov").
    pub range: Range<usize>,
    pub name: String,
    /// The role the text gives it, when it gives one ("Kremlin spokesperson").
    pub role: Option<String>,
    /// A title or a role says this is a person.
    pub person: bool,
}

/// Capitalized words that start sentences or clauses without naming anyone.
const NOT_NAMES: &[&str] = &[
    "a",
    "about",
    "according",
    "after",
    "again",
    "all",
    "also",
    "an",
    "and",
    "another",
    "any",
    "as",
    "at",
    "because",
    "before",
    "both",
    "but",
    "by",
    "despite",
    "during",
    "each",
    "even",
    "following",
    "for",
    "from",
    "given",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "instead",
    "into",
    "it",
    "its",
    "last",
    "many",
    "meanwhile",
    "more",
    "most",
    "much",
    "my",
    "next",
    "no",
    "not",
    "now",
    "of",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "over",
    "potential",
    "read",
    "several",
    "she",
    "since",
    "so",
    "some",
    "still",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "to",
    "under",
    "until",
    "we",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "with",
    "within",
    "without",
    "yet",
    "you",
    "your",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Titles written before a name; they are not part of it.
const TITLES: &[&str] = &[
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "chancellor",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "dame",
    "gen",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "judge",
    "ambassador",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chairman",
    "chairwoman",
    "director",
    "premier",
    "commissioner",
    "professor",
    "prof",
    "lt",
    "col",
    "colonel",
    "captain",
    "capt",
    "admiral",
    "deputy",
    "ceo",
];

/// Nouns that make a phrase a role ("the head of Russian diplomacy").
const ROLE_NOUNS: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "chairman",
    "chairwoman",
    "chief",
    "director",
    "governor",
    "senator",
    "mayor",
    "king",
    "queen",
    "pope",
    "premier",
    "commissioner",
    "professor",
    "general",
    "leader",
    "head",
    "ceo",
    "executive",
    "economist",
    "analyst",
    "official",
    "adviser",
    "advisor",
    "commentator",
    "founder",
    "judge",
    "lawyer",
    "attorney",
    "officer",
    "strategist",
    "negotiator",
    "diplomat",
    "aide",
    "representative",
    "deputy",
    "elect",
    "manager",
    "partner",
    "researcher",
    "correspondent",
    "editor",
];

/// Words before a name that end its role phrase.
const ROLE_STOPS: &[&str] = &[
    "the", "a", "an", "and", "or", "by", "with", "from", "to", "on", "at", "for", "said", "says",
    "told", "that", "as", "when", "while", "but", "in", "after", "before", "between",
];

pub fn is_title(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_lowercase();
    TITLES.contains(&w.as_str())
}

pub fn is_role_noun(word: &str) -> bool {
    ROLE_NOUNS.contains(&word.to_lowercase().as_str())
}

fn capitalized(w: &Word) -> bool {
    w.is_capitalized() && !w.is_numeric()
}

/// Strips a possessive: "Trump’s" → "Trump".
pub fn bare(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .or_else(|| word.strip_suffix('’'))
        .unwrap_or(word)
}

/// The names in `text[range]`, in order.
pub fn mentions(text: &str, range: Range<usize>) -> Vec<NameMention> {
    let ws = words(text, range.clone());
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !capitalized(&ws[i]) {
            i += 1;
            continue;
        }
        // The run of capitalized words joined by single spaces.
        let mut j = i + 1;
        while j < ws.len()
            && capitalized(&ws[j])
            && text[ws[j - 1].range.end..ws[j].range.start] == *" "
            && !ws[j - 1].text.ends_with("’s")
            && !ws[j - 1].text.ends_with("'s")
        {
            j += 1;
        }
        let run = &ws[i..j];
        // Leading words that name nobody, then titles, are not the name.
        let mut k = 0;
        while k < run.len() && NOT_NAMES.contains(&run[k].text.to_lowercase().as_str()) {
            k += 1;
        }
        let lead = k;
        // The name is what follows the last title ("Russian President Vladimir Putin").
        let inner = &run[..run.len().saturating_sub(1)];
        if let Some(t) = inner.iter().skip(lead).rposition(|w| is_title(w.text)) {
            k = lead + t + 1;
        }
        let titled = k > lead;
        // A run of titles alone ("US President" before "-elect") names nobody.
        if k < run.len() && !is_title(run[run.len() - 1].text) {
            let name_words = &run[k..];
            let start = name_words[0].range.start;
            let last = name_words.last().expect("non-empty");
            let end = last.range.start + bare(last.text).len();
            let name = text[start..end].to_string();
            let role = role_before(text, range.start, start);
            let person = titled || role.is_some();
            out.push(NameMention {
                range: start..end,
                name,
                role,
                person,
            });
        }
        i = j;
    }
    out
}

/// The role phrase that stands right before a name: its title words and
/// the words before them back to a determiner, a preposition or
/// punctuation; or an appositive ending in a comma ("the head of Russian
/// diplomacy, Sergei Lavrov"). Only a phrase with a role noun counts.
fn role_before(text: &str, floor: usize, name_start: usize) -> Option<String> {
    let mut prefix = &text[floor..name_start];
    let trimmed = prefix.trim_end();
    if let Some(p) = trimmed.strip_suffix(',') {
        prefix = p;
    }
    let ws = words(prefix, 0..prefix.len());
    let mut first = ws.len();
    let mut boundary = prefix.trim_end().len();
    while first > 0 && ws.len() - first < 6 {
        let w = &ws[first - 1];
        let gap = prefix[w.range.end..boundary].trim();
        if !(gap.is_empty() || gap == "-") || ROLE_STOPS.contains(&w.text.to_lowercase().as_str()) {
            break;
        }
        boundary = w.range.start;
        first -= 1;
    }
    let picked = &ws[first..];
    if picked.last().is_some_and(|w| w.text == "of") {
        return None;
    }
    if !picked.iter().any(|w| is_role_noun(w.text)) {
        return None;
    }
    let start = picked.first()?.range.start;
    let end = picked.last()?.range.end;
    Some(
        prefix[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, Option<String>)> {
        mentions(text, 0..text.len())
            .into_iter()
            .map(|m| (m.name, m.role))
            .collect()
    }

    #[test]
    fn names_and_roles() {
        let s = |x: &str| x.to_string();
        type Case<'a> = (&'a str, Vec<(String, Option<String>)>);
        let cases: Vec<Case> = vec![
            (
                "On Friday, the Kremlin spokesperson Dmitri Peskov stated it.",
                vec![
                    (s("Kremlin"), None),
                    (s("Dmitri Peskov"), Some(s("Kremlin spokesperson"))),
                ],
            ),
            (
                "a meeting with Russian President Vladimir Putin soon",
                vec![(s("Vladimir Putin"), Some(s("Russian President")))],
            ),
            (
                "As US President-elect Donald Trump prepares",
                vec![(s("Donald Trump"), Some(s("US President-elect")))],
            ),
            (
                "The head of Russian diplomacy, Sergei Lavrov, said",
                vec![
                    (s("Russian"), None),
                    (s("Sergei Lavrov"), Some(s("head of Russian diplomacy"))),
                ],
            ),
            ("Trump’s assertion that", vec![(s("Trump"), None)]),
            ("However, Peskov also mentioned", vec![(s("Peskov"), None)]),
            (
                "Foreign Minister Sergei Lavrov",
                vec![(s("Sergei Lavrov"), Some(s("Foreign Minister")))],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }
}
