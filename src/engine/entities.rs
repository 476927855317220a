//! The corpus's people, organisations and places: one entity per person
//! however the sources spell them (Zelensky, Zelenskyy; Dmitri, Dmitry),
//! with aliases and roles. Spellings merge by edit distance and shared
//! context (the same first name, or one surname form used alone), never by
//! a surname alone when two people share it.

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use crate::engine::findings::EntityKind;
use crate::engine::quotes::{NamedEntity, surname};

/// A person, organisation or place of the corpus, as the registry gives it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    /// The fullest, most used name: how claims refer to it.
    pub key: String,
    pub kind: EntityKind,
    pub role: Option<String>,
    /// Every form the sources use, the key included, most used first.
    pub aliases: Vec<String>,
    pub mentions: u32,
}

/// An entity while the registry is built: with the sources that name it.
#[derive(Debug, Clone)]
struct Group {
    entity: Entity,
    sources: Vec<u32>,
}

/// An entity being merged, with the counts of its roles and its forms.
type Merged = (Group, FxHashMap<String, u32>, FxHashMap<String, u32>);

/// The bytes a registry is read from: its own, just built, or the index's
/// entities file mapped.
pub type Store = Box<dyn std::ops::Deref<Target = [u8]> + Send + Sync>;

/// The people, organisations and places of the corpus, read where they are
/// stored: opening a registry reads a few numbers, and a lookup decodes
/// only the entities it finds (at 150,000 stories the registry is 9 MB,
/// and decoding it whole was a large part of every check).
///
/// Layout, every number a u32 (little-endian): the counts of entities,
/// aliases and surname spellings and a zero; the offsets of the entities'
/// records, of their sources' lists, of the alias records and of the
/// surname records (one more than their count each, from the start of the
/// records); the entities in the order of their keys; then the records, in
/// postcard. An entity: `Entity`; its sources: `Vec<u32>`; an alias
/// (lowercased): `(&str, Vec<u32>)`, sorted by the alias; a surname spelling
/// of a person: `(u32 initial, u32 entity, &str)`, sorted so.
pub struct Registry {
    store: Store,
    /// Where the registry is in `store`.
    at: std::ops::Range<usize>,
    entities: usize,
    aliases: usize,
    surnames: usize,
}

impl Default for Registry {
    fn default() -> Self {
        Registry::encode(&[], &[], &[], &[]).expect("an empty registry")
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("entities", &self.entities)
            .field("aliases", &self.aliases)
            .field("surnames", &self.surnames)
            .finish()
    }
}

/// The tables of a registry, in their order.
#[derive(Clone, Copy)]
enum Table {
    Entities,
    Sources,
    Aliases,
    Surnames,
    ByKey,
}

fn initial(word: &str) -> Option<char> {
    word.chars().next().and_then(|c| c.to_lowercase().next())
}

/// Letters that differ between two words (Levenshtein, by character,
/// ignoring case).
pub fn edit_distance(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() {
        return levenshtein(a.as_bytes(), b.as_bytes(), |x, y| x.eq_ignore_ascii_case(y));
    }
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    levenshtein(&a, &b, |x, y| x == y)
}

