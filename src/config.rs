//! `vouch.toml`: the corpus folders, excluded globs, and each code's severity.
//!
//! ```toml
//! [corpus]
//! paths = ["corpus", "../interviews"]   # relative to this file
//! exclude = ["drafts/**"]
//!
//! [severity]
//! unsupported-figure = "off"            # error | warning | info | hint | off
//!
//! [lsp]
//! inlay-hints = true
//!
//! [figures]
//! spelled-out-counts = "contradicted"   # or "all"
//!
//! [limits]
//! draft-mb = 16                         # a larger draft is refused
//! source-mb = 64                        # a larger corpus file is skipped
//!
//! [figures]
//! date-order = "dmy"                    # how 04/05/2016 reads: "mdy" (default) or "dmy"
//! ```
//!
//! A bad file never stops vouch: its problems are reported, defaults apply.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::engine::check::{Options, SpelledCounts};
use crate::engine::figures::DateOrder;
use crate::engine::findings::{Code, Severity};

pub const FILE_NAME: &str = "vouch.toml";

/// The settings in effect.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Corpus folders, resolved against the config file's folder.
    pub corpus: Vec<PathBuf>,
    pub exclude: Vec<String>,
    /// Severity per code; None means the code is off.
    pub severities: HashMap<Code, Option<Severity>>,
    pub inlay_hints: bool,
    /// How spelled-out counts under ten are judged.
    pub spelled_counts: SpelledCounts,
    /// Whether links that lead out of the corpus folders are followed.
    pub links_outside: bool,
    /// The largest draft checked, in bytes.
    pub max_draft_bytes: u64,
    /// The largest corpus file read, in bytes.
    pub max_source_bytes: u64,
    /// How an all-numeric date that reads both ways is read ("04/05/2016").
    pub date_order: DateOrder,
    /// The file these settings came from, if any.
    pub file: Option<PathBuf>,
}

/// The largest draft checked by default: a book is a few megabytes.
pub const MAX_DRAFT_BYTES: u64 = 16 << 20;

impl Default for Config {
    fn default() -> Self {
        Config {
            corpus: vec![PathBuf::from("corpus")],
            exclude: Vec::new(),
            severities: Code::ALL
                .iter()
                .map(|&c| (c, Some(c.default_severity())))
                .collect(),
            inlay_hints: false,
            spelled_counts: SpelledCounts::default(),
            links_outside: false,
            max_draft_bytes: MAX_DRAFT_BYTES,
            max_source_bytes: crate::engine::corpus::MAX_FILE_BYTES,
            date_order: DateOrder::default(),
            file: None,
        }
    }
}

impl Config {
    /// The corpus these settings describe, in `roots`.
    pub fn corpus_spec(&self, roots: Vec<PathBuf>) -> crate::engine::corpus::CorpusSpec {
        crate::engine::corpus::CorpusSpec {
            roots,
            exclude: self.exclude.clone(),
            max_file_bytes: self.max_source_bytes,
            links_outside: self.links_outside,
        }
    }

    /// The severity of a code, None when it is off.
    pub fn severity(&self, code: Code) -> Option<Severity> {
        self.severities
            .get(&code)
            .copied()
            .unwrap_or(Some(code.default_severity()))
    }

    /// What a check of a draft under these settings looks at.
    pub fn check_options(&self) -> Options {
        Options {
            disabled: self.disabled(),
            spelled_counts: self.spelled_counts,
        }
    }

    /// Codes turned off.
    pub fn disabled(&self) -> std::collections::HashSet<Code> {
        Code::ALL
            .into_iter()
            .filter(|&c| self.severity(c).is_none())
            .collect()
    }

