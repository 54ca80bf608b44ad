"""Qt-free grid, paste, navigator, chapter and new-report logic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gui.logic.chapter_text import (
    count_label,
    fee_sentence,
    has_fee_form,
    insert_fee_sentence,
    length_guide,
    parse_yuan,
)
from gui.logic.editor import ReportEditor
from gui.logic.export_plan import suggested_name, with_suffix
from gui.logic.navigator import build_navigator
from gui.logic.new_report_form import NewReportForm, NewReportRequest, edition_note
from gui.logic.table_grid import TableGrid, plan_paste, split_block
from models.domain.editions import load_edition
from models.domain.new_year import new_report
from models.domain.report import ReportData
from models.domain.values import CellInputError
from models.services.reports import ReportStore
from models.storage.database import Database

T3 = load_edition("2021").tables["t3"]


def test_grid_positions_and_navigation() -> None:
    grid = TableGrid(T3)
    assert grid.anchor(0, 3) is not None and grid.anchor(0, 3).text == "申请人情况"
    r, c = grid.position("t3.new_received.natural_person")
    assert grid.next_input_down(r, c) == grid.position("t3.carried_over.natural_person")
    assert grid.next_input_right(r, c) == grid.position("t3.new_received.commercial")
    assert grid.first_input() == (r, c)
    assert any(cell.rowspan == 22 for cell in grid.spans())


def test_paste_block_with_full_width_digits_and_separators() -> None:
    grid = TableGrid(T3)
    editor = ReportEditor(1, new_report("测试局", 2023))
    r, c = grid.position("t3.new_received.natural_person")
    text = "1,234\t２\t\t0\t0\t0\t9999\r\n５\t1\t0\t0\t0\t0\t6\r\n"
    plan = plan_paste(grid, r, c, text, editor.parse_cell)
    assert plan.values["t3.new_received.natural_person"] == 1234
    assert plan.values["t3.new_received.commercial"] == 2
    assert plan.values["t3.new_received.research"] is None
    assert plan.values["t3.carried_over.natural_person"] == 5
    assert plan.skipped_derived == 2
    assert "已粘贴 12 个单元格" in plan.summary()


def test_paste_refuses_whole_block_on_bad_cell() -> None:
    grid = TableGrid(T3)
    editor = ReportEditor(1, new_report("测试局", 2023))
    r, c = grid.position("t3.new_received.natural_person")
    with pytest.raises(CellInputError, match="第 1 行第 2 个“x”"):
        plan_paste(grid, r, c, "1\tx", editor.parse_cell)
    with pytest.raises(CellInputError):
        plan_paste(grid, r, c, "\n\n", editor.parse_cell)


def test_paste_outside_table_is_counted() -> None:
    grid = TableGrid(load_edition("2021").tables["t4"])
    editor = ReportEditor(1, new_report("测试局", 2023))
    r, c = grid.position("t4.lit_after_review.pending")
    plan = plan_paste(grid, r, c, "1\t2\t3\n4", editor.parse_cell)
    assert plan.values == {"t4.lit_after_review.pending": 1}
    assert plan.skipped_derived == 1
    assert plan.outside == 2
    assert split_block("a\tb\n") == [["a", "b"]]


def test_navigator_counts_with_previous_year(shuyang: ReportData) -> None:
    previous = new_report(shuyang.unit, 2022)
    previous.values["t3.carried_forward.natural_person"] = 3
    nav = build_navigator({(shuyang.unit, 2023): shuyang, (shuyang.unit, 2022): previous})
    assert [u.unit for u in nav] == [shuyang.unit]
    years = nav[0].years
    assert [y.year for y in years] == [2023, 2022]
    assert years[0].warnings >= 1  # 上年结转 differs from last year's 结转下年度
    assert "草稿" in years[0].label


def test_chapter_helpers() -> None:
    ed21, ed19 = load_edition("2021"), load_edition("2019")
    assert length_guide(ed21, "overview") == 1000
    assert length_guide(ed19, "overview") is None
    assert count_label("一 二\n三", 1000) == "共 3 字（格式要求原则上不超过 1000 字）"
    assert "多 1 字" in count_label("x" * 1001, 1000)
    assert has_fee_form(ed21) and not has_fee_form(ed19)
    sentence = fee_sentence(2023, 2, parse_yuan("１,２００.５"), Decimal("100"))
    assert sentence == (
        "2023年，本机关依据《政府信息公开信息处理费管理办法》发出收费通知2件，"
        "应收信息处理费1200.5元，实收信息处理费100元。"
    )
    assert fee_sentence(2023, 0, Decimal(0), Decimal(0)) == "2023年，本机关未收取信息处理费。"
    text = insert_fee_sentence("第一段。\n", sentence)
    assert text == f"第一段。\n{sentence}"
    assert insert_fee_sentence(text, "2023年，本机关未收取信息处理费。").count("信息处理费") == 1
    with pytest.raises(CellInputError):
        parse_yuan("一百元")


def test_new_report_form(db: Database) -> None:
    store = ReportStore(db)
    form = NewReportForm(store)
    assert form.problem(NewReportRequest(" ", 2023)) is not None
    assert form.problem(NewReportRequest("局", 1990)) is not None
    last = new_report("局", 2022)
    last.values["t3.carried_forward.natural_person"] = 7
    store.create(last)
    assert form.has_previous("局", 2023)
    assert not form.has_previous("局", 2022)
    form.create(NewReportRequest("局", 2023))
    made = store.load("局", 2023)
    assert made is not None and made.values["t3.carried_over.natural_person"] == 7
    assert "已经存在" in (form.problem(NewReportRequest("局", 2023)) or "")
    assert "2021" in edition_note(2023, None) or "格式" in edition_note(2023, None)
    assert edition_note(2023, "2019").startswith("注意")
    assert form.units() == ["局"]


def test_export_names(shuyang: ReportData) -> None:
    assert suggested_name(shuyang, ".docx").endswith("年度报告.docx")
    from pathlib import Path

    assert with_suffix(Path("a"), ".pdf") == Path("a.pdf")
    assert with_suffix(Path("a.PDF"), ".pdf") == Path("a.PDF")
