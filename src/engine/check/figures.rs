//! Checking a draft's figures against the corpus figures stated for the same claim.
//!
//! For each draft sentence with figures, BM25 finds the source sentences that
//! share its wording or its figures. In each, the draft's figures are paired
//! one-to-one with comparable source figures by how alike their wording is
//! (a score from 0 to 1). Then, per draft figure: an agreeing source with
//! enough shared wording supports it; a disagreeing source that clearly
//! states the same claim contradicts it; nothing close leaves it unsupported.

use std::collections::HashMap;

use rayon::prelude::*;

use super::assign;
use super::context::Context;
use super::scorer::{Features, Scorer};
use crate::engine::document::{Document, Sentence};
use crate::engine::figures::{
    Amount, Dimension, Figure, Relation, Slip, Unit, Value, relate, slip,
};
use crate::engine::findings::{
    Claim, ClaimKind, ClaimStatus, Code, Evidence, Finding, Fix, Stance,
};
use crate::engine::index::{SourceSentence, View};

/// Candidate source sentences retrieved per draft sentence.
const CANDIDATES: usize = 16;
/// The most query terms retrieval uses (the rarest of the sentence's).
const QUERY_TERMS: usize = 10;
/// Sources sharing this much of their names tell the same story; only
/// sources of one story can disagree about a fact.
const STORY: f64 = 0.35;

/// Whether two figures can state the same claim at all. Counts of
/// differently named things can ("36,000 Americans", "36,000 people"):
/// how alike the nouns are is left to the scorer. So can amounts of which
/// one names what they are per and the other leaves it to the words
/// around ("$1.31 a share" and "$1.31 for the year"; "$10 million a year"
/// and "a yearly salary of $10 million").
fn comparable(f: &Figure, g: &Figure) -> bool {
    matches!((&f.unit, &g.unit), (Unit::Count { .. }, Unit::Count { .. }))
        || f.unit.comparable(&g.unit)
        || per_on_one_side(&f.unit, &g.unit)
        || age_or_bare_count(&f.unit, &g.unit)
        || bare_and_measure(f, g)
}

/// An age and a number that counts nothing named: "Terri Schiavo, 39, at
/// the hospice" reads as a bare number where "Terri Schiavo, 39, underwent"
/// reads as her age. Whether they state the same claim is the scorer's.
fn age_or_bare_count(a: &Unit, b: &Unit) -> bool {
    matches!(
        (a, b),
        (Unit::Age, Unit::Count { noun: None }) | (Unit::Count { noun: None }, Unit::Age)
    )
}

/// A number that counts nothing named and a measure, the one figure as a
/// bare number in the unit the measure was written in: "was 142 on
/// average" against "was 142 mg/dL on average", "to 100,000" against "to
/// 100,000 tonnes" (a reworded claim often leaves the unit to the words
/// around, or out). Whether they state the same claim is the scorer's.
fn bare_and_measure(a: &Figure, b: &Figure) -> bool {
    let bare = |x: &Figure| matches!(x.unit, Unit::Count { noun: None });
    let written = |x: &Figure| matches!(x.unit, Unit::Measure { .. }) && x.written.is_some();
    (bare(a) && written(b)) || (written(a) && bare(b))
}

/// The two figures of [`bare_and_measure`] as two bare numbers.
fn bare_count_and_measure(a: &Figure, b: &Figure) -> Option<(Figure, Figure)> {
    let as_written = |m: &Figure| -> Option<Figure> {
        let (Unit::Measure { .. }, Some(unit), Value::Amount(x)) = (&m.unit, m.written, &m.value)
        else {
            return None;
        };
        let back = |v: f64| unit.from_base(v);
        let value = Value::Amount(Amount {
            value: x.value.map(back),
            step: x.step / unit.factor(),
            lo: back(x.lo),
            hi: back(x.hi),
        });
        Some(Figure {
            unit: Unit::Count { noun: None },
            value,
            written: None,
            ..m.clone()
        })
    };
    let bare = |x: &Figure| matches!(x.unit, Unit::Count { noun: None });
    match (bare(a), bare(b)) {
        (true, false) => Some((a.clone(), as_written(b)?)),
        (false, true) => Some((as_written(a)?, b.clone())),
        _ => None,
    }
}

/// Money in one currency, or measures of one dimension, of which only one
/// says what it is per.
fn per_on_one_side(a: &Unit, b: &Unit) -> bool {
    match (a, b) {
        (
            Unit::Money {
                currency: ca,
                per: pa,
            },
            Unit::Money {
                currency: cb,
                per: pb,
            },
        ) => ca == cb && pa.is_some() != pb.is_some(),
        (
            Unit::Measure {
                dimension: da,
                per: pa,
            },
            Unit::Measure {
                dimension: db,
                per: pb,
            },
        ) => da == db && pa.is_some() != pb.is_some(),
        _ => false,
    }
}

