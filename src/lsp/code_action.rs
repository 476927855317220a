//! `textDocument/codeAction`: the engine's quick fixes, a footnote citing a
//! source, and a `<!-- vouch-ignore: CODE -->` above the block. The server
//! only proposes edits; the editor applies the one the user picks.

use std::collections::HashMap;
use std::ops::Range;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic, NumberOrString,
    TextEdit, Uri, WorkspaceEdit,
};

use super::analysis::Analysis;
use super::sources::shown_path;
use crate::engine::findings::{Claim, Evidence, Finding, Stance};
use crate::engine::text::{Block, BlockKind, Format, IgnoreDirective};
use crate::position::Encoding;

/// Sources offered as citations for one claim, at most.
const CITATIONS_PER_CLAIM: usize = 3;

pub fn code_actions(
    analysis: &Analysis,
    uri: &Uri,
    params: &CodeActionParams,
    enc: Encoding,
) -> Vec<CodeActionOrCommand> {
    let start = analysis.offset(params.range.start, enc);
    let end = analysis.offset(params.range.end, enc).max(start);
    let touches = |r: &Range<usize>| r.start <= end && start <= r.end;
    let mut actions = Vec::new();
    for f in analysis
        .report
        .findings
        .iter()
        .filter(|f| touches(&f.range))
    {
        if analysis.config.severity(f.code).is_none() {
            continue;
        }
        let diagnostics = matching_diagnostics(analysis, f, &params.context.diagnostics, enc);
        for fix in &f.fixes {
            actions.push(action(
                fix.title.clone(),
                CodeActionKind::QUICKFIX,
                uri,
                vec![TextEdit::new(
                    analysis.range(&f.range, enc),
                    fix.replacement.clone(),
                )],
                diagnostics.clone(),
                // Sources that disagree offer one fix each: none is preferred.
                f.fixes.len() == 1,
            ));
        }
        if let Some((edit, place)) = ignore_edit(analysis, f, enc) {
            actions.push(action(
                format!("Ignore {} in this {place}", f.code),
                CodeActionKind::QUICKFIX,
                uri,
                vec![edit],
                diagnostics,
                false,
            ));
        }
    }
    for claim in analysis.report.claims.iter().filter(|c| touches(&c.range)) {
        for e in citable(claim) {
            actions.push(action(
                citation_title(analysis, e),
                CodeActionKind::REFACTOR_REWRITE,
                uri,
                citation_edits(analysis, claim, e, enc),
                Vec::new(),
                false,
            ));
        }
    }
    if let Some(only) = &params.context.only {
        actions.retain(|a| match a {
            CodeActionOrCommand::CodeAction(a) => a.kind.as_ref().is_some_and(|k| {
                only.iter().any(|o| {
                    k.as_str() == o.as_str() || k.as_str().starts_with(&format!("{}.", o.as_str()))
                })
            }),
            CodeActionOrCommand::Command(_) => false,
        });
    }
    actions
}

fn action(
    title: String,
    kind: CodeActionKind,
    uri: &Uri,
    edits: Vec<TextEdit>,
    diagnostics: Vec<Diagnostic>,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    })
}

/// The client's diagnostics this finding published.
fn matching_diagnostics(
    analysis: &Analysis,
    f: &Finding,
    sent: &[Diagnostic],
    enc: Encoding,
) -> Vec<Diagnostic> {
    let range = analysis.range(&f.range, enc);
    sent.iter()
        .filter(|d| {
            d.range == range && d.code == Some(NumberOrString::String(f.code.as_str().to_string()))
        })
        .cloned()
        .collect()
}

/// `<!-- vouch-ignore: CODE -->` where it silences the finding's block and
/// leaves the markdown whole: on its own line above a paragraph or heading
/// (the documented form); inline, at the end of the finding's cell or line,
/// in a table row, a list item or a quote, where a line of its own would end
/// the table or split the list. A directive already there gets the code
/// added. Also what the block is called, for the action's title.
fn ignore_edit(
    analysis: &Analysis,
    f: &Finding,
    enc: Encoding,
) -> Option<(TextEdit, &'static str)> {
    let doc = &analysis.document;
    if doc.format != Format::Markdown {
        return None; // Plain text has no comments to hide a directive in.
    }
    let block = doc.prose.blocks.iter().find(|b| {
        b.range.start <= f.range.start && f.range.start < b.range.end.max(b.range.start + 1)
    })?;
    let place = match block.kind {
        BlockKind::TableRow => "table row",
        BlockKind::ListItem => "list item",
        BlockKind::Heading => "heading",
        BlockKind::Paragraph | BlockKind::Title => "paragraph",
    };
    let line = doc.lines.line(block.range.start);
    let line_start = doc.lines.line_start(line)?;
    let text = &doc.text;
    let own_line = matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading)
        && !block.quoted
        && !in_container(&text[line_start..block.range.start]);
    let code = f.code.as_str();
    let edit = if own_line {
        above(analysis, line, line_start, code, enc)?
    } else {
        inline(analysis, block, f, code, enc)?
    };
    Some((edit, place))
}

