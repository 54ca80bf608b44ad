"""Scanned reports read by local OCR (issue 19, item 1).

The scans are made here: the project's own PDF export of a report of each edition, rasterised at
150 dpi in grey by poppler's ``pdftoppm``, packed into image-only PDFs; a variant turned by 1.5°
and a speckled one. Every cell is compared with the report the scan was made from: ≥ 97 % must
come back exact, and no value may come back wrong without being marked (blank and listed).
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable
from functools import cache

import pytest
from PIL import Image

from importers.errors import ImportRefused
from importers.published import PublishedImport, import_bytes
from importers.review import review_html
from models.domain.exchange import parse_exchange
from models.domain.report import ReportData
from tests.conftest import sample_path
from tests.scan_fixtures import (
    PDFTOPPM_MISSING,
    has_pdftoppm,
    image_pdf,
    noisy,
    page_images,
    png,
    skewed,
)
from tests.test_import_own_files import _report_2019

needs_pdftoppm = pytest.mark.skipif(not has_pdftoppm(), reason=PDFTOPPM_MISSING)

REPORTS: dict[str, Callable[[], ReportData]] = {
    "shuyang-2021": lambda: (
        parse_exchange(sample_path("shuyang-fgj-2023.json").read_bytes()).report
    ),
    "county-2019": _report_2019,
}


@cache
def _pages(name: str) -> list[Image.Image]:
    return page_images(REPORTS[name]())


@cache
def _import(name: str, variant: str) -> tuple[PublishedImport, list[str]]:
    pages = _pages(name)
    if variant == "skewed":
        pages = [skewed(p, 1.5) for p in pages]
    elif variant == "noisy":
        pages = [noisy(p) for p in pages]
    stages: list[str] = []
    return import_bytes(image_pdf(pages), ".pdf", progress=stages.append), stages


def _cells(truth: ReportData, got: PublishedImport) -> tuple[int, list[str]]:
    """Cells exactly right, and cells with a value other than the truth that are not listed.
    Our export prints a blank cell as 0, so a blank truth cell comes back as 0."""
    missing = set(got.missing)
    exact, wrong = 0, []
    for key in truth.spec.inputs:
        expected = truth.values.get(key)
        value = got.report.values.get(key)
        if expected is None and value in (0, "0"):
            value = expected
        if key not in missing and value == expected:
            exact += 1
        elif key not in missing:
            wrong.append(f"{key}: {value!r} ≠ {expected!r}")
    return exact, wrong


@pytest.mark.slow
@needs_pdftoppm
@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("shuyang-2021", "clean"),
        ("county-2019", "clean"),
        ("county-2019", "skewed"),
        ("county-2019", "noisy"),
    ],
)
def test_a_scan_gives_the_report_back(name: str, variant: str) -> None:
    truth = REPORTS[name]()
    got, stages = _import(name, variant)
    exact, wrong = _cells(truth, got)
    total = len(truth.spec.inputs)
    assert wrong == []
    assert exact / total >= 0.97, (exact, total, got.problems)
    for chapter in truth.spec.chapters:
        if chapter.kind == "text":
            ratio = difflib.SequenceMatcher(
                None, got.report.chapter(chapter.key), truth.chapter(chapter.key), autojunk=False
            ).ratio()
            assert ratio >= 0.95, (chapter.key, got.report.chapter(chapter.key))
    assert got.report.unit == truth.unit and got.report.year == truth.year
    assert got.report.edition == truth.edition
    assert got.report.signature_date == truth.signature_date
    assert got.fmt == "scan"
    assert any("扫描件" in p for p in got.problems)  # the clerk is told to check against paper
    pages = len(_pages(name))
    assert stages == [f"识别第 {n}/{pages} 页…" for n in range(1, pages + 1)]


@pytest.mark.slow
@needs_pdftoppm
def test_the_shuyang_scan_is_exact_to_the_cell_and_the_text() -> None:
    """The 2021 sample: every cell, and chapters exact but for what OCR cannot see."""
    truth = REPORTS["shuyang-2021"]()
    got, _ = _import("shuyang-2021", "clean")
    exact, wrong = _cells(truth, got)
    assert (exact, wrong) == (len(truth.spec.inputs), [])
    assert got.report.title == truth.title
    assert got.report.chapter("other") == truth.chapter("other")


@pytest.mark.slow
@needs_pdftoppm
def test_a_png_page_is_read() -> None:
    """One page image (the 2019 report's first page: title, preamble, chapters 一 and 二)."""
    page = _pages("county-2019")[0]
    got = import_bytes(png(page), ".png")
    truth = REPORTS["county-2019"]()
    assert got.report.title == truth.title
    assert got.report.chapter("overview") == truth.chapter("overview")
    assert got.fmt == "scan"


@pytest.mark.slow
@needs_pdftoppm
def test_doubtful_cells_are_blank_listed_and_marked_in_the_review() -> None:
    """A cell whose number was rubbed out to a smudge: ink but no reading. It is not guessed:
    blank, named in the problems and shown as a red ？ in the review."""
    import numpy
    from PIL import ImageDraw

    truth = REPORTS["county-2019"]()
    pages = [p.copy() for p in _pages("county-2019")]
    got_clean, _ = _import("county-2019", "clean")
    assert got_clean.missing == []
    # Smudge one value cell of 表三 (自然人 of 一、本年新收…, printed "3") with a grey blot.
    from importers.ocr_engine import recognise

    # 表三 starts on page 2 of this report: read that page first, the others only if need be.
    for number in sorted(range(len(pages)), key=lambda n: n != 1):
        page = pages[number]
        boxes = recognise(numpy.asarray(page))
        hit = [b for b in boxes if b.text.startswith("一、本年新收")]
        if hit:
            row = hit[0]
            value = min(
                (b for b in boxes if b.text == "3" and abs(b.top - row.top) < 20),
                key=lambda b: b.x0,
            )
            draw = ImageDraw.Draw(page)
            draw.rectangle((value.x0 - 2, value.top + 4, value.x1 + 2, value.bottom - 4), fill=90)
            pages[number] = page
            break
    else:
        pytest.fail("row 一、本年新收 not found on any page")
    got = import_bytes(image_pdf(pages), ".pdf")
    key = "t3.new_received.natural_person"
    assert truth.values[key] == 3
    assert key in got.missing and key not in got.report.values
    assert any("扫描件中此格" in p for p in got.problems)
    assert "？" in review_html(got)


def test_bounds_are_checked_before_anything_is_read() -> None:
    started = time.monotonic()
    many = image_pdf([Image.new("L", (300, 420), 255) for _ in range(21)])
    with pytest.raises(ImportRefused, match="页数过多"):
        import_bytes(many, ".pdf")
    huge = Image.new("L", (10_000, 7_000), 255)
    with pytest.raises(ImportRefused, match="图片过大"):
        import_bytes(png(huge), ".png")
    with pytest.raises(ImportRefused, match="尺寸异常"):
        import_bytes(png(Image.new("L", (3000, 200), 255)), ".png")
    with pytest.raises(ImportRefused, match="PNG 或 JPEG"):
        import_bytes(b"\x89PNG\r\n\x1a\n not really", ".png")
    assert time.monotonic() - started < 10


def test_a_blank_scan_is_refused_with_a_reason() -> None:
    blank = image_pdf([Image.new("L", (1240, 1754), 255)])
    with pytest.raises(ImportRefused, match="没有识别出文字"):
        import_bytes(blank, ".pdf")
