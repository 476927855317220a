//! Speech cues: the verbs that report someone's words ("said", "told",
//! "tweeted", "according to"), learned from people's annotations of news
//! (PolNeAR's train split) by `fit.py`, which writes `cues.tsv` beside
//! this file. A word is a cue when annotators marked it as the head of a
//! direct quote's cue and most of its uses in the articles are cues.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

const TABLE: &str = include_str!("cues.tsv");

/// Below this share of its uses introducing a direct quote, a cue is given
/// only the quotations it stands right next to ("the FBI appears to have
/// ...: "..."" does not make the FBI the speaker).
pub const QUOTE_PRECISION: f32 = 0.05;

/// How reliably a word reports speech.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weight {
    /// The share of its uses that annotators marked as a cue.
    pub precision: f32,
    /// The share of its uses that are the cue of a direct quote.
    pub quotes: f32,
    /// The share of its cues whose source follows it (`"...," said X`);
    /// next to none for `told`, whose object is whom it was told to.
    pub inverted: f32,
}

/// Below this share of inverted cues, the name after a cue is not its
/// speaker ("Sessions, an adviser to Trump, told AFP").
pub const INVERTED_SHARE: f32 = 0.03;

/// Each cue word and its weight.
static CUES: LazyLock<FxHashMap<&'static str, Weight>> = LazyLock::new(|| {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let quote_cues: f32 = cols.get(1)?.parse().ok()?;
            let cues: f32 = cols.get(2)?.parse().ok()?;
            let uses: f32 = cols.get(3)?.parse().ok()?;
            let inverted: f32 = cols.get(5)?.parse().ok()?;
            let weight = Weight {
                precision: cols.get(4)?.parse().ok()?,
                quotes: quote_cues / uses.max(1.0),
                inverted: inverted / cues.max(1.0),
            };
            Some((*cols.first()?, weight))
        })
        .collect()
});

/// How reliably a word reports speech, if it does. `word` is as written;
/// case does not count.
pub fn cue(word: &str) -> Option<Weight> {
    // Every word of every sentence is looked up: most are turned away by
    // their shape, the rest hashed fast without an allocation (the table is
    // fixed, not fed by the text's keys alone).
    static SHAPES: LazyLock<super::Shapes> =
        LazyLock::new(|| super::Shapes::of(CUES.keys().copied()));
    if !SHAPES.may_hold(word) {
        return None;
    }
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        super::with_ascii_lowercase(word, |lower| CUES.get(lower).copied())
    } else {
        CUES.get(word).copied()
    }
}

/// Every cue word (as `cues.tsv` writes it, lowercase) and its weight.
pub fn all() -> impl Iterator<Item = (&'static str, Weight)> {
    CUES.iter().map(|(w, weight)| (*w, *weight))
}

/// A cue in its participle form ("saying", "adding"): its speaker is the
/// subject of the clause it hangs from.
pub fn is_participle(word: &str) -> bool {
    word.len() > 4 && word.ends_with("ing")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pins the fit: the common reporting verbs are in, precision ordered
    /// as the annotations say, and words that are seldom cues are out.
    #[test]
    fn the_fitted_cues() {
        for w in [
            "said",
            "says",
            "told",
            "wrote",
            "added",
            "according",
            "tweeted",
            "Said",
        ] {
            assert!(cue(w).is_some(), "{w}");
        }
        for w in [
            "the",
            "made",
            "put",
            "went",
            "campaign",
            "statement",
            "quickly",
        ] {
            assert!(cue(w).is_none(), "{w}");
        }
        let p = |w| cue(w).unwrap().precision;
        assert!(p("said") > 0.9);
        assert!(p("said") > p("called"));
        // Epistemic verbs seldom introduce a quotation.
        assert!(cue("said").unwrap().quotes >= QUOTE_PRECISION);
        assert!(cue("appears").is_none_or(|w| w.quotes < QUOTE_PRECISION));
        // "said X" is written; "told X" names whom it was told to.
        assert!(cue("said").unwrap().inverted >= INVERTED_SHARE);
        assert!(cue("told").unwrap().inverted < INVERTED_SHARE);
        assert!(CUES.len() > 100, "{} cues", CUES.len());
        // Every cue is found in any case, past the shapes' quick "no".
        for (w, weight) in all() {
            let mut cs = w.chars();
            let capitalized: String = cs
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(cs)
                .collect();
            for v in [w.to_string(), w.to_uppercase(), capitalized] {
                assert_eq!(cue(&v), Some(weight), "{v}");
            }
        }
        assert!(is_participle("saying") && !is_participle("sing"));
    }
}
