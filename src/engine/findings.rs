//! What the engine reports: findings with their evidence, and the claims it
//! checked, in byte ranges of the draft and locations in the corpus.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    FigureMismatch,
    UnsupportedFigure,
    SourceConflict,
    Misquote,
    Misattribution,
    QuoteNotFound,
    NameVariant,
}

/// How loudly a finding is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "error" => Severity::Error,
            "warning" | "warn" => Severity::Warning,
            "info" | "information" => Severity::Info,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }
}

impl Code {
    pub const ALL: [Code; 7] = [
        Code::FigureMismatch,
        Code::UnsupportedFigure,
        Code::SourceConflict,
        Code::Misquote,
        Code::Misattribution,
        Code::QuoteNotFound,
        Code::NameVariant,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::FigureMismatch => "figure-mismatch",
            Code::UnsupportedFigure => "unsupported-figure",
            Code::SourceConflict => "source-conflict",
            Code::Misquote => "misquote",
            Code::Misattribution => "misattribution",
            Code::QuoteNotFound => "quote-not-found",
            Code::NameVariant => "name-variant",
        }
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Code::FigureMismatch | Code::Misquote | Code::Misattribution => Severity::Error,
            Code::UnsupportedFigure | Code::SourceConflict | Code::QuoteNotFound => {
                Severity::Warning
            }
            Code::NameVariant => Severity::Hint,
        }
    }

    /// One line on what the code means, for rule descriptions and docs.
    pub fn summary(self) -> &'static str {
        match self {
            Code::FigureMismatch => "Sources state this claim with a different figure.",
            Code::UnsupportedFigure => "No source states this figure for this claim.",
            Code::SourceConflict => {
                "The figure matches a source, but another source gives a different figure for the same claim."
            }
            Code::Misquote => "A source has nearly these words: the quote differs from it.",
            Code::Misattribution => "The sources give these words or this claim to someone else.",
            Code::QuoteNotFound => "The quoted words appear in no source.",
            Code::NameVariant => "The draft spells a person differently from every source.",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a piece of evidence does for the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Supports,
    Contradicts,
    Related,
}

/// A place in the corpus that bears on a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub source: u32,
    /// The source's path as the user wrote the corpus folder.
    pub path: String,
    /// The path as messages show it: relative to the current folder when
    /// inside it, so a terminal or an editor can open it.
    pub short_path: String,
    /// The source's format: whether `line` is a line of the file itself.
    #[serde(default)]
    pub kind: crate::engine::sources::Kind,
    pub title: Option<String>,
    /// The publication or sender.
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    /// The page, for a PDF.
    #[serde(default)]
    pub page: Option<u32>,
    /// 1-based line of the sentence in the text vouch read (the file's own
    /// line for text and markdown).
    pub line: u32,
    pub sentence: String,
    /// Byte offset of the sentence in the source file.
    pub sentence_start: u32,
    /// The part of the sentence that bears on the claim (a figure, a quote).
    pub span: Option<Range<usize>>,
    /// The source's own wording of the figure or quote.
    pub stated: Option<String>,
    pub speaker: Option<String>,
    pub stance: Stance,
}

impl Evidence {
    /// Where the sentence is, as messages cite it: `path:line` for text and
    /// markdown, `path, p. 3` for a PDF, the path alone for other formats
    /// (their lines are not the file's).
    pub fn cite(&self) -> String {
        match (self.kind.has_lines(), self.page) {
            (true, _) => format!("{}:{}", self.short_path, self.line),
            (false, Some(page)) => format!("{}, p. {page}", self.short_path),
            (false, None) => self.short_path.clone(),
        }
    }
}

/// A quick fix: replace the finding's range with this text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub replacement: String,
}

/// A problem found in the draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub code: Code,
    /// Byte range in the draft.
    pub range: Range<usize>,
    pub message: String,
    pub evidence: Vec<Evidence>,
    /// Quick fixes, most likely first: more than one when the sources
    /// disagree among themselves and none stands out.
    pub fixes: Vec<Fix>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    Figure,
    Quote,
    Statement,
    Entity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimStatus {
    Supported,
    Unsupported,
    Mismatch,
    Conflict,
    Misquoted,
    Misattributed,
    NotFound,
    Known,
}

/// A checked span of the draft and what the corpus says of it: what a hover shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub range: Range<usize>,
    pub kind: ClaimKind,
    pub text: String,
    pub status: ClaimStatus,
    pub speaker: Option<String>,
    /// For an entity mention (and a quote's speaker): the entity's key, for
    /// `Corpus::entity`.
    pub entity: Option<String>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
}

/// What the corpus knows of a person, an organisation or a place: what a
/// hover on a name shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityCard {
    /// The key claims refer to it by.
    pub key: String,
    /// The fullest name the sources use.
    pub name: String,
    pub kind: EntityKind,
    /// The role as the sources describe it ("Kremlin spokesperson").
    pub role: Option<String>,
    /// Every spelling the sources use for it, the name included.
    pub aliases: Vec<String>,
    /// Where the sources mention it, one per sentence.
    pub mentions: Vec<Evidence>,
    /// What the sources attribute to it: quotes and statements.
    pub statements: Vec<Evidence>,
}

/// Everything the engine found in one draft.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub claims: Vec<Claim>,
}