    /// Sets a code's severity from its name ("warning", "off"); a problem if unknown.
    pub fn set_severity(&mut self, code: &str, level: &str) -> Result<(), String> {
        let code = Code::parse(code).ok_or_else(|| format!("unknown code {code:?}"))?;
        let level = if level == "off" {
            None
        } else {
            Some(Severity::parse(level).ok_or_else(|| {
                format!(
                    "unknown severity {level:?} for {code} (use error, warning, info, hint or off)"
                )
            })?)
        };
        self.severities.insert(code, level);
        Ok(())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    corpus: RawCorpus,
    #[serde(default)]
    severity: HashMap<String, String>,
    #[serde(default)]
    lsp: RawLsp,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    figures: RawFigures,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLimits {
    draft_mb: Option<f64>,
    source_mb: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFigures {
    date_order: Option<String>,
    spelled_out_counts: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorpus {
    paths: Option<Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(rename = "links-outside")]
    links_outside: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLsp {
    inlay_hints: Option<bool>,
}

/// The nearest `vouch.toml` at or above `dir`.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Settings for work in `dir`: the nearest `vouch.toml`, or defaults (with
/// `./corpus` as the corpus). Problems come back as one-line messages.
pub fn load(dir: &Path) -> (Config, Vec<String>) {
    match find(dir) {
        Some(file) => load_file(&file),
        None => (
            Config {
                corpus: vec![dir.join("corpus")],
                ..Config::default()
            },
            Vec::new(),
        ),
    }
}

/// Settings from one file; on a problem, the defaults with a message.
pub fn load_file(file: &Path) -> (Config, Vec<String>) {
    let base = file.parent().unwrap_or(Path::new("."));
    let defaults = Config {
        corpus: vec![base.join("corpus")],
        file: Some(file.to_path_buf()),
        ..Config::default()
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            return (
                defaults,
                vec![format!(
                    "{}: cannot be read ({e}); using defaults",
                    file.display()
                )],
            );
        }
    };
    let raw: RawConfig = match toml::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            let msg = e.message().to_string();
            let line = e
                .span()
                .map(|s| crate::engine::text::lines::count_breaks(&text[..s.start]) + 1)
                .map_or(String::new(), |l| format!(":{l}"));
            return (
                defaults,
                vec![format!("{}{line}: {msg}; using defaults", file.display())],
            );
        }
    };
    let mut messages = Vec::new();
    let mut config = defaults;
    if let Some(paths) = raw.corpus.paths {
        config.corpus = paths.iter().map(|p| base.join(p)).collect();
    }
    config.exclude = raw.corpus.exclude;
    for (code, level) in &raw.severity {
        if let Err(problem) = config.set_severity(code, level) {
            messages.push(format!("{}: [severity] {problem}; ignored", file.display()));
        }
    }
    if let Some(h) = raw.lsp.inlay_hints {
        config.inlay_hints = h;
    }
    if let Some(name) = &raw.figures.spelled_out_counts {
        match SpelledCounts::parse(name) {
            Some(policy) => config.spelled_counts = policy,
            None => messages.push(format!(
                "{}: [figures] spelled-out-counts must be \"contradicted\" or \"all\", not {name:?}; the default applies",
                file.display()
            )),
        }
    }
    if let Some(l) = raw.corpus.links_outside {
        config.links_outside = l;
    }
    for (key, mb, bytes) in [
        ("draft-mb", raw.limits.draft_mb, &mut config.max_draft_bytes),
        (
            "source-mb",
            raw.limits.source_mb,
            &mut config.max_source_bytes,
        ),
    ] {
        match mb {
            None => {}
            Some(mb) if mb.is_finite() && mb > 0.0 => *bytes = (mb * f64::from(1 << 20)) as u64,
            Some(_) => messages.push(format!(
                "{}: [limits] {key} must be a positive number of megabytes; the default applies",
                file.display()
            )),
        }
    }
    if let Some(order) = &raw.figures.date_order {
        match DateOrder::parse(order) {
            Some(o) => config.date_order = o,
            None => messages.push(format!(
                "{}: [figures] unknown date-order {order:?} (use \"mdy\" or \"dmy\"); using \"mdy\"",
                file.display()
            )),
        }
    }
    (config, messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let p = dir.join(FILE_NAME);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Each value of `[figures] spelled-out-counts`, and a bad one.
    #[test]
    fn reads_the_spelled_out_counts_policy() {
        let cases: &[(&str, SpelledCounts, bool)] = &[
            ("", SpelledCounts::Contradicted, false),
            (
                "[figures]\nspelled-out-counts = \"all\"\n",
                SpelledCounts::All,
                false,
            ),
            (
                "[figures]\nspelled-out-counts = \"contradicted\"\n",
                SpelledCounts::Contradicted,
                false,
            ),
            (
                "[figures]\nspelled-out-counts = \"some\"\n",
                SpelledCounts::Contradicted,
                true,
            ),
        ];
        for (text, want, problem) in cases {
            let dir = tempfile::tempdir().unwrap();
            let (c, msgs) = load_file(&write(dir.path(), text));
            assert_eq!(c.spelled_counts, *want, "{text}");
            assert_eq!(c.check_options().spelled_counts, *want, "{text}");
            assert_eq!(!msgs.is_empty(), *problem, "{text}: {msgs:?}");
            if *problem {
                assert!(msgs[0].contains("spelled-out-counts"), "{msgs:?}");
            }
        }
    }

    #[test]
    fn reads_paths_exclude_and_severities() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "[corpus]\npaths = [\"sources\", \"more\"]\nexclude = [\"x/**\"]\n[severity]\nunsupported-figure = \"off\"\nsource-conflict = \"error\"\n[lsp]\ninlay-hints = true\n",
        );
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        let (c, msgs) = load(&sub);
        assert!(msgs.is_empty(), "{msgs:?}");
        assert_eq!(
            c.corpus,
            vec![dir.path().join("sources"), dir.path().join("more")]
        );
        assert_eq!(c.exclude, vec!["x/**"]);
        assert_eq!(c.severity(Code::UnsupportedFigure), None);
        assert_eq!(c.severity(Code::SourceConflict), Some(Severity::Error));
        assert_eq!(c.severity(Code::FigureMismatch), Some(Severity::Error));
        assert!(c.inlay_hints);
        assert!(c.disabled().contains(&Code::UnsupportedFigure));
    }

