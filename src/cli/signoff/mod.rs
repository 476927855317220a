//! `vouch report`: what a copy desk signs off. Every figure and quote vouch
//! checked in the drafts, with its status and its source, and a summary; as
//! one self-contained HTML file (the draft with its claims marked, the
//! sources beside them) or as markdown.

mod html;
mod markdown;

use std::path::PathBuf;

use anyhow::{Context, Result};

use super::check::Outcome;
use super::drafts::{self, CheckedDraft, Problems};
use crate::engine::findings::{Claim, ClaimKind, ClaimStatus, Finding};
use crate::position::{Encoding, LineMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Html,
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// A corpus folder (repeatable). Default: vouch.toml's [corpus] paths, else ./corpus.
    #[arg(long = "corpus", value_name = "DIR")]
    pub corpus: Vec<PathBuf>,
    /// html: one self-contained page; markdown: a table per draft.
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Where to write the report. Default: standard output. The format
    /// follows the extension (.html, .md) unless --format says otherwise.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Where the corpus index lives. Default: a cache folder keyed by the corpus.
    #[arg(long, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// Drafts: markdown files, or folders searched for them.
    #[arg(required = true, value_name = "PATH")]
    pub files: Vec<PathBuf>,
}

/// What a claim's check came to, in the four words of a sign-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Supported,
    Disputed,
    Differs,
    Unsupported,
}

impl Verdict {
    pub fn of(status: ClaimStatus) -> Verdict {
        match status {
            ClaimStatus::Supported | ClaimStatus::Known => Verdict::Supported,
            ClaimStatus::Conflict => Verdict::Disputed,
            ClaimStatus::Mismatch | ClaimStatus::Misquoted | ClaimStatus::Misattributed => {
                Verdict::Differs
            }
            ClaimStatus::Unsupported | ClaimStatus::NotFound => Verdict::Unsupported,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Disputed => "disputed",
            Verdict::Differs => "differs",
            Verdict::Unsupported => "unsupported",
        }
    }
}

/// The words for a claim's status in the report.
pub fn status_word(claim: &Claim) -> &'static str {
    match (claim.kind, claim.status) {
        (ClaimKind::Quote, ClaimStatus::Supported) => "verified",
        (_, ClaimStatus::Supported | ClaimStatus::Known) => "supported",
        (_, ClaimStatus::Conflict) => "disputed",
        (_, ClaimStatus::Mismatch) => "differs",
        (_, ClaimStatus::Misquoted) => "misquoted",
        (_, ClaimStatus::Misattributed) => "misattributed",
        (_, ClaimStatus::Unsupported) => "unsupported",
        (_, ClaimStatus::NotFound) => "not found",
    }
}

/// A claim as the report lists it.
pub struct Item<'a> {
    /// Its number in the report, from 1.
    pub n: usize,
    pub claim: &'a Claim,
    /// 1-based line and column in the draft.
    pub line: usize,
    pub column: usize,
    pub verdict: Verdict,
    /// The finding on it, if any (its message says what is wrong).
    pub finding: Option<&'a Finding>,
}

/// One draft in the report.
pub struct DraftReport<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub items: Vec<Item<'a>>,
}

/// The claims a sign-off covers: figures, quotes and reported statements,
/// in the order they stand in the draft.
fn items(checked: &CheckedDraft, first: usize) -> Vec<Item<'_>> {
    let map = LineMap::new(&checked.draft.text);
    let mut claims: Vec<&Claim> = checked
        .report
        .claims
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                ClaimKind::Figure | ClaimKind::Quote | ClaimKind::Statement
            )
        })
        .collect();
    claims.sort_by_key(|c| (c.range.start, std::cmp::Reverse(c.range.end)));
    claims
        .into_iter()
        .enumerate()
        .map(|(i, claim)| {
            let p = map.position(claim.range.start, Encoding::Utf8);
            let finding = checked
                .report
                .findings
                .iter()
                .find(|f| f.range == claim.range)
                .or_else(|| {
                    checked.report.findings.iter().find(|f| {
                        f.range.start < claim.range.end && claim.range.start < f.range.end
                    })
                })
                .filter(|_| claim.status != ClaimStatus::Supported);
            Item {
                n: first + i,
                claim,
                line: p.line as usize + 1,
                column: p.character as usize + 1,
                verdict: Verdict::of(claim.status),
                finding,
            }
        })
        .collect()
}

