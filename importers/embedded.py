"""Using the exchange JSON that Nianbao's own files carry (:mod:`exporters.embedded`).

The JSON is validated like any exchange file. It is used when the visible tables and text still
agree with it: then the import is the exact report (blank cells blank, where the page prints 0).
When someone has edited the file by hand since it was written, the visible content wins and
every difference is listed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.published import PublishedImport
from models.domain.exchange import ExchangeError, parse_exchange
from models.domain.report import ReportData
from models.domain.values import CellValue, format_value

USED = "此文件由年报程序导出，内含完整的年报数据，且与文件中的表格和文字一致，已按内含数据导入"
#: Differences listed one by one; the rest are counted.
MAX_LISTED = 20


def reconcile(result: PublishedImport, embedded: str) -> PublishedImport:
    """``result`` (read from the visible content) checked against the embedded JSON."""
    try:
        parsed = parse_exchange(embedded)
    except ExchangeError as error:
        result.problems.append(f"文件内含的年报数据无效（{error}），已按文件中的表格和文字导入")
        return result
    theirs = parsed.report
    differences = _differences(result, theirs)
    if not differences:
        report = theirs.copy()
        if not report.unit:
            report.unit = result.report.unit
        return PublishedImport(report, [], [USED], [], dict(parsed.printed_totals), result.fmt)
    visible = result.report
    values = dict(visible.values)
    for key, value in theirs.values.items():
        if _same_cell(values.get(key), value) and values.get(key) != value:
            values[key] = value
    for key in visible.spec.inputs:
        if key not in theirs.values and _same_cell(values.get(key), None):
            values.pop(key, None)  # a printed 0 that the file's data says is blank
    shown = differences[:MAX_LISTED]
    more = len(differences) - len(shown)
    notes = [
        f"文件内含的年报数据与文件中的表格和文字有 {len(differences)} 处不同"
        "（文件导出后被修改过），已按文件中的表格和文字导入：",
        *shown,
        *([f"……另有 {more} 处不同"] if more else []),
    ]
    return replace(
        result,
        report=replace(visible, values=values),
        problems=[*result.problems, *notes],
    )


def _same_cell(seen: CellValue | None, stored: CellValue | None) -> bool:
    """A printed value agrees with the stored one; the page prints a blank cell as 0."""
    return seen == stored or (stored is None and seen is not None and str(seen) == "0")


def _same_text(seen: str, stored: str) -> bool:
    return re.sub(r"\s+", "", seen) == re.sub(r"\s+", "", stored)


def _differences(result: PublishedImport, theirs: ReportData) -> list[str]:
    visible = result.report
    if (visible.year, visible.edition) != (theirs.year, theirs.edition):
        return [
            f"年度与格式：文件中为 {visible.year} 年 {visible.spec.short_name}，"
            f"内含数据为 {theirs.year} 年 {theirs.spec.short_name}"
        ]
    out: list[str] = []
    spec = visible.spec
    missing = set(result.missing)
    for key in spec.inputs:
        seen, stored = visible.values.get(key), theirs.values.get(key)
        if key in missing or _same_cell(seen, stored):
            continue
        place = spec.place(key)
        out.append(
            f"{place.row} {place.column}：文件中为 {format_value(seen) or '空白'}，"
            f"内含数据为 {format_value(stored) or '空白'}"
        )
    texts = [
        ("标题", visible.title, theirs.title),
        ("开头", visible.preamble, theirs.preamble),
        ("落款单位", visible.signature_unit, theirs.signature_unit or theirs.unit),
    ]
    texts += [
        (chapter.heading, visible.chapter(chapter.key), theirs.chapter(chapter.key))
        for chapter in spec.text_chapters
    ]
    # the page prints the unit where the report has no signature unit of its own
    out += [f"{name}：文字不同" for name, seen, stored in texts if not _same_text(seen, stored)]
    if visible.signature_date != theirs.signature_date:
        out.append("落款日期不同")
    return out
