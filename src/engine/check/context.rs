//! The wording around a figure, and how closely two figures' wording agrees.
//!
//! Two figures state the same claim when the words around them say what is
//! counted or measured, who and when, alike. A sentence is a bag of terms
//! weighted by rarity (IDF over corpus sentences), and each figure has a
//! window of nearby terms weighted by distance. Other figures in the sentence
//! count as terms too, so "12 cts vs 10 cts" lines up with its source.

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use crate::engine::figures::{Figure, Relation, Unit, relate};
use crate::engine::index::{View, figure_terms};
use crate::engine::lexicon::{self, Lexicon, WordId};
use crate::engine::text::words;

/// Below this similarity two different words are not taken as saying the
/// same; above it, they count for the part of the way from here to 1.
const SOFT_FLOOR: f64 = 0.45;

/// How far (in terms) the window around a figure reaches on each side.
const WINDOW: usize = 7;

/// A term of a sentence with its place among the sentence's terms.
#[derive(Debug, Clone)]
pub struct Slot {
    pub term: Arc<str>,
    pub idf: f64,
    /// Byte range in the sentence's text.
    pub range: Range<usize>,
    /// The figure this slot stands for, when it is one.
    pub figure: Option<usize>,
    /// The word looks like a verb form ("provided", "sent"): it says what
    /// happened, not what was counted, so it never makes two claims distinct.
    pub verbal: bool,
    /// A capitalized word inside the sentence: a name, telling who or where.
    pub proper: bool,
    /// Written right after the previous word, with only a space or hyphen
    /// between: the previous word may modify this one ("military aid").
    pub joined: bool,
    /// The word in the lexicon, for comparing meaning rather than spelling.
    pub word: Option<WordId>,
}

/// A sentence read for comparison.
#[derive(Debug, Clone)]
pub struct Context {
    pub slots: Vec<Slot>,
    /// For each figure: the slot index where it sits.
    pub figure_slots: Vec<usize>,
    /// The sentence's figures, with ranges relative to the sentence.
    pub figures: Vec<Figure>,
    /// Best IDF of each term in the sentence.
    pub bag: HashMap<Arc<str>, f64>,
    /// For each figure: the lexicon word of what it counts, when it counts something.
    pub nouns: Vec<Option<WordId>>,
    /// The sentence's meaning: its words' vectors, weighted by rarity.
    pub meaning: Vec<f32>,
    /// For each figure: the place or name the words right after it set it
    /// in ("12 cases in Texas": "texas"), lowercased.
    pub places: Vec<Option<String>>,
}

fn is_verbal(word: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "sent",
        "gave",
        "given",
        "put",
        "paid",
        "spent",
        "lent",
        "lost",
        "won",
        "rose",
        "risen",
        "fell",
        "fallen",
        "grew",
        "grown",
        "cut",
        "hit",
        "set",
        "made",
        "took",
        "taken",
        "got",
        "brought",
        "bought",
        "sold",
        "held",
        "kept",
        "left",
        "met",
        "saw",
        "seen",
        "told",
        "went",
        "gone",
        "came",
        "come",
        "become",
        "became",
        "began",
        "begun",
        "ran",
        "run",
        "reach",
        "reached",
        "total",
        "totaled",
        "totalled",
        "amount",
        "amounting",
        "provide",
        "provides",
        "give",
        "gives",
        "pay",
        "pays",
        "send",
        "sends",
        "estimate",
        "estimated",
        "expect",
        "expected",
        "report",
        "reported",
        "put",
        "puts",
        "stand",
        "stood",
        "stands",
    ];
    let w = word.to_lowercase();
    IRREGULAR.contains(&w.as_ref()) || (w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing")))
}