/// Whether the text before a block on its line is a container's marker
/// (a list item's, a quote's, a table's) or indentation: the block is inside
/// something a line of its own would break.
fn in_container(prefix: &str) -> bool {
    if prefix.starts_with([' ', '\t']) {
        return true;
    }
    let bullet = prefix.len() >= 2
        && prefix.starts_with(['-', '+', '*'])
        && prefix[1..].starts_with([' ', '\t']);
    let digits = prefix.len()
        - prefix
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let ordered = (1..=9).contains(&digits) && prefix[digits..].starts_with(['.', ')']);
    bullet || ordered || prefix.starts_with(['>', '|'])
}

/// The directive on its own line above the block, or the code added to the
/// one already there.
fn above(
    analysis: &Analysis,
    line: usize,
    line_start: usize,
    code: &str,
    enc: Encoding,
) -> Option<TextEdit> {
    let doc = &analysis.document;
    let text = &doc.text;
    if line > 0 {
        let prev_start = doc.lines.line_start(line - 1)?;
        let prev_body = text[prev_start..line_start].trim_end_matches(['\r', '\n']);
        if let Some(existing) = IgnoreDirective::parse(prev_body) {
            let indent = leading_space(prev_body);
            return with_code(existing, code).map(|codes| {
                TextEdit::new(
                    analysis.range(&(prev_start..prev_start + prev_body.len()), enc),
                    format!("{indent}{}", comment(&codes)),
                )
            });
        }
    }
    let line_text = &text[line_start..];
    let first = line_text.split('\n').next().unwrap_or("");
    let newline = if first.ends_with('\r') { "\r\n" } else { "\n" };
    Some(TextEdit::new(
        analysis.range(&(line_start..line_start), enc),
        format!(
            "{}{}{newline}",
            leading_space(line_text),
            comment(&[code.to_string()])
        ),
    ))
}

/// The directive inline, inside the block: added to one already on the
/// block's lines, else at the end of the finding's table cell, or of its
/// line (before trailing spaces and a hard break's backslash).
fn inline(
    analysis: &Analysis,
    block: &Block,
    f: &Finding,
    code: &str,
    enc: Encoding,
) -> Option<TextEdit> {
    let doc = &analysis.document;
    let text = &doc.text;
    let first_line = doc.lines.line_start(doc.lines.line(block.range.start))?;
    let last_end = line_end(text, block.range.end.max(f.range.end));
    let mut from = first_line;
    while let Some(open) = text[from..last_end].find("<!--") {
        let start = from + open;
        let Some(close) = text[start..last_end].find("-->") else {
            break;
        };
        let end = start + close + 3;
        if let Some(existing) = IgnoreDirective::parse(&text[start..end]) {
            return with_code(existing, code)
                .map(|codes| TextEdit::new(analysis.range(&(start..end), enc), comment(&codes)));
        }
        from = end;
    }
    let end = line_end(text, f.range.end);
    let mut at = match block.kind {
        BlockKind::TableRow => {
            unescaped_pipe(&text[f.range.end..end]).map_or(end, |i| f.range.end + i)
        }
        _ => end,
    };
    let trim = |at: usize| f.range.end + text[f.range.end..at].trim_end_matches([' ', '\t']).len();
    at = trim(at);
    if block.kind != BlockKind::TableRow && text[f.range.end..at].ends_with('\\') {
        at = trim(at - 1);
    }
    Some(TextEdit::new(
        analysis.range(&(at..at), enc),
        format!(" {}", comment(&[code.to_string()])),
    ))
}

/// The end of the line holding `at`, before its line break.
fn line_end(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    }
}

/// The first `|` not escaped with a backslash: where a table cell ends.
fn unescaped_pipe(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b'|' && bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 0
    })
}

/// A directive's codes with one more; None when it already silences it.
fn with_code(existing: IgnoreDirective, code: &str) -> Option<Vec<String>> {
    if existing.silences(code) {
        return None;
    }
    let mut codes = existing.codes;
    codes.push(code.to_string());
    Some(codes)
}

fn comment(codes: &[String]) -> String {
    format!("<!-- vouch-ignore: {} -->", codes.join(", "))
}