/// "14 figures: 11 supported, 2 differ, 1 unsupported; 3 quotes verified".
pub fn summary<'a>(items: impl IntoIterator<Item = &'a Item<'a>>) -> String {
    let items: Vec<&Item> = items.into_iter().collect();
    let mut parts = Vec::new();
    for (kind, one, many, ok) in [
        (ClaimKind::Figure, "figure", "figures", "supported"),
        (ClaimKind::Quote, "quote", "quotes", "verified"),
        (
            ClaimKind::Statement,
            "reported claim",
            "reported claims",
            "supported",
        ),
    ] {
        let of_kind: Vec<&&Item> = items.iter().filter(|i| i.claim.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let n = of_kind.len();
        let noun = if n == 1 { one } else { many };
        let count = |v: Verdict| of_kind.iter().filter(|i| i.verdict == v).count();
        let mut counts = Vec::new();
        for (v, word_one, word_many) in [
            (Verdict::Supported, ok, ok),
            (Verdict::Differs, "differs", "differ"),
            (Verdict::Disputed, "disputed", "disputed"),
            (Verdict::Unsupported, "unsupported", "unsupported"),
        ] {
            let c = count(v);
            if c > 0 {
                counts.push(format!("{c} {}", if c == 1 { word_one } else { word_many }));
            }
        }
        if counts.len() == 1 && count(Verdict::Supported) == n {
            parts.push(format!("{n} {noun} {ok}"));
        } else {
            parts.push(format!("{n} {noun}: {}", counts.join(", ")));
        }
    }
    if parts.is_empty() {
        "no figures or quotes to check".into()
    } else {
        parts.join("; ")
    }
}

pub fn run(args: &ReportArgs) -> Result<Outcome> {
    let format = args.format.unwrap_or_else(|| {
        match args
            .output
            .as_ref()
            .and_then(|o| o.extension())
            .and_then(|e| e.to_str())
        {
            Some("md" | "markdown") => ReportFormat::Markdown,
            Some(_) => ReportFormat::Html,
            None => ReportFormat::Markdown,
        }
    });
    let mut problems = Problems::default();
    let drafts = drafts::collect(&args.files, &args.corpus, &mut problems)?;
    let checked = drafts::check_all(drafts, args.index_dir.as_deref(), &mut problems);
    let mut reports = Vec::new();
    let mut next = 1;
    for c in &checked {
        let items = items(c, next);
        next += items.len();
        reports.push(DraftReport {
            path: &c.draft.shown,
            text: &c.draft.text,
            items,
        });
    }
    let all = summary(reports.iter().flat_map(|r| &r.items));
    let text = match format {
        ReportFormat::Html => html::render(&reports, &all, &problems.0),
        ReportFormat::Markdown => markdown::render(&reports, &all, &problems.0),
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("{}: cannot be written", path.display()))?;
            anstream::eprintln!(
                "vouch: report of {} claims written to {}: {all}",
                next - 1,
                path.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(if !problems.is_empty() {
        Outcome::Incomplete
    } else if checked.iter().any(|c| {
        c.report.findings.iter().any(|f| {
            c.draft.config.severity(f.code) == Some(crate::engine::findings::Severity::Error)
        })
    }) {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(kind: ClaimKind, status: ClaimStatus) -> Claim {
        Claim {
            range: 0..1,
            kind,
            text: "x".into(),
            status,
            speaker: None,
            entity: None,
            evidence: Vec::new(),
        }
    }

    #[test]
    fn summary_counts_each_kind() {
        use ClaimKind::*;
        use ClaimStatus::*;
        let claims = [
            claim(Figure, Supported),
            claim(Figure, Supported),
            claim(Figure, Mismatch),
            claim(Figure, Mismatch),
            claim(Figure, Unsupported),
            claim(Figure, Conflict),
            claim(Quote, Supported),
            claim(Quote, Supported),
        ];
        let items: Vec<Item> = claims
            .iter()
            .enumerate()
            .map(|(i, c)| Item {
                n: i + 1,
                claim: c,
                line: 1,
                column: 1,
                verdict: Verdict::of(c.status),
                finding: None,
            })
            .collect();
        assert_eq!(
            summary(&items),
            "6 figures: 2 supported, 2 differ, 1 disputed, 1 unsupported; 2 quotes verified"
        );
        assert_eq!(summary(&items[6..7]), "1 quote verified");
        assert_eq!(summary(&items[..0]), "no figures or quotes to check");
    }
}
