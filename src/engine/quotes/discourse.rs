//! The people and organisations a document has named so far, for resolving
//! what refers back to them: a surname alone ("Clinton": the last Clinton
//! named in full), a pronoun ("he": the last fitting man), a description
//! ("the senator": the last person the document called a senator).
//!
//! Gender comes from the document itself: honorifics ("Mr.", "Mrs.", "Ms.")
//! and the pronouns that follow a sentence naming one person only; when the
//! document says nothing, from the first name, as news uses it
//! (`firstnames.tsv`, fitted by `fit.py` on PolNeAR's train split).

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::hash_map::Entry as Slot;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::attribution::Sentence;
use super::find::Quotation;
use crate::engine::text::words::{Word, words};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// Words before a name that make it a place ("in Helsinki").
const PLACE_CUES: &[&str] = &["in", "from", "across", "into", "near", "towards", "toward"];

/// How far back a pronoun or a description looks, in sentences.
const LOOK_BACK: usize = 12;

/// Title abbreviations and the role nouns they stand for.
const TITLE_ROLES: &[(&str, &[&str])] = &[
    ("sen", &["senator", "lawmaker"]),
    ("senator", &["lawmaker"]),
    (
        "rep",
        &["representative", "congressman", "congresswoman", "lawmaker"],
    ),
    (
        "representative",
        &["congressman", "congresswoman", "lawmaker"],
    ),
    ("gov", &["governor"]),
    ("gen", &["general"]),
    ("pres", &["president"]),
    ("sec", &["secretary"]),
    ("mr", &["man"]),
    ("mrs", &["woman"]),
    ("ms", &["woman"]),
];

/// First names and the gender news gives the people who bear them.
static FIRST_NAMES: LazyLock<FxHashMap<&'static str, Gender>> = LazyLock::new(|| {
    include_str!("firstnames.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (name, male, female) = (f.next()?, f.next()?, f.next()?);
            let (male, female): (u32, u32) = (male.parse().ok()?, female.parse().ok()?);
            Some((
                name,
                if male > female {
                    Gender::Male
                } else {
                    Gender::Female
                },
            ))
        })
        .collect()
});

/// The gender a full name's first name gives, if news gives it one.
fn first_name_gender(name: &str) -> Option<Gender> {
    let mut words = name.split(' ');
    let first = words.next()?;
    words.next()?;
    FIRST_NAMES.get(first).copied()
}

#[derive(Debug, Default)]
struct Referent<'a> {
    /// The name as a mention of the document writes it.
    name: &'a str,
    male: u32,
    female: u32,
    org: bool,
    place_votes: u32,
    person_votes: u32,
    mentions: u32,
    /// Times it was read as a speaker.
    spoken: u32,
    /// A one-word name the document also writes in lowercase ("First,
    /// Donald Trump attacked": "first"), or that news writes in lowercase
    /// (`lowercase.tsv`: "Moments later, Rubio"): a common word, not a name.
    /// Found when first asked (only a speaker nothing else makes a person
    /// asks), and kept.
    common: Cell<Option<bool>>,
    /// Role words the document gives them ("senator", "secretary", "state").
    roles: Vec<String>,
}

impl Referent<'_> {
    fn gender(&self) -> Option<Gender> {
        match self.male.cmp(&self.female) {
            std::cmp::Ordering::Greater => Some(Gender::Male),
            std::cmp::Ordering::Less => Some(Gender::Female),
            std::cmp::Ordering::Equal if !self.org => first_name_gender(self.name),
            std::cmp::Ordering::Equal => None,
        }
    }

    fn is_place(&self) -> bool {
        !self.org && self.person_votes == 0 && self.place_votes * 2 >= self.mentions
    }

    fn may_be_person(&self) -> bool {
        !self.org && !self.is_place()
    }

    /// Known to be a person: a title, a role, a gendered pronoun, or
    /// speech under a name that is no common word (a capitalized word
    /// read as a speaker may be a sentence's opening word: "First, Donald
    /// Trump attacked").
    fn is_person(&self, text: &str) -> bool {
        self.may_be_person()
            && (self.person_votes > 0
                || self.gender().is_some()
                || self.spoken > 0 && !self.is_common(text))
    }

    /// Whether the name is one word that the document (`text`) or news
    /// writes in lowercase.
    fn is_common(&self, text: &str) -> bool {
        if let Some(common) = self.common.get() {
            return common;
        }
        let common = !self.name.contains(' ')
            && (super::names::common_word(self.name).is_some()
                || super::with_lowercase(self.name, |l| written_in_lowercase(text, l)));
        self.common.set(Some(common));
        common
    }
}

/// One time a referent was named (outside quotations) or spoke.
#[derive(Debug, Clone, Copy)]
struct Entry {
    pos: usize,
    referent: usize,
    sentence: usize,
    /// The first name of its sentence, or a speaker: the likeliest antecedent.
    subject: bool,
    speaker: bool,
}

