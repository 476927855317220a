//! Quotes, attribution and names, end to end through the engine: a small
//! corpus in a temporary folder, one draft per case, and the codes each
//! case must (and must not) get.

use vouch::engine::check::{Options, check_text};
use vouch::engine::findings::{ClaimKind, Code};
use vouch::engine::index::Corpus;
use vouch::engine::text::Format;

mod common;

use common::corpus_of;

const SOURCES: &[(&str, &str)] = &[
    (
        "a.txt",
        "Summit talk\n\nKremlin spokesperson Dmitri Peskov said on Friday that formal talks would have to wait until the inauguration.\n\n“We are ready to talk, but not on any terms,” Peskov told reporters in Moscow. He added that “the door remains open”.\n",
    ),
    (
        "b.txt",
        "Ukraine's view\n\nUkrainian President Volodymyr Zelenskyy described his call with the president-elect as “excellent.”\n\nForeign Minister Sergei Lavrov said: “There can be no freeze of the conflict without guarantees for Russia.”\n",
    ),
    (
        "c.txt",
        "Another account\n\nZelensky wants security guarantees from Europe. President Zelensky said the talks were “long overdue”.\n",
    ),
    // One speaker with many quotes, the last of stop words only.
    (
        "d.txt",
        "Town hall\n\nRepresentative Alan Grayson spoke at a town hall in Orlando on Monday.\n\n“We will fund the roads first,” Grayson said. “We will fund the bridges first,” Grayson said. “We will fund the schools first,” Grayson said. “We will fund the taxes first,” Grayson said. “We will fund the housing first,” Grayson said. “We will fund the water first,” Grayson said. “We will fund the jobs first,” Grayson said. “We will fund the trains first,” Grayson said. “We will fund the ports first,” Grayson said. “We will fund the farms first,” Grayson said. “We will fund the clinics first,” Grayson said. “We will fund the parks first,” Grayson said. “We will fund the libraries first,” Grayson said. “We will fund the wages first,” Grayson said. “We will fund the pensions first,” Grayson said. “We will fund the veterans first,” Grayson said. “What we do here is, we legislate. We debate bills. That’s what we do,” Grayson said.\n",
    ),
    // A nested attribution: the Post's words, as Jack Kelly reports them.
    (
        "e.txt",
        "Money trail\n\nAccording to Jack Kelly, writing for a magazine:\n\nThe foundation “received large undisclosed payments from foreign sources” over the years, the Washington Post reported.\n",
    ),
];

/// The sources indexed in a temporary folder (kept alive with the corpus).
fn corpus() -> (tempfile::TempDir, Corpus) {
    corpus_of(SOURCES)
}

struct Case {
    draft: &'static str,
    /// Codes that must be reported.
    want: &'static [Code],
}

