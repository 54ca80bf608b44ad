"""Our own PDF export imports back (issue 19): fpdf2 writes the Noto CJK (OpenType/CFF) faces
with an embedded encoding CMap, which pdfminer alone decodes to no text at all; the PDF carries
the report's exchange JSON as an attachment, used when the visible content agrees with it."""

from __future__ import annotations

import io
import re
from collections import Counter

import pdfplumber
import pytest

from exporters.document import build_document
from exporters.fonts import DEFAULT_PROFILE, get_profile
from exporters.layout import layout_document
from exporters.pdf_writer import write_pdf_checked
from exporters.render import render_bytes
from importers.embedded import USED
from importers.pdf_cmaps import MAX_CODES, EmbeddedCMapResources, embedded_cmap
from importers.published import import_bytes
from models.domain.exchange import to_exchange, write_exchange
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
def test_export_then_import_gives_the_same_report(exported: tuple[ReportData, bytes]) -> None:
    report, data = exported
    got = import_bytes(data, ".pdf")
    assert to_exchange(got.report) == to_exchange(report)
    assert got.problems == [USED]
    assert got.missing == [] and got.discrepancies == []


def _plain_pdf(report: ReportData, attachment: str = "") -> bytes:
    document = build_document(report)
    return write_pdf_checked(document, get_profile(DEFAULT_PROFILE), attachment)[0]


@needs_cjk_fonts
def test_visible_content_comes_back(exported: tuple[ReportData, bytes]) -> None:
    """Without the attachment, what the PDF shows comes back: every cell (a blank cell is
    printed as 0), the chapters, title, preamble, year, edition and date; nothing missing, no
    total in doubt. (The unit's full name is printed nowhere when the title abbreviates it and
    the signature is undated: that is what the attachment is for.)"""
    report, _ = exported
    got = import_bytes(_plain_pdf(report), ".pdf")
    assert USED not in got.problems
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


@needs_cjk_fonts
def test_edited_pdf_visible_content_wins_and_differences_are_listed() -> None:
    """A PDF whose attached data no longer matches its pages (edited in a PDF editor)."""
    report = REPORTS["shuyang-2021"]()
    other = report.copy()
    other.values["t3.granted.natural_person"] = 25
    got = import_bytes(_plain_pdf(report, write_exchange(other)), ".pdf")
    assert USED not in got.problems
    assert got.report.values["t3.granted.natural_person"] == 26
    assert any("1 处不同" in p for p in got.problems)
    assert any("文件中为 26，内含数据为 25" in p for p in got.problems)
    assert "t3.new_received.commercial" not in got.report.values  # printed 0, stored blank