/// What a document has named so far; names are borrowed from its mentions.
pub struct Discourse<'a> {
    text: &'a str,
    /// Set once `new` has read the document: a referent added after it (a
    /// name resolved differently while reading) is never a common word.
    built: bool,
    referents: Vec<Referent<'a>>,
    by_name: FxHashMap<&'a str, usize>,
    /// A shorter form ("Clinton", "Van Dyke", "Mary Collins") → the
    /// referents whose fuller names it may stand for (a suffix of the name
    /// is borrowed from it).
    fuller: FxHashMap<Cow<'a, str>, Vec<usize>>,
    history: Vec<Entry>,
    /// The last position each referent was named at, for choosing among
    /// several fuller names ("Clinton": Hillary or Bill, whoever was last).
    last_seen: Vec<usize>,
    /// How often each referent has been named so far: among several
    /// fuller names, a surname goes to the one the document is about
    /// ("Mrs. Clinton" stays Hillary after a passing "Chelsea Clinton").
    salience: Vec<u32>,
    /// The sentence each referent was last named in full, and whether it
    /// opened that sentence (its subject): a surname right after that is
    /// theirs ("Bill Clinton spoke. Clinton said").
    full_at: Vec<Option<(usize, bool)>>,
    /// The sentence being read.
    sentence: usize,
    /// Per sentence, a "he" or "she" that opens it before any name
    /// outside quotations ("He lambasted the deal negotiated by President
    /// Obama"): its subject, who stays the topic.
    openers: Vec<Option<(usize, Gender)>>,
    /// Each mention's referent (the sentences' mentions in order), when
    /// `new` found the one it always stands for; None when it depends on
    /// who was named last (`pick`), to be found again as the text is read.
    resolved: Vec<Option<usize>>,
    /// Per sentence, where its mentions start in `resolved`.
    first_mention: Vec<usize>,
}

fn is_org(name: &str) -> bool {
    super::is_org(name)
}

/// A capitalized particle of a surname ("Van" in "Laura Van Dyke"): the
/// words after it are no name on their own.
fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "Van" | "Von" | "De" | "Del" | "Le" | "La" | "Al" | "El" | "Bin" | "Di" | "Da" | "Du"
    )
}

/// The shorter forms a full name may be written as: its word suffixes
/// ("Laura Van Dyke" → "Van Dyke", not "Dyke" alone after a particle) and
/// the name without middle initials ("Mary T. Collins" → "Mary Collins").
pub fn short_forms(name: &str) -> Vec<Cow<'_, str>> {
    let mut out = Vec::new();
    each_short_form(name, |f| out.push(f));
    out
}

/// `f` of each of `short_forms(name)`, in order; a word suffix is a slice of
/// the name (the words are split at single spaces, so joining them again
/// gives the name's own bytes).
fn each_short_form<'n>(name: &'n str, mut f: impl FnMut(Cow<'n, str>)) {
    // Where word k starts in the name, and the word before it.
    let mut at = 0;
    let mut words = name.split(' ');
    let Some(mut prev) = words.next() else {
        return;
    };
    // The words, and those that are no initial.
    let (mut count, mut kept) = (1, usize::from(!is_initial(prev)));
    for (k, word) in words.enumerate().map(|(i, w)| (i + 1, w)) {
        at += prev.len() + 1;
        count += 1;
        kept += usize::from(!is_initial(word));
        let particle_before = prev.chars().all(char::is_lowercase) || is_particle(prev) && k >= 2;
        if !particle_before {
            f(Cow::Borrowed(&name[at..]));
        }
        prev = word;
    }
    if kept >= 2 && kept < count {
        let no_initials: Vec<&str> = name.split(' ').filter(|x| !is_initial(x)).collect();
        f(Cow::Owned(no_initials.join(" ")));
    }
}

/// A middle initial ("T."), or a word of one letter.
fn is_initial(word: &str) -> bool {
    word.len() == 2 && word.ends_with('.') || word.len() <= 1
}

