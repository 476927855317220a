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

/// Currency signs, written before a number (or after it: "10 €").
pub fn currency_symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '$' => "USD",
        '£' => "GBP",
        '€' => "EUR",
        '¥' => "JPY",
        '₹' => "INR",
        '₽' => "RUB",
        '₩' => "KRW",
        '₦' => "NGN",
        '₱' => "PHP",
        '₺' => "TRY",
        '₪' => "ILS",
        '฿' => "THB",
        '₫' => "VND",
        '₴' => "UAH",
        '₸' => "KZT",
        '₵' => "GHS",
        '৳' => "BDT",
        '₿' => "BTC",
        _ => return None,
    })
}

/// Letters written onto a dollar sign: "US$", "A$", "HK$".
pub fn dollar_prefix(prefix: &str) -> Option<&'static str> {
    Some(match prefix {
        "US" | "U.S." => "USD",
        "A" | "AU" | "AUD" => "AUD",
        "C" | "CA" | "CAD" | "Can" => "CAD",
        "HK" => "HKD",
        "NZ" => "NZD",
        "S" | "SG" => "SGD",
        "NT" => "TWD",
        "R" => "BRL",
        "MX" | "Mex" => "MXN",
        "J" => "JMD",
        "TT" => "TTD",
        "EC" => "XCD",
        "Z" => "ZWL",
        "RD" => "DOP",
        "Bds" => "BBD",
        "BZ" => "BZD",
        "FJ" => "FJD",
        "CI" => "KYD",
        _ => return None,
    })
}

/// ISO 4217 codes as written (upper case): "USD 5 million", "5 million EUR".
/// Codes that are also English words in capitals ("ALL", "TOP") are left out.
pub fn currency_code(word: &str) -> Option<&'static str> {
    const CODES: &[&str] = &[
        "USD", "EUR", "GBP", "JPY", "CHF", "CNY", "RMB", "AUD", "CAD", "NZD", "HKD", "SGD", "TWD",
        "INR", "PKR", "LKR", "BDT", "NPR", "RUB", "UAH", "BYN", "KZT", "KRW", "BRL", "MXN", "ARS",
        "CLP", "COP", "PEN", "VES", "SEK", "NOK", "DKK", "ISK", "PLN", "CZK", "HUF", "RON", "BGN",
        "RSD", "ZAR", "NGN", "KES", "UGX", "TZS", "GHS", "ETB", "EGP", "MAD", "TND", "DZD", "TRY",
        "ILS", "SAR", "AED", "QAR", "KWD", "BHD", "OMR", "JOD", "IQD", "IRR", "THB", "MYR", "IDR",
        "PHP", "VND", "BTC", "XOF", "XAF", "ZMW", "GEL", "AZN", "DEM",
    ];
    let code = if word == "RMB" { "CNY" } else { word };
    CODES.iter().copied().find(|c| *c == code)
}

/// Letters written before an amount for a currency, as written: ISO codes
/// and newsroom abbreviations ("Rs 200 crore", "RM5", "KSh 300", "SFr 10").
pub fn currency_prefix_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "Rs" | "Rs." => "INR",
        "Rp" => "IDR",
        "RM" => "MYR",
        "KSh" | "Ksh" | "KShs" => "KES",
        "Tk" => "BDT",
        "Dh" | "Dhs" => "AED",
        "SR" => "SAR",
        "QR" => "QAR",
        "SFr" | "Sfr" | "Fr" => "CHF",
        "NIS" => "ILS",
        _ => return currency_code(word),
    })
}

