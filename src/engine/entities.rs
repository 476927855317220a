//! The corpus's people, organisations and places: one entity per person
//! however the sources spell them (Zelensky, Zelenskyy; Dmitri, Dmitry),
//! with aliases and roles. Spellings merge by edit distance and shared
//! context (the same first name, or one surname form used alone), never by
//! a surname alone when two people share it.

use std::collections::HashMap;

use crate::engine::findings::EntityKind;
use crate::engine::quotes::{NamedEntity, surname};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    /// The fullest, most used name: how claims refer to it.
    pub key: String,
    pub kind: EntityKind,
    pub role: Option<String>,
    /// Every form the sources use, the key included, most used first.
    pub aliases: Vec<String>,
    pub sources: Vec<u32>,
    pub mentions: u32,
}

/// An entity being merged, with the counts of its roles and its forms.
type Merged = (Entity, HashMap<String, u32>, HashMap<String, u32>);

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Registry {
    pub entities: Vec<Entity>,
    /// Lowercased alias → entities.
    by_alias: HashMap<String, Vec<usize>>,
    /// People's surname spellings by their lowercased first letter: where
    /// to look for a spelling variant.
    surnames: HashMap<char, Vec<(String, usize)>>,
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
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
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
    let (la, lb) = (a.chars().count(), b.chars().count());
    let shortest = la.min(lb);
    let mut pa = a.chars().flat_map(char::to_lowercase);
    let mut pb = b.chars().flat_map(char::to_lowercase);
    if shortest < 4 || pa.next() != pb.next() || pa.next() != pb.next() {
        return false;
    }
    let allowed = if shortest >= 7 { 2 } else { 1 };
    if la.abs_diff(lb) > allowed {
        return false;
    }
    !a.eq_ignore_ascii_case(b) && within_distance(a, b, allowed)
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
    let (la, lb) = (a.to_lowercase(), b.to_lowercase());
    la == lb
        || first_name_variant(a, b)
        || la.len() >= 3 && lb.len() >= 3 && (la.starts_with(&lb) || lb.starts_with(&la))
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
    let l: Vec<&str> = long.split(' ').collect();
    let s: Vec<&str> = short.split(' ').collect();
    s.len() < l.len()
        && l[l.len() - s.len()..]
            .iter()
            .zip(&s)
            .all(|(x, y)| x.eq_ignore_ascii_case(y))
}