/// A unit without what it is per.
fn without_per(u: &Unit) -> Unit {
    match u {
        Unit::Money { currency, .. } => Unit::Money {
            currency: currency.clone(),
            per: None,
        },
        Unit::Measure { dimension, .. } => Unit::Measure {
            dimension: *dimension,
            per: None,
        },
        other => other.clone(),
    }
}

/// How figure `f` relates to `g`, counts of differently named things
/// compared by their values, amounts per something with amounts that do
/// not say, ages with bare numbers and bare numbers with measures as they
/// were written (see [`comparable`]).
fn relate_values(f: &Figure, g: &Figure) -> Relation {
    let bare = |x: &Figure, unit: Unit| Figure { unit, ..x.clone() };
    match (&f.unit, &g.unit) {
        (Unit::Count { noun: Some(a) }, Unit::Count { noun: Some(b) }) if a != b => {
            let count = || Unit::Count { noun: None };
            relate(&bare(f, count()), &bare(g, count()))
        }
        (a, b) if per_on_one_side(a, b) => {
            relate(&bare(f, without_per(a)), &bare(g, without_per(b)))
        }
        (a, b) if age_or_bare_count(a, b) => {
            let count = || Unit::Count { noun: None };
            relate(&bare(f, count()), &bare(g, count()))
        }
        _ => match bare_count_and_measure(f, g) {
            Some((f, g)) => relate(&f, &g),
            None => relate(f, g),
        },
    }
}

/// A source figure paired with a draft figure.
#[derive(Debug, Clone)]
struct Pairing {
    /// Index into the draft sentence's candidate sentences.
    sentence: usize,
    /// The source figure within it.
    figure: usize,
    /// How surely the two figures state the same claim, 0 to 1.
    score: f64,
    /// The same from the wording alone, the values' agreement left out.
    wording: f64,
    relation: Relation,
}

struct SourceView {
    sentence: SourceSentence,
    context: Context,
}

/// Checks every figure of the draft; returns findings and the checked claims.
/// Sentences are checked in parallel: each is judged on its own. Only the
/// sentences of blocks marked in `blocks` are checked.
pub fn check(view: &View, doc: &Document, blocks: &[bool]) -> (Vec<Finding>, Vec<Claim>) {
    let max_idf = view.idf("\u{0}never-a-term");
    let min_idf = 0.4 * max_idf;
    let per_sentence: Vec<(Vec<Finding>, Vec<Claim>)> = doc
        .sentences
        .par_iter()
        .filter(|s| !s.figures.is_empty() && blocks.get(s.block).copied().unwrap_or(true))
        .map(|s| {
            let mut findings = Vec::new();
            let mut claims = Vec::new();
            check_sentence(view, doc, s, min_idf, max_idf, &mut findings, &mut claims);
            (findings, claims)
        })
        .collect();
    let mut findings = Vec::new();
    let mut claims = Vec::new();
    for (f, c) in per_sentence {
        findings.extend(f);
        claims.extend(c);
    }
    (findings, claims)
}

/// The retrieval query for a draft sentence: its terms and its figures'
/// values. Terms in a large share of the corpus's sentences are left out:
/// they barely move BM25's ranking and their long posting lists dominate
/// the query's cost.
fn query(view: &View, ctx: &Context) -> Vec<(String, f32)> {
    const COMMON: f64 = 0.04;
    let limit = (view.sentence_count() * COMMON).max(50.0) as u64;
    let mut terms: HashMap<String, f32> = HashMap::new();
    for slot in &ctx.slots {
        let boost = if slot.figure.is_some() { 1.5 } else { 1.0 };
        if !terms.contains_key(slot.term.as_ref()) && view.doc_freq(&slot.term) <= limit {
            terms.insert(slot.term.to_string(), boost);
        }
    }
    // The rarest terms carry the ranking; the rest would only slow it.
    let mut v: Vec<(String, f32)> = terms.into_iter().collect();
    v.sort_by(|a, b| {
        view.doc_freq(&a.0)
            .cmp(&view.doc_freq(&b.0))
            .then_with(|| a.0.cmp(&b.0))
    });
    v.truncate(QUERY_TERMS);
    v
}