/// Whether two words are at most `k` edits apart; stops as soon as every
/// path is longer (most pairs differ from the first letters).
fn within_distance(a: &str, b: &str, k: usize) -> bool {
    if !(a.is_ascii() && b.is_ascii()) {
        return edit_distance(a, b) <= k;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // The two rows on the stack for words of usual length: the registry's
    // merge asks this of many pairs.
    const ON_STACK: usize = 64;
    let mut stack = [0usize; 2 * ON_STACK];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if b.len() < ON_STACK {
        &mut stack
    } else {
        heap.resize(2 * (b.len() + 1), 0);
        &mut heap
    };
    let (prev, cur) = rows.split_at_mut(rows.len() / 2);
    let (mut prev, mut cur) = (&mut prev[..=b.len()], &mut cur[..=b.len()]);
    for (j, x) in prev.iter_mut().enumerate() {
        *x = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(!a[i - 1].eq_ignore_ascii_case(&b[j - 1]));
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            row_min = row_min.min(cur[j]);
        }
        if row_min > k {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= k
}

fn levenshtein<T>(a: &[T], b: &[T], same: impl Fn(&T, &T) -> bool) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(!same(&a[i - 1], &b[j - 1]));
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A name's consonants after its first letter, repeats collapsed:
/// "Zelenskyy" → "zlnsk". Spelling variants of a name mostly share it.
fn skeleton(word: &str) -> String {
    let mut out = String::new();
    for (i, c) in word.chars().flat_map(char::to_lowercase).enumerate() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'j' | 'w' | 'h');
        if (i == 0 || !vowel) && c.is_alphabetic() && !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Two spellings of one name: a letter or two apart, relative to length,
/// starting with the same two letters.
pub fn spelling_variant(a: &str, b: &str) -> bool {
    Spelling::new(a).variant_of(&Spelling::new(b))
}

/// A word made ready for `spelling_variant` with many others: its length
/// in characters and its first two letters lowercased, worked out once.
struct Spelling<'a> {
    text: &'a str,
    chars: usize,
    head: (Option<char>, Option<char>),
}

impl<'a> Spelling<'a> {
    fn new(text: &'a str) -> Self {
        let mut lower = text.chars().flat_map(char::to_lowercase);
        Spelling {
            text,
            chars: text.chars().count(),
            head: (lower.next(), lower.next()),
        }
    }

    /// `spelling_variant(self.text, other.text)`.
    fn variant_of(&self, other: &Spelling) -> bool {
        let (la, lb) = (self.chars, other.chars);
        let shortest = la.min(lb);
        if shortest < 4 || self.head != other.head {
            return false;
        }
        let allowed = if shortest >= 7 { 2 } else { 1 };
        if la.abs_diff(lb) > allowed {
            return false;
        }
        !self.text.eq_ignore_ascii_case(other.text)
            && within_distance(self.text, other.text, allowed)
    }
}

fn first_name(name: &str) -> Option<&str> {
    name.split_once(' ').map(|(f, _)| f)
}

/// A first name's sound, for transliterations: consonants after the first
/// letter, `ks` as `x`, `ph` as `f`, repeats collapsed ("Aleksandr" and
/// "Alexander" → "alxndr"; "Mohammed" and "Muhammad" → "mhmd").
fn sound(word: &str) -> String {
    let w = word
        .to_lowercase()
        .replace("ks", "x")
        .replace("ph", "f")
        .replace("kh", "h");
    let mut out = String::new();
    for (i, c) in w.chars().enumerate() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h');
        if (i == 0 || !vowel) && c.is_alphabetic() && !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Two spellings of one first name: a letter or two apart (Dmitri,
/// Dmitry), or one transliteration of the other (Aleksandr, Alexander;
/// Mohammed, Muhammad). Nicknames are not spellings.
pub fn first_name_variant(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return false;
    }
    // Short first names a letter apart are other names (Joan, John).
    a.chars().count() >= 5
        && b.chars().count() >= 5
        && (spelling_variant(a, b) || initial(a) == initial(b) && sound(a) == sound(b))
}

/// Two first names of one person: the same, spelled otherwise, or one the
/// short form of the other ("Ken", "Kenneth").
fn same_first_name(a: &str, b: &str) -> bool {
    FirstName::new(a).same(&FirstName::new(b))
}

/// A first name made ready to be compared with many others (the registry's
/// merge compares every pair of a bucket): its lowercase, initial and sound
/// worked out once, not once a pair.
struct FirstName<'a> {
    spelling: Spelling<'a>,
    lower: String,
    initial: Option<char>,
    /// Only for names long enough to be a transliteration's (5 letters).
    sound: Option<String>,
}

impl<'a> FirstName<'a> {
    fn new(text: &'a str) -> Self {
        let spelling = Spelling::new(text);
        FirstName {
            lower: text.to_lowercase(),
            initial: initial(text),
            sound: (spelling.chars >= 5).then(|| sound(text)),
            spelling,
        }
    }

    /// Whether the two are one person's first names (`same_first_name`).
    fn same(&self, other: &FirstName) -> bool {
        let (la, lb) = (self.lower.as_str(), other.lower.as_str());
        let (a, b) = (&self.spelling, &other.spelling);
        let variant = || {
            !a.text.eq_ignore_ascii_case(b.text)
                && a.chars >= 5
                && b.chars >= 5
                && (a.variant_of(b) || self.initial == other.initial && self.sound == other.sound)
        };
        la == lb
            || la.len() >= 3 && lb.len() >= 3 && (la.starts_with(lb) || lb.starts_with(la))
            || variant()
    }
}

/// A person's name in parts: given names and the surname with its
/// particles, lowercased; initials and suffixes left out ("Mary T.
/// Collins" → (["mary"], "collins"); "Laura Van Dyke" → (["laura"], "van
/// dyke")).
pub fn name_parts(name: &str) -> (Vec<String>, String) {
    const PARTICLES: &[&str] = &[
        "de", "da", "del", "della", "der", "den", "di", "du", "dos", "das", "van", "von", "bin",
        "ibn", "al", "el", "la", "le",
    ];
    let words: Vec<String> = name
        .split([' ', '\u{a0}'])
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’')
        })
        .filter(|w| w.chars().count() > 1 || w.chars().any(char::is_lowercase))
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "jr" | "sr" | "ii" | "iii" | "iv"))
        .collect();
    let Some(last) = words.len().checked_sub(1) else {
        return (Vec::new(), String::new());
    };
    let mut k = last;
    while k > 1 && PARTICLES.contains(&words[k - 1].as_str()) {
        k -= 1;
    }
    (words[..k].to_vec(), words[k..].join(" "))
}

/// Whether two names can be one person's by their parts: the same surname
/// (or a spelling of it), and first names that agree when both give one.
/// "Donald J. Trump" and "Donald Trump", "Ken Starr" and "Kenneth Starr",
/// "Dmitry Peskov" and "Dmitri Peskov" can; "Melania Trump" and "Donald
/// Trump" cannot.
pub fn compatible_names(a: &str, b: &str) -> bool {
    if ends_with_words(a, b) || ends_with_words(b, a) {
        return true;
    }
    let (ga, sa) = name_parts(a);
    let (gb, sb) = name_parts(b);
    if sa.is_empty() || sb.is_empty() {
        return false;
    }
    let same_surname = sa == sb || spelling_variant(&sa, &sb);
    same_surname
        && match (ga.first(), gb.first()) {
            (Some(x), Some(y)) => same_first_name(x, y),
            _ => true,
        }
}

/// Whether the words of `short` end `long` ("Clinton" of "Hillary
/// Clinton", "Wasserman Schultz" of "Debbie Wasserman Schultz").
fn ends_with_words(long: &str, short: &str) -> bool {
    // `long` ends with `short` after a space: words are split at spaces, and
    // ASCII case is the only difference allowed. No word list is collected:
    // the registry's merge asks this of many pairs of spellings.
    let (l, s) = (long.as_bytes(), short.as_bytes());
    l.len() > s.len()
        && l[l.len() - s.len() - 1] == b' '
        && l[l.len() - s.len()..].eq_ignore_ascii_case(s)
}

/// Adds `by` to the count of `key`, copying the key only when it is new.
fn count(counts: &mut FxHashMap<String, u32>, key: &str, by: u32) {
    match counts.get_mut(key) {
        Some(n) => *n += by,
        None => {
            counts.insert(key.to_owned(), by);
        }
    }
}

