//! The corpus's people, organisations and places: one entity per person
//! however the sources spell them (Zelensky, Zelenskyy; Dmitri, Dmitry),
//! with aliases and roles. Spellings merge by edit distance and shared
//! context (the same first name, or one surname form used alone), never by
//! a surname alone when two people share it.

use std::collections::HashMap;

use crate::engine::findings::EntityKind;
use crate::engine::index::manifest::SourceInfo;
use crate::engine::quotes::surname;

#[derive(Debug, Clone, PartialEq)]
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

#[derive(Debug, Default)]
pub struct Registry {
    pub entities: Vec<Entity>,
    /// Lowercased alias → entities.
    by_alias: HashMap<String, Vec<usize>>,
}

/// Letters that differ between two words (Levenshtein, by character).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Two spellings of one name: a letter or two apart, relative to length,
/// starting with the same letter.
pub fn spelling_variant(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let shortest = la.min(lb);
    if shortest < 4 || a.chars().next() != b.chars().next() {
        return false;
    }
    let allowed = if shortest >= 7 { 2 } else { 1 };
    let d = edit_distance(a, b);
    d > 0 && d <= allowed
}

fn first_name(name: &str) -> Option<&str> {
    name.split_once(' ').map(|(f, _)| f)
}

impl Registry {
    pub fn build(sources: &[SourceInfo]) -> Registry {
        // One group per exact name.
        let mut groups: Vec<Entity> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut roles: Vec<HashMap<String, u32>> = Vec::new();
        let mut forms: Vec<HashMap<String, u32>> = Vec::new();
        for s in sources {
            for e in &s.entities {
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
                if !ent.sources.contains(&s.id) {
                    ent.sources.push(s.id);
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
        for (x, &a) in people.iter().enumerate() {
            for &b in &people[x + 1..] {
                let (na, nb) = (&groups[a].key, &groups[b].key);
                let (wa, wb) = (na.split(' ').count(), nb.split(' ').count());
                if wa < 2 || wa != wb {
                    continue;
                }
                let (sa, sb) = (surname(na), surname(nb));
                let same_surname = sa == sb || spelling_variant(sa, sb);
                let (fa, fb) = (first_name(na).unwrap_or(""), first_name(nb).unwrap_or(""));
                let same_first = fa == fb || spelling_variant(fa, fb);
                // Both names must agree: the same surname with another first
                // name is another person.
                if same_surname && same_first && (sa == sb || fa == fb) {
                    let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                    parent[rb] = ra;
                }
            }
        }
        // A surname used alone joins the one full name it can belong to.
        for &a in &people {
            let na = groups[a].key.clone();
            if na.contains(' ') {
                continue;
            }
            let mut roots: Vec<usize> = people
                .iter()
                .filter(|&&b| groups[b].key.contains(' '))
                .filter(|&&b| {
                    let s = surname(&groups[b].key);
                    s == na || spelling_variant(s, &na)
                })
                .map(|&b| find(&mut parent, b))
                .collect();
            roots.sort_unstable();
            roots.dedup();
            if let [one] = roots.as_slice() {
                let r = find(&mut parent, a);
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
                for s in &groups[g].sources {
                    if !entry.0.sources.contains(s) {
                        entry.0.sources.push(*s);
                    }
                }
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
                // The key: the most used form among the fullest ones.
                let most_words = forms
                    .iter()
                    .map(|f| f.0.split(' ').count())
                    .max()
                    .unwrap_or(1);
                if let Some(k) = forms.iter().find(|f| f.0.split(' ').count() == most_words) {
                    e.key = k.0.clone();
                }
                e.aliases = forms.into_iter().map(|f| f.0).collect();
                e.role = roles
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|r| r.0);
                e.sources.sort_unstable();
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
        Registry { entities, by_alias }
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
        let mut out = Vec::new();
        for e in self
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
        {
            let spellings: Vec<&str> = {
                let mut v: Vec<&str> = e.aliases.iter().map(|a| surname(a)).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let close: Vec<&str> = spellings
                .iter()
                .copied()
                .filter(|s| spelling_variant(s, word))
                .collect();
            if !close.is_empty() {
                out.push((e, close));
            }
        }
        out
    }

    /// Whether two speaker names are one person.
    pub fn same_person(&self, a: &str, b: &str) -> bool {
        if a.eq_ignore_ascii_case(b)
            || surname(a).eq_ignore_ascii_case(surname(b)) && (!a.contains(' ') || !b.contains(' '))
        {
            return true;
        }
        match (self.resolve(a), self.resolve(b)) {
            (Some(x), Some(y)) => x.key == y.key,
            _ => {
                let (sa, sb) = (surname(a), surname(b));
                sa.eq_ignore_ascii_case(sb) || spelling_variant(sa, sb)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::quotes::NamedEntity;

    fn source(id: u32, entities: &[(&str, EntityKind, &[&str])]) -> SourceInfo {
        SourceInfo {
            id,
            key: id.to_string(),
            display: String::new(),
            rel: String::new(),
            size: 0,
            mtime_ns: 0,
            hash: 0,
            title: None,
            url: None,
            published: None,
            sentences: 0,
            names: Vec::new(),
            acronyms: Vec::new(),
            entities: entities
                .iter()
                .map(|(n, k, forms)| NamedEntity {
                    name: n.to_string(),
                    kind: *k,
                    role: None,
                    forms: forms.iter().map(|f| f.to_string()).collect(),
                    mentions: 1,
                })
                .collect(),
        }
    }

    #[test]
    fn spellings_of_one_person_merge_and_namesakes_do_not() {
        use EntityKind::Person;
        let r = Registry::build(&[
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
        ]);
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
        assert!(!spelling_variant("Putin", "Pushkin"));
        assert!(!spelling_variant("Lee", "Lei"));
    }
}