impl<'a> Discourse<'a> {
    pub fn new(text: &'a str, sentences: &[Sentence<'a>], quotes: &[Quotation]) -> Discourse<'a> {
        let mut d = Discourse {
            text,
            built: false,
            referents: Vec::new(),
            by_name: FxHashMap::default(),
            fuller: FxHashMap::default(),
            history: Vec::new(),
            last_seen: Vec::new(),
            salience: Vec::new(),
            full_at: Vec::new(),
            sentence: 0,
            openers: Vec::with_capacity(sentences.len()),
            resolved: Vec::new(),
            first_mention: Vec::with_capacity(sentences.len()),
        };
        // At most one referent per mention.
        let mentions: usize = sentences.iter().map(|s| s.mentions.len()).sum();
        d.referents.reserve(mentions);
        d.last_seen.reserve(mentions);
        d.salience.reserve(mentions);
        d.full_at.reserve(mentions);
        d.by_name.reserve(mentions);
        d.resolved.reserve(mentions);
        // Full names first, so that shorter forms can point to them; a
        // full name's mention always stands for its referent.
        for s in sentences {
            d.first_mention.push(d.resolved.len());
            for m in s.mentions {
                let r = m.name.contains(' ').then(|| d.full_name(&m.name));
                d.resolved.push(r);
            }
        }
        // Then every mention: kinds, roles and gender.
        let mut q = 0;
        for (si, s) in sentences.iter().enumerate() {
            while q < quotes.len() && quotes[q].outer.end <= s.range.start {
                q += 1;
            }
            let inside = |pos: usize| {
                quotes[q..]
                    .iter()
                    .take_while(|x| x.outer.start <= pos)
                    .any(|x| pos < x.outer.end)
            };
            // A pronoun that opens the sentence, before any name.
            let first_name_at = s
                .mentions
                .iter()
                .map(|m| m.range.start)
                .find(|&p| !inside(p))
                .unwrap_or(s.range.end);
            let opener = super::names::words_before(
                text,
                s.words,
                s.range.start,
                first_name_at,
                s.range.end,
            )
            .iter()
            .take(8)
            .take_while(|w| !inside(w.range.start))
            .find_map(|w| match w.text {
                "He" | "he" => Some((w.range.start, Gender::Male)),
                "She" | "she" => Some((w.range.start, Gender::Female)),
                _ => None,
            });
            d.openers.push(opener);
            let mut people: Vec<usize> = Vec::new();
            let mut first_person_at = None;
            d.sentence = si;
            let first = d.first_mention[si];
            for (k, m) in s.mentions.iter().enumerate() {
                let honorific = honorific_gender(m.role.as_deref());
                let r = match d.resolved[first + k] {
                    Some(r) => d.checked(r, &m.name, m.range.start, honorific),
                    None => {
                        let (r, fixed) = d.resolve_one_word(&m.name, m.range.start, honorific);
                        d.resolved[first + k] = fixed.then_some(r);
                        r
                    }
                };
                d.seen(r, &m.name, m.range.start, k == 0);
                let before = text[..m.range.start].trim_end();
                let prev = super::last_piece(before, |c| !c.is_alphanumeric() && c != '.');
                let ref_ = &mut d.referents[r];
                ref_.mentions += 1;
                if super::lower_in(prev.trim_end_matches('.'), PLACE_CUES) {
                    ref_.place_votes += 1;
                }
                if m.person && !ref_.org {
                    ref_.person_votes += 1;
                }
                match honorific {
                    Some(Gender::Male) => ref_.male += 3,
                    Some(Gender::Female) => ref_.female += 3,
                    None => {}
                }
                if let Some(role) = &m.role {
                    add_roles(&mut ref_.roles, role);
                }
                // "pollster Douglas Schoen", "Former Bill Clinton pollster
                // Douglas Schoen": a lowercase noun right before the name is
                // the role the text gives them.
                if let Some(w) = role_word_before(before) {
                    add_roles(&mut ref_.roles, w);
                }
                // "Mike Huckabee, the former Arkansas governor,"
                let after = &text[m.range.end..s.range.end];
                if let Some(app) = after.strip_prefix(", ") {
                    let stop = app
                        .bytes()
                        .position(|b| matches!(b, b',' | b';' | b'.' | b'('));
                    let app = &app[..stop.unwrap_or(app.len())];
                    let first = app.split(' ').next().unwrap_or("");
                    if matches!(first, "the" | "a" | "an") && app.split(' ').nth(10).is_none() {
                        add_roles(&mut ref_.roles, app);
                    }
                }
                if !inside(m.range.start) && ref_.may_be_person() && !people.contains(&r) {
                    people.push(r);
                    first_person_at.get_or_insert(m.range.end);
                }
            }
            // Pronouns after a sentence names one person only are theirs.
            if let ([one], Some(from)) = (people.as_slice(), first_person_at) {
                let (mut male, mut female) = (0, 0);
                // The words from the end of the name on; a name's end may cut
                // its word ("Trump’s"), which leaves no pronoun after the cut.
                pronouns_from(s.words, from, inside, &mut male, &mut female);
                if let Some(w) = sentences.get(si + 1).and_then(|n| n.words.first()) {
                    match w.text {
                        "He" | "His" => male += 1,
                        "She" | "Her" => female += 1,
                        _ => {}
                    }
                }
                let r = &mut d.referents[*one];
                r.male += male.min(2);
                r.female += female.min(2);
            }
        }
        d.built = true;
        d.last_seen.iter_mut().for_each(|p| *p = 0);
        d.salience.iter_mut().for_each(|n| *n = 0);
        d.full_at.iter_mut().for_each(|x| *x = None);
        d
    }

    /// The full name that `name` is a shorter form of, when the document
    /// has only one such name ("Peskov" → "Dmitri Peskov").
    pub fn fullest(&self, name: &str) -> Option<&'a str> {
        match self.fuller.get(name)?.as_slice() {
            [one] => Some(self.referents[*one].name),
            _ => None,
        }
    }

    /// Whether `name` is an organisation's (`quotes::is_org`), as a
    /// referent's name already says.
    pub fn is_org(&self, name: &str) -> bool {
        match self.by_name.get(name) {
            Some(&r) => self.referents[r].org,
            None => is_org(name),
        }
    }

    /// Notes that referent `r` was named `name` at `pos`.
    fn seen(&mut self, r: usize, name: &str, pos: usize, opens: bool) {
        // One past the position, so that 0 is "not yet".
        self.last_seen[r] = pos + 1;
        self.salience[r] += 1;
        if name.contains(' ') && self.referents[r].name == name {
            self.full_at[r] = Some((self.sentence, opens));
        }
    }

    /// Among the referents a short form may stand for, the one meant at
    /// `pos`: one named in full as the subject of this sentence or the one
    /// before, else the one named most often so far (then the latest),
    /// among those of the honorific's gender when it has one.
    fn pick(&self, cands: &[usize], pos: usize, gender: Option<Gender>) -> Option<usize> {
        let seen: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&r| self.last_seen[r] > 0 && self.last_seen[r] <= pos + 1)
            .collect();
        let fitting: Vec<usize> = seen
            .iter()
            .copied()
            .filter(|&r| gender.is_none_or(|g| self.referents[r].gender().is_none_or(|x| x == g)))
            .collect();
        let pool = if fitting.is_empty() { seen } else { fitting };
        let now = self.sentence;
        pool.iter()
            .copied()
            .filter(|&r| {
                self.full_at[r].is_some_and(|(si, opens)| opens && si <= now && si + 1 >= now)
            })
            .max_by_key(|&r| self.last_seen[r])
            .or_else(|| {
                pool.iter()
                    .copied()
                    .max_by_key(|&r| (self.salience[r], self.last_seen[r]))
            })
    }

    fn add(&mut self, name: &'a str) -> usize {
        let r = self.referents.len();
        self.by_name.insert(name, r);
        self.push_referent(name);
        r
    }

    /// A new referent named `name`, not yet in `by_name`.
    fn push_referent(&mut self, name: &'a str) {
        self.referents.push(Referent {
            name,
            common: Cell::new(self.built.then_some(false)),
            org: is_org(name),
            ..Referent::default()
        });
        self.last_seen.push(0);
        self.salience.push(0);
        self.full_at.push(None);
    }

    /// The referent of a full name (of several words), added with its
    /// shorter forms when it is new: one look-up by name.
    fn full_name(&mut self, name: &'a str) -> usize {
        let r = self.referents.len();
        match self.by_name.entry(name) {
            Slot::Occupied(o) => return *o.get(),
            Slot::Vacant(v) => v.insert(r),
        };
        self.push_referent(name);
        each_short_form(name, |f| {
            let v = self.fuller.entry(f).or_default();
            if !v.contains(&r) {
                v.push(r);
            }
        });
        r
    }

    /// `referent_at` of a one-word name, and whether that referent is the
    /// one it always stands for from now on (it is unless `pick` chose
    /// among several fuller names).
    fn resolve_one_word(
        &mut self,
        name: &'a str,
        pos: usize,
        gender: Option<Gender>,
    ) -> (usize, bool) {
        if let Some(cands) = self.fuller.get(name) {
            match cands.as_slice() {
                [one] => return (*one, true),
                many => {
                    if let Some(r) = self.pick(many, pos, gender) {
                        return (r, false);
                    }
                    let r = self.by_name.get(name).copied();
                    return (r.unwrap_or_else(|| self.add(name)), false);
                }
            }
        }
        let r = match self.by_name.entry(name) {
            Slot::Occupied(o) => return (*o.get(), true),
            Slot::Vacant(v) => *v.insert(self.referents.len()),
        };
        self.push_referent(name);
        (r, true)
    }

    /// A remembered referent of `name` at `pos`; under test, held to
    /// looking it up again (`referent_at`).
    #[inline]
    fn checked(&mut self, r: usize, name: &'a str, pos: usize, gender: Option<Gender>) -> usize {
        #[cfg(test)]
        assert_eq!(r, self.referent_at(name, pos, gender), "{name} at {pos}");
        #[cfg(not(test))]
        let _ = (name, pos, gender);
        r
    }

    /// The referent a name written at `pos` stands for.
    fn referent_at(&mut self, name: &'a str, pos: usize, gender: Option<Gender>) -> usize {
        if let Some(&r) = self.by_name.get(name)
            && name.contains(' ')
        {
            return r;
        }
        if let Some(cands) = self.fuller.get(name) {
            let pick = match cands.as_slice() {
                [one] => Some(*one),
                many => self.pick(many, pos, gender),
            };
            if let Some(r) = pick {
                return r;
            }
        }
        match self.by_name.get(name) {
            Some(&r) => r,
            None => self.add(name),
        }
    }

    /// Notes the names a sentence mentions outside its quotations.
    pub fn enter(&mut self, si: usize, s: &Sentence<'a>, quotes: &[&Quotation]) {
        let from = self.history.len();
        self.sentence = si;
        // "He lambasted the deal negotiated by President Obama": the person
        // "He" is stays the subject, so a later "he" is them, not Obama.
        let opener = self
            .openers
            .get(si)
            .copied()
            .flatten()
            .and_then(|(pos, g)| {
                let r = self.pronoun_referent(g, pos)?;
                Some((pos, r))
            });
        if let Some((pos, referent)) = opener {
            self.history.push(Entry {
                pos,
                referent,
                sentence: si,
                subject: true,
                speaker: false,
            });
        }
        let mut opens = true;
        let first = self.first_mention[si];
        for (k, m) in s.mentions.iter().enumerate() {
            if quotes
                .iter()
                .any(|q| q.outer.start <= m.range.start && m.range.start < q.outer.end)
            {
                continue;
            }
            let gender = honorific_gender(m.role.as_deref());
            let r = match self.resolved[first + k] {
                Some(r) => self.checked(r, &m.name, m.range.start, gender),
                None => self.referent_at(&m.name, m.range.start, gender),
            };
            self.seen(r, &m.name, m.range.start, opens);
            opens = false;
            self.history.push(Entry {
                pos: m.range.start,
                referent: r,
                sentence: si,
                subject: false,
                speaker: false,
            });
        }
        // The subject: the first known person of the sentence, else the
        // first name that may be one.
        let entries = &mut self.history[from..];
        let referents = &self.referents;
        let subject = entries
            .iter()
            .position(|e| referents[e.referent].is_person(self.text))
            .or_else(|| {
                entries
                    .iter()
                    .position(|e| referents[e.referent].may_be_person())
            });
        if let Some(k) = subject.filter(|_| !entries.iter().any(|e| e.subject)) {
            entries[k].subject = true;
        }
    }

    /// Notes that `name` spoke at `pos`: the likeliest "he" or "she" next.
    pub fn spoke(&mut self, name: &str, pos: usize) {
        let Some(&r) = self.by_name.get(name) else {
            return;
        };
        let sentence = self.history.last().map_or(0, |e| e.sentence);
        self.referents[r].spoken += 1;
        self.history.push(Entry {
            pos,
            referent: r,
            sentence,
            subject: true,
            speaker: true,
        });
    }

    /// The fullest form of a name written at `pos`, or None for a place.
    pub fn name_at(&self, name: &str, pos: usize, role: Option<&str>) -> Option<String> {
        let r = self.resolve_name(name, pos, honorific_gender(role))?;
        let referent = &self.referents[r];
        (!referent.is_place()).then(|| referent.name.to_string())
    }

    fn resolve_name(&self, name: &str, pos: usize, gender: Option<Gender>) -> Option<usize> {
        if name.contains(' ')
            && let Some(&r) = self.by_name.get(name)
        {
            return Some(r);
        }
        if let Some(cands) = self.fuller.get(name) {
            match cands.as_slice() {
                [one] => return Some(*one),
                many => {
                    if let Some(r) = self.pick(many, pos, gender) {
                        return Some(r);
                    }
                }
            }
        }
        self.by_name.get(name).copied()
    }

    /// The entries before `pos`, most recent first, within the look-back.
    fn before(&self, pos: usize) -> impl Iterator<Item = &Entry> {
        let now = self.history.last().map_or(0, |e| e.sentence);
        self.history
            .iter()
            .rev()
            .take_while(move |e| e.sentence + LOOK_BACK >= now)
            .filter(move |e| e.pos < pos)
    }

    /// The person a "he" or "she" at `pos` refers to: in the latest
    /// sentence that names a known person of that gender (or of no known
    /// gender), its speaker, else its subject, else its first such person.
    /// A one-word name nothing makes a person (a place, a word opening a
    /// sentence: "Nobody asked", "Salem, N.H.") is never "he" or "she";
    /// a full name nothing makes a person is, when no known person fits.
    pub fn pronoun(&self, gender: Gender, pos: usize) -> Option<String> {
        let r = self.pronoun_referent(gender, pos)?;
        Some(self.referents[r].name.to_string())
    }

    fn pronoun_referent(&self, gender: Gender, pos: usize) -> Option<usize> {
        let fits = |e: &&Entry| {
            self.referents[e.referent]
                .gender()
                .is_none_or(|g| g == gender)
        };
        let known = |e: &&Entry| fits(e) && self.referents[e.referent].is_person(self.text);
        let full = |e: &&Entry| {
            let r = &self.referents[e.referent];
            fits(e) && r.may_be_person() && r.name.contains(' ')
        };
        let tier: &dyn Fn(&&Entry) -> bool = if self.before(pos).any(|e| known(&e)) {
            &known
        } else {
            &full
        };
        let latest = self.before(pos).find(|e| tier(e))?.sentence;
        let in_sentence: Vec<&Entry> = self
            .before(pos)
            .filter(|e| e.sentence == latest)
            .filter(|e| tier(e))
            .collect();
        let pick = in_sentence
            .iter()
            .find(|e| e.speaker)
            .or_else(|| in_sentence.iter().find(|e| e.subject))
            .or_else(|| in_sentence.iter().min_by_key(|e| e.pos))?;
        Some(pick.referent)
    }

    /// The person a definite description ("the senator", "the former
    /// secretary of state") at `pos` refers to: the last one the document
    /// gave that role.
    pub fn described(&self, head: &str, pos: usize) -> Option<String> {
        self.before(pos)
            .map(|e| &self.referents[e.referent])
            .find(|r| r.may_be_person() && r.roles.iter().any(|x| x == head))
            .map(|r| r.name.to_string())
    }

    /// The organisation a description ("the committee") at `pos` refers to:
    /// the last one whose name has its head.
    pub fn organisation(&self, head: &str, pos: usize) -> Option<String> {
        self.before(pos)
            .map(|e| &self.referents[e.referent])
            .find(|r| r.org && r.name.split(' ').any(|w| w.eq_ignore_ascii_case(head)))
            .map(|r| r.name.to_string())
    }
}

