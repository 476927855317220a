//! The report for people, in the style of rustc and ruff:
//! `path:line:col: severity[code]: message`, the draft line with the figure
//! marked, then the source lines. Colour on a terminal, none when piped.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::{Checked, one_line};
use crate::engine::findings::{Evidence, Severity};
use crate::position::{Encoding, LineMap, width};

/// Characters of context kept on each side of a marked span in long lines.
const CONTEXT: usize = 60;

fn severity_style(s: Severity) -> Style {
    let color = match s {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Blue,
        Severity::Hint => AnsiColor::Cyan,
    };
    color.on_default().bold()
}

/// Cuts a long line to a window around byte range [start, end), returning the
/// shown text and the range's char columns within it.
fn window(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let end = end.min(line.len()).max(start);
    // Only the context is walked, never the whole line: a draft may be one
    // long line with many findings.
    let before_from = line[..start]
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let (prefix, shown_before) = if line[..before_from].is_empty() {
        ("", &line[..start])
    } else {
        ("…", &line[before_from..start])
    };
    let marked = line[start..end].chars().count();
    let after_to = line[end..]
        .char_indices()
        .nth(CONTEXT)
        .map_or(line.len(), |(i, _)| end + i);
    let suffix = if after_to < line.len() { "…" } else { "" };
    let col = prefix.chars().count() + shown_before.chars().count();
    (
        format!(
            "{prefix}{shown_before}{}{}{suffix}",
            &line[start..end],
            &line[end..after_to]
        ),
        col,
        marked.max(1),
    )
}

pub fn render(out: &mut dyn Write, files: &[Checked]) -> std::io::Result<()> {
    let bold = Style::new().bold();
    let blue = AnsiColor::Blue.on_default().bold();
    let dim = Style::new().dimmed();
    let (mut errors, mut warnings, mut others) = (0, 0, 0);
    for file in files {
        let map = LineMap::new(&file.text);
        for (f, severity) in &file.findings {
            match severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                _ => others += 1,
            }
            let pos = map.position(f.range.start, Encoding::Chars);
            let sev = severity_style(*severity);
            writeln!(
                out,
                "{bold}{}:{}:{}:{bold:#} {sev}{}[{}]{sev:#}{bold}:{bold:#} {}",
                file.path,
                pos.line + 1,
                pos.character + 1,
                severity.as_str(),
                f.code,
                f.message
            )?;
            let line_no = (pos.line + 1).to_string();
            let pad = " ".repeat(line_no.len());
            let line = map.line_text(pos.line as usize);
            let byte_pos = map.position(f.range.start, Encoding::Utf8).character as usize;
            let end_in_line = (f.range.end - f.range.start + byte_pos).min(line.len());
            let (shown, col, len) = window(line, byte_pos, end_in_line);
            writeln!(out, "{blue}{pad} |{blue:#}")?;
            writeln!(out, "{blue}{line_no} |{blue:#} {shown}")?;
            let lead = width(
                &shown.chars().take(col).collect::<String>(),
                Encoding::Chars,
            );
            writeln!(
                out,
                "{blue}{pad} |{blue:#} {}{sev}{}{sev:#}",
                " ".repeat(lead),
                "^".repeat(len)
            )?;
            for e in &f.evidence {
                writeln!(out, "{blue}{pad} ={blue:#} {}", source_line(e, dim))?;
            }
            for fix in &f.fixes {
                writeln!(
                    out,
                    "{blue}{pad} ={blue:#} {bold}fix{bold:#}: {}",
                    fix.title
                )?;
            }
            writeln!(out)?;
        }
    }
    let total = errors + warnings + others;
    let noun = if files.len() == 1 { "file" } else { "files" };
    if total == 0 {
        writeln!(
            out,
            "{bold}No problems found{bold:#} in {} {noun}.",
            files.len()
        )?;
    } else {
        let mut parts = Vec::new();
        if errors > 0 {
            parts.push(format!(
                "{errors} error{}",
                if errors == 1 { "" } else { "s" }
            ));
        }
        if warnings > 0 {
            parts.push(format!(
                "{warnings} warning{}",
                if warnings == 1 { "" } else { "s" }
            ));
        }
        if others > 0 {
            parts.push(format!(
                "{others} note{}",
                if others == 1 { "" } else { "s" }
            ));
        }
        writeln!(
            out,
            "{bold}Found {total} problem{}{bold:#} ({}) in {} {noun}.",
            if total == 1 { "" } else { "s" },
            parts.join(", "),
            files.len()
        )?;
    }
    Ok(())
}

/// `file:line: sentence`, with the source's figure in bold.
fn source_line(e: &Evidence, dim: Style) -> String {
    let bold = Style::new().bold();
    let s = &e.sentence;
    let text = match &e.span {
        Some(r)
            if r.start <= r.end
                && r.end <= s.len()
                && s.is_char_boundary(r.start)
                && s.is_char_boundary(r.end) =>
        {
            let before = keep_last(&collapse(&s[..r.start]), CONTEXT);
            let after = keep_first(&collapse(&s[r.end..]), CONTEXT);
            format!(
                "{}{bold}{}{bold:#}{}",
                before.trim_start(),
                collapse(&s[r.clone()]),
                after.trim_end()
            )
        }
        _ => one_line(s),
    };
    format!("{dim}{}:{dim:#} {text}", e.cite())
}

/// Runs of whitespace become one space; edges keep theirs.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

fn keep_last(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        s.to_string()
    } else {
        format!("…{}", s.chars().skip(count - n).collect::<String>())
    }
}

fn keep_first(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_keeps_context_around_the_mark() {
        let line = format!("{}MARK{}", "a".repeat(100), "é".repeat(100));
        let start = 100;
        let (shown, col, len) = window(&line, start, start + 4);
        assert_eq!(shown, format!("…{}MARK{}…", "a".repeat(60), "é".repeat(60)));
        assert_eq!((col, len), (61, 4));
        let (shown, col, len) = window("short MARK line", 6, 10);
        assert_eq!((shown.as_str(), col, len), ("short MARK line", 6, 4));
        let exact = format!("{}X", "b".repeat(CONTEXT));
        let (shown, col, _) = window(&exact, CONTEXT, CONTEXT + 1);
        assert_eq!((shown, col), (exact.clone(), CONTEXT));
    }
}