fn leading_space(s: &str) -> &str {
    &s[..s.len() - s.trim_start_matches([' ', '\t']).len()]
}

/// The supporting sources of a claim, one piece of evidence per source.
fn citable(claim: &Claim) -> Vec<&Evidence> {
    let mut out: Vec<&Evidence> = Vec::new();
    for e in claim
        .evidence
        .iter()
        .filter(|e| e.stance == Stance::Supports)
    {
        if out.len() < CITATIONS_PER_CLAIM && !out.iter().any(|o| o.source == e.source) {
            out.push(e);
        }
    }
    out
}

fn cite(analysis: &Analysis, e: &Evidence) -> (String, String) {
    let path = shown_path(&e.path, &analysis.workspace.root);
    let title = e.title.clone().unwrap_or_else(|| path.clone());
    let place = match (e.kind.has_lines(), e.page) {
        (true, _) => format!("{path}:{}", e.line),
        (false, Some(page)) => format!("{path}, p. {page}"),
        (false, None) => path,
    };
    (title, place)
}

fn citation_title(analysis: &Analysis, e: &Evidence) -> String {
    let (title, place) = cite(analysis, e);
    format!(
        "Cite “{title}” ({place}) as footnote [^{}]",
        next_footnote(&analysis.document.text)
    )
}

/// `[^n]` after the claim and `[^n]: “Title”, Outlet, date, <url>.` at the
/// end of the draft (the file name where the source has no title or URL),
/// numbered after its existing footnotes.
fn citation_edits(
    analysis: &Analysis,
    claim: &Claim,
    e: &Evidence,
    enc: Encoding,
) -> Vec<TextEdit> {
    let text = analysis.text();
    let n = next_footnote(text);
    let path = shown_path(&e.path, &analysis.workspace.root);
    let citation = crate::engine::explain::citation(e, &path);
    let last_line = text
        .trim_end_matches(['\r', '\n'])
        .rsplit('\n')
        .next()
        .unwrap_or("");
    let after_footnotes = last_line.trim_start().starts_with("[^");
    let separator = match (
        text.ends_with("\n\n"),
        text.ends_with('\n'),
        after_footnotes,
    ) {
        (true, _, _) => "",
        (false, true, true) => "",
        (false, true, false) => "\n",
        (false, false, true) => "\n",
        (false, false, false) => "\n\n",
    };
    vec![
        TextEdit::new(
            analysis.range(&(claim.range.end..claim.range.end), enc),
            format!("[^{n}]"),
        ),
        TextEdit::new(
            analysis.range(&(text.len()..text.len()), enc),
            format!("{separator}[^{n}]: {citation}.\n"),
        ),
    ]
}

/// One more than the highest numbered footnote in the draft.
pub fn next_footnote(text: &str) -> u32 {
    let mut max = 0u32;
    let mut rest = text;
    while let Some(i) = rest.find("[^") {
        rest = &rest[i + 2..];
        let digits: &str = &rest[..rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len())];
        if !digits.is_empty()
            && rest[digits.len()..].starts_with(']')
            && let Ok(n) = digits.parse::<u32>()
        {
            max = max.max(n);
        }
    }
    max.saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnotes_number_after_the_existing_ones() {
        assert_eq!(next_footnote("No notes."), 1);
        assert_eq!(next_footnote("A[^1] b[^3].\n\n[^1]: x\n[^3]: y\n"), 4);
        assert_eq!(next_footnote("Named [^note] and [^2a] are not numbers."), 1);
        assert_eq!(next_footnote("[^"), 1);
    }

    #[test]
    fn container_markers_are_told_from_formatting() {
        for (prefix, inside) in [
            ("", false),
            ("*", false),
            ("**", false),
            ("[", false),
            ("# ", false),
            ("- ", true),
            ("* ", true),
            ("12. ", true),
            ("3) ", true),
            ("> ", true),
            ("| ", true),
            ("  ", true),
            ("2024", false),
        ] {
            assert_eq!(in_container(prefix), inside, "{prefix:?}");
        }
    }

    #[test]
    fn cells_end_at_an_unescaped_pipe() {
        assert_eq!(unescaped_pipe(" 5 | 6 |"), Some(3));
        assert_eq!(unescaped_pipe(" a \\| b | c"), Some(8));
        assert_eq!(unescaped_pipe(" a \\\\| b"), Some(5));
        assert_eq!(unescaped_pipe(" no pipe"), None);
    }

    #[test]
    fn leading_space_is_the_indent() {
        assert_eq!(leading_space("  - item"), "  ");
        assert_eq!(leading_space("text"), "");
    }
}
