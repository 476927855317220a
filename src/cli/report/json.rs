//! The JSON report: the contract in the eval README, and the same shape the
//! language server publishes: 0-based lines, UTF-16 characters, and sources
//! with 1-based lines.

use serde_json::{Value, json};

use super::{Checked, one_line};
use crate::engine::findings::Evidence;
use crate::position::{Encoding, LineMap};

/// A piece of evidence: where it is, what it says, and what the source says
/// of itself (only the fields it has).
fn source(e: &Evidence) -> Value {
    let mut v = json!({"path": e.path, "line": e.line, "excerpt": one_line(&e.sentence)});
    let meta = [
        ("page", e.page.map(Value::from)),
        ("title", e.title.clone().map(Value::from)),
        ("outlet", e.outlet.clone().map(Value::from)),
        ("url", e.url.clone().map(Value::from)),
        ("published", e.published.clone().map(Value::from)),
    ];
    for (key, value) in meta {
        if let Some(value) = value {
            v[key] = value;
        }
    }
    v
}

pub fn render(files: &[Checked]) -> Value {
    let files: Vec<Value> = files
        .iter()
        .map(|file| {
            let map = LineMap::new(&file.text);
            let diagnostics: Vec<Value> = file
                .findings
                .iter()
                .map(|(f, severity)| {
                    let start = map.position(f.range.start, Encoding::Utf16);
                    let end = map.position(f.range.end, Encoding::Utf16);
                    let sources: Vec<Value> = f.evidence.iter().map(source).collect();
                    json!({
                        "range": {
                            "start": {"line": start.line, "character": start.character},
                            "end": {"line": end.line, "character": end.character},
                        },
                        "severity": severity.as_str(),
                        "code": f.code.as_str(),
                        "message": f.message,
                        "sources": sources,
                    })
                })
                .collect();
            json!({"path": file.path, "diagnostics": diagnostics})
        })
        .collect();
    json!({ "files": files })
}
