"""Pagination of the document model into A4 pages (GB/T 9704 geometry)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from exporters.document import build_document
from exporters.document_blocks import BODY, Paragraph, Run, Table
from exporters.layout import (
    BODY_EM_MM,
    LINE_PITCH_MM,
    MARGIN_LEFT_MM,
    MARGIN_TOP_MM,
    TEXT_H_MM,
    TEXT_W_MM,
    Box,
    TextLine,
    changed_pages,
    clear_layout_caches,
    layout_document,
    page_number_text,
)
from exporters.text_metrics import (
    AUTOSPACE_EM,
    NO_LINE_END,
    NO_LINE_START,
    break_lines,
    char_em,
    text_em,
)
from models.domain.report import ReportData

BOTTOM = MARGIN_TOP_MM + TEXT_H_MM
RIGHT = MARGIN_LEFT_MM + TEXT_W_MM


def _report(overview: str = "", edition: str = "2021") -> ReportData:
    report = ReportData(unit="某某县某某局", year=2023, edition=edition)
    report.chapters["overview"] = overview
    return report


def _line_texts(runs: tuple[Run, ...], width: float = 28, indent: float = 2) -> list[str]:
    return ["".join(seg[1] for seg in line[1]) for line in break_lines(runs, width, indent)]


def test_body_lines_hold_28_characters_with_a_2_character_indent() -> None:
    text = "政" * 100
    lines = _line_texts((Run(text, BODY),))
    assert [len(t) for t in lines] == [26, 28, 28, 18]


def test_ascii_counts_half_and_words_stay_whole() -> None:
    assert char_em("2") == 0.5 and char_em("政") == 1.0 and char_em("i") < char_em("m")
    text = "政" * 20 + "http://www.example.gov.cn/abc" + "政" * 10
    lines = _line_texts((Run(text, BODY),))
    assert lines[0] == "政" * 20  # the URL does not fit in 6 em, moves whole
    assert lines[1].startswith("http://www.example.gov.cn/abc")
    digits = "政" * 23 + "2023年"
    assert _line_texts((Run(digits, BODY),))[0] == "政" * 23 + "2023"


def test_space_between_ideographs_and_digits() -> None:
    """Word, WPS and LibreOffice put a fifth of an em between 政 and 2023 (autoSpaceDE/DN)."""
    assert text_em("政2023政") == pytest.approx(1 + 2 + 1 + 2 * AUTOSPACE_EM)
    assert text_em("（2023）") == pytest.approx(4.0)  # none beside punctuation
    # 2 + 24 + 2 em would just fit, but not with the space before the number
    lines = _line_texts((Run("政" * 24 + "2023年", BODY),))
    assert lines[0] == "政" * 24 and lines[1] == "2023年"


def test_kinsoku() -> None:
    for n in range(20, 34):
        text = "政" * n + "，“公开”。（一）《条例》。" * 4
        lines = _line_texts((Run(text, BODY),))
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in NO_LINE_START
        for line in lines[:-1]:
            assert line[-1] not in NO_LINE_END


def test_geometry_pitch_and_page_numbers() -> None:
    layout = layout_document(build_document(_report("政府信息公开。" * 400)))
    assert len(layout.pages) > 3
    for page in layout.pages:
        body = [i for i in page.items if isinstance(i, TextLine) and i.anchor != "page"]
        for item in body:
            assert item.x_mm >= MARGIN_LEFT_MM - 1e-6
            assert item.baseline_mm <= BOTTOM
            assert item.baseline_mm >= MARGIN_TOP_MM
            assert (
                item.x_mm + item.width_mm <= RIGHT + item.em_mm + 1e-6
            )  # at most hanging punctuation
        flow = [i for i in body if i.anchor == "chapter:overview"]
        baselines = sorted({round(i.baseline_mm, 6) for i in flow})
        for a, b in itertools.pairwise(baselines):
            assert b - a == pytest.approx(LINE_PITCH_MM)
        assert len(baselines) <= 22
        number = [i for i in page.items if isinstance(i, TextLine) and i.anchor == "page"]
        assert [i.text for i in number] == [page_number_text(page.number)] == [f"— {page.number} —"]
        (num,) = number
        width = num.width_mm
        if page.number % 2:
            assert num.x_mm + width == pytest.approx(RIGHT - num.em_mm)
        else:
            assert num.x_mm == pytest.approx(MARGIN_LEFT_MM + num.em_mm)
        assert BOTTOM < num.baseline_mm < 297
    full_page = layout.pages[1]
    body_lines = {i.baseline_mm for i in full_page.items if isinstance(i, TextLine)}
    assert len(body_lines) == 23  # 22 lines of text plus the page number


def test_first_line_indent_is_two_characters() -> None:
    layout = layout_document(build_document(_report("政府信息公开。" * 10)))
    first = next(
        i
        for i in layout.pages[0].items
        if isinstance(i, TextLine) and i.anchor == "chapter:overview" and i.role == "body"
    )
    assert first.x_mm == pytest.approx(MARGIN_LEFT_MM + 2 * BODY_EM_MM)


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_tables_paginate_by_rows_and_table_3_repeats_its_header(edition: str) -> None:
    # push table 三 so that it must break across pages
    doc = build_document(_report("政府信息公开。" * 120, edition))
    layout = layout_document(doc)
    t3 = next(b for b in doc.blocks if isinstance(b, Table) and b.key == "t3")
    pages_with_t3 = [
        p for p in layout.pages if any(isinstance(i, Box) and "t3." in i.anchor for i in p.items)
    ]
    assert len(pages_with_t3) >= 2, "the test text should make table 三 break"
    header_texts = [c.text for c in t3.cells if c.r < t3.header_rows]
    for page in pages_with_t3:
        text = page.text()
        for header in ("申请人情况", "自然人", "商业企业"):
            assert header in text
        assert header_texts
    for page in layout.pages:
        for item in page.items:
            if isinstance(item, Box):
                assert item.y_mm >= MARGIN_TOP_MM - 1e-6
                assert item.y_mm + item.h_mm <= BOTTOM + 1e-6
                assert item.x_mm >= MARGIN_LEFT_MM - 1e-6
                assert item.x_mm + item.w_mm <= RIGHT + 1e-6
    # every value cell is drawn exactly once
    keys = [c.key for c in t3.cells if c.key]
    drawn = [i.anchor for p in layout.pages for i in p.items if isinstance(i, Box)]
    for key in keys:
        assert drawn.count(f"cell:{key}") == 1


def test_all_text_is_laid_out_once_in_order(shuyang: ReportData) -> None:
    doc = build_document(shuyang)
    layout = layout_document(doc)
    laid = "".join(
        i.text
        for p in layout.pages
        for i in p.items
        if isinstance(i, TextLine) and i.anchor != "page"
    )
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert block.text in laid
        elif isinstance(block, Table):
            for cell in block.cells:
                assert cell.text in laid
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    start = 0
    for text in paragraphs:  # in reading order
        found = laid.find(text, start)
        assert found >= 0, text
        start = found + len(text)


def test_heading_never_ends_a_page() -> None:
    for n in range(1, 40):
        layout = layout_document(build_document(_report("政" * 28 * n)))
        for page in layout.pages:
            lines = [i for i in page.items if isinstance(i, TextLine) and i.anchor != "page"]
            last = max(lines, key=lambda i: i.baseline_mm)
            assert not (last.role == "heading" and last.text.endswith("情况")), n


def test_anchors_point_at_their_blocks(shuyang: ReportData) -> None:
    layout = layout_document(build_document(shuyang))
    for anchor in ("title", "preamble", "chapter:overview", "table:t3", "signature"):
        page, y = layout.anchors[anchor]
        assert 0 <= page < len(layout.pages)
        assert MARGIN_TOP_MM <= y <= BOTTOM
    assert layout.anchors["title"] == (0, MARGIN_TOP_MM)
    assert "cell:t3.granted.natural_person" in layout.anchors
    assert "chapter:overview#0" in layout.anchors


def test_huge_and_odd_text_lays_out() -> None:
    text = ("😀مرحبا𠀀 " + "x" * 300 + "\u0000\u200b") * 50
    layout = layout_document(build_document(_report(text)))
    assert len(layout.pages) > 1


def _edits(report: ReportData) -> list[ReportData]:
    """Typical edits: a character typed, lines added, a cell changed, a cell blanked."""
    text = report.chapter("overview")
    key = next(k for k in sorted(report.values) if k.startswith("t3.") and report.values[k])
    middle = len(text) // 2
    return [
        replace(
            report, chapters={**report.chapters, "overview": text[:middle] + "政" + text[middle:]}
        ),
        replace(report, chapters={**report.chapters, "overview": text + "新增内容。" * 40}),
        replace(report, values={**report.values, key: 987654}),
        replace(report, values={**report.values, key: None}),
    ]


def test_incremental_layout_equals_a_fresh_layout(shuyang: ReportData) -> None:
    layout_document(build_document(shuyang))  # warm the per-block caches
    for edited in _edits(shuyang):
        document = build_document(edited)
        incremental = layout_document(document)
        clear_layout_caches()
        fresh = layout_document(document)
        assert incremental == fresh
        layout_document(build_document(shuyang))


def test_changed_pages_name_only_the_edited_page_and_area(shuyang: ReportData) -> None:
    before = layout_document(build_document(shuyang))
    assert changed_pages(before.pages, layout_document(build_document(shuyang)).pages) == []
    key = next(k for k in sorted(shuyang.values) if k.startswith("t3.") and shuyang.values[k])
    after = layout_document(build_document(replace(shuyang, values={**shuyang.values, key: 8642})))
    changes = dict(changed_pages(before.pages, after.pages))
    page, _ = after.anchors[f"cell:{key}"]
    first_table_page = min(
        index
        for index, p in enumerate(after.pages)
        if any(isinstance(i, Box) and i.anchor.startswith("cell:") for i in p.items)
    )
    assert page in changes and min(changes) >= first_table_page  # pages before: untouched
    x0, y0, x1, y1 = changes[page]
    drawn = [
        i for i in after.pages[page].items if isinstance(i, TextLine) and i.anchor == f"cell:{key}"
    ]
    assert [i.text for i in drawn] == ["8642"]
    assert x0 <= drawn[0].x_mm <= x1 and y0 <= drawn[0].baseline_mm <= y1
