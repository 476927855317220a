"""The sign-off report in a real browser: `vouch report examples` as one HTML
file, opened from disk by headless Chromium (Debian's), which must show every
claim of the examples marked in the drafts, a card for each beside them and
the summary; and print it.

    VOUCH_BIN=target/release/vouch python3 -m pytest tests/report
"""

import html.parser
import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
VOUCH = os.environ.get("VOUCH_BIN", str(ROOT / "target" / "release" / "vouch"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# The flags that work on a closed network, as root (see the README).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium(tmp, *args):
    if not CHROMIUM:
        pytest.fail("chromium is not installed (.ci/run installs Debian's)")
    profile = tmp / "profile"
    r = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


class Dom(html.parser.HTMLParser):
    """The parts of the rendered page the test reads."""

    def __init__(self):
        super().__init__()
        self.marks = []  # data-claim of each <mark>
        self.cards = {}  # claim number -> status
        self.sections = []
        self.summary = ""
        self._in_summary = False
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "mark":
            self.marks.append(a.get("data-claim"))
        if tag == "li" and (a.get("id") or "").startswith("claim-"):
            self.cards[a["id"][len("claim-"):]] = a.get("data-status")
        if tag == "section":
            self.sections.append(a.get("data-path"))
        if a.get("id") == "summary":
            self._in_summary = True

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_summary = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_summary:
            self.summary += data


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    out = tmp / "report.html"
    r = subprocess.run(
        [VOUCH, "report", "--index-dir", str(tmp / "index"), "examples", "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    # The examples hold errors on purpose: exit 1, and the report is written.
    assert r.returncode == 1, r.stderr
    md = subprocess.run(
        [VOUCH, "report", "--index-dir", str(tmp / "index"), "--format", "markdown", "examples"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert md.returncode == 1, md.stderr
    return tmp, out, md.stdout


def test_the_browser_shows_every_claim_and_the_summary(report):
    tmp, out, markdown = report
    dom = Dom()
    dom.feed(chromium(tmp, "--dump-dom", out.as_uri()))
    drafts = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.md"))
    assert sorted(dom.sections) == drafts
    # Every claim of the markdown report has a card and a mark in the draft.
    rows = [l for l in markdown.splitlines() if l.startswith("| ") and l[2:3].isdigit()]
    assert len(rows) >= 20, markdown
    assert sorted(dom.cards, key=int) == [str(n) for n in range(1, len(rows) + 1)]
    assert set(dom.marks) == set(dom.cards), (set(dom.cards) - set(dom.marks))
    statuses = set(dom.cards.values())
    assert {"supported", "differs", "unsupported", "verified"} <= statuses, statuses
    # The summary is the markdown report's, and counts every claim.
    summary = markdown.splitlines()[2].strip("*")
    assert dom.summary == summary, (dom.summary, summary)
    total = 0
    for part in summary.split("; "):
        head, _, counts = part.partition(": ")
        n = int(head.split()[0])
        total += n
        if counts:
            assert n == sum(int(c.split()[0]) for c in counts.split(", ")), part
    assert total == len(rows), (summary, len(rows))


def test_it_prints(report):
    tmp, out, _ = report
    pdf = tmp / "report.pdf"
    chromium(tmp, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", out.as_uri())
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_nothing_is_fetched(report):
    _, out, _ = report
    page = out.read_text(encoding="utf-8")
    # One self-contained file: no script, no stylesheet or image from elsewhere.
    assert "<script" not in page
    assert 'rel="stylesheet"' not in page and "<img" not in page and "@import" not in page