impl Registry {
    /// The registry of the entities each source names, given by source id.
    /// Each source's entities may be borrowed or decoded one at a time
    /// (the index streams them from their stored form).
    pub fn build<E: AsRef<[NamedEntity]>>(sources: impl IntoIterator<Item = (u32, E)>) -> Registry {
        // One group per exact name.
        let mut groups: Vec<Group> = Vec::new();
        let mut index: FxHashMap<String, usize> = FxHashMap::default();
        let mut roles: Vec<FxHashMap<String, u32>> = Vec::new();
        let mut forms: Vec<FxHashMap<String, u32>> = Vec::new();
        for (source, entities) in sources {
            for e in entities.as_ref() {
                // Looked up before any copy is made: most mentions name
                // someone already met, and this loop is the build's
                // one-thread tail.
                let g = match index.get(e.name.as_str()) {
                    Some(&g) => g,
                    None => {
                        groups.push(Group {
                            entity: Entity {
                                key: e.name.clone(),
                                kind: e.kind,
                                role: None,
                                aliases: Vec::new(),
                                mentions: 0,
                            },
                            sources: Vec::new(),
                        });
                        roles.push(FxHashMap::default());
                        forms.push(FxHashMap::default());
                        index.insert(e.name.clone(), groups.len() - 1);
                        groups.len() - 1
                    }
                };
                let Group {
                    entity: ent,
                    sources: named_by,
                } = &mut groups[g];
                if e.kind == EntityKind::Person || ent.kind == EntityKind::Place {
                    ent.kind = e.kind;
                }
                ent.mentions += e.mentions;
                // A set, sorted and deduplicated at the end: looking through
                // the list at every mention was quadratic in the sources that
                // name an entity (seconds for a name in 30,000 of them).
                if named_by.last() != Some(&source) {
                    named_by.push(source);
                }
                if let Some(r) = &e.role {
                    count(&mut roles[g], r, 1);
                }
                for f in &e.forms {
                    count(&mut forms[g], f, e.mentions.max(1));
                }
                count(&mut forms[g], &e.name, 1);
            }
        }
        // Merge the spellings of one person.
        let mut parent: Vec<usize> = (0..groups.len()).collect();
        fn find(p: &mut [usize], i: usize) -> usize {
            let mut r = i;
            while p[r] != r {
                r = p[r];
            }
            p[i] = r;
            r
        }
        let people: Vec<usize> = (0..groups.len())
            .filter(|&g| groups[g].entity.kind == EntityKind::Person)
            .collect();
        // Transliterations differ in vowels and doubled letters (Zelensky,
        // Zelenskyy, Zelenskiy; Gorbachev, Gorbachov): compare only names
        // with the same consonant skeleton, so that a corpus of thousands
        // of people does not compare every pair.
        struct Person<'a> {
            group: usize,
            first: &'a str,
            last: Spelling<'a>,
            words: usize,
        }
        let mut buckets: FxHashMap<String, Vec<Person>> = FxHashMap::default();
        for &g in &people {
            let name = groups[g].entity.key.as_str();
            let last = surname(name);
            buckets.entry(skeleton(last)).or_default().push(Person {
                group: g,
                first: first_name(name).unwrap_or(""),
                last: Spelling::new(last),
                words: name.split(' ').count(),
            });
        }
        let mut single_candidates: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        // Pairs are compared within a bucket; their order does not change
        // which spellings end up together.
        for bucket in buckets.values_mut() {
            if bucket.len() < 2 {
                continue;
            }
            bucket.sort_by_key(|p| p.last.chars);
            // Each first name lowercased and sounded once, not once a pair.
            let firsts: Vec<FirstName> = bucket.iter().map(|p| FirstName::new(p.first)).collect();
            for x in 0..bucket.len() {
                for y in x + 1..bucket.len() {
                    let (a, b) = (&bucket[x], &bucket[y]);
                    if b.last.chars > a.last.chars + 2 {
                        break;
                    }
                    let same_surname = a.last.text == b.last.text || a.last.variant_of(&b.last);
                    if !same_surname {
                        continue;
                    }
                    let (na, nb) = (
                        groups[a.group].entity.key.as_str(),
                        groups[b.group].entity.key.as_str(),
                    );
                    // A name ends another only when it has fewer words.
                    let a_ends_b = b.words < a.words && ends_with_words(na, nb);
                    let b_ends_a = a.words < b.words && ends_with_words(nb, na);
                    if a.words == 1 || b.words == 1 || a_ends_b || b_ends_a {
                        // A surname used alone, or a shorter form ("Wasserman
                        // Schultz"), may belong to this fuller name.
                        let (short, full) = if a.words < b.words || b_ends_a {
                            (a.group, b.group)
                        } else {
                            (b.group, a.group)
                        };
                        if a.words != b.words {
                            single_candidates.entry(short).or_default().push(full);
                        }
                        continue;
                    }
                    // Both names give a first name: it must agree (the same,
                    // a short form, a spelling or a transliteration), and one
                    // of the two names exactly; middle names and initials do
                    // not count ("Donald J. Trump", "Donald Trump").
                    if (a.last.text == b.last.text || a.first == b.first)
                        && firsts[x].same(&firsts[y])
                    {
                        let (ra, rb) = (find(&mut parent, a.group), find(&mut parent, b.group));
                        parent[rb] = ra;
                    }
                }
            }
        }
        // A surname used alone joins the one full name it can belong to.
        let mut singles: Vec<(usize, Vec<usize>)> = single_candidates.into_iter().collect();
        singles.sort_unstable();
        for (single, fulls) in singles {
            let mut roots: Vec<usize> = fulls.iter().map(|&b| find(&mut parent, b)).collect();
            roots.sort_unstable();
            roots.dedup();
            if let [one] = roots.as_slice() {
                let r = find(&mut parent, single);
                parent[r] = *one;
            }
        }
        // Fold each group into its root: a slot per root, the root's group
        // moved into it (not copied), each other group's counts moved too.
        let mut groups: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
        let mut merged: Vec<Option<Merged>> = (0..groups.len()).map(|_| None).collect();
        for g in 0..groups.len() {
            let r = find(&mut parent, g);
            let entry = merged[r].get_or_insert_with(|| {
                let root = groups[r].take().expect("a root is folded once");
                (root, FxHashMap::default(), FxHashMap::default())
            });
            if g != r {
                let other = groups[g].take().expect("a group is folded once");
                entry.0.entity.mentions += other.entity.mentions;
                entry.0.sources.extend_from_slice(&other.sources);
            }
            for (k, v) in std::mem::take(&mut roles[g]) {
                *entry.1.entry(k).or_default() += v;
            }
            for (k, v) in std::mem::take(&mut forms[g]) {
                *entry.2.entry(k).or_default() += v;
            }
        }
        // Each entity's key, aliases and role apart from the others: on
        // rayon, since this runs after the last mention, alone.
        let mut entities: Vec<Group> = merged
            .into_par_iter()
            .flatten()
            .map(|(mut g, roles, forms)| {
                let e = &mut g.entity;
                let mut forms: Vec<(String, u32)> = forms.into_iter().collect();
                forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                // The key: the most used form that gives more than a
                // surname ("Hillary Clinton" rather than a stray "Rival
                // Hillary Clinton"), else the most used.
                let k = forms
                    .iter()
                    .find(|f| f.0.contains(' '))
                    .or_else(|| forms.first());
                if let Some(k) = k {
                    e.key = k.0.clone();
                }
                e.aliases = forms.into_iter().map(|f| f.0).collect();
                e.role = roles
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|r| r.0);
                g.sources.sort_unstable();
                g.sources.dedup();
                g
            })
            .collect();
        entities.par_sort_by(|a, b| {
            (b.entity.mentions.cmp(&a.entity.mentions))
                .then_with(|| a.entity.key.cmp(&b.entity.key))
        });
        // Each entity's lowercased aliases (and a person's surnames), in
        // parallel; the table is then filled in the order of the entities.
        let keys: Vec<Vec<String>> = entities
            .par_iter()
            .map(|g| {
                let e = &g.entity;
                let mut keys: Vec<String> = e.aliases.iter().map(|a| a.to_lowercase()).collect();
                if e.kind == EntityKind::Person {
                    keys.extend(e.aliases.iter().map(|a| surname(a).to_lowercase()));
                }
                keys.sort_unstable();
                keys.dedup();
                keys
            })
            .collect();
        let mut by_alias: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (i, keys) in keys.into_iter().enumerate() {
            for k in keys {
                by_alias.entry(k).or_default().push(i as u32);
            }
        }
        let mut by_alias: Vec<(String, Vec<u32>)> = by_alias.into_iter().collect();
        by_alias.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        // Each person's surname spellings, by initial, then in the order of
        // the entities, each one's spellings sorted.
        let mut surnames: Vec<(u32, u32, String)> = Vec::new();
        for (i, g) in entities
            .iter()
            .enumerate()
            .filter(|(_, g)| g.entity.kind == EntityKind::Person)
        {
            let mut spellings: Vec<&str> = g.entity.aliases.iter().map(|a| surname(a)).collect();
            spellings.sort_unstable();
            spellings.dedup();
            for sp in spellings {
                if let Some(c) = initial(sp) {
                    surnames.push((u32::from(c), i as u32, sp.to_string()));
                }
            }
        }
        surnames.sort_unstable();
        let (entities, sources): (Vec<Entity>, Vec<Vec<u32>>) =
            entities.into_iter().map(|g| (g.entity, g.sources)).unzip();
        Registry::encode(&entities, &sources, &by_alias, &surnames).expect("a registry encodes")
    }

    /// The registry stored in `store[at]`, when its tables fit there.
    pub fn open(store: Store, at: std::ops::Range<usize>) -> Option<Registry> {
        let (entities, aliases, surnames) = {
            let bytes = store.get(at.clone())?;
            let word = |i: usize| -> Option<usize> {
                let b = bytes.get(4 * i..4 * i + 4)?;
                Some(u32::from_le_bytes(b.try_into().ok()?) as usize)
            };
            (word(0)?, word(1)?, word(2)?)
        };
        let registry = Registry {
            store,
            at,
            entities,
            aliases,
            surnames,
        };
        // Every table and the last of each table's offsets must be there.
        let records = registry.records_start()?;
        let len = registry.at.len();
        (records <= len
            && [
                Table::Entities,
                Table::Sources,
                Table::Aliases,
                Table::Surnames,
            ]
            .into_iter()
            .all(|t| {
                let last = registry.count(t) - 1;
                registry
                    .word(t, last)
                    .is_some_and(|end| end <= len - records)
            }))
        .then_some(registry)
    }

    /// The registry's bytes, as stored.
    pub fn bytes(&self) -> &[u8] {
        &self.store[self.at.clone()]
    }

    /// How many entities the corpus has.
    pub fn len(&self) -> usize {
        self.entities
    }

    pub fn is_empty(&self) -> bool {
        self.entities == 0
    }

    /// Every entity, in the registry's order (most mentioned first).
    pub fn iter(&self) -> impl Iterator<Item = Entity> + '_ {
        (0..self.entities).filter_map(|i| self.entity(i))
    }

    fn encode(
        entities: &[Entity],
        sources: &[Vec<u32>],
        by_alias: &[(String, Vec<u32>)],
        surnames: &[(u32, u32, String)],
    ) -> postcard::Result<Registry> {
        // Every record's size first, then the registry written once into a
        // buffer of its exact length: at 150,000 stories it is tens of
        // megabytes, and the records grown in a vector of their own, then
        // copied after the header, were the largest allocation of the cold
        // build's last second, when tantivy writes its last segments.
        fn size<T: serde::Serialize + ?Sized>(value: &T) -> postcard::Result<usize> {
            postcard::serialize_with_flavor(value, postcard::ser_flavors::Size::default())
        }
        let mut tables: [Vec<u32>; 4] = [
            Vec::with_capacity(entities.len() + 1),
            Vec::with_capacity(sources.len() + 1),
            Vec::with_capacity(by_alias.len() + 1),
            Vec::with_capacity(surnames.len() + 1),
        ];
        let mut end = 0usize;
        let mut add = |t: usize, size: usize| {
            if tables[t].is_empty() {
                tables[t].push(end as u32);
            }
            end += size;
            tables[t].push(end as u32);
        };
        for e in entities {
            add(0, size(e)?);
        }
        for s in sources {
            add(1, size(s)?);
        }
        for (alias, ids) in by_alias {
            add(2, size(&(alias.as_str(), ids))?);
        }
        for s in surnames {
            add(3, size(s)?);
        }
        let mut by_key: Vec<u32> = (0..entities.len() as u32).collect();
        by_key.sort_by(|&a, &b| entities[a as usize].key.cmp(&entities[b as usize].key));
        let header = 4 * (4 + tables.iter().map(|t| t.len().max(1)).sum::<usize>() + by_key.len());
        let mut out: Vec<u8> = Vec::with_capacity(header + end);
        let counts = [entities.len(), by_alias.len(), surnames.len(), 0];
        for n in counts {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        for offsets in &tables {
            // A table with no records is its one offset, where it ends.
            if offsets.is_empty() {
                out.extend_from_slice(&(end as u32).to_le_bytes());
            }
            for o in offsets {
                out.extend_from_slice(&o.to_le_bytes());
            }
        }
        for id in by_key {
            out.extend_from_slice(&id.to_le_bytes());
        }
        drop(tables);
        for e in entities {
            out = postcard::to_extend(e, out)?;
        }
        for s in sources {
            out = postcard::to_extend(s, out)?;
        }
        for (alias, ids) in by_alias {
            out = postcard::to_extend(&(alias.as_str(), ids), out)?;
        }
        for s in surnames {
            out = postcard::to_extend(s, out)?;
        }
        debug_assert_eq!(
            out.len(),
            header + end,
            "the sizes counted are the sizes written"
        );
        let len = out.len();
        Ok(Registry::open(Box::new(out), 0..len).expect("a registry just encoded opens"))
    }

    fn count(&self, t: Table) -> usize {
        match t {
            Table::Entities | Table::Sources => self.entities + 1,
            Table::Aliases => self.aliases + 1,
            Table::Surnames => self.surnames + 1,
            Table::ByKey => self.entities,
        }
    }

    /// Where a table starts, in words.
    fn table_start(&self, t: Table) -> usize {
        let order = [
            Table::Entities,
            Table::Sources,
            Table::Aliases,
            Table::Surnames,
            Table::ByKey,
        ];
        4 + order
            .iter()
            .take_while(|x| std::mem::discriminant(*x) != std::mem::discriminant(&t))
            .map(|x| self.count(*x))
            .sum::<usize>()
    }

    /// Where the records start, in bytes.
    fn records_start(&self) -> Option<usize> {
        let words = self.table_start(Table::ByKey) + self.count(Table::ByKey);
        words.checked_mul(4)
    }

    /// The `i`th number of a table.
    fn word(&self, t: Table, i: usize) -> Option<usize> {
        let at = 4 * (self.table_start(t) + i);
        let b = self.bytes().get(at..at + 4)?;
        Some(u32::from_le_bytes(b.try_into().ok()?) as usize)
    }

    /// The `i`th record of a table of records.
    fn record(&self, t: Table, i: usize) -> Option<&[u8]> {
        let records = self.bytes().get(self.records_start()?..)?;
        records.get(self.word(t, i)?..self.word(t, i + 1)?)
    }

    /// The `i`th entity (none when its record does not decode: damage).
    fn entity(&self, i: usize) -> Option<Entity> {
        postcard::from_bytes(self.record(Table::Entities, i)?).ok()
    }

    /// The entities a lowercased alias names, in the registry's order.
    fn alias(&self, lower: &str) -> Option<Vec<u32>> {
        let (mut lo, mut hi) = (0, self.aliases);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let record = self.record(Table::Aliases, mid)?;
            let (alias, rest) = postcard::take_from_bytes::<&str>(record).ok()?;
            match alias.cmp(lower) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return postcard::from_bytes(rest).ok(),
            }
        }
        None
    }

    /// The sources that name the entity whose key is `key`, sorted.
    pub fn sources_of(&self, key: &str) -> Vec<u32> {
        self.key_index(key)
            .and_then(|i| postcard::from_bytes(self.record(Table::Sources, i)?).ok())
            .unwrap_or_default()
    }

    /// The first entity (in the registry's order) whose key is `key`.
    fn key_index(&self, key: &str) -> Option<usize> {
        let key_at = |n: usize| -> Option<(&str, usize)> {
            let i = self.word(Table::ByKey, n)?;
            let (k, _) =
                postcard::take_from_bytes::<&str>(self.record(Table::Entities, i)?).ok()?;
            Some((k, i))
        };
        // The first place whose key is not below `key`.
        let (mut lo, mut hi) = (0, self.entities);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if key_at(mid)?.0 < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let (k, i) = key_at(lo)?;
        (k == key).then_some(i)
    }

    /// The entity a name refers to, when only one fits.
    pub fn resolve(&self, name: &str) -> Option<Entity> {
        let hits = self.alias(&name.to_lowercase())?;
        match hits.as_slice() {
            [one] => self.entity(*one as usize),
            // A full name beats a surname that others share.
            many => many
                .iter()
                .filter_map(|&i| self.entity(i as usize))
                .find(|e| e.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))),
        }
    }

    pub fn by_key(&self, key: &str) -> Option<Entity> {
        self.entity(self.key_index(key)?)
    }

    /// Whether any entity uses this exact word or name.
    pub fn knows(&self, name: &str) -> bool {
        self.alias(&name.to_lowercase()).is_some()
    }

    /// People whose name has a spelling a letter or two from `word`, and
    /// that spelling: "Zelenskiy" → Volodymyr Zelenskyy (Zelensky, Zelenskyy).
    pub fn variants_of(&self, word: &str) -> Vec<(Entity, Vec<String>)> {
        let mut found: Vec<(u32, Vec<String>)> = Vec::new();
        let Some(c) = initial(word).map(u32::from) else {
            return Vec::new();
        };
        let spelling = |n: usize| -> Option<(u32, u32, &str)> {
            postcard::from_bytes(self.record(Table::Surnames, n)?).ok()
        };
        // The first spelling with this initial, then each one with it.
        let (mut lo, mut hi) = (0, self.surnames);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if spelling(mid).is_some_and(|s| s.0 < c) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (_, i, sp) in (lo..self.surnames)
            .map_while(spelling)
            .take_while(|s| s.0 == c)
        {
            if !spelling_variant(sp, word) {
                continue;
            }
            match found.iter_mut().find(|(x, _)| *x == i) {
                Some((_, v)) => v.push(sp.to_string()),
                None => found.push((i, vec![sp.to_string()])),
            }
        }
        found
            .into_iter()
            .filter_map(|(i, v)| Some((self.entity(i as usize)?, v)))
            .collect()
    }

    /// Whether two speaker names may be one person: the same entity of the
    /// registry, or names that agree (one the end of the other, or the same
    /// surname with first names that agree). Only names that cannot be one
    /// person are two.
    pub fn same_person(&self, a: &str, b: &str) -> bool {
        if a.eq_ignore_ascii_case(b) || ends_with_words(a, b) || ends_with_words(b, a) {
            return true;
        }
        // One word that opens the other name: a first name ("Bernie"), or a
        // family name written first ("Ai" for "Ai Jun").
        let opens = |one: &str, full: &str| {
            !one.contains(' ')
                && full.split(' ').next().is_some_and(|w| w == one)
                && full.contains(' ')
        };
        if opens(a, b) || opens(b, a) {
            return true;
        }
        if let (Some(x), Some(y)) = (self.resolve(a), self.resolve(b))
            && x.key == y.key
        {
            return true;
        }
        compatible_names(a, b)
    }

    /// The person a name the sources never write refers to: one entity of
    /// the registry whose name has its surname and a first name it agrees
    /// with ("Dmitry Peskov" → Dmitri Peskov).
    pub fn resolve_person(&self, name: &str) -> Option<Entity> {
        if let Some(e) = self.resolve(name) {
            return Some(e);
        }
        if !name.contains(' ') {
            return None;
        }
        let hits = self.alias(&surname(name).to_lowercase())?;
        let mut fits = hits
            .iter()
            .filter_map(|&i| self.entity(i as usize))
            .filter(|e| e.kind == EntityKind::Person)
            .filter(|e| {
                e.aliases
                    .iter()
                    .any(|a| a.contains(' ') && compatible_names(a, name))
            });
        let one = fits.next()?;
        fits.next().is_none().then_some(one)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: u32, entities: &[(&str, EntityKind, &[&str])]) -> (u32, Vec<NamedEntity>) {
        (
            id,
            entities
                .iter()
                .map(|(n, k, forms)| NamedEntity {
                    name: n.to_string(),
                    kind: *k,
                    role: None,
                    forms: forms.iter().map(|f| f.to_string()).collect(),
                    mentions: 1,
                })
                .collect(),
        )
    }

    #[test]
    fn an_entitys_sources_are_each_source_once_in_order() {
        use EntityKind::Person;
        // Sources in any order, a name given twice by one source, and two
        // spellings that merge: each source is listed once, sorted.
        let sources = [
            source(5, &[("Dmitri Peskov", Person, &["Dmitri Peskov"])]),
            source(
                2,
                &[
                    ("Dmitri Peskov", Person, &["Dmitri Peskov"]),
                    ("Dmitri Peskov", Person, &["Peskov"]),
                ],
            ),
            source(7, &[("Dmitry Peskov", Person, &["Dmitry Peskov"])]),
            source(2, &[("Dmitry Peskov", Person, &["Dmitry Peskov"])]),
        ];
        let r = Registry::build(sources.iter().map(|(id, e)| (*id, e.as_slice())));
        let e = r.resolve("Dmitri Peskov").expect("known");
        assert_eq!(r.sources_of(&e.key), vec![2, 5, 7]);
        assert_eq!(e.mentions, 5);
    }

    #[test]
    fn forms_and_roles_are_counted_over_every_mention() {
        // One name in three sources: each form counts its mentions (and the
        // name itself once a source), each role once a source, added up
        // whether the form is new to the map or already in it.
        let named = |forms: &[&str], mentions: u32, role: &str| NamedEntity {
            name: "Dmitri Peskov".to_string(),
            kind: EntityKind::Person,
            role: Some(role.to_string()),
            forms: forms.iter().map(|f| f.to_string()).collect(),
            mentions,
        };
        let sources = [
            (1, vec![named(&["Dmitri Peskov"], 1, "aide")]),
            (2, vec![named(&["Peskov"], 4, "spokesman")]),
            (3, vec![named(&["Peskov"], 1, "spokesman")]),
        ];
        let r = Registry::build(sources.iter().map(|(id, e)| (*id, e.as_slice())));
        let e = r.resolve("Peskov").expect("known");
        // "Peskov" 4 + 1 = 5, "Dmitri Peskov" 1 + 3 = 4: the surname is the
        // most used form, the full name the key.
        assert_eq!(e.aliases, vec!["Peskov", "Dmitri Peskov"]);
        assert_eq!(e.key, "Dmitri Peskov");
        assert_eq!(e.role.as_deref(), Some("spokesman"));
        assert_eq!(e.mentions, 6);
    }

    #[test]
    fn spellings_of_one_person_merge_and_namesakes_do_not() {
        use EntityKind::Person;
        let sources = [
            source(
                0,
                &[
                    ("Volodymyr Zelenskyy", Person, &["Volodymyr Zelenskyy"]),
                    ("Joe Biden", Person, &["Joe Biden"]),
                ],
            ),
            source(
                1,
                &[
                    ("Zelensky", Person, &["Zelensky"]),
                    ("Dmitri Peskov", Person, &["Dmitri Peskov", "Peskov"]),
                ],
            ),
            source(
                2,
                &[
                    ("Dmitry Peskov", Person, &["Dmitry Peskov"]),
                    ("Hunter Biden", Person, &["Hunter Biden"]),
                ],
            ),
            source(
                3,
                &[
                    ("Biden", Person, &["Biden"]),
                    ("Vladimir Pesko", Person, &["Vladimir Pesko"]),
                ],
            ),
        ];
        let r = Registry::build(sources.iter().map(|(id, e)| (*id, e.as_slice())));
        let key = |n: &str| r.resolve(n).map(|e| e.key.clone());
        assert_eq!(key("Zelensky"), key("Volodymyr Zelenskyy"));
        assert_eq!(key("Dmitry Peskov"), key("Dmitri Peskov"));
        assert_eq!(key("Peskov"), key("Dmitri Peskov"));
        assert_ne!(key("Joe Biden"), key("Hunter Biden"));
        // "Biden" alone could be either: it joins neither.
        assert_ne!(key("Biden"), key("Joe Biden"));
        assert_ne!(key("Biden"), key("Hunter Biden"));
        // Another first name with a close surname is another person.
        assert_ne!(key("Vladimir Pesko"), key("Dmitri Peskov"));
        assert!(r.same_person("Peskov", "Dmitry Peskov"));
        assert!(!r.same_person("Peskov", "Joe Biden"));
        // A family name written first, or a first name alone.
        assert!(r.same_person("Ai", "Ai Jun"));
        assert!(r.same_person("Dmitri Peskov", "Dmitri"));
        assert!(!r.same_person("Jun", "Ai Jun Li"));
        assert!(!r.same_person("Joe", "Hunter Biden"));
        let v = r.variants_of("Zelenskiy");
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].1, vec!["Zelensky", "Zelenskyy"]);
    }

    #[test]
    fn a_stored_registry_reads_back_as_built_and_damage_reads_as_unknown() {
        use EntityKind::{Organization, Person, Place};
        let sources = [
            source(
                0,
                &[
                    (
                        "Volodymyr Zelenskyy",
                        Person,
                        &["Volodymyr Zelenskyy", "Zelenskyy"],
                    ),
                    ("Kyiv", Place, &["Kyiv"]),
                ],
            ),
            source(
                1,
                &[
                    ("Zelensky", Person, &["Zelensky"]),
                    ("Acme Corp", Organization, &["Acme Corp", "Acme"]),
                ],
            ),
            source(
                4,
                &[("Dmitri Peskov", Person, &["Dmitri Peskov", "Peskov"])],
            ),
        ];
        let r = Registry::build(sources.iter().map(|(id, e)| (*id, e.as_slice())));
        let bytes = r.bytes().to_vec();
        // Stored amid other bytes, as in the entities file.
        let mut file = b"head".to_vec();
        file.extend_from_slice(&bytes);
        file.extend_from_slice(b"tail");
        let back = Registry::open(Box::new(file), 4..4 + bytes.len()).expect("opens");
        assert_eq!(back.len(), r.len());
        assert_eq!(
            back.iter().collect::<Vec<_>>(),
            r.iter().collect::<Vec<_>>()
        );
        let entities: Vec<Entity> = r.iter().collect();
        assert_eq!(entities.len(), 4, "{entities:?}");
        for e in &entities {
            assert_eq!(back.by_key(&e.key).as_ref(), Some(e));
            for a in &e.aliases {
                assert_eq!(back.resolve(a).map(|x| x.key), Some(e.key.clone()), "{a}");
                assert!(back.knows(&a.to_uppercase()), "{a}");
            }
        }
        assert_eq!(back.sources_of("Volodymyr Zelenskyy"), vec![0, 1]);
        assert_eq!(back.sources_of("Kyiv"), vec![0]);
        assert!(back.sources_of("Nobody").is_empty());
        assert!(back.by_key("Nobody").is_none() && back.resolve("Nobody").is_none());
        let v = back.variants_of("Zelenskiy");
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].0.key, "Volodymyr Zelenskyy");
        assert!(back.variants_of("Xelensky").is_empty());
        // Cut short, it is not opened; garbled, it answers without a panic.
        assert!(Registry::open(Box::new(bytes.clone()), 0..bytes.len() - 1).is_none());
        assert!(Registry::open(Box::new(bytes.clone()), 0..bytes.len() + 1).is_none());
        for from in [0, 16, bytes.len() / 2] {
            let mut garbled = bytes.clone();
            for b in &mut garbled[from..] {
                *b = b.wrapping_mul(31).wrapping_add(7);
            }
            if let Some(g) = Registry::open(Box::new(garbled.clone()), 0..garbled.len()) {
                for e in &entities {
                    let _ = (g.resolve(&e.key), g.by_key(&e.key), g.sources_of(&e.key));
                    let _ = (g.variants_of(&e.key), g.resolve_person(&e.key));
                }
                let _ = g.iter().count();
            }
        }
        assert!(Registry::default().is_empty());
        assert!(Registry::default().resolve("Kyiv").is_none());
    }

    /// Names of one or more words, in any case, with particles, initials,
    /// doubled spaces and letters outside ASCII, for the comparisons below.
    const NAMES: &[&str] = &[
        "",
        " ",
        "Trump",
        "Strump",
        "Van Dyke Jr",
        "trump",
        "TRUMP",
        "Donald Trump",
        "donald trump",
        "Donald J. Trump",
        "Donald  Trump",
        "Trump ",
        " Trump",
        "Wasserman Schultz",
        "Debbie Wasserman Schultz",
        "Laura Van Dyke",
        "Van Dyke",
        "van dyke",
        "Ken",
        "Kenneth",
        "KEN",
        "Ke",
        "Al",
        "Alexander",
        "Aleksandr",
        "Dmitri",
        "Dmitry",
        "Zelensky",
        "Zelenskyy",
        "Volodymyr Zelenskyy",
        "Ángela",
        "ángela",
        "ÁNGELA",
        "Ángela Merkel",
        "Angela Merkel",
        "Øystein",
        "Øy",
        "İstanbul",
        "i̇stanbul",
        "Straße",
        "STRASSE",
        "Joan",
        "John",
        "Jo",
        "Mohammed",
        "Muhammad",
    ];

    #[test]
    fn ends_with_words_is_the_comparison_of_the_last_words() {
        let by_collecting = |long: &str, short: &str| {
            let l: Vec<&str> = long.split(' ').collect();
            let s: Vec<&str> = short.split(' ').collect();
            s.len() < l.len()
                && l[l.len() - s.len()..]
                    .iter()
                    .zip(&s)
                    .all(|(x, y)| x.eq_ignore_ascii_case(y))
        };
        let mut yes = 0;
        for a in NAMES {
            for b in NAMES {
                assert_eq!(ends_with_words(a, b), by_collecting(a, b), "{a:?} {b:?}");
                yes += usize::from(ends_with_words(a, b));
            }
        }
        assert!(yes > 10, "{yes}");
    }

    /// `same_first_name`, the prepared `FirstName`s the registry's merge
    /// compares, against the plain reading of both names lowercased.
    #[test]
    fn same_first_name_is_the_comparison_of_the_lowercased_names() {
        let by_lowercasing = |a: &str, b: &str| {
            let (la, lb) = (a.to_lowercase(), b.to_lowercase());
            la == lb
                || first_name_variant(a, b)
                || la.len() >= 3 && lb.len() >= 3 && (la.starts_with(&lb) || lb.starts_with(&la))
        };
        let mut yes = 0;
        for a in NAMES {
            for b in NAMES {
                assert_eq!(same_first_name(a, b), by_lowercasing(a, b), "{a:?} {b:?}");
                yes += usize::from(same_first_name(a, b));
            }
        }
        assert!(yes > 10, "{yes}");
    }

    #[test]
    fn spellings_and_distances_agree_with_their_plain_readings() {
        let by_iterating = |a: &str, b: &str| {
            let (la, lb) = (a.chars().count(), b.chars().count());
            let shortest = la.min(lb);
            let mut pa = a.chars().flat_map(char::to_lowercase);
            let mut pb = b.chars().flat_map(char::to_lowercase);
            if shortest < 4 || pa.next() != pb.next() || pa.next() != pb.next() {
                return false;
            }
            let allowed = if shortest >= 7 { 2 } else { 1 };
            la.abs_diff(lb) <= allowed
                && !a.eq_ignore_ascii_case(b)
                && edit_distance(a, b) <= allowed
        };
        // Words past the rows kept on the stack (64 bytes) too.
        let long = "Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmn";
        let longer = format!("{long}o");
        let other = format!("{}X", &long[..long.len() - 1]);
        let mut words: Vec<&str> = NAMES.to_vec();
        words.extend([
            long,
            longer.as_str(),
            other.as_str(),
            "Zelenskiy",
            "Gorbachev",
            "Gorbachov",
        ]);
        let (mut variants, mut near) = (0, 0);
        for a in &words {
            for b in &words {
                assert_eq!(spelling_variant(a, b), by_iterating(a, b), "{a:?} {b:?}");
                variants += usize::from(spelling_variant(a, b));
                for k in 0..3 {
                    assert_eq!(
                        within_distance(a, b, k),
                        edit_distance(a, b) <= k,
                        "{a:?} {b:?} {k}"
                    );
                    near += usize::from(within_distance(a, b, k));
                }
            }
        }
        assert!(variants > 5 && near > 50, "{variants} {near}");
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("Zelensky", "Zelenskyy"), 1);
        assert_eq!(edit_distance("Zelenskiy", "Zelenskyy"), 1);
        assert_eq!(edit_distance("Dmitri", "Dmitry"), 1);
        assert!(spelling_variant("Zelenskiy", "Zelensky"));
        assert!(first_name_variant("Aleksandr", "Alexander"));
        assert!(first_name_variant("Mohammed", "Muhammad"));
        assert!(first_name_variant("Dmitri", "Dmitry"));
        assert!(!first_name_variant("Joan", "John"));
        assert!(!first_name_variant("Melania", "Donald"));
        assert!(compatible_names("Donald J. Trump", "Donald Trump"));
        assert!(compatible_names("Ken Starr", "Kenneth Starr"));
        assert!(compatible_names("Laura Van Dyke", "Van Dyke"));
        assert!(!compatible_names("Melania Trump", "Donald Trump"));
        assert!(!spelling_variant("Putin", "Pushkin"));
        assert!(!spelling_variant("Lee", "Lei"));
    }
}
