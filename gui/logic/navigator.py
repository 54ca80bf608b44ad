"""Navigator data: units → years, each report with its status and error/warning counts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.domain.findings import count_by_severity
from models.domain.report import STATUS_LABELS, ReportData

if TYPE_CHECKING:  # SQLAlchemy stays off the start-up path
    from models.storage.repository import ReportSummary

#: Up to this many reports the navigator shows counts at once; above it, the tree is filled
#: first and the counts follow unit by unit (1000 reports: 1000 check runs at start-up).
SYNC_LIMIT = 200


@dataclass(frozen=True)
class YearEntry:
    """One report in the navigator."""

    unit: str
    year: int
    status: str
    errors: int
    warnings: int
    checked: bool = True

    @property
    def label(self) -> str:
        """E.g. ``2023年 · 草稿 · 错误 1 · 提醒 2`` (``· 检查中`` until the counts are known)."""
        parts = [f"{self.year}年", STATUS_LABELS.get(self.status, self.status)]
        if not self.checked:
            parts.append("检查中")
        if self.errors:
            parts.append(f"错误 {self.errors}")
        if self.warnings:
            parts.append(f"提醒 {self.warnings}")
        return " · ".join(parts)


@dataclass(frozen=True)
class UnitEntry:
    """A unit with its reports, newest year first."""

    unit: str
    years: tuple[YearEntry, ...]

    @property
    def is_example(self) -> bool:
        """Whether this is the bundled example unit."""
        return self.unit.endswith("（示例）")


def year_entry(report: ReportData, previous: ReportData | None) -> YearEntry:
    """The navigator entry of one report, with its checks run against last year's."""
    from models.domain.checks import run_checks  # not before the window's first paint

    errors, warnings = count_by_severity(run_checks(report, previous))
    return YearEntry(report.unit, report.year, report.status, errors, warnings)


def build_navigator(reports: Mapping[tuple[str, int], ReportData]) -> list[UnitEntry]:
    """Group every stored report by unit (units by name, years newest first)."""
    by_unit: dict[str, list[YearEntry]] = {}
    for (unit, year), report in reports.items():
        entry = year_entry(report, reports.get((unit, year - 1)))
        by_unit.setdefault(unit, []).append(entry)
    return [
        UnitEntry(unit, tuple(sorted(years, key=lambda e: -e.year)))
        for unit, years in sorted(by_unit.items())
    ]


def _grouped(entries: Iterable[YearEntry]) -> list[UnitEntry]:
    by_unit: dict[str, list[YearEntry]] = {}
    for entry in entries:
        by_unit.setdefault(entry.unit, []).append(entry)
    return [
        UnitEntry(unit, tuple(sorted(years, key=lambda e: -e.year)))
        for unit, years in sorted(by_unit.items())
    ]


def pending_navigator(summaries: Iterable[ReportSummary]) -> list[UnitEntry]:
    """The navigator from the report list alone, every count still to come (one query)."""
    return _grouped(YearEntry(s.unit, s.year, s.status, 0, 0, False) for s in summaries)


class CountQueue:
    """Error/warning counts still to compute, a few years of one unit per slice.

    Each slice loads its reports and the report of the year before the first of them (the
    checks compare with last year), so a slice costs a handful of check runs.

    Args:
        summaries: the reports in the navigator.
        per_slice: reports counted per slice.
    """

    def __init__(self, summaries: Iterable[ReportSummary], per_slice: int = 5) -> None:
        by_unit: dict[str, list[ReportSummary]] = {}
        for summary in summaries:
            by_unit.setdefault(summary.unit, []).append(summary)
        self._slices: list[tuple[list[int], list[tuple[str, int]]]] = []
        for unit in sorted(by_unit, reverse=True):
            years = sorted(by_unit[unit], key=lambda s: -s.year)  # newest first, as shown
            for start in range(0, len(years), per_slice):
                chunk = years[start : start + per_slice]
                ids = [s.report_id for s in chunk]
                if start + per_slice < len(years):
                    ids.append(years[start + per_slice].report_id)  # the year before the chunk
                pairs = [(s.unit, s.year) for s in chunk]
                self._slices.append((ids, pairs))
        self._slices.reverse()  # pop() from the end: first unit, newest years first

    def __bool__(self) -> bool:
        return bool(self._slices)

    def next_slice(self, load: Callable[[list[int]], Mapping[int, ReportData]]) -> list[YearEntry]:
        """Load the next slice's reports with ``load(ids)`` and return their counted entries."""
        if not self._slices:
            return []
        ids, pairs = self._slices.pop()
        reports = {(r.unit, r.year): r for r in load(ids).values()}
        return [
            year_entry(reports[(unit, year)], reports.get((unit, year - 1)))
            for unit, year in pairs
            if (unit, year) in reports
        ]