fn check_sentence(
    view: &View,
    doc: &Document,
    s: &Sentence,
    min_idf: f64,
    max_idf: f64,
    findings: &mut Vec<Finding>,
    claims: &mut Vec<Claim>,
) {
    let text = &doc.prose.text;
    let draft = Context::new(view, text, s.range.clone(), &s.figures);
    let sources: Vec<SourceView> = view
        .search(&query(view, &draft), CANDIDATES)
        .into_iter()
        // Only sentences with a figure this one's figures compare with.
        .filter(|(_, sentence)| {
            sentence
                .figures
                .iter()
                .any(|g| s.figures.iter().any(|f| comparable(f, g)))
        })
        .map(|(_, sentence)| {
            let context = Context::new(
                view,
                &sentence.text,
                0..sentence.text.len(),
                &sentence.figures,
            );
            SourceView { sentence, context }
        })
        .collect();

    let clauses = clauses(text, &s.figures);
    let scorer = Scorer::get();
    let mut pairings: Vec<Vec<Pairing>> = vec![Vec::new(); s.figures.len()];
    for (k, src) in sources.iter().enumerate() {
        let pair = SentencePair::new(view, &draft, &src.context, min_idf, max_idf)
            .with_source(src.sentence.source);
        for (fi, gi, x, relation) in align(&pair, &s.figures, &clauses, &src.sentence.figures) {
            // A sentence that also states the draft's value does not contradict it
            // (unless it states it for another place: a swap).
            let states_value = src.sentence.figures.iter().enumerate().any(|(hi, h)| {
                relate_values(&s.figures[fi], h) == Relation::Agree
                    && !draft.crossed_places(fi, &src.context, hi)
            });
            let relation = if relation == Relation::Disagree && states_value {
                Relation::Compatible
            } else {
                relation
            };
            let score = scorer.same_claim(&x);
            features_out(doc, s, fi, &src.sentence, gi, relation, &x, score);
            pairings[fi].push(Pairing {
                sentence: k,
                figure: gi,
                score,
                wording: scorer.same_claim(&wording_only(x)),
                relation,
            });
        }
    }

    if trace_enabled() {
        trace(view, doc, s, &pairings, &sources, &draft);
    }
    for (fi, f) in s.figures.iter().enumerate() {
        let judged = judge(view, min_idf, doc, f, &pairings[fi], &sources, &draft);
        if let Some(finding) = judged.finding {
            findings.push(finding);
        }
        claims.push(Claim {
            range: f.range.clone(),
            kind: ClaimKind::Figure,
            text: figure_text(doc, f),
            status: judged.status,
            speaker: None,
            entity: None,
            evidence: judged.evidence,
        });
    }
}

/// The clause of each figure: a new clause starts at a semicolon, or at a
/// comma or "and" followed by more than a few words ("Russia holds a fifth
/// of the land, and Ukraine could concede up to 25% of it"; "... territory
/// and, under a ceasefire plan, Ukraine could concede ...").
fn clauses(text: &str, figures: &[Figure]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..figures.len()).collect();
    order.sort_by_key(|&i| figures[i].range.start);
    let mut out = vec![0; figures.len()];
    let mut clause = 0;
    for w in order.windows(2) {
        let gap = &text[figures[w[0]].range.end..figures[w[1]].range.start];
        let lower = gap.to_lowercase();
        let words = gap.split_whitespace().count();
        let joined = lower.contains(';')
            || (words > 3
                && [
                    ", and ",
                    " and, ",
                    ", but ",
                    ", while ",
                    ", whereas ",
                    " and ",
                    ", although ",
                ]
                .iter()
                .any(|c| lower.contains(c)));
        if joined {
            clause += 1;
        }
        out[w[1]] = clause;
    }
    out
}

/// Two sentences read for comparison, with what is shared by all their
/// figure pairs computed once.
struct SentencePair<'a, 'v> {
    view: &'a View<'v>,
    a: &'a Context,
    b: &'a Context,
    min_idf: f64,
    max_idf: f64,
    soft_coverage: f64,
    soft_reverse_coverage: f64,
    meaning: f64,
    names: bool,
    /// The share of the draft's names the source's sentence and story lack
    /// (0 between two source sentences).
    unnamed: f64,
}

impl<'a, 'v> SentencePair<'a, 'v> {
    fn new(view: &'a View<'v>, a: &'a Context, b: &'a Context, min_idf: f64, max_idf: f64) -> Self {
        SentencePair {
            view,
            a,
            b,
            min_idf,
            max_idf,
            soft_coverage: a.soft_coverage(b),
            soft_reverse_coverage: b.soft_coverage(a),
            meaning: a.meaning_similarity(b),
            names: a.competing_names(b, min_idf),
            unnamed: 0.0,
        }
    }

    /// The pair of a draft sentence and source sentence `b` of `source`.
    fn with_source(mut self, source: u32) -> Self {
        let names = self
            .view
            .corpus
            .source(source)
            .map_or(&[][..], |i| i.names.as_slice());
        self.unnamed = self.a.unnamed_share(self.b, names, self.min_idf);
        self
    }