impl Context {
    /// Reads `text[range]` with its figures (ranges in the same text).
    pub fn new(view: &View, text: &str, range: Range<usize>, figures: &[Figure]) -> Context {
        let mut slots: Vec<Slot> = Vec::new();
        let terms = words::terms(text, range.clone());
        let inside = |r: &Range<usize>| {
            figures
                .iter()
                .any(|f| f.range.start <= r.start && r.end <= f.range.end)
        };
        let mut figure_slots = vec![0; figures.len()];
        let mut order: Vec<usize> = (0..figures.len()).collect();
        order.sort_by_key(|&i| figures[i].range.start);
        let mut next_fig = order.iter().peekable();
        let mut prev_end: Option<usize> = None;
        let mut seen_word = false;
        for t in terms {
            while let Some(&&fi) = next_fig.peek()
                && figures[fi].range.start <= t.range.start
            {
                figure_slots[fi] = slots.len();
                slots.push(figure_slot(view, &figures[fi], fi, range.start));
                next_fig.next();
                prev_end = None;
            }
            if inside(&t.range) {
                continue;
            }
            let word = &text[t.range.clone()];
            // The sentence's first word is capitalized whatever it is.
            let first = !seen_word
                && !text[range.start..t.range.start]
                    .chars()
                    .any(char::is_alphanumeric);
            seen_word = true;
            let joined = prev_end
                .is_some_and(|e| text[e..t.range.start].chars().all(|c| c == ' ' || c == '-'));
            prev_end = Some(t.range.end);
            slots.push(Slot {
                idf: view.idf(&t.term),
                verbal: is_verbal(word),
                proper: t.capitalized && !first,
                joined,
                word: Lexicon::get().id(word),
                term: t.term,
                range: t.range.start - range.start..t.range.end - range.start,
                figure: None,
            });
            // A long form the corpus abbreviates becomes its acronym
            // ("demilitarized zone" → DMZ), so both spellings compare alike.
            if let Some((acronym, words)) = view.corpus.acronym_ending(&slots) {
                let first = slots.len() - words;
                let start = slots[first].range.start;
                let last = slots.pop().expect("just pushed");
                slots.truncate(first);
                slots.push(Slot {
                    idf: view.idf(&acronym),
                    term: Arc::from(acronym),
                    range: start..last.range.end,
                    joined: false,
                    verbal: false,
                    word: None,
                    ..last
                });
            }
        }
        for &fi in next_fig {
            figure_slots[fi] = slots.len();
            slots.push(figure_slot(view, &figures[fi], fi, range.start));
        }
        let mut bag: HashMap<Arc<str>, f64> = HashMap::default();
        for s in &slots {
            let e = bag.entry(s.term.clone()).or_insert(0.0);
            *e = e.max(s.idf);
        }
        let figures: Vec<Figure> = figures
            .iter()
            .map(|f| Figure {
                range: f.range.start - range.start..f.range.end - range.start,
                ..f.clone()
            })
            .collect();
        let lex = Lexicon::get();
        // What a count counts: the slot of its noun, just after it.
        let nouns = figures
            .iter()
            .enumerate()
            .map(|(fi, f)| match &f.unit {
                Unit::Count { noun: Some(noun) } => slots
                    .iter()
                    .skip(figure_slots[fi] + 1)
                    .take(4)
                    .find(|s| &*s.term == noun.as_str())
                    .and_then(|s| s.word),
                _ => None,
            })
            .collect();
        let places = (0..figures.len())
            .map(|fi| {
                let end = range.start + figures[fi].range.end;
                let next = figures
                    .iter()
                    .map(|g| range.start + g.range.start)
                    .filter(|&s| s >= end)
                    .min()
                    .unwrap_or(range.end);
                place_after(&text[end..next])
            })
            .collect();
        let mut meaning = vec![0.0f32; lex.dims()];
        for s in slots.iter().filter(|s| s.figure.is_none()) {
            if let Some(w) = s.word {
                lex.accumulate(&mut meaning, w, s.idf as f32);
            }
        }
        Context {
            slots,
            figure_slots,
            figures,
            bag,
            nouns,
            meaning,
            places,
        }
    }

    /// Figure `fi` here and `gi` of `other` are set in different places,
    /// and one sentence gives the other's place a figure of its own: a swap
    /// ("12 cases in Ohio and four in Texas" against "12 cases in Texas and
    /// four in Ohio"), where each figure states the claim of its own place,
    /// whatever the values say.
    pub fn crossed_places(&self, fi: usize, other: &Context, gi: usize) -> bool {
        let (Some(p), Some(q)) = (&self.places[fi], &other.places[gi]) else {
            return false;
        };
        let elsewhere = |c: &Context, skip: usize, place: &String| {
            c.places.iter().enumerate().any(|(k, r)| {
                k != skip && r.as_ref() == Some(place) && c.figures[k].unit == c.figures[skip].unit
            })
        };
        p != q && (elsewhere(other, gi, p) || elsewhere(self, fi, q))
    }

