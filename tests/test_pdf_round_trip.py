"""Our own PDF export imports back (issue 19): fpdf2 writes the Noto CJK (OpenType/CFF) faces
with an embedded encoding CMap, which pdfminer alone decodes to no text at all."""

from __future__ import annotations

import io
import re
from collections import Counter

import pdfplumber
import pytest

from exporters.document import build_document
from exporters.layout import layout_document
from exporters.render import render_bytes
from importers.pdf_cmaps import MAX_CODES, EmbeddedCMapResources, embedded_cmap
from importers.published import import_bytes
from models.domain.report import ReportData
from tests.system_support import needs_cjk_fonts
from tests.test_import_own_files import REPORTS

CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 begincidchar
<0000> 32
<0001> 23093
endcidchar
1 begincidrange
<0010> <0012> 500
endcidrange
endcmap
"""


def _chars(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_embedded_cmap_codes_to_cids() -> None:
    found = embedded_cmap(CMAP)
    assert found is not None
    cmap, by_code = found
    assert by_code == {0: 32, 1: 23093, 0x10: 500, 0x11: 501, 0x12: 502}
    assert list(cmap.decode(b"\x00\x01\x00\x12")) == [23093, 502]
    assert embedded_cmap(b"begincmap endcmap") is None  # nothing mapped: pdfminer as before
    too_many = b"begincidrange <0000> <%X> 1 endcidrange" % MAX_CODES
    assert embedded_cmap(too_many) is None


@pytest.fixture(scope="module", params=list(REPORTS))
def exported(request: pytest.FixtureRequest) -> tuple[ReportData, bytes]:
    report = REPORTS[request.param]()
    return report, render_bytes(report, ".pdf")


@needs_cjk_fonts
def test_every_page_reads_back_as_laid_out(exported: tuple[ReportData, bytes]) -> None:
    """pdfminer (under pdfplumber) with the embedded CMaps reads every character drawn."""
    report, data = exported
    layout = layout_document(build_document(report))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pdf.rsrcmgr = EmbeddedCMapResources()
        assert len(pdf.pages) == len(layout.pages)
        for page, laid in zip(pdf.pages, layout.pages, strict=True):
            assert _chars(page.extract_text()) == _chars(laid.text())


@needs_cjk_fonts
def test_visible_content_comes_back(exported: tuple[ReportData, bytes]) -> None:
    """What a PDF shows comes back: every cell (a blank cell is printed as 0), the chapters,
    title, preamble, year, edition and date; nothing missing, no total in doubt."""
    report, data = exported
    got = import_bytes(data, ".pdf")
    assert (got.report.year, got.report.edition) == (report.year, report.edition)
    assert got.missing == [] and got.discrepancies == [] and got.unplaced == []
    for key in report.spec.inputs:
        seen, stored = got.report.values.get(key), report.values.get(key)
        assert seen == stored or (stored is None and str(seen) == "0"), key
    for chapter in report.spec.text_chapters:
        assert _norm(got.report.chapter(chapter.key)) == _norm(report.chapter(chapter.key))
    assert _norm(got.report.title) == _norm(report.title)
    assert _norm(got.report.preamble) == _norm(report.preamble)
    assert got.report.signature_date == report.signature_date
    assert _norm(got.report.signature_unit) == _norm(report.signature_unit or report.unit)