    /// The features of pairing figure `fi` of `a` with figure `gi` of `b`,
    /// the other aligned figures aside.
    fn features(&self, fi: usize, gi: usize, relation: Relation) -> Features {
        let (a, b) = (self.a, self.b);
        let (f, g) = (&a.figures[fi], &b.figures[gi]);
        let modifiers = a.competing_modifiers(fi, b, gi, self.min_idf);
        let noun = a.noun_agreement(fi, b, gi);
        let agree = relation == Relation::Agree;
        let flag = |x: bool| if x { 1.0 } else { 0.0 };
        [
            a.coverage(fi, b, gi),
            a.local(fi, b, gi),
            b.local(gi, a, fi),
            self.soft_coverage,
            self.soft_reverse_coverage,
            a.soft_local(fi, b, gi),
            b.soft_local(gi, a, fi),
            self.meaning,
            a.anchor(fi, b, gi, 3, self.max_idf),
            flag(modifiers),
            flag(a.different_times(fi, b, gi)),
            flag(self.names),
            noun.unwrap_or(0.0),
            flag(noun.is_some()),
            0.0,
            0.0,
            flag(agree),
            if agree {
                specificity(self.view, g, self.max_idf)
            } else {
                0.0
            },
            flag(relation == Relation::Compatible),
            flag(relation == Relation::Disagree && slip(f, g).is_some()),
            flag(f.unit == g.unit),
            self.unnamed,
        ]
    }
}

/// The features that say how the two values relate, not what the words say.
const VALUE_FEATURES: [usize; 4] = [16, 17, 18, 19];

/// A pairing's features with the agreement of its own values left out.
fn wording_only(mut x: Features) -> Features {
    for i in VALUE_FEATURES {
        x[i] = 0.0;
    }
    x
}

const AGREE_OTHERS: usize = 14;
const DISAGREE_OTHERS: usize = 15;

/// Pairs one sentence's figures with another's, one to one (the best
/// assignment), and returns each pairing's features. The sentences' agreement on
/// their other figures is a feature too: sentences in the same words that
/// disagree on everything else likely tell of different events (another
/// company, another week).
fn align(
    pair: &SentencePair,
    a_figs: &[Figure],
    clauses: &[usize],
    b_figs: &[Figure],
) -> Vec<(usize, usize, Features, Relation)> {
    let scorer = Scorer::get();
    let mut pairs = Vec::new();
    for (fi, f) in a_figs.iter().enumerate() {
        for (gi, g) in b_figs.iter().enumerate() {
            if !comparable(f, g) || pair.a.crossed_places(fi, pair.b, gi) {
                continue;
            }
            let relation = match relate_values(f, g) {
                Relation::Incomparable => continue,
                // A vague source ("it will take months") supports or
                // leaves open; it is too loose to contradict.
                Relation::Disagree if g.weak => Relation::Compatible,
                r => r,
            };
            let x = pair.features(fi, gi, relation);
            // The pairing's full score, value agreement included: a draft
            // figure that states a source figure's rare value keeps it
            // from a neighbour the source does not state ("down 192.25
            // points at 10,310.04" against "down 1.83 percent at 10,310.04").
            pairs.push((scorer.same_claim(&x), fi, gi, x, relation));
        }
    }
    // One to one over the sentence: the assignment whose scores sum highest
    // (a greedy pick of the surest pair first can take a figure's only good
    // partner for a neighbour that had others).
    let mut matrix = vec![vec![None; b_figs.len()]; a_figs.len()];
    for &(score, fi, gi, _, _) in &pairs {
        matrix[fi][gi] = Some(score);
    }
    let assigned = assign::best_assignment(&matrix);
    let mut taken: Vec<Option<usize>> = vec![None; b_figs.len()];
    for (fi, gi) in assigned.iter().enumerate() {
        if let Some(gi) = gi {
            taken[*gi] = Some(fi);
        }
    }
    // A draft figure left over may still rest on a source figure another
    // clause uses: each clause of a compound sentence makes its own claim
    // ("Russia holds a fifth of the land, and Ukraine could concede up to
    // 25% of it" against one "20%").
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let clause = |fi: usize| clauses.get(fi).copied().unwrap_or(0);
    let mut aligned = Vec::new();
    let mut done = vec![false; a_figs.len()];
    for (_, fi, gi, x, relation) in pairs {
        if done[fi] {
            continue;
        }
        let ok = match assigned[fi] {
            Some(g) => g == gi,
            None => taken[gi].is_none_or(|other| clause(other) != clause(fi)),
        };
        if ok {
            done[fi] = true;
            aligned.push((fi, gi, x, relation));
        }
    }
    // How many other telling pairs agree and disagree: totals counted once,
    // less the pair itself (linear, however many figures a sentence has).
    // Weak figures say little, but dates, even a bare month, say when. Times
    // of day say little too: two accounts of one fact often give different
    // hours (opening hours, when it was reported).
    let telling = |fi: usize, gi: usize| {
        let t =
            |f: &Figure| (!f.weak || f.unit == Unit::Date) && !matches!(f.unit, Unit::Time { .. });
        t(&a_figs[fi]) && t(&b_figs[gi])
    };
    let total = |rel: Relation| {
        aligned
            .iter()
            .filter(|&&(fi, gi, _, r)| r == rel && telling(fi, gi))
            .count() as f64
    };
    let (agree_all, disagree_all) = (total(Relation::Agree), total(Relation::Disagree));
    for (fi, gi, x, relation) in aligned.iter_mut() {
        let own = |rel: Relation| f64::from(u8::from(*relation == rel && telling(*fi, *gi)));
        x[AGREE_OTHERS] = (agree_all - own(Relation::Agree)).min(3.0);
        x[DISAGREE_OTHERS] = (disagree_all - own(Relation::Disagree)).min(3.0);
    }
    aligned
}