    /// How alike in meaning the two sentences are: the cosine of their
    /// rarity-weighted word vectors.
    pub fn meaning_similarity(&self, other: &Context) -> f64 {
        lexicon::cosine(&self.meaning, &other.meaning)
    }

    /// How far slot `k`'s word is found in `other`: 1 when its term is
    /// there, less for the closest word in meaning among `candidates` of
    /// `other`'s slots, 0 when none is close.
    fn soft_credit(&self, k: usize, other: &Context, candidates: &[usize]) -> f64 {
        let s = &self.slots[k];
        if candidates.iter().any(|&j| other.slots[j].term == s.term) {
            return 1.0;
        }
        let Some(w) = s.word else { return 0.0 };
        let lex = Lexicon::get();
        let best = candidates
            .iter()
            .filter_map(|&j| other.slots[j].word)
            .map(|v| lex.similarity(w, v))
            .fold(f64::MIN, f64::max);
        soft(best)
    }

    /// Share of this sentence's wording (by weight), figures aside, that
    /// `other` says in the same or closely related words.
    pub fn soft_coverage(&self, other: &Context) -> f64 {
        let theirs: Vec<usize> = (0..other.slots.len())
            .filter(|&j| other.slots[j].figure.is_none())
            .collect();
        let (mut total, mut shared) = (0.0, 0.0);
        for (k, s) in self.slots.iter().enumerate() {
            if s.figure.is_some() {
                continue;
            }
            total += s.idf;
            shared += s.idf * self.soft_credit(k, other, &theirs);
        }
        if total <= 0.0 { 0.0 } else { shared / total }
    }

    /// Share of figure `fi`'s nearby wording (weighted by rarity and
    /// nearness) that stands near figure `gi` of `other`, in the same or
    /// closely related words, wherever in that window.
    pub fn soft_local(&self, fi: usize, other: &Context, gi: usize) -> f64 {
        let at = other.figure_slots[gi];
        let theirs: Vec<usize> = (at.saturating_sub(WINDOW)
            ..(at + WINDOW + 1).min(other.slots.len()))
            .filter(|&j| j != at && other.slots[j].figure.is_none())
            .collect();
        let mine = self.figure_slots[fi];
        let (mut total, mut shared) = (0.0, 0.0);
        for k in mine.saturating_sub(WINDOW)..(mine + WINDOW + 1).min(self.slots.len()) {
            if k == mine || self.slots[k].figure.is_some() {
                continue;
            }
            let w = self.slots[k].idf * decay(k.abs_diff(mine));
            total += w;
            shared += w * self.soft_credit(k, other, &theirs);
        }
        if total <= 0.0 { 0.0 } else { shared / total }
    }

    /// How alike what figure `fi` counts is to what figure `gi` of `other`
    /// counts: 1 for the same noun, their closeness in meaning for two
    /// nouns, None when either counts nothing named.
    pub fn noun_agreement(&self, fi: usize, other: &Context, gi: usize) -> Option<f64> {
        match (&self.figures[fi].unit, &other.figures[gi].unit) {
            (Unit::Count { noun: Some(a) }, Unit::Count { noun: Some(b) }) => {
                if a == b {
                    return Some(1.0);
                }
                match (self.nouns[fi], other.nouns[gi]) {
                    (Some(x), Some(y)) => Some(Lexicon::get().similarity(x, y).max(0.0)),
                    _ => Some(0.0),
                }
            }
            _ => None,
        }
    }

