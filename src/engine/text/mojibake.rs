//! UTF-8 text that was once read as Latin-1 or Windows-1252 and written
//! back as UTF-8 ("SÃ©golÃ¨ne Royal" for "Ségolène Royal"), repaired when a
//! source is read, so that its names are names and a draft that spells
//! them right quotes them right.

use std::borrow::Cow;

/// Windows-1252's characters in 0x80..0xA0, by byte (Latin-1 has control
/// codes there; mojibake through Windows-1252 has these).
const CP1252: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// Latin-1 signs that compatibility normalisation (NFKD) turns into a
/// space and a combining mark: "Ã¨" becomes "Ã ̈" in text that went
/// through it after the damage.
const SPACED: [(&str, char); 4] = [
    (" \u{308}", '\u{a8}'),
    (" \u{301}", '\u{b4}'),
    (" \u{327}", '\u{b8}'),
    (" \u{304}", '\u{af}'),
];

/// The byte a character stood for when UTF-8 was read as Windows-1252.
fn byte_of(c: char) -> Option<u8> {
    match c as u32 {
        0..=0xFF => Some(c as u32 as u8),
        _ => CP1252.iter().find(|(k, _)| *k == c).map(|(_, b)| *b),
    }
}

/// Whether a character is what the first byte of a multi-byte UTF-8
/// sequence reads as (Â to ô).
fn is_lead(c: char) -> bool {
    ('\u{c2}'..='\u{f4}').contains(&c)
}

/// Whether the text holds a character that mis-decoded UTF-8 starts with:
/// Â..ô, which are C3 82..C3 B4 in UTF-8. The C3 bytes are found by
/// memchr (most sources hold none), not by testing every pair of bytes.
fn may_be_mis_decoded(bytes: &[u8]) -> bool {
    memchr::memchr_iter(0xC3, bytes)
        .any(|i| bytes.get(i + 1).is_some_and(|b| (0x82..=0xB4).contains(b)))
}

/// The text with every word that reads as UTF-8 mis-decoded repaired; the
/// text itself when none does (the common case costs one scan of bytes).
pub fn repair(text: &str) -> Cow<'_, str> {
    if !may_be_mis_decoded(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut joined = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while !rest.is_empty() {
        let mut chars = rest.chars();
        let c = chars.next().expect("non-empty");
        if is_lead(c) {
            for (spaced, sign) in SPACED {
                if let Some(after) = chars.as_str().strip_prefix(spaced) {
                    joined.push(c);
                    joined.push(sign);
                    rest = after;
                    continue 'outer;
                }
            }
        }
        joined.push(c);
        rest = chars.as_str();
    }
    let mut out = String::with_capacity(joined.len());
    let mut changed = joined.len() != text.len();
    let mut word = |w: &str, out: &mut String| match fixed(w) {
        Some(f) => {
            out.push_str(&f);
            changed = true;
        }
        None => out.push_str(w),
    };
    let mut start = 0;
    for (i, c) in joined.char_indices() {
        if c.is_ascii_whitespace() {
            word(&joined[start..i], &mut out);
            out.push(c);
            start = i + 1;
        }
    }
    word(&joined[start..], &mut out);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// A word's repair, when it has a lead character and its bytes as
/// Windows-1252 are valid UTF-8 with no control characters.
fn fixed(word: &str) -> Option<String> {
    if !word.chars().any(is_lead) {
        return None;
    }
    let bytes: Vec<u8> = word.chars().map(byte_of).collect::<Option<_>>()?;
    let s = String::from_utf8(bytes).ok()?;
    (s != word && !s.chars().any(char::is_control)).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::{may_be_mis_decoded, repair};

    /// The test as first written: every pair of bytes.
    fn may_be_mis_decoded_plainly(bytes: &[u8]) -> bool {
        bytes
            .windows(2)
            .any(|w| w[0] == 0xC3 && (0x82..=0xB4).contains(&w[1]))
    }

    #[test]
    fn the_suspect_test_is_the_plain_one() {
        let texts = crate::engine::text::sample_texts(
            &[
                "",
                "Ã",
                "Ã©",
                "SÃ©golÃ¨ne",
                "plain text",
                "é",
                "naïve café",
                // The characters around the bounds: Á (C3 81) and õ (C3 B5)
                // are outside, Â (C3 82) and ô (C3 B4) inside.
                "Á",
                "Â",
                "ô",
                "õ",
                "Áõ",
                "Âô",
                "xÁ yõ",
                "x ô",
                "end Ã",
            ],
            19_043,
        );
        for t in &texts {
            assert_eq!(
                may_be_mis_decoded(t.as_bytes()),
                may_be_mis_decoded_plainly(t.as_bytes()),
                "{t:?}"
            );
            // And every cut of a short one, ending anywhere.
            if t.len() < 40 {
                for end in 0..=t.len() {
                    let b = &t.as_bytes()[..end];
                    assert_eq!(
                        may_be_mis_decoded(b),
                        may_be_mis_decoded_plainly(b),
                        "{b:?}"
                    );
                }
            }
        }
    }

    /// Every pair of bytes, alone, after a byte and before one: the bounds
    /// of the range and a C3 at the end are read as the plain test reads them.
    #[test]
    fn the_suspect_test_is_the_plain_one_on_every_byte_pair() {
        for a in 0..=u8::MAX {
            for b in 0..=u8::MAX {
                for bytes in [[a, b, b' '], [b' ', a, b], [a, b, 0xC3]] {
                    for t in [&bytes[..], &bytes[..2], &bytes[1..]] {
                        assert_eq!(
                            may_be_mis_decoded(t),
                            may_be_mis_decoded_plainly(t),
                            "{t:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn mis_decoded_words_are_repaired_and_others_left_alone() {
        assert_eq!(repair("SÃ©golÃ¨ne Royal said"), "Ségolène Royal said");
        // Normalised after the damage: "Ã¨" as "Ã", a space, a combining diaeresis.
        assert_eq!(repair("SÃ©golÃ \u{308}ne Royal"), "Ségolène Royal");
        assert_eq!(
            repair("FranÃ§ois Delattre, GuantÃ¡namo"),
            "François Delattre, Guantánamo"
        );
        // Through Windows-1252: a curly apostrophe.
        assert_eq!(repair("itâ€™s"), "it’s");
        // Real Latin-1 letters and plain text stay as they are.
        for ok in ["café naïve Ångström", "Âge d'or", "plain ASCII text", "Ãx"] {
            assert_eq!(repair(ok), ok);
        }
        assert!(matches!(
            repair("no damage here"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
