"""Made-up multi-page text PDFs (fpdf2): prose lines laid out like a published report, with a
page number at the foot of every page and, if asked, a running header. For the tests of text
that continues after a page break."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF

from exporters.fonts import font_file
from exporters.pdf_writer import _subset

CHARS_PER_LINE = 34
LINES_PER_PAGE = 16
SIZE_PT = 12
LEFT_MM = 28.0
CHAR_MM = SIZE_PT * 0.3528


def wrap(paragraph: str, indent: bool = True) -> list[tuple[str, bool]]:
    """``(line, indented)`` pieces of a paragraph, first line indented by two characters."""
    out: list[tuple[str, bool]] = []
    first = CHARS_PER_LINE - 2 if indent else CHARS_PER_LINE
    out.append((paragraph[:first], indent))
    rest = paragraph[first:]
    while rest:
        out.append((rest[:CHARS_PER_LINE], False))
        rest = rest[CHARS_PER_LINE:]
    return out


def _font(chars: set[str], folder: Path) -> Path | None:
    # AR PL UKai is TrueType; with the CFF Noto CJK faces fpdf2 writes an embedded CMap that
    # pdfminer (pdfplumber) cannot read, so the fixture would have no text at all.
    face = font_file("AR PL UKai CN")
    if face is None:
        return None
    data, _ = _subset(str(face.path), face.index, frozenset(chars))
    target = folder / "face.ttf"
    target.write_bytes(data)
    return target


def paged_pdf(
    lines: list[tuple[str, bool]],
    page_number: Callable[[int], str],
    header: str = "",
) -> bytes | None:
    """A PDF of ``lines`` (text, indented), ``LINES_PER_PAGE`` a page; ``None`` without a CJK
    font on this machine."""
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    chars = {c for text, _ in lines for c in text} | set(header)
    chars |= {c for n in range(1, len(pages) + 1) for c in page_number(n)}
    with tempfile.TemporaryDirectory() as folder:
        face = _font(chars, Path(folder))
        if face is None:
            return None
        pdf = FPDF(unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.add_font("body", "", str(face))
        for n, page in enumerate(pages, start=1):
            pdf.add_page()
            pdf.set_font("body", size=SIZE_PT)
            if header:
                pdf.text(105 - pdf.get_string_width(header) / 2, 15, header)
            for row, (text, indented) in enumerate(page):
                # a Tf in every text object: pdfminer does not carry the font across BT/ET
                pdf.set_font("body", size=SIZE_PT + (row % 2) / 100)
                pdf.text(LEFT_MM + (2 * CHAR_MM if indented else 0), 35 + row * 9.5, text)
            foot = page_number(n)
            pdf.set_font("body", size=SIZE_PT - 1)
            pdf.text(105 - pdf.get_string_width(foot) / 2, 282, foot)
        out = io.BytesIO()
        pdf.output(out)
        return out.getvalue()