    /// Share of this sentence's wording (by weight) found in `other`, for the
    /// pair of figure `fi` here and `gi` there: neither figure counts as
    /// wording, and terms nearer another figure of this sentence weigh less
    /// (they tell that figure's claim, not this one's).
    pub fn coverage(&self, fi: usize, other: &Context, gi: usize) -> f64 {
        let at = self.figure_slots[fi];
        let others: Vec<usize> = self
            .figure_slots
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != fi)
            .map(|(_, &s)| s)
            .collect();
        let their_term = &other.slots[other.figure_slots[gi]].term;
        let mut weights: HashMap<&str, f64> = HashMap::default();
        for (k, s) in self.slots.iter().enumerate() {
            if k == at {
                continue;
            }
            let own = k.abs_diff(at);
            let nearest_other = others
                .iter()
                .map(|&o| k.abs_diff(o))
                .min()
                .unwrap_or(usize::MAX);
            let w = if nearest_other < own {
                s.idf * 0.35
            } else {
                s.idf
            };
            let e = weights.entry(&s.term).or_insert(0.0);
            *e = e.max(w);
        }
        let total: f64 = weights.values().sum();
        if total <= 0.0 {
            return 0.0;
        }
        let shared: f64 = weights
            .iter()
            .filter(|(t, _)| other.has_term_besides(t, their_term, gi))
            .map(|(_, w)| w)
            .sum();
        shared / total
    }

    /// Share of this sentence's words (by weight), figures aside, found in `other`.
    pub fn wording_coverage(&self, other: &Context) -> f64 {
        let words = || self.slots.iter().filter(|s| s.figure.is_none());
        let total: f64 = words().map(|s| s.idf).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let shared: f64 = words()
            .filter(|s| other.bag.contains_key(&s.term))
            .map(|s| s.idf)
            .sum();
        shared / total
    }

    /// The sentence has this term other than as figure `gi` itself.
    fn has_term_besides(&self, term: &str, gi_term: &str, gi: usize) -> bool {
        if term != gi_term {
            return self.bag.contains_key(term);
        }
        let at = self.figure_slots[gi];
        self.slots
            .iter()
            .enumerate()
            .any(|(k, s)| k != at && &*s.term == term)
    }

    /// The terms near figure `fi`, with distance weights.
    fn window(&self, fi: usize) -> Vec<(&Slot, usize)> {
        let at = self.figure_slots[fi];
        let lo = at.saturating_sub(WINDOW);
        let hi = (at + WINDOW + 1).min(self.slots.len());
        (lo..hi)
            .filter(|&k| k != at)
            .map(|k| (&self.slots[k], k.abs_diff(at)))
            .collect()
    }

    /// The terms near figure `fi` with their signed offsets (negative before).
    fn signed_window(&self, fi: usize) -> impl Iterator<Item = (&Slot, isize)> {
        let at = self.figure_slots[fi];
        let lo = at.saturating_sub(WINDOW);
        let hi = (at + WINDOW + 1).min(self.slots.len());
        (lo..hi)
            .filter(move |&k| k != at)
            .map(move |k| (&self.slots[k], k as isize - at as isize))
    }

    /// How much of figure `fi`'s nearby wording stands near figure `gi` of
    /// `other`, in the same place: 1 when every nearby term is there at the
    /// same offset, 0 when none is. A term at another offset, or elsewhere
    /// in the sentence, counts for less; the sentence's mention of `gi`'s
    /// partner value itself counts for nothing (it is not wording).
    pub fn local(&self, fi: usize, other: &Context, gi: usize) -> f64 {
        let mut near_other: HashMap<&str, Vec<isize>> = HashMap::default();
        for (s, o) in other.signed_window(gi) {
            near_other.entry(s.term.as_ref()).or_default().push(o);
        }
        let own_term = &self.slots[self.figure_slots[fi]].term;
        let mut total = 0.0;
        let mut shared = 0.0;
        for (s, o) in self.signed_window(fi) {
            let w = s.idf * decay(o.unsigned_abs());
            total += w;
            if let Some(offsets) = near_other.get(s.term.as_ref() as &str) {
                let shift = offsets.iter().map(|o2| o.abs_diff(*o2)).min().unwrap_or(0);
                let same_side = offsets.iter().any(|o2| o.signum() == o2.signum());
                let place = if same_side {
                    1.0 / (1.0 + 0.25 * shift as f64)
                } else {
                    0.6
                };
                shared += w * (0.5 + 0.5 * place);
            } else if &s.term != own_term && other.bag.contains_key(&s.term) {
                shared += w * 0.3;
            }
        }
        if total <= 0.0 { 0.0 } else { shared / total }
    }

    /// The best rare word within `reach` terms of both figures, as its IDF
    /// over `max_idf`: one shared telling word right by both figures
    /// ("displaced millions", "millions displaced") is strong evidence.
    pub fn anchor(&self, fi: usize, other: &Context, gi: usize, reach: usize, max_idf: f64) -> f64 {
        let theirs: HashMap<&str, usize> = other
            .window(gi)
            .into_iter()
            .filter(|(s, d)| *d <= reach && s.figure.is_none())
            .map(|(s, d)| (s.term.as_ref(), d))
            .collect();
        self.window(fi)
            .into_iter()
            .filter(|(s, d)| {
                *d <= reach && s.figure.is_none() && theirs.contains_key(s.term.as_ref())
            })
            .map(|(s, _)| s.idf / max_idf)
            .fold(0.0, f64::max)
    }

    /// The term right before slot `k`, skipping verb forms.
    fn modifier(&self, k: usize) -> Option<&Slot> {
        if !self.slots[k].joined {
            return None;
        }
        self.slots[..k]
            .last()
            .filter(|s| s.figure.is_none() && !s.verbal)
    }

    /// A word both figures are near, modified differently in each sentence
    /// ("humanitarian aid" against "military aid"): different claims.
    pub fn competing_modifiers(&self, fi: usize, other: &Context, gi: usize, min_idf: f64) -> bool {
        const REACH: usize = 3;
        let mine = self.figure_slots[fi];
        let theirs = other.figure_slots[gi];
        for (k, s) in self.slots.iter().enumerate() {
            if s.figure.is_some() || k.abs_diff(mine) > REACH {
                continue;
            }
            let Some((k2, _)) = other
                .slots
                .iter()
                .enumerate()
                .find(|(k2, s2)| s2.term == s.term && k2.abs_diff(theirs) <= REACH)
            else {
                continue;
            };
            if let (Some(a), Some(b)) = (self.modifier(k), other.modifier(k2))
                && a.term != b.term
                && a.idf >= min_idf
                && b.idf >= min_idf
                && !other.bag.contains_key(&a.term)
                && !self.bag.contains_key(&b.term)
            {
                return true;
            }
        }
        false
    }

    /// Each sentence names someone or somewhere the other does not ("Saudi
    /// Arabia's quota", "Iraq's quota"): different claims.
    pub fn competing_names(&self, other: &Context, min_idf: f64) -> bool {
        let lacks = |a: &Context, b: &Context| {
            a.slots
                .iter()
                .any(|s| s.proper && s.idf >= min_idf && !b.bag.contains_key(&s.term))
        };
        lacks(self, other) && lacks(other, self)
    }

    /// The share of this sentence's names (capitalized inside the sentence,
    /// not common) that the other sentence and its source's names both lack:
    /// "Carnival has 132 mln shares" against "It now has 250 mln shares" in
    /// a story that never names Carnival tells of someone else.
    pub fn unnamed_share(&self, other: &Context, source_names: &[String], min_idf: f64) -> f64 {
        let names: Vec<&Slot> = self
            .slots
            .iter()
            .filter(|s| s.proper && s.idf >= min_idf)
            .collect();
        if names.is_empty() {
            return 0.0;
        }
        let lacked = names
            .iter()
            .filter(|s| {
                !other.bag.contains_key(&s.term) && !source_names.iter().any(|n| **n == *s.term)
            })
            .count();
        lacked as f64 / names.len() as f64
    }

    /// The sentences are set at different times: each names a date and none agree.
    pub fn different_times(&self, fi: usize, other: &Context, gi: usize) -> bool {
        let dates = |c: &Context, skip: usize| -> Vec<Figure> {
            c.figures
                .iter()
                .enumerate()
                .filter(|(i, f)| *i != skip && f.unit == Unit::Date)
                .map(|(_, f)| f.clone())
                .collect()
        };
        let mine = dates(self, fi);
        let theirs = dates(other, gi);
        if mine.is_empty() || theirs.is_empty() {
            return false;
        }
        !mine.iter().any(|a| {
            theirs
                .iter()
                .any(|b| matches!(relate(a, b), Relation::Agree | Relation::Compatible))
        })
    }

    /// Words of `text` (this context's sentence) near figure `fi` that `other`
    /// shares, as a short label of what the figure counts.
    pub fn shared_label(&self, text: &str, fi: usize, other: &Context) -> String {
        let mut picked: Vec<&Slot> = self
            .window(fi)
            .into_iter()
            .filter(|(s, d)| *d <= 5 && s.figure.is_none() && other.bag.contains_key(&s.term))
            .map(|(s, _)| s)
            .collect();
        picked.sort_by_key(|s| s.range.start);
        let fig_range = &self.figures[fi].range;
        let mut parts: Vec<String> = Vec::new();
        let mut last_end: Option<usize> = None;
        for s in picked {
            let word = &text[s.range.clone()];
            // Join neighbours with the short words between them ("aid to Ukraine").
            match last_end {
                Some(e)
                    if s.range.start > e
                        && s.range.start - e <= 5
                        && !(e <= fig_range.start && s.range.start >= fig_range.end) =>
                {
                    let gap = &text[e..s.range.start];
                    if let Some(last) = parts.last_mut() {
                        last.push_str(gap);
                        last.push_str(word);
                    }
                }
                _ => parts.push(word.to_string()),
            }
            last_end = Some(s.range.end);
        }
        parts.join(" ")
    }
}