const CASES: &[Case] = &[
    // Verbatim, in every quote style, to the right speaker.
    Case {
        draft: "Peskov said: \"We are ready to talk, but not on any terms.\"",
        want: &[],
    },
    Case {
        draft: "“We are ready to talk, but not on any terms,” said Dmitri Peskov.",
        want: &[],
    },
    // Another transliteration of the first name: the right speaker, and a
    // hint that the sources spell it Dmitri.
    Case {
        draft: "Dmitry Peskov told reporters “we are ready to talk, but not on any terms”.",
        want: &[Code::NameVariant],
    },
    // Stop words only, cut: found among all the speaker says.
    Case {
        draft: "“What we do here … That’s what we do,” Alan Grayson said.",
        want: &[],
    },
    // An ellipsis and an editor's insertion are not misquotes.
    Case {
        draft: "Lavrov said: “There can be no freeze … without guarantees for Russia.”",
        want: &[],
    },
    Case {
        draft: "Lavrov said “[there] can be no freeze of the conflict without guarantees”.",
        want: &[],
    },
    // A pronoun points back to the last named speaker, in sources too.
    Case {
        draft: "Peskov said “the door remains open”.",
        want: &[],
    },
    // Fragments inside a sentence.
    Case {
        draft: "Zelenskyy called the call “excellent” and the talks “long overdue”.",
        want: &[],
    },
    // Words changed.
    Case {
        draft: "Peskov said: \"We are ready to talk, but not on our terms.\"",
        want: &[Code::Misquote],
    },
    // The right words, the wrong person: a quote, and a reported claim.
    Case {
        draft: "Lavrov said: \"We are ready to talk, but not on any terms.\"",
        want: &[Code::Misattribution],
    },
    Case {
        draft: "Peskov said “the door remains open” and Zelenskyy said “There can be no freeze of the conflict without guarantees for Russia”.",
        want: &[Code::Misattribution],
    },
    Case {
        draft: "Sergei Lavrov said that formal talks would have to wait until the inauguration.",
        want: &[Code::Misattribution],
    },
    // Words a nested attribution gives to two sources are right given to
    // either, and wrong given to anyone else.
    Case {
        draft: "Jack Kelly wrote that the foundation “received large undisclosed payments from foreign sources”.",
        want: &[],
    },
    Case {
        draft: "The Washington Post reported that the foundation “received large undisclosed payments from foreign sources”.",
        want: &[],
    },
    Case {
        draft: "Sergei Lavrov said that the foundation “received large undisclosed payments from foreign sources”.",
        want: &[Code::Misattribution],
    },
    // Nowhere in the corpus.
    Case {
        draft: "Peskov said “a ceasefire is closer than ever before”.",
        want: &[Code::QuoteNotFound],
    },
    // A spelling no source uses.
    Case {
        draft: "Zelenskiy wants security guarantees from Europe.",
        want: &[Code::NameVariant],
    },
];

#[test]
fn quotes_attribution_and_names() {
    let (_dir, corpus) = corpus();
    let mut failures = Vec::new();
    for case in CASES {
        let (_, report) = check_text(&corpus, case.draft, Format::Markdown, &Options::default());
        let mut got: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
        got.sort();
        got.dedup();
        let mut want = case.want.to_vec();
        want.sort();
        if got != want {
            let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
            failures.push(format!(
                "{:?}\n  want {want:?}, got {got:?}: {messages:?}",
                case.draft
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn claims_carry_speakers_and_entity_cards() {
    let (_dir, corpus) = corpus();
    let draft = "Peskov said “the door remains open”.";
    let (_, report) = check_text(&corpus, draft, Format::Markdown, &Options::default());
    let quote = report
        .claims
        .iter()
        .find(|c| c.kind == ClaimKind::Quote)
        .expect("a quote claim");
    assert_eq!(quote.speaker.as_deref(), Some("Peskov"));
    assert_eq!(quote.evidence[0].speaker.as_deref(), Some("Dmitri Peskov"));
    assert_eq!(quote.evidence[0].line, 5);
    let name = report
        .claims
        .iter()
        .find(|c| c.kind == ClaimKind::Entity)
        .expect("an entity claim");
    let card = corpus
        .entity(name.entity.as_deref().unwrap())
        .expect("a card");
    assert_eq!(card.name, "Dmitri Peskov");
    assert_eq!(card.role.as_deref(), Some("Kremlin spokesperson"));
    assert!(card.aliases.iter().any(|a| a == "Peskov"));
    assert!(card.mentions.len() >= 2, "{:?}", card.mentions);
    assert!(
        card.statements
            .iter()
            .any(|s| s.stated.as_deref() == Some("the door remains open"))
    );
    // A transliterated first name the sources never write is still their
    // person: a name, with the card to hover.
    let (_, report) = check_text(
        &corpus,
        "Dmitry Peskov spoke to reporters on Friday.",
        Format::Markdown,
        &Options::default(),
    );
    let name = report
        .claims
        .iter()
        .find(|c| c.kind == ClaimKind::Entity)
        .expect("an entity claim for Dmitry Peskov");
    let card = corpus
        .entity(name.entity.as_deref().expect("resolved to a card"))
        .expect("a card");
    assert_eq!(card.name, "Dmitri Peskov");
    // Spellings of one person are one card.
    let zel = corpus.registry().resolve("Zelensky").unwrap();
    assert_eq!(
        corpus
            .registry()
            .resolve("Volodymyr Zelenskyy")
            .unwrap()
            .key,
        zel.key
    );
}
