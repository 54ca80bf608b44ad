"""Reading a report's numbers back from an .xlsx workbook made by :mod:`exporters.xlsx_writer`.

The hidden sheet of the workbook says which edition and year it is for and which cell holds
which key; only those cells are read. Every cell that cannot be read is listed, with the sheet,
the cell and the printed row and column labels, in one clear message in Chinese; nothing is
imported from a workbook with such a cell.
"""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from exporters.xlsx_writer import COLLECTION, KIND, META_SHEET, VERSION
from importers.budget import check_zip
from importers.errors import ImportRefused
from importers.xlsx_layout import locate_by_labels
from models.domain.editions import (
    COUNT,
    DECIMAL,
    MONEY_TEXT,
    SIGNED_INT,
    Edition,
    edition_ids,
    load_edition,
)
from models.domain.exchange import Discrepancy, compare_printed_totals
from models.domain.limits import LimitError, bounded_amount, name_problem
from models.domain.new_year import new_report
from models.domain.report import ReportData
from models.domain.values import (
    CellInputError,
    CellValue,
    format_value,
    parse_cell_text,
    validate_value,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
#: Caps on the workbook's parts once inflated: our sheets are about 50 KB, a re-saved one a few
#: hundred; 3 MB of sheet XML is some 100,000 cells, which openpyxl reads in about a second.
MAX_UNCOMPRESSED = 40 * 2**20
_PART_CAPS = {"xl/worksheets/": 3 * 2**20, "xl/sharedStrings.xml": 4 * 2**20, "xl/": 8 * 2**20}


class XlsxImportError(ValueError):
    """The workbook cannot be imported; ``str(error)`` says why in Chinese, a line per problem."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = problems or []
        lines = [message, *(f"  {p}" for p in self.problems)]
        super().__init__("\n".join(lines))


@dataclass
class XlsxImport:
    """The numbers read from a workbook, as a report of its unit and year (texts empty).

    Attributes:
        report: the unit, year, edition and values (chapters empty: the workbook has no text).
        purpose: ``report`` (an exported report) or ``collection`` (a returned 采集表).
        parent: the collecting unit named in a 采集表 (empty otherwise).
        discrepancies: totals typed over their formulas that disagree with their parts.
        notes: how the report's exchange data carried by the workbook was used (Chinese).
    """

    report: ReportData
    purpose: str
    parent: str = ""
    discrepancies: list[Discrepancy] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _open(data: bytes) -> Workbook:
    if len(data) > MAX_FILE_BYTES:
        raise XlsxImportError("文件过大，不是年报表格工作簿")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise XlsxImportError(
            "这是旧版 Excel（.xls）或 WPS 格式的文件；请在 Excel 或 WPS 中“另存为 .xlsx”后再导入"
        )
    if not data.startswith(b"PK"):
        raise XlsxImportError("文件不是 Excel 工作簿（.xlsx）")
    try:
        check_zip(data, "Excel 工作簿", _PART_CAPS, MAX_UNCOMPRESSED)
    except ImportRefused as error:
        raise XlsxImportError(str(error)) from error
    try:
        return load_workbook(BytesIO(data), data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise XlsxImportError(f"Excel 工作簿已损坏，无法读取（{type(error).__name__}）") from error
    except Exception as error:  # malformed parts make openpyxl fail in many ways
        raise XlsxImportError(
            f"Excel 工作簿内容有误，无法读取（{type(error).__name__}）"
        ) from error


def _meta(wb: Workbook) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    ws = wb[META_SHEET]
    meta: dict[str, Any] = {}
    refs: list[tuple[str, str, str]] = []
    in_refs = False
    for row in ws.iter_rows(values_only=True):
        cells = [c for c in row]
        if not cells or cells[0] is None:
            continue
        if in_refs:
            if len(cells) < 3 or not all(isinstance(c, str) for c in cells[:3]):
                raise XlsxImportError("工作簿的隐藏对照表已损坏，无法读取")
            refs.append((str(cells[0]), str(cells[1]), str(cells[2])))
        elif cells[0] == "key":
            in_refs = True
        else:
            meta[str(cells[0])] = cells[1] if len(cells) > 1 else None
    if meta.get("kind") != KIND:
        raise XlsxImportError("这个工作簿不是年报表格工作簿（隐藏对照表的类型不符）")
    if meta.get("version") != VERSION:
        raise XlsxImportError(
            f"不支持的年报表格工作簿版本 {meta.get('version')!r}（本程序支持版本 {VERSION}）"
        )
    if isinstance(meta.get("edition"), int | float):  # a number in some spreadsheet programs
        meta["edition"] = str(int(meta["edition"]))
    if str(meta.get("edition")) not in edition_ids():
        raise XlsxImportError(f"工作簿的格式版本 {meta.get('edition')!r} 未知")
    year = meta.get("year")
    if isinstance(year, float) and year.is_integer():  # some spreadsheet programs save 2024.0
        meta["year"] = year = int(year)
    if isinstance(year, bool) or not isinstance(year, int):
        raise XlsxImportError("工作簿没有记录报告年度")
    return meta, refs


def _convert(raw: object, value_type: str) -> CellValue | None:
    """A cell's content as a value of ``value_type``; raises CellInputError with the reason."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise CellInputError("不是数字")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise CellInputError("不是有限的数字")
    if isinstance(raw, str):
        if raw.startswith("="):
            raise CellInputError("这里应填数字，不能是公式")
        return parse_cell_text(raw, value_type)
    if value_type == MONEY_TEXT:
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        return str(raw)
    if value_type in (COUNT, SIGNED_INT):
        if isinstance(raw, float):
            if not raw.is_integer():
                raise CellInputError("件数必须是整数，不能有小数")
            raw = int(raw)
        if not isinstance(raw, int):
            raise CellInputError("不是数字")
        reason = validate_value(raw, value_type)
        if reason:
            raise CellInputError(reason)
        return raw
    if value_type == DECIMAL:
        if not isinstance(raw, int | float | Decimal):
            raise CellInputError("不是数字")
        try:
            amount = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
            return bounded_amount(amount)
        except InvalidOperation as error:
            raise CellInputError("不是数字") from error
        except LimitError as error:
            raise CellInputError(str(error)) from error
    raise CellInputError(f"未知的单元格类型 {value_type}")


def _describe(spec: Edition, key: str, sheet: str, ref: str) -> str:
    place = spec.place(key)
    return f"{sheet} {ref}（{place.row}／{place.column}）".replace("／）", "）")


@dataclass
class _Read:
    spec: Edition
    year: int
    meta: dict[str, Any]
    values: dict[str, CellValue]
    discrepancies: list[Discrepancy]
    unit: str


def _read(data: bytes) -> _Read:
    wb = _open(data)
    if META_SHEET in wb.sheetnames:
        meta, refs = _meta(wb)
    else:
        located = locate_by_labels(wb)
        if located is None:
            raise XlsxImportError(
                "这个工作簿不是由年报程序导出的表格或采集表（缺少隐藏的对照表，"
                "也找不到标签与官方格式完全一致的表二、表三、表四），无法可靠读取；"
                "请使用年报程序导出的 Excel 表格或空白采集表填写"
            )
        meta, refs = located
        if not isinstance(meta.get("year"), int):
            raise XlsxImportError(
                "工作簿缺少隐藏的对照表，也没有写明“报告年度”，无法确定是哪一年的数据"
            )
    spec = load_edition(str(meta["edition"]))
    values: dict[str, CellValue] = {}
    printed: dict[str, int | None] = {}
    problems: list[str] = []
    for key, sheet, ref in refs:
        if key not in spec.inputs and key not in spec.derived:
            raise XlsxImportError(f"工作簿的隐藏对照表中有本格式没有的单元格 {key}")
        if sheet not in wb.sheetnames:
            raise XlsxImportError(f"工作簿缺少工作表“{sheet}”（请勿删除或重命名工作表）")
        raw = wb[sheet][ref].value
        if key in spec.derived:
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                printed[key] = int(raw)
            continue
        try:
            value = _convert(raw, spec.inputs[key].type)
        except CellInputError as error:
            problems.append(f"{_describe(spec, key, sheet, ref)}：“{raw}” {error}")
            continue
        if value is not None:
            values[key] = value
    if problems:
        raise XlsxImportError(f"有 {len(problems)} 个单元格无法读取，未导入：", problems)
    discrepancies = compare_printed_totals(spec, values, printed)
    return _Read(spec, int(meta["year"]), meta, values, discrepancies, _unit_name(wb, meta))


def _unit_name(wb: Workbook, meta: dict[str, Any]) -> str:
    if "unit" in meta:  # found by the labels (no hidden sheet)
        return str(meta["unit"])
    where = str(meta.get("unit_cell") or "")
    if "!" not in where:
        return ""
    sheet, ref = where.split("!", 1)
    if sheet not in wb.sheetnames:
        return ""
    value = wb[sheet][ref].value
    return str(value).strip() if value is not None else ""


def read_values(data: bytes) -> tuple[Edition, int, dict[str, CellValue]]:
    """The edition, year and input values of a workbook (for callers that need only numbers).

    Raises:
        XlsxImportError: the workbook is not one of ours, or some cells cannot be read.
    """
    got = _read(data)
    return got.spec, got.year, got.values


def read_xlsx(data: bytes, unit: str | None = None) -> XlsxImport:
    """Read a workbook made by :func:`exporters.xlsx_writer.write_xlsx` or a returned 采集表.

    Args:
        data: the .xlsx file's bytes.
        unit: the unit to import for (default: the unit name written in the workbook).

    Raises:
        XlsxImportError: not one of our workbooks, a cell that cannot be read, or no unit name.
    """
    got = _read(data)
    name = (unit or "").strip() or got.unit
    if not name:
        raise XlsxImportError(
            "工作簿没有填写单位名称：请在“封面”工作表的“单位名称”处填写本单位全称"
        )
    problem = name_problem(name)
    if problem:
        raise XlsxImportError(f"工作簿中的单位名称无法使用：{problem}")
    if not 2019 <= got.year <= 2100:
        raise XlsxImportError(f"工作簿的报告年度 {got.year} 不在 2019–2100 之间")
    report = new_report(name, got.year, got.spec.id)
    report.values = got.values
    purpose = str(got.meta.get("purpose") or "")
    parent = str(got.meta.get("parent") or "") if purpose == COLLECTION else ""
    report, notes = _with_embedded(data, report)
    return XlsxImport(report, purpose, parent, got.discrepancies, notes)


def _with_embedded(data: bytes, visible: ReportData) -> tuple[ReportData, list[str]]:
    """The whole report from the workbook's exchange sheet when its numbers agree with the
    visible cells (texts, title and signature come back too); otherwise the visible numbers,
    and every difference said."""
    from exporters.embedded import EXCHANGE_SHEET
    from models.domain.exchange import ExchangeError, parse_exchange

    wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    try:
        if EXCHANGE_SHEET not in wb.sheetnames:
            return visible, []
        ws = wb[EXCHANGE_SHEET]
        text = "".join(str(row[0]) for row in ws.iter_rows(values_only=True) if row and row[0])
    finally:
        wb.close()
    try:
        stored = parse_exchange(text).report
    except ExchangeError as error:
        return visible, [f"工作簿内含的年报数据无效（{error}），只导入了表格中的数字"]
    if (stored.year, stored.edition) != (visible.year, visible.edition):
        return visible, ["工作簿内含的年报数据与表格的年度或格式不同，只导入了表格中的数字"]
    spec = visible.spec
    changed = [k for k in spec.inputs if stored.values.get(k) != visible.values.get(k)]
    if not changed:
        report = stored.copy()
        report.unit = visible.unit
        return report, ["工作簿由年报程序导出，表格与内含数据一致，已连同各章文字一并导入"]
    notes = [
        f"工作簿的表格与内含的年报数据有 {len(changed)} 处不同（导出后被修改过），已按表格导入："
    ]
    for key in changed[:20]:
        place = spec.place(key)
        seen = format_value(visible.values.get(key)) or "空白"
        kept = format_value(stored.values.get(key)) or "空白"
        notes.append(f"{place.row} {place.column}：表格中为 {seen}，内含数据为 {kept}")
    return visible, notes