/// How surely source figure `gb` of `b` states the same claim as figure `ga`
/// of `a`, when the two are paired at all.
fn same_claim_between(
    view: &View,
    a: &SourceView,
    ga: usize,
    b: &SourceView,
    gb: usize,
    min_idf: f64,
    max_idf: f64,
) -> f64 {
    let pair = SentencePair::new(view, &a.context, &b.context, min_idf, max_idf);
    align(&pair, &a.sentence.figures, &[], &b.sentence.figures)
        .into_iter()
        .find(|&(i, j, _, _)| i == ga && j == gb)
        .map_or(0.0, |(_, _, x, _)| Scorer::get().same_claim(&x))
}

/// How rare a figure's value is in the corpus, 0 (everywhere) to 1 (once):
/// agreeing on a rare value is evidence by itself. Vague figures have none.
fn specificity(view: &View, f: &Figure, max_idf: f64) -> f64 {
    f.value_key()
        .map_or(0.0, |k| view.idf(&format!("§v:{k}")) / max_idf)
}

/// Two source sentences in the same words but for their figures: two
/// instances of one formula ("The company is selling N shares"), not two
/// accounts of one fact.
fn same_formula(a: &SourceView, b: &SourceView) -> bool {
    a.context.wording_coverage(&b.context) >= 0.85 && b.context.wording_coverage(&a.context) >= 0.85
}

/// Sources whose scores for a claim differ by no more than this share of
/// the best one state it equally clearly: when their figures differ, none
/// is picked over the other.
const TIE: f64 = 0.02;

struct Judgement {
    status: ClaimStatus,
    finding: Option<Finding>,
    evidence: Vec<Evidence>,
}

impl Judgement {
    /// A verdict the reporter is told of: a finding on the figure that
    /// carries the claim's evidence.
    fn flagged(
        status: ClaimStatus,
        code: Code,
        f: &Figure,
        message: String,
        fixes: Vec<Fix>,
        evidence: Vec<Evidence>,
    ) -> Judgement {
        Judgement {
            status,
            finding: Some(Finding {
                code,
                range: f.range.clone(),
                message,
                fixes,
                evidence: evidence.clone(),
            }),
            evidence,
        }
    }
}

/// The best pairing per source, by score, among those that pass `keep`.
fn best_per_source<'p>(
    pairings: &'p [Pairing],
    sources: &[SourceView],
    keep: impl Fn(&Pairing) -> bool,
) -> Vec<&'p Pairing> {
    let mut best: HashMap<u32, &Pairing> = HashMap::new();
    for p in pairings.iter().filter(|p| keep(p)) {
        let id = sources[p.sentence].sentence.source;
        match best.get(&id) {
            Some(b) if b.score >= p.score => {}
            _ => {
                best.insert(id, p);
            }
        }
    }
    let mut v: Vec<&Pairing> = best.into_values().collect();
    // Equal scores in the order of the sentences (see `View::search`),
    // never in the map's, which changes from run to run.
    v.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.sentence.cmp(&b.sentence))
    });
    v
}

