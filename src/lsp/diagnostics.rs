//! Findings as LSP diagnostics: the code (`vouch rule CODE` explains it),
//! `source: "vouch"`, the configured severity, and the source sentences as
//! related information.

use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString,
};

use super::analysis::range_in;
use super::workspace::Workspace;
use crate::config::Config;
use crate::engine::document::Document;
use crate::engine::explain;
use crate::engine::findings::{Finding, Report, Severity};
use crate::position::{Encoding, LineMap};

pub const SOURCE: &str = "vouch";

/// The diagnostics of a checked draft; findings whose code is off are left out.
pub fn of(
    document: &Document,
    report: &Report,
    config: &Config,
    enc: Encoding,
    ws: &Workspace,
) -> Vec<Diagnostic> {
    let map = LineMap::new(&document.text);
    report
        .findings
        .iter()
        .filter_map(|f| Some(diagnostic(f, config.severity(f.code)?, &map, enc, ws)))
        .collect()
}

fn diagnostic(
    f: &Finding,
    severity: Severity,
    map: &LineMap,
    enc: Encoding,
    ws: &Workspace,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = f
        .evidence
        .iter()
        .filter_map(|e| {
            Some(DiagnosticRelatedInformation {
                location: ws.sources.location(e, enc, false)?,
                message: explain::excerpt(&e.sentence),
            })
        })
        .collect();
    Diagnostic {
        range: range_in(map, &f.range, enc),
        severity: Some(lsp_severity(severity)),
        code: Some(NumberOrString::String(f.code.as_str().to_string())),
        // No link: vouch's code documentation is hosted nowhere, and a link
        // that opens no page is worse than none. `vouch rule CODE` (and the
        // editors' commands on it) explains the code; VS Code adds its own link.
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

pub fn lsp_severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}
