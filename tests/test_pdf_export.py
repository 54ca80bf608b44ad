"""The PDF export draws the layout pages: same pagination and text as the preview."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from exporters.document import build_document
from exporters.layout import TextLine, layout_document
from exporters.render import render, render_bytes
from models.domain.report import ReportData
from tests.system_support import needs_cjk_fonts

MM = 72 / 25.4


def _chars(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


@pytest.fixture(scope="module")
def shuyang_pdf() -> bytes:
    from tests.conftest import load_sample

    return render_bytes(load_sample("shuyang-fgj-2023.json"), ".pdf")


@pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftotext) is not installed; .ci/run installs it",
)
def test_same_pages_and_text_as_the_preview(
    shuyang: ReportData, shuyang_pdf: bytes, tmp_path: Path
) -> None:
    """Poppler reads the text back (pdfminer alone cannot decode fpdf2's CID-keyed CFF fonts;
    the importer reads them through :mod:`importers.pdf_cmaps`)."""
    layout = layout_document(build_document(shuyang))
    path = tmp_path / "report.pdf"
    path.write_bytes(shuyang_pdf)
    with pdfplumber.open(io.BytesIO(shuyang_pdf)) as pdf:
        assert len(pdf.pages) == len(layout.pages) > 1
        for page in pdf.pages:
            assert page.width / MM == pytest.approx(210, abs=0.1)
            assert page.height / MM == pytest.approx(297, abs=0.1)
    for laid in layout.pages:
        n = str(laid.number)
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-f", n, "-l", n, str(path), "-"],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
        assert _chars(text) == _chars(laid.text())
        assert f"—{laid.number}—" in "".join(text.split())


def _truetype_kai() -> bool:
    """Whether the 楷体 role is drawn with a TrueType face (pdfminer decodes those, not CFF)."""
    from fontTools.ttLib import TTFont

    from exporters.fonts import get_profile, resolve_file

    try:
        kai = resolve_file(get_profile("standard").family("kai"))
    except ValueError:
        return False
    with TTFont(kai.path, fontNumber=kai.index, lazy=True) as font:
        return "glyf" in font


@pytest.mark.skipif(
    not _truetype_kai(), reason="no TrueType 楷体 (fonts-arphic-ukai); .ci/run installs it"
)
def test_characters_sit_where_the_layout_puts_them(shuyang: ReportData, shuyang_pdf: bytes) -> None:
    layout = layout_document(build_document(shuyang))
    with pdfplumber.open(io.BytesIO(shuyang_pdf)) as pdf:
        for page, laid in zip(pdf.pages, layout.pages, strict=True):
            starts = {(round(c["x0"] / MM, 1), c["text"]) for c in page.chars}
            # pdfminer decodes the TrueType faces (Latin, 楷体); check every line drawn in them
            lines = [
                i
                for i in laid.items
                if isinstance(i, TextLine) and (i.role == "kai" or i.text[0].isascii())
            ]
            assert lines
            for item in lines:
                x = round(item.x_mm, 1)
                assert any(abs(sx - x) <= 0.2 and ch == item.text[0] for sx, ch in starts), (
                    item.text
                )


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
def test_fonts_are_embedded(shuyang_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(shuyang_pdf)
    listing = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    names = {line.split()[0] for line in listing}
    assert len(names) >= 4  # 小标宋 (bold serif), 仿宋, 黑体, Latin; 楷体 when installed
    assert all("+" in name for name in names)  # subsets
    for line in listing:
        emb, sub = line.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes")


@needs_cjk_fonts
def test_windows_profile_and_tables_fit(stcsm: ReportData) -> None:
    data = render_bytes(stcsm, ".pdf", "windows")
    layout = layout_document(build_document(stcsm))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == len(layout.pages)
        for page in pdf.pages:
            for rect in page.rects:
                assert rect["x0"] / MM >= 28 - 0.2
                assert rect["x1"] / MM <= 184 + 0.2
                assert rect["bottom"] / MM <= 262 + 0.2


@needs_cjk_fonts
def test_characters_no_font_has_are_reported_not_fatal(caplog: pytest.LogCaptureFixture) -> None:
    report = ReportData(unit="某局", year=2023, edition="2021")
    report.chapters["overview"] = "含表情😀和控制字符\x07。" + "政府信息公开。" * 300
    result = render(report, ".pdf")
    assert result.data.startswith(b"%PDF")
    assert any("控制字符" in w for w in result.warnings)
    assert any("本机字体缺少" in w and "😀" in w for w in result.warnings)
    assert not [r for r in caplog.records if "missing the following glyphs" in r.getMessage()]
