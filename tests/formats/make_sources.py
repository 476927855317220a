"""Writes a folder of plain-text sources again as web pages, PDFs, Word
documents or emails, the way reporters receive them, for vouch's format tests.

    python3 tests/formats/make_sources.py corpus OUT --kind pdf

Each text file's paragraphs (one per line) become the document's paragraphs;
a short line without closing punctuation becomes a heading. The generators
are fpdf2 (PDF, a DejaVu or Liberation font so curly quotes survive) and
python-docx (Word), so vouch reads files real tools made, not its own.
"""

import argparse
import email.message
import email.utils
import html
import pathlib

TITLE_MAX = 100
FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


def paragraphs(text):
    """(is_heading, text) for each non-empty line."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        heading = len(line) < TITLE_MAX and not line.endswith(
            (".", "!", "?", ":", ";", '"', "\u201d", "\u2019", ")", "\u2026")
        )
        out.append((heading, line))
    return out


def meta(path, paras):
    # The first heading, as a headline; a story without one gets a plain name.
    title = next((t for h, t in paras if h), f"Story {path.stem.split('_')[0]}")
    return {
        "title": title,
        "outlet": "Seed Wire",
        "url": f"https://seed-wire.example/{path.stem}",
        "published": "2024-11-08T10:00:00Z",
    }


def write_html(path, out, paras, m):
    body = "\n".join(
        f"<h2>{html.escape(t)}</h2>" if h else f"<p>{html.escape(t)}</p>" for h, t in paras
    )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(m['title'])} | {m['outlet']}</title>
<meta property="og:title" content="{html.escape(m['title'], quote=True)}">
<meta property="og:site_name" content="{m['outlet']}">
<meta property="article:published_time" content="{m['published']}">
<link rel="canonical" href="{m['url']}">
</head><body>
<header><a href="/">{m['outlet']}</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe for $1 a week</a></li></ul></nav></header>
<main><article>
{body}
</article></main>
<aside class="related"><h3>Most read</h3><ul><li><a href="/a">Markets fall 3% on rate fears</a></li>
<li><a href="/b">10 things to know today</a></li></ul></aside>
<footer>&copy; 2024 {m['outlet']}. All rights reserved.</footer>
<script>window.analytics = {{"id": 123456789}};</script>
</body></html>
"""
    out.write_text(page, encoding="utf-8")


def write_pdf(path, out, paras, m):
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    font = next(f for f in FONTS if pathlib.Path(f).exists())
    pdf.add_font("Body", "", font)
    pdf.set_title(m["title"])
    pdf.set_author(m["outlet"])
    import datetime

    pdf.set_creation_date(datetime.datetime(2024, 11, 8, 10, 0, tzinfo=datetime.timezone.utc))
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    for heading, text in paras:
        # Lines 1.25 times the type size apart, more space between paragraphs:
        # the way word processors lay out a report.
        size = 14 if heading else 11
        pdf.set_font("Body", size=size)
        pdf.multi_cell(0, size * 1.25 * 25.4 / 72, text)
        pdf.ln(4)
    pdf.output(str(out))


def write_docx(path, out, paras, m):
    import datetime

    import docx

    d = docx.Document()
    for heading, text in paras:
        if heading:
            d.add_heading(text, level=2)
        else:
            d.add_paragraph(text)
    d.core_properties.title = m["title"]
    d.core_properties.author = m["outlet"]
    d.core_properties.created = datetime.datetime(2024, 11, 8, 10, 0)
    d.save(str(out))


def write_eml(path, out, paras, m):
    msg = email.message.EmailMessage()
    msg["From"] = f"{m['outlet']} <desk@seed-wire.example>"
    msg["To"] = "reporter@paper.example"
    msg["Subject"] = m["title"]
    msg["Date"] = "Fri, 08 Nov 2024 10:00:00 +0000"
    msg.set_content("\n\n".join(t for _, t in paras) + "\n", charset="utf-8")
    out.write_bytes(bytes(msg))


WRITERS = {"html": write_html, "pdf": write_pdf, "docx": write_docx, "eml": write_eml}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=pathlib.Path, help="folder of .txt sources")
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--kind", choices=sorted(WRITERS), required=True)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.src.glob("*.txt")):
        paras = paragraphs(path.read_text(encoding="utf-8"))
        out = args.out / f"{path.stem}.{args.kind}"
        WRITERS[args.kind](path, out, paras, meta(path, paras))
        print(out)


if __name__ == "__main__":
    main()
