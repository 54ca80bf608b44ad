"""Year-over-year comparison: numbers, percentages, similarity and the repeated passages."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from exporters.compare_export import comparison_html, comparison_xlsx, highlighted_html
from models.domain.compare import compare_reports, repeated_spans
from models.domain.report import ReportData
from models.domain.values import CellValue


def _year_before(report: ReportData, values: dict[str, CellValue], **chapters: str) -> ReportData:
    return dataclasses.replace(
        report,
        year=report.year - 1,
        values=values,
        chapters={**report.chapters, **chapters},
    )


def test_cells_show_both_years_change_and_percent(shuyang: ReportData) -> None:
    previous = _year_before(
        shuyang,
        {
            **shuyang.values,
            "t2.normative_docs.in_force": 12,
            "t3.new_received.natural_person": 20,
            "t4.review.maintain": 0,
        },
    )
    cmp = compare_reports(shuyang, previous)
    cells = {c.key: c for c in cmp.cells}

    in_force = cells["t2.normative_docs.in_force"]
    assert (in_force.current, in_force.previous) == (18, 12)
    assert in_force.change == 6 and in_force.change_text() == "+6"
    assert in_force.percent == Decimal("50.0") and in_force.percent_text() == "+50.0%"
    assert (in_force.row, in_force.column) == ("行政规范性文件", "现行有效件数")

    received = cells["t3.new_received.natural_person"]
    assert received.change == 6 and received.percent == Decimal("30.0")
    total = cells["t3.new_received.total"]
    assert total.derived and (total.current, total.previous) == (26, 20)

    # from 0 there is a change but no percentage
    review = cells["t4.review.maintain"]
    assert review.previous == 0 and review.percent is None and review.percent_text() == ""


def test_blank_is_not_zero_in_comparison(shuyang: ReportData) -> None:
    values = dict(shuyang.values)
    values["t3.new_received.commercial"] = 4
    cmp = compare_reports(shuyang, _year_before(shuyang, values))
    cell = next(c for c in cmp.cells if c.key == "t3.new_received.commercial")
    assert cell.current is None and cell.previous == 4
    assert cell.change is None and cell.change_text() == ""
    assert cell in cmp.changed_cells()
    fall = next(c for c in cmp.cells if c.key == "t3.new_received.natural_person")
    assert fall not in cmp.changed_cells()


def test_decrease_and_decimal_amounts(stcsm: ReportData) -> None:
    values = dict(stcsm.values)
    values["t2.fees.amount_wan_yuan"] = Decimal("8")
    values["t2.licensing.decisions"] = 194
    now = dataclasses.replace(
        stcsm, values={**stcsm.values, "t2.fees.amount_wan_yuan": Decimal("6.5")}
    )
    cmp = compare_reports(now, _year_before(stcsm, values))
    cells = {c.key: c for c in cmp.cells}
    assert cells["t2.fees.amount_wan_yuan"].change == Decimal("-1.5")
    assert cells["t2.fees.amount_wan_yuan"].percent_text() == "-18.8%"
    assert cells["t2.licensing.decisions"].change == 97 - 194
    assert cells["t2.licensing.decisions"].percent_text() == "-50.0%"


def test_without_previous_year(shuyang: ReportData) -> None:
    cmp = compare_reports(shuyang, None)
    assert not cmp.has_previous and cmp.previous_year == 2022
    assert all(c.previous is None for c in cmp.cells)
    assert all(ch.ratio == 0 and ch.spans == () for ch in cmp.chapters)


def test_across_the_change_of_format(shuyang: ReportData) -> None:
    old = ReportData(
        unit=shuyang.unit, year=2020, edition="2019", values={"t3.other.natural_person": 2}
    )
    now = dataclasses.replace(shuyang, year=2021)
    cmp = compare_reports(now, old)
    cells = {c.key: c for c in cmp.cells}
    assert not cells["t3.other.no_correction.natural_person"].in_previous_edition
    assert cells["t3.granted.natural_person"].in_previous_edition


def test_repeated_spans_locate_the_copied_passage() -> None:
    old = "今年我们认真贯彻落实条例要求，进一步加强组织领导。\n另有其他内容。"
    new = "本年度，我们认真贯彻落实条例要求，进一步加强组织领导。新增了网上申请渠道。"
    spans = repeated_spans(new, old)
    assert [new[a:b] for a, b in spans] == ["我们认真贯彻落实条例要求，进一步加强组织领导。"]


def test_repeated_spans_ignore_line_breaks_and_spaces() -> None:
    old = "主动公开政府信息一千二百条，依申请公开办结率百分之百。"
    new = "前言。主动公开政府信息\n一千二百条，依申请 公开办结率百分之百。结尾段落完全不同"
    spans = repeated_spans(new, old)
    assert len(spans) == 1
    start, end = spans[0]
    assert new[start:end] == "主动公开政府信息\n一千二百条，依申请 公开办结率百分之百。"


def test_short_or_unrelated_text_has_no_spans() -> None:
    assert repeated_spans("很短", "很短") == []
    assert repeated_spans("完全不同的一段文字内容在这里", "另外一段毫不相干的文字表述") == []


def test_chapter_similarity_flags_more_than_half(shuyang: ReportData) -> None:
    problems = shuyang.chapter("problems")
    previous = _year_before(
        shuyang, shuyang.values, problems=problems, overview="去年的总体情况完全是另外一回事。"
    )
    cmp = compare_reports(shuyang, previous)
    chapters = {ch.key: ch for ch in cmp.chapters}
    assert chapters["problems"].ratio == 1.0 and chapters["problems"].too_similar
    covered = "".join(problems[a:b] for a, b in chapters["problems"].spans)
    assert "".join(covered.split()) == "".join(problems.split())
    assert not chapters["overview"].too_similar and chapters["overview"].percent < 10


def test_partly_repeated_chapter_percent() -> None:
    old = "甲乙丙丁戊己庚辛壬癸" * 2
    new = "甲乙丙丁戊己庚辛壬癸" + "子丑寅卯辰巳午未申酉"
    report = ReportData(
        unit="某局",
        year=2024,
        edition="2021",
        chapters={"overview": new, "problems": "", "other": ""},
    )
    previous = ReportData(
        unit="某局",
        year=2023,
        edition="2021",
        chapters={"overview": old, "problems": "", "other": ""},
    )
    ch = next(c for c in compare_reports(report, previous).chapters if c.key == "overview")
    # 13 eight-character runs, 3 of them from last year's text
    assert ch.percent == round(3 / 13 * 100)
    assert [new[a:b] for a, b in ch.spans] == ["甲乙丙丁戊己庚辛壬癸"]
    assert not ch.too_similar


def test_exports(shuyang: ReportData) -> None:
    previous = _year_before(shuyang, {**shuyang.values, "t3.new_received.natural_person": 13})
    cmp = compare_reports(shuyang, previous)
    wb = load_workbook(BytesIO(comparison_xlsx(cmp)))
    rows = list(wb["表格对比"].iter_rows(values_only=True))
    row = next(r for r in rows if r[1] == "一、本年新收政府信息公开申请数量" and r[2] == "自然人")
    assert row[3:] == ("26", "13", "+13", "+100.0%")
    texts = list(wb["文字对比"].iter_rows(values_only=True))
    assert texts[1][0] == "一、总体情况" and texts[1][1] == "100%"
    page = comparison_html(cmp)
    assert "+100.0%" in page and "<mark>" in page and "沭阳县发展和改革局" in page


def test_highlighted_html_escapes() -> None:
    assert highlighted_html("a<b>c", ((1, 4),)) == "a<mark>&lt;b&gt;</mark>c"
