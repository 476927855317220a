//! The words of the figure grammar: scales, currencies, units, qualifiers,
//! number words. All lookups take a lowercased word.

use super::{Dimension, Qualifier};

/// "million", "mln", "bn": a multiplier. `attached_only` scales ("m", "k", "b")
/// count only when written onto the number ("600m").
pub fn scale(word: &str, attached: bool) -> Option<f64> {
    Some(match word {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" | "mln" | "mn" | "mil" => 1e6,
        "billion" | "bln" | "bn" => 1e9,
        "trillion" | "tln" | "trn" | "tn" => 1e12,
        "lakh" => 1e5,
        "crore" => 1e7,
        "m" if attached => 1e6,
        "k" if attached => 1e3,
        "b" if attached => 1e9,
        _ => return None,
    })
}

/// Vague plural scales and the interval each allows.
pub fn vague_scale(word: &str) -> Option<(f64, f64)> {
    Some(match word {
        "hundreds" => (1e2, 1e3),
        "thousands" => (1e3, 1e6),
        "millions" => (1e6, 1e9),
        "billions" => (1e9, 1e12),
        "trillions" => (1e12, 1e15),
        "dozens" => (24.0, 144.0),
        _ => return None,
    })
}

/// Currency symbols written before a number.
pub fn currency_symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '$' => "USD",
        '£' => "GBP",
        '€' => "EUR",
        '¥' => "JPY",
        '₹' => "INR",
        '₽' => "RUB",
        '₩' => "KRW",
        _ => return None,
    })
}

/// Letters written onto a dollar sign: "US$", "A$", "HK$".
pub fn dollar_prefix(prefix: &str) -> Option<&'static str> {
    Some(match prefix {
        "US" | "U.S." => "USD",
        "A" | "AU" | "AUD" => "AUD",
        "C" | "CA" | "CAD" => "CAD",
        "HK" => "HKD",
        "NZ" => "NZD",
        "S" | "SG" => "SGD",
        "NT" => "TWD",
        "R" => "BRL",
        "MX" => "MXN",
        _ => return None,
    })
}

/// ISO codes written as words: "USD 5 million", "5 million EUR".
pub fn currency_code(word: &str) -> Option<&'static str> {
    const CODES: &[&str] = &[
        "USD", "EUR", "GBP", "JPY", "CHF", "CNY", "AUD", "CAD", "NZD", "HKD", "SGD", "INR", "RUB",
        "UAH", "KRW", "BRL", "MXN", "SEK", "NOK", "DKK", "ZAR", "TRY", "PLN",
    ];
    CODES.iter().copied().find(|c| *c == word)
}

/// Currency words after a number, with the factor to the main unit (cents are 0.01).
pub fn currency_word(word: &str) -> Option<(&'static str, f64)> {
    Some(match word {
        "dollar" | "dollars" | "dlr" | "dlrs" => ("USD", 1.0),
        "cent" | "cents" | "ct" | "cts" => ("USD", 0.01),
        "pound" | "pounds" | "stg" | "sterling" => ("GBP", 1.0),
        "pence" | "penny" => ("GBP", 0.01),
        "euro" | "euros" => ("EUR", 1.0),
        "yen" => ("JPY", 1.0),
        "yuan" | "renminbi" => ("CNY", 1.0),
        "rupee" | "rupees" => ("INR", 1.0),
        "rouble" | "roubles" | "ruble" | "rubles" => ("RUB", 1.0),
        "hryvnia" | "hryvnias" => ("UAH", 1.0),
        "franc" | "francs" => ("FRF", 1.0),
        "mark" | "marks" | "deutschemarks" => ("DEM", 1.0),
        "lira" | "lire" => ("ITL", 1.0),
        "guilder" | "guilders" => ("NLG", 1.0),
        "peso" | "pesos" => ("MXN", 1.0),
        "won" => ("KRW", 1.0),
        "crowns" | "kronor" | "kroner" => ("SEK", 1.0),
        "rand" => ("ZAR", 1.0),
        "riyals" | "riyal" => ("SAR", 1.0),
        _ => return None,
    })
}

/// A country word before "dollars" or "francs": which currency it makes.
pub fn currency_country(word: &str, base: &str) -> Option<&'static str> {
    Some(match (word, base) {
        ("u.s." | "us" | "american", "USD") => "USD",
        ("canadian" | "c", "USD") => "CAD",
        ("australian" | "aust", "USD") => "AUD",
        ("n.z." | "zealand" | "nz", "USD") => "NZD",
        ("h.k." | "kong" | "hk", "USD") => "HKD",
        ("singapore", "USD") => "SGD",
        ("taiwan", "USD") => "TWD",
        ("swiss", "FRF") => "CHF",
        ("belgian", "FRF") => "BEF",
        ("french", "FRF") => "FRF",
        ("egyptian", "GBP") => "EGP",
        ("irish", "GBP") => "IEP",
        ("swedish", "SEK") => "SEK",
        ("norwegian", "SEK") => "NOK",
        ("danish", "SEK") => "DKK",
        _ => return None,
    })
}