    #[test]
    fn bad_config_falls_back_to_defaults_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "[corpus]\npaths = 5\n");
        let (c, msgs) = load(dir.path());
        assert_eq!(c.corpus, vec![dir.path().join("corpus")]);
        assert_eq!(msgs.len(), 1);
        assert!(
            msgs[0].contains("vouch.toml:2") && msgs[0].contains("using defaults"),
            "{msgs:?}"
        );

        write(
            dir.path(),
            "[severity]\nfigure-mismatch = \"loud\"\nno-such-code = \"off\"\n",
        );
        let (c, msgs) = load(dir.path());
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert_eq!(c.severity(Code::FigureMismatch), Some(Severity::Error));

        write(dir.path(), "[corpsu]\npaths = []\n");
        let (_, msgs) = load(dir.path());
        assert!(msgs[0].contains("unknown field"), "{msgs:?}");
    }

    #[test]
    fn limits_and_links_are_read_and_bad_limits_fall_back() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "[corpus]\nlinks-outside = true\n[limits]\ndraft-mb = 2\nsource-mb = 0.5\n",
        );
        let (c, msgs) = load(dir.path());
        assert!(msgs.is_empty(), "{msgs:?}");
        assert!(c.links_outside);
        assert_eq!(c.max_draft_bytes, 2 << 20);
        assert_eq!(c.max_source_bytes, 1 << 19);
        let spec = c.corpus_spec(vec![dir.path().to_path_buf()]);
        assert_eq!(spec.max_file_bytes, 1 << 19);
        assert!(spec.links_outside);

        write(dir.path(), "[limits]\ndraft-mb = -1\n");
        let (c, msgs) = load(dir.path());
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(msgs[0].contains("draft-mb"), "{msgs:?}");
        assert_eq!(c.max_draft_bytes, MAX_DRAFT_BYTES);
        assert!(!c.links_outside);
    }

    #[test]
    fn reads_the_date_order() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "[figures]\ndate-order = \"dmy\"\n");
        let (c, msgs) = load(dir.path());
        assert!(msgs.is_empty(), "{msgs:?}");
        assert_eq!(c.date_order, DateOrder::DayFirst);

        write(dir.path(), "[figures]\ndate-order = \"ymd-ish\"\n");
        let (c, msgs) = load(dir.path());
        assert_eq!(c.date_order, DateOrder::MonthFirst);
        assert!(
            msgs.len() == 1 && msgs[0].contains("date-order"),
            "{msgs:?}"
        );
    }

    #[test]
    fn without_a_file_the_corpus_is_dot_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let (c, msgs) = load(dir.path());
        assert!(msgs.is_empty());
        assert_eq!(c.corpus, vec![dir.path().join("corpus")]);
        assert_eq!(c.file, None);
    }
}