/// Whether `word` is one of the words of `text` (as `words` splits it) and
/// starts with a lowercase letter. Only the stretches between whitespace
/// where it occurs are split: no word holds whitespace, so a word splits the
/// same inside such a stretch as in the whole text.
fn written_in_lowercase(text: &str, word: &str) -> bool {
    if !word.starts_with(char::is_lowercase) {
        return false;
    }
    memchr::memmem::find_iter(text.as_bytes(), word.as_bytes()).any(|at| {
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(p, c)| p + c.len_utf8());
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |p| at + p);
        words(text, start..end).iter().any(|w| w.text == word)
    })
}

/// The lowercase word right before a name when it may be a role noun
/// ("pollster" in "pollster Douglas Schoen"): letters and hyphens only, no
/// function word or cue ("said", "with", "and").
fn role_word_before(before: &str) -> Option<&str> {
    const NOT_ROLES: &[&str] = &[
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "for",
        "with",
        "by",
        "to",
        "in",
        "on",
        "at",
        "from",
        "as",
        "than",
        "that",
        "when",
        "while",
        "about",
        "after",
        "before",
        "against",
        "between",
        "like",
        "unlike",
        "including",
        "into",
        "over",
        "under",
        "via",
        "whom",
        "who",
        "told",
        "asked",
        "called",
        "named",
        "met",
        "praised",
        "attacked",
        "thanked",
        "joined",
        "endorsed",
        "beat",
        "defeated",
        "hired",
        "fired",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "not",
        "also",
        "then",
        "now",
        "only",
        "even",
        "just",
    ];
    static NOT_ROLE: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| NOT_ROLES.iter().copied().collect());
    let w = lowercase_word_ending(before)?;
    (w.len() >= 3 && !NOT_ROLE.contains(w) && super::cues::cue(w).is_none()).then_some(w)
}

