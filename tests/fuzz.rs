//! A bounded fuzz of the draft path, markdown → prose → figures → quotes →
//! check, against the shipped corpus: drafts built from markdown syntax,
//! quotes, figures, line ends and multi-byte text, and the example drafts
//! with such pieces spliced in. No case may panic, and every range the
//! engine hands out must lie on char boundaries inside the draft (and map
//! to an editor position and back).
//!
//! proptest, run as a plain test with a fixed seed and a fixed number of
//! cases, so that CI runs the same drafts every time.
//! `VOUCH_FUZZ_CASES=N` runs more; `VOUCH_FUZZ_SEED=N` other drafts.

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use vouch::engine::check::{Options, check_document};
use vouch::engine::corpus::CorpusSpec;
use vouch::engine::document::Document;
use vouch::engine::index::{Corpus, OpenOptions, Silent};
use vouch::engine::text::Format;
use vouch::position::{Encoding, LineMap};

/// Pieces drafts are made of: markdown syntax, quotes, figures, line ends,
/// names and words of the corpus, and text in several scripts.
const PIECES: &[&str] = &[
    "# ",
    "## ",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "  \n",
    "> ",
    "- ",
    "* ",
    "1. ",
    "| ",
    " | ",
    "|---|",
    "`",
    "```\n",
    "~~~",
    "**",
    "_",
    "[",
    "](",
    ")",
    "<!-- vouch-ignore -->",
    "<!--",
    "-->",
    "<b>",
    "</b>",
    "---\n",
    "+++\n",
    "\\",
    "&amp;",
    "[^1]",
    "![x](y.png)",
    "<http://x.org>",
    "\"",
    "'",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    " said ",
    " told reporters ",
    "according to ",
    ", said ",
    "Zelensky",
    "Volodymyr Zelenskyy",
    "Mr. ",
    "Biden",
    "Putin",
    "the U.S.",
    "Kyiv",
    "Acme Corp.",
    "3",
    "1986",
    "5.2",
    "1,200",
    "$61.4 billion",
    "61.4",
    "12 pct",
    "%",
    " percent",
    " per cent",
    " mln",
    " million",
    " billion",
    "two-thirds",
    "a third",
    "half",
    "€",
    "£",
    "¥",
    "−",
    "–",
    "—",
    "1/2",
    "½",
    "0.",
    ".5",
    "1e9",
    "99999999999999999999",
    "-4",
    "+7",
    "°C",
    " km",
    " km²",
    "No. 5",
    "24/7",
    "2026-11-30",
    "March 3",
    "Q3",
    "1990s",
    "’90s",
    "é",
    "ß",
    "日本語",
    "中文。",
    "🙂",
    "👩‍👩‍👧",
    "e\u{301}",
    "\u{200b}",
    "\u{feff}",
    "\u{2028}",
    "\t",
    " ",
    ". ",
    "? ",
    "! ",
    "...",
    "…",
    ";",
    ":",
    ",",
    "(",
    ")",
    "aid",
    "tonnes",
    "workers",
    "said",
    "the",
    "of",
    "territory",
    "troops",
    "percent",
];

/// The shipped corpus, indexed once for every case.
fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<(Corpus, tempfile::TempDir)> = OnceLock::new();
    &CORPUS
        .get_or_init(|| {
            let index = tempfile::tempdir().unwrap();
            let spec = CorpusSpec {
                roots: vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")],
                ..CorpusSpec::default()
            };
            let options = OpenOptions {
                index_dir: Some(index.path().to_path_buf()),
            };
            let (corpus, _, _) = Corpus::open(&spec, &options, &Silent).expect("corpus opens");
            (corpus, index)
        })
        .0
}

fn examples() -> &'static [String] {
    static EXAMPLES: OnceLock<Vec<String>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    })
}

/// A draft of pieces, or of any characters at all.
fn pieces() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

/// An example draft with pieces spliced in (or cut out) at some places.
fn spliced() -> impl Strategy<Value = String> {
    let edit = (any::<proptest::sample::Index>(), 0usize..40, pieces());
    (0..examples().len(), proptest::collection::vec(edit, 1..8)).prop_map(|(which, edits)| {
        let mut text = examples()[which].clone();
        for (at, cut, insert) in edits {
            let mut start = at.index(text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(start..end, &insert);
        }
        text
    })
}

fn draft() -> impl Strategy<Value = (String, bool)> {
    (prop_oneof![pieces(), spliced()], any::<bool>())
}

fn on_boundaries(text: &str, r: &Range<usize>, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end),
        "{what} {r:?} is not a range of whole characters in a draft of {} bytes",
        text.len()
    );
    Ok(())
}

fn check_one(text: &str, markdown: bool) -> Result<(), TestCaseError> {
    let format = if markdown {
        Format::Markdown
    } else {
        Format::Plain
    };
    let doc = Document::analyze(text.to_string(), format);
    prop_assert_eq!(doc.prose.text.len(), text.len(), "prose keeps every offset");
    for b in &doc.prose.blocks {
        on_boundaries(text, &b.range, "a block")?;
    }
    for s in &doc.sentences {
        on_boundaries(text, &s.range, "a sentence")?;
        for f in &s.figures {
            on_boundaries(text, &f.range, "a figure")?;
        }
    }
    let analysis = vouch::engine::quotes::analyze(&doc);
    for q in &analysis.quotes {
        on_boundaries(text, &q.range, "a quotation")?;
        on_boundaries(text, &q.outer, "a quotation's marks")?;
    }
    for s in &analysis.said {
        on_boundaries(text, &s.range, "reported words")?;
    }
    for n in &analysis.names {
        on_boundaries(text, &n.range, "a name")?;
    }
    let report = check_document(corpus(), &doc, &Options::default());
    let map = LineMap::new(text);
    for f in &report.findings {
        on_boundaries(text, &f.range, "a finding")?;
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            for at in [f.range.start, f.range.end] {
                let back = map.offset(map.position(at, enc), enc);
                prop_assert_eq!(back, at, "a finding's end maps to a position and back");
            }
        }
    }
    for c in &report.claims {
        on_boundaries(text, &c.range, "a claim")?;
    }
    Ok(())
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn drafts_never_panic_and_ranges_are_whole_characters() {
    let cases = env_number("VOUCH_FUZZ_CASES", 256) as u32;
    let seed = env_number("VOUCH_FUZZ_SEED", 9);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let result = runner.run(&draft(), |(text, markdown)| check_one(&text, markdown));
    if let Err(e) = result {
        panic!("{e}");
    }
}
