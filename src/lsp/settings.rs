//! The editor's settings: `initializationOptions` and
//! `workspace/didChangeConfiguration`, laid over the workspace's `vouch.toml`.
//!
//! ```json
//! {"corpus": {"paths": ["corpus"], "exclude": []},
//!  "severity": {"unsupported-figure": "info", "source-conflict": "off"},
//!  "inlayHints": {"enable": false}}
//! ```
//!
//! Every key is optional and unknown keys are ignored. A bad value is named
//! in a problem and its default applies.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::config::Config;

/// The settings the editor sent; None where it said nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub corpus_paths: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    /// (code, level) pairs, already validated.
    pub severity: Vec<(String, String)>,
    pub inlay_hints: Option<bool>,
    /// The longest wait for typing to pause before a slow check (see
    /// `checker::Pace`). Not part of the editors' contract: 0 checks every
    /// edit at once, as the benchmark does to time the work alone.
    pub debounce: Option<Duration>,
}

impl Settings {
    /// Reads settings from the object itself or from `{"vouch": {...}}`.
    /// Problems come back as one line each.
    pub fn parse(value: &Value) -> (Settings, Vec<String>) {
        let mut problems = Vec::new();
        let mut settings = Settings::default();
        let value = match value.get("vouch") {
            Some(inner) if inner.is_object() || is_empty_table(inner) => inner,
            _ => value,
        };
        if is_empty_table(value) {
            return (settings, problems);
        }
        let Some(object) = value.as_object() else {
            problems.push("settings must be an object".to_string());
            return (settings, problems);
        };
        match object.get("corpus") {
            Some(Value::Object(c)) => {
                settings.corpus_paths = strings(c.get("paths"), "corpus.paths", &mut problems);
                settings.exclude = strings(c.get("exclude"), "corpus.exclude", &mut problems);
            }
            Some(v) if is_empty_table(v) => {}
            None => {}
            Some(_) => problems.push("corpus must be an object with paths and exclude".into()),
        }
        match object.get("severity") {
            Some(v) if is_empty_table(v) => {}
            Some(Value::Object(levels)) => {
                let mut scratch = Config::default();
                for (code, level) in levels {
                    let Some(level) = level.as_str() else {
                        problems.push(format!("severity.{code} must be a string"));
                        continue;
                    };
                    match scratch.set_severity(code, level) {
                        Ok(()) => settings.severity.push((code.clone(), level.to_string())),
                        Err(problem) => problems.push(format!("severity: {problem}")),
                    }
                }
            }
            None => {}
            Some(_) => problems.push("severity must be an object of code = level".into()),
        }
        match object.get("inlayHints") {
            Some(v) if is_empty_table(v) => {}
            Some(Value::Object(h)) => match h.get("enable") {
                Some(Value::Bool(b)) => settings.inlay_hints = Some(*b),
                Some(Value::Null) | None => {}
                Some(_) => problems.push("inlayHints.enable must be true or false".into()),
            },
            None => {}
            Some(_) => problems.push("inlayHints must be an object like {\"enable\": true}".into()),
        }
        match object.get("debounceMs") {
            Some(Value::Number(n)) if n.as_u64().is_some() => {
                settings.debounce = n.as_u64().map(Duration::from_millis);
            }
            Some(Value::Null) | None => {}
            Some(_) => problems.push("debounceMs must be a whole number of milliseconds".into()),
        }
        (settings, problems)
    }

    /// Lays these settings over a workspace's `vouch.toml` settings; corpus
    /// paths are relative to the workspace root.
    pub fn apply(&self, config: &mut Config, root: &Path) {
        if let Some(paths) = &self.corpus_paths {
            config.corpus = paths.iter().map(|p| root.join(p)).collect();
        }
        if let Some(exclude) = &self.exclude {
            config.exclude = exclude.clone();
        }
        for (code, level) in &self.severity {
            // Validated when parsed.
            let _ = config.set_severity(code, level);
        }
        if let Some(on) = self.inlay_hints {
            config.inlay_hints = on;
        }
    }
}

/// Null, `{}` or `[]`: nothing said. Lua encodes an empty table as `[]`, so
/// an editor written in Lua (Neovim) sends `[]` where it means `{}`.
fn is_empty_table(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// A list of strings; an empty list says nothing (an editor's empty default
/// means "use vouch.toml or ./corpus", as an unset key does).
fn strings(value: Option<&Value>, name: &str, problems: &mut Vec<String>) -> Option<Vec<String>> {
    match value {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) if items.is_empty() => None,
        Some(Value::Array(items)) => {
            let out: Option<Vec<String>> = items
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect();
            if out.is_none() {
                problems.push(format!("{name} must be a list of strings"));
            }
            out
        }
        Some(_) => {
            problems.push(format!("{name} must be a list of strings"));
            None
        }
    }
}

/// The one message that names every problem in the settings.
pub fn problems_message(problems: &[String]) -> Option<String> {
    (!problems.is_empty())
        .then(|| format!("bad settings ({}); defaults apply", problems.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::findings::{Code, Severity};
    use serde_json::json;

    #[test]
    fn reads_the_contract_shape_and_the_nested_shape() {
        let v = json!({"corpus": {"paths": ["sources"], "exclude": ["x/**"]},
            "severity": {"unsupported-figure": "info", "source-conflict": "off"},
            "inlayHints": {"enable": true}, "somethingElse": 3});
        let (s, problems) = Settings::parse(&v);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(Settings::parse(&json!({"vouch": v})).0, s);
        let mut c = Config::default();
        s.apply(&mut c, Path::new("/ws"));
        assert_eq!(c.corpus, vec![Path::new("/ws/sources")]);
        assert_eq!(c.exclude, vec!["x/**"]);
        assert_eq!(c.severity(Code::UnsupportedFigure), Some(Severity::Info));
        assert_eq!(c.severity(Code::SourceConflict), None);
        assert!(c.inlay_hints);
    }

    #[test]
    fn bad_values_are_named_and_their_defaults_apply() {
        let v = json!({"corpus": {"paths": "corpus"}, "severity": {"figure-mismatch": "loud", "nope": "off"},
            "inlayHints": {"enable": "yes"}});
        let (s, problems) = Settings::parse(&v);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("corpus.paths"));
        let mut c = Config::default();
        s.apply(&mut c, Path::new("/ws"));
        assert_eq!(c, Config::default());
        assert!(
            problems_message(&problems)
                .unwrap()
                .contains("defaults apply")
        );
        assert!(Settings::parse(&Value::Null).1.is_empty());
        assert_eq!(Settings::parse(&json!(5)).1.len(), 1);
        assert_eq!(Settings::parse(&json!([1])).1.len(), 1);
    }

    #[test]
    fn empty_tables_from_lua_are_empty_settings() {
        // Lua encodes {} as []: at the top, under "vouch", and for each object.
        for v in [
            json!([]),
            json!({}),
            json!({"vouch": []}),
            json!({"corpus": [], "severity": [], "inlayHints": []}),
            json!({"corpus": {"paths": [], "exclude": []}}),
        ] {
            let (s, problems) = Settings::parse(&v);
            assert!(problems.is_empty(), "{v}: {problems:?}");
            assert_eq!(s, Settings::default(), "{v}");
        }
    }
}
