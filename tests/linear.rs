//! Pathological drafts take time linear in their length: each is checked at
//! two sizes, four times apart, and the time may grow at most six times.
//! The growth is measured as a ratio within one run, never as an absolute
//! time, so a slow or busy machine does not fail it and a quadratic pass
//! (16 times the time for 4 times the input) does.
//!
//! The quadratic passes this guards against cost little on small drafts and
//! dominate from about 100 KB on, so the release build (`cargo test
//! --release --test linear`, which `.ci/run` runs) compares drafts of at
//! least 32 KB and 128 KB. A debug build is ten times slower, so there the
//! same test uses drafts of a few kilobytes: a quick sanity check.

use std::time::{Duration, Instant};

use vouch::engine::check::{Options, check_text};
use vouch::engine::index::Corpus;
use vouch::engine::text::Format;

mod common;

use common::seeds;
use vouch::position::{Encoding, LineMap};

/// The most the time may grow when the input grows four times.
const MAX_GROWTH: f64 = 6.0;

/// What a check costs end to end: analysis, every check, and every range
/// converted to a position as the server and the reports do.
fn check(corpus: &Corpus, draft: &str) -> Duration {
    let started = Instant::now();
    let (doc, report) = check_text(corpus, draft, Format::Markdown, &Options::default());
    let map = LineMap::new(&doc.text);
    let mut sum = 0u64;
    for r in report
        .findings
        .iter()
        .map(|f| &f.range)
        .chain(report.claims.iter().map(|c| &c.range))
    {
        sum += u64::from(map.position(r.start, Encoding::Utf16).character);
        sum += u64::from(map.position(r.end, Encoding::Utf16).character);
    }
    std::hint::black_box(sum);
    started.elapsed()
}

/// The fastest of three checks (the least disturbed by other work).
fn time(corpus: &Corpus, draft: &str) -> Duration {
    (0..3).map(|_| check(corpus, draft)).min().unwrap()
}

/// The smallest large draft, and the least time the small one must take
/// to be timed well.
const MIN_BYTES: usize = if cfg!(debug_assertions) {
    4 << 10
} else {
    128 << 10
};
const MIN_TIME: Duration = Duration::from_millis(if cfg!(debug_assertions) { 30 } else { 100 });

/// Grows the draft until it is large enough and a check takes long enough
/// to time, then compares that size with four times it.
fn assert_linear(what: &str, corpus: &Corpus, draft: impl Fn(usize) -> String) {
    let mut n = 16;
    while draft(4 * n).len() < MIN_BYTES {
        n *= 2;
    }
    while check(corpus, &draft(n)) < MIN_TIME && n < 1 << 20 {
        n *= 2;
    }
    let (small, large) = (draft(n), draft(4 * n));
    // Other work on the machine only ever makes a run slower, and by chance
    // more often the large one than not: a growth above the bound is
    // measured again, and the least of three counts. A quadratic pass grows
    // 16 times, every time.
    let mut least = f64::MAX;
    for _ in 0..3 {
        let t1 = time(corpus, &small);
        let t4 = time(corpus, &large);
        let growth = t4.as_secs_f64() / t1.as_secs_f64();
        eprintln!(
            "{what}: {} bytes {:?}, {} bytes {:?}: x{growth:.2}",
            small.len(),
            t1,
            large.len(),
            t4
        );
        least = least.min(growth);
        if least <= MAX_GROWTH {
            return;
        }
    }
    panic!(
        "{what}: 4 times the input took at least {least:.1} times as long in three tries (n = {n})"
    );
}

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "that",
    "military",
    "aid",
    "to",
    "Ukraine",
    "totals",
    "since",
    "the",
    "invasion",
    "according",
    "to",
    "officials",
    "in",
    "Kyiv",
    "and",
    "Washington",
];

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "timed in the release build: cargo test --release --test linear"
)]
fn pathological_drafts_take_linear_time() {
    let (_dir, corpus) = seeds();
    // One sentence with no full stop, figures here and there.
    assert_linear("one long sentence", &corpus, |n| {
        let mut s = String::new();
        for i in 0..n {
            s.push_str(WORDS[i % WORDS.len()]);
            if i % 23 == 0 {
                s.push_str(&format!(" ${}.{} billion,", i % 97, i % 10));
            }
            s.push(' ');
        }
        s + "end.\n"
    });
    // "X said Y said ..." chains.
    assert_linear("said chains", &corpus, |n| {
        let names = ["Alice Smith", "Bob Jones", "Carol White", "Dan Brown"];
        let mut s: String = (0..n).map(|i| format!("{} said ", names[i % 4])).collect();
        s.push_str("it was 5 percent.\n");
        s
    });
    // Straight quotes that never balance: every pair of them makes a
    // quotation of the words between, so one opens every six words.
    assert_linear("unbalanced quotes", &corpus, |n| {
        let mut s: String = (0..n)
            .map(|i| {
                let w = |k: usize| WORDS[(i + k) % WORDS.len()];
                format!("\"{} {} {} {} {} {} ", w(0), w(3), w(5), w(7), w(11), w(13))
            })
            .collect();
        s.push_str(".\n");
        s
    });
    // Numbers and nothing else.
    assert_linear("numbers", &corpus, |n| {
        let mut s: String = (0..n)
            .map(|i| format!("{} ", (i * 7919) % 100_000))
            .collect();
        s.push_str(".\n");
        s
    });
    // One paragraph of many quoted, attributed sentences.
    assert_linear("one paragraph of quotes", &corpus, |n| {
        let mut s: String = (0..n)
            .map(|i| {
                format!(
                    "\"We will rise {} percent,\" said Ann Lee. Markets fell. ",
                    i % 90
                )
            })
            .collect();
        s.push('\n');
        s
    });
    // Runs of dotted tokens (sentence ends looked for at every dot).
    assert_linear("dotted runs", &corpus, |n| "a.1.".repeat(n) + " end.\n");
}