/// Physical units after a number, to the dimension's base unit
/// (days, metres, kilograms, litres, square metres).
pub fn measure(word: &str) -> Option<(Dimension, f64)> {
    use Dimension::*;
    const DAY: f64 = 1.0;
    const YEAR: f64 = 365.25;
    Some(match word {
        "second" | "seconds" | "sec" | "secs" => (Duration, DAY / 86_400.0),
        "minute" | "minutes" | "min" | "mins" => (Duration, DAY / 1_440.0),
        "hour" | "hours" | "hr" | "hrs" => (Duration, DAY / 24.0),
        "day" | "days" => (Duration, DAY),
        "week" | "weeks" => (Duration, 7.0 * DAY),
        "fortnight" | "fortnights" => (Duration, 14.0 * DAY),
        "month" | "months" => (Duration, YEAR / 12.0),
        "year" | "years" | "yr" | "yrs" => (Duration, YEAR),
        "decade" | "decades" => (Duration, 10.0 * YEAR),
        "century" | "centuries" => (Duration, 100.0 * YEAR),
        "mile" | "miles" => (Distance, 1609.344),
        "kilometre" | "kilometres" | "kilometer" | "kilometers" | "km" | "kms" => {
            (Distance, 1000.0)
        }
        "metre" | "metres" | "meter" | "meters" => (Distance, 1.0),
        "foot" | "feet" | "ft" => (Distance, 0.3048),
        "yard" | "yards" => (Distance, 0.9144),
        "inch" | "inches" => (Distance, 0.0254),
        "tonne" | "tonnes" | "ton" | "tons" => (Mass, 1000.0),
        "kilo" | "kilos" | "kilogram" | "kilograms" | "kg" | "kgs" => (Mass, 1.0),
        "gram" | "grams" => (Mass, 0.001),
        "lb" | "lbs" => (Mass, 0.453_592_37),
        "ounce" | "ounces" | "oz" => (Mass, 0.028_349_523),
        "barrel" | "barrels" | "bbl" | "bbls" => (Volume, 158.987),
        "gallon" | "gallons" => (Volume, 3.785_41),
        "litre" | "litres" | "liter" | "liters" => (Volume, 1.0),
        "acre" | "acres" => (Area, 4046.86),
        "hectare" | "hectares" => (Area, 10_000.0),
        _ => return None,
    })
}

/// "square miles", "square kilometres".
pub fn square(word: &str) -> Option<f64> {
    Some(match word {
        "mile" | "miles" => 2_589_988.0,
        "kilometre" | "kilometres" | "kilometer" | "kilometers" | "km" => 1_000_000.0,
        "metre" | "metres" | "meter" | "meters" => 1.0,
        "feet" | "foot" => 0.092_903,
        _ => return None,
    })
}

