"""Every workbook the program writes keeps user text inert: no formula, no forbidden character.

A unit name or a 采购总金额 text that starts like a formula (``=HYPERLINK(…)``, ``=cmd|…``,
``+``, ``-``, ``@``, tab, CR) must arrive as a string in the report export, the 采集表 sent to
other offices and the year comparison; control characters are removed with a warning instead
of making the export fail.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from exporters.compare_export import comparison_xlsx, comparison_xlsx_checked
from exporters.render import render
from exporters.xlsx_writer import write_collection_workbook, write_xlsx
from models.domain.compare import compare_reports
from models.domain.new_year import new_report
from models.domain.report import ReportData

HOSTILE = [
    '=HYPERLINK("http://127.0.0.1:9/x?"&A1,"点击")',
    "=cmd|' /C calc'!A0局",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]
#: The only formulas the program writes: the totals, ``IF(COUNT(...)=0,"",SUM(...))``.
OUR_FORMULA = re.compile(r'^IF\(COUNT\([A-Z0-9,]+\)=0,"",SUM\([A-Z0-9,]+\)\)$')


def _formulas(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            formula
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
            for formula in re.findall(r"<f>(.*?)</f>", archive.read(name).decode("utf-8"), re.S)
        ]


def _text_cells(data: bytes, wanted: str) -> list[tuple[str, str, bool]]:
    """(sheet, data type, quote prefix) of every cell whose value is ``wanted``."""
    wb = load_workbook(io.BytesIO(data))
    return [
        (ws.title, cell.data_type, bool(cell.quotePrefix))
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value == wanted
    ]


def _report(unit: str, text: str) -> ReportData:
    report = new_report(unit, 2020)  # the 2019 edition: it has the 采购总金额 text cell
    report.values["t2.procurement.amount"] = text
    report.values["t2.procurement.projects"] = 3
    report.chapters["overview"] = text + "，重复的一段文字用来比较上下两年的报告内容。"
    return report


def _assert_inert(data: bytes, text: str, places: int) -> None:
    assert all(OUR_FORMULA.match(f) for f in _formulas(data)), _formulas(data)
    cells = _text_cells(data, text)
    assert len(cells) >= places, cells
    assert all(kind == "s" and quoted for _, kind, quoted in cells), cells


@pytest.mark.parametrize("text", HOSTILE)
def test_the_report_workbook_writes_formula_like_text_as_text(text: str) -> None:
    data = write_xlsx(_report(text, text))
    _assert_inert(data, text, 2)  # 封面 unit name, 表二 采购总金额
    assert _formulas(data), "the totals are still formulas"


@pytest.mark.parametrize("text", HOSTILE)
def test_the_collection_workbook_writes_formula_like_names_as_text(text: str) -> None:
    data = write_collection_workbook(2024, parent=text, unit=text)
    _assert_inert(data, text, 3)  # 封面 B3 and B6, the hidden sheet's parent
    sheets = {sheet for sheet, _, _ in _text_cells(data, text)}
    assert "_nianbao" in sheets and "封面" in sheets


@pytest.mark.parametrize("text", HOSTILE)
def test_the_comparison_workbook_writes_formula_like_text_as_text(text: str) -> None:
    current, previous = _report(text, text), _report(text, text)
    previous.year = 2019
    data = comparison_xlsx(compare_reports(current, previous))
    assert all(OUR_FORMULA.match(f) for f in _formulas(data))
    wb = load_workbook(io.BytesIO(data))
    title = wb["表格对比"]["A1"]
    assert title.data_type == "s" and title.quotePrefix and str(title.value).startswith(text)


def test_control_characters_are_removed_with_a_warning_in_every_workbook() -> None:
    dirty = "单位\x01名称\ufffe"
    report = _report(dirty, "约\x0b12万元")
    rendered = render(report, ".xlsx")
    assert any("控制字符" in w and "已删除" in w for w in rendered.warnings)
    wb = load_workbook(io.BytesIO(rendered.data))
    assert wb["封面"]["B3"].value == "单位名称"
    assert wb["表二"]["C19"].value == "约12万元" or any(
        cell.value == "约12万元" for row in wb["表二"].iter_rows() for cell in row
    )
    template = write_collection_workbook(2024, parent=dirty, unit=dirty)
    assert load_workbook(io.BytesIO(template))["封面"]["B3"].value == "单位名称"
    previous = _report(dirty, "x")
    previous.year = 2019
    data, warnings = comparison_xlsx_checked(compare_reports(report, previous))
    assert warnings and load_workbook(io.BytesIO(data))["表格对比"]["A1"].value.startswith(
        "单位名称"
    )