/// `last_piece(s, char::is_whitespace)` when it is all lowercase ASCII
/// letters and hyphens (empty included), else None: read back from the end
/// only while the bytes can be such a piece's.
fn lowercase_word_ending(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let mut start = b.len();
    while start > 0 {
        let c = b[start - 1];
        if c.is_ascii_lowercase() || c == b'-' {
            start -= 1;
        } else if c.is_ascii() {
            // ASCII whitespace ends the piece; any other byte is in it.
            return char::from(c).is_whitespace().then(|| &s[start..]);
        } else {
            // A character of several bytes ends here: whitespace ends the
            // piece, any other character is in it.
            let ch = s[..start].chars().next_back()?;
            return ch.is_whitespace().then(|| &s[start..]);
        }
    }
    Some(s)
}

/// Counts the male and female pronouns among `words` (in order) that start
/// at `from` or after and are not `inside` a quotation: the plain reading,
/// `words.iter().filter(|w| w.range.start >= from && !inside(w.range.start))`,
/// starts at the partition point and asks `inside` of the pronouns only.
fn pronouns_from(
    words: &[Word],
    from: usize,
    inside: impl Fn(usize) -> bool,
    male: &mut u32,
    female: &mut u32,
) {
    let after = words.partition_point(|w| w.range.start < from);
    for w in &words[after..] {
        let counter = match w.text {
            "he" | "He" | "him" | "his" | "His" | "himself" => &mut *male,
            "she" | "She" | "her" | "Her" | "herself" => &mut *female,
            _ => continue,
        };
        if !inside(w.range.start) {
            *counter += 1;
        }
    }
}