#[allow(clippy::too_many_arguments)]
fn judge(
    view: &View,
    min_idf: f64,
    doc: &Document,
    f: &Figure,
    pairings: &[Pairing],
    sources: &[SourceView],
    draft: &Context,
) -> Judgement {
    let stated = figure_text(doc, f);
    let evidence =
        |p: &Pairing, stance: Stance| evidence_of(view, &sources[p.sentence], p.figure, stance);
    let best = |rel: Relation| {
        pairings
            .iter()
            .filter(|p| p.relation == rel)
            .max_by(|a, b| a.score.total_cmp(&b.score))
    };
    let t = &Scorer::get().thresholds;
    let max_idf = view.idf("\u{0}never-a-term");
    let agree = best(Relation::Agree);
    let disagree = best(Relation::Disagree);
    let a = agree.map_or(0.0, |p| p.score);
    let d = disagree.map_or(0.0, |p| p.score);

    // A source that words the claim more closely than the agreeing one and
    // gives another figure states it: an equal value in a sentence about
    // something else ("The stock rose $2.11" against "Loral closed at
    // $3.01") is a coincidence, however rare the value.
    let worded_closer = agree.is_some_and(|top| {
        pairings.iter().any(|p| {
            p.relation == Relation::Disagree
                && p.score >= t.mismatch
                && p.wording > top.wording + t.wording
        })
    });
    if let Some(top) = agree
        && a >= t.support
        && a + t.overrule >= d
        && !worded_closer
    {
        let supporting = best_per_source(pairings, sources, |p| {
            p.relation == Relation::Agree && p.score >= t.support
        });
        let top_src = &sources[top.sentence];
        let supporters: std::collections::HashSet<u32> = supporting
            .iter()
            .map(|p| sources[p.sentence].sentence.source)
            .collect();
        let conflicting = best_per_source(pairings, sources, |p| {
            let b = &sources[p.sentence];
            // A source that states the figure somewhere does not dispute it.
            p.relation == Relation::Disagree
                && !b.sentence.headline
                && !supporters.contains(&b.sentence.source)
                && p.score >= t.related
                && !same_formula(top_src, b)
                // Only two accounts of one story can disagree about a fact:
                // two stories told in the same words are two facts.
                && view.story_overlap(top_src.sentence.source, b.sentence.source) >= STORY
                && {
                    // The same claim as the draft's, or as the supporting
                    // source's (two accounts may word a fact very differently).
                    let via_support = same_claim_between(view, top_src, top.figure, b, p.figure, min_idf, max_idf);
                    if trace_enabled() {
                        eprintln!(
                            "    conflict? {}:{} score={:.3} via_support={:.3}",
                            b.sentence.source,
                            b.sentence.line + 1,
                            p.score,
                            via_support
                        );
                    }
                    p.score.max(via_support) >= t.mismatch
                }
        });
        let mut ev: Vec<Evidence> = supporting
            .iter()
            .map(|p| evidence(p, Stance::Supports))
            .collect();
        // A date beside other figures mostly says when they held ("in 1986,
        // profit was ..."); sources with other dates tell of other years.
        let framing_date =
            f.unit == Unit::Date && draft.figures.iter().any(|g| g.unit != Unit::Date);
        if conflicting.is_empty() || f.weak || framing_date {
            return Judgement {
                status: ClaimStatus::Supported,
                finding: None,
                evidence: ev,
            };
        }
        let contra: Vec<Evidence> = conflicting
            .iter()
            .take(3)
            .map(|p| evidence(p, Stance::Contradicts))
            .collect();
        let label = top_src
            .context
            .shared_label(&top_src.sentence.text, top.figure, draft);
        let mut message = format!(
            "Sources differ: {} says {}",
            ev[0].cite(),
            quote_figure(&ev[0])
        );
        for c in &contra {
            message.push_str(&format!("; {} says {}", c.cite(), quote_figure(c)));
        }
        if !label.is_empty() {
            message.push_str(&format!(" ({label})"));
        }
        ev.extend(contra);
        return Judgement::flagged(
            ClaimStatus::Conflict,
            Code::SourceConflict,
            f,
            message,
            Vec::new(),
            ev,
        );
    }

    if disagree.is_some_and(|_| d >= t.mismatch) {
        // The sources that state this claim about as clearly as the best one.
        let mut contradicting: Vec<&Pairing> = best_per_source(pairings, sources, |p| {
            p.relation == Relation::Disagree && p.score >= t.mismatch && p.score + 0.1 >= d
        })
        .into_iter()
        .take(3)
        .collect();
        let figure_of = |p: &Pairing| &sources[p.sentence].sentence.figures[p.figure];
        let slip_note = |source_figure: &Figure| match slip(f, source_figure) {
            Some(Slip::Magnitude { factor }) => format!(
                " (off by a factor of {}: {}?)",
                factor_words(factor),
                if factor > 1.0 {
                    "a larger scale word"
                } else {
                    "a smaller scale word"
                }
            ),
            Some(Slip::Zero { factor }) => format!(
                " ({} zero?)",
                if factor > 1.0 {
                    "an extra"
                } else {
                    "a dropped"
                }
            ),
            Some(Slip::PercentForPoints) => match f.unit {
                Unit::Percent => " (percent for percentage points?)".into(),
                _ => " (percentage points for percent?)".into(),
            },
            None => String::new(),
        };
        // Sources that tie and give different figures: no one of them is
        // "the sources'" figure. Each is named and offered.
        let best = contradicting[0];
        let tied = contradicting
            .iter()
            .take_while(|p| best.score - p.score <= TIE * best.score)
            .count();
        let disputed = contradicting[..tied]
            .iter()
            .any(|p| figure_of(p).value != figure_of(best).value);
        if disputed {
            // By score, and equal scores by place (the candidates' order
            // comes from retrieval).
            let place = |p: &Pairing| {
                let e = evidence(p, Stance::Contradicts);
                (e.path, e.line, e.stated)
            };
            contradicting[..tied].sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then_with(|| place(a).cmp(&place(b)))
            });
        }
        let ev: Vec<Evidence> = contradicting
            .iter()
            .map(|p| evidence(p, Stance::Contradicts))
            .collect();
        let top = contradicting[0];
        let src = &sources[top.sentence];
        let label = src
            .context
            .shared_label(&src.sentence.text, top.figure, draft);
        let label = if label.is_empty() {
            label
        } else {
            format!(" ({label})")
        };
        if disputed {
            // One fix per figure the tied sources give, in their order.
            let mut fixes: Vec<Fix> = Vec::new();
            let mut offered = Vec::new();
            for (p, e) in contradicting[..tied].iter().zip(&ev) {
                let said = quote_figure(e);
                if offered.contains(&&figure_of(p).value)
                    || fixes.iter().any(|f| f.replacement == said)
                {
                    continue;
                }
                offered.push(&figure_of(p).value);
                fixes.push(Fix {
                    title: format!("Use {said}, as {} says", e.cite()),
                    replacement: said,
                });
            }
            let says: Vec<String> = ev
                .iter()
                .map(|e| format!("{} says {}", e.cite(), quote_figure(e)))
                .collect();
            let figures: Vec<&str> = fixes.iter().map(|f| f.replacement.as_str()).collect();
            let (last, rest) = figures.split_last().expect("two figures at least");
            let note = contradicting[..tied]
                .iter()
                .map(|p| slip_note(figure_of(p)))
                .find(|n| !n.is_empty())
                .unwrap_or_default();
            let message = format!(
                "The sources disagree, saying {} or {last}, not {stated}{note}: {}{label}",
                rest.join(", "),
                says.join("; ")
            );
            return Judgement::flagged(
                ClaimStatus::Mismatch,
                Code::FigureMismatch,
                f,
                message,
                fixes,
                ev,
            );
        }
        let said = quote_figure(&ev[0]);
        let slip_note = slip_note(figure_of(top));
        // "6 miles" against "12 km": say what the source's figure is in the draft's unit.
        let converted = crate::engine::figures::conversion(f, figure_of(top))
            .map_or(String::new(), |c| format!(" (converted: {c})"));
        let mut message = format!(
            "The sources say {said}, not {stated}{slip_note}{converted}: {}",
            ev[0].cite()
        );
        for other in ev.iter().skip(1) {
            message.push_str(&format!("; {} says {}", other.cite(), quote_figure(other)));
        }
        message.push_str(&label);
        return Judgement::flagged(
            ClaimStatus::Mismatch,
            Code::FigureMismatch,
            f,
            message,
            vec![Fix {
                title: format!("Use the source's figure: {said}"),
                replacement: said.clone(),
            }],
            ev,
        );
    }

    // Nothing states this claim with this figure. Show the nearest related
    // source sentence, if any, so the reporter knows where to look; never
    // one that states this very figure (that one would be a support, and
    // "nearest: … says the same" tells the reporter nothing).
    // A spelled-out small count is near a source only as near as a support
    // would need: "Six people" is not about a story's "12 people".
    let near = if is_spelled_small(&doc.prose.text, f) {
        t.support
    } else {
        t.related
    };
    let related: Vec<Evidence> = pairings
        .iter()
        .filter(|p| p.score >= near && p.relation != Relation::Agree)
        .max_by(|a, b| a.score.total_cmp(&b.score))
        .map(|p| evidence(p, Stance::Related))
        .into_iter()
        .collect();
    if !f.may_be_unsupported() {
        return Judgement {
            status: ClaimStatus::Unsupported,
            finding: None,
            evidence: related,
        };
    }
    let mut message = format!("No source states {stated} for this claim");
    if let Some(r) = related.first() {
        message.push_str(&format!("; nearest: {} says {}", r.cite(), quote_figure(r)));
    }
    Judgement::flagged(
        ClaimStatus::Unsupported,
        Code::UnsupportedFigure,
        f,
        message,
        Vec::new(),
        related,
    )
}