/// Qualifiers before a number, longest first, as word sequences.
pub const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["in", "excess", "of"], Qualifier::Over),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["not", "less", "than"], Qualifier::AtLeast),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["not", "more", "than"], Qualifier::AtMost),
    (&["just", "short", "of"], Qualifier::Almost),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["as", "much", "as"], Qualifier::AtMost),
    (&["as", "high", "as"], Qualifier::AtMost),
    (&["as", "few", "as"], Qualifier::AtLeast),
    (&["more", "than"], Qualifier::Over),
    (&["greater", "than"], Qualifier::Over),
    (&["upwards", "of"], Qualifier::Over),
    (&["at", "least"], Qualifier::AtLeast),
    (&["at", "most"], Qualifier::AtMost),
    (&["up", "to"], Qualifier::AtMost),
    (&["less", "than"], Qualifier::Under),
    (&["fewer", "than"], Qualifier::Under),
    (&["close", "to"], Qualifier::Almost),
    (&["just", "under"], Qualifier::Almost),
    (&["just", "over"], Qualifier::Over),
    (&["an", "estimated"], Qualifier::About),
    (&["almost"], Qualifier::Almost),
    (&["nearly"], Qualifier::Almost),
    (&["about"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["approx"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["estimated"], Qualifier::About),
    (&["over"], Qualifier::Over),
    (&["above"], Qualifier::Over),
    (&["exceeding"], Qualifier::Over),
    (&["under"], Qualifier::Under),
    (&["below"], Qualifier::Under),
];

/// Number words below a hundred: "twenty-five" is read as two of them.
pub fn small_number(word: &str) -> Option<u32> {
    const UNITS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = UNITS.iter().position(|w| *w == word) {
        return Some(i as u32);
    }
    TENS.iter()
        .position(|w| *w == word)
        .map(|i| (i as u32 + 2) * 10)
}

pub fn is_tens(n: u32) -> bool {
    n >= 20 && n.is_multiple_of(10)
}

/// Ordinal words: "first" = 1 ... "twentieth" = 20.
pub fn ordinal_word(word: &str) -> Option<u32> {
    const ORDINALS: &[&str] = &[
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    ORDINALS
        .iter()
        .position(|w| *w == word)
        .map(|i| i as u32 + 1)
        .or(match word {
            "thirtieth" => Some(30),
            "fortieth" => Some(40),
            "fiftieth" => Some(50),
            "hundredth" => Some(100),
            _ => None,
        })
}

/// Fraction words, as the share they name: "third" = 1/3, "quarters" = 1/4.
pub fn fraction_word(word: &str) -> Option<f64> {
    Some(match word {
        "half" | "halves" => 0.5,
        "third" | "thirds" => 1.0 / 3.0,
        "quarter" | "quarters" => 0.25,
        "fifth" | "fifths" => 0.2,
        "sixth" | "sixths" => 1.0 / 6.0,
        "eighth" | "eighths" => 0.125,
        "tenth" | "tenths" => 0.1,
        _ => return None,
    })
}

pub fn month(word: &str) -> Option<u8> {
    const MONTHS: &[&[&str]] = &[
        &["january", "jan"],
        &["february", "feb"],
        &["march", "mar"],
        &["april", "apr"],
        &["may"],
        &["june", "jun"],
        &["july", "jul"],
        &["august", "aug"],
        &["september", "sep", "sept"],
        &["october", "oct"],
        &["november", "nov"],
        &["december", "dec"],
    ];
    let w = word.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|names| names.contains(&w))
        .map(|i| i as u8 + 1)
}

/// Words after which a small number refers back to things already named:
/// "the two leaders", "both sides", "its three members".
pub fn is_anaphoric_determiner(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "these"
            | "those"
            | "both"
            | "all"
            | "its"
            | "their"
            | "his"
            | "her"
            | "our"
            | "my"
            | "your"
            | "whose"
            | "each"
            | "every"
            | "other"
            | "first"
            | "last"
            | "next"
    )
}

/// Function words: never a counted noun, never the name before a number.
pub fn is_function_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "the"
            | "of"
            | "in"
            | "on"
            | "at"
            | "for"
            | "to"
            | "from"
            | "by"
            | "with"
            | "and"
            | "or"
            | "but"
            | "nor"
            | "that"
            | "which"
            | "who"
            | "than"
            | "as"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "could"
            | "should"
            | "may"
            | "might"
            | "can"
            | "said"
            | "says"
            | "say"
            | "since"
            | "until"
            | "after"
            | "before"
            | "during"
            | "about"
            | "around"
            | "over"
            | "under"
            | "between"
            | "into"
            | "onto"
            | "up"
            | "down"
            | "out"
            | "off"
            | "against"
            | "vs"
            | "versus"
            | "per"
            | "some"
            | "nearly"
            | "almost"
            | "only"
            | "just"
            | "more"
            | "less"
            | "fewer"
            | "this"
            | "these"
            | "those"
            | "its"
            | "their"
            | "his"
            | "her"
            | "it"
            | "they"
            | "he"
            | "she"
            | "we"
            | "i"
            | "you"
            | "not"
            | "no"
            | "if"
            | "when"
            | "while"
            | "where"
            | "also"
            | "roughly"
            | "approximately"
            | "each"
            | "every"
            | "all"
            | "both"
            | "last"
            | "next"
            | "through"
            | "within"
            | "towards"
            | "toward"
            | "among"
            | "including"
            | "like"
            | "unlike"
            | "despite"
            | "amid"
            | "via"
            | "there"
            | "here"
            | "then"
            | "so"
            | "such"
            | "what"
            | "how"
            | "why"
    )
}

/// Irregular plural nouns that head a count.
pub fn is_irregular_plural(word: &str) -> bool {
    matches!(
        word,
        "people"
            | "men"
            | "women"
            | "children"
            | "police"
            | "staff"
            | "personnel"
            | "troops"
            | "cattle"
            | "sheep"
            | "fish"
            | "mice"
            | "geese"
            | "feet"
            | "teeth"
            | "data"
            | "criteria"
            | "media"
            | "aircraft"
    )
}

/// Words that follow a time span to place it in time rather than measure it:
/// "a year ago", "a day after".
pub fn is_relative_time(word: &str) -> bool {
    matches!(
        word,
        "ago" | "later" | "earlier" | "before" | "after" | "afterwards" | "hence" | "old"
    )
}
