"""The document model: one pure function from report to printable blocks."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from exporters.document import (
    TITLE_CHARS_PER_LINE,
    balance_title,
    build_document,
    format_date,
    heading_runs,
)
from exporters.document_blocks import BODY, H1, H2, H3, H4, Paragraph, Table, Title
from models.domain.derive import compute_derived
from models.domain.editions import load_edition
from models.domain.report import ReportData


def _paragraphs(doc_blocks: tuple[object, ...], anchor: str) -> list[Paragraph]:
    return [b for b in doc_blocks if isinstance(b, Paragraph) and b.anchor == anchor]


def test_order_and_anchors(shuyang: ReportData) -> None:
    doc = build_document(shuyang)
    assert isinstance(doc.blocks[0], Title)
    assert doc.anchors() == [
        "title",
        "preamble",
        "chapter:overview",
        "table:t2",
        "table:t3",
        "table:t4",
        "chapter:problems",
        "chapter:other",
        "signature",
    ]
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert [t.key for t in tables] == ["t2", "t3", "t4"]
    assert [t.repeat_header for t in tables] == [False, True, False]


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_chapter_headings_come_from_the_edition(edition: str) -> None:
    report = ReportData(unit="某某局", year=2020 if edition == "2019" else 2022, edition=edition)
    doc = build_document(report)
    headings = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.runs[0].style == H1]
    assert headings == [ch.heading for ch in load_edition(edition).chapters]


def test_headings_are_read_from_edition_data(monkeypatch: pytest.MonkeyPatch) -> None:
    base = load_edition("2021")
    chapters = tuple(dataclasses.replace(ch, heading=f"第{ch.n}部分 试验") for ch in base.chapters)
    custom = dataclasses.replace(base, chapters=chapters)
    monkeypatch.setattr(ReportData, "spec", property(lambda self: custom))
    doc = build_document(ReportData(unit="某局", year=2023, edition="2021"))
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "第3部分 试验" in texts
    assert "三、收到和处理政府信息公开申请情况" not in texts


def test_empty_chapter_prints_heading_only() -> None:
    report = ReportData(unit="某局", year=2023, edition="2021")
    doc = build_document(report)
    other = _paragraphs(doc.blocks, "chapter:other")
    assert [p.text for p in other] == ["六、其他需要报告的事项"]
    assert all("文字描述" not in b.text for b in doc.blocks if isinstance(b, Paragraph))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（一）主要问题。各科室。", [("（一）主要问题。", H2), ("各科室。", BODY)]),
        ("1.加强学习。内容如下", [("1.加强学习。", H3), ("内容如下", BODY)]),
        ("（1）细化制度。完善。", [("（1）细化制度。", H4), ("完善。", BODY)]),
        ("二、工作机制保障", [("二、工作机制保障", H1)]),
        ("（二）依申请公开政府信息情况", [("（二）依申请公开政府信息情况", H2)]),
        ("2023年，县发展和改革局认真贯彻。", [("2023年，县发展和改革局认真贯彻。", BODY)]),
        ("1.5万元用于平台建设。", [("1.5万元用于平台建设。", BODY)]),
        ("普通段落（一）不算标题。", [("普通段落（一）不算标题。", BODY)]),
    ],
)
def test_run_in_headings(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.text, r.style) for r in heading_runs(text)] == expected


def test_long_numbered_paragraph_without_full_stop_styles_only_the_number() -> None:
    text = "（三）" + "加强平台建设扩展公开渠道" * 5
    runs = heading_runs(text)
    assert [(r.text, r.style) for r in runs] == [("（三）", H2), (text[3:], BODY)]


def test_paragraphs_split_on_lines_and_indents_stripped() -> None:
    report = ReportData(unit="某局", year=2023, edition="2021")
    report.chapters["overview"] = "\u3000\u3000第一段。\n\n  第二段。\r\n"
    doc = build_document(report)
    texts = [p.text for p in _paragraphs(doc.blocks, "chapter:overview")]
    assert texts == ["一、总体情况", "第一段。", "第二段。"]


def test_tables_follow_the_edition_grid_with_derived_totals(shuyang: ReportData) -> None:
    doc = build_document(shuyang)
    spec = shuyang.spec
    derived = compute_derived(spec, shuyang.values)
    for table in (b for b in doc.blocks if isinstance(b, Table)):
        tspec = spec.tables[table.key]
        assert (table.rows, table.cols, table.header_rows) == (
            tspec.rows,
            tspec.cols,
            tspec.header_rows,
        )
        spans = {(c.r, c.c, c.rowspan, c.colspan) for c in table.cells}
        assert spans == {(c.r, c.c, c.rowspan, c.colspan) for c in tspec.cells}
        for cell in table.cells:
            source = next(c for c in tspec.cells if (c.r, c.c) == (cell.r, cell.c))
            if source.role == "derived":
                value = derived[source.key]
                assert cell.text == ("0" if value is None else str(value))
            elif not source.is_value:
                assert cell.text == source.text
    t3 = next(b for b in doc.blocks if isinstance(b, Table) and b.key == "t3")
    granted = next(c for c in t3.cells if c.key == "t3.granted.total")
    assert granted.text == "26"


def test_blank_prints_as_zero_and_text_values_verbatim() -> None:
    report = ReportData(unit="某局", year=2023, edition="2021")
    doc = build_document(report)
    values = [c for b in doc.blocks if isinstance(b, Table) for c in b.cells if c.key]
    assert values and all(c.text == "0" for c in values if c.role in ("input", "derived"))


def test_signature_block() -> None:
    report = ReportData(
        unit="某某县人民政府办公室",
        year=2020,
        edition="2019",
        signature_unit="某某县人民政府办公室",
        signature_date=date(2021, 1, 8),
    )
    doc = build_document(report)
    sig = _paragraphs(doc.blocks, "signature")
    assert [p.text for p in sig] == ["某某县人民政府办公室", "2021年1月8日"]
    assert all(p.align == "right" for p in sig)
    assert format_date(date(2021, 1, 28)) == "2021年1月28日"


def test_signature_falls_back_to_the_unit() -> None:
    doc = build_document(ReportData(unit="某局", year=2023, edition="2021"))
    assert [p.text for p in _paragraphs(doc.blocks, "signature")] == ["某局"]


def test_title_default_and_balanced_lines() -> None:
    doc = build_document(ReportData(unit="某局", year=2023, edition="2021"))
    title = doc.blocks[0]
    assert isinstance(title, Title)
    assert title.text == load_edition("2021").default_title("某局", 2023)
    long = "某某省某某市某某县人民政府办公室2023年政府信息公开工作年度报告"
    lines = balance_title(long)
    assert "".join(lines) == long
    assert len(lines) == 2
    assert all(len(line) <= TITLE_CHARS_PER_LINE for line in lines)
    assert abs(len(lines[0]) - len(lines[1])) <= 4
    assert balance_title("短标题") == ("短标题",)


def test_build_is_pure(shuyang: ReportData) -> None:
    before = dataclasses.asdict(shuyang)
    assert build_document(shuyang) == build_document(shuyang)
    assert dataclasses.asdict(shuyang) == before