impl crate::engine::index::AsTerm for Slot {
    fn term(&self) -> &str {
        &self.term
    }
}

/// The place or name that the words right after a figure set it in: at
/// most three lowercase words (its noun), a place preposition, perhaps
/// "the", then capitalized words ("cases in Texas", "in New York trading",
/// "stake in Allegheny"). Months and weekdays are times, not places.
fn place_after(rest: &str) -> Option<String> {
    let mut words = rest.split_whitespace();
    let mut noun = 0;
    loop {
        let w = words.next()?;
        if matches!(w, "in" | "at" | "from" | "for" | "across") {
            break;
        }
        noun += 1;
        if noun > 3 || !w.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            return None;
        }
    }
    let mut w = words.next()?;
    if w == "the" {
        w = words.next()?;
    }
    let mut name: Vec<String> = Vec::new();
    loop {
        let core = w.trim_end_matches(|c: char| ",.;:)!?\"'\u{2019}\u{201d}".contains(c));
        let ends = core.len() != w.len();
        let core = core.strip_suffix("'s").unwrap_or(core);
        if !core.starts_with(|c: char| c.is_uppercase())
            || crate::engine::figures::is_calendar_word(core)
        {
            break;
        }
        name.push(core.to_lowercase());
        if ends || name.len() == 4 {
            break;
        }
        match words.next() {
            Some(next) => w = next,
            None => break,
        }
    }
    (!name.is_empty()).then(|| name.join(" "))
}

