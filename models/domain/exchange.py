"""The JSON exchange file of one report (``spec/exchange-format.md``, version 1).

Reading validates everything before anything is written anywhere: unknown keys, wrong types,
negative counts and duplicate keys are refused with the key path. Printed totals are compared
with the sums of their parts and every disagreement is reported.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from models.domain.derive import compute_derived
from models.domain.editions import (
    COUNT,
    DECIMAL,
    MONEY_TEXT,
    SIGNED_INT,
    Edition,
    edition_for_year,
    edition_ids,
    load_edition,
)
from models.domain.errors import KnownError
from models.domain.limits import (
    MAX_MONEY_TEXT,
    MAX_NUMBER_TEXT,
    LimitError,
    amount_from_text,
    bounded_amount,
    count_problem,
    name_problem,
    text_problem,
)
from models.domain.report import TEXT_CHAPTERS, ReportData
from models.domain.values import CellValue, format_value

KIND = "gov-info-disclosure-annual-report"
VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024
TOP_KEYS = {
    "kind",
    "version",
    "unit",
    "year",
    "edition",
    "title",
    "preamble",
    "chapters",
    "tables",
    "signature",
}


class ExchangeError(KnownError, ValueError):
    """A file that is not a valid exchange file; the message names the key path, in Chinese."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


@dataclass(frozen=True)
class Discrepancy:
    """A printed total that disagrees with the sum of its parts."""

    key: str
    printed: int | None
    computed: int | None
    place: str = ""

    def describe(self) -> str:
        """One line in Chinese."""
        printed = "空白" if self.printed is None else format_value(self.printed)
        return (
            f"{self.place or self.key}：印出的合计为 {printed}，"
            f"按各项相加应为 {format_value(self.computed, True)}"
        )


@dataclass
class ImportResult:
    """A validated report and what was noticed on the way."""

    report: ReportData
    discrepancies: list[Discrepancy] = field(default_factory=list)
    printed_totals: dict[str, int | None] = field(default_factory=dict)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ExchangeError(key, "重复的键")
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise ExchangeError("", f"不允许的数值 {name}")


def _bounded_int(text: str) -> int:
    """JSON integers longer than any count are refused before Python converts them."""
    if len(text) > MAX_NUMBER_TEXT:
        raise ExchangeError("", f"数字过长（{len(text):,} 位）")
    return int(text)


def _bounded_float(text: str) -> Decimal:
    if len(text) > MAX_NUMBER_TEXT:
        raise ExchangeError("", f"数字过长（{len(text):,} 个字符）")
    return Decimal(text)


def _value(path: str, raw: Any, value_type: str) -> CellValue | None:
    if raw is None:
        return None
    if value_type in (COUNT, SIGNED_INT):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ExchangeError(path, "应为整数")
        problem = count_problem(raw, signed=value_type == SIGNED_INT)
        if problem:
            raise ExchangeError(path, problem)
        return raw
    if value_type == DECIMAL:
        if isinstance(raw, bool):
            raise ExchangeError(path, "应为数字")
        try:
            if isinstance(raw, str):
                return amount_from_text(raw)
            if not isinstance(raw, int | Decimal):
                raise ExchangeError(path, "应为数字")
            return bounded_amount(raw)
        except LimitError as error:
            raise ExchangeError(path, str(error)) from error
    if value_type == MONEY_TEXT:
        if isinstance(raw, bool) or not isinstance(raw, str | int | Decimal):
            raise ExchangeError(path, "应为文字")
        text = raw if isinstance(raw, str) else format(raw, "f")[: MAX_MONEY_TEXT + 1]
        if len(text) > MAX_MONEY_TEXT:
            raise ExchangeError(path, f"内容过长（最多 {MAX_MONEY_TEXT} 个字符）")
        return _storable(path, text)
    raise ExchangeError(path, f"未知类型 {value_type}")


def _object(path: str, raw: Any) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise ExchangeError(path, "应为对象")
    return raw


def _text(path: str, raw: Any, field: str = "chapter") -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ExchangeError(path, "应为文字")
    problem = text_problem(field, raw)
    if problem:
        raise ExchangeError(path, problem)
    return _storable(path, raw)


def _storable(path: str, text: str) -> str:
    """Refuse lone surrogates (``"\\ud800"`` in JSON): no database or file can store them."""
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise ExchangeError(path, "含有无效的字符（不成对的代理项），文件可能已损坏")
    return text


def _read_tables(
    raw: Mapping[str, Any], spec: Edition
) -> tuple[dict[str, CellValue], dict[str, int | None]]:
    values: dict[str, CellValue] = {}
    printed: dict[str, int | None] = {}
    for tkey, table in raw.items():
        if tkey not in spec.tables:
            raise ExchangeError(f"tables.{tkey}", "未知的表")
        if tkey == "t2":
            for key, v in _object("tables.t2", table).items():
                full = f"t2.{key}"
                if full not in spec.inputs:
                    raise ExchangeError(f"tables.t2.{key}", f"{spec.short_name}的表二没有这一项")
                got = _value(f"tables.t2.{key}", v, spec.inputs[full].type)
                if got is not None:
                    values[full] = got
            continue
        for row, cols in _object(f"tables.{tkey}", table).items():
            for col, v in _object(f"tables.{tkey}.{row}", cols).items():
                full = f"{tkey}.{row}.{col}"
                path = f"tables.{full}"
                if full in spec.derived:
                    got = _value(path, v, COUNT)
                    printed[full] = got if isinstance(got, int) else None
                elif full in spec.inputs:
                    got = _value(path, v, spec.inputs[full].type)
                    if got is not None:
                        values[full] = got
                else:
                    raise ExchangeError(path, f"{spec.short_name}的表格没有这一项")
    return values, printed


