//! Reports of checked drafts: for people (human), for tools (json, sarif).

pub mod human;
pub mod json;
pub mod sarif;

use crate::engine::findings::{Finding, Severity};

/// One checked draft and its findings with the severities in effect.
pub struct Checked {
    /// The path as given on the command line.
    pub path: String,
    pub text: String,
    pub findings: Vec<(Finding, Severity)>,
}

/// A sentence on one line, for excerpts.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