/// Credit for a word that is not the same but as close as `similarity`.
fn soft(similarity: f64) -> f64 {
    if similarity <= SOFT_FLOOR {
        0.0
    } else {
        (similarity - SOFT_FLOOR) / (1.0 - SOFT_FLOOR)
    }
}

fn decay(distance: usize) -> f64 {
    1.0 / (1.0 + 0.3 * (distance.saturating_sub(1)) as f64)
}

fn figure_slot(view: &View, f: &Figure, index: usize, base: usize) -> Slot {
    let term = figure_terms(f)
        .next()
        .unwrap_or_else(|| format!("§f:{}", f.unit.family()));
    Slot {
        idf: view.idf(&term),
        term: Arc::from(term),
        range: f.range.start - base..f.range.end - base,
        figure: Some(index),
        verbal: false,
        proper: false,
        joined: false,
        word: None,
    }
}

#[cfg(test)]
mod tests {
    use super::place_after;

    #[test]
    fn the_place_a_figure_is_set_in() {
        let rows: &[(&str, Option<&str>)] = &[
            (" cases in Texas and", Some("texas")),
            (" in Ohio by Friday.", Some("ohio")),
            (
                " bags pending in New York, the exchange said",
                Some("new york"),
            ),
            (" pct for the Alliance.", Some("alliance")),
            (" pct stake in Allegheny's parent", Some("allegheny")),
            (" planes from Boeing and", Some("boeing")),
            // Times, lowercase words, too many words before the preposition.
            (" pct in March", None),
            (" cases in the region", None),
            (" people were killed in Texas", Some("texas")),
            (" people were reported killed later in Texas", None),
            (", officials in Texas said", None),
            ("", None),
        ];
        for (rest, want) in rows {
            assert_eq!(place_after(rest).as_deref(), *want, "{rest:?}");
        }
    }
}