/// Currency words after a number, with the factor to the main unit (cents are 0.01).
pub fn currency_word(word: &str) -> Option<(&'static str, f64)> {
    Some(match word {
        "dollar" | "dollars" | "dlr" | "dlrs" | "buck" | "bucks" => ("USD", 1.0),
        "cent" | "cents" | "ct" | "cts" => ("USD", 0.01),
        "pound" | "pounds" | "stg" | "sterling" | "quid" => ("GBP", 1.0),
        "pence" | "penny" => ("GBP", 0.01),
        "euro" | "euros" => ("EUR", 1.0),
        "yen" => ("JPY", 1.0),
        "yuan" | "renminbi" | "rmb" => ("CNY", 1.0),
        "rupee" | "rupees" => ("INR", 1.0),
        "paise" => ("INR", 0.01),
        "rouble" | "roubles" | "ruble" | "rubles" => ("RUB", 1.0),
        "kopecks" | "kopeks" => ("RUB", 0.01),
        "hryvnia" | "hryvnias" => ("UAH", 1.0),
        "franc" | "francs" => ("FRF", 1.0),
        "mark" | "marks" | "deutschemarks" => ("DEM", 1.0),
        "lire" => ("ITL", 1.0),
        "lira" | "liras" => ("TRY", 1.0),
        "guilder" | "guilders" => ("NLG", 1.0),
        "peso" | "pesos" => ("MXN", 1.0),
        "won" => ("KRW", 1.0),
        "krona" | "kronor" | "crowns" | "kr" => ("SEK", 1.0),
        "krone" | "kroner" => ("NOK", 1.0),
        "rand" => ("ZAR", 1.0),
        "riyals" | "riyal" => ("SAR", 1.0),
        "rial" | "rials" => ("IRR", 1.0),
        "dirham" | "dirhams" => ("AED", 1.0),
        "dinar" | "dinars" => ("IQD", 1.0),
        "shilling" | "shillings" => ("KES", 1.0),
        "naira" => ("NGN", 1.0),
        "cedi" | "cedis" => ("GHS", 1.0),
        "kwacha" => ("ZMW", 1.0),
        "birr" => ("ETB", 1.0),
        "reais" => ("BRL", 1.0),
        "zloty" | "zlotys" | "zlotych" | "zł" => ("PLN", 1.0),
        "forint" | "forints" => ("HUF", 1.0),
        "koruna" | "korunas" | "koruny" | "kč" => ("CZK", 1.0),
        "leu" | "lei" => ("RON", 1.0),
        "lev" | "leva" => ("BGN", 1.0),
        "shekel" | "shekels" => ("ILS", 1.0),
        "baht" => ("THB", 1.0),
        "ringgit" => ("MYR", 1.0),
        "rupiah" => ("IDR", 1.0),
        "dong" => ("VND", 1.0),
        "taka" => ("BDT", 1.0),
        "tenge" => ("KZT", 1.0),
        "lari" => ("GEL", 1.0),
        "manat" => ("AZN", 1.0),
        "bitcoin" | "bitcoins" => ("BTC", 1.0),
        _ => return None,
    })
}

/// A country word before a currency word: which currency it makes
/// ("Canadian dollars", "Swiss francs", "Pakistani rupees").
pub fn currency_country(word: &str, base: &str) -> Option<&'static str> {
    Some(match (word, base) {
        ("u.s." | "us" | "american", "USD") => "USD",
        ("canadian" | "c", "USD") => "CAD",
        ("australian" | "aust", "USD") => "AUD",
        ("n.z." | "zealand" | "nz", "USD") => "NZD",
        ("h.k." | "kong" | "hk", "USD") => "HKD",
        ("singapore" | "singaporean", "USD") => "SGD",
        ("taiwan" | "taiwanese", "USD") => "TWD",
        ("zimbabwe" | "zimbabwean", "USD") => "ZWL",
        ("jamaican", "USD") => "JMD",
        ("namibian", "USD") => "NAD",
        ("liberian", "USD") => "LRD",
        ("fijian", "USD") => "FJD",
        ("brunei", "USD") => "BND",
        ("caribbean", "USD") => "XCD",
        ("swiss", "FRF") => "CHF",
        ("belgian", "FRF") => "BEF",
        ("french", "FRF") => "FRF",
        ("cfa", "FRF") => "XOF",
        ("congolese", "FRF") => "CDF",
        ("rwandan", "FRF") => "RWF",
        ("egyptian", "GBP") => "EGP",
        ("irish", "GBP") => "IEP",
        ("lebanese", "GBP") => "LBP",
        ("sudanese", "GBP") => "SDG",
        ("syrian", "GBP") => "SYP",
        ("british", "GBP") => "GBP",
        ("swedish", "SEK") => "SEK",
        ("norwegian", "SEK" | "NOK") => "NOK",
        ("danish", "SEK" | "NOK") => "DKK",
        ("icelandic", "SEK" | "NOK") => "ISK",
        ("czech", "SEK" | "NOK") => "CZK",
        ("argentine" | "argentinian", "MXN") => "ARS",
        ("chilean", "MXN") => "CLP",
        ("colombian", "MXN") => "COP",
        ("philippine", "MXN") => "PHP",
        ("cuban", "MXN") => "CUP",
        ("mexican", "MXN") => "MXN",
        ("pakistani", "INR") => "PKR",
        ("lankan", "INR") => "LKR",
        ("nepalese" | "nepali", "INR") => "NPR",
        ("indian", "INR") => "INR",
        ("mauritian", "INR") => "MUR",
        ("indonesian", "INR") => "IDR",
        ("kuwaiti", "IQD") => "KWD",
        ("jordanian", "IQD") => "JOD",
        ("bahraini", "IQD") => "BHD",
        ("libyan", "IQD") => "LYD",
        ("tunisian", "IQD") => "TND",
        ("algerian", "IQD") => "DZD",
        ("serbian", "IQD") => "RSD",
        ("iraqi", "IQD") => "IQD",
        ("saudi", "SAR") => "SAR",
        ("qatari", "SAR" | "IRR") => "QAR",
        ("omani", "SAR" | "IRR") => "OMR",
        ("yemeni", "SAR" | "IRR") => "YER",
        ("iranian", "SAR" | "IRR") => "IRR",
        ("moroccan", "AED") => "MAD",
        ("emirati" | "uae", "AED") => "AED",
        ("kenyan", "KES") => "KES",
        ("ugandan", "KES") => "UGX",
        ("tanzanian", "KES") => "TZS",
        ("somali", "KES") => "SOS",
        ("russian", "RUB") => "RUB",
        ("belarusian", "RUB") => "BYN",
        ("turkish", "TRY") => "TRY",
        ("italian", "ITL" | "TRY") => "ITL",
        ("japanese", "JPY") => "JPY",
        ("chinese", "CNY") => "CNY",
        ("south", "KRW" | "ZAR") => base_code(base),
        ("north", "KRW") => "KPW",
        ("korean", "KRW") => "KRW",
        ("brazilian", "BRL") => "BRL",
        ("african", "ZAR") => "ZAR",
        ("israeli", "ILS") => "ILS",
        ("thai", "THB") => "THB",
        ("malaysian", "MYR") => "MYR",
        ("vietnamese", "VND") => "VND",
        ("ghanaian", "GHS") => "GHS",
        ("nigerian", "NGN") => "NGN",
        ("zambian", "ZMW") => "ZMW",
        ("malawian", "ZMW") => "MWK",
        ("ethiopian", "ETB") => "ETB",
        ("polish", "PLN") => "PLN",
        ("hungarian", "HUF") => "HUF",
        ("romanian", "RON") => "RON",
        ("moldovan", "RON") => "MDL",
        ("bulgarian", "BGN") => "BGN",
        ("ukrainian", "UAH") => "UAH",
        ("kazakh", "KZT") => "KZT",
        ("georgian", "GEL") => "GEL",
        ("azerbaijani", "AZN") => "AZN",
        ("turkmen", "AZN") => "TMT",
        _ => return None,
    })
}

