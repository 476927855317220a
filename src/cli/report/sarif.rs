//! SARIF 2.1.0, as code-scanning tools read it: one rule per code, one result
//! per finding, with the source sentences as related locations.

use serde_json::{Value, json};

use super::{Checked, one_line};
use crate::engine::findings::{Code, Severity};
use crate::position::{Encoding, LineMap};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// A readable rule name, distinct from the id as SARIF asks (SARIF1001).
fn rule_name(code: Code) -> &'static str {
    match code {
        Code::FigureMismatch => "FigureDiffersFromSources",
        Code::UnsupportedFigure => "FigureNotInSources",
        Code::SourceConflict => "SourcesDisagreeOnFigure",
        Code::Misquote => "QuoteDiffersFromSource",
        Code::Misattribution => "WordsGivenToWrongSpeaker",
        Code::QuoteNotFound => "QuoteNotInSources",
        Code::NameVariant => "NameSpelledDifferently",
    }
}

/// A file path as a SARIF URI reference: forward slashes, spaces escaped.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for c in path.replace('\\', "/").chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            _ => out.push(c),
        }
    }
    out
}

pub fn render(files: &[Checked]) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|&code| {
            json!({
                "id": code.as_str(),
                "name": rule_name(code),
                "shortDescription": {"text": code.summary()},
                "fullDescription": {"text": code.summary()},
                // The rule's documentation itself, not a link: it is hosted nowhere.
                "help": {
                    "text": code.summary(),
                    "markdown": crate::cli::rule::explanation(code.as_str())
                        .unwrap_or_else(|| code.summary().to_string()),
                },
                "defaultConfiguration": {"level": level(code.default_severity())},
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in files {
        let map = LineMap::new(&file.text);
        for (f, severity) in &file.findings {
            let start = map.position(f.range.start, Encoding::Utf16);
            let end = map.position(f.range.end, Encoding::Utf16);
            let related: Vec<Value> = f
                .evidence
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    json!({
                        "id": i + 1,
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(&e.path)},
                            "region": {"startLine": e.line, "snippet": {"text": one_line(&e.sentence)}},
                        },
                        "message": {"text": format!("{}: {}", e.cite(), one_line(&e.sentence))},
                    })
                })
                .collect();
            let rule_index = Code::ALL.iter().position(|&c| c == f.code).unwrap_or(0);
            let mut result = json!({
                "ruleId": f.code.as_str(),
                "ruleIndex": rule_index,
                "level": level(*severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&file.path)},
                        "region": {
                            "startLine": start.line + 1,
                            "startColumn": start.character + 1,
                            "endLine": end.line + 1,
                            "endColumn": end.character + 1,
                            "snippet": {"text": &file.text[f.range.clone()]},
                        },
                    },
                }],
                "partialFingerprints": {
                    "vouchFinding/v1": format!("{:016x}", xxhash_rust::xxh3::xxh3_64(
                        format!("{}\u{0}{}", f.code.as_str(), &file.text[f.range.clone()]).as_bytes()
                    )),
                },
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            if !f.fixes.is_empty() {
                let fixes: Vec<Value> = f
                    .fixes
                    .iter()
                    .map(|fix| {
                        json!({
                            "description": {"text": fix.title},
                            "artifactChanges": [{
                                "artifactLocation": {"uri": uri(&file.path)},
                                "replacements": [{
                                    "deletedRegion": {
                                        "startLine": start.line + 1,
                                        "startColumn": start.character + 1,
                                        "endLine": end.line + 1,
                                        "endColumn": end.character + 1,
                                    },
                                    "insertedContent": {"text": fix.replacement},
                                }],
                            }],
                        })
                    })
                    .collect();
                result["fixes"] = Value::Array(fixes);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "vouch",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/vouch-check/vouch",
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}
