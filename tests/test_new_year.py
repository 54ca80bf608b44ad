"""A new year from the previous one: carry-over of figures, preamble and signature."""

from __future__ import annotations

from datetime import date

from models.domain.new_year import move_years, new_report
from models.domain.report import ReportData


def test_without_previous_year() -> None:
    report = new_report("甲局", 2024)
    assert report.edition == "2021" and report.values == {}
    assert report.title == "甲局2024年政府信息公开工作年度报告"
    assert all(text == "" for text in report.chapters.values())


def test_carry_over_2023_to_2024(shuyang: ReportData) -> None:
    shuyang.values["t3.carried_forward.natural_person"] = 4
    report = new_report(shuyang.unit, 2024, previous=shuyang)
    assert report.values == {"t3.carried_over.natural_person": 4}  # blank stays blank
    assert "2024年1月1日至2024年12月31日" in report.preamble
    assert report.title == "沭阳县发展和改革局2024年政府信息公开年度报告"
    assert report.signature_date == date(2025, 1, 17)
    assert report.chapters == {"overview": "", "problems": "", "other": ""}


def test_carry_over_across_the_edition_change() -> None:
    previous = ReportData(
        unit="某镇",
        year=2020,
        edition="2019",
        values={
            "t3.carried_forward.natural_person": 3,
            "t3.carried_forward.other_org": 0,
            "t2.licensing.prev_items": 10,
            "t2.licensing.delta": 2,
        },
    )
    report = new_report("某镇", 2021, previous=previous)
    assert report.edition == "2021"
    assert report.values == {"t3.carried_over.natural_person": 3, "t3.carried_over.other_org": 0}


def test_prev_items_roll_within_2019_edition() -> None:
    previous = ReportData(
        unit="某镇",
        year=2019,
        edition="2019",
        values={"t2.licensing.prev_items": 10, "t2.licensing.delta": -2, "t2.fees.prev_items": 1},
    )
    report = new_report("某镇", 2020, previous=previous)
    assert report.values["t2.licensing.prev_items"] == 8
    assert report.values["t2.fees.prev_items"] == 1
    assert "t2.penalty.prev_items" not in report.values


def test_move_years_moves_report_and_publication_year_only() -> None:
    text = "统计期限为2022年1月1日至2022年12月31日，2023年1月发布。2019年的数据不变。"
    assert (
        move_years(text, 2022, 2023)
        == "统计期限为2023年1月1日至2023年12月31日，2024年1月发布。2019年的数据不变。"
    )
