"""Checking a whole report against :mod:`models.domain.limits` before it goes anywhere.

The importers build a :class:`~models.domain.report.ReportData` from a file; the repository
saves one. Both call :func:`check_report`, so a value outside the limits is refused with the
place it was found, whatever door it came through.
"""

from __future__ import annotations

from models.domain.editions import edition_ids
from models.domain.limits import (
    LimitError,
    name_problem,
    text_problem,
    year_problem,
)
from models.domain.report import ReportData
from models.domain.values import CellValue, validate_value


def value_problem(value: CellValue, value_type: str) -> str | None:
    """The reason ``value`` cannot be a cell of ``value_type``, else None (see
    :func:`models.domain.values.validate_value`, which holds the rule)."""
    return validate_value(value, value_type)


def report_problems(report: ReportData) -> list[str]:
    """Every limit ``report`` breaks, one Chinese line each naming the place (empty if none)."""
    problems: list[str] = []
    if report.edition not in edition_ids():
        return [f"未知的格式版本 {report.edition!r}"]
    reason = name_problem(report.unit) if report.unit else None
    if reason:
        problems.append(f"单位：{reason}")
    reason = year_problem(report.year)
    if reason:
        problems.append(f"年度：{reason}")
    fields = {
        "title": ("标题", report.title),
        "preamble": ("开头", report.preamble),
        "signature_unit": ("落款单位", report.signature_unit),
    }
    for field, (label, text) in fields.items():
        reason = text_problem(field, text)
        if reason:
            problems.append(f"{label}：{reason}")
    for key, text in report.chapters.items():
        reason = text_problem("chapter", text)
        if reason:
            problems.append(f"章节 {key}：{reason}")
    spec = report.spec
    for key, value in report.values.items():
        cell = spec.inputs.get(key)
        if cell is None:
            problems.append(f"{key}：{spec.short_name}没有这一项")
            continue
        reason = value_problem(value, cell.type)
        if reason:
            place = spec.place(key)
            where = " ".join(p for p in (place.table_heading, place.row, place.column) if p)
            problems.append(f"{where or key}：{reason}")
    return problems


def check_report(report: ReportData) -> None:
    """Raise :class:`LimitError` listing every limit ``report`` breaks (at most five named)."""
    problems = report_problems(report)
    if problems:
        more = f"（另有 {len(problems) - 5} 处）" if len(problems) > 5 else ""
        raise LimitError("；".join(problems[:5]) + more)
