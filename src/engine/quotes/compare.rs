//! Comparing quoted words with a source's words: normalised words (case,
//! quote styles, apostrophes, dashes and whitespace do not count), the
//! fragments an ellipsis or an editor's [insertion] leaves, and a word-level
//! local alignment that finds where in a sentence the quote stands and what
//! differs.

use std::ops::Range;

use crate::engine::text::words::words;

/// A word and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormWord {
    pub norm: String,
    pub range: Range<usize>,
}

/// The normalised words of `text[range]`.
pub fn norm_words(text: &str, range: Range<usize>) -> Vec<NormWord> {
    let mut out: Vec<NormWord> = Vec::new();
    for w in words(text, range) {
        // "U.S" without its last dot reads as two letters: one word again.
        if let Some(prev) = out.last_mut()
            && w.text.chars().count() == 1
            && prev.norm.chars().all(char::is_alphabetic)
            && prev.norm.chars().count() <= 3
            && &text[prev.range.end..w.range.start] == "."
            && text[prev.range.clone()]
                .chars()
                .nth(1)
                .is_none_or(|c| c == '.')
        {
            prev.norm.push_str(&normalize(w.text));
            prev.range.end = w.range.end;
            continue;
        }
        out.push(NormWord {
            norm: normalize(w.text),
            range: w.range,
        });
    }
    out
}

fn normalize(word: &str) -> String {
    // "U.S." and "U.S" (a quote's last word loses its dot) are one word.
    word.to_lowercase()
        .replace(['’', '‘', '`'], "'")
        .replace('.', "")
        .trim_matches('\'')
        .to_string()
}

/// The quote's words in fragments: an ellipsis stands for left-out words,
/// and `[brackets]` mark an editor's insertion; either splits the quote.
pub fn fragments(text: &str, range: Range<usize>) -> Vec<Vec<NormWord>> {
    let s = &text[range.clone()];
    let mut cuts: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with("...") {
            let n = rest.len() - rest.trim_start_matches('.').len();
            cuts.push(i..i + n);
            i += n;
        } else if rest.starts_with('…') {
            cuts.push(i..i + '…'.len_utf8());
            i += '…'.len_utf8();
        } else if rest.starts_with('[') {
            let n = rest.find(']').map_or(rest.len(), |e| e + 1);
            cuts.push(i..i + n);
            i += n;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    let mut out = Vec::new();
    let mut from = 0;
    for c in cuts.into_iter().chain(std::iter::once(s.len()..s.len())) {
        let part = norm_words(text, range.start + from..range.start + c.start);
        if !part.is_empty() {
            out.push(part);
        }
        from = c.end;
    }
    out
}

/// Where a fragment best stands in a sentence's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// Indices into the source words.
    pub window: Range<usize>,
    /// Indices into the fragment's words that the alignment covers.
    pub covered: Range<usize>,
    pub matched: usize,
    /// Runs that differ: (fragment word indices, source word indices).
    pub differences: Vec<(Range<usize>, Range<usize>)>,
}

impl Alignment {
    /// The fragment stands word for word in the source.
    pub fn exact(&self, fragment_len: usize) -> bool {
        self.matched == fragment_len && self.window.len() == fragment_len
    }

    /// The longer of the fragment and the source words it lines up with.
    pub fn longer(&self, fragment_len: usize) -> usize {
        fragment_len.max(self.window.len() + fragment_len - self.covered.len())
    }

    /// How alike: matched words over the longer of the two spans, with the
    /// fragment's unaligned words counted against it.
    pub fn similarity(&self, fragment_len: usize) -> f64 {
        let longer = self.longer(fragment_len);
        if longer == 0 {
            0.0
        } else {
            self.matched as f64 / longer as f64
        }
    }
}

