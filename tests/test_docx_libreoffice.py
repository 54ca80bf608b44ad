"""The Word file as LibreOffice sets it: the 28 × 22 grid, unspread headings, tables in the type
area, the preview's page count and the preview's line breaks (``soffice --convert-to pdf``)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from pathlib import Path

import pdfplumber
import pytest

from exporters.document import build_document
from exporters.document_blocks import H1, Paragraph
from exporters.layout import layout_document
from exporters.render import render_bytes
from models.domain.report import ReportData
from tests.conftest import load_sample
from tests.libreoffice import agreement, convert_to_pdf, pdf_lines, preview_body_lines, soffice

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.slow,
    pytest.mark.skipif(
        soffice() is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it"
    ),
]

MM = 72 / 25.4
LEFT_MM, RIGHT_MM = 28.0, 28.0 + 156.0
PITCH_PT = 28.95
SAMPLES = {"shuyang": "shuyang-fgj-2023.json", "stcsm": "shanghai-stcsm-2024.json"}
FULL = [f"{name}-{edition}" for name in SAMPLES for edition in ("2021", "2019")]


def _cases() -> dict[str, ReportData]:
    cases: dict[str, ReportData] = {}
    for name, file in SAMPLES.items():
        report = load_sample(file)
        cases[f"{name}-2021"] = report
        cases[f"{name}-2019"] = replace(report.copy(), edition="2019")
    for edition in ("2021", "2019"):
        empty = replace(cases["shuyang-2021"].copy(), edition=edition)
        empty.chapters = dict.fromkeys(empty.chapters, "")
        cases[f"empty-{edition}"] = empty
    return cases


@dataclass(frozen=True)
class Rendered:
    report: ReportData
    pdf: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Every case exported as .docx and converted by LibreOffice (one run for all)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    cases = _cases()
    paths = []
    for name, report in cases.items():
        path = folder / f"{name}.docx"
        path.write_bytes(render_bytes(report, ".docx"))
        paths.append(path)
    pdfs = convert_to_pdf(paths, folder)
    return {name: Rendered(cases[name], pdf) for name, pdf in zip(cases, pdfs, strict=True)}


def _body_rows(page: pdfplumber.page.Page) -> list[list[dict]]:
    """The page's lines of 16 pt text (body and headings), each a list of characters."""
    rows: dict[int, list[dict]] = {}
    for char in page.chars:
        if abs(char["size"] - 16) < 0.1 and char["text"].strip():
            rows.setdefault(round(char["bottom"]), []).append(char)
    return [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]


def _preview_pages(report: ReportData) -> int:
    return len(layout_document(build_document(report)).pages)


@pytest.mark.parametrize("case", FULL)
def test_body_lines_hold_28_characters_and_pages_22_lines(
    rendered: dict[str, Rendered], case: str
) -> None:
    full_lines = 0
    most_lines = 0
    with pdfplumber.open(rendered[case].pdf) as pdf:
        for page in pdf.pages:
            rows = _body_rows(page)
            most_lines = max(most_lines, len(rows))
            assert len(rows) <= 22
            # consecutive lines are 28.95 pt apart (22 lines in the 225 mm type area)
            baselines = [row[0]["bottom"] for row in rows]
            for above, below in itertools.pairwise(baselines):
                if below - above < 1.5 * PITCH_PT:
                    assert below - above == pytest.approx(PITCH_PT, abs=0.3)
            for row in rows:
                text = "".join(c["text"] for c in row)
                assert row[0]["x0"] / MM >= LEFT_MM - 0.3, text
                # only punctuation may hang past the type area's right edge
                inside = [c for c in row if c["x1"] / MM <= RIGHT_MM + 0.3]
                assert len(row) - len(inside) <= 1, text
                starts_at_margin = abs(row[0]["x0"] / MM - LEFT_MM) < 0.3
                reaches_margin = row[-1]["x1"] / MM > RIGHT_MM - 3
                if starts_at_margin and reaches_margin and not any(c.isascii() for c in text):
                    full_lines += 1
                    assert 27 <= len(text) <= 29, text
    assert full_lines >= 10
    assert most_lines >= 20  # pages of running text (a heading kept with what follows: 21)


@pytest.mark.parametrize("case", FULL)
def test_headings_are_not_spread(rendered: dict[str, Rendered], case: str) -> None:
    headings = [
        block.runs[0].text
        for block in build_document(rendered[case].report).blocks
        if isinstance(block, Paragraph) and block.runs and block.runs[0].style == H1
    ]
    assert len(headings) >= 6
    with pdfplumber.open(rendered[case].pdf) as pdf:
        rows = [row for page in pdf.pages for row in _body_rows(page)]
    for heading in headings:
        row = next(r for r in rows if "".join(c["text"] for c in r) == heading)
        advances = [b["x0"] - a["x0"] for a, b in itertools.pairwise(row)]
        assert max(advances) < 16.5, heading  # one em (15.75 pt), not two grid cells


@pytest.mark.parametrize("case", [*FULL, "empty-2021", "empty-2019"])
def test_tables_in_the_type_area_and_the_preview_page_count(
    rendered: dict[str, Rendered], case: str
) -> None:
    expected = _preview_pages(rendered[case].report)
    with pdfplumber.open(rendered[case].pdf) as pdf:
        if case.startswith("empty"):
            assert len(pdf.pages) == expected
        else:
            assert abs(len(pdf.pages) - expected) <= 1
        drawn = 0
        for page in pdf.pages:
            assert page.width / MM == pytest.approx(210, abs=0.5)
            assert page.height / MM == pytest.approx(297, abs=0.5)
            for shape in page.rects + page.lines:
                drawn += 1
                assert shape["x0"] / MM >= LEFT_MM - 0.3
                assert shape["x1"] / MM <= RIGHT_MM + 0.3
            text = page.extract_text() or ""
            assert f"— {page.page_number} —" in text or f"—{page.page_number}—" in text
        assert drawn > 50


@pytest.mark.parametrize("case", FULL)
def test_line_breaks_agree_with_the_preview(
    rendered: dict[str, Rendered], case: str, record_property: object
) -> None:
    """At least 90% of the preview's body lines are set the same by LibreOffice."""
    preview = preview_body_lines(layout_document(build_document(rendered[case].report)))
    theirs = [line for page in pdf_lines(rendered[case].pdf) for line in page]
    share = agreement(preview, theirs)
    record_property("line_agreement", f"{share:.3f}")  # type: ignore[operator]
    print(f"{case}: {share:.1%} of {len(preview)} body lines as in the preview")
    assert share >= 0.9