/// The byte ranges of the draft's spelled-out counts under ten (see
/// [`is_spelled_small`]).
pub(super) fn spelled_small_counts(doc: &Document) -> std::collections::HashSet<(usize, usize)> {
    doc.sentences
        .iter()
        .flat_map(|s| &s.figures)
        .filter(|f| is_spelled_small(&doc.prose.text, f))
        .map(|f| (f.range.start, f.range.end))
        .collect()
}

/// Whether a figure is a spelled-out count under ten ("two", "Six", "at
/// least four", "three weeks"): of things, or a span shorter than a year.
/// "two decades" is twenty years, not a small count.
fn is_spelled_small(text: &str, f: &Figure) -> bool {
    const UNDER_TEN: [&str; 9] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    const YEAR_DAYS: f64 = 365.0;
    let written = &text[f.range.clone()];
    let spelled = !written.chars().any(|c| c.is_ascii_digit())
        && written
            .split(|c: char| !c.is_alphabetic())
            .any(|w| UNDER_TEN.contains(&w.to_lowercase().as_str()));
    spelled
        && match (&f.unit, &f.value) {
            (Unit::Count { .. }, _) => true,
            (
                Unit::Measure {
                    dimension: Dimension::Duration,
                    per: None,
                },
                Value::Amount(a),
            ) => a.value.is_some_and(|days| days < YEAR_DAYS),
            _ => false,
        }
}

