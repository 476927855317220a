//! Reported statements ("Peskov said formal talks would have to wait"):
//! which source gives the claim to whom. A claim the sources give to
//! someone else, in nearly the same words, is a misattribution.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::engine::document::Document;
use crate::engine::findings::{Claim, ClaimKind, ClaimStatus, Code, Evidence, Finding, Stance};
use crate::engine::index::View;
use crate::engine::quotes::Analysis;
use crate::engine::quotes::attribution::Said;
use crate::engine::text::words;

/// A source states the same claim when it has this share of its terms.
const SAME_CLAIM: f64 = 0.7;
/// The speaker the draft names is borne out above this share.
const BORNE_OUT: f64 = 0.5;
/// Claims of fewer terms are too thin to compare.
const MIN_TERMS: usize = 4;
const CANDIDATES: usize = 10;

pub fn check(
    view: &View,
    doc: &Document,
    analysis: &Analysis,
    blocks: &[bool],
) -> (Vec<Finding>, Vec<Claim>) {
    let results: Vec<(Option<Finding>, Claim)> = analysis
        .said
        .par_iter()
        .filter(|s| !s.quoted && s.speaker.is_some())
        .filter(|s| super::in_stale_block(doc, blocks, s.range.start))
        .filter_map(|s| check_statement(view, doc, s))
        .collect();
    let mut findings = Vec::new();
    let mut claims = Vec::new();
    for (f, c) in results {
        findings.extend(f);
        claims.push(c);
    }
    (findings, claims)
}

fn terms_of(text: &str, range: std::ops::Range<usize>) -> HashSet<String> {
    words::terms(text, range)
        .into_iter()
        .map(|t| t.term.to_string())
        .collect()
}

/// Claims put in someone's mouth are about people: two firms that "said"
/// alike in a newswire template are not one claim misattributed.
fn people(registry: &crate::engine::entities::Registry, a: &str, b: &str) -> bool {
    use crate::engine::findings::EntityKind;
    let person = |n: &str| {
        !crate::engine::quotes::is_org(n)
            && registry
                .resolve(n)
                .is_none_or(|e| e.kind == EntityKind::Person)
    };
    person(a) && person(b)
}

/// One claim has the same numbers and the same names in both tellings:
/// "redeem 40 mln dlrs of bonds" and "redeem 56 mln dlrs" are two claims.
fn same_particulars(draft: &str, source: &str) -> bool {
    let particulars = |s: &str| -> HashSet<String> {
        words::words(s, 0..s.len())
            .into_iter()
            .filter(|w| w.is_numeric() || w.is_capitalized())
            .map(|w| words::fold(w.text))
            .collect()
    };
    particulars(draft) == particulars(source)
}

fn check_statement(view: &View, doc: &Document, said: &Said) -> Option<(Option<Finding>, Claim)> {
    let speaker = said.speaker.as_ref()?.name.clone();
    let text = &doc.prose.text;
    let claim_terms = terms_of(text, said.range.clone());
    if claim_terms.len() < MIN_TERMS {
        return None;
    }
    let mut query: Vec<String> = claim_terms.iter().cloned().collect();
    query.sort();
    query.sort_by_key(|t| view.doc_freq(t));
    query.truncate(10);
    let weighted: Vec<(String, f32)> = query.into_iter().map(|t| (t, 1.0)).collect();
    let registry = view.corpus.registry();
    // Each source statement of the claim, with who it is given to.
    let mut same_speaker: Vec<Evidence> = Vec::new();
    let mut other_speaker: Vec<(f64, Evidence)> = Vec::new();
    for (_, s) in view.search(&weighted, CANDIDATES) {
        for x in &s.said {
            let Some(who) = &x.speaker else { continue };
            let span = x.start as usize..x.end as usize;
            let theirs = terms_of(&s.text, span.clone());
            let shared =
                claim_terms.intersection(&theirs).count() as f64 / claim_terms.len() as f64;
            if registry.same_person(&speaker, who) {
                if shared >= BORNE_OUT {
                    same_speaker.push(view.evidence(
                        &s,
                        Some(span),
                        Stance::Supports,
                        Some(who.clone()),
                    ));
                }
            } else if shared >= SAME_CLAIM
                && people(registry, &speaker, who)
                && same_particulars(&text[said.range.clone()], &s.text[span.clone()])
                && theirs.intersection(&claim_terms).count() as f64 / theirs.len().max(1) as f64
                    >= SAME_CLAIM
            {
                other_speaker.push((
                    shared,
                    view.evidence(&s, Some(span), Stance::Contradicts, Some(who.clone())),
                ));
            }
        }
    }
    let entity = registry.resolve(&speaker).map(|e| e.key.clone());
    let claim = |status, evidence| Claim {
        range: said.range.clone(),
        kind: ClaimKind::Statement,
        text: text[said.range.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        status,
        speaker: Some(speaker.clone()),
        entity: entity.clone(),
        evidence,
    };
    if !same_speaker.is_empty() {
        return Some((None, claim(ClaimStatus::Supported, same_speaker)));
    }
    if other_speaker.is_empty() {
        return Some((None, claim(ClaimStatus::Unsupported, Vec::new())));
    }
    other_speaker.sort_by(|a, b| b.0.total_cmp(&a.0));
    let evidence: Vec<Evidence> = other_speaker.into_iter().map(|(_, e)| e).collect();
    let who = evidence[0].speaker.clone().unwrap_or_default();
    let finding = Finding {
        code: Code::Misattribution,
        range: said.range.clone(),
        message: format!(
            "Sources give this claim to {who} ({}), not to {speaker}",
            evidence[0].cite()
        ),
        evidence: evidence.clone(),
        fixes: Vec::new(),
    };
    Some((Some(finding), claim(ClaimStatus::Misattributed, evidence)))
}
