//! A synthetic archive of about N stories, made from Reuters-21578 for
//! measuring at sizes the dataset does not have.
//!
//! Copy 0 is the stories as they are; every further copy changes every
//! number (same shape, other digits) and swaps some proper nouns for others
//! of the corpus, the same way throughout a story, so that no two stories
//! are identical, as a real archive's follow-ups are not. Below the size of
//! Reuters, stories are taken evenly across it. Deterministic for a given N.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use regex::Regex;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// The file in a kept archive that says what it holds (hidden: corpus
/// discovery skips it).
const STAMP: &str = ".vouch-bench-scale";

/// A built archive. A temporary one is removed when this is dropped.
pub struct Synthetic {
    dir: PathBuf,
    stories: usize,
    originals: usize,
    _tmp: Option<tempfile::TempDir>,
}

impl Synthetic {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many times the original stories it holds.
    pub fn factor(&self) -> f64 {
        self.stories as f64 / self.originals.max(1) as f64
    }
}

/// Builds an archive of `n` stories from the `.txt` files in `reuters`,
/// in `keep` (reused when it already holds this archive) or in a
/// temporary folder.
pub fn build(reuters: &Path, n: usize, keep: Option<&Path>) -> Result<Synthetic> {
    if n == 0 {
        bail!("--scale needs at least one story");
    }
    let mut originals: Vec<PathBuf> = std::fs::read_dir(reuters)
        .with_context(|| format!("{}: cannot be read (--scale copies it)", reuters.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    originals.sort();
    if originals.is_empty() {
        bail!("{}: no .txt stories to copy", reuters.display());
    }
    let stamp = format!("stories={n}\nsource={}\n", reuters.display());
    let (dir, tmp) = match keep {
        Some(dir) => {
            if std::fs::read_to_string(dir.join(STAMP)).ok().as_deref() == Some(stamp.as_str()) {
                return Ok(Synthetic {
                    dir: dir.to_path_buf(),
                    stories: n,
                    originals: originals.len(),
                    _tmp: None,
                });
            }
            if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
                bail!(
                    "{}: not empty and not an archive of {n} stories; give an empty or new folder",
                    dir.display()
                );
            }
            std::fs::create_dir_all(dir)?;
            (dir.to_path_buf(), None)
        }
        None => {
            let tmp = tempfile::Builder::new()
                .prefix("vouch-bench-scale-")
                .tempdir()
                .context("cannot make a temporary folder")?;
            (tmp.path().to_path_buf(), Some(tmp))
        }
    };
    eprintln!(
        "vouch bench: building {n} stories from {} in {}",
        reuters.display(),
        dir.display()
    );
    let texts: Vec<(String, String)> = originals
        .par_iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read_to_string(p).ok()?))
        })
        .collect();
    let names = Names::collect(&texts);
    let copies = n.div_ceil(texts.len());
    // Below one copy's worth, stories spread evenly over the dataset.
    let plan: Vec<(usize, usize)> = (0..n)
        .map(|k| {
            if n < texts.len() {
                (0, k * texts.len() / n)
            } else {
                (k / texts.len(), k % texts.len())
            }
        })
        .collect();
    for c in 0..copies {
        std::fs::create_dir_all(dir.join(format!("c{c:02}")))?;
    }
    let numbers = Regex::new(r"\d+").expect("regex");
    plan.par_iter().try_for_each(|&(copy, i)| -> Result<()> {
        let (name, text) = &texts[i];
        let out = if copy == 0 {
            text.clone()
        } else {
            variant(text, copy as u64, i as u64, &numbers, &names)
        };
        let path = dir.join(format!("c{copy:02}")).join(name);
        std::fs::write(&path, out).with_context(|| format!("{}: cannot write", path.display()))
    })?;
    std::fs::write(dir.join(STAMP), stamp)?;
    Ok(Synthetic {
        dir,
        stories: n,
        originals: texts.len(),
        _tmp: tmp,
    })
}

/// Proper nouns of the corpus: capitalized words seen in the middle of a
/// sentence at least twice.
struct Names {
    pool: Vec<String>,
    known: FxHashMap<String, ()>,
    word: Regex,
}

impl Names {
    fn collect(texts: &[(String, String)]) -> Names {
        let mid = Regex::new(r"[a-z,] ([A-Z][a-z]{3,})\b").expect("regex");
        let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
        for (_, t) in texts {
            for c in mid.captures_iter(t) {
                *counts.entry(c.get(1).expect("group").as_str()).or_default() += 1;
            }
        }
        let mut pool: Vec<String> = counts
            .into_iter()
            .filter(|&(_, n)| n >= 2)
            .map(|(w, _)| w.to_string())
            .collect();
        pool.sort();
        Names {
            known: pool.iter().map(|w| (w.clone(), ())).collect(),
            pool,
            word: Regex::new(r"\b[A-Z][a-z]{3,}\b").expect("regex"),
        }
    }