/// The gender an honorific gives a name ("Mr.", "Mrs.", "Ms.").
fn honorific_gender(role: Option<&str>) -> Option<Gender> {
    super::with_lowercase(role?, |l| match l.trim_end_matches('.') {
        "mr" => Some(Gender::Male),
        "mrs" | "ms" | "miss" => Some(Gender::Female),
        _ => None,
    })
}

/// Adds the lowercased words of a role phrase, and what its titles stand for.
fn add_roles(roles: &mut Vec<String>, phrase: &str) {
    for w in phrase.split([' ', '-']) {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if w.len() < 2 {
            continue;
        }
        for (title, nouns) in TITLE_ROLES {
            if *title == w {
                for n in *nouns {
                    if !roles.iter().any(|r| r == n) {
                        roles.push((*n).to_string());
                    }
                }
            }
        }
        if !roles.contains(&w) {
            roles.push(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `lowercase_word_ending` reads as `role_word_before` read the piece:
    /// the piece after the last whitespace, when all lowercase ASCII letters
    /// and hyphens; on every prefix of hand-made texts, the seeds and Reuters.
    #[test]
    fn lowercase_word_ending_reads_as_the_last_piece() {
        let texts = crate::engine::text::sample_texts(
            &[
                "the pollster\u{a0}said co-founder\u{2003}é-pollster Pollster x\tab \
                 - -- a–b ok\u{3000}fine née",
                "",
                " ",
            ],
            100,
        );
        for text in &texts {
            for (end, _) in text.char_indices().chain([(text.len(), ' ')]).take(3_000) {
                let s = &text[..end];
                let piece = s.rsplit(char::is_whitespace).next().unwrap_or("");
                let plain = piece
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c == b'-')
                    .then_some(piece);
                assert_eq!(lowercase_word_ending(s), plain, "{s:?}");
            }
        }
    }

    /// `pronouns_from` counts as the plain filter does (every word from
    /// `from` on that is not inside a quotation): every word boundary and
    /// mid-word position of hand-made texts, the seeds and Reuters as
    /// `from`, with quotations made up of every third position.
    #[test]
    fn pronouns_from_counts_as_the_plain_filter() {
        let texts = crate::engine::text::sample_texts(
            &["He said his aim was hers; She told him, he himself agreed. Her He her."],
            100,
        );
        let inside = |pos: usize| pos.is_multiple_of(3);
        let mut counted = 0;
        for text in &texts {
            let ws = words(text, 0..text.len());
            let ws = &ws[..ws.len().min(400)];
            for from in ws
                .iter()
                .flat_map(|w| [w.range.start, w.range.start + 1, w.range.end])
            {
                let (mut male, mut female) = (0, 0);
                for w in ws
                    .iter()
                    .filter(|w| w.range.start >= from && !inside(w.range.start))
                {
                    match w.text {
                        "he" | "He" | "him" | "his" | "His" | "himself" => male += 1,
                        "she" | "She" | "her" | "Her" | "herself" => female += 1,
                        _ => {}
                    }
                }
                let (mut m, mut f) = (0, 0);
                pronouns_from(ws, from, inside, &mut m, &mut f);
                let head: String = text.chars().take(80).collect();
                assert_eq!((m, f), (male, female), "{from} in {head:?}");
                counted += male + female;
            }
        }
        assert!(counted > 1000, "{counted}");
    }

    /// Every referent `new` remembers for a mention is the one looking it
    /// up gives (`checked` asserts it, in `new` and in `enter`): the seeds,
    /// PolNeAR's dev stories and Reuters read through the whole analysis.
    #[test]
    fn remembered_referents_read_as_looking_them_up() {
        use crate::engine::document::Document;
        use crate::engine::text::Format;
        let mut texts = crate::engine::text::sample_texts(&[], 1000);
        let dev = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/datasets/polnear/dev/text");
        match std::fs::read_dir(&dev) {
            Ok(entries) => texts.extend(
                entries
                    .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                    .take(200),
            ),
            Err(_) => eprintln!("skipped: no {}", dev.display()),
        }
        let mut names = 0;
        for text in texts {
            let doc = Document::analyze(text, Format::Plain);
            names += super::super::analyze(&doc).names.len();
        }
        assert!(names > 1000, "{names}");
    }

    /// `written_in_lowercase` answers as the set of all the text's words
    /// that start in lowercase did, for every word of hand-made texts and
    /// the seeds, lowercased or not, and for pieces of words.
    #[test]
    fn a_word_written_in_lowercase_is_found_as_the_whole_split_finds_it() {
        let texts = crate::engine::text::sample_texts(
            &[
                "First, the first one. FIRST\nfirst's U.S.first e.g.us us. O'brien o'brien rock'n'roll",
                "Zürich zürich\u{a0}zürich—moments ‘moments’ said-moments Σας σας 3m 3M",
            ],
            0,
        );
        for text in &texts {
            let all = words(text, 0..text.len());
            let lowercase: std::collections::HashSet<&str> = all
                .iter()
                .filter(|w| w.text.starts_with(|c: char| c.is_lowercase()))
                .map(|w| w.text)
                .collect();
            let mut asks: Vec<String> = Vec::new();
            for w in &all {
                asks.push(w.text.to_string());
                asks.push(w.text.to_lowercase());
                let mut cs = w.text.char_indices().skip(1);
                if let Some((k, _)) = cs.next() {
                    asks.push(w.text[k..].to_string());
                    asks.push(w.text[..k].to_lowercase());
                }
            }
            for ask in asks {
                assert_eq!(
                    written_in_lowercase(text, &ask),
                    lowercase.contains(ask.as_str()),
                    "{ask:?}"
                );
            }
        }
    }

    #[test]
    fn short_forms_of_a_name() {
        assert_eq!(short_forms("Laura Van Dyke"), vec!["Van Dyke"]);
        assert_eq!(
            short_forms("Mary T. Collins"),
            vec!["T. Collins", "Collins", "Mary Collins"]
        );
        assert_eq!(short_forms("Charles de Gaulle"), vec!["de Gaulle"]);
        assert_eq!(short_forms("Al Gore"), vec!["Gore"]);
    }

    /// The short forms, word suffixes borrowed from the name, are the ones
    /// made by joining the name's words again, for every name of the seeds
    /// and names with odd spacing.
    #[test]
    fn short_forms_borrowed_read_as_joined() {
        fn joined(name: &str) -> Vec<String> {
            let w: Vec<&str> = name.split(' ').collect();
            let mut out = Vec::new();
            for k in 1..w.len() {
                let particle_before =
                    w[k - 1].chars().all(char::is_lowercase) || is_particle(w[k - 1]) && k >= 2;
                if !particle_before {
                    out.push(w[k..].join(" "));
                }
            }
            let no_initials: Vec<&str> = w
                .iter()
                .copied()
                .filter(|x| !(x.len() == 2 && x.ends_with('.')) && x.len() > 1)
                .collect();
            if no_initials.len() >= 2 && no_initials.len() < w.len() {
                out.push(no_initials.join(" "));
            }
            out
        }
        let mut names: Vec<String> = [
            "Mary  T. Collins",
            " Leading Space",
            "Trailing Space ",
            "Jean-Luc de la Tour Van Der Berg Jr. II",
            "A B C D E F G H I J K",
            "Zoë Ó Súilleabháin",
            "",
            "One",
        ]
        .map(String::from)
        .to_vec();
        for text in crate::engine::text::seed_texts() {
            names.extend(
                super::super::names::mentions(&text, 0..text.len())
                    .into_iter()
                    .map(|m| m.name),
            );
        }
        assert!(names.len() > 50);
        for name in &names {
            assert_eq!(short_forms(name), joined(name), "{name:?}");
        }
    }

    /// The speakers vouch reads for the quotations of a plain text.
    fn quoted_speakers(text: &str) -> Vec<(String, Option<String>)> {
        use crate::engine::document::Document;
        use crate::engine::text::Format;
        let doc = Document::analyze(text.into(), Format::Plain);
        super::super::analyze(&doc)
            .said
            .iter()
            .filter(|s| s.quoted)
            .map(|s| {
                (
                    text[s.range.clone()].to_string(),
                    s.speaker.as_ref().map(|p| p.name.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn a_pronoun_is_never_a_common_word_that_opens_a_sentence() {
        // "Sometimes" opens a sentence as a one-word name would; the
        // document also writes "sometimes", so it is no person, and "he"
        // is the secretary named before it (main eb76217 said "Sometimes").
        let text = "Title\n\nInterior Secretary Dana Wills met the press on Monday.\n\nLater, the secretary took questions. Sometimes the answers were long, and sometimes short. “We will not leave,” he said.\n";
        assert_eq!(
            quoted_speakers(text),
            vec![(
                "We will not leave".to_string(),
                Some("Dana Wills".to_string())
            )]
        );
    }

    #[test]
    fn a_pronoun_is_never_a_word_news_writes_in_lowercase() {
        // "Sometimes" is written only capitalized here, but news writes it
        // in lowercase (lowercase.tsv): still no person (49f6bfe said
        // "Sometimes").
        let text = "Title\n\nInterior Secretary Dana Wills met the press on Monday.\n\nLater, the secretary took questions. Sometimes the answers were long. “We will not leave,” he said.\n";
        assert_eq!(
            quoted_speakers(text),
            vec![(
                "We will not leave".to_string(),
                Some("Dana Wills".to_string())
            )]
        );
    }

    #[test]
    fn a_pronoun_that_opens_a_sentence_keeps_its_person_the_subject() {
        // "he" opens the second sentence before any name: the senator stays
        // its subject, so the later "he" is him, not the man the sentence
        // also names (main b52fa09 said "Ortega").
        let text = "Title\n\nSen. Tom Reyes spoke in Ohio on Monday. At times, he attacked Mr. Ortega by name.\n\n“It is a good start,” he said.\n";
        assert_eq!(
            quoted_speakers(text),
            vec![(
                "It is a good start".to_string(),
                Some("Tom Reyes".to_string())
            )]
        );
    }

    #[test]
    fn a_lowercase_noun_before_a_name_is_their_role() {
        // "pollster" stands between another name and the pollster's: the
        // description "the pollster" is Dana Wolfe.
        let text = "Title\n\nFormer Bill Clinton pollster Dana Wolfe spoke on Fox News. Wolfe told the host a loss is likely.\n\nThe pollster said, “She is behind in a number of polls.”\n";
        assert_eq!(
            quoted_speakers(text),
            vec![(
                "She is behind in a number of polls".to_string(),
                Some("Dana Wolfe".to_string())
            )]
        );
    }

    #[test]
    fn first_names_give_a_gender() {
        // The fit's shape: a few dozen names, the common ones right.
        assert!(FIRST_NAMES.len() >= 40, "{}", FIRST_NAMES.len());
        assert_eq!(first_name_gender("Hillary Clinton"), Some(Gender::Female));
        assert_eq!(first_name_gender("Donald Trump"), Some(Gender::Male));
        assert_eq!(first_name_gender("Hillary"), None);
        assert_eq!(first_name_gender("Zorblax Quux"), None);
    }
}
