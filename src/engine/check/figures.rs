//! Checking a draft's figures against the corpus figures stated for the same claim.
//!
//! For each draft sentence with figures, BM25 finds the source sentences that
//! share its wording or its figures. In each, the draft's figures are paired
//! one-to-one with comparable source figures by how alike their wording is
//! (a score from 0 to 1). Then, per draft figure: an agreeing source with
//! enough shared wording supports it; a disagreeing source that clearly
//! states the same claim contradicts it; nothing close leaves it unsupported.

use std::collections::HashMap;

use super::context::Context;
use crate::engine::document::{Document, Sentence};
use crate::engine::figures::{relate, slip, Figure, Relation, Slip};
use crate::engine::findings::{Claim, ClaimKind, ClaimStatus, Code, Evidence, Finding, Fix, Stance};
use crate::engine::index::{figure_terms, SourceSentence, View};

/// Source sentences considered for each draft sentence.
const CANDIDATES: usize = 32;
/// An agreeing source this alike supports the figure.
const SUPPORT: f64 = 0.30;
/// A disagreeing source this alike states the same claim.
const SAME_CLAIM: f64 = 0.45;
/// A disagreeing source must beat the best agreeing one by this much to
/// overrule it (the figure then reads as changed from that source).
const OVERRULE: f64 = 0.25;
/// A conflicting source may be this much less alike than the supporting one.
const CONFLICT_SLACK: f64 = 0.25;

/// A source figure paired with a draft figure.
#[derive(Debug, Clone)]
struct Pairing {
    /// Index into the draft sentence's candidate sentences.
    sentence: usize,
    /// The source figure within it.
    figure: usize,
    score: f64,
    relation: Relation,
}

struct SourceView {
    sentence: SourceSentence,
    context: Context,
}

/// Checks every figure of the draft; returns findings and the checked claims.
pub fn check(view: &View, doc: &Document) -> (Vec<Finding>, Vec<Claim>) {
    let mut findings = Vec::new();
    let mut claims = Vec::new();
    let min_idf = 0.4 * view.idf("\u{0}never-a-term");
    for s in &doc.sentences {
        if s.figures.is_empty() {
            continue;
        }
        check_sentence(view, doc, s, min_idf, &mut findings, &mut claims);
    }
    (findings, claims)
}