    /// The name a copy gives `w`: a quarter of names are swapped, the same
    /// way in the whole copy.
    fn swap<'a>(&'a self, w: &'a str, copy: u64) -> &'a str {
        if self.pool.is_empty() || !self.known.contains_key(w) {
            return w;
        }
        let h = xxh3_64_with_seed(w.as_bytes(), copy);
        if !h.is_multiple_of(4) {
            return w;
        }
        &self.pool[(h >> 8) as usize % self.pool.len()]
    }
}

/// A copy of a story: every number's digits changed (same length, no new
/// leading zero), some names swapped.
fn variant(text: &str, copy: u64, story: u64, numbers: &Regex, names: &Names) -> String {
    let seed = copy.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ story;
    let renamed = names.word.replace_all(text, |c: &regex::Captures| {
        names.swap(&c[0], copy).to_string()
    });
    let mut n = 0u64;
    numbers
        .replace_all(&renamed, |c: &regex::Captures| {
            n += 1;
            let digits = c[0].as_bytes();
            let mut h = xxh3_64_with_seed(digits, seed ^ n.wrapping_mul(0xA24B_AED4_963E_E407));
            let mut out = String::with_capacity(digits.len());
            for (k, &d) in digits.iter().enumerate() {
                let lead = k == 0 && digits.len() > 1;
                let mut x = (h % 10) as u8;
                h = (h / 10) ^ h.rotate_left(17);
                if lead && x == 0 {
                    x = 1 + (h % 9) as u8;
                }
                // A single digit must change, or that number is not perturbed.
                if digits.len() == 1 && b'0' + x == d {
                    x = (x + 1) % 10;
                }
                out.push((b'0' + x) as char);
            }
            out
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(words: &[&str]) -> Names {
        let text = words
            .iter()
            .map(|w| format!("the man {w} and the firm {w} said"))
            .collect::<Vec<_>>()
            .join(". ");
        Names::collect(&[("a.txt".into(), text)])
    }

    #[test]
    fn every_number_changes_shape_kept() {
        let numbers = Regex::new(r"\d+").unwrap();
        let n = names(&[]);
        let text = "Profit rose 12.5 pct to 1,234 dlrs in 1987, from 7 dlrs.";
        let v = variant(text, 1, 0, &numbers, &n);
        let shape = |s: &str| {
            s.chars()
                .map(|c| if c.is_ascii_digit() { '9' } else { c })
                .collect::<String>()
        };
        assert_eq!(shape(&v), shape(text), "{v}");
        let old: Vec<&str> = numbers.find_iter(text).map(|m| m.as_str()).collect();
        let new: Vec<&str> = numbers.find_iter(&v).map(|m| m.as_str()).collect();
        assert!(old.iter().zip(&new).all(|(a, b)| a != b), "{v}");
        assert!(
            new.iter().all(|d| d.len() == 1 || !d.starts_with('0')),
            "{v}"
        );
        // Deterministic, and each copy differs.
        assert_eq!(v, variant(text, 1, 0, &numbers, &n));
        assert_ne!(v, variant(text, 2, 0, &numbers, &n));
    }

    #[test]
    fn names_swap_consistently_within_a_copy() {
        let (first, second) = (
            ["Bor", "Cal", "Dun", "Fel", "Gar", "Hol", "Jen", "Kir"],
            ["ton", "ford", "ley", "wick", "mere"],
        );
        let pool: Vec<String> = (0..40)
            .map(|i| format!("{}{}", first[i % 8], second[i / 8]))
            .collect();
        let refs: Vec<&str> = pool.iter().map(String::as_str).collect();
        let n = names(&refs);
        let numbers = Regex::new(r"\d+").unwrap();
        let text: String = refs.iter().map(|w| format!("{w} met {w}. ")).collect();
        let v = variant(&text, 3, 0, &numbers, &n);
        let mut swapped = 0;
        for (a, b) in text.split(". ").zip(v.split(". ")) {
            let (x, y): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
            if x.is_empty() || x[0].is_empty() {
                continue;
            }
            assert_eq!(y[0], y[2], "one name, one replacement: {b}");
            swapped += usize::from(x[0] != y[0]);
        }
        assert!(
            swapped > 0 && swapped < refs.len(),
            "{swapped} of {}",
            refs.len()
        );
    }

    #[test]
    fn builds_an_archive_of_n_stories_and_removes_it() {
        let src = tempfile::tempdir().unwrap();
        for i in 0..5 {
            std::fs::write(
                src.path().join(format!("{i:05}.txt")),
                format!("Acme Corp said Smith sold {i}0 shares for 1{i}.5 dlrs.\n"),
            )
            .unwrap();
        }
        let built = build(src.path(), 12, None).unwrap();
        let dir = built.dir().to_path_buf();
        let files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
            .map(|e| e.into_path())
            .collect();
        assert_eq!(files.len(), 12);
        let mut texts: Vec<String> = files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), 12, "no two stories alike");
        assert!((built.factor() - 2.4).abs() < 1e-9);
        drop(built);
        assert!(!dir.exists(), "the temporary archive is removed");
    }
}