impl Registry {
    /// The registry of the entities each source names, given by source id.
    /// Each source's entities may be borrowed or decoded one at a time
    /// (the index streams them from their stored form).
    pub fn build<E: AsRef<[NamedEntity]>>(sources: impl IntoIterator<Item = (u32, E)>) -> Registry {
        // One group per exact name.
        let mut groups: Vec<Entity> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut roles: Vec<HashMap<String, u32>> = Vec::new();
        let mut forms: Vec<HashMap<String, u32>> = Vec::new();
        for (source, entities) in sources {
            for e in entities.as_ref() {
                let g = *index.entry(e.name.clone()).or_insert_with(|| {
                    groups.push(Entity {
                        key: e.name.clone(),
                        kind: e.kind,
                        role: None,
                        aliases: Vec::new(),
                        sources: Vec::new(),
                        mentions: 0,
                    });
                    roles.push(HashMap::new());
                    forms.push(HashMap::new());
                    groups.len() - 1
                });
                let ent = &mut groups[g];
                if e.kind == EntityKind::Person || ent.kind == EntityKind::Place {
                    ent.kind = e.kind;
                }
                ent.mentions += e.mentions;
                // A set, sorted and deduplicated at the end: looking through
                // the list at every mention was quadratic in the sources that
                // name an entity (seconds for a name in 30,000 of them).
                if ent.sources.last() != Some(&source) {
                    ent.sources.push(source);
                }
                if let Some(r) = &e.role {
                    *roles[g].entry(r.clone()).or_default() += 1;
                }
                for f in &e.forms {
                    *forms[g].entry(f.clone()).or_default() += e.mentions.max(1);
                }
                *forms[g].entry(e.name.clone()).or_default() += 1;
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
            .filter(|&g| groups[g].kind == EntityKind::Person)
            .collect();
        // Transliterations differ in vowels and doubled letters (Zelensky,
        // Zelenskyy, Zelenskiy; Gorbachev, Gorbachov): compare only names
        // with the same consonant skeleton, so that a corpus of thousands
        // of people does not compare every pair.
        struct Person<'a> {
            group: usize,
            first: &'a str,
            last: &'a str,
            words: usize,
            len: usize,
        }
        let mut buckets: HashMap<String, Vec<Person>> = HashMap::new();
        for &g in &people {
            let name = groups[g].key.as_str();
            let last = surname(name);
            buckets.entry(skeleton(last)).or_default().push(Person {
                group: g,
                first: first_name(name).unwrap_or(""),
                last,
                words: name.split(' ').count(),
                len: last.chars().count(),
            });
        }
        let mut single_candidates: HashMap<usize, Vec<usize>> = HashMap::new();
        for bucket in buckets.values_mut() {
            bucket.sort_by_key(|p| p.len);
            for x in 0..bucket.len() {
                for y in x + 1..bucket.len() {
                    let (a, b) = (&bucket[x], &bucket[y]);
                    if b.len > a.len + 2 {
                        break;
                    }
                    let same_surname = a.last == b.last || spelling_variant(a.last, b.last);
                    if !same_surname {
                        continue;
                    }
                    let (na, nb) = (groups[a.group].key.as_str(), groups[b.group].key.as_str());
                    if a.words == 1
                        || b.words == 1
                        || ends_with_words(na, nb)
                        || ends_with_words(nb, na)
                    {
                        // A surname used alone, or a shorter form ("Wasserman
                        // Schultz"), may belong to this fuller name.
                        let (short, full) = if a.words < b.words || ends_with_words(nb, na) {
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
                    let same_first = same_first_name(a.first, b.first);
                    if same_first && (a.last == b.last || a.first == b.first) {
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
        // Fold each group into its root.
        let mut merged: HashMap<usize, Merged> = HashMap::new();
        for g in 0..groups.len() {
            let r = find(&mut parent, g);
            let entry = merged
                .entry(r)
                .or_insert_with(|| (groups[r].clone(), HashMap::new(), HashMap::new()));
            if g != r {
                entry.0.mentions += groups[g].mentions;
                entry.0.sources.extend_from_slice(&groups[g].sources);
            }
            for (k, v) in &roles[g] {
                *entry.1.entry(k.clone()).or_default() += v;
            }
            for (k, v) in &forms[g] {
                *entry.2.entry(k.clone()).or_default() += v;
            }
        }
        let mut entities: Vec<Entity> = merged
            .into_values()
            .map(|(mut e, roles, forms)| {
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
                e.sources.sort_unstable();
                e.sources.dedup();
                e
            })
            .collect();
        entities.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.key.cmp(&b.key)));
        let mut by_alias: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            let mut keys: Vec<String> = e.aliases.iter().map(|a| a.to_lowercase()).collect();
            if e.kind == EntityKind::Person {
                keys.extend(e.aliases.iter().map(|a| surname(a).to_lowercase()));
            }
            keys.sort();
            keys.dedup();
            for k in keys {
                by_alias.entry(k).or_default().push(i);
            }
        }
        let mut surnames: HashMap<char, Vec<(String, usize)>> = HashMap::new();
        for (i, e) in entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Person)
        {
            let mut spellings: Vec<&str> = e.aliases.iter().map(|a| surname(a)).collect();
            spellings.sort_unstable();
            spellings.dedup();
            for sp in spellings {
                if let Some(c) = initial(sp) {
                    surnames.entry(c).or_default().push((sp.to_string(), i));
                }
            }
        }
        Registry {
            entities,
            by_alias,
            surnames,
        }
    }

    /// The entity a name refers to, when only one fits.
    pub fn resolve(&self, name: &str) -> Option<&Entity> {
        let hits = self.by_alias.get(&name.to_lowercase())?;
        match hits.as_slice() {
            [one] => Some(&self.entities[*one]),
            // A full name beats a surname that others share.
            many => many
                .iter()
                .map(|&i| &self.entities[i])
                .find(|e| e.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))),
        }
    }

    pub fn by_key(&self, key: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.key == key)
    }

    /// Whether any entity uses this exact word or name.
    pub fn knows(&self, name: &str) -> bool {
        self.by_alias.contains_key(&name.to_lowercase())
    }

    /// People whose name has a spelling a letter or two from `word`, and
    /// that spelling: "Zelenskiy" → Volodymyr Zelenskyy (Zelensky, Zelenskyy).
    pub fn variants_of(&self, word: &str) -> Vec<(&Entity, Vec<&str>)> {
        let mut out: Vec<(&Entity, Vec<&str>)> = Vec::new();
        let Some(bucket) = initial(word).and_then(|c| self.surnames.get(&c)) else {
            return out;
        };
        for (spelling, i) in bucket {
            if !spelling_variant(spelling, word) {
                continue;
            }
            let e = &self.entities[*i];
            match out.iter_mut().find(|(x, _)| std::ptr::eq(*x, e)) {
                Some((_, v)) => v.push(spelling),
                None => out.push((e, vec![spelling.as_str()])),
            }
        }
        out
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
    pub fn resolve_person(&self, name: &str) -> Option<&Entity> {
        if let Some(e) = self.resolve(name) {
            return Some(e);
        }
        if !name.contains(' ') {
            return None;
        }
        let hits = self.by_alias.get(&surname(name).to_lowercase())?;
        let mut fits = hits
            .iter()
            .map(|&i| &self.entities[i])
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
        assert_eq!(e.sources, vec![2, 5, 7]);
        assert_eq!(e.mentions, 5);
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
