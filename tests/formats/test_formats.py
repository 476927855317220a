"""Sources as reporters have them: the seed articles written again as web
pages, PDFs, Word documents and emails (by fpdf2, python-docx and Python's
email package, see make_sources.py) must give the same findings on the
example drafts as the plain-text seeds, with pages for the PDF, and each
file vouch cannot read must be named.

    VOUCH_BIN=target/release/vouch python3 -m pytest tests/formats
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
VOUCH = os.environ.get("VOUCH_BIN", str(ROOT / "target" / "release" / "vouch"))
MAKE = ROOT / "tests" / "formats" / "make_sources.py"
DRAFTS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.md"))
KINDS = ["html", "pdf", "docx", "eml"]


def vouch(*args, cwd=ROOT):
    return subprocess.run([VOUCH, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("formats")
    shutil.copytree(ROOT / "corpus", tmp / "txt")
    for kind in KINDS:
        subprocess.run(
            [sys.executable, str(MAKE), str(ROOT / "corpus"), str(tmp / kind), "--kind", kind],
            check=True,
            capture_output=True,
        )
    return tmp


def check(corpus, index):
    r = vouch("check", "--format", "json", "--corpus", str(corpus), "--index-dir", str(index), *DRAFTS)
    assert r.returncode in (0, 1), r.stderr
    assert "skipped" not in r.stderr, r.stderr
    return json.loads(r.stdout)


def words(s):
    return " ".join(s.split())


def message(m):
    """A finding's message with each source named by its seed alone (no
    folder, extension, line or page): what it says, whoever the file is."""
    return re.sub(r"\S*?(\d{3}_[0-9a-f]{16})\.(?:txt|md|pdf|html|docx|eml)(?::\d+|, p\. \d+)?", r"\1", m)


def findings(report, codes=None):
    """What a finding is, whatever file its source is in: the draft, the
    range, the code, and the source sentences' words."""
    out = {}
    for f in report["files"]:
        diagnostics = [d for d in f["diagnostics"] if codes is None or d["code"] in codes]
        out[f["path"]] = sorted(
            (
                d["code"],
                d["range"]["start"]["line"],
                d["range"]["start"]["character"],
                d["range"]["end"]["character"],
                tuple(sorted(words(s["excerpt"]) for s in d["sources"])),
                message(d["message"]),
            )
            for d in diagnostics
        )
    return out




@pytest.fixture(scope="module")
def from_text(corpora, tmp_path_factory):
    return check(corpora / "txt", tmp_path_factory.mktemp("index-txt"))


@pytest.mark.parametrize("kind", KINDS)
def test_same_findings_as_the_text_seeds(corpora, from_text, kind, tmp_path):
    got = check(corpora / kind, tmp_path / "index")
    want = findings(from_text)
    assert sum(len(v) for v in want.values()) >= 10, "the examples have findings to compare"
    assert findings(got) == want
    sources = [s for f in got["files"] for d in f["diagnostics"] for s in d["sources"]]
    assert sources and all(s["path"].endswith("." + kind) for s in sources)
    if kind == "pdf":
        pages = {s["page"] for s in sources}
        assert all(isinstance(p, int) and p >= 1 for p in pages), pages
        assert max(pages) >= 2, f"the seeds run over several pages: {pages}"
    else:
        assert all("page" not in s for s in sources)
    if kind in ("html", "eml"):
        # The page's meta tags and the mail's headers are the source's metadata.
        assert all(s.get("outlet") == "Seed Wire" for s in sources), sources[0]
        assert all(s.get("published", "").startswith("2024-11-08") for s in sources), sources[0]
    if kind == "html":
        assert all(s.get("url", "").startswith("https://seed-wire.example/") for s in sources)


def test_pdf_findings_name_the_page(corpora, tmp_path):
    r = vouch(
        "check", "--corpus", str(corpora / "pdf"), "--index-dir", str(tmp_path / "i"),
        "examples/aid-and-territory.md",
    )
    assert r.returncode == 1, r.stderr
    assert ".pdf, p. " in r.stdout, r.stdout


def test_every_skipped_file_is_named(corpora, tmp_path):
    corpus = tmp_path / "mixed"
    shutil.copytree(corpora / "txt", corpus)
    (corpus / "budget.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not a pdf\n")
    (corpus / "scan.docx").write_bytes(b"not a zip")
    (corpus / "notes.txt").write_bytes(b"caf\xe9 latin-1 notes")
    r = vouch("check", "--corpus", str(corpus), "--index-dir", str(tmp_path / "i"), "examples/aid-and-territory.md")
    assert r.returncode == 1, r.stderr
    for name, why in [
        ("budget.xlsx", "not a source format"),
        ("broken.pdf", "not a readable pdf"),
        ("scan.docx", "not a readable docx"),
        ("notes.txt", "not UTF-8"),
    ]:
        line = next((l for l in r.stderr.splitlines() if name in l), None)
        assert line and "skipped" in line and why in line, (name, r.stderr)
