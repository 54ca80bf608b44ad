"""Navigator data: units → years, each report with its status and error/warning counts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from models.checks import count_by_severity, run_checks
from models.report import STATUS_LABELS, ReportData


@dataclass(frozen=True)
class YearEntry:
    """One report in the navigator."""

    unit: str
    year: int
    status: str
    errors: int
    warnings: int

    @property
    def label(self) -> str:
        """E.g. ``2023年 · 草稿 · 错误 1 · 提醒 2``."""
        parts = [f"{self.year}年", STATUS_LABELS.get(self.status, self.status)]
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
