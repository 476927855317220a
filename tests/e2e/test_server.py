"""vouch lsp driven by pytest-lsp: diagnostics, hover, definition, a quick
fix that fixes its finding, and a corpus change on disk re-checking the draft."""

import asyncio
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

TIMEOUT = 60.0


def position_of(text: str, needle: str, plus: int = 0) -> types.Position:
    """The UTF-16 position of `needle` in `text` (plus some characters)."""
    at = text.index(needle) + plus
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    return types.Position(line=line, character=len(text[start:at].encode("utf-16-le")) // 2)


def offset_of(text: str, pos: types.Position) -> int:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: pos.line])
    units, i = 0, start
    while units < pos.character:
        units += len(text[i].encode("utf-16-le")) // 2
        i += 1
    return i


def apply(text: str, edits: list[types.TextEdit]) -> str:
    spans = sorted(((offset_of(text, e.range.start), offset_of(text, e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def until(what: str, condition):
    """Waits until condition() holds; fails after TIMEOUT seconds."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def open_draft(client: LanguageClient, name: str = "draft.md") -> tuple[str, str]:
    path: Path = client.workspace / name
    text = path.read_text()
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        )
    )
    await until("diagnostics on open", lambda: client.diagnostics.get(uri))
    return uri, text


def codes(diagnostics) -> set[str]:
    return {d.code for d in diagnostics}


async def test_diagnostics_carry_their_codes(client: LanguageClient):
    uri, _ = await open_draft(client)
    diagnostics = client.diagnostics[uri]
    assert {"figure-mismatch", "source-conflict", "unsupported-figure"} <= codes(diagnostics)
    for d in diagnostics:
        assert d.source == "vouch"
        assert d.code_description is None  # no link to documentation hosted nowhere
    mismatch = next(d for d in diagnostics if "$6.35 billion" in d.message)
    assert mismatch.severity == types.DiagnosticSeverity.Error
    assert any(r.location.uri.endswith("004_4e68ea6f26a5cbdb.txt") for r in mismatch.related_information)
    await until("the corpus status", lambda: any(s.state == "ready" for s in map(_status, client.statuses)))


def _status(params):
    # Custom notifications arrive as plain objects.
    return params if hasattr(params, "state") else type("S", (), dict(params))


async def test_hover_names_the_sources(client: LanguageClient):
    uri, text = await open_draft(client)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position_of(text, "$6.35 billion", 2))
    )
    value = hover.contents.value
    assert "004_4e68ea6f26a5cbdb.txt:11" in value, value
    assert "003_e59f5d17fc10ea35.txt:11" in value, value
    assert "**$61.4 billion**" in value, value


async def test_definition_lands_on_the_source_line(client: LanguageClient):
    uri, text = await open_draft(client)
    result = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position_of(text, "$61.4 billion", 1))
    )
    first = result[0]
    assert first.uri.endswith("corpus/004_4e68ea6f26a5cbdb.txt"), first.uri
    source = (client.workspace / "corpus" / "004_4e68ea6f26a5cbdb.txt").read_text()
    assert first.range.start.line == 10
    assert source[offset_of(source, first.range.start) : offset_of(source, first.range.end)] == "$61.4 billion"


async def test_quick_fix_fixes_the_finding(client: LanguageClient):
    uri, text = await open_draft(client)
    line = position_of(text, "up to 25%").line

    def mismatches():
        return [d for d in client.diagnostics[uri] if d.code == "figure-mismatch" and d.range.start.line == line]

    assert mismatches()
    start, end = position_of(text, "up to 25%"), position_of(text, "up to 25%", len("up to 25%"))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=start, end=end),
            context=types.CodeActionContext(diagnostics=mismatches()),
        )
    )
    fix = next(a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.is_preferred)
    assert fix.diagnostics, "the fix names the diagnostic it fixes"
    fixed = apply(text, fix.edit.changes[uri])
    assert "up to 20%" in fixed
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await until("the mismatch to go", lambda: not mismatches())
    # The rest of the findings are still there.
    assert "source-conflict" in codes(client.diagnostics[uri])


async def test_a_corpus_change_on_disk_rechecks_the_draft(client: LanguageClient):
    uri, _ = await open_draft(client)

    def since_1999():
        return [d for d in client.diagnostics[uri] if d.code == "unsupported-figure" and "1999" in d.message]

    assert since_1999()
    # No didChangeWatchedFiles: the server's own watcher sees the new source.
    (client.workspace / "corpus" / "putin.txt").write_text("Putin in power\n\nPutin has been in power since 1999.\n")
    await until("the draft re-checked against the new source", lambda: not since_1999())
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="vouch.reindex", arguments=[]))
    assert result["sources"] == 6


async def test_show_sources_says_them_in_one_message(client: LanguageClient):
    uri, text = await open_draft(client)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command="vouch.showSources", arguments=[uri, {"line": position_of(text, "$6.35 billion").line, "character": position_of(text, "$6.35 billion", 1).character}]
        )
    )
    assert any(item["path"] == "corpus/004_4e68ea6f26a5cbdb.txt" and item["line"] == 11 for item in result), result
    # This client shows no command results (it did not say clientShowsCommandResults) and cannot
    # open documents: one message, on one line, names the sources.
    await until("the sources message", lambda: any("004_4e68ea6f26a5cbdb.txt:11 (" in m.message for m in client.messages))
    await asyncio.sleep(0.3)
    said = [m.message for m in client.messages if "sources" in m.message or "$6.35" in m.message]
    assert len(said) == 1 and "\n" not in said[0] and said[0].startswith("vouch: "), said


async def test_quotes_and_names(client: LanguageClient):
    uri, text = await open_draft(client, "quotes.md")
    assert {"misquote", "misattribution", "quote-not-found", "name-variant"} <= codes(client.diagnostics[uri])

    async def hover(needle: str, plus: int = 1) -> str:
        result = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position_of(text, needle, plus))
        )
        return result.contents.value

    # A quote given to the wrong person: who the sources give it to, and where.
    value = await hover("the end of the war against Ukraine")
    assert "Donald Trump" in value and "002_44a6303871acb79a.txt:6" in value, value
    # A name: the entity card.
    value = await hover("Dmitri Peskov")
    assert "Kremlin spokesperson" in value and "004_4e68ea6f26a5cbdb.txt" in value, value

    # References on a name: its mentions in the corpus and in the draft.
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(text, "Dmitri Peskov", 1),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    in_corpus = [r for r in refs if r.uri.endswith("004_4e68ea6f26a5cbdb.txt")]
    in_draft = [r for r in refs if r.uri == uri]
    assert {r.range.start.line for r in in_corpus} >= {1, 3}, refs
    assert len(in_draft) >= 2, refs  # "Dmitri Peskov" and "Peskov"

    # The misquote's quick fix puts the source's exact words in.
    def misquotes():
        return [d for d in client.diagnostics[uri] if d.code == "misquote"]

    diagnostic = misquotes()[0]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    fix = next(a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.is_preferred)
    fixed = apply(text, fix.edit.changes[uri])
    assert "I’m going to meet very quickly" in fixed, fixed
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await until("the misquote to go", lambda: not misquotes())
    assert "misattribution" in codes(client.diagnostics[uri])