def parse_exchange(text: str | bytes) -> ImportResult:
    """Validate and read an exchange file.

    Raises:
        ExchangeError: the file is not a valid exchange file (nothing has been written).
    """
    if len(text) > MAX_FILE_BYTES:
        raise ExchangeError("", "文件过大，不是年报交换文件")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ExchangeError("", "文件不是 UTF-8 编码的 JSON") from error
    try:
        raw = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_float=_bounded_float,
            parse_int=_bounded_int,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as error:
        raise ExchangeError(
            "", f"不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列）"
        ) from error
    except RecursionError as error:
        raise ExchangeError("", "JSON 嵌套过深") from error
    root = _object("", raw)
    for key in root:
        if key not in TOP_KEYS:
            raise ExchangeError(key, "未知的键")
    if root.get("kind") != KIND:
        raise ExchangeError("kind", f"应为 “{KIND}”，这不是年报交换文件")
    if root.get("version") != VERSION or isinstance(root.get("version"), bool):
        raise ExchangeError(
            "version", f"不支持的版本 {root.get('version')!r}（本程序支持版本 {VERSION}）"
        )
    unit = root.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        raise ExchangeError("unit", "应为非空的机关名称")
    problem = name_problem(unit)
    if problem:
        raise ExchangeError("unit", problem)
    _storable("unit", unit)
    year = root.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 2019 <= year <= 2100:
        raise ExchangeError("year", "应为 2019 年或以后的年份（整数）")
    edition = root.get("edition", edition_for_year(year))
    if edition not in edition_ids():
        raise ExchangeError(
            "edition", f"未知的格式版本 {edition!r}（可用：{'、'.join(edition_ids())}）"
        )
    spec = load_edition(edition)
    chapters = dict.fromkeys(TEXT_CHAPTERS, "")
    for key, value in _object("chapters", root.get("chapters", {})).items():
        if key not in TEXT_CHAPTERS:
            raise ExchangeError(f"chapters.{key}", "未知的章节")
        chapters[key] = _text(f"chapters.{key}", value)
    values, printed = _read_tables(_object("tables", root.get("tables", {})), spec)
    signature = _object("signature", root.get("signature", {}))
    for key in signature:
        if key not in ("unit", "date"):
            raise ExchangeError(f"signature.{key}", "未知的键")
    sig_date: date | None = None
    if signature.get("date") is not None:
        try:
            sig_date = date.fromisoformat(_text("signature.date", signature["date"], "title"))
        except ValueError as error:
            raise ExchangeError("signature.date", "应为 YYYY-MM-DD 格式的日期") from error
    title = _text("title", root.get("title"), "title") or spec.default_title(unit.strip(), year)
    report = ReportData(
        unit=unit.strip(),
        year=year,
        edition=edition,
        title=title,
        preamble=_text("preamble", root.get("preamble"), "preamble"),
        chapters=chapters,
        values=values,
        signature_unit=_text("signature.unit", signature.get("unit"), "signature_unit"),
        signature_date=sig_date,
    )
    return ImportResult(report, compare_printed_totals(spec, values, printed), printed)


def compare_printed_totals(
    spec: Edition, values: Mapping[str, CellValue], printed: Mapping[str, int | None]
) -> list[Discrepancy]:
    """Every printed total that disagrees with the sum of its parts (blank counts as 0)."""
    computed = compute_derived(spec, values)
    out: list[Discrepancy] = []
    for key, shown in printed.items():
        mine = computed.get(key)
        if (shown or 0) != (mine or 0):
            place = spec.place(key)
            where = " ".join(p for p in (place.table_heading, place.row, place.column) if p)
            out.append(Discrepancy(key, shown, mine, where))
    return out


def to_exchange(report: ReportData) -> dict[str, Any]:
    """The exchange document of ``report``: every input key of its edition, blanks as null,
    nothing derived."""
    spec = report.spec

    def plain(v: CellValue | None) -> Any:
        if isinstance(v, Decimal):
            return int(v) if "." not in format(v, "f") else format(v, "f")
        return v

    t2: dict[str, Any] = {}
    tables: dict[str, Any] = {"t2": t2, "t3": {}, "t4": {}}
    for key in spec.inputs:
        tkey, rest = key.split(".", 1)
        value = plain(report.values.get(key))
        if tkey == "t2":
            t2[rest] = value
        else:
            row, col = rest.rsplit(".", 1)
            tables[tkey].setdefault(row, {})[col] = value
    return {
        "kind": KIND,
        "version": VERSION,
        "unit": report.unit,
        "year": report.year,
        "edition": report.edition,
        "title": report.title,
        "preamble": report.preamble,
        "chapters": {k: report.chapter(k) for k in TEXT_CHAPTERS},
        "tables": tables,
        "signature": {
            "unit": report.signature_unit,
            "date": report.signature_date.isoformat() if report.signature_date else None,
        },
    }


def write_exchange(report: ReportData) -> str:
    """The exchange file of ``report`` as UTF-8 JSON text."""
    return json.dumps(to_exchange(report), ensure_ascii=False, indent=2) + "\n"
