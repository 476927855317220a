//! Names in the draft: the entity each refers to, for hover and references,
//! and names spelled unlike every source (`name-variant`).

use crate::engine::document::Document;
use crate::engine::findings::{Claim, ClaimKind, ClaimStatus, Code, Finding, Fix, Stance};
use crate::engine::index::View;
use crate::engine::quotes::Analysis;
use crate::engine::text::words;

pub fn check(
    view: &View,
    doc: &Document,
    analysis: &Analysis,
    blocks: &[bool],
) -> (Vec<Finding>, Vec<Claim>) {
    let registry = view.corpus.registry();
    let text = &doc.prose.text;
    let mut findings = Vec::new();
    let mut claims = Vec::new();
    for n in &analysis.names {
        if !super::in_stale_block(doc, blocks, n.range.start) {
            continue;
        }
        let written = &text[n.range.clone()];
        if let Some(e) = registry
            .resolve(written)
            .or_else(|| registry.resolve(&n.name))
        {
            claims.push(mention(n.range.clone(), written, &e.key));
            continue;
        }
        // A first name the sources spell otherwise, or transliterate
        // otherwise: "Dmitry Peskov" where they write "Dmitri Peskov".
        if let Some(e) = registry.resolve_person(&n.name) {
            claims.push(mention(n.range.clone(), written, &e.key));
            if let Some(f) = first_name_variant(view, doc, n, &e) {
                findings.push(f);
            }
            continue;
        }
        // A word of the name no source uses, a letter or two from a
        // person's name in the sources. Firms are not people ("Borden
        // Inc" is no misspelt Boren), and a first name must agree.
        if crate::engine::quotes::is_org(written) {
            continue;
        }
        let first = written.split_once(' ').map(|(f, _)| f);
        for w in words::words(text, n.range.clone()) {
            if registry.knows(w.text) || w.text.len() < 4 {
                continue;
            }
            let unseen = words::term(w.text).is_none_or(|t| view.doc_freq(&t) == 0);
            if !unseen {
                continue;
            }
            let variants = registry.variants_of(w.text);
            let [(entity, spellings)] = variants.as_slice() else {
                continue;
            };
            // Only a person the sources name in full, and whose first name
            // the draft, if it gives one, shares.
            let full: Vec<&str> = entity
                .aliases
                .iter()
                .filter(|a| a.contains(' '))
                .map(String::as_str)
                .collect();
            let first_agrees = match first {
                Some(f) if f != w.text => full.iter().any(|a| {
                    a.split(' ').next().is_some_and(|af| {
                        af == f || crate::engine::entities::spelling_variant(af, f)
                    })
                }),
                _ => true,
            };
            if full.is_empty() || !first_agrees {
                continue;
            }
            let card = view.corpus.entity(&entity.key);
            let evidence: Vec<_> = spellings
                .iter()
                .filter_map(|sp| {
                    card.as_ref()?
                        .mentions
                        .iter()
                        .find(|m| m.stated.as_deref().is_some_and(|s| s.ends_with(sp)))
                        .cloned()
                        .map(|mut e| {
                            e.stance = Stance::Related;
                            e
                        })
                })
                .collect();
            let cites: Vec<String> = spellings
                .iter()
                .map(|sp| {
                    let at = evidence
                        .iter()
                        .find(|e| e.stated.as_deref().is_some_and(|s| s.ends_with(sp)))
                        .map_or(String::new(), |e| format!(" ({})", e.cite()));
                    format!("{sp}{at}")
                })
                .collect();
            findings.push(Finding {
                code: Code::NameVariant,
                range: w.range.clone(),
                message: format!(
                    "The sources spell {}'s name {}, not {}",
                    entity.key,
                    cites.join(" or "),
                    w.text
                ),
                evidence,
                fixes: vec![Fix {
                    title: format!("Spell it as the sources do: {}", spellings[0]),
                    replacement: spellings[0].to_string(),
                }],
            });
            claims.push(mention(n.range.clone(), written, &entity.key));
            break;
        }
    }
    (findings, claims)
}

/// A name in the draft that refers to an entity of the corpus.
fn mention(range: std::ops::Range<usize>, written: &str, key: &str) -> Claim {
    Claim {
        range,
        kind: ClaimKind::Entity,
        text: written.to_string(),
        status: ClaimStatus::Known,
        speaker: None,
        entity: Some(key.to_string()),
        evidence: Vec::new(),
    }
}

/// A `name-variant` hint when the draft spells a person's first name as no
/// source does, but as a spelling or transliteration of the sources' one.
fn first_name_variant(
    view: &View,
    doc: &Document,
    n: &crate::engine::quotes::names::NameMention,
    e: &crate::engine::entities::Entity,
) -> Option<Finding> {
    let text = &doc.prose.text;
    let first = words::words(text, n.range.clone()).into_iter().next()?;
    let theirs: Vec<&str> = e
        .aliases
        .iter()
        .filter(|a| a.contains(' '))
        .filter_map(|a| a.split(' ').next())
        .collect();
    if theirs.iter().any(|t| t.eq_ignore_ascii_case(first.text)) {
        return None;
    }
    let spelling = *theirs
        .iter()
        .find(|t| crate::engine::entities::first_name_variant(t, first.text))?;
    let card = view.corpus.entity(&e.key);
    let evidence: Vec<_> = card
        .iter()
        .flat_map(|c| &c.mentions)
        .find(|m| m.stated.as_deref().is_some_and(|s| s.contains(spelling)))
        .cloned()
        .map(|mut m| {
            m.stance = Stance::Related;
            m
        })
        .into_iter()
        .collect();
    let at = evidence
        .first()
        .map_or(String::new(), |m: &crate::engine::findings::Evidence| {
            format!(" ({})", m.cite())
        });
    Some(Finding {
        code: Code::NameVariant,
        range: first.range.clone(),
        message: format!(
            "The sources spell {}'s first name {spelling}{at}, not {}",
            e.key, first.text
        ),
        evidence,
        fixes: vec![Fix {
            title: format!("Spell it as the sources do: {spelling}"),
            replacement: spelling.to_string(),
        }],
    })
}
