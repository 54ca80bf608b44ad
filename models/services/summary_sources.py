"""The reports a 汇总 sums, read so that none of them can silently drop out.

:func:`models.storage.repository.load_reports` leaves out a report it cannot read (an unknown
edition, a value that is no number) and names it; a report whose numbers are beyond the limits
of :mod:`models.domain.limits` (written around the program, e.g. by SQL) would still be read and
summed into a total the parent's report then cannot store. Both are left out of the 汇总 here,
each with a :class:`~models.domain.skipped.SkippedReport` the 汇总 views list with its reason,
instead of showing the unit as having no report.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from models.domain.report import ReportData
from models.domain.report_limits import value_problem
from models.domain.skipped import SkippedReport, place_text
from models.storage.repository import load_reports


def beyond_limits(report: ReportData) -> str | None:
    """Where and why one of ``report``'s table values is beyond the limits, else ``None``."""
    spec = report.spec
    for key, value in report.values.items():
        cell = spec.inputs.get(key)
        if cell is None:  # not part of the edition's tables: never summed
            continue
        problem = value_problem(value, cell.type)
        if problem:
            return f"{place_text(spec, key)}：{problem}（超出本程序允许的范围）"
    return None


def read_sources(
    session: Session, pairs: Iterable[tuple[str, int]]
) -> tuple[dict[tuple[str, int], ReportData], list[SkippedReport]]:
    """The readable reports within the limits, and the reports skipped with their reasons."""
    skipped: list[SkippedReport] = []
    found = load_reports(session, pairs, skipped)
    for pair, report in list(found.items()):
        reason = beyond_limits(report)
        if reason is not None:
            del found[pair]
            skipped.append(SkippedReport(report.unit, report.year, reason))
    return found, skipped
