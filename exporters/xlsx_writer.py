"""Excel (.xlsx) workbooks of a report's three tables in the official layout, with openpyxl.

Every table sheet is drawn from the edition's grid: merged headers, labels verbatim, input cells
with their values (a blank stays an empty cell, 0 is written as 0) and derived totals as
``=SUM(...)`` formulas over their parts. A very hidden sheet (:data:`META_SHEET`) records the
edition, the year and, for every cell key, the sheet and cell that hold it, so that
:mod:`importers.xlsx_reader` reads the numbers back reliably even if rows are re-styled.

:func:`write_collection_workbook` makes the blank 采集表 a district sends to its departments:
the same tables, empty, with only the input cells and the unit name open for typing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from exporters.embedded import EXCHANGE_SHEET, xlsx_pieces
from exporters.xlsx_text import InertText
from models.domain.editions import (
    COUNT,
    DECIMAL,
    MONEY_TEXT,
    SIGNED_INT,
    Edition,
    GridCell,
    TableSpec,
    edition_for_year,
    load_edition,
)
from models.domain.report import ReportData
from models.domain.values import CellValue

#: Name of the hidden sheet that maps cell keys to cells.
META_SHEET = "_nianbao"
#: Value of ``kind`` in the hidden sheet.
KIND = "nianbao-tables"
VERSION = 1
REPORT = "report"
COLLECTION = "collection"
INFO_SHEET = "封面"
SHEET_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
#: Rows above the grid on a table sheet (the heading).
GRID_OFFSET = 1
UNIT_CELL = "B3"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_INPUT_FILL = PatternFill("solid", fgColor="FFF8D6")
_FONT = "宋体"
_FORMATS = {COUNT: "0", SIGNED_INT: "+0;-0;0", DECIMAL: "General", MONEY_TEXT: "@"}


@dataclass(frozen=True)
class _Options:
    purpose: str
    unit: str
    parent: str
    year: int
    edition: Edition
    text: InertText


def cell_ref(table: TableSpec, cell: GridCell) -> str:
    """The A1 reference of a grid cell on its table sheet."""
    return f"{get_column_letter(cell.c + 1)}{cell.r + 1 + GRID_OFFSET}"


def total_formula(table: TableSpec, cell: GridCell) -> str:
    """The formula of a derived cell: the sum of its parts, blank when every part is blank."""
    by_key = {c.key: c for c in table.cells if c.key}
    parts = ",".join(cell_ref(table, by_key[t]) for t in cell.terms)
    return f'=IF(COUNT({parts})=0,"",SUM({parts}))'


def _excel_value(value: CellValue | None) -> int | Decimal | str | None:
    if isinstance(value, Decimal) and "." not in format(value, "f"):
        return int(value)
    return value


def _validation(value_type: str) -> DataValidation | None:
    if value_type == COUNT:
        dv = DataValidation(type="whole", operator="between", formula1="0", formula2="999999999")
        dv.error = "请输入不小于 0 的整数（件数）"
    elif value_type == SIGNED_INT:
        dv = DataValidation(
            type="whole", operator="between", formula1="-999999999", formula2="999999999"
        )
        dv.error = "请输入整数，如 3 或 -2"
    elif value_type == DECIMAL:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        dv.error = "请输入不小于 0 的金额（单位：万元）"
    else:
        return None
    dv.errorTitle = "输入有误"
    dv.showErrorMessage = True
    dv.allow_blank = True
    return dv


def _width(table: TableSpec, c: int) -> float:
    return max(6.0, round(table.col_widths_mm[c] * 0.62, 1))


def _row_height(table: TableSpec, r: int) -> float:
    """Points for grid row ``r``: enough lines for the longest text starting in it."""
    lines = 1
    for cell in table.cells:
        if cell.r != r or cell.rowspan != 1 or not cell.text:
            continue
        width = sum(_width(table, c) for c in range(cell.c, cell.c + cell.colspan))
        per_line = max(1, int(width / (1.9 * table.font_pt / 10.5)))
        lines = max(lines, -(-len(cell.text) // per_line))
    return round(lines * table.font_pt * 1.45 + 6, 1)


def _draw_table(
    ws: Worksheet, table: TableSpec, report: ReportData | None, opts: _Options
) -> list[tuple[str, str]]:
    """Draw one table; return (key, cell reference) for every value cell."""
    size = table.font_pt
    ws.cell(row=1, column=1, value=table.heading).font = Font(name="黑体", size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.cols)
    ws.row_dimensions[1].height = 24
    for i in range(table.cols):
        ws.column_dimensions[get_column_letter(i + 1)].width = _width(table, i)
    for (r, c), _owner in table.covering().items():
        ws.cell(row=r + 1 + GRID_OFFSET, column=c + 1).border = _BORDER
    validations: dict[str, DataValidation] = {}
    refs: list[tuple[str, str]] = []
    for cell in table.cells:
        row, col = cell.r + 1 + GRID_OFFSET, cell.c + 1
        target = ws.cell(row=row, column=col)
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.rowspan - 1,
                end_column=col + cell.colspan - 1,
            )
        target.font = Font(name=_FONT, size=size, bold=cell.role in ("header", "section"))
        horizontal = "left" if cell.role == "label" and table.key == "t3" else "center"
        target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if cell.role in ("label", "header", "section"):
            target.value = cell.text
            continue
        refs.append((cell.key, cell_ref(table, cell)))
        target.number_format = _FORMATS.get(cell.type, "General")
        if cell.role == "derived":
            target.value = total_formula(table, cell)
            continue
        if report is not None:
            value = report.values.get(cell.key)
            opts.text.put(target, _excel_value(value), ws.title)
            if cell.type == MONEY_TEXT and value is not None:
                target.data_type = "s"
        target.protection = Protection(locked=False)
        if opts.purpose == COLLECTION:
            target.fill = _INPUT_FILL
        dv = validations.get(cell.type)
        if dv is None and (dv := _validation(cell.type)) is not None:
            validations[cell.type] = dv
            ws.add_data_validation(dv)
        if dv is not None:
            dv.add(target)
    for r in range(table.rows):
        ws.row_dimensions[r + 1 + GRID_OFFSET].height = _row_height(table, r)
    ws.sheet_view.showGridLines = False
    ws.print_options.horizontalCentered = True
    ws.page_setup.orientation = "landscape" if table.cols > 6 else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    if ws.sheet_properties.pageSetUpPr is not None:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if opts.purpose == COLLECTION:
        ws.protection.sheet = True
    return refs


def _draw_info(ws: Worksheet, opts: _Options) -> None:
    spec = opts.edition
    title = (
        "政府信息公开工作年度报告 数据采集表"
        if opts.purpose == COLLECTION
        else "政府信息公开工作年度报告 表格数据"
    )
    ws["A1"] = title
    ws["A1"].font = Font(name="黑体", size=16)
    ws.merge_cells("A1:D1")
    ws.row_dimensions[1].height = 30
    rows: list[tuple[str, str | int]] = [
        ("单位名称", opts.unit),
        ("报告年度", opts.year),
        ("格式版本", f"{spec.short_name}（{spec.document_number}）"),
    ]
    if opts.parent:
        rows.append(("汇总单位", opts.parent))
    for i, (label, value) in enumerate(rows, start=3):
        ws.cell(row=i, column=1, value=label).font = Font(name=_FONT, size=12, bold=True)
        field = opts.text.put(ws.cell(row=i, column=2), value, label)
        field.font = Font(name=_FONT, size=12)
        field.alignment = Alignment(horizontal="left")
    notes = [
        "说明：",
        "1. 表二、表三、表四按官方格式排列，标签请勿改动。",
        "2. 合计（总计）单元格由公式自动计算，请勿填写或改动。",
        "3. 没有发生的事项请填 0；空白单元格视为未填写（空白与 0 不同）。",
        "4. 请勿删除、重命名工作表，以免无法导入。",
    ]
    if opts.purpose == COLLECTION:
        notes.insert(1, "请先在上方“单位名称”处填写本单位全称，再在黄色单元格中填写数字。")
        ws[UNIT_CELL].protection = Protection(locked=False)
        ws[UNIT_CELL].fill = _INPUT_FILL
        ws.protection.sheet = True
    for i, line in enumerate(notes, start=len(rows) + 4):
        ws.cell(row=i, column=1, value=line).font = Font(name=_FONT, size=11)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 48


def _write_meta(wb: Workbook, opts: _Options, refs: list[tuple[str, str, str]]) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"
    rows: list[tuple[object, ...]] = [
        ("kind", KIND),
        ("version", VERSION),
        ("purpose", opts.purpose),
        ("edition", opts.edition.id),
        ("year", opts.year),
        ("parent", opts.parent),
        ("unit_cell", f"{INFO_SHEET}!{UNIT_CELL}"),
        ("key", "sheet", "cell"),
    ]
    rows.extend(refs)
    for row in rows:
        opts.text.append(ws, row, "汇总单位")
    ws.protection.sheet = True


def _write_exchange(wb: Workbook, report: ReportData, opts: _Options) -> None:
    """The report's exchange JSON on a very hidden sheet (see :mod:`exporters.embedded`);
    a piece may start like a formula, so it is written inert like every text."""
    ws = wb.create_sheet(EXCHANGE_SHEET)
    ws.sheet_state = "veryHidden"
    for piece in xlsx_pieces(report):
        opts.text.append(ws, [piece], "内含数据")
    ws.protection.sheet = True


def _workbook(report: ReportData | None, opts: _Options) -> tuple[bytes, tuple[str, ...]]:
    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = INFO_SHEET
    _draw_info(info, opts)
    refs: list[tuple[str, str, str]] = []
    for tkey, table in opts.edition.tables.items():
        ws = wb.create_sheet(SHEET_NAMES.get(tkey, tkey))
        for key, ref in _draw_table(ws, table, report, opts):
            refs.append((key, ws.title, ref))
    _write_meta(wb, opts, refs)
    if report is not None:
        _write_exchange(wb, report, opts)
    wb.defined_names["单位名称"] = DefinedName("单位名称", attr_text=f"'{INFO_SHEET}'!$B$3")
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), opts.text.warnings()


def write_xlsx(report: ReportData) -> bytes:
    """The report's three tables as an .xlsx workbook (values filled in, totals as formulas)."""
    return write_xlsx_checked(report)[0]


def write_xlsx_checked(report: ReportData) -> tuple[bytes, tuple[str, ...]]:
    """:func:`write_xlsx` and the warnings (control characters removed), as the other
    exports give them."""
    opts = _Options(REPORT, report.unit, "", report.year, report.spec, InertText())
    return _workbook(report, opts)


def write_collection_workbook(
    year: int, parent: str = "", edition: str | None = None, unit: str = ""
) -> bytes:
    """A blank 采集表 for ``year``: a district sends it to its departments and imports it back.

    Args:
        year: the report year.
        parent: the collecting (汇总) unit, printed on the cover and recorded.
        edition: the edition (default: the one that governs ``year``).
        unit: pre-filled unit name (empty: the department types it in).
    """
    spec = load_edition(edition or edition_for_year(year))
    return _workbook(None, _Options(COLLECTION, unit, parent, year, spec, InertText()))[0]