fn factor_words(factor: f64) -> String {
    let f = if factor >= 1.0 { factor } else { 1.0 / factor };
    let rounded = 10f64.powi(f.log10().round() as i32);
    let s = format!("{rounded:.0}");
    // 1000 → 1,000
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn quote_figure(e: &Evidence) -> String {
    e.stated.clone().unwrap_or_default()
}

/// The draft's wording of a figure, on one line.
fn figure_text(doc: &Document, f: &Figure) -> String {
    doc.prose.text[f.range.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn evidence_of(view: &View, src: &SourceView, gi: usize, stance: Stance) -> Evidence {
    let s = &src.sentence;
    view.evidence(s, Some(s.figures[gi].range.clone()), stance, None)
}

/// `VOUCH_TRACE=1` prints every pairing's score on stderr: for tuning the matcher.
fn trace_enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("VOUCH_TRACE").is_some())
}

fn trace(
    view: &View,
    doc: &Document,
    s: &Sentence,
    pairings: &[Vec<Pairing>],
    sources: &[SourceView],
    draft: &Context,
) {
    eprintln!(
        "\n## {}",
        doc.prose.text[s.range.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
    eprintln!(
        "   query: {:?}",
        query(view, draft)
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
    );
    for src in sources {
        let name = view
            .corpus
            .source(src.sentence.source)
            .map_or("?", |i| i.rel.as_str());
        eprintln!(
            "   hit {}:{} {}",
            name,
            src.sentence.line + 1,
            src.sentence.text.chars().take(60).collect::<String>()
        );
    }
    for (fi, f) in s.figures.iter().enumerate() {
        eprintln!("  [{}] {:?} {:?}", figure_text(doc, f), f.unit, f.value);
        let mut ps: Vec<&Pairing> = pairings[fi].iter().collect();
        ps.sort_by(|a, b| b.score.total_cmp(&a.score));
        for p in ps.iter().take(6) {
            let src = &sources[p.sentence];
            let g = &src.sentence.figures[p.figure];
            let name = view
                .corpus
                .source(src.sentence.source)
                .map_or("?", |i| i.rel.as_str());
            eprintln!(
                "    {:.3}/{:.3} {:?} cov={:.2} loc={:.2} {}:{} [{}] {}",
                p.score,
                p.wording,
                p.relation,
                draft.coverage(fi, &src.context, p.figure),
                draft.local(fi, &src.context, p.figure),
                name,
                src.sentence.line + 1,
                &src.sentence.text[g.range.clone()],
                src.sentence.text.chars().take(100).collect::<String>()
            );
        }
    }
}

/// `VOUCH_FEATURES=FILE` appends every pairing's features to FILE as JSON
/// lines: the training data of `tools/scorer/fit.py`.
fn features_file() -> Option<&'static std::sync::Mutex<std::fs::File>> {
    static FILE: std::sync::OnceLock<Option<std::sync::Mutex<std::fs::File>>> =
        std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let path = std::env::var_os("VOUCH_FEATURES")?;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
            .map(std::sync::Mutex::new)
    })
    .as_ref()
}

#[allow(clippy::too_many_arguments)]
fn features_out(
    doc: &Document,
    s: &Sentence,
    fi: usize,
    src: &SourceSentence,
    gi: usize,
    relation: Relation,
    x: &Features,
    score: f64,
) {
    let Some(file) = features_file() else {
        return;
    };
    let f = &s.figures[fi];
    let g = &src.figures[gi];
    let head: String = doc.prose.text.chars().take(200).collect();
    let line = serde_json::json!({
        "head": head,
        "fabs": f.range.start,
        "draft": &doc.prose.text[s.range.clone()],
        "fstart": f.range.start - s.range.start,
        "fend": f.range.end - s.range.start,
        "weak": f.weak,
        "source": &src.text,
        "gstart": g.range.start,
        "gend": g.range.end,
        "relation": format!("{relation:?}"),
        "x": x.to_vec(),
        "score": score,
    });
    use std::io::Write;
    if let Ok(mut out) = file.lock() {
        let _ = writeln!(out, "{line}");
    }
}
