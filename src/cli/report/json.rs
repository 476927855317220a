//! The JSON report: the contract in the eval README, and the same shape the
//! language server publishes: 0-based lines, UTF-16 characters, and sources
//! with 1-based lines.

use serde_json::{Value, json};

use super::{Checked, one_line};
use crate::position::{Encoding, LineMap};

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
                    let sources: Vec<Value> = f
                        .evidence
                        .iter()
                        .map(|e| json!({"path": e.path, "line": e.line, "excerpt": one_line(&e.sentence)}))
                        .collect();
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