/// Smith–Waterman over words: the best local alignment of `fragment`
/// within `source`.
pub fn align(fragment: &[NormWord], source: &[NormWord]) -> Option<Alignment> {
    const MATCH: i32 = 2;
    const MISMATCH: i32 = -1;
    const GAP: i32 = -1;
    let (n, m) = (fragment.len(), source.len());
    if n == 0 || m == 0 {
        return None;
    }
    let w = m + 1;
    let mut score = vec![0i32; (n + 1) * w];
    let mut best = (0, 0, 0);
    for i in 1..=n {
        for j in 1..=m {
            let same = fragment[i - 1].norm == source[j - 1].norm;
            let diag = score[(i - 1) * w + j - 1] + if same { MATCH } else { MISMATCH };
            let up = score[(i - 1) * w + j] + GAP;
            let left = score[i * w + j - 1] + GAP;
            let s = diag.max(up).max(left).max(0);
            score[i * w + j] = s;
            // Ties go to the later cell: the alignment runs on through
            // a difference that a later match pays for.
            if s > 0 && s >= best.0 {
                best = (s, i, j);
            }
        }
    }
    if best.0 == 0 {
        return None;
    }
    // Trace back, collecting the runs that differ.
    let (mut i, mut j) = (best.1, best.2);
    let mut matched = 0;
    let mut differences: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut open: Option<(usize, usize, usize, usize)> = None; // (i_end, j_end, i, j)
    while i > 0 && j > 0 && score[i * w + j] > 0 {
        let s = score[i * w + j];
        let same = fragment[i - 1].norm == source[j - 1].norm;
        let (ni, nj) = if s == score[(i - 1) * w + j - 1] + if same { MATCH } else { MISMATCH } {
            (i - 1, j - 1)
        } else if s == score[(i - 1) * w + j] + GAP {
            (i - 1, j)
        } else {
            (i, j - 1)
        };
        let is_match = same && ni == i - 1 && nj == j - 1;
        if is_match {
            matched += 1;
            if let Some((ie, je, _, _)) = open.take() {
                differences.push((i..ie, j..je));
            }
        } else if open.is_none() {
            open = Some((i, j, ni, nj));
        }
        i = ni;
        j = nj;
    }
    if let Some((ie, je, _, _)) = open.take() {
        differences.push((i..ie, j..je));
    }
    differences.reverse();
    let (mut window, mut covered) = (j..best.2, i..best.1);
    // A few words at either end that did not align are differences too
    // ("very fast" for "very quickly"): take as many source words.
    const EDGE: usize = 3;
    let tail = n - covered.end;
    if (1..=EDGE).contains(&tail) {
        let end = (window.end + tail).min(m);
        differences.push((covered.end..n, window.end..end));
        window.end = end;
        covered.end = n;
    }
    let head = covered.start;
    if (1..=EDGE).contains(&head) {
        let start = window.start.saturating_sub(head);
        differences.insert(0, (0..head, start..window.start));
        window.start = start;
        covered.start = 0;
    }
    Some(Alignment {
        window,
        covered,
        matched,
        differences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frags(q: &str) -> Vec<Vec<String>> {
        fragments(q, 0..q.len())
            .into_iter()
            .map(|f| f.into_iter().map(|w| w.norm).collect())
            .collect()
    }

    #[test]
    fn ellipses_and_brackets_split_quotes() {
        assert_eq!(
            frags("I know ... very quickly"),
            vec![vec!["i", "know"], vec!["very", "quickly"]]
        );
        assert_eq!(frags("I know… very"), vec![vec!["i", "know"], vec!["very"]]);
        assert_eq!(
            frags("[He] wants to meet"),
            vec![vec!["wants", "to", "meet"]]
        );
        assert_eq!(frags("I’m going"), vec![vec!["i'm", "going"]]);
        assert_eq!(frags("in the U.S"), vec![vec!["in", "the", "us"]]);
        assert_eq!(
            frags("in the U.S. today"),
            vec![vec!["in", "the", "us", "today"]]
        );
        assert_eq!(
            frags("He's \u{2014} well — ready"),
            vec![vec!["he's", "well", "ready"]]
        );
    }

    fn aligned(q: &str, s: &str) -> (bool, f64, Vec<(String, String)>) {
        let f = norm_words(q, 0..q.len());
        let src = norm_words(s, 0..s.len());
        let a = align(&f, &src).expect("aligns");
        let diffs = a
            .differences
            .iter()
            .map(|(fi, si)| {
                let join = |ws: &[NormWord]| {
                    ws.iter()
                        .map(|w| w.norm.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                (join(&f[fi.clone()]), join(&src[si.clone()]))
            })
            .collect();
        (a.exact(f.len()), a.similarity(f.len()), diffs)
    }

    #[test]
    fn alignment_finds_the_words_and_what_differs() {
        let (exact, _, d) = aligned(
            "We have to get that war over with",
            "“We have to get that war over with,” Trump stated.",
        );
        assert!(exact);
        assert!(d.is_empty());
        let (exact, sim, d) = aligned(
            "I know he wants to meet, and I will meet him very fast.",
            "Trump remarked, “I know he wants to meet, and I’m going to meet very quickly”.",
        );
        assert!(!exact);
        assert!(sim > 0.5, "{sim}");
        assert_eq!(
            d,
            vec![
                (s("i will"), s("i'm going to")),
                (s("him"), s("")),
                (s("fast"), s("quickly")),
            ]
        );
        let (_, sim, _) = aligned(
            "a permanent ban on Western weapons deliveries",
            "Moscow wants a ban on talks with the West.",
        );
        assert!(sim < 0.5, "{sim}");
    }

    fn s(x: &str) -> String {
        x.to_string()
    }
}