fn base_code(base: &str) -> &'static str {
    match base {
        "KRW" => "KRW",
        _ => "ZAR",
    }
}

/// Physical units after a number, to the dimension's base unit
/// (days, metres, kilograms, litres, square metres ...).
pub fn measure(word: &str) -> Option<(Dimension, f64)> {
    super::units::word(word).map(|u| (u.dimension(), u.factor()))
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
    Some(match word {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

pub fn is_tens(n: u32) -> bool {
    n >= 20 && n.is_multiple_of(10)
}

/// Ordinal words: "first" = 1 ... "twentieth" = 20, "thirtieth" = 30 ...
pub fn ordinal_word(word: &str) -> Option<u32> {
    Some(match word {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        "fortieth" => 40,
        "fiftieth" => 50,
        "sixtieth" => 60,
        "seventieth" => 70,
        "eightieth" => 80,
        "ninetieth" => 90,
        "hundredth" => 100,
        "thousandth" => 1000,
        "millionth" => 1_000_000,
        _ => return None,
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
    month_of(word.as_bytes())
}

/// [`month`] of a word's bytes: `is_calendar_word` asks it of a word
/// lowercased on the stack, with no string to make of it.
pub(crate) fn month_of(word: &[u8]) -> Option<u8> {
    Some(match trim_dots(word) {
        b"january" | b"jan" => 1,
        b"february" | b"feb" => 2,
        b"march" | b"mar" => 3,
        b"april" | b"apr" => 4,
        b"may" => 5,
        b"june" | b"jun" => 6,
        b"july" | b"jul" => 7,
        b"august" | b"aug" => 8,
        b"september" | b"sep" | b"sept" => 9,
        b"october" | b"oct" => 10,
        b"november" | b"nov" => 11,
        b"december" | b"dec" => 12,
        _ => return None,
    })
}

/// The word without the dots after it ("Jan." is "Jan").
pub(crate) fn trim_dots(mut word: &[u8]) -> &[u8] {
    while let [rest @ .., b'.'] = word {
        word = rest;
    }
    word
}

/// Weekday names and their abbreviations, lowercased.
pub fn is_weekday(word: &str) -> bool {
    is_weekday_of(word.as_bytes())
}

/// [`is_weekday`] of a word's bytes (see [`month_of`]).
pub(crate) fn is_weekday_of(word: &[u8]) -> bool {
    matches!(
        trim_dots(word),
        b"monday"
            | b"tuesday"
            | b"wednesday"
            | b"thursday"
            | b"friday"
            | b"saturday"
            | b"sunday"
            | b"mon"
            | b"tue"
            | b"tues"
            | b"wed"
            | b"thu"
            | b"thur"
            | b"thurs"
            | b"fri"
            | b"sat"
            | b"sun"
    )
}

/// Whether a figure can start at this lowercased word: a number or ordinal
/// word, a month or weekday, a vague scale or span, a determiner before a
/// share ("a fifth") or an age by decade ("her 40s"), a verb that multiplies
/// ("doubled"), a quarter or half ("Q3", "H1"). Most words cannot, and
/// the grammar skips them at once.
pub fn may_start_figure(word: &str) -> bool {
    // One match (by length, then bytes) instead of a lookup per table:
    // it runs on every word of every source sentence.
    matches!(
        word,
        "zero"
            | "one"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "eleven"
            | "twelve"
            | "thirteen"
            | "fourteen"
            | "fifteen"
            | "sixteen"
            | "seventeen"
            | "eighteen"
            | "nineteen"
            | "twenty"
            | "thirty"
            | "forty"
            | "fifty"
            | "sixty"
            | "seventy"
            | "eighty"
            | "ninety"
            | "first"
            | "second"
            | "third"
            | "fourth"
            | "fifth"
            | "sixth"
            | "seventh"
            | "eighth"
            | "ninth"
            | "tenth"
            | "eleventh"
            | "twelfth"
            | "thirteenth"
            | "fourteenth"
            | "fifteenth"
            | "sixteenth"
            | "seventeenth"
            | "eighteenth"
            | "nineteenth"
            | "twentieth"
            | "thirtieth"
            | "fortieth"
            | "fiftieth"
            | "sixtieth"
            | "seventieth"
            | "eightieth"
            | "ninetieth"
            | "hundredth"
            | "thousandth"
            | "millionth"
            | "january"
            | "jan"
            | "february"
            | "feb"
            | "march"
            | "mar"
            | "april"
            | "apr"
            | "may"
            | "june"
            | "jun"
            | "july"
            | "jul"
            | "august"
            | "aug"
            | "september"
            | "sep"
            | "sept"
            | "october"
            | "oct"
            | "november"
            | "nov"
            | "december"
            | "dec"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "mon"
            | "tue"
            | "tues"
            | "wed"
            | "thu"
            | "thur"
            | "thurs"
            | "fri"
            | "sat"
            | "sun"
            | "a"
            | "an"
            | "half"
            | "minus"
            | "negative"
            | "tens"
            | "hundreds"
            | "thousands"
            | "millions"
            | "billions"
            | "trillions"
            | "dozens"
            | "several"
            | "few"
            | "many"
            | "days"
            | "weeks"
            | "months"
            | "years"
            | "decades"
            | "his"
            | "her"
            | "their"
            | "my"
            | "your"
            | "our"
            | "isbn"
            | "doubled"
            | "doubling"
            | "tripled"
            | "tripling"
            | "trebled"
            | "trebling"
            | "quadrupled"
            | "quadrupling"
            | "quintupled"
            | "quintupling"
            | "halved"
            | "halving"
            | "q1"
            | "q2"
            | "q3"
            | "q4"
            | "h1"
            | "h2"
    )
}

/// Function words: never a counted noun, never the name before a number.
/// Nouns that number what they name, written before the number: "flight
/// 1737", "chapter 11", "section 41", "route 66". The number is an
/// identifier, not a count.
pub fn is_numbered_noun(word: &str) -> bool {
    matches!(
        word,
        "flight"
            | "chapter"
            | "section"
            | "article"
            | "clause"
            | "paragraph"
            | "route"
            | "highway"
            | "interstate"
            | "channel"
            | "gate"
            | "exit"
            | "platform"
            | "precinct"
            | "version"
            | "proposition"
            | "amendment"
            | "resolution"
    )
}

/// Prepositions that put a count in a place, a group or a time
/// ("four in Ohio", "40 at the office", "two among the injured").
pub fn is_place_preposition(word: &str) -> bool {
    matches!(
        word,
        "in" | "at" | "from" | "on" | "among" | "across" | "inside" | "outside"
    )
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_start_figure_covers_every_starting_word() {
        let starts = |w: &str| {
            small_number(w).is_some()
                || ordinal_word(w).is_some()
                || month(w).is_some()
                || is_weekday(w)
        };
        for w in [
            "zero",
            "eleven",
            "seventy",
            "first",
            "twentieth",
            "millionth",
            "jan",
            "sept",
            "may",
            "thurs",
            "sunday",
        ] {
            assert!(starts(w) && may_start_figure(w), "{w}");
        }
        assert!(!may_start_figure("the") && !may_start_figure("said"));
    }
}
