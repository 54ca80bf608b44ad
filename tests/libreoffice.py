"""LibreOffice as a second reader of the Word file: convert a .docx to PDF, read its lines back,
and compare the body-text line breaks with the preview's (:mod:`exporters.layout`).

Used by ``tests/test_docx_libreoffice.py`` and ``docs/make_docx_evidence.py``.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from exporters.layout import BODY_PT, Layout, TextLine
from exporters.text_metrics import NO_LINE_START


def soffice() -> str | None:
    """The LibreOffice program, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx_paths: list[Path], out_dir: Path) -> list[Path]:
    """Convert .docx files with LibreOffice in one run (headless, its own profile).

    Raises:
        RuntimeError: LibreOffice is not installed or produced no PDF.
    """
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            program,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *(str(path) for path in docx_paths),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    pdfs = [out_dir / (path.stem + ".pdf") for path in docx_paths]
    for pdf in pdfs:
        if not pdf.exists():
            raise RuntimeError(f"LibreOffice wrote no {pdf.name}")
    return pdfs


def pdf_lines(pdf: Path) -> list[list[str]]:
    """The text lines of every page (``pdftotext -layout``), whitespace removed, empty dropped."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = result.stdout.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [[squeeze(line) for line in page.splitlines() if line.strip()] for page in pages]


def squeeze(text: str) -> str:
    """The text without any whitespace (the two programs space Latin and CJK differently)."""
    return "".join(text.split())


def preview_body_lines(layout: Layout) -> list[str]:
    """The preview's lines of body text (16 pt: paragraphs and headings), in reading order."""
    out: list[str] = []
    for page in layout.pages:
        rows: dict[float, list[TextLine]] = {}
        for item in page.items:
            if isinstance(item, TextLine) and item.size_pt == BODY_PT and item.anchor != "page":
                rows.setdefault(round(item.baseline_mm, 2), []).append(item)
        for _, items in sorted(rows.items()):
            out.append(squeeze("".join(i.text for i in sorted(items, key=lambda i: i.x_mm))))
    return out


def _unhung(line: str) -> str:
    """The line without punctuation hanging past its end: LibreOffice (7.4) lays it out there
    but does not draw it, so it is missing from its PDF."""
    return line[:-1] if line and line[-1] in NO_LINE_START else line


def agreement(preview: list[str], rendered: Iterable[str]) -> float:
    """Fraction of the preview's body lines that LibreOffice sets as the very same line, in the
    same order (the longest common subsequence of the two line lists)."""
    if not preview:
        return 1.0
    ours = [_unhung(line) for line in preview]
    theirs = [_unhung(line) for line in rendered]
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same / len(preview)
