//! Which words mean the same in news: static word vectors.
//!
//! `minilm.bin` holds a unit-length int8 vector for each whole word of
//! all-MiniLM-L6-v2's vocabulary, distilled offline by `tools/lexicon/build.py`
//! (the transformer run on each word alone, mean-pooled, reduced by PCA).
//! Words used alike sit close: jobs and positions, lawmakers and legislators,
//! spent and spending, Paris and France. The matcher uses it to find a
//! reworded source sentence and to pair a figure with the source figure that
//! states the same claim.
//!
//! The file is compiled into the binary (the operating system maps its pages
//! in on first use); the word table is built on first lookup. Nothing is
//! downloaded, and lookups are deterministic.

use std::collections::HashMap;
use std::sync::LazyLock;

static BYTES: &[u8] = include_bytes!("minilm.bin");
const MAGIC: &[u8] = b"VLEX1\n";

/// The word vectors.
#[derive(Default)]
pub struct Lexicon {
    dims: usize,
    vectors: &'static [i8],
    ids: HashMap<&'static str, u32>,
}

/// A word's place in the lexicon.
pub type WordId = u32;

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(BYTES).unwrap_or_default());

impl Lexicon {
    /// The lexicon compiled into vouch.
    pub fn get() -> &'static Lexicon {
        &LEXICON
    }

    fn parse(bytes: &'static [u8]) -> Option<Lexicon> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let u32_at = |i: usize| -> Option<usize> {
            Some(u32::from_le_bytes(rest.get(i..i + 4)?.try_into().ok()?) as usize)
        };
        let (count, dims, blob_len) = (u32_at(0)?, u32_at(4)?, u32_at(8)?);
        let blob = std::str::from_utf8(rest.get(12..12 + blob_len)?).ok()?;
        let raw = rest.get(12 + blob_len..12 + blob_len + count * dims)?;
        // SAFETY: i8 and u8 have the same size and alignment.
        let vectors: &'static [i8] =
            unsafe { std::slice::from_raw_parts(raw.as_ptr().cast::<i8>(), raw.len()) };
        let ids: HashMap<&'static str, u32> = blob
            .split('\n')
            .enumerate()
            .map(|(i, w)| (w, i as u32))
            .collect();
        (ids.len() == count).then_some(Lexicon { dims, vectors, ids })
    }

    /// How many words it knows.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The id of a word, in any case; a plural or possessive falls back to
    /// its singular when only that is known.
    pub fn id(&self, word: &str) -> Option<WordId> {
        let lower = word.to_lowercase().replace('’', "'");
        let lower = lower.strip_suffix("'s").unwrap_or(&lower);
        if let Some(&id) = self.ids.get(lower) {
            return Some(id);
        }
        ["ies", "es", "s"].iter().find_map(|suffix| {
            let stem = lower.strip_suffix(suffix)?;
            let singular = if *suffix == "ies" {
                format!("{stem}y")
            } else {
                stem.to_string()
            };
            self.ids.get(singular.as_str()).copied()
        })
    }

    pub fn vector(&self, id: WordId) -> &[i8] {
        let at = id as usize * self.dims;
        &self.vectors[at..at + self.dims]
    }

    /// Cosine similarity of two words, -1 to 1 (1 for the same word).
    pub fn similarity(&self, a: WordId, b: WordId) -> f64 {
        if a == b {
            return 1.0;
        }
        let dot: i32 = self
            .vector(a)
            .iter()
            .zip(self.vector(b))
            .map(|(&x, &y)| i32::from(x) * i32::from(y))
            .sum();
        f64::from(dot) / (127.0 * 127.0)
    }

    /// Adds `weight` times word `id`'s vector to `acc` (a sentence's sum).
    pub fn accumulate(&self, acc: &mut [f32], id: WordId, weight: f32) {
        for (a, &x) in acc.iter_mut().zip(self.vector(id)) {
            *a += weight * f32::from(x);
        }
    }

    pub fn dims(&self) -> usize {
        self.dims
    }
}

/// Cosine similarity of two summed vectors, 0 when either is empty.
pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let (mut dot, mut na, mut nb) = (0.0f64, 0.0f64, 0.0f64);
    for (&x, &y) in a.iter().zip(b) {
        dot += f64::from(x) * f64::from(y);
        na += f64::from(x) * f64::from(x);
        nb += f64::from(y) * f64::from(y);
    }
    if na <= 0.0 || nb <= 0.0 {
        0.0
    } else {
        dot / (na.sqrt() * nb.sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: &str, b: &str) -> f64 {
        let l = Lexicon::get();
        l.similarity(l.id(a).expect(a), l.id(b).expect(b))
    }

    #[test]
    fn loads() {
        let l = Lexicon::get();
        assert!(l.len() > 15_000, "{} words", l.len());
        assert!(l.dims() >= 32);
        assert_eq!(l.id("Jobs"), l.id("jobs"));
        assert!(l.id("Legislators").is_some());
    }

    /// Words that say the same in news are closer than words that do not.
    #[test]
    fn news_synonyms_are_closer_than_unrelated_words() {
        let cases = [
            ("jobs", "positions", "weather"),
            ("salary", "paid", "river"),
            ("spent", "spending", "cats"),
            ("paris", "france", "salary"),
            ("tokyo", "japan", "weather"),
            ("children", "infants", "tonnes"),
            ("people", "americans", "profit"),
        ];
        for (a, b, other) in cases {
            assert!(
                sim(a, b) > sim(a, other) + 0.1,
                "{a}~{b} {:.2} vs {a}~{other} {:.2}",
                sim(a, b),
                sim(a, other)
            );
        }
    }
}