fn query(ctx: &Context) -> Vec<(String, f32)> {
    let mut terms: HashMap<String, f32> = HashMap::new();
    for slot in &ctx.slots {
        let boost = if slot.figure.is_some() { 1.5 } else { 1.0 };
        terms.entry(slot.term.clone()).or_insert(boost);
    }
    for f in &ctx.figures {
        for t in figure_terms(f) {
            terms.entry(t).or_insert(0.3);
        }
    }
    let mut v: Vec<(String, f32)> = terms.into_iter().collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn check_sentence(
    view: &View,
    doc: &Document,
    s: &Sentence,
    min_idf: f64,
    findings: &mut Vec<Finding>,
    claims: &mut Vec<Claim>,
) {
    let text = &doc.prose.text;
    let draft = Context::new(view, text, s.range.clone(), &s.figures);
    let sources: Vec<SourceView> = view
        .search(&query(&draft), CANDIDATES)
        .into_iter()
        .map(|(_, sentence)| {
            let context = Context::new(view, &sentence.text, 0..sentence.text.len(), &sentence.figures);
            SourceView { sentence, context }
        })
        .collect();

    let mut pairings: Vec<Vec<Pairing>> = vec![Vec::new(); s.figures.len()];
    for (k, src) in sources.iter().enumerate() {
        for (fi, gi, score, relation) in align(&draft, s, src, min_idf) {
            pairings[fi].push(Pairing {
                sentence: k,
                figure: gi,
                score,
                relation,
            });
        }
    }

    if trace_enabled() {
        trace(view, doc, s, &pairings, &sources, &draft);
    }
    for (fi, f) in s.figures.iter().enumerate() {
        let judged = judge(view, doc, f, &pairings[fi], &sources, &draft);
        if let Some(finding) = judged.finding {
            findings.push(finding);
        }
        claims.push(Claim {
            range: f.range.clone(),
            kind: ClaimKind::Figure,
            text: figure_text(doc, f),
            status: judged.status,
            speaker: None,
            evidence: judged.evidence,
        });
    }
}

/// How alike the wording of draft figure `fi` and source figure `gi` is, 0 to 1.
fn pair_score(draft: &Context, fi: usize, src: &Context, gi: usize, min_idf: f64) -> f64 {
    let mut score = 0.35 * draft.coverage(fi, src, gi)
        + 0.35 * draft.local(fi, src, gi)
        + 0.30 * src.local(gi, draft, fi);
    if draft.distinct_claims(fi, src, gi, min_idf) {
        score *= 0.6;
    }
    if draft.different_times(fi, src, gi) {
        score *= 0.5;
    }
    score
}

/// Pairs the draft sentence's figures with one source sentence's figures, one
/// to one, best pairs first. A pair whose sentences disagree on their other
/// figures is scored down: the sentences likely tell of different events
/// (another company, another week) in the same words.
fn align(draft: &Context, s: &Sentence, src: &SourceView, min_idf: f64) -> Vec<(usize, usize, f64, Relation)> {
    let mut pairs = Vec::new();
    for (fi, f) in s.figures.iter().enumerate() {
        for (gi, g) in src.sentence.figures.iter().enumerate() {
            let relation = match relate(f, g) {
                Relation::Incomparable => continue,
                // A vague source ("it will take months") supports or
                // leaves open; it is too loose to contradict.
                Relation::Disagree if g.weak => Relation::Compatible,
                r => r,
            };
            pairs.push((pair_score(draft, fi, &src.context, gi, min_idf), fi, gi, relation));
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut used_f = vec![false; s.figures.len()];
    let mut used_g = vec![false; src.sentence.figures.len()];
    let mut aligned = Vec::new();
    for (score, fi, gi, relation) in pairs {
        if used_f[fi] || used_g[gi] {
            continue;
        }
        used_f[fi] = true;
        used_g[gi] = true;
        aligned.push((fi, gi, score, relation));
    }
    let tally = |skip: usize, rel: Relation| {
        aligned
            .iter()
            .filter(|(fi, gi, _, r)| *fi != skip && *r == rel && !s.figures[*fi].weak && !src.sentence.figures[*gi].weak)
            .count() as f64
    };
    aligned
        .iter()
        .map(|&(fi, gi, score, relation)| {
            let agree = tally(fi, Relation::Agree);
            let disagree = tally(fi, Relation::Disagree);
            (fi, gi, score * (1.0 + agree) / (1.0 + agree + disagree), relation)
        })
        .collect()
}

/// Two source sentences in the same words but for their figures: two
/// instances of one formula ("The company is selling N shares"), not two
/// accounts of one fact.
fn same_formula(a: &SourceView, ga: usize, b: &SourceView, gb: usize) -> bool {
    a.context.coverage(ga, &b.context, gb) >= 0.85 && b.context.coverage(gb, &a.context, ga) >= 0.85
}

struct Judgement {
    status: ClaimStatus,
    finding: Option<Finding>,
    evidence: Vec<Evidence>,
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
    v.sort_by(|a, b| b.score.total_cmp(&a.score));
    v
}

fn judge(
    view: &View,
    doc: &Document,
    f: &Figure,
    pairings: &[Pairing],
    sources: &[SourceView],
    draft: &Context,
) -> Judgement {
    let stated = figure_text(doc, f);
    let evidence = |p: &Pairing, stance: Stance| evidence_of(view, &sources[p.sentence], p.figure, stance);
    let best = |rel: Relation| {
        pairings
            .iter()
            .filter(|p| p.relation == rel)
            .max_by(|a, b| a.score.total_cmp(&b.score))
    };
    let agree = best(Relation::Agree);
    let disagree = best(Relation::Disagree);
    let a = agree.map_or(0.0, |p| p.score);
    let d = disagree.map_or(0.0, |p| p.score);

    if let Some(top) = agree
        && a >= SUPPORT
        && a + OVERRULE >= d
    {
        let supporting = best_per_source(pairings, sources, |p| {
            p.relation == Relation::Agree && p.score >= SUPPORT
        });
        let top_source = sources[top.sentence].sentence.source;
        let conflicting = best_per_source(pairings, sources, |p| {
            p.relation == Relation::Disagree
                && p.score >= SAME_CLAIM
                && p.score + CONFLICT_SLACK >= a
                && sources[p.sentence].sentence.source != top_source
                && !same_formula(&sources[top.sentence], top.figure, &sources[p.sentence], p.figure)
        });
        let mut ev: Vec<Evidence> = supporting.iter().map(|p| evidence(p, Stance::Supports)).collect();
        if conflicting.is_empty() || f.weak {
            return Judgement {
                status: ClaimStatus::Supported,
                finding: None,
                evidence: ev,
            };
        }
        let contra: Vec<Evidence> = conflicting.iter().map(|p| evidence(p, Stance::Contradicts)).collect();
        let label = sources[top.sentence].context.shared_label(
            &sources[top.sentence].sentence.text,
            top.figure,
            draft,
        );
        let mut message = format!("Sources differ: {} says {}", ev[0].cite(), quote_figure(&ev[0]));
        for c in &contra {
            message.push_str(&format!("; {} says {}", c.cite(), quote_figure(c)));
        }
        if !label.is_empty() {
            message.push_str(&format!(" ({label})"));
        }
        ev.extend(contra);
        return Judgement {
            status: ClaimStatus::Conflict,
            finding: Some(Finding {
                code: Code::SourceConflict,
                range: f.range.clone(),
                message,
                evidence: ev.clone(),
                fix: None,
            }),
            evidence: ev,
        };
    }

    if let Some(top) = disagree
        && d >= SAME_CLAIM
    {
        // The sources that state this claim about as clearly as the best one.
        let contradicting: Vec<&Pairing> = best_per_source(pairings, sources, |p| {
            p.relation == Relation::Disagree && p.score >= SAME_CLAIM && p.score + 0.1 >= d
        })
        .into_iter()
        .take(3)
        .collect();
        let ev: Vec<Evidence> = contradicting.iter().map(|p| evidence(p, Stance::Contradicts)).collect();
        let src = &sources[top.sentence];
        let source_figure = &src.sentence.figures[top.figure];
        let said = quote_figure(&ev[0]);
        let slip_note = match slip(f, source_figure) {
            Some(Slip::Magnitude { factor }) => format!(
                " (off by a factor of {}: {}?)",
                factor_words(factor),
                if factor > 1.0 { "a larger scale word" } else { "a smaller scale word" }
            ),
            Some(Slip::Zero { factor }) => format!(
                " ({} zero?)",
                if factor > 1.0 { "an extra" } else { "a dropped" }
            ),
            Some(Slip::PercentForPoints) => match f.unit {
                crate::engine::figures::Unit::Percent => " (percent for percentage points?)".into(),
                _ => " (percentage points for percent?)".into(),
            },
            None => String::new(),
        };
        let label = src.context.shared_label(&src.sentence.text, top.figure, draft);
        let mut message = format!("The sources say {said}, not {stated}{slip_note}: {}", ev[0].cite());
        for other in ev.iter().skip(1) {
            message.push_str(&format!("; {} says {}", other.cite(), quote_figure(other)));
        }
        if !label.is_empty() {
            message.push_str(&format!(" ({label})"));
        }
        return Judgement {
            status: ClaimStatus::Mismatch,
            finding: Some(Finding {
                code: Code::FigureMismatch,
                range: f.range.clone(),
                message,
                fix: Some(Fix {
                    title: format!("Use the source's figure: {said}"),
                    replacement: said.clone(),
                }),
                evidence: ev.clone(),
            }),
            evidence: ev,
        };
    }

    // Nothing states this claim with this figure. Show the nearest related
    // source sentence, if any, so the reporter knows where to look.
    let related: Vec<Evidence> = pairings
        .iter()
        .filter(|p| p.score >= 0.2)
        .max_by(|a, b| a.score.total_cmp(&b.score))
        .map(|p| evidence(p, Stance::Related))
        .into_iter()
        .collect();
    if f.weak {
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
    Judgement {
        status: ClaimStatus::Unsupported,
        finding: Some(Finding {
            code: Code::UnsupportedFigure,
            range: f.range.clone(),
            message,
            evidence: related.clone(),
            fix: None,
        }),
        evidence: related,
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
    let g = &s.figures[gi];
    let info = view.corpus.source(s.source);
    Evidence {
        source: s.source,
        path: info.map_or_else(String::new, |i| i.display.clone()),
        short_path: info.map_or_else(String::new, |i| i.rel.clone()),
        title: info.and_then(|i| i.title.clone()),
        line: s.line + 1,
        sentence: s.text.clone(),
        sentence_start: s.start,
        span: Some(g.range.clone()),
        stated: Some(
            s.text[g.range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        speaker: None,
        stance,
    }
}

/// `VOUCH_TRACE=1` prints every pairing's score on stderr: for tuning the matcher.
fn trace_enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("VOUCH_TRACE").is_some())
}

fn trace(view: &View, doc: &Document, s: &Sentence, pairings: &[Vec<Pairing>], sources: &[SourceView], draft: &Context) {
    eprintln!("\n## {}", doc.prose.text[s.range.clone()].split_whitespace().collect::<Vec<_>>().join(" "));
    eprintln!("   query: {:?}", query(draft).iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>());
    for src in sources {
        let name = view.corpus.source(src.sentence.source).map_or("?", |i| i.rel.as_str());
        eprintln!("   hit {}:{} {}", name, src.sentence.line + 1, src.sentence.text.chars().take(60).collect::<String>());
    }
    for (fi, f) in s.figures.iter().enumerate() {
        eprintln!("  [{}] {:?} {:?}", figure_text(doc, f), f.unit, f.value);
        let mut ps: Vec<&Pairing> = pairings[fi].iter().collect();
        ps.sort_by(|a, b| b.score.total_cmp(&a.score));
        for p in ps.iter().take(6) {
            let src = &sources[p.sentence];
            let g = &src.sentence.figures[p.figure];
            let name = view.corpus.source(src.sentence.source).map_or("?", |i| i.rel.as_str());
            eprintln!(
                "    {:.3} {:?} cov={:.2} loc={:.2} {}:{} [{}] {}",
                p.score,
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
